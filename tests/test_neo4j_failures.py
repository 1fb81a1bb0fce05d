"""The Bolt server going away in the middle of a load (issue 6): a clear error, the batches
committed before stay, and a rerun — with or without --resume — completes without duplicates.

The server is really stopped, so this runs on the embedded ArcadeDB server only (a real Neo4j
given by NEO4J_URI is not ours to stop)."""
import os

import neo4j
import pytest

from newsgraph.cli import main
from newsgraph.graph.io import write_graph_json
from newsgraph.graph.load_state import graph_fingerprint, state_path_for
from newsgraph.graph.neo4j import LoadBatchError, load_graph
from newsgraph.graph.neo4j_batches import plan_batches
from newsgraph.graph.neo4j_maintenance import count_nodes, count_relationships
from newsgraph.graph.server import ArcadeDBServer

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")),
                       reason="stops the server: embedded ArcadeDB only"),
]


def _args(server):
    return ["--uri", server.uri, "--user", server.user, f"--password={server.password}",
            "--database", server.database]


def _expected(graph):
    labels, types = {}, {}
    for _, d in graph.nodes(data=True):
        labels[d["label"]] = labels.get(d["label"], 0) + 1
    seen = set()
    for u, v, d in graph.edges(data=True):
        if (u, v, d["type"]) not in seen:
            seen.add((u, v, d["type"]))
            types[d["type"]] = types.get(d["type"], 0) + 1
    return labels, types


def test_server_stopped_mid_load_keeps_committed_batches_and_rerun_completes(tmp_path, mini_graph,
                                                                               capsys):
    path = tmp_path / "graph.json"
    write_graph_json(mini_graph, path)
    data_dir = tmp_path / "db"
    server = ArcadeDBServer(data_dir).start()
    port = server.bolt_port
    batches, _, _ = plan_batches(mini_graph, 1)
    stop_after = 4

    def progress(batch, total):
        if batch.index == stop_after - 1:
            server.stop()  # the server dies between two batches

    # A short retry window: the driver retries a lost connection before giving up.
    driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password),
                                        max_transaction_retry_time=3)
    try:
        with pytest.raises((LoadBatchError, neo4j.exceptions.ServiceUnavailable,
                            neo4j.exceptions.SessionExpired)) as failure:
            load_graph(driver, mini_graph, database=server.database, batch_size=1,
                       state_path=state_path_for(path), fingerprint=graph_fingerprint(path),
                       target=f"{server.uri}/{server.database}", progress=progress)
        assert str(failure.value)  # says something
    finally:
        driver.close()

    server = ArcadeDBServer(data_dir, bolt_port=port).start()
    try:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
        try:
            committed = count_nodes(driver, server.database)
            assert sum(committed.values()) == sum(len(b.rows) for b in batches[:stop_after]
                                                  if b.kind == "nodes")
        finally:
            driver.close()
        if server.bolt_port == port:  # --resume is tied to the server it started on
            assert main(["load", str(path), *_args(server), "--batch-size", "1", "--resume",
                         "--quiet"]) == 0
            assert f"{stop_after} batches skipped" in capsys.readouterr().out
        # A plain rerun is idempotent too.
        assert main(["load", str(path), *_args(server), "--quiet"]) == 0
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
        try:
            labels, types = _expected(mini_graph)
            assert {k: v for k, v in count_nodes(driver, server.database).items() if v} == labels
            assert {k: v for k, v in count_relationships(driver, server.database).items() if v} \
                == types
        finally:
            driver.close()
    finally:
        server.stop()
