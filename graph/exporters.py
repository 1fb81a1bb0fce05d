"""Exporters of a newsgraph graph, by format name: the table that ``newsgraph export --format``
reads its choices from.

Each entry is an :class:`Exporter`: a function ``write(graph, out_dir, **options) -> summary``
(named ``"module:function"``, imported when used: every command's parser reads this table, and
``newsgraph query`` must not pay for networkx) that writes files into ``out_dir`` and returns at least ``{"nodes": {label: rows},
"relationships": {type: rows}, "files": [paths]}``, the keyword options it takes, and the folder
its files go to by default, relative to the folder of ``graph.json`` (``""``: beside it).  The
formats: ``graphml``, ``gexf`` and ``csv`` (:mod:`newsgraph.graph.file_formats`) and
``neo4j-admin`` (:mod:`newsgraph.graph.neo4j_admin`); a new format is one module, flattening with
:mod:`newsgraph.graph.flatten`, and one entry here.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORTERS", "Exporter", "export_graph"]


class Exporter(NamedTuple):
    """One export format: its function (``"module:function"``), the keyword options that
    function takes, the default folder of its files (relative to graph.json's folder) and a line
    for ``--help``."""

    function: str
    options: frozenset[str] = frozenset()
    subdir: str = ""
    help: str = ""

    @property
    def write(self) -> Callable[..., dict]:
        """The writer function, imported now."""
        module, _, name = self.function.partition(":")
        return getattr(importlib.import_module(module), name)


#: Format name → :class:`Exporter`, in the order ``--help`` lists them.
EXPORTERS: dict[str, Exporter] = {
    "graphml": Exporter("newsgraph.graph.file_formats:export_graphml",
                        help="graph.graphml (Gephi, Cytoscape, igraph)"),
    "gexf": Exporter("newsgraph.graph.file_formats:export_gexf", help="graph.gexf (Gephi)"),
    "csv": Exporter("newsgraph.graph.file_formats:export_csv",
                    help="nodes.csv and edges.csv with a header, UTF-8 with BOM"),
    "neo4j-admin": Exporter("newsgraph.graph.neo4j_admin:export_neo4j_admin",
                            frozenset({"database"}), "neo4j-admin",
                            "CSV files and the command for neo4j-admin database import"),
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
