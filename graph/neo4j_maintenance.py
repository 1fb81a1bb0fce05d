"""Work on a loaded database besides loading: removing what one source file contributed
(``newsgraph load --replace-source``) and counting nodes and relationships per schema label/type.

The statements match the properties the loader writes (:mod:`newsgraph.graph.neo4j`, rows from
:mod:`newsgraph.graph.flatten`): ``sources``, ``evidence_json`` and ``article_ids``.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict

from newsgraph.graph.bolt import session
from newsgraph.graph.flatten import as_label, as_reltype, unique_values
from newsgraph.graph.neo4j_cypher import quote_name

from newsgraph.schema import Label, RelType

__all__ = ["count_nodes", "count_nodes_query", "count_relationships", "count_relationships_query",
           "remove_source", "remove_source_statements", "strip_source_query"]


# ---------------------------------------------------------------------------------------------
# Cypher (every statement of this module; `scripts/cypher_lint` checks them with Neo4j's parser)
# ---------------------------------------------------------------------------------------------
#: ``--replace-source``'s statements, run in this order in one write transaction with ``$names``:
#: delete what only the source supports, then read what it shares with other sources.
REMOVE_SOURCE = {
    "delete_relationships": (
        "MATCH ()-[r]->() WHERE r.sources IS NOT NULL AND size(r.sources) > 0 "
        "AND all(s IN r.sources WHERE s IN $names) DELETE r RETURN count(*) AS c"),
    "delete_nodes": (
        "MATCH (n) WHERE n.sources IS NOT NULL AND size(n.sources) > 0 "
        "AND all(s IN n.sources WHERE s IN $names) DETACH DELETE n RETURN count(*) AS c"),
    "shared_nodes": (
        "MATCH (n) WHERE any(s IN n.sources WHERE s IN $names) "
        "RETURN labels(n) AS labels, n.key AS key, n.evidence_json AS ev, n.article_ids AS aids"),
    "shared_relationships": (
        "MATCH (a)-[r]->(b) WHERE any(s IN r.sources WHERE s IN $names) "
        "RETURN labels(a) AS la, a.key AS ka, type(r) AS t, labels(b) AS lb, b.key AS kb, "
        "r.evidence_json AS ev, r.article_ids AS aids"),
}


def remove_source_statements() -> dict[str, str]:
    """``{name: Cypher}`` of :func:`remove_source`'s fixed statements (see :data:`REMOVE_SOURCE`)."""
    return dict(REMOVE_SOURCE)


def strip_source_query(label: Label, rtype: RelType | None = None, end: Label | None = None) -> str:
    """The ``UNWIND $rows`` statement that takes ``$names`` out of the nodes of ``label`` (or,
    with ``rtype`` and ``end``, the ``label -[rtype]-> end`` relationships) and sets their
    remaining ``evidence_json`` and ``article_ids`` from the rows."""
    if rtype is None:
        return (f"UNWIND $rows AS row MATCH (n:{quote_name(Label(label).value)} {{key: row.key}}) "
                "SET n.sources = [s IN n.sources WHERE NOT s IN $names], "
                "n.evidence_json = row.ev, n.article_ids = row.aids RETURN count(*) AS c")
    return (f"UNWIND $rows AS row MATCH (a:{quote_name(Label(label).value)} {{key: row.start}})"
            f"-[r:{quote_name(RelType(rtype).value)}]->(b:{quote_name(Label(end).value)} {{key: row.end}}) "
            "SET r.sources = [s IN r.sources WHERE NOT s IN $names], "
            "r.evidence_json = row.ev, r.article_ids = row.aids RETURN count(*) AS c")


def count_nodes_query(label: Label) -> str:
    """``MATCH (n:Label) RETURN count(n) AS c``."""
    return f"MATCH (n:{quote_name(Label(label).value)}) RETURN count(n) AS c"


def count_relationships_query(rtype: RelType) -> str:
    """``MATCH ()-[r:TYPE]->() RETURN count(r) AS c``."""
    return f"MATCH ()-[r:{quote_name(RelType(rtype).value)}]->() RETURN count(r) AS c"


# ---------------------------------------------------------------------------------------------
# replacing one source file's contribution
# ---------------------------------------------------------------------------------------------
def remove_source(driver, database: str, source: str) -> dict[str, int]:
    """Remove what came only from ``source`` (an evidence ``source`` file name; a path is also
    tried by its base name) and strip ``source`` from what other files also support.

    Nodes and relationships whose ``sources`` are exactly ``[source]`` are deleted (nodes with
    ``DETACH DELETE``); elsewhere ``source`` leaves ``sources``, and its items leave
    ``evidence_json`` (``article_ids`` are recomputed from the remaining evidence, keeping ids
    that did not come from evidence).  Aliases and titles cannot be attributed to a file and stay.

    Returns ``{"nodes_deleted", "relationships_deleted", "nodes_updated",
    "relationships_updated"}``.
    """
    names = unique_values([source, os.path.basename(source)])
    counts = {"nodes_deleted": 0, "relationships_deleted": 0, "nodes_updated": 0, "relationships_updated": 0}

    def work(tx):
        rel = tx.run(REMOVE_SOURCE["delete_relationships"], names=names).single()
        node = tx.run(REMOVE_SOURCE["delete_nodes"], names=names).single()
        nodes = tx.run(REMOVE_SOURCE["shared_nodes"], names=names).data()
        rels = tx.run(REMOVE_SOURCE["shared_relationships"], names=names).data()
        return (rel["c"] if rel else 0), (node["c"] if node else 0), nodes, rels

    def cleaned(ev, aids):
        keep, dropped_ids = [], set()
        for item in ev or []:
            try:
                d = json.loads(item)
            except (TypeError, json.JSONDecodeError):
                keep.append(item)
                continue
            if d.get("source") in names:
                dropped_ids.add(d.get("article_id"))
            else:
                keep.append(item)
        kept_ids = {json.loads(x).get("article_id") for x in keep if x.startswith("{")}
        return keep, [a for a in (aids or []) if a not in dropped_ids or a in kept_ids]

    with session(driver, database) as s:
        rel_deleted, node_deleted, nodes, rels = s.execute_write(work)
        counts["relationships_deleted"], counts["nodes_deleted"] = rel_deleted, node_deleted
        by_label: dict[str, list[dict]] = defaultdict(list)
        for row in nodes:
            label = next((lab for lab in row["labels"] if as_label(lab)), None)
            if label is None:
                continue
            ev, aids = cleaned(row["ev"], row["aids"])
            by_label[label].append({"key": row["key"], "ev": ev, "aids": aids})
        by_type: dict[tuple, list[dict]] = defaultdict(list)
        for row in rels:
            la = next((lab for lab in row["la"] if as_label(lab)), None)
            lb = next((lab for lab in row["lb"] if as_label(lab)), None)
            if la is None or lb is None or as_reltype(row["t"]) is None:
                continue
            ev, aids = cleaned(row["ev"], row["aids"])
            by_type[(row["t"], la, lb)].append({"start": row["ka"], "end": row["kb"], "ev": ev, "aids": aids})

        def update(tx):
            n = 0
            for label, rows in by_label.items():
                n += tx.run(strip_source_query(label), rows=rows, names=names).single()["c"]
            m = 0
            for (t, la, lb), rows in by_type.items():
                m += tx.run(strip_source_query(la, t, lb), rows=rows, names=names).single()["c"]
            return n, m

        counts["nodes_updated"], counts["relationships_updated"] = s.execute_write(update)
    return counts


# ---------------------------------------------------------------------------------------------
# counting (tests, reports)
# ---------------------------------------------------------------------------------------------
def count_nodes(driver, database: str) -> dict[str, int]:
    """``{label: node count}`` for every schema label (0 included)."""
    out = {}
    with session(driver, database) as s:
        for label in Label:
            out[label.value] = s.run(count_nodes_query(label)).single()["c"]
    return out


def count_relationships(driver, database: str) -> dict[str, int]:
    """``{type: relationship count}`` for every schema relationship type (0 included)."""
    out = {}
    with session(driver, database) as s:
        for rtype in RelType:
            out[rtype.value] = s.run(count_relationships_query(rtype)).single()["c"]
    return out
