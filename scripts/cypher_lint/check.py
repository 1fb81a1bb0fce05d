"""Check every Cypher statement newsgraph sends with Neo4j's own front end, as ``CYPHER 5`` and
as ``CYPHER 25``.

The statements are collected from the code, never from a copy kept by hand:

* the named queries (``queries/*.cypher`` through :func:`newsgraph.queries.library.load_queries`,
  with their declared parameters);
* the loader's statements as its functions generate them: the uniqueness constraints
  (:func:`~newsgraph.graph.neo4j_cypher.constraint_statements`, also written to
  ``constraints.cypher`` by the neo4j-admin export), the node and relationship batches of
  :func:`~newsgraph.graph.neo4j_batches.plan_batches` on the fixture graph, and
  :func:`~newsgraph.graph.neo4j_cypher.node_merge_query` /
  :func:`~newsgraph.graph.neo4j_cypher.relationship_merge_query` for every label and every
  (type, start, end) the schema allows;
* the counts, the ``--replace-source`` statements and the connection check
  (:mod:`newsgraph.graph.neo4j_maintenance`, :mod:`newsgraph.graph.bolt`);
* the ``cypher`` code blocks of the README.

``lint.mjs`` (Node) runs ``lintCypherQuery`` of ``@neo4j-cypher/language-support`` — the parser
and semantic analysis of Neo4j 5 / Cypher 25 — on each.  Errors and deprecations fail; other
warnings (performance hints such as cartesian products) are printed.

Usage::

    npm ci --prefix scripts/cypher_lint          # once
    python scripts/cypher_lint/check.py          # every statement; exit 1 on a finding
    python scripts/cypher_lint/check.py --statement 'MATCH (n) RETURN id(n)'
    python scripts/cypher_lint/check.py --list   # the collected statements, as JSON

Exit codes: 0 clean, 1 an error or deprecation, 2 Node or the npm package missing.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VERSIONS = ("CYPHER 5", "CYPHER 25")
_PARAM = re.compile(r"\$(`[^`]+`|[A-Za-z_]\w*)")
#: Warnings that are deprecations (and so fail): Neo4j's messages for deprecated and removed
#: syntax and functions.
_DEPRECATION = re.compile(r"deprecat|no longer supported|will be removed|has been replaced", re.I)


def _statement(sid: str, cypher: str, parameters=None) -> dict:
    if parameters is None:
        parameters = sorted({p.strip("`") for p in _PARAM.findall(cypher)})
    return {"id": sid, "cypher": cypher, "parameters": list(parameters)}


def readme_statements(path: Path = REPO / "README.md") -> list[dict]:
    """The statements of the README's ```` ```cypher ```` blocks (split at ``;`` ending a line)."""
    text = path.read_text(encoding="utf-8")
    out = []
    for b, block in enumerate(re.findall(r"```cypher\n(.*?)```", text, flags=re.S)):
        for s, part in enumerate(re.split(r";[ \t]*(?:\n|$)", block)):
            body = "\n".join(line for line in part.splitlines() if not line.strip().startswith("//"))
            if body.strip():
                out.append(_statement(f"README.md cypher block {b + 1} statement {s + 1}", part.strip()))
    return out


def collect_statements() -> list[dict]:
    """Every statement newsgraph sends, ``[{"id", "cypher", "parameters"}]`` (see the module
    docstring); a statement found twice (same text) is kept once, its ids joined by " = "."""
    from newsgraph.graph.bolt import CONNECTION_CHECK
    from newsgraph.graph.io import read_graph_json
    from newsgraph.graph.neo4j_batches import plan_batches
    from newsgraph.graph.neo4j_cypher import (constraint_statements, node_merge_query,
                                              relationship_merge_query)
    from newsgraph.graph.neo4j_maintenance import (count_nodes_query, count_relationships_query,
                                                   remove_source_statements, strip_source_query)
    from newsgraph.queries.library import load_queries
    from newsgraph.schema import RELATIONSHIPS, Label, RelType

    found: list[dict] = []
    for q in load_queries().values():
        found.append(_statement(f"queries/{q.name}.cypher", q.cypher, [p.name for p in q.params]))
    for stmt in constraint_statements():
        found.append(_statement("graph/neo4j_cypher.py constraint_statements", stmt))
    fixture = read_graph_json(REPO / "tests" / "fixtures" / "mini_graph.json")
    batches, _, _ = plan_batches(fixture)
    node_lists, rel_lists = set(), set()
    for batch in batches:
        found.append(_statement(f"graph/neo4j_batches.py plan_batches ({batch.describe()})", batch.query))
        (node_lists if batch.kind == "nodes" else rel_lists).update(
            name for row in batch.rows for name in row["lists"])
    for label in Label:
        found.append(_statement(f"graph/neo4j_cypher.py node_merge_query({label})",
                                node_merge_query(label, node_lists)))
        found.append(_statement(f"graph/neo4j_maintenance.py count_nodes_query({label})",
                                count_nodes_query(label)))
        found.append(_statement(f"graph/neo4j_maintenance.py strip_source_query({label})",
                                strip_source_query(label)))
    for rtype in RelType:
        found.append(_statement(f"graph/neo4j_maintenance.py count_relationships_query({rtype})",
                                count_relationships_query(rtype)))
        for start, end in RELATIONSHIPS[rtype]:
            found.append(_statement(f"graph/neo4j_cypher.py relationship_merge_query({start}-{rtype}->{end})",
                                    relationship_merge_query(rtype, start, end, rel_lists)))
            found.append(_statement(f"graph/neo4j_maintenance.py strip_source_query({start}-{rtype}->{end})",
                                    strip_source_query(start, rtype, end)))
    for name, stmt in remove_source_statements().items():
        found.append(_statement(f"graph/neo4j_maintenance.py REMOVE_SOURCE[{name}]", stmt))
    found.append(_statement("graph/bolt.py CONNECTION_CHECK", CONNECTION_CHECK))
    found += readme_statements()
    unique: dict[str, dict] = {}
    for st in found:
        if st["cypher"] in unique:
            unique[st["cypher"]]["id"] += " = " + st["id"]
        else:
            unique[st["cypher"]] = st
    return list(unique.values())


def lint(statements: list[dict], versions=VERSIONS, node: str | None = None) -> list[dict]:
    """Run ``lint.mjs`` on ``statements``; return its results (see lint.mjs).

    Raises
    ------
    FileNotFoundError
        Node is not installed, or the npm package is not (``npm ci --prefix scripts/cypher_lint``).
    RuntimeError
        ``lint.mjs`` failed.
    """
    node = node or shutil.which("node")
    if node is None:
        raise FileNotFoundError("node is not on PATH (install Node.js)")
    if not (HERE / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        raise FileNotFoundError(f"the linter is not installed: run `npm ci --prefix {HERE}`")
    request = json.dumps({"versions": list(versions), "statements": statements})
    run = subprocess.run([node, str(HERE / "lint.mjs")], input=request, capture_output=True,
                         text=True, cwd=HERE)
    if run.returncode != 0:
        raise RuntimeError(f"lint.mjs exited {run.returncode}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def classify(diagnostic: dict) -> str:
    """``"error"``, ``"deprecation"`` (both fail) or ``"hint"`` (printed only)."""
    if diagnostic["severity"] == "error":
        return "error"
    return "deprecation" if _DEPRECATION.search(diagnostic["message"]) else "hint"


def report(results: list[dict], out=sys.stdout) -> int:
    """Print one line per finding; return the number of errors and deprecations."""
    failures = 0
    for res in results:
        for d in res["diagnostics"]:
            kind = classify(d)
            failures += kind != "hint"
            message = " ".join(d["message"].split())
            print(f"{res['id']}: {res['version']}: {kind} at line {d['line']}, column {d['column']}: "
                  f"{message}", file=out)
    return failures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--statement", action="append", default=[],
                   help="lint this statement instead of the project's (repeatable)")
    p.add_argument("--list", action="store_true", help="print the collected statements as JSON and exit")
    args = p.parse_args(argv)
    statements = ([_statement(f"--statement {i + 1}", s) for i, s in enumerate(args.statement)]
                  if args.statement else collect_statements())
    if args.list:
        print(json.dumps(statements, ensure_ascii=False, indent=1))
        return 0
    try:
        results = lint(statements)
    except FileNotFoundError as exc:
        print(f"cypher_lint: error: {exc}", file=sys.stderr)
        return 2
    failures = report(results)
    print(f"cypher_lint: {len(statements)} statements x {len(VERSIONS)} versions checked, "
          f"{failures} error(s) or deprecation(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
