"""Read and write the node-link JSON form of the graph (``graph.json``).

The format is ``networkx.node_link_data(G, edges="edges")``; see :mod:`newsgraph.schema` for the
properties of nodes and edges.
"""
from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

import networkx as nx
import orjson

from ..storage import is_url

__all__ = ["current_umask", "graph_location", "open_graph", "read_graph", "read_graph_json", "write_graph_json", "atomic_write_text", "atomic_writer",
           "temp_file_beside", "json_lines", "GraphFileError", "StreamedGraph"]


class GraphFileError(ValueError):
    """A ``graph.json`` file is missing, not JSON, or not node-link data."""


@contextmanager
def atomic_writer(path: str | os.PathLike, *, binary: bool = False) -> Iterator[IO]:
    """Open a UTF-8 text file (a binary one with ``binary``) that appears at ``path`` only when
    the block completes.

    Writes go to a temporary file beside ``path``, which is flushed, fsynced and renamed over
    ``path`` at the end; if the block raises, the temporary file is removed and ``path`` keeps
    its previous content (or stays absent).  A crash mid-write never leaves a truncated file.
    The file gets the permissions a plain ``open`` would give it (``0666`` less the umask), not
    the temporary file's ``0600``.

    Raises
    ------
    OSError
        The folder cannot be created or written (full disk, permissions).
    """
    path = Path(path)
    fh, tmp = temp_file_beside(path, binary=binary)
    try:
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temp_file_beside(path: str | os.PathLike, *, binary: bool = False) -> tuple[IO, Path]:
    """Create and open a temporary file in ``path``'s folder (created if missing), to be
    renamed over ``path`` once complete; returns ``(open file, its path)``.

    It has the permissions a plain ``open`` of ``path`` would give (``0666`` less the umask),
    not ``mkstemp``'s ``0600``.  Raises ``OSError`` when the folder cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~current_umask())
        return (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")), Path(tmp)
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask (the permission bits files are created without)."""
    mask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(text)


def write_graph_json(graph: nx.MultiDiGraph | StreamedGraph, path: str | os.PathLike) -> None:
    """Write ``graph`` as node-link JSON (edges under ``"edges"``) atomically to ``path``.

    ``graph`` is a networkx graph or a :class:`StreamedGraph` (a build's graph on disk, read
    as it is written).  One node or edge a line, each encoded by orjson: the whole text is
    never held in memory (a graph with evidence is tens of times larger than its source text),
    and nothing is copied first.  The encoding (which holds the GIL) and the writing (which
    does not) overlap: a background thread writes (:class:`_BackgroundWriter`).  ``json.load``
    of the file gives exactly ``networkx.node_link_data(graph, edges="edges")`` (of
    ``graph.to_networkx()`` for a streamed graph).

    Raises
    ------
    OSError
        ``path`` cannot be written.
    """
    if isinstance(graph, nx.Graph):
        head = {"directed": graph.is_directed(), "multigraph": graph.is_multigraph(),
                "graph": graph.graph}
        nodes, edges = graph.nodes(data=True), graph.edges(keys=True, data=True)
    else:
        head = {"directed": True, "multigraph": True, "graph": {}}
        nodes, edges = graph.nodes(), graph.edges()
    with atomic_writer(path, binary=True) as fh, _BackgroundWriter(fh) as out:
        batch, size = [], 0
        for chunk in _node_link_chunks(head, nodes, edges):
            batch.append(chunk)
            size += len(chunk)
            if size >= _WRITE_BATCH:
                out.write(b"".join(batch))
                batch, size = [], 0
        out.write(b"".join(batch))


class StreamedGraph(Protocol):
    """A directed multigraph read as streams (a build's graph on disk,
    :class:`newsgraph.workflow.graph_store.GraphStore`): ``nodes()`` yields ``(id,
    attributes)`` and ``edges()`` ``(u, v, key, attributes)``, in networkx's order;
    ``to_networkx()`` gives the whole graph in memory."""

    def nodes(self) -> Iterable[tuple[str, dict]]: ...

    def edges(self) -> Iterable[tuple[str, str, int, dict]]: ...

    def to_networkx(self) -> nx.MultiDiGraph: ...


# Bytes handed to the writer thread at once: few enough hand-overs, little memory in flight.
_WRITE_BATCH = 1 << 20


class _BackgroundWriter:
    """Write byte chunks to an open binary file from a thread of its own, in order.

    :meth:`write` queues a chunk (blocking while ``depth`` chunks wait) and raises the first
    error the thread met; leaving the ``with`` block waits for every queued chunk to be written
    and raises that error if the block itself did not raise.  Every ``sync_every`` bytes the
    thread also asks the kernel to write the file out (``fdatasync``), so that the final fsync
    (:func:`atomic_writer`) has little left to wait for.
    """

    def __init__(self, fh: IO[bytes], *, depth: int = 8, sync_every: int = 64 << 20) -> None:
        self._fh = fh
        self._queue: queue.Queue[bytes | None] = queue.Queue(depth)
        self._sync_every = sync_every
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="graph-json-writer", daemon=True)

    def __enter__(self) -> _BackgroundWriter:
        self._thread.start()
        return self

    def write(self, chunk: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(chunk)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._queue.put(None)
        self._thread.join()
        if exc_type is None and self._error is not None:
            raise self._error

    def _run(self) -> None:
        unsynced = 0
        while (chunk := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: the producer learns of the error at its next write
            try:
                self._fh.write(chunk)
                unsynced += len(chunk)
                if unsynced >= self._sync_every and hasattr(os, "fdatasync"):
                    self._fh.flush()
                    os.fdatasync(self._fh.fileno())
                    unsynced = 0
            except BaseException as exc:  # handed to the producer, raised there
                self._error = exc


def _node_link_chunks(head: dict, nodes: Iterable, edges: Iterable) -> Iterator[bytes]:
    """The JSON of ``networkx.node_link_data(graph, edges="edges")`` from its ``head``
    (``directed``, ``multigraph``, ``graph``), ``nodes`` ``(id, attributes)`` and ``edges``
    ``(u, v, key, attributes)``, its lists one item a line, made item by item (node-link's
    key order: the attributes, then ``id``; for edges the attributes, then ``source``,
    ``target``, ``key``)."""
    dumps = orjson.dumps
    yield dumps(head)[:-1] + b',\n"nodes": [\n'
    sep = b""
    for n, d in nodes:
        yield sep + dumps({**d, "id": n})
        sep = b",\n"
    yield b'\n],\n"edges": [\n'
    sep = b""
    for u, v, k, d in edges:
        yield sep + dumps({**d, "source": u, "target": v, "key": k})
        sep = b",\n"
    yield b"\n]}\n"


def json_lines(rows: Iterable[dict]) -> bytes:
    """``rows`` as JSON Lines, UTF-8 encoded: a row a line (non-ASCII kept), each ending in
    ``\\n``."""
    return b"".join(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE) for row in rows)


def graph_location(path: str | os.PathLike) -> Path:
    """The graph at ``path``: ``path`` itself when it is a file or a Parquet graph folder; in
    an output folder its ``graph.json`` or, when it has none, its ``graph.parquet``."""
    from .parquet import PARQUET_DIR, is_parquet_graph

    path = Path(path)
    if not path.is_dir() or is_parquet_graph(path):
        return path
    if not (path / "graph.json").exists() and is_parquet_graph(path / PARQUET_DIR):
        return path / PARQUET_DIR
    return path / "graph.json"


def read_graph(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a build's graph: a ``graph.json`` file, a Parquet graph folder
    (:mod:`newsgraph.graph.parquet`, its sentences read back from the ``articles.jsonl``
    beside it), or an output folder holding either (:func:`graph_location`); any of them
    also as an fsspec URL (``s3://bucket/out``, :mod:`newsgraph.storage`), read from a
    temporary local copy.

    Raises
    ------
    GraphFileError
        Nothing readable as a graph at ``path``; the message names the file.
    """
    from .parquet_reader import ParquetGraph

    if is_url(path):
        return _read_url_graph(path)
    path = graph_location(path)
    if path.is_dir():
        graph = ParquetGraph(path)
        try:
            return graph.to_networkx()
        finally:
            graph.close()
    return read_graph_json(path)


def open_graph(path: str | os.PathLike, *, streamed: bool = False):
    """:func:`read_graph` — or, with ``streamed`` and a Parquet graph at ``path``, that graph
    opened as streams (:class:`~newsgraph.graph.parquet_reader.ParquetGraph`), for a caller
    that reads it as it works: only what it keeps is in memory, and reading errors are raised
    there (``GraphFileError``).

    Raises
    ------
    GraphFileError
        As :func:`read_graph`.
    """
    from .parquet import is_parquet_graph
    from .parquet_reader import ParquetGraph

    if is_url(path):  # streams need the copy to stay: the CLI keeps one (fetched_graph)
        return read_graph(path)
    where = graph_location(path)
    if streamed and is_parquet_graph(where):
        return ParquetGraph(where)
    return read_graph(where)


def _read_url_graph(url: str) -> nx.MultiDiGraph:
    from ..storage import StorageError, download_graph

    with tempfile.TemporaryDirectory(prefix="newsgraph-graph-") as tmp:
        try:
            local = download_graph(url, tmp)
        except StorageError as exc:
            raise GraphFileError(str(exc)) from None
        return read_graph(local)


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
        data = orjson.loads(path.read_bytes())  # bytes, then objects: no str of the whole file
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file (run `newsgraph build … --out DIR` first)") from None
    except orjson.JSONDecodeError as exc:  # invalid UTF-8 too
        raise GraphFileError(f"{path}: not a graph.json file ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data or not ("edges" in data or "links" in data):
        raise GraphFileError(f"{path}: not node-link JSON (expected 'nodes' and 'edges' lists)")
    try:
        return _node_link_graph(data, "edges" if "edges" in data else "links")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GraphFileError(f"{path}: not node-link JSON (a node without an id or an edge "
                             f"without its ends: {type(exc).__name__}: {exc})") from None


def _node_link_graph(data: dict, edges: str) -> nx.MultiDiGraph:
    """``networkx.node_link_graph(data, edges=edges)`` as a MultiDiGraph, built from ``data``
    in place: the attribute values are taken over, not copied, and each item is dropped from
    ``data`` once in the graph, so that the parsed file and the graph are not both whole in
    memory (a graph with evidence is tens of times larger than its text)."""
    g = nx.MultiDiGraph(**(data.get("graph") or {}))
    nodes, links = data.pop("nodes"), data.pop(edges)
    for i, d in enumerate(nodes):
        nodes[i] = None
        nid = d.pop("id")
        g.add_node(tuple(nid) if isinstance(nid, list) else nid, **d)
    del nodes
    for i, d in enumerate(links):
        links[i] = None
        u, v, key = d.pop("source"), d.pop("target"), d.pop("key", None)
        g.add_edge(tuple(u) if isinstance(u, list) else u, tuple(v) if isinstance(v, list) else v,
                   key, **d)
    return g
