"""The corpus-wide steps of :meth:`~newsgraph.graph.build.GraphBuilder.finish` —
:func:`~newsgraph.graph.build.prune_implied` and
:func:`~newsgraph.graph.project_names.merge_project_variants` — for a graph that is not held in
memory but read from key partitions (:mod:`newsgraph.workflow.graph_store`).

Both steps touch few nodes: unprinted districts and their parents, and projects that have a
longer variant with the variants.  Those nodes are found from the entity tables the partitions
report (:class:`EntityTable`: every project's key, every unprinted district and its parents),
not from the mentions; the steps then run, unchanged, on the small subgraph of those nodes, of
their edges and of the edges into them of their neighbours, the neighbours and the parents
being stubs (label and key, an edge's type: what the steps read of them).  What the steps
changed (:class:`Rewrites`: the changed nodes, the removed ones, the added edges) is applied
to the partitions' records as the graph is read.

Why it is the graph the steps give on the whole graph: each step reads and changes only the
nodes it touches, their edges in both directions and the edges between their neighbours and
them, all of which the subgraph holds; the subgraph's nodes are in the whole graph's order and
its edges are added in the order the whole graph created them (an edge's pair by the first
sighting of the pair, then the pair's keys), so that networkx's successor and predecessor
orders, on which the steps' iteration and the keys of new edges depend, are the same.  The
steps add edges only from a node with an edge into a removable node (or from a kept project)
to a touched node (or to an end of a removed project's edges), whose pairs the subgraph holds
whole, so the keys it gives new edges are the whole graph's; networkx puts a new key of a
pair after the pair's keys and a new pair after the node's pairs, where :class:`Rewrites`
places them.  A project outside the touched ones has no longer variant, so the steps leave it
alone in either graph.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

import networkx as nx

from ..schema import Label, RelType
from .build import prune_implied
from .project_names import merge_project_variants, variant_index

__all__ = ["EntityTable", "Rewrites", "entity_table", "touched_nodes", "corpus_rewrites",
           "subgraph_edges", "subgraph_nodes"]

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
    """What the corpus-wide steps changed: ``nodes`` (node id → its attributes after them, for
    the nodes they may change), ``removed`` (node ids they dropped: their edges, in and out, go
    with them) and ``edges``, the edges they added, each an :data:`EdgeRecord`-like
    ``(place, u, v, key, attributes)`` sorted by ``place``, which sorts it where networkx puts
    it among the partitions' records ``((position of u, first sighting of (u, v), key), …)``:
    a new key of an existing pair after that pair's keys, a new pair after all of ``u``'s."""

    nodes: dict[str, dict] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    edges: list[tuple[tuple, str, str, int, dict]] = field(default_factory=list)


# Sorts after any key of a pair, and (as a 1-tuple) after any position (part, place).
_AFTER = 1 << 62


def touched_nodes(tables: Iterable[EntityTable]) -> set[str]:
    """The node ids the corpus-wide steps may change: every unprinted district and its parents,
    and every project with a longer variant (``merge_project_variants``' candidates) together
    with those variants."""
    parents, removable = _touched(tables)
    return parents | removable


def _touched(tables: Iterable[EntityTable]) -> tuple[set[str], set[str]]:
    """``(parents, removable)``: the districts unprinted districts are re-attached to, and the
    nodes the steps may remove or change — unprinted districts, and projects with a longer
    variant with those variants."""
    tables = list(tables)
    removable: set[str] = set()
    # merge_project_variants' order: longest key first, ties in the graph's node order.
    projects = sorted(sorted(p for t in tables for p in t.projects), key=lambda p: -len(p[2]))
    longer = variant_index([key for _, _, key in projects], _MIN_VARIANT)
    for _, nid, key in projects:
        candidates = longer.get(key) if len(key) >= _MIN_VARIANT else None
        if candidates:
            removable.add(nid)
            removable.update(projects[i][1] for i in candidates)
    parents: set[str] = set()
    for t in tables:
        removable.update(t.implied)
        parents.update(t.parents)
    return parents, removable


def corpus_rewrites(
        tables: Iterable[EntityTable],
        read_edges: Callable[[set[str], set[str]], list[EdgeRecord]],
        read_nodes: Callable[[set[str], set[str]], list[tuple[Position, str, dict]]],
) -> Rewrites:
    """Run the corpus-wide steps on the subgraph they touch and return what they changed.

    ``read_edges(removable, touched)`` gives :func:`subgraph_edges` of every edge of the
    graph, and then ``read_nodes(removable, ends)`` :func:`subgraph_nodes` of every node, in
    any order: the callers read the graph whole or partition by partition, each record once.
    Kept in memory: the nodes the steps may remove or change (unprinted districts, projects
    with variants) with every edge in or out of them; and, without their attributes (label and
    key; an edge's type), the nodes with an edge into those, the districts unprinted ones hang
    from, and those nodes' edges into either — what the steps read to decide and to number new
    edges.  Nothing is read when no node is touched.
    """
    parents, removable = _touched(tables)
    if not removable:
        return Rewrites()
    touched = parents | removable
    edges = read_edges(removable, touched)
    ends = set(touched)
    for _, u, v, _, _ in edges:
        ends.add(u)
        ends.add(v)
    nodes = read_nodes(removable, ends)
    nodes.sort(key=itemgetter(0))
    sub = nx.MultiDiGraph()
    for _, nid, data in nodes:
        sub.add_node(nid, **data)
    edges.sort(key=lambda e: (e[0], e[3]))
    first: dict[tuple[str, str], Position] = {}
    for pair, u, v, key, data in edges:
        sub.add_edge(u, v, key, **data)
        first.setdefault((u, v), pair)
    del edges
    keys_before = {(u, v): set(sub.succ[u][v]) for u, v in first}
    merge_project_variants(prune_implied(sub), _MIN_VARIANT)
    place = {nid: pos for pos, nid, _ in nodes}
    added = []
    for u, out in sub.succ.items():
        tail = 0
        for v, keyed in out.items():
            before = keys_before.get((u, v))
            if before is None:  # a new pair: after u's others, in the order made
                for k, d in keyed.items():
                    added.append(((place[u], (_AFTER,), tail), u, v, k, d))
                    tail += 1
            else:
                new = [k for k in keyed if k not in before]
                for i, k in enumerate(new):
                    added.append(((place[u], first[u, v], _AFTER + i), u, v, k, keyed[k]))
    added.sort(key=itemgetter(0))
    return Rewrites(nodes={n: sub.nodes[n] for n in removable if n in sub},
                    removed={n for n in touched if n not in sub}, edges=added)


def subgraph_edges(edges: Iterable[EdgeRecord], removable: set[str],
                   touched: set[str]) -> list[EdgeRecord]:
    """The edges of the steps' subgraph among ``edges``: those in or out of a ``removable``
    node, whole, and, as stubs (their type alone), those from a node with an edge into a
    removable one to a ``touched`` node.

    ``edges`` are every out-edge of some set of nodes (the whole graph's edges, or one key
    partition's: a partition holds the out-edges of its nodes), so that whether a node has an
    edge into a removable one is known from them alone; read once, in any order.
    """
    kept: list[EdgeRecord] = []
    sources: set[str] = set()
    stubs: list[EdgeRecord] = []  # kept if their u turns out to have an edge into a removable
    for pair, u, v, key, data in edges:
        if v in removable:
            sources.add(u)
            kept.append((pair, u, v, key, data))
        elif u in removable:
            kept.append((pair, u, v, key, data))
        elif v in touched:
            stubs.append((pair, u, v, key, {"type": data["type"]}))
    kept += [e for e in stubs if e[1] in sources]
    return kept


def subgraph_nodes(nodes: Iterable[tuple[Position, str, dict]], ends: set[str],
                   removable: set[str]) -> list[tuple[Position, str, dict]]:
    """The records of ``nodes`` whose id is in ``ends``: whole for a ``removable`` node, else
    a stub (label and key: what the steps read of it)."""
    return [(pos, nid, data if nid in removable else
             {"label": data["label"], "key": data["key"]})
            for pos, nid, data in nodes if nid in ends]


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
