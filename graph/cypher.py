"""Running Cypher on a Bolt server and getting a table back (for the CLI and the Python API).

The graph layer's one way to read query results: :func:`run_query` returns a pandas DataFrame
whose cells are plain Python (nodes and relationships as property dicts, temporal values as ISO
strings), so that tables, CSV and JSON render them alike.
"""
from __future__ import annotations

from .cypher_columns import return_columns

__all__ = ["run_query"]


def _plain(value):
    """Bolt values → JSON-friendly Python (nodes/relationships as property dicts)."""
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_query(driver, database: str, cypher: str, params: dict, *, read_only: bool):
    """Run ``cypher`` and return a pandas DataFrame (columns in RETURN order).

    Named queries run in a managed read transaction; ad-hoc Cypher in an auto-commit one (so it
    may write)."""
    import pandas as pd

    def work(tx):
        result = tx.run(cypher, params)
        keys = list(result.keys())
        return keys, [[_plain(v) for v in rec.values()] for rec in result]

    from .bolt import session

    with session(driver, database) as s:
        if read_only:
            keys, rows = s.execute_read(work)
        else:
            result = s.run(cypher, params)
            keys = list(result.keys())
            rows = [[_plain(v) for v in rec.values()] for rec in result]
    if not keys and not rows:  # ArcadeDB names no column of an empty result
        keys = return_columns(cypher)
    return pd.DataFrame(rows, columns=keys)
