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
All Cypher the loader sends is built in the "Cypher" section below (``remove_source`` and the
counts in :mod:`newsgraph.graph.neo4j_maintenance` write theirs), and the only schema statement
is :func:`constraint_statements`.  ArcadeDB 26.10 accepts every statement used here verbatim —
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
:func:`ensure_constraints` first (``CREATE CONSTRAINT … IF NOT EXISTS … REQUIRE n.key IS
UNIQUE``, which both Neo4j 5 and ArcadeDB accept), then :func:`plan_batches` cuts the rows into
batches — node labels in schema order, then relationship types — each written by one
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
from collections.abc import Callable, Iterable

import networkx as nx
from newsgraph.graph.bolt import session
from newsgraph.graph.flatten import node_rows, relationship_rows
from newsgraph.graph.load_state import LoadState

from newsgraph.schema import KEY, Label, RelType

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "MAX_BATCH_BYTES",
    "Batch",
    "LoadBatchError",
    "LoadReport",
    "SchemaConflictError",
    "constraint_statements",
    "ensure_constraints",
    "load_graph",
    "plan_batches",
    "quote_name",
]

#: Rows per transaction.  Measured with ``benchmarks/bench_load.py --batch-sizes`` on the
#: embedded ArcadeDB server (2 cores, 40 k rows of replicated corpus graph, fresh server per
#: size, two runs): 100 → 2.1 k rows/s, 500 → 2.2-2.4 k, 1000 → 2.2-2.3 k, 2000 → 2.4 k,
#: 5000 → 1.7-3.4 k (unstable).  Throughput is flat from 500 to 2000, so 1000 keeps a failed
#: batch (and its retry) small without costing speed.
DEFAULT_BATCH_SIZE = 1000



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
# Cypher (the only place the loader writes Cypher)
# ---------------------------------------------------------------------------------------------
def quote_name(name: str) -> str:
    """Return ``name`` backtick-quoted for Cypher (inner backticks doubled).

    Only for identifiers already checked — a schema label or type, a
    :func:`~newsgraph.graph.flatten.property_name` — never for user text, which travels as a
    parameter.

    Examples
    --------
    >>> quote_name("Official"), quote_name("a`b")
    ('`Official`', '`a``b`')
    """
    return "`" + name.replace("`", "``") + "`"


def _merge_lists_cypher(var: str, names: Iterable[str]) -> str:
    # A row lacking a list leaves the property alone; otherwise new values are appended in order,
    # skipping those already stored, so a second load is a no-op and a load of other articles only
    # adds.  The "p = r" branch spares the quadratic NOT IN scan in the common re-load case
    # (measured: 30 % faster re-loads of evidence-heavy rows on ArcadeDB).
    parts = []
    for name in sorted(names):
        p, r = f"{var}.{quote_name(name)}", f"row.lists.{quote_name(name)}"
        parts.append(
            f"SET {p} = CASE WHEN {r} IS NULL THEN {p} WHEN {p} IS NULL OR {p} = {r} THEN {r} "
            f"ELSE {p} + [x IN {r} WHERE NOT x IN {p}] END"
        )
    return "\n".join(parts)


def node_merge_query(label: Label, list_names: Iterable[str]) -> str:
    """``UNWIND $rows AS row MERGE (n:Label {key: row.key}) SET n += row.props`` plus list merges."""
    return (
        f"UNWIND $rows AS row\nMERGE (n:{quote_name(Label(label).value)} {{key: row.key}})\n"
        f"SET n += row.props\n{_merge_lists_cypher('n', list_names)}\nRETURN count(*) AS written"
    )


def relationship_merge_query(rtype: RelType, start: Label, end: Label, list_names: Iterable[str]) -> str:
    """``UNWIND $rows … MATCH`` both endpoints by key ``… MERGE (a)-[r:TYPE]->(b)`` plus props."""
    return (
        f"UNWIND $rows AS row\n"
        f"MATCH (a:{quote_name(Label(start).value)} {{key: row.start}})\n"
        f"MATCH (b:{quote_name(Label(end).value)} {{key: row.end}})\n"
        f"MERGE (a)-[r:{quote_name(RelType(rtype).value)}]->(b)\n"
        f"SET r += row.props\n{_merge_lists_cypher('r', list_names)}\nRETURN count(*) AS written"
    )


def constraint_statements(labels: Iterable[Label] = tuple(Label)) -> list[str]:
    """One ``CREATE CONSTRAINT <name> IF NOT EXISTS FOR (n:L) REQUIRE n.key IS UNIQUE`` per label.

    The same text runs on Neo4j 5 and on ArcadeDB (which backs it with a unique ``L[key]`` index).
    """
    return [
        f"CREATE CONSTRAINT {quote_name('newsgraph_' + Label(lab).value.lower() + '_key')} IF NOT EXISTS "
        f"FOR (n:{quote_name(Label(lab).value)}) REQUIRE n.{KEY} IS UNIQUE"
        for lab in labels
    ]


class SchemaConflictError(RuntimeError):
    """The database holds an index or constraint that stops the loader's (label, key) uniqueness
    constraint from being created — typically a plain index on ``(:Label {key})`` made by another
    tool, which Neo4j refuses to turn into a constraint (``CREATE CONSTRAINT … IF NOT EXISTS``
    only skips an *equivalent constraint*).  The message is one line with the fix."""


_CONFLICT_CODES = ("IndexAlreadyExists", "EquivalentSchemaRuleAlreadyExists", "ConstraintWithNameAlreadyExists",
                   "IndexWithNameAlreadyExists", "ConstraintAlreadyExists")
_CONSTRAINT_TARGET = re.compile(r"FOR \(n:`(?P<label>(?:[^`]|``)+)`\) REQUIRE n\.(?P<prop>\w+)")


def schema_conflict(exc: BaseException, statement: str) -> SchemaConflictError | None:
    """The :class:`SchemaConflictError` for a server error raised by ``statement`` (one of
    :func:`constraint_statements`), or ``None`` when ``exc`` is something else.

    Neo4j 5 answers a constraint over an existing plain index with
    ``Neo.ClientError.Schema.IndexAlreadyExists`` ("There already exists an index (:Official
    {key}). A constraint cannot be created until the index has been dropped."), and a name taken
    by an index or another constraint with ``…Schema.*WithNameAlreadyExists``.
    """
    code = getattr(exc, "code", None) or ""
    if not code.startswith("Neo.ClientError.Schema.") or not code.endswith(_CONFLICT_CODES):
        return None
    m = _CONSTRAINT_TARGET.search(statement)
    label, prop = (m["label"].replace("``", "`"), m["prop"]) if m else ("?", KEY)
    detail = ((getattr(exc, "message", None) or str(exc)).splitlines() or [code])[0]
    return SchemaConflictError(
        f"cannot create the uniqueness constraint on :{label}({prop}) that newsgraph loads with: {detail} "
        f"— an index or constraint made by another tool is in the way; find it with "
        f"`SHOW INDEXES WHERE '{label}' IN labelsOrTypes` (and SHOW CONSTRAINTS), drop it with "
        f"`DROP INDEX <name>` (or DROP CONSTRAINT <name>), then load again"
    )


def ensure_constraints(driver, database: str, labels: Iterable[Label] = tuple(Label)) -> None:
    """Create the (label, key) uniqueness constraints that do not exist yet (schema statements run
    one per auto-commit transaction, as Neo4j requires).

    Raises
    ------
    SchemaConflictError
        An existing index or constraint on the same label and property (or with the same name)
        is in the way.
    """
    import neo4j

    with session(driver, database) as s:
        for stmt in constraint_statements(labels):
            try:
                s.run(stmt).consume()
            except neo4j.exceptions.ClientError as exc:
                conflict = schema_conflict(exc, stmt)
                if conflict is None:
                    raise
                raise conflict from None


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


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------
def load_graph(
    driver,
    g: nx.MultiDiGraph,
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
        The graph (as from :func:`newsgraph.graph.io.read_graph_json`).
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
    SchemaConflictError
        An index or constraint made by another tool stops a (label, key) constraint.
    """
    t0 = time.perf_counter()
    ensure_constraints(driver, database)
    batches, skipped_nodes, skipped_edges = plan_batches(g, batch_size)
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
