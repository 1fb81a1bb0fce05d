"""The outputs of a build, written in one place: ``graph.json``, ``articles.jsonl`` and
``graph.html`` in an output folder.

Each file appears under its name only when complete (written to a temporary file beside it,
then renamed), so an interrupted or failed build never leaves a truncated file; graph.json is
written first, so that when it fails the earlier build's articles.jsonl stays beside the earlier
graph.json.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from .io import temp_file_beside, write_graph_json

__all__ = ["ArticleSink", "OutputWriteError", "write_outputs"]


class OutputWriteError(Exception):
    """Writing into the output folder failed while the build was still running (told apart
    from the build's own ``OSError`` s, such as a full temporary folder)."""


class ArticleSink:
    """Streams ``articles.jsonl`` rows into a temporary file in ``out``; :meth:`commit` renames
    it into place, :meth:`discard` removes it.  Nothing is created before the first row.

    Raises
    ------
    OutputWriteError
        From :meth:`write`, when the folder cannot be written (a full disk).
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self._file = None
        self._tmp: Path | None = None

    def write(self, rows: bytes) -> None:
        """Append ``rows``, articles.jsonl lines (UTF-8)."""
        try:
            if self._file is None:
                self._file, self._tmp = temp_file_beside(self.out / "articles.jsonl",
                                                         binary=True)
            self._file.write(rows)
        except OSError as exc:
            raise OutputWriteError(exc.strerror or str(exc)) from exc

    def commit(self) -> None:
        """Flush, fsync and rename the rows written into ``out/articles.jsonl``."""
        if self._file is None:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp, self.out / "articles.jsonl")
        self._file = self._tmp = None

    def discard(self) -> None:
        """Remove what was written and not committed (nothing after :meth:`commit`)."""
        if self._file is not None:
            self._file.close()
            self._tmp.unlink(missing_ok=True)
            self._file = self._tmp = None


def write_outputs(graph: nx.MultiDiGraph, out: str | os.PathLike, *,
                  articles: ArticleSink | None = None, html: bool = True,
                  html_max_nodes: int | None = None) -> list[Path]:
    """Write a build's outputs into ``out`` (created if missing): ``graph.json``, then the
    ``articles`` sink's rows as ``articles.jsonl`` (when given), then ``graph.html`` (when
    ``html``, drawing at most ``html_max_nodes`` nodes).

    Returns
    -------
    list of Path
        The files written, in that order.

    Raises
    ------
    OSError
        ``out`` cannot be written; files written before the failure stay.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "graph.json"]
    write_graph_json(graph, written[0])
    if articles is not None:
        articles.commit()
        written.append(out / "articles.jsonl")
    if html:
        from .explorer import write_explorer

        write_explorer(graph, out / "graph.html", max_nodes=html_max_nodes)
        written.append(out / "graph.html")
    return written
