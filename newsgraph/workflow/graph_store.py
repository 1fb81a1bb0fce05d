"""A build's graph on disk, cut into partitions by node key: the parts of pass 2 go to the
partitions' files as they come, each partition is merged on its own (by a worker process, or a
Dask task), and the corpus graph is read back as two streams, nodes then edges, in the order of
the networkx graph the single merge and :meth:`~newsgraph.graph.build.GraphBuilder.finish`
give.  No step holds more than a partition of the graph, so a build's memory is bounded by the
partition size, not by the corpus.

Files in the store's folder (pickle frames, so that each is read a chunk at a time):

- ``slices-P.pickle``: partition P's slice of every part (:func:`.partitioned.split_part`);
- ``nodes-P.pickle``: its merged nodes ``(first position, id, attributes)``, by position;
- ``edges-P.pickle``: its merged edges ``((position of u, first sighting of (u, v), key), u, v,
  key, attributes)``, in that order, which is networkx's adjacency order (``u`` in node order,
  then its successors in the order they were first linked, then the keys).
"""
from __future__ import annotations

import heapq
import logging
import math
import pickle
import shutil
import tempfile
import time
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path

import networkx as nx

from ..graph.build import GraphPart
from ..graph.corpus_steps import (EntityTable, Rewrites, corpus_rewrites, entity_table,
                                  subgraph_edges, subgraph_nodes)
from .partitioned import Partition, merge_slices, split_part

log = logging.getLogger("newsgraph.build")

__all__ = ["GraphStore", "PARTITION_BYTES", "partitions_for", "merge_partition_file",
           "partition_subgraph"]

#: Bytes of input text per partition: a partition of the graph of 16 MB of text holds a few
#: hundred megabytes of Python objects while it is merged.
PARTITION_BYTES = 16 << 20
_CHUNK = 2048  # records per pickle frame


def partitions_for(text_bytes: int, workers: int) -> int:
    """The partitions of a build of ``text_bytes`` bytes of input on ``workers`` workers: one
    per :data:`PARTITION_BYTES`, and, when there is more than one partition's worth, a multiple
    of the workers (the partitions are merged in parallel, in rounds of one per worker)."""
    n = math.ceil(text_bytes / PARTITION_BYTES)
    return math.ceil(n / workers) * workers if n > 1 else 1


def _dump_chunks(path: Path, records: Iterable) -> None:
    with open(path, "wb") as f:
        chunk = []
        for r in records:
            chunk.append(r)
            if len(chunk) == _CHUNK:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)


def _frames(path: Path) -> Iterator:
    """Every object pickled into ``path``, in order (none if it does not exist)."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return
    with f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def _records(path: Path) -> Iterator:
    for chunk in _frames(path):
        yield from chunk


def write_partition(folder: Path, p: int, merged: Partition) -> EntityTable:
    """Write a merged partition's node and edge files (see the module) and return its
    :class:`~newsgraph.graph.corpus_steps.EntityTable`."""
    _dump_chunks(folder / f"nodes-{p}.pickle", merged.nodes)
    place = {nid: pos for pos, nid, _ in merged.nodes}
    first_pair: dict[tuple[str, str], list] = {}  # (u, v) → [first position, next key]
    edges = []
    for pos, (u, v, _), data in merged.edges:  # by first sighting: keys as networkx gives them
        pair = first_pair.setdefault((u, v), [pos, 0])
        edges.append(((place[u], pair[0], pair[1]), u, v, pair[1], data))
        pair[1] += 1
    edges.sort(key=itemgetter(0))
    _dump_chunks(folder / f"edges-{p}.pickle", edges)
    return entity_table(merged.nodes, ((u, v, d) for _, u, v, _, d in edges))


def merge_partition_file(folder: Path, p: int) -> EntityTable:
    """Merge partition ``p`` of the store in ``folder`` from its slices file (which is then
    removed) into its node and edge files: what a worker process runs."""
    slices = folder / f"slices-{p}.pickle"
    table = write_partition(folder, p, merge_slices(_frames(slices)))
    slices.unlink(missing_ok=True)
    return table


def partition_subgraph(folder: Path, p: int, what: str) -> list:
    """What partition ``p`` of the store in ``folder`` holds of the corpus-wide steps'
    subgraph, by the plan :meth:`GraphStore.finish` left in ``steps-WHAT.pickle``: for
    ``what="edges"`` its edges of the subgraph
    (:func:`~newsgraph.graph.corpus_steps.subgraph_edges`, as
    :data:`~newsgraph.graph.corpus_steps.EdgeRecord`), for ``"nodes"`` its nodes of it
    (:func:`~newsgraph.graph.corpus_steps.subgraph_nodes`): what a worker process runs."""
    removable, wanted = _plan(folder / f"steps-{what}.pickle")
    if what == "edges":
        return subgraph_edges(((key[1], u, v, k, d) for key, u, v, k, d
                               in _records(folder / f"edges-{p}.pickle")), removable, wanted)
    return subgraph_nodes(_records(folder / f"nodes-{p}.pickle"), wanted, removable)


# Read once per process and round, not once per partition: the sets name every touched node
# (each round has its own file, so a worker's cached plan is never another round's).
@lru_cache(maxsize=1)
def _plan(path: Path) -> tuple:
    with open(path, "rb") as f:
        return pickle.load(f)


class GraphStore:
    """The graph of a build, in ``partitions`` key partitions in a temporary folder (under
    ``tmp``, the system's by default), which is removed by :meth:`close` or when the store is
    garbage-collected.

    Fill it with :meth:`add_part` (each part of pass 2, in input order) then :meth:`merge`, or
    with :meth:`put_merged` for every partition merged elsewhere then :meth:`finish`; read it
    with :meth:`nodes` and :meth:`edges` (streams) or :meth:`to_networkx`.  Raises ``OSError``
    when the folder cannot be made or written.
    """

    def __init__(self, partitions: int, tmp: str | None = None) -> None:
        self.partitions = partitions
        self.folder = Path(tempfile.mkdtemp(prefix="newsgraph-graph-", dir=tmp))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._parts = 0
        self._slices: list = [None] * partitions
        self._tables: dict[int, EntityTable] = {}
        self._rewrites: Rewrites | None = None
        self._labels: Counter | None = None  # tallied by the first whole pass of nodes()
        self._types: Counter | None = None  # and of edges()

    def close(self) -> None:
        """Remove the store's folder (the store cannot be read after)."""
        self._close_slices()
        self._finalizer()

    def _close_slices(self) -> None:
        for f in self._slices:
            if f is not None:
                f.close()
        self._slices = [None] * self.partitions

    # -- filling ---------------------------------------------------------------------------
    def add_part(self, part: GraphPart) -> None:
        """Add the next part of the build (parts in input order), cut by node key into the
        partitions' slice files."""
        for p, s in enumerate(split_part(part, self._parts, self.partitions)):
            if s.node_at or s.edge_at:
                if self._slices[p] is None:
                    self._slices[p] = open(self.folder / f"slices-{p}.pickle", "wb")
                pickle.dump(s, self._slices[p], pickle.HIGHEST_PROTOCOL)
        self._parts += 1

    def merge(self, map_: Callable = map) -> None:
        """:meth:`merge_partitions`, then :meth:`finish`."""
        self.merge_partitions(map_)
        self.finish()

    def merge_partitions(self, map_: Callable = map) -> None:
        """Merge every partition from its slices (``map_`` a pool's ``map`` to merge them in
        parallel with :func:`merge_partition_file`)."""
        self._close_slices()
        for p, table in enumerate(map_(merge_partition_file, [self.folder] * self.partitions,
                                       range(self.partitions))):
            self._tables[p] = table

    def put_merged(self, p: int, merged: Partition) -> None:
        """Store partition ``p`` merged elsewhere (a Dask task)."""
        self._tables[p] = write_partition(self.folder, p, merged)

    def finish(self, map_: Callable = map) -> None:
        """Run the corpus-wide steps (:mod:`~newsgraph.graph.corpus_steps`) once every
        partition is merged: what they read of the graph is read partition by partition with
        :func:`partition_subgraph` (``map_`` a pool's ``map`` to read them in parallel), each
        file once; the steps then run here on that subgraph."""
        missing = set(range(self.partitions)) - set(self._tables)
        if missing:
            raise RuntimeError(f"partitions {sorted(missing)} were not merged")
        started = time.perf_counter()

        def read(what: str, removable: set[str], wanted: set[str]) -> list:
            plan = self.folder / f"steps-{what}.pickle"
            with open(plan, "wb") as f:
                pickle.dump((removable, wanted), f, pickle.HIGHEST_PROTOCOL)
            try:
                return [r for part in map_(partition_subgraph, [self.folder] * self.partitions,
                                           range(self.partitions), [what] * self.partitions)
                        for r in part]
            finally:
                plan.unlink(missing_ok=True)
                _plan.cache_clear()

        self._rewrites = rw = corpus_rewrites(self._tables.values(), partial(read, "edges"),
                                              partial(read, "nodes"))
        self._tables = {}
        log.info("corpus-wide steps: %.1f s, %d node(s) changed, %d removed, %d edge(s) added",
                 time.perf_counter() - started, len(rw.nodes), len(rw.removed), len(rw.edges))

    # -- reading ---------------------------------------------------------------------------
    def _done(self) -> Rewrites:
        if self._rewrites is None:
            raise RuntimeError("the store is read before finish()")
        return self._rewrites

    def nodes(self) -> Iterator[tuple[str, dict]]:
        """``(id, attributes)`` of every node, in the graph's order."""
        rw = self._done()
        streams = [_records(self.folder / f"nodes-{p}.pickle") for p in range(self.partitions)]
        labels: Counter = Counter()
        for _, nid, data in heapq.merge(*streams, key=itemgetter(0)):
            if nid in rw.removed:
                continue
            data = rw.nodes.get(nid, data)
            data.pop("implied", None)
            labels[data["label"]] += 1
            yield nid, data
        self._labels = labels

    def edges(self) -> Iterator[tuple[str, str, int, dict]]:
        """``(u, v, key, attributes)`` of every edge, in the graph's order (networkx's
        ``edges(keys=True, data=True)``)."""
        rw = self._done()
        gone = rw.removed
        streams = [(r for r in _records(self.folder / f"edges-{p}.pickle")
                    if r[1] not in gone and r[2] not in gone)
                   for p in range(self.partitions)]
        types: Counter = Counter()
        for _, u, v, k, d in heapq.merge(*streams, rw.edges, key=itemgetter(0)):
            types[d["type"]] += 1
            yield u, v, k, d
        self._types = types

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in memory (what :meth:`GraphBuilder.finish` returns)."""
        g = nx.MultiDiGraph()
        for nid, data in self.nodes():
            g.add_node(nid, **data)
        for u, v, k, data in self.edges():
            g.add_edge(u, v, k, **data)
        return g

    def counts(self) -> tuple[Counter, Counter]:
        """``(nodes per label, edges per type)``: tallied by the last whole read of the
        streams, or read through them now."""
        if self._labels is None:
            for _ in self.nodes():
                pass
        if self._types is None:
            for _ in self.edges():
                pass
        return self._labels, self._types
