"""The merge of a build's graph parts partitioned by entity key, as the Dask engine does it: each
part is split by the key of its nodes (an edge goes with its source node), each partition's
slices are merged apart, in input order, and the partitions are read back together in the
order of first appearance (:mod:`.graph_store`), which gives the graph the parts merged one
after another give (:meth:`~newsgraph.graph.build.GraphBuilder.merge`).

Why it is the same graph: what ``merge`` does to a node or an edge depends only on that node's
or edge's own sightings, in order, so a partition that sees all of them, in order, merges it
alike; and the single merge creates nodes and edges in the order of their first sighting, which
the recorded positions ``(part, place in the part)`` restore.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from ..graph.build import GraphBuilder, GraphPart
from ..graph.corpus_steps import Position

__all__ = ["Slice", "Partition", "partition_of", "split_part", "merge_slices"]



class Slice(NamedTuple):
    """The nodes and edges of one part that fall in one partition, with their positions."""

    part: GraphPart
    node_at: list[Position]
    edge_at: list[Position]


class Partition(NamedTuple):
    """A partition merged: ``nodes`` ``[(first position, id, attributes)]`` and ``edges``
    ``[(first position, (u, v, type), attributes)]``, each by first position, and ``offered``
    (:attr:`GraphPart.offered` of its nodes)."""

    nodes: list[tuple[Position, str, dict]]
    edges: list[tuple[Position, tuple[str, str, str], dict]]
    offered: dict[str, dict[str, None]]


def partition_of(node: str, partitions: int) -> int:
    """The partition (``0 … partitions-1``) of a node id: CRC-32 of its UTF-8, the same in
    every process (``hash`` of a str is not)."""
    return zlib.crc32(node.encode("utf-8")) % partitions


def split_part(part: GraphPart, index: int, partitions: int) -> list[Slice]:
    """``part`` (the ``index``-th of the build) cut into ``partitions`` slices, by
    :func:`partition_of` its nodes and its edges' source nodes."""
    slices = [Slice(GraphPart([], [], {}), [], []) for _ in range(partitions)]
    for at, (nid, data) in enumerate(part.nodes):
        s = slices[partition_of(nid, partitions)]
        s.part.nodes.append((nid, data))
        s.node_at.append((index, at))
        if nid in part.offered:
            s.part.offered[nid] = part.offered[nid]
    for at, (ek, data) in enumerate(part.edges):
        s = slices[partition_of(ek[0], partitions)]
        s.part.edges.append((ek, data))
        s.edge_at.append((index, at))
    return slices


def merge_slices(slices: Iterable[Slice]) -> Partition:
    """Merge one partition's slices, given in input order (the slices are consumed)."""
    builder = GraphBuilder()
    first_node: dict[str, Position] = {}
    first_edge: dict[tuple[str, str, str], Position] = {}
    for s in slices:
        for (nid, _), at in zip(s.part.nodes, s.node_at):
            first_node.setdefault(nid, at)
        for (ek, _), at in zip(s.part.edges, s.edge_at):
            first_edge.setdefault(ek, at)
        builder.merge(s.part)
    merged = builder.part()
    # An edge's target in another partition is a bare node here (networkx adds it): left out.
    nodes = sorted(((first_node[nid], nid, data) for nid, data in merged.nodes
                    if nid in first_node), key=itemgetter(0))
    edges = sorted(((first_edge[ek], ek, data) for ek, data in merged.edges), key=itemgetter(0))
    return Partition(nodes, edges, {n: merged.offered[n] for _, n, _ in nodes
                                    if n in merged.offered})
