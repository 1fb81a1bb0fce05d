"""Neo4j as users run it (issue 14): the API's connection errors, routing URIs (neo4j://, as
for clusters and Aura) through the loader, the queries and the API, read-your-writes bookmarks,
notification filtering and the schema-conflict message.  Against the Bolt test server (embedded
ArcadeDB 26.10, which speaks Bolt 5 with routing and bookmarks, or NEO4J_URI)."""
from __future__ import annotations

import json
import socket

import neo4j
import pytest
from newsgraph.graph.bolt import DISABLED_NOTIFICATIONS, open_driver
from newsgraph.graph.connection import BoltConnectionError, ConnectionSettings
from newsgraph.graph.neo4j_cypher import SchemaConflictError, constraint_statements, schema_conflict

from newsgraph.api import KnowledgeGraph
from newsgraph.cli import main

pytestmark = pytest.mark.neo4j


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _routing(uri: str) -> str:
    return uri.replace("bolt://", "neo4j://", 1).replace("bolt+s://", "neo4j+s://", 1)


@pytest.mark.parametrize("case, expected", [
    ("password", "authentication failed for user"),
    ("database", "database 'no_such_db_x' does not exist"),
    ("unreachable", "cannot reach a Bolt server at bolt://127.0.0.1:"),
    ("uri", "invalid Bolt URI"),
])
def test_api_connect_raises_the_projects_one_line_error_and_keeps_no_broken_driver(
        clean_bolt, mini_graph, case, expected):
    kg = KnowledgeGraph(mini_graph)
    args = {"uri": clean_bolt.uri, "user": clean_bolt.user, "password": clean_bolt.password,
            "database": clean_bolt.database}
    bad = dict(args)
    if case == "password":
        bad["password"] += "-wrong"
    elif case == "database":
        bad["database"] = "no_such_db_x"
    elif case == "unreachable":
        bad["uri"] = f"bolt://127.0.0.1:{_closed_port()}"
    else:
        bad["uri"] = "http://127.0.0.1:7474"
    with pytest.raises(BoltConnectionError) as failure:
        kg.connect(**bad)  # the database is checked here, not at the first query
    assert expected in str(failure.value) and "\n" not in str(failure.value)
    assert getattr(kg, "_driver", None) is None
    try:
        kg.connect(**args)  # the next call tries again with what it is given
        assert kg.query("RETURN 1 AS one")["one"].tolist() == [1]
    finally:
        kg.close()


def test_hints_name_aura_and_do_not_offer_create_database_to_community(bolt):
    with pytest.raises(BoltConnectionError) as unreachable:
        open_driver(ConnectionSettings(f"bolt://127.0.0.1:{_closed_port()}", "neo4j", "x", "neo4j"))
    assert "neo4j+s://" in str(unreachable.value) and "neo4j://" in str(unreachable.value)
    with pytest.raises(BoltConnectionError) as missing:
        open_driver(ConnectionSettings(bolt.uri, bolt.user, bolt.password, "no_such_db_x"))
    text = str(missing.value)
    assert "Community" in text and text.index("Enterprise") < text.index("CREATE DATABASE")


def test_routing_uri_loads_queries_and_reads_its_own_writes(clean_bolt, mini_graph, mini_graph_path,
                                                            tmp_path, capsys):
    if not clean_bolt.uri.startswith(("bolt://", "bolt+s://")):
        pytest.skip("NEO4J_URI is already a routing URI")
    uri = _routing(clean_bolt.uri)
    # The API: load, then a named query in another session sees every batch (bookmarks).
    kg = KnowledgeGraph(mini_graph)
    try:
        counts = kg.load(uri=uri, user=clean_bolt.user, password=clean_bolt.password,
                         database=clean_bolt.database)
        assert counts["Official"] == 3
        assert kg._driver.execute_query_bookmark_manager.get_bookmarks(), "no bookmark kept"
        frame = kg.query("graph_summary")
        assert dict(zip(frame["label"], frame["nodes"]))["Official"] == 3
    finally:
        kg.close()
    # The CLI: load and query through the same routing URI.
    graph = tmp_path / "graph.json"
    graph.write_bytes(mini_graph_path.read_bytes())
    args = ["--uri", uri, "--user", clean_bolt.user, "--password", clean_bolt.password,
            "--database", clean_bolt.database]
    assert main(["load", str(graph), *args, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["query", "official_meetings", "--param", "official=孟景伟", "--format", "json", *args]) == 0
    assert json.loads(capsys.readouterr().out)


def test_driver_asks_bolt5_servers_not_to_send_unrecognized_notifications(bolt):
    driver = open_driver(ConnectionSettings(bolt.uri, bolt.user, bolt.password, bolt.database))
    try:
        if tuple(driver.get_server_info().protocol_version) < (5, 2):
            pytest.skip("the server cannot filter notifications (Bolt < 5.2)")
        # The driver keeps the HELLO settings in its pool configuration (not public API).
        config = getattr(getattr(driver, "_pool", None), "pool_config", None)
        if config is None or not hasattr(config, "notifications_disabled_classifications"):
            pytest.skip("this driver version keeps its session defaults elsewhere")
        disabled = {getattr(c, "value", c) for c in config.notifications_disabled_classifications}
        assert set(DISABLED_NOTIFICATIONS) <= disabled
        with driver.session(database=bolt.database) as s:  # and the server accepts the filter
            assert s.run("MATCH (n:NoSuchLabelAnywhere) RETURN count(n) AS c").single()["c"] == 0
    finally:
        driver.close()


def test_an_index_in_the_way_of_the_key_constraint_is_one_line_with_the_fix():
    # Neo4j 5's answer (ArcadeDB turns the index into the constraint's own, so it cannot show it).
    exc = neo4j.exceptions.ClientError._hydrate_neo4j(
        code="Neo.ClientError.Schema.IndexAlreadyExists",
        message="There already exists an index (:Official {key}). A constraint cannot be created "
                "until the index has been dropped.")
    stmt = next(s for s in constraint_statements() if "`Official`" in s)
    err = schema_conflict(exc, stmt)
    assert isinstance(err, SchemaConflictError)
    text = str(err)
    assert "\n" not in text and ":Official(key)" in text and "DROP INDEX" in text
    other = neo4j.exceptions.ClientError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError",
                                                        message="x")
    assert schema_conflict(other, stmt) is None
