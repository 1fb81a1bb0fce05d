"""What several sub-commands share: the one-line error report and reading the graph a command
works on."""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..storage import is_url

__all__ = ["error", "graph_path", "read_graph_or_report", "fetched_graph"]


def error(command: str, message: str) -> None:
    """Print ``newsgraph COMMAND: error: MESSAGE`` on standard error."""
    print(f"newsgraph {command}: error: {message}", file=sys.stderr)


def graph_path(path: Path) -> Path:
    """The graph a command reads at ``path`` (:func:`~newsgraph.graph.io.graph_location`)."""
    from newsgraph.graph.io import graph_location

    return graph_location(path)


def read_graph_or_report(command: str, path: Path, *, streamed: bool = False):
    """The graph at ``path`` (:func:`~newsgraph.graph.io.open_graph`: a graph.json or a Parquet
    graph, with ``streamed`` a Parquet graph opened as streams), or ``None`` after one clear
    error line (missing, not a graph …)."""
    from newsgraph.graph.io import GraphFileError, open_graph

    try:
        return open_graph(path, streamed=streamed)
    except GraphFileError as exc:
        error(command, str(exc))
        return None


@contextmanager
def fetched_graph(command: str, location: Path | str) -> Iterator[Path | None]:
    """``location`` itself when it is local; for an fsspec URL (a build's output folder, its
    ``graph.json`` or ``graph.parquet``), a copy in a temporary folder removed when the block
    ends (:func:`~newsgraph.storage.download_graph`); None after one error line when it
    cannot be fetched."""
    if not is_url(location):
        yield location
        return
    from ..storage import StorageError, download_graph

    with tempfile.TemporaryDirectory(prefix="newsgraph-graph-") as tmp:
        try:
            local = download_graph(location, tmp)
        except StorageError as exc:
            error(command, str(exc))
            local = None
        yield local
