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
    """The graph a command reads at ``path``: ``path`` itself when it is a file or a Parquet
    graph folder; in an output folder its ``graph.json`` or, when it has none, its
    ``graph.parquet``."""
    from newsgraph.graph.parquet import PARQUET_DIR, is_parquet_graph

    if not path.is_dir() or is_parquet_graph(path):
        return path
    if not (path / "graph.json").exists() and is_parquet_graph(path / PARQUET_DIR):
        return path / PARQUET_DIR
    return path / "graph.json"


def read_graph_or_report(command: str, path: Path):
    """The graph at ``path`` (:func:`~newsgraph.graph.io.read_graph`: a graph.json or a Parquet
    graph), or ``None`` after one clear error line (missing, not a graph …)."""
    from newsgraph.graph.io import GraphFileError, read_graph

    try:
        return read_graph(path)
    except GraphFileError as exc:
        error(command, str(exc))
        return None
