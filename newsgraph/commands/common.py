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
    """``path/graph.json`` when ``path`` is a directory, else ``path``."""
    return path / "graph.json" if path.is_dir() else path


def read_graph_or_report(command: str, path: Path):
    """The graph at ``path``, or ``None`` after one clear error line (missing, not JSON …)."""
    from newsgraph.graph.io import GraphFileError, read_graph_json

    try:
        return read_graph_json(path)
    except GraphFileError as exc:
        error(command, str(exc))
        return None
