"""Reading a Parquet graph (:mod:`newsgraph.graph.parquet`) back as streams of nodes and edges,
each evidence sentence taken from the build's ``articles.jsonl``."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import orjson

from .article_texts import ArticleTexts
from .io import GraphFileError
from .parquet import BATCH_ROWS, FILES, HEAD_KEY

__all__ = ["ParquetGraph"]


class ParquetGraph:
    """A Parquet graph read as streams (a :class:`~newsgraph.graph.io.StreamedGraph`): the
    nodes and edges with their evidence, each sentence read back from ``articles`` (default:
    the ``articles.jsonl`` beside ``folder``).  Memory: a batch of rows and the article index
    (:class:`ArticleTexts`), whatever the graph's size.

    Raises
    ------
    GraphFileError
        ``folder`` is not a Parquet graph (a file missing or unreadable), or its articles file
        is missing; a message that names the file.
    """

    def __init__(self, folder: str | os.PathLike, articles: str | os.PathLike | None = None):
        self.folder = Path(folder)
        self.articles = Path(articles) if articles else self.folder.parent / "articles.jsonl"
        for name in FILES:
            if not (self.folder / name).is_file():
                raise GraphFileError(f"{self.folder / name}: no such file (not a Parquet graph "
                                     f"written by newsgraph build)")
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            meta = pq.read_schema(self.folder / "nodes.parquet").metadata or {}
        except (pa.ArrowException, OSError) as exc:
            raise GraphFileError(f"{self.folder / 'nodes.parquet'}: not a readable Parquet "
                                 f"file ({exc})") from None
        self.head = orjson.loads(meta[HEAD_KEY]) if HEAD_KEY in meta else \
            {"directed": True, "multigraph": True, "graph": {}}
        self._texts: ArticleTexts | None = None

    def _rows(self, name: str) -> Iterator[tuple]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.folder / name
        try:
            f = pq.ParquetFile(path)
            for batch in f.iter_batches(batch_size=BATCH_ROWS):
                yield from zip(*(c.to_pylist() for c in batch.columns))
        except (pa.ArrowException, OSError) as exc:
            raise GraphFileError(f"{path}: not a readable Parquet file ({exc})") from None

    def _items(self, rows: Iterator[tuple], skip: int, n: int) -> list[dict]:
        texts = self._texts
        out = []
        for _ in range(n):
            r = next(rows)[skip:]
            if r[9] is not None:
                out.append(orjson.loads(r[9]))
                continue
            sentence = r[8]
            if sentence is None:
                text = texts.text(r[1])
                if text is None:
                    raise GraphFileError(f"{texts.path}: no article {r[1]!r} (the Parquet graph "
                                         f"{self.folder} comes from another build)")
                sentence = text[r[2]:r[3]]
            out.append({"source": r[0], "article_id": r[1], "sentence": sentence,
                        "sentence_start": r[2], "start": r[4], "end": r[5], "rule": r[6],
                        "confidence": r[7]})
        return out

    def _open_texts(self) -> None:
        if self._texts is None:
            self._texts = ArticleTexts(self.articles)

    def nodes(self) -> Iterator[tuple[str, dict]]:
        """``(id, attributes)`` of every node, in the graph's order, evidence included."""
        self._open_texts()
        evidence = self._rows("node_evidence.parquet")
        for nid, label, key, name, aliases, conf, n, props in self._rows("nodes.parquet"):
            rest = orjson.loads(props)
            if isinstance(rest, list):  # all its attributes (not the standard head)
                d = rest[0]
                if len(rest) > 1:
                    d["evidence"] = self._items(evidence, 1, n)
            else:
                d = {"label": label, "key": key, "name": name, "aliases": aliases,
                     "evidence": self._items(evidence, 1, n), "confidence": conf, **rest}
            yield nid, d

    def edges(self) -> Iterator[tuple[str, str, int, dict]]:
        """``(u, v, key, attributes)`` of every edge, in the graph's order."""
        self._open_texts()
        evidence = self._rows("edge_evidence.parquet")
        for u, v, k, kind, conf, n, props in self._rows("edges.parquet"):
            rest = orjson.loads(props)
            if isinstance(rest, list):
                d = rest[0]
                if len(rest) > 1:
                    d["evidence"] = self._items(evidence, 3, n)
            else:
                d = {"type": kind, "evidence": self._items(evidence, 3, n), "confidence": conf,
                     **rest}
            yield u, v, k, d

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in memory, as :func:`~newsgraph.graph.io.read_graph_json` gives it."""
        g = nx.MultiDiGraph(**(self.head.get("graph") or {}))
        for n, d in self.nodes():
            g.add_node(n, **d)
        for u, v, k, d in self.edges():
            g.add_edge(u, v, k, **d)
        return g

    def close(self) -> None:
        """Close the articles file."""
        if self._texts is not None:
            self._texts.close()
            self._texts = None
