"""The loader's batches: the rows of :mod:`newsgraph.graph.flatten` cut into transactions of at
most :data:`DEFAULT_BATCH_SIZE` rows and about :data:`MAX_BATCH_BYTES` bytes of parameters, each
with its ``UNWIND … MERGE`` statement (:func:`plan_batches`).  The order is deterministic — node
labels in schema order, then relationship types, rows in graph order — which is what makes the
resume state of :mod:`newsgraph.graph.load_state` meaningful.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import networkx as nx
from newsgraph.graph.flatten import node_rows, relationship_rows
from newsgraph.graph.neo4j_cypher import node_merge_query, relationship_merge_query

from newsgraph.schema import Label, RelType

__all__ = ["DEFAULT_BATCH_SIZE", "MAX_BATCH_BYTES", "Batch", "plan_batches"]

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
    batches: list[Batch] = []
    for label in Label:
        rows = nrows.get(label, [])
        if not rows:
            continue
        query = node_merge_query(label, {n for r in rows for n in r["lists"]})
        for i, chunk in _chunks(rows, batch_size, max_bytes):
            batches.append(Batch(len(batches), "nodes", label.value, chunk, query, i))
    for rtype in RelType:
        for (t, lu, lv), rows in rrows.items():
            if t is not rtype:
                continue
            query = relationship_merge_query(t, lu, lv, {n for r in rows for n in r["lists"]})
            for i, chunk in _chunks(rows, batch_size, max_bytes):
                batches.append(Batch(len(batches), "relationships", (t.value, lu.value, lv.value), chunk, query, i))
    return batches, skipped_nodes, skipped_edges
