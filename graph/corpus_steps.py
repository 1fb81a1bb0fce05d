"""The corpus-wide steps of :meth:`~newsgraph.graph.build.GraphBuilder.finish` —
:func:`~newsgraph.graph.build.prune_implied` and
:func:`~newsgraph.graph.project_names.merge_project_variants` — for a graph that is not held in
memory but read from key partitions (:mod:`newsgraph.workflow.graph_store`).

Both steps touch few nodes: unprinted districts and their parents, and projects that have a
longer variant with the variants.  Those nodes are found from the entity tables the partitions
report (:class:`EntityTable`: every project's key, every unprinted district and its parents),
not from the mentions; the steps then run, unchanged, on the small subgraph of those nodes, of
every edge of a node with an edge into them, and of those edges' ends.  What the steps changed
(:class:`Rewrites`) replaces the partitions' records when the graph is read.

Why it is the graph the steps give on the whole graph: each step reads and changes only the
nodes it touches, their edges in both directions and the edges between their neighbours and
them, all of which the subgraph holds; the subgraph's nodes are in the whole graph's order and
its edges are added in the order the whole graph created them (an edge's pair by the first
sighting of the pair, then the pair's keys), so that networkx's successor and predecessor
orders, on which the steps' iteration and the keys of new edges depend, are the same; a source
node's out-edges are all in the subgraph, so its edge list after the steps, new edges last, is
whole.  A project outside the touched ones has no longer variant, so the steps leave it alone
in either graph.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from ..schema import Label, RelType
from .build import prune_implied
from .project_names import merge_project_variants, variant_index

__all__ = ["EntityTable", "Rewrites", "entity_table", "touched_nodes", "corpus_rewrites"]

Position = tuple[int, int]  # (the part's place among the build's parts, the item's in the part)
#: An edge as the partitions give it: ``(first sighting of its pair (u, v), u, v, key, data)``.
EdgeRecord = tuple[Position, str, str, int, dict]

_MIN_VARIANT = 6  # merge_project_variants' min_len


@dataclass
class EntityTable:
    """What one partition reports of its nodes for the corpus-wide steps: ``projects``
    ``[(first position, node id, key)]``, ``implied`` (districts no article prints: implied and
    without evidence) and ``parents`` (the ``LOCATED_IN`` targets of those)."""

    projects: list[tuple[Position, str, str]] = field(default_factory=list)
    implied: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)


@dataclass
class Rewrites:
    """What the corpus-wide steps changed: ``nodes`` (node id → its attributes after them),
    ``removed`` (node ids they dropped) and ``edges`` ``[(position of u, u, [(v, key, data)])]``,
    by position: the whole out-edge list, in order, of every node whose edges they may have
    changed (the partitions' edges of those nodes are not read)."""

    nodes: dict[str, dict] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    edges: list[tuple[Position, str, list[tuple[str, int, dict]]]] = field(default_factory=list)


def touched_nodes(tables: Iterable[EntityTable]) -> set[str]:
    """The node ids the corpus-wide steps may change: every unprinted district and its parents,
    and every project with a longer variant (``merge_project_variants``' candidates) together
    with those variants."""
    tables = list(tables)
    touched: set[str] = set()
    # merge_project_variants' order: longest key first, ties in the graph's node order.
    projects = sorted(sorted(p for t in tables for p in t.projects), key=lambda p: -len(p[2]))
    longer = variant_index([key for _, _, key in projects], _MIN_VARIANT)
    for _, nid, key in projects:
        candidates = longer.get(key) if len(key) >= _MIN_VARIANT else None
        if candidates:
            touched.add(nid)
            touched.update(projects[i][1] for i in candidates)
    for t in tables:
        touched.update(t.implied)
        touched.update(t.parents)
    return touched


def corpus_rewrites(tables: Iterable[EntityTable],
                    read_nodes: Callable[[], Iterable[tuple[Position, str, dict]]],
                    read_edges: Callable[[], Iterable[EdgeRecord]]) -> Rewrites:
    """Run the corpus-wide steps on the subgraph they touch and return what they changed.

    ``read_nodes()`` yields every node as ``(first position, id, attributes)`` and
    ``read_edges()`` every edge as an :data:`EdgeRecord`, in any order; the edges are read
    twice (the sources with an edge into a touched node, then their edges), the nodes once, and
    only the subgraph is kept.  Nothing is read when no node is touched.
    """
    touched = touched_nodes(tables)
    if not touched:
        return Rewrites()
    sources = set(touched)
    for _, u, v, _, _ in read_edges():
        if v in touched:
            sources.add(u)
    edges = [e for e in read_edges() if e[1] in sources]
    ends = sources | {e[2] for e in edges}
    nodes = sorted((n for n in read_nodes() if n[1] in ends), key=lambda n: n[0])
    sub = nx.MultiDiGraph()
    for _, nid, data in nodes:
        sub.add_node(nid, **data)
    edges.sort(key=lambda e: (e[0], e[3]))
    for _, u, v, key, data in edges:
        sub.add_edge(u, v, key, **data)
    del edges
    merge_project_variants(prune_implied(sub), _MIN_VARIANT)
    place = {nid: pos for pos, nid, _ in nodes}
    return Rewrites(
        nodes={n: sub.nodes[n] for n in touched if n in sub},
        removed={n for n in touched if n not in sub},
        edges=sorted(((place[u], u, [(v, k, d) for v, keyed in sub.succ[u].items()
                                     for k, d in keyed.items()])
                      for u in sources if u in sub), key=lambda e: e[0]))


def entity_table(nodes: Iterable[tuple[Position, str, dict]],
                 edges: Iterable[tuple[str, str, dict]]) -> EntityTable:
    """A partition's :class:`EntityTable`, from its merged ``nodes`` and its edges
    ``(u, v, attributes)`` (each partition holds the out-edges of its nodes)."""
    table = EntityTable()
    for pos, nid, data in nodes:
        if data["label"] == Label.PROJECT.value:
            table.projects.append((pos, nid, data["key"]))
        elif data.get("implied") and not data["evidence"]:
            table.implied.append(nid)
    implied = set(table.implied)
    if implied:
        table.parents = [v for u, v, d in edges
                         if u in implied and d["type"] == RelType.LOCATED_IN.value]
    return table
