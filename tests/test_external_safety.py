"""Tests pointed at someone's Neo4j (``NEO4J_URI``) never delete data they did not create: on a
database that already holds nodes they refuse to start unless
``NEWSGRAPH_TESTS_MAY_EMPTY_DATABASE=1`` (issue 14).

Shown with a real run of the suite in a subprocess whose ``NEO4J_URI`` is the session's Bolt
server, holding one node this test made (standing for the user's graph)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest


pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
MAY_EMPTY_VAR = "NEWSGRAPH_TESTS_MAY_EMPTY_DATABASE"  # as in conftest.py

# One cheap test that empties the database first (clean_bolt) and loads the fixture graph.
TARGET = "tests/test_neo4j_load.py::test_load_twice_gives_the_graphs_counts[mini]"


def _run_suite(bolt, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") and k != MAY_EMPTY_VAR}
    env.update(NEO4J_URI=bolt.uri, NEO4J_USER=bolt.user, NEO4J_PASSWORD=bolt.password,
               NEO4J_DATABASE=bolt.database, **extra)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TARGET],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_suite_refuses_a_database_holding_data_it_did_not_create(clean_bolt):
    clean_bolt.run("CREATE (:UsersOwn {key: 'loaded-by-the-user'})")
    try:
        run = _run_suite(clean_bolt)
        out = run.stdout + run.stderr
        assert run.returncode != 0, out
        assert "refusing to run the Bolt tests" in out and MAY_EMPTY_VAR in out, out
        assert clean_bolt.run("MATCH (n:UsersOwn) RETURN n.key AS k") == [{"k": "loaded-by-the-user"}]
        assert clean_bolt.run("MATCH (n) RETURN count(n) AS c") == [{"c": 1}]  # nothing loaded either

        # The explicit opt-in lets the same run empty it (the node is this test's own).
        run = _run_suite(clean_bolt, **{MAY_EMPTY_VAR: "1"})
        assert run.returncode == 0, run.stdout + run.stderr
        assert clean_bolt.run("MATCH (n:UsersOwn) RETURN count(n) AS c") == [{"c": 0}]
    finally:
        clean_bolt.run("MATCH (n:UsersOwn) DELETE n")


def test_suite_runs_on_an_empty_external_database(clean_bolt):
    run = _run_suite(clean_bolt)
    assert run.returncode == 0, run.stdout + run.stderr
