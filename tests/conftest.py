"""Shared fixtures.

Bolt tests (``@pytest.mark.neo4j``) run against a real server, never a mock:

* by default an embedded ArcadeDB Bolt server (:mod:`newsgraph.graph.server`) started once per
  session in a temporary data directory;
* with ``NEO4J_URI`` set, that server instead (``NEO4J_USER``, ``NEO4J_PASSWORD``,
  ``NEO4J_DATABASE``; default database ``neo4j``).  The tests empty that database between tests,
  so they refuse to start on one that already holds nodes (Neo4j Community has one database:
  the graph a user loaded) unless ``NEWSGRAPH_TESTS_MAY_EMPTY_DATABASE=1`` says it may be
  emptied; with a database that was empty when the session started, everything deleted was
  created by the tests.

Graphs: ``mini_graph`` is ``tests/fixtures/mini_graph.json``; ``corpus_graph`` is built from
``../shared/corpus`` with ``newsgraph build`` once per session (skipped while that command does
not exist).  ``any_graph`` is parametrised over both.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest

# A warm embedded server that a test (or the notebook's kernel) starts without stopping it
# stops as soon as nothing uses it, instead of after 30 minutes: no JVM outlives the suite.
# Tests of the warm server set their own timeout (and stop what they start).
os.environ["NEWSGRAPH_IDLE_MINUTES"] = "0"

FIXTURES = Path(__file__).parent / "fixtures"
#: Set to 1 to let the Bolt tests empty a NEO4J_URI database that already holds nodes.
MAY_EMPTY_VAR = "NEWSGRAPH_TESTS_MAY_EMPTY_DATABASE"
REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
DEV2 = REPO.parent / "shared" / "eval" / "dev2" / "corpus"


@dataclasses.dataclass
class BoltTarget:
    """A Bolt server for tests: ``driver``, ``database``, ``uri``, ``user``, ``password``,
    ``server`` (the embedded :class:`~newsgraph.graph.server.ArcadeDBServer`, or ``None`` for an
    external Neo4j) and :meth:`cli_args` for ``newsgraph.cli.main``."""

    driver: object
    database: str
    uri: str
    user: str
    password: str
    server: object | None

    def cli_args(self) -> list[str]:
        """``--uri … --user … --password … --database …`` for this server."""
        return ["--uri", self.uri, "--user", self.user, "--password", self.password,
                "--database", self.database]

    def run(self, cypher: str, **params) -> list[dict]:
        """Run ``cypher`` in an auto-commit transaction and return ``record.data()`` rows."""
        with self.driver.session(database=self.database) as session:
            return session.run(cypher, params).data()

    def clear(self) -> None:
        """Delete every node and relationship (constraints stay)."""
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture(scope="session")
def bolt(tmp_path_factory):
    """Session-wide :class:`BoltTarget` (embedded ArcadeDB, or ``NEO4J_URI``)."""
    neo4j = pytest.importorskip("neo4j")
    uri = os.environ.get("NEO4J_URI")
    if uri:
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD", "")
        database = os.environ.get("NEO4J_DATABASE", "neo4j")
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        try:
            refuse_to_empty_foreign_data(driver, database, uri)
            yield BoltTarget(driver, database, uri, user, password, None)
        finally:
            driver.close()
        return
    from newsgraph.graph.server import ArcadeDBServer

    server = ArcadeDBServer(tmp_path_factory.mktemp("arcadedb"), password="newsgraph-test", heap="1g")
    server.start()
    driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
    try:
        yield BoltTarget(driver, server.database, server.uri, server.user, server.password, server)
    finally:
        driver.close()
        server.stop()


def refuse_to_empty_foreign_data(driver, database: str, uri: str) -> None:
    """Fail (``pytest.fail``, no traceback) when ``database`` at ``uri`` already holds a node and
    ``NEWSGRAPH_TESTS_MAY_EMPTY_DATABASE`` is not ``1``: the tests would delete data they did not
    create.  Checked once per session, before any test writes."""
    if os.environ.get(MAY_EMPTY_VAR) == "1":
        return
    with driver.session(database=database) as session:
        found = session.run("MATCH (n) WITH n LIMIT 1 RETURN count(n) AS c").single()["c"]
    if found:
        pytest.fail(
            f"refusing to run the Bolt tests on {uri} database '{database}': it already holds "
            f"nodes, and the tests empty it between tests; point NEO4J_URI/NEO4J_DATABASE at an "
            f"empty scratch database, or set {MAY_EMPTY_VAR}=1 to let them delete its data",
            pytrace=False,
        )


@pytest.fixture
def clean_bolt(bolt):
    """:func:`bolt`, emptied before the test."""
    bolt.clear()
    return bolt


@pytest.fixture(scope="session")
def mini_graph_path() -> Path:
    """Path of the small fixture graph (names with quotes, braces, MATCH; markup in evidence)."""
    return FIXTURES / "mini_graph.json"


@pytest.fixture(scope="session")
def mini_graph(mini_graph_path):
    """The fixture graph as a MultiDiGraph."""
    from newsgraph.graph.io import read_graph_json

    return read_graph_json(mini_graph_path)


@pytest.fixture(scope="session")
def corpus_graph_path(tmp_path_factory) -> Path:
    """``graph.json`` built from the shared corpus by ``newsgraph build`` (once per session)."""
    from newsgraph.cli import main, make_parser

    parser = make_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    if "build" not in commands:
        pytest.skip("`newsgraph build` is not registered yet (newsgraph/commands/build.py missing)")
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    out = tmp_path_factory.mktemp("corpus_build")
    code = main(["build", str(CORPUS), "--out", str(out)])
    path = out / "graph.json"
    if code not in (0, 1) or not path.exists():
        pytest.skip(f"`newsgraph build {CORPUS}` exited {code} without writing {path}")
    return path


@pytest.fixture(scope="session")
def dev2_graph_path(tmp_path_factory) -> Path:
    """``graph.json`` built from ``../shared/eval/dev2/corpus`` (the wider genre), once per
    session."""
    from newsgraph.cli import main

    if not DEV2.is_dir():
        pytest.skip(f"no corpus at {DEV2}")
    out = tmp_path_factory.mktemp("dev2_build")
    assert main(["build", str(DEV2), "--out", str(out)]) == 0
    return out / "graph.json"


@pytest.fixture(scope="session")
def corpus_graph(corpus_graph_path):
    """The corpus graph as a MultiDiGraph."""
    from newsgraph.graph.io import read_graph_json

    return read_graph_json(corpus_graph_path)


@pytest.fixture(params=["mini", "corpus"])
def any_graph(request):
    """``(name, path, graph)`` for the fixture graph and for the corpus graph."""
    if request.param == "mini":
        path = request.getfixturevalue("mini_graph_path")
        return "mini", path, request.getfixturevalue("mini_graph")
    path = request.getfixturevalue("corpus_graph_path")
    return "corpus", path, request.getfixturevalue("corpus_graph")


def _register_epaper() -> None:
    """Make the test helper module ``tests/epaper.py`` importable as ``epaper`` (the tests run in
    pytest's importlib mode, where the tests folder is not on ``sys.path``)."""
    import importlib.util

    path = Path(__file__).with_name("epaper.py")
    spec = importlib.util.spec_from_file_location("epaper", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["epaper"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)


_register_epaper()
