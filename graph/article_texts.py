"""The articles of a build's ``articles.jsonl`` read one at a time by article id: where the
Parquet graph (:mod:`newsgraph.graph.parquet`) finds the sentences its evidence refers to."""
from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

import orjson

from .io import GraphFileError

__all__ = ["ArticleTexts"]


class ArticleTexts:
    """The texts of the articles of an ``articles.jsonl``, read one at a time by article id.

    Opening scans the file once for where each line starts (memory: a dict entry an article);
    :meth:`text` reads and decodes that line, keeping the last ``cache`` texts.

    Raises
    ------
    GraphFileError
        The file is missing or a line is not an article row (JSON with ``article_id`` and
        ``text``).
    """

    def __init__(self, path: str | os.PathLike, cache: int = 512) -> None:
        self.path = Path(path)
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._size = cache
        self._last: str | None = None
        self._last_text: str | None = None
        self._at: dict[str, tuple[int, int]] = {}
        try:
            self._fh = open(self.path, "rb")
        except FileNotFoundError:
            raise GraphFileError(f"{self.path}: no such file (the Parquet graph's sentences are "
                                 f"in the articles.jsonl of its build)") from None
        offset = 0
        for n, line in enumerate(self._fh, 1):
            try:
                aid = orjson.loads(line)["article_id"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                raise GraphFileError(f"{self.path}: line {n} is not an article row") from None
            self._at[aid] = (offset, len(line))
            offset += len(line)

    def close(self) -> None:
        """Close the file."""
        self._fh.close()

    def text(self, article_id: str) -> str | None:
        """The normalised text of ``article_id`` (None if the file has no such article)."""
        if article_id == self._last:  # a node's or an edge's items: mostly one article
            return self._last_text
        text = self._cache.get(article_id)
        if text is not None:
            self._last, self._last_text = article_id, text
            self._cache.move_to_end(article_id)
            return text
        at = self._at.get(article_id)
        if at is None:
            return None
        text = orjson.loads(os.pread(self._fh.fileno(), at[1], at[0]))["text"]
        self._cache[article_id] = text
        self._last, self._last_text = article_id, text
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return text
