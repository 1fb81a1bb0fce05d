"""The graph as Parquet files: the compact output of a build, for corpora whose ``graph.json``
would be many times the size of their text.

A ``graph.json`` copies the sentence of every evidence item into every node and edge that
cites it: at the growing benchmark corpus of 200 MB it is 13 times the text.  The Parquet graph
holds the same graph with each evidence item's sentence as a reference into ``articles.jsonl``
(article id and offsets), in columns that compress (Zstandard): the same content, a fraction
of the size, and tables that pandas, DuckDB or Spark read as they are.

The folder ``graph.parquet/`` (beside the build's ``articles.jsonl``, which it refers to):

``nodes.parquet``
    One row a node, in the graph's order: ``id``, ``label``, ``key``, ``name``,
    ``aliases``, ``confidence``, ``evidence`` (the number of its evidence items) and
    ``properties``, the JSON object of its other attributes, in their order.  (A node that
    does not open with the schema's common properties in their order keeps all its attributes
    in ``properties``, as a JSON array of that object and, when its evidence is a list, ``1``,
    ``evidence`` there being the number of items.)
``edges.parquet``
    One row an edge, in the graph's order: ``source``, ``target``, ``key`` (networkx's edge
    key), ``type``, ``confidence``, ``evidence`` and ``properties`` as for nodes (after
    ``type, evidence, confidence``).
``node_evidence.parquet`` and ``edge_evidence.parquet``
    One row an evidence item, in the order of the nodes (edges) that hold them and, within
    one, in its order: the node's ``node`` id (the edge's ``edge_source``, ``edge_target``,
    ``edge_key``), then the :data:`~newsgraph.schema.EVIDENCE_FIELDS` — ``source``,
    ``article_id``, ``sentence_start``, ``sentence_end`` (exclusive), ``start``, ``end``,
    ``rule``, ``confidence`` — and ``sentence``, null when it is the text of the article in
    ``articles.jsonl`` from ``sentence_start`` to ``sentence_end`` (as it always is for a
    build's graph; an item whose sentence is not found there keeps it), and ``item``, null but
    for an item whose fields are not the schema's (its whole JSON, kept as it is).

``ParquetGraph(folder).nodes()`` / ``.edges()`` give back the nodes and edges exactly, sentences
included: :func:`~newsgraph.graph.io.write_graph_json` of a Parquet graph writes the bytes of the
build's ``graph.json``.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import orjson

from .io import GraphFileError, StreamedGraph

__all__ = ["ArticleTexts", "ParquetGraph", "PARQUET_DIR", "write_graph_parquet",
           "is_parquet_graph"]

#: The folder name of a build's Parquet graph, beside ``graph.json``'s place.
PARQUET_DIR = "graph.parquet"
_FILES = ("nodes.parquet", "edges.parquet", "node_evidence.parquet", "edge_evidence.parquet")
_HEAD = b"newsgraph.node_link_head"  # nodes.parquet's metadata key for the node-link head
_ROWS = 16384
# What every node (edge) of a build opens with, in this order: kept in their columns, not in
# ``properties`` (nodes: COMMON_NODE_PROPERTIES after the label).
_NODE_HEAD = ("label", "key", "name", "aliases", "evidence", "confidence")
_EDGE_HEAD = ("type", "evidence", "confidence")  # rows a batch, written and read
# The evidence fields in the order a build writes them (graph/build.py's evidence dicts).
_ORDER = ("source", "article_id", "sentence", "sentence_start", "start", "end", "rule",
          "confidence")
_TYPES = (str, str, str, int, int, int, str, float)


def _schemas():
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    evidence = [("source", s), ("article_id", s), ("sentence_start", i), ("sentence_end", i),
                ("start", i), ("end", i), ("rule", s), ("confidence", f), ("sentence", s),
                ("item", s)]
    return {
        "nodes.parquet": pa.schema([("id", s), ("label", s), ("key", s), ("name", s),
                                    ("aliases", pa.list_(s)), ("confidence", f),
                                    ("evidence", i), ("properties", s)]),
        "edges.parquet": pa.schema([("source", s), ("target", s), ("key", i), ("type", s),
                                    ("confidence", f), ("evidence", i), ("properties", s)]),
        "node_evidence.parquet": pa.schema([("node", s)] + evidence),
        "edge_evidence.parquet": pa.schema([("edge_source", s), ("edge_target", s),
                                            ("edge_key", i)] + evidence),
    }


def is_parquet_graph(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a folder holding a Parquet graph (its ``nodes.parquet``)."""
    return (Path(path) / "nodes.parquet").is_file()


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

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._at

    def text(self, article_id: str) -> str | None:
        """The normalised text of ``article_id`` (None if the file has no such article)."""
        text = self._cache.get(article_id)
        if text is not None:
            self._cache.move_to_end(article_id)
            return text
        at = self._at.get(article_id)
        if at is None:
            return None
        text = orjson.loads(os.pread(self._fh.fileno(), at[1], at[0]))["text"]
        self._cache[article_id] = text
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return text


def _evidence_row(item: dict, texts: ArticleTexts) -> tuple:
    """An evidence item as the evidence columns after the owner's (see the module)."""
    if not isinstance(item, dict):
        return (None,) * 9 + (orjson.dumps(item).decode(),)
    values = tuple(item.values())
    if tuple(item) != _ORDER or tuple(map(type, values)) != _TYPES:
        return (None,) * 9 + (orjson.dumps(item).decode(),)
    source, article_id, sentence, ss, start, end, rule, confidence = values
    text = texts.text(article_id)
    ends = ss + len(sentence)
    kept = None if text is not None and text[ss:ends] == sentence else sentence
    return (source, article_id, ss, ends, start, end, rule, confidence, kept, None)


class _TableWriter:
    """Rows to one Parquet file, a batch at a time."""

    def __init__(self, path: Path, schema) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= _ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            columns = list(zip(*self.rows))
            self.writer.write_batch(pa.record_batch(
                [pa.array(c, type=f.type) for c, f in zip(columns, self.schema)],
                schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_graph_parquet(graph: nx.MultiDiGraph | StreamedGraph, folder: str | os.PathLike,
                        articles: str | os.PathLike, *, parallel: bool = False
                        ) -> tuple[Counter, Counter]:
    """Write ``graph`` (networkx, or a :class:`~newsgraph.graph.io.StreamedGraph` read as it is
    written) as a Parquet graph into ``folder`` (created; its files replaced), evidence
    sentences as references into ``articles`` (the build's ``articles.jsonl``).

    With ``parallel`` (and ``fork``, as on Linux), a forked process writes the nodes' files
    while this one writes the edges': each half reads its own stream, so the two take about
    the time of the longer.  A graph with a ``tally(labels, types)`` method (the build's
    graph store) is told the counts, as a read of its streams would have tallied them.

    Returns
    -------
    (Counter, Counter)
        Nodes per label and edges per type written.

    Raises
    ------
    OSError
        ``folder`` cannot be written; with ``parallel``, any error of the forked process (its
        message in this one's).
    GraphFileError
        ``articles`` is missing or not an ``articles.jsonl``.
    ValueError
        A node id is not a string or an edge key not an integer.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = ArticleTexts(articles)
    if isinstance(graph, nx.Graph):
        nodes, edges = graph.nodes(data=True), graph.edges(keys=True, data=True)
        head = {"directed": graph.is_directed(), "multigraph": graph.is_multigraph(),
                "graph": graph.graph}
    else:
        nodes, edges = graph.nodes(), graph.edges()
        head = {"directed": True, "multigraph": True, "graph": {}}
    try:
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            labels, types = _write_forked(folder, nodes, edges, head, texts)
        else:
            labels = _write_nodes(folder, nodes, head, texts)
            types = _write_edges(folder, edges, texts)
    finally:
        texts.close()
    if hasattr(graph, "tally"):
        graph.tally(labels, types)
    return labels, types


def _write_forked(folder: Path, nodes, edges, head: dict, texts: ArticleTexts):
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_nodes_child, args=(send, folder, nodes, head, texts),
                        name="graph-parquet-nodes", daemon=True)
    child.start()
    send.close()
    try:
        types = _write_edges(folder, edges, texts)
        result = receive.recv() if receive.poll(None) else None
    except EOFError:  # the child died before it could answer
        result = None
    except BaseException:
        child.kill()
        raise
    finally:
        child.join()
        receive.close()
    if not isinstance(result, Counter):
        raise OSError(f"writing {folder / 'nodes.parquet'} failed: "
                      f"{result if result is not None else f'exit code {child.exitcode}'}")
    return result, types


def _nodes_child(send, folder: Path, nodes, head: dict, texts: ArticleTexts) -> None:
    try:
        send.send(_write_nodes(folder, nodes, head, texts))
    except BaseException as exc:  # told to the parent, which raises it as an OSError
        send.send(f"{type(exc).__name__}: {exc}")
    finally:
        send.close()


def _write_nodes(folder: Path, nodes, head: dict, texts: ArticleTexts) -> Counter:
    schemas = _schemas()
    schema = schemas["nodes.parquet"].with_metadata(
        {_HEAD: orjson.dumps(head)})  # the node-link head: directed, multigraph, graph
    labels: Counter = Counter()
    table = _TableWriter(folder / "nodes.parquet", schema)
    evidence = _TableWriter(folder / "node_evidence.parquet", schemas["node_evidence.parquet"])
    try:
        for n, d in nodes:
            items = _items(d)
            aliases = d.get("aliases")
            labels[d.get("label")] += 1
            table.add((_str(n, "node id"), _str(d.get("label")), _str(d.get("key")),
                       _str(d.get("name")), aliases if _strings(aliases) else None,
                       _float(d.get("confidence")), len(items),
                       _properties(d, _NODE_HEAD, len(items))))
            for item in items:
                evidence.add((n,) + _evidence_row(item, texts))
    finally:
        table.close()
        evidence.close()
    return labels


def _write_edges(folder: Path, edges, texts: ArticleTexts) -> Counter:
    schemas = _schemas()
    types: Counter = Counter()
    table = _TableWriter(folder / "edges.parquet", schemas["edges.parquet"])
    evidence = _TableWriter(folder / "edge_evidence.parquet", schemas["edge_evidence.parquet"])
    try:
        for u, v, k, d in edges:
            if type(k) is not int:
                raise ValueError(f"edge {u!r} -> {v!r}: key {k!r} is not an integer (a "
                                 f"Parquet graph holds networkx's integer edge keys)")
            items = _items(d)
            types[d.get("type")] += 1
            table.add((_str(u, "node id"), _str(v, "node id"), k, _str(d.get("type")),
                       _float(d.get("confidence")), len(items),
                       _properties(d, _EDGE_HEAD, len(items))))
            for item in items:
                evidence.add((u, v, k) + _evidence_row(item, texts))
    finally:
        table.close()
        evidence.close()
    return types


def _str(value, what: str | None = None) -> str | None:
    """``value`` for a string column: itself if a string, else None (it is in ``properties``
    all the same) — or, for ``what`` (an id), a ``ValueError``."""
    if type(value) is str:
        return value
    if what is not None:
        raise ValueError(f"{what} {value!r} is not a string (a Parquet graph holds string ids)")
    return None


def _items(d: dict) -> list:
    """The evidence items of a node or edge (none when its ``evidence`` is not a list)."""
    items = d.get("evidence")
    return items if isinstance(items, list) else []


def _strings(value) -> bool:
    return isinstance(value, list) and all(type(v) is str for v in value)


def _standard(d: dict, head: tuple[str, ...]) -> bool:
    """Whether ``d`` opens with the attributes ``head``, in order, those in the columns with
    their types (then ``properties`` holds only the rest)."""
    if tuple(d)[:len(head)] != head:
        return False
    return all(type(d[k]) is str for k in head if k in ("label", "key", "name", "type")) \
        and _strings(d.get("aliases", [])) and type(d["confidence"]) is float \
        and isinstance(d["evidence"], list)


def _properties(d: dict, head: tuple[str, ...], evidence: int) -> str:
    """The ``properties`` column: the JSON object of the attributes after the standard
    ``head`` or, for a node or edge that does not open with it, a JSON array: all its
    attributes and, when its evidence is a list, ``1`` (``evidence`` there being the number of
    items)."""
    if _standard(d, head):
        return orjson.dumps({k: v for k, v in d.items() if k not in head}).decode()
    if isinstance(d.get("evidence"), list):  # [attributes, 1]: its items are in *_evidence
        return orjson.dumps([{**d, "evidence": evidence}, 1]).decode()
    return orjson.dumps([d]).decode()


def _float(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


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
        for name in _FILES:
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
        self.head = orjson.loads(meta[_HEAD]) if _HEAD in meta else \
            {"directed": True, "multigraph": True, "graph": {}}
        self._texts: ArticleTexts | None = None

    def _rows(self, name: str) -> Iterator[tuple]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.folder / name
        try:
            f = pq.ParquetFile(path)
            for batch in f.iter_batches(batch_size=_ROWS):
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


def replace_folder(new: Path, final: Path) -> None:
    """Put the complete folder ``new`` in the place of ``final`` (a folder or nothing): the old
    one is renamed aside first and removed after, so ``final`` is never half of either."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.{os.getpid()}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
