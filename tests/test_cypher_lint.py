"""The Cypher check of CI (``scripts/cypher_lint``, Neo4j's own front end run by Node): it
collects every statement the project sends, and it catches bad Cypher (issue 14)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from newsgraph.queries.library import load_queries

from newsgraph.schema import Label, RelType

LINT = Path(__file__).resolve().parent.parent / "scripts" / "cypher_lint"


def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(LINT / "check.py"), *args], capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def linter():
    """The installed linter (``npm ci`` from the committed lock file when it is missing)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        run = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LINT, capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, run.stderr
    return LINT


def test_the_linter_catches_removed_syntax_and_deprecated_functions(linter):
    run = _check("--statement", "MATCH (n) WHERE exists(n.p) RETURN n",
                 "--statement", "MATCH (n) RETURN id(n) AS i",
                 "--statement", "MATCH (n:Official {key: $k}) RETURN n.name AS name")
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for version in ("CYPHER 5", "CYPHER 25"):
        assert any(ln.startswith(f"--statement 1: {version}: error") and "exists(" in ln for ln in lines), lines
        assert any(ln.startswith(f"--statement 2: {version}: deprecation") and "'id'" in ln for ln in lines), lines
    assert not any(ln.startswith("--statement 3:") for ln in lines)  # a good statement passes
    assert "3 statements x 2 versions checked, 4 error(s) or deprecation(s)" in run.stdout


def test_a_clean_statement_passes_and_hints_only_print(linter):
    run = _check("--statement", "MATCH (a:Official), (b:District) RETURN count(*) AS pairs")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "hint" in run.stdout and "cartesian product" in run.stdout


def test_every_statement_the_project_sends_is_collected():
    run = _check("--list")
    assert run.returncode == 0, run.stderr
    statements = json.loads(run.stdout)
    ids = " ".join(s["id"] for s in statements)
    texts = [s["cypher"] for s in statements]
    for name in load_queries():
        assert f"queries/{name}.cypher" in ids
    for label in Label:
        assert f"node_merge_query({label})" in ids and f"count_nodes_query({label})" in ids
    for rtype in RelType:
        assert f"count_relationships_query({rtype})" in ids
        assert f"-{rtype}->" in ids  # its merge and --replace-source statements
    assert sum("CREATE CONSTRAINT" in t for t in texts) == len(Label)
    assert "REMOVE_SOURCE[delete_nodes]" in ids and "CONNECTION_CHECK" in ids
    assert sum(s["id"].startswith("README.md") for s in statements) >= 3
    # Named queries carry their declared parameters, so an undeclared $name is an error.
    official = next(s for s in statements if s["id"] == "queries/official_meetings.cypher")
    assert official["parameters"] == ["official"]
