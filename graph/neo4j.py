"""Load a newsgraph graph (``graph.json``) into Neo4j or any Bolt server speaking its Cypher
(the embedded ArcadeDB one included) with the official ``neo4j`` driver.

How the graph maps onto Neo4j
-----------------------------
Labels and relationship types come from :mod:`newsgraph.schema` only; a node whose ``label`` is
not a :class:`~newsgraph.schema.Label` (or an edge whose ``type`` is not a
:class:`~newsgraph.schema.RelType`) is skipped and counted, never spliced into Cypher.  Every value
travels as a query parameter.  One node per graph node, merged on (label, ``key``); all parallel
edges of one type between one ordered pair of nodes become ONE relationship, merged on (start
node, type, end node), so loading twice changes nothing.  Their properties are the rows of
:mod:`newsgraph.graph.flatten` (whose docstring has the table of properties and merge rules):
``props`` are set (``SET n += row.props``, overwritten by a later load), ``lists`` merged by union
in order of first sight.

Portability (Neo4j 5 and ArcadeDB's Bolt endpoint)
-------------------------------------------------
All Cypher the loader sends is built in :mod:`newsgraph.graph.neo4j_cypher` (``remove_source`` and
the counts in :mod:`newsgraph.graph.neo4j_maintenance` write theirs), and the only schema
statement is :func:`~newsgraph.graph.neo4j_cypher.constraint_statements`.  ArcadeDB 26.10
accepts every statement used here verbatim —
``CREATE CONSTRAINT name IF NOT EXISTS FOR (n:L) REQUIRE n.key IS UNIQUE`` (backed by a unique
``L[key]`` index, listed by ``SHOW CONSTRAINTS``), ``UNWIND … MERGE``, ``SET n += map``, list
comprehensions, ``CASE`` — so the statements have no per-server branch.  The one behavioural
difference the loader handles is concurrency: two loads MERGE-creating the same key at once fail
one commit on ArcadeDB with a duplicate-key error where Neo4j would make one wait; see
:func:`_is_merge_race`.  Relationships have no such guard: two loads MERGE-ing the same
relationship at the same moment can leave it twice on ArcadeDB (Neo4j's MERGE locks both end
nodes; ArcadeDB merges the concurrent edge-list changes), so run loads into one database one at
a time — sequential loads are idempotent on both servers.  Differences met while writing the queries (``queries/*.cypher``
avoid them): ``'x' IN collect(…)`` evaluated in the same ``RETURN`` as the aggregation yields
``null`` instead of ``false`` on ArcadeDB (aggregate in a ``WITH`` first); a node with two labels
becomes an ArcadeDB composite type (newsgraph gives each node exactly one label); ArcadeDB 26.10
speaks Bolt 5.4 with routing (``neo4j://``), bookmarks and notification filters, so the sessions
of :mod:`newsgraph.graph.bolt` behave as on Neo4j.  ArcadeDB reports write conflicts as
``Neo.TransientError.Transaction.DeadlockDetected``, which the driver's managed transactions
retry like Neo4j's deadlocks.

Loading
-------
:func:`~newsgraph.graph.neo4j_cypher.ensure_constraints` first (``CREATE CONSTRAINT … IF NOT
EXISTS … REQUIRE n.key IS UNIQUE``, which both Neo4j 5 and ArcadeDB accept), then
:func:`~newsgraph.graph.neo4j_batches.plan_batches` cuts the rows into batches — node labels in
schema order, then relationship types — each written by one
``UNWIND $rows AS row MERGE …`` in one managed transaction (``session.execute_write``, which the
driver retries on transient errors such as deadlocks and lost connections; ArcadeDB reports its
concurrent-modification conflicts as ``Neo.TransientError.Transaction.DeadlockDetected``).  A
failed batch is rolled back whole; earlier batches stay committed and are recorded in a state
file beside ``graph.json`` (:mod:`newsgraph.graph.load_state`) so that ``resume=True`` skips
them.  Removing a source file's contribution and counting are in
:mod:`newsgraph.graph.neo4j_maintenance`.
"""
from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable

import networkx as nx
from newsgraph.graph.bolt import session
from newsgraph.graph.load_state import LoadState
from newsgraph.graph.neo4j_batches import (DEFAULT_BATCH_SIZE, MAX_BATCH_BYTES, Batch,
                                           SpilledBatches, plan_batches)
from newsgraph.graph.neo4j_cypher import ensure_constraints

from newsgraph.schema import KEY

__all__ = ["LoadBatchError", "LoadReport", "load_graph"]


class LoadBatchError(RuntimeError):
    """Batch ``index`` (0-based) of ``total`` failed and was rolled back; batches before it that
    this run executed are committed and recorded in the state file.

    Attributes: ``index``, ``total``, ``description``, ``state_path``, ``cause``.
    """

    def __init__(self, index: int, total: int, description: str, cause: BaseException, state_path):
        self.index, self.total, self.description = index, total, description
        self.cause, self.state_path = cause, state_path
        msg = getattr(cause, "message", None) or str(cause) or type(cause).__name__
        resume = (
            f"fix the cause and run the same `newsgraph load` again with --resume to continue at batch {index + 1}"
            if state_path
            else "fix the cause and load again (loading is idempotent)"
        )
        super().__init__(
            f"batch {index + 1}/{total} ({description}) failed and was rolled back: "
            f"{msg.splitlines()[0] if msg else type(cause).__name__}; "
            f"{f'batches 1-{index} are committed' if index else 'no batch was committed'}; {resume}"
        )


@dataclasses.dataclass
class LoadReport:
    """What :func:`load_graph` did: rows written per label / relationship type, batches run and
    skipped (``--resume``), graph nodes/edges skipped for an unknown label/type, and seconds."""

    nodes: dict[str, int] = dataclasses.field(default_factory=dict)
    relationships: dict[str, int] = dataclasses.field(default_factory=dict)
    batches_run: int = 0
    batches_skipped: int = 0
    batches_total: int = 0
    skipped_nodes: int = 0
    skipped_edges: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        """Node rows plus relationship rows written in this run."""
        return sum(self.nodes.values()) + sum(self.relationships.values())



# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------
def load_graph(
    driver,
    g,
    *,
    database: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    state_path: str | os.PathLike | None = None,
    fingerprint: str | None = None,
    target: str = "",
    resume: bool = False,
    progress: Callable[[Batch, int], None] | None = None,
) -> LoadReport:
    """Merge ``g`` into ``database``; return a :class:`LoadReport`.

    Parameters
    ----------
    driver:
        A ``neo4j.Driver``.
    g:
        The graph: a ``networkx.MultiDiGraph`` (as from :func:`newsgraph.graph.io.read_graph`),
        or one read as streams (a :class:`~newsgraph.graph.io.StreamedGraph`: a
        :class:`~newsgraph.graph.parquet.ParquetGraph`), whose batches are cut as it is read
        and kept on disk until loaded (:class:`~newsgraph.graph.neo4j_batches.SpilledBatches`:
        the same batches, in the same order).
    batch_size:
        Rows per transaction.
    state_path, fingerprint, target:
        Where to record finished batches (:func:`~newsgraph.graph.load_state.state_path_for`),
        the graph's :func:`~newsgraph.graph.load_state.graph_fingerprint`, and a string naming
        the server/database; without ``state_path`` nothing is recorded.
    resume:
        Skip the batches that the state file records as done for the same fingerprint, batch
        size and target.
    progress:
        Called as ``progress(batch, total)`` after each committed batch.

    Raises
    ------
    LoadBatchError
        A batch failed (after the driver's retries for transient errors); it was rolled back.
    newsgraph.graph.load_state.ResumeStateError
        ``resume`` with a state file from another graph, batch size or target.
    newsgraph.graph.neo4j_cypher.SchemaConflictError
        An index or constraint made by another tool stops a (label, key) constraint.
    """
    t0 = time.perf_counter()
    ensure_constraints(driver, database)
    spilled = None
    if isinstance(g, nx.Graph):
        batches, skipped_nodes, skipped_edges = plan_batches(g, batch_size)
    else:  # read as streams: the batches wait on disk, not in memory
        batches = spilled = SpilledBatches(g, batch_size)
        skipped_nodes, skipped_edges = spilled.skipped_nodes, spilled.skipped_edges
    try:
        return _load_batches(driver, batches, skipped_nodes, skipped_edges, t0,
                             database=database, batch_size=batch_size, state_path=state_path,
                             fingerprint=fingerprint, target=target, resume=resume,
                             progress=progress)
    finally:
        if spilled is not None:
            spilled.close()


def _load_batches(driver, batches, skipped_nodes: int, skipped_edges: int, t0: float, *,
                  database: str, batch_size: int, state_path, fingerprint, target: str,
                  resume: bool, progress) -> LoadReport:
    report = LoadReport(batches_total=len(batches), skipped_nodes=skipped_nodes, skipped_edges=skipped_edges)
    state = LoadState(
        state_path,
        {"graph_sha256": fingerprint, "batch_size": batch_size, "max_batch_bytes": MAX_BATCH_BYTES,
         "target": target, "total": len(batches)},
    )
    if resume:
        state.resume()

    import neo4j  # local: keeps `import newsgraph.graph.neo4j` cheap for row-building uses

    with session(driver, database) as s:
        for batch in batches:
            if batch.index in state.done:
                report.batches_skipped += 1
                continue
            try:
                _write_batch(s, batch)
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
                state.save()
                raise LoadBatchError(batch.index, len(batches), batch.describe(), exc, state.path) from exc
            state.done.add(batch.index)
            state.save()
            name = batch.label if batch.kind == "nodes" else batch.label[0]
            bucket = report.nodes if batch.kind == "nodes" else report.relationships
            bucket[name] = bucket.get(name, 0) + len(batch.rows)
            report.batches_run += 1
            if progress is not None:
                progress(batch, len(batches))
    report.seconds = time.perf_counter() - t0
    return report


#: How often a batch is re-run after losing a MERGE race (see :func:`_is_merge_race`).
MERGE_RACE_RETRIES = 5
_KEY_INDEX = re.compile(r"Duplicated key .* on index '[A-Za-z]+\[" + KEY + r"\]'")


def _is_merge_race(exc: BaseException) -> bool:
    """True for ArcadeDB's answer to two transactions MERGE-creating the same key at once.

    Neo4j serialises such MERGEs on the uniqueness constraint's lock; ArcadeDB lets both run and
    fails the second commit with ``ConstraintValidationFailed`` "Duplicated key … on index
    'Label[key]'", a client error the driver does not retry.  Re-running the batch is correct —
    the MERGE now matches the committed node — so this one case is retried here.  This is the
    loader's only ArcadeDB-specific branch; a duplicate on any other index (a user's own
    constraint) stays a real failure.
    """
    import neo4j

    return isinstance(exc, neo4j.exceptions.ConstraintError) and bool(_KEY_INDEX.search(exc.message or ""))


def _write_batch(session, batch: Batch) -> None:
    """Run one batch in a managed write transaction (the driver retries transient errors for
    up to ``max_transaction_retry_time``), re-running it after a lost MERGE race."""
    for attempt in range(MERGE_RACE_RETRIES + 1):
        try:
            session.execute_write(_run_batch, batch.query, batch.rows)
            return
        except Exception as exc:
            if attempt == MERGE_RACE_RETRIES or not _is_merge_race(exc):
                raise
            time.sleep(0.05 * (attempt + 1))


def _run_batch(tx, query: str, rows: list[dict]) -> int:
    # A transaction function may run several times (driver retries), so it only reads its args.
    record = tx.run(query, rows=rows).single()
    return record["written"] if record else 0
