"""GraphML, GEXF and plain CSV files of a newsgraph graph, for Gephi, Cytoscape, spreadsheets
and pandas.

All three write the flat records of :func:`newsgraph.graph.flat_records.flat_records` (one shared
flattening: lists ``|``-joined, evidence and posts as JSON array strings, ``None`` left out), so a
property has the same name and value in every format:

* ``graph.graphml`` — GraphML (:func:`networkx.write_graphml`), a directed multigraph; node ids
  are the graph's ids (``Official:孟景伟``), the other node fields (``label``, ``key``, ``name``
  …) and the relationship fields (``type``, ``roles`` …) are typed ``<data>`` keys.
* ``graph.gexf`` — GEXF 1.2 (:func:`networkx.write_gexf`).  GEXF reserves some names, so there:
  a node's GEXF label (what Gephi shows) is its ``name`` and the schema label is the attribute
  ``kind``, the ``key`` is ``node_key`` (networkx reads ``key`` as a multigraph key); a
  relationship's GEXF label is its ``type``; an Article's ``start``/``end`` offsets are
  ``start_offset``/``end_offset`` (GEXF reads ``start``/``end`` as time spells).
* ``nodes.csv`` and ``edges.csv`` — one header row, one column per property (empty cells where a
  node or relationship has none), UTF-8 with a byte-order mark so that Excel opens Chinese
  correctly; read them with ``pandas.read_csv(path, keep_default_na=False)`` or any CSV reader.

Each file appears only when complete (:func:`newsgraph.graph.io.atomic_writer`).
"""
from __future__ import annotations

import csv
import logging
import os
from collections import Counter
from pathlib import Path

import networkx as nx

from .flat_records import flat_records
from .io import atomic_writer

__all__ = ["export_csv", "export_gexf", "export_graphml", "records_graph"]

log = logging.getLogger(__name__)

#: The first node columns of nodes.csv and the first relationship columns of edges.csv; the
#: other columns follow sorted by name.
NODE_LEAD = ("id", "label", "key", "name")
EDGE_LEAD = ("source", "target", "type")


def _summary(nodes: list[dict], edges: list[dict], files: list[Path]) -> dict:
    for f in files:
        log.info("wrote %s (%d nodes, %d relationships)", f, len(nodes), len(edges))
    return {"nodes": dict(Counter(r["label"] for r in nodes)),
            "relationships": dict(Counter(r["type"] for r in edges)),
            "files": [str(p) for p in files]}


def records_graph(nodes: list[dict], edges: list[dict], *, gexf: bool = False) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph of flat records whose attributes are all scalars, ready for
    networkx's GraphML and GEXF writers.  Node ids are the records' ``id`` (not repeated as an
    attribute); edge keys ``e0, e1 …`` are unique in the file.  With ``gexf`` the attributes
    are renamed as the module docstring says."""
    h = nx.MultiDiGraph()
    for r in nodes:
        attrs = {k: v for k, v in r.items() if k != "id"}
        if gexf:
            attrs["kind"] = attrs.pop("label")
            attrs["label"] = attrs.get("name", r["id"])
            attrs["node_key"] = attrs.pop("key")
            for k in ("start", "end"):
                if k in attrs:
                    attrs[f"{k}_offset"] = attrs.pop(k)
        h.add_node(r["id"], **attrs)
    for i, r in enumerate(edges):
        attrs = {k: v for k, v in r.items() if k not in ("source", "target")}
        if gexf:
            attrs["label"] = attrs.pop("type")
            for k in ("start", "end", "weight", "id"):
                if k in attrs:
                    attrs[f"{k}_value"] = attrs.pop(k)
        h.add_edge(r["source"], r["target"], key=f"e{i}", **attrs)
    return h


def export_graphml(g: nx.MultiDiGraph, out_dir: str | os.PathLike) -> dict:
    """Write ``out_dir/graph.graphml`` and return ``{"nodes": {label: n}, "relationships":
    {type: n}, "files": [path]}``.  Raises ``OSError`` when ``out_dir`` cannot be written."""
    nodes, edges = flat_records(g)
    path = Path(out_dir) / "graph.graphml"
    with atomic_writer(path, binary=True) as fh:
        # infer_numeric_types: a column of ints and floats is declared double, not both.
        nx.write_graphml(records_graph(nodes, edges), fh, infer_numeric_types=True)
    return _summary(nodes, edges, [path])


def export_gexf(g: nx.MultiDiGraph, out_dir: str | os.PathLike) -> dict:
    """Write ``out_dir/graph.gexf`` (GEXF 1.2) and return the summary as
    :func:`export_graphml` does.  Raises ``OSError`` when ``out_dir`` cannot be written."""
    nodes, edges = flat_records(g)
    path = Path(out_dir) / "graph.gexf"
    with atomic_writer(path, binary=True) as fh:
        nx.write_gexf(records_graph(nodes, edges, gexf=True), fh, version="1.2draft")
    return _summary(nodes, edges, [path])


def _columns(records: list[dict], lead: tuple[str, ...]) -> list[str]:
    rest = sorted({k for r in records for k in r} - set(lead))
    return list(lead) + rest


def _write_csv(path: Path, records: list[dict], columns: list[str]) -> None:
    with atomic_writer(path) as fh:
        fh.write("\ufeff")  # the byte-order mark: Excel then reads the file as UTF-8
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
        w.writeheader()
        w.writerows(records)


def export_csv(g: nx.MultiDiGraph, out_dir: str | os.PathLike) -> dict:
    """Write ``out_dir/nodes.csv`` and ``out_dir/edges.csv`` (see the module docstring) and
    return the summary as :func:`export_graphml` does.  Raises ``OSError`` when ``out_dir``
    cannot be written."""
    nodes, edges = flat_records(g)
    out = Path(out_dir)
    npath, epath = out / "nodes.csv", out / "edges.csv"
    _write_csv(npath, nodes, _columns(nodes, NODE_LEAD))
    _write_csv(epath, edges, _columns(edges, EDGE_LEAD))
    return _summary(nodes, edges, [npath, epath])
