"""The loader's batches: the rows of :mod:`newsgraph.graph.flatten` cut into transactions of at
most :data:`DEFAULT_BATCH_SIZE` rows and about :data:`MAX_BATCH_BYTES` bytes of parameters, each
with its ``UNWIND … MERGE`` statement (:func:`plan_batches`).  The order is deterministic — node
labels in schema order, then relationship types, rows in graph order — which is what makes the
resume state of :mod:`newsgraph.graph.load_state` meaningful.
"""
from __future__ import annotations

import dataclasses
import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
from newsgraph.graph.flatten import (ColumnTypes, graph_index, iter_node_rows,
                                     iter_relationship_rows, node_rows, relationship_rows)
from newsgraph.graph.neo4j_cypher import node_merge_query, relationship_merge_query

from newsgraph.schema import Label, RelType

__all__ = ["DEFAULT_BATCH_SIZE", "MAX_BATCH_BYTES", "Batch", "RowSpill", "SpilledBatches",
           "plan_batches", "plan_order", "spill_rows"]

#: Rows per transaction.  Measured with ``benchmarks/bench_load.py --batch-sizes`` on the
#: embedded ArcadeDB server (2 cores, 40 k rows of replicated corpus graph, fresh server per
#: size, two runs): 100 → 2.1 k rows/s, 500 → 2.2-2.4 k, 1000 → 2.2-2.3 k, 2000 → 2.4 k,
#: 5000 → 1.7-3.4 k (unstable).  Throughput is flat from 500 to 2000, so 1000 keeps a failed
#: batch (and its retry) small without costing speed.
DEFAULT_BATCH_SIZE = 1000


@dataclasses.dataclass
class Batch:
    """One transaction's worth of rows.

    ``kind`` is ``"nodes"`` or ``"relationships"``; ``label`` is the node label, or
    ``(type, start label, end label)`` for relationships; ``query`` the Cypher run with
    ``{"rows": rows}``.
    """

    index: int
    kind: str
    label: object
    rows: list[dict]
    query: str
    first_row: int

    def describe(self) -> str:
        """Human-readable ``"nodes Official rows 1000-1999"``."""
        what = self.label if self.kind == "nodes" else f"{self.label[1]}->{self.label[0]}->{self.label[2]}"
        return f"{self.kind} {what} rows {self.first_row}-{self.first_row + len(self.rows) - 1}"



def _row_bytes(row: dict) -> int:
    """An upper bound of the row's size on the wire: 3 bytes per character (UTF-8 of CJK) plus
    a little per value.  Cheaper than serialising the row, which cost as much as building it."""
    n = 64
    for part in (row["props"], row["lists"]):
        for k, v in part.items():
            n += len(k) + 16
            if isinstance(v, list):
                n += sum(3 * len(x) + 8 if isinstance(x, str) else 16 for x in v)
            else:
                n += 3 * len(v) if isinstance(v, str) else 16
    return n + 3 * (len(row.get("key", "")) + len(row.get("start", "")) + len(row.get("end", "")))


def _chunks(rows: list[dict], batch_size: int, max_bytes: int) -> Iterable[tuple[int, list[dict]]]:
    """Yield ``(first index, rows)`` chunks of at most ``batch_size`` rows and at most about
    ``max_bytes`` bytes; a single larger row still forms its own chunk."""
    start, size = 0, 0
    for i, row in enumerate(rows):
        n = _row_bytes(row)
        if i > start and (i - start >= batch_size or size + n > max_bytes):
            yield start, rows[start:i]
            start, size = i, 0
        size += n
    if start < len(rows):
        yield start, rows[start:]


#: Upper bound on one batch's parameter size.  Bolt servers cap a message (ArcadeDB at 16 MiB,
#: ``arcadedb.bolt.maxMessageSize``), and corpus nodes with dozens of evidence sentences make
#: rows of tens of kilobytes, so a row count alone does not bound a batch.
MAX_BATCH_BYTES = 4 * 1024 * 1024


def plan_batches(
    g: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE, max_bytes: int = MAX_BATCH_BYTES
) -> tuple[list[Batch], int, int]:
    """Cut ``g`` into :class:`Batch` es of at most ``batch_size`` rows and about ``max_bytes``
    bytes of parameters.

    Returns ``(batches, skipped_nodes, skipped_edges)``.  The order is deterministic for a given
    graph and batch size (labels and types in schema order, rows in graph order), which is what
    makes the resume state meaningful.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    nrows, skipped_nodes = node_rows(g)
    rrows, skipped_edges = relationship_rows(g)
    tables = {("nodes", label): rows for label, rows in nrows.items()}
    tables.update((("relationships", key), rows) for key, rows in rrows.items())
    batches: list[Batch] = []
    for kind, key in plan_order(tables):
        rows = tables[kind, key]
        query = _query(kind, key, {n for r in rows for n in r["lists"]})
        for i, chunk in _chunks(rows, batch_size, max_bytes):
            batches.append(Batch(len(batches), kind, _label_value(kind, key), chunk, query, i))
    return batches, skipped_nodes, skipped_edges


def plan_order(keys: Iterable[tuple]) -> list[tuple]:
    """The row tables ``keys`` — ``("nodes", label)`` and ``("relationships", (type, start
    label, end label))``, in order of first sight — in the loader's order: node labels in
    schema order, then relationship types in schema order, each type's end labels in order
    of first sight (empty tables are for the caller to leave out)."""
    keys = list(keys)
    out = [("nodes", label) for label in Label if ("nodes", label) in keys]
    for rtype in RelType:
        out += [(kind, key) for kind, key in keys if kind == "relationships" and key[0] is rtype]
    return out


def _query(kind: str, key, lists: set[str]) -> str:
    if kind == "nodes":
        return node_merge_query(key, lists)
    return relationship_merge_query(*key, lists)


def _label_value(kind: str, key):
    """A batch's ``label``: the node label's value, or the values of (type, start, end)."""
    return key.value if kind == "nodes" else tuple(x.value for x in key)


class RowSpill:
    """The rows of one label (or relationship type and end labels), cut into batches as
    :func:`_chunks` cuts them, pickled to the file ``path`` a batch at a time: :meth:`add`
    rows, :meth:`finish`, then :meth:`read` the batches ``(first row index, rows)``, as often
    as needed.  ``columns`` are the rows' :class:`~newsgraph.graph.flatten.ColumnTypes` (their
    list properties, for the batch's query, are ``columns.lists``)."""

    def __init__(self, path: Path, batch_size: int, max_bytes: int) -> None:
        self.path, self.batch_size, self.max_bytes = path, batch_size, max_bytes
        self.file = open(path, "wb")
        self.rows: list[dict] = []
        self.size = 0
        self.first = 0  # index of the first row of the open batch
        self.batches = 0
        self.columns = ColumnTypes()
        self.count = 0  # rows added

    def add(self, row: dict) -> None:
        n = _row_bytes(row)
        if self.rows and (len(self.rows) >= self.batch_size or self.size + n > self.max_bytes):
            self._dump()
        self.rows.append(row)
        self.size += n
        self.columns.add(row)
        self.count += 1

    def _dump(self) -> None:
        pickle.dump((self.first, self.rows), self.file, pickle.HIGHEST_PROTOCOL)
        self.batches += 1
        self.first += len(self.rows)
        self.rows, self.size = [], 0

    def finish(self) -> None:
        if self.rows:
            self._dump()
        self.file.close()

    def read(self) -> Iterator[tuple[int, list[dict]]]:
        with open(self.path, "rb") as f:
            for _ in range(self.batches):
                yield pickle.load(f)


def spill_rows(graph, folder: Path, batch_size: int = DEFAULT_BATCH_SIZE,
               max_bytes: int = MAX_BATCH_BYTES) -> tuple[dict[tuple, RowSpill], int, int]:
    """The rows of ``graph`` (networkx or streamed: read twice, for its
    :class:`~newsgraph.graph.flatten.GraphIndex` then for the rows) cut into batches in files
    of ``folder``: ``({("nodes", label) or ("relationships", (type, start label, end
    label)): RowSpill}, skipped nodes, skipped edges)``, the keys in order of first sight."""
    spills: dict[tuple, RowSpill] = {}
    skipped_nodes = skipped_edges = 0

    def spill(key) -> RowSpill:
        if key not in spills:
            spills[key] = RowSpill(folder / f"{len(spills)}.pickle", batch_size, max_bytes)
        return spills[key]

    try:
        index = graph_index(graph)
        for label, row in iter_node_rows(graph, index):
            if row is None:
                skipped_nodes += 1
            else:
                spill(("nodes", label)).add(row)
        for key, row in iter_relationship_rows(graph, index):
            if row is None:
                skipped_edges += 1
            else:
                spill(("relationships", key)).add(row)
    finally:
        for s in spills.values():
            s.finish()
    return spills, skipped_nodes, skipped_edges


class SpilledBatches:
    """The batches of a graph read as streams (a :class:`~newsgraph.graph.io.StreamedGraph`,
    e.g. a Parquet graph), the same as :func:`plan_batches` of the graph in memory gives, in
    the same order, held in a temporary folder (under ``tmp``) instead of in memory: the graph
    is read twice (once for its :class:`~newsgraph.graph.flatten.GraphIndex`, once for the
    rows, each cut into its batch as it comes), then each batch is read back when it is
    loaded.  Memory: the index and one open batch per label and type.

    ``len()`` is the number of batches; iterating gives them (again at each iteration);
    ``skipped_nodes`` and ``skipped_edges`` as :func:`plan_batches` returns them.
    :meth:`close` (or garbage collection) removes the folder.  Raises ``OSError`` when the
    folder cannot be written.
    """

    def __init__(self, graph, batch_size: int = DEFAULT_BATCH_SIZE,
                 max_bytes: int = MAX_BATCH_BYTES, tmp: str | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.folder = Path(tempfile.mkdtemp(prefix="newsgraph-load-", dir=tmp))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)
        spills, self.skipped_nodes, self.skipped_edges = spill_rows(
            graph, self.folder, batch_size, max_bytes)
        self._plan = [(kind, _label_value(kind, key), _query(kind, key, set(s.columns.lists)), s)
                      for kind, key in plan_order(spills) for s in [spills[kind, key]]]
        self.total = sum(s.batches for *_, s in self._plan)

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Batch]:
        index = 0
        for kind, label, query, s in self._plan:
            for first, rows in s.read():
                yield Batch(index, kind, label, rows, query, first)
                index += 1

    def close(self) -> None:
        """Remove the temporary folder."""
        self._finalizer()
