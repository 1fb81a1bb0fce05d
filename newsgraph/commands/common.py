"""What several sub-commands share: the one-line error report and reading the graph a command
works on."""
from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["error", "graph_path", "read_graph_or_report"]


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
