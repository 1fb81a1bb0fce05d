"""Exporters of a newsgraph graph, by format name: the table that ``newsgraph export --format``
reads its choices from.

Each entry is an :class:`Exporter`: a function ``write(graph, out_dir, **options) -> summary``
that writes files into ``out_dir`` and returns at least ``{"nodes": {label: rows},
"relationships": {type: rows}, "files": [paths]}``, and the keyword options it takes.  Today the
table holds ``neo4j-admin`` (:mod:`newsgraph.graph.neo4j_admin`); a new format (GraphML, GEXF,
CSV) is one module, flattening with :mod:`newsgraph.graph.flatten`, and one entry here.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import NamedTuple

import networkx as nx

from newsgraph.graph.neo4j_admin import export_neo4j_admin

__all__ = ["EXPORTERS", "Exporter", "export_graph"]


class Exporter(NamedTuple):
    """One export format: its function and the keyword options that function takes."""

    write: Callable[..., dict]
    options: frozenset[str] = frozenset()


#: Format name → :class:`Exporter`, in the order ``--help`` lists them.
EXPORTERS: dict[str, Exporter] = {
    "neo4j-admin": Exporter(export_neo4j_admin, frozenset({"database"})),
}


def export_graph(graph: nx.MultiDiGraph, fmt: str, out_dir: str | os.PathLike, **options) -> dict:
    """Write ``graph`` into ``out_dir`` in format ``fmt`` and return the exporter's summary.

    ``options`` the format does not take (see :data:`EXPORTERS`) are ignored, so that a command
    line can pass all of its export options to every format.

    Raises
    ------
    ValueError
        If ``fmt`` is not a key of :data:`EXPORTERS`.
    OSError
        If ``out_dir`` cannot be written.
    """
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}") from None
    return exporter.write(graph, out_dir, **{k: v for k, v in options.items() if k in exporter.options})
