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

``ParquetGraph(folder).nodes()`` / ``.edges()`` (:mod:`newsgraph.graph.parquet_reader`) give
back the nodes and edges exactly, sentences included: :func:`~newsgraph.graph.io.write_graph_json` of a Parquet graph writes the bytes of the
build's ``graph.json``.
"""
from __future__ import annotations

import os
from itertools import islice
from pathlib import Path

import networkx as nx
import orjson

from .article_texts import ArticleTexts
from .io import StreamedGraph

__all__ = ["BATCH_ROWS", "FILES", "HEAD_KEY", "PARQUET_DIR", "write_graph_parquet",
           "is_parquet_graph"]

#: The folder name of a build's Parquet graph, beside ``graph.json``'s place.
PARQUET_DIR = "graph.parquet"
FILES = ("nodes.parquet", "edges.parquet", "node_evidence.parquet", "edge_evidence.parquet")
#: nodes.parquet's metadata key for the node-link head (``directed``, ``multigraph``, ``graph``).
HEAD_KEY = b"newsgraph.node_link_head"
BATCH_ROWS = 16384  # rows a batch, written and read
# What every node (edge) of a build opens with, in this order: kept in their columns, not in
# ``properties`` (nodes: COMMON_NODE_PROPERTIES after the label).
_NODE_HEAD = ("label", "key", "name", "aliases", "evidence", "confidence")
_EDGE_HEAD = ("type", "evidence", "confidence")
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


def _evidence_row(item: dict, texts: ArticleTexts) -> tuple:
    """An evidence item as the evidence columns after the owner's (see the module)."""
    if isinstance(item, dict) and tuple(item) == _ORDER:
        source, article_id, sentence, ss, start, end, rule, confidence = item.values()
        # Exact types (not isinstance: a bool is an int): the columns' types, or the item
        # is kept whole.
        if (type(source) is str and type(article_id) is str and type(sentence) is str
                and type(ss) is int and type(start) is int and type(end) is int
                and type(rule) is str and type(confidence) is float):
            text = texts.text(article_id)
            ends = ss + len(sentence)
            kept = None if text is not None and text[ss:ends] == sentence else sentence
            return (source, article_id, ss, ends, start, end, rule, confidence, kept, None)
    return (None,) * 9 + (orjson.dumps(item).decode(),)


class _TableWriter:
    """Rows to one Parquet file, a batch at a time: append to :attr:`rows` (the same list
    throughout) and call :meth:`full` after."""

    def __init__(self, path: Path, schema) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows: list[tuple] = []

    def full(self) -> None:
        """Write the rows as a batch once there are :data:`BATCH_ROWS` of them."""
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            columns = list(zip(*self.rows))
            self.rows.clear()
            self.writer.write_batch(pa.record_batch(
                [pa.array(c, type=f.type) for c, f in zip(columns, self.schema)],
                schema=self.schema))

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_graph_parquet(graph: nx.MultiDiGraph | StreamedGraph, folder: str | os.PathLike,
                        articles: str | os.PathLike) -> None:
    """Write ``graph`` (networkx, or a :class:`~newsgraph.graph.io.StreamedGraph` read as it is
    written) as a Parquet graph into ``folder`` (created; its files replaced), evidence
    sentences as references into ``articles`` (the build's ``articles.jsonl``).

    In one process: a forked writer of the nodes beside this one of the edges was tried, and
    at 1 GB of text it copied the pages of this process as it filled freed memory (the two
    held 8.3 GB against 4.7 for this one alone).

    Raises
    ------
    OSError
        ``folder`` cannot be written.
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
        _write_nodes(folder, nodes, head, texts)
        _write_edges(folder, edges, texts)
    finally:
        texts.close()


def _write_nodes(folder: Path, nodes, head: dict, texts: ArticleTexts) -> None:
    schemas = _schemas()
    schema = schemas["nodes.parquet"].with_metadata(
        {HEAD_KEY: orjson.dumps(head)})  # the node-link head: directed, multigraph, graph
    table = _TableWriter(folder / "nodes.parquet", schema)
    evidence = _TableWriter(folder / "node_evidence.parquet", schemas["node_evidence.parquet"])
    rows, items_out = table.rows, evidence.rows
    try:
        for n, d in nodes:
            if _standard_node(d) and type(n) is str:  # nearly every node: no checks left
                items = d["evidence"]
                rows.append((n, d["label"], d["key"], d["name"], d["aliases"], d["confidence"],
                             len(items), _rest(d, len(_NODE_HEAD))))
            else:
                items = _items(d)
                aliases = d.get("aliases")
                rows.append((_str(n, "node id"), _str(d.get("label")), _str(d.get("key")),
                             _str(d.get("name")), aliases if _strings(aliases) else None,
                             _float(d.get("confidence")), len(items),
                             _odd_properties(d, len(items))))
            table.full()
            for item in items:  # batches of BATCH_ROWS exactly: the files' bytes as before
                items_out.append((n, *_evidence_row(item, texts)))
                evidence.full()
    finally:
        table.close()
        evidence.close()


def _write_edges(folder: Path, edges, texts: ArticleTexts) -> None:
    schemas = _schemas()
    table = _TableWriter(folder / "edges.parquet", schemas["edges.parquet"])
    evidence = _TableWriter(folder / "edge_evidence.parquet", schemas["edge_evidence.parquet"])
    rows, items_out = table.rows, evidence.rows
    try:
        for u, v, k, d in edges:
            if type(k) is not int:
                raise ValueError(f"edge {u!r} -> {v!r}: key {k!r} is not an integer (a "
                                 f"Parquet graph holds networkx's integer edge keys)")
            if _standard_edge(d) and type(u) is str and type(v) is str:
                items = d["evidence"]
                rows.append((u, v, k, d["type"], d["confidence"], len(items),
                             _rest(d, len(_EDGE_HEAD))))
            else:
                items = _items(d)
                rows.append((_str(u, "node id"), _str(v, "node id"), k, _str(d.get("type")),
                             _float(d.get("confidence")), len(items),
                             _odd_properties(d, len(items))))
            table.full()
            for item in items:  # batches of BATCH_ROWS exactly: the files' bytes as before
                items_out.append((u, v, k, *_evidence_row(item, texts)))
                evidence.full()
    finally:
        table.close()
        evidence.close()


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


def _standard_node(d: dict) -> bool:
    """Whether node attributes ``d`` open with the columns' attributes (label, key, name,
    aliases, evidence, confidence), in order and with their types: then ``properties`` holds
    only the rest."""
    if tuple(islice(d, len(_NODE_HEAD))) != _NODE_HEAD:
        return False
    return (type(d["label"]) is str and type(d["key"]) is str and type(d["name"]) is str
            and type(d["confidence"]) is float and isinstance(d["evidence"], list)
            and _strings(d["aliases"]))


def _standard_edge(d: dict) -> bool:
    """:func:`_standard_node` for an edge's attributes: type, evidence, confidence."""
    return (tuple(islice(d, len(_EDGE_HEAD))) == _EDGE_HEAD and type(d["type"]) is str
            and type(d["confidence"]) is float and isinstance(d["evidence"], list)
            and _strings(d.get("aliases", [])))


def _rest(d: dict, n: int) -> str:
    """The JSON object of ``d``'s attributes after its first ``n``."""
    return orjson.dumps(dict(islice(d.items(), n, None))).decode()


def _odd_properties(d: dict, evidence: int) -> str:
    """The ``properties`` column of a node or edge that does not open with the columns'
    attributes (:func:`_standard_node`, :func:`_standard_edge`): a JSON array of all its
    attributes and, when its evidence is a list, ``1`` (``evidence`` there being the number of
    items)."""
    if isinstance(d.get("evidence"), list):  # [attributes, 1]: its items are in *_evidence
        return orjson.dumps([{**d, "evidence": evidence}, 1]).decode()
    return orjson.dumps([d]).decode()


def _float(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None
