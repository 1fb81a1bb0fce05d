"""Read and write the node-link JSON form of the graph (``graph.json``).

The format is ``networkx.node_link_data(G, edges="edges")``; see :mod:`newsgraph.schema` for the
properties of nodes and edges.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import networkx as nx

__all__ = ["read_graph_json", "write_graph_json", "atomic_write_text", "atomic_writer",
           "GraphFileError"]


class GraphFileError(ValueError):
    """A ``graph.json`` file is missing, not JSON, or not node-link data."""


@contextmanager
def atomic_writer(path: str | os.PathLike) -> Iterator[TextIO]:
    """Open a UTF-8 text file that appears at ``path`` only when the block completes.

    Writes go to a temporary file beside ``path``, which is flushed, fsynced and renamed over
    ``path`` at the end; if the block raises, the temporary file is removed and ``path`` keeps
    its previous content (or stays absent).  A crash mid-write never leaves a truncated file.

    Raises
    ------
    OSError
        The folder cannot be created or written (full disk, permissions).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(text)


def write_graph_json(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``graph`` as node-link JSON (edges under ``"edges"``) atomically to ``path``.

    The JSON is written one node or edge a line, each encoded by the standard library's C
    encoder: the whole text is never held in memory (a graph with evidence is tens of times
    larger than its source text), and it is several times faster than ``json.dump`` with an
    indent, which falls back to the pure-Python encoder.  ``json.load`` of the file gives
    exactly ``networkx.node_link_data(graph, edges="edges")``.
    """
    data = nx.node_link_data(graph, edges="edges")
    with atomic_writer(path) as fh:
        for chunk in _node_link_chunks(data):
            fh.write(chunk)


def _node_link_chunks(data: dict):
    """Yield the JSON text of node-link ``data``, its lists one item a line."""
    dumps = json.dumps
    yield "{\n"
    keys = list(data)
    for i, key in enumerate(keys):
        value = data[key]
        yield f"{dumps(key)}: "
        if isinstance(value, list):
            yield "[\n"
            for j, item in enumerate(value):
                yield dumps(item, ensure_ascii=False) + (",\n" if j < len(value) - 1 else "\n")
            yield "]"
        else:
            yield dumps(value, ensure_ascii=False)
        yield ",\n" if i < len(keys) - 1 else "\n"
    yield "}\n"


def read_graph_json(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a ``graph.json`` written by :func:`write_graph_json`.

    Returns
    -------
    networkx.MultiDiGraph
        Node attributes and edge attributes as in the file.

    Raises
    ------
    GraphFileError
        If the file does not exist, is not valid JSON, or lacks ``nodes``/``edges``.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file (run `newsgraph build … --out DIR` first)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphFileError(f"{path}: not a graph.json file ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data or not ("edges" in data or "links" in data):
        raise GraphFileError(f"{path}: not node-link JSON (expected 'nodes' and 'edges' lists)")
    edges = "edges" if "edges" in data else "links"
    data.setdefault("directed", True)
    data.setdefault("multigraph", True)
    return nx.MultiDiGraph(nx.node_link_graph(data, edges=edges))
