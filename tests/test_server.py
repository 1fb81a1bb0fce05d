"""The embedded ArcadeDB Bolt server and the commands that start it."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from newsgraph.graph.server import (
    ArcadeDBServer,
    ServerError,
    _new_password,
    find_running_server,
    resolve_settings,
)

from newsgraph.cli import main, make_parser

neo4j = pytest.importorskip("neo4j")


def _answers(uri, user, password, database) -> bool:
    try:
        with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as d, d.session(database=database) as s:
            return s.run("RETURN 1 AS x").single()["x"] == 1
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.neo4j
def test_starts_on_a_free_port_when_7687_is_taken_keeps_data_and_stops_cleanly(tmp_path):
    blocker = socket.socket()
    try:
        blocker.bind(("127.0.0.1", 7687))
        blocker.listen()
    except OSError:
        pass  # something else already holds 7687, which is the situation under test anyway
    try:
        with ArcadeDBServer(tmp_path, heap="512m") as server:
            assert server.bolt_port != 7687
            assert server.uri == f"bolt://127.0.0.1:{server.bolt_port}"
            assert _answers(server.uri, server.user, server.password, server.database)
            info = find_running_server(tmp_path)
            assert info["uri"] == server.uri and info["password"] == server.password
            with pytest.raises(ServerError, match="already serves"):
                ArcadeDBServer(tmp_path).start()
            with (
                neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d,
                d.session(database=server.database) as s,
            ):
                s.run("CREATE (:Probe {key: 'kept'})").consume()
            proc, port, password = server.process, server.bolt_port, server.password
        assert proc.poll() is not None  # the Java process is gone
        assert not _port_in_use(port)
        assert find_running_server(tmp_path) is None
        assert oct((tmp_path / "credentials.json").stat().st_mode & 0o777) == "0o600"
    finally:
        blocker.close()
    # A second start on the same directory reuses the stored password and sees the data.
    with ArcadeDBServer(tmp_path, heap="512m") as server:
        assert server.password == password
        with (
            neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d,
            d.session(database=server.database) as s,
        ):
            assert s.run("MATCH (p:Probe) RETURN p.key AS k").single()["k"] == "kept"


def test_resolve_settings_prefers_options_then_environment():
    env = {"NEO4J_URI": "bolt://h:1", "NEO4J_USER": "u", "NEO4J_PASSWORD": "p", "NEO4J_DATABASE": "d"}
    assert resolve_settings(environ=env) == resolve_settings("bolt://h:1", "u", "p", "d", environ={})
    s = resolve_settings(uri="bolt://x:2", database="other", environ=env)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://x:2", "u", "p", "other")
    embedded = resolve_settings(environ={})
    assert embedded.uri is None and embedded.user == "root" and embedded.database == "newsgraph"
    # Neo4j credentials in the environment do not leak into the embedded server's settings.
    assert resolve_settings(environ={"NEO4J_PASSWORD": "neo4j", "NEO4J_USER": "neo4j"}).password is None
    assert resolve_settings(uri="bolt://x:2", environ={}).database == "neo4j"


@pytest.mark.neo4j
def test_load_then_query_share_the_embedded_data_dir(tmp_path, mini_graph_path, capsys, monkeypatch):
    graph = tmp_path / "graph.json"
    graph.write_bytes(mini_graph_path.read_bytes())  # the load state file goes beside it
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NEWSGRAPH_ARCADEDB_HEAP", "512m")
    data = tmp_path / "data"
    assert main(["load", str(graph), "--data-dir", str(data), "--quiet"]) == 0
    out = capsys.readouterr().out
    password = json.loads((data / "credentials.json").read_text())["password"]
    assert "bolt://127.0.0.1:" in out and f"password: {password}" in out and "newsgraph serve" in out
    assert find_running_server(data) is None  # load stopped the server it started
    assert main(["query", "graph_summary", "--data-dir", str(data), "--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert {r["label"]: r["nodes"] for r in rows}["Official"] == 3
    assert "started the embedded ArcadeDB server" in captured.err
    assert find_running_server(data) is None


@pytest.mark.neo4j
def test_serve_runs_in_the_foreground_query_reuses_it_and_ctrl_c_stops_it(tmp_path, mini_graph_path, capsys,
                                                                            monkeypatch):
    data = tmp_path / "data"
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)  # the in-process commands below mean this server
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEWSGRAPH_ARCADEDB_HEAP"] = "512m"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while find_running_server(data) is None:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.3)
        info = find_running_server(data)
        graph = tmp_path / "graph.json"
        graph.write_bytes(mini_graph_path.read_bytes())
        assert main(["load", str(graph), "--data-dir", str(data), "--quiet"]) == 0
        assert "keeps running" in capsys.readouterr().out
        assert main(["query", "MATCH (n:Official) RETURN count(n) AS c", "--data-dir", str(data), "--format", "csv"]) == 0
        captured = capsys.readouterr()
        assert captured.out.split() == ["c", "3"]
        assert "started" not in captured.err  # it used the running server
        proc.send_signal(signal.SIGINT)
        out, _err = proc.communicate(timeout=60)
        assert proc.returncode == 0
        assert info["uri"] in out and "password:" in out and "database: newsgraph" in out
        assert find_running_server(data) is None
        assert not _port_in_use(info["bolt_port"])
    finally:
        if proc.poll() is None:
            proc.terminate()  # serve stops its server on SIGTERM too
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_generated_passwords_can_follow_password_on_a_command_line():
    """Printed for users to paste after --password: letters and digits only, so never an
    option-like leading "-" (secrets.token_urlsafe gives one in 64 of those)."""
    passwords = [_new_password() for _ in range(2000)]
    assert all(len(p) == 16 and p.isascii() and p.isalnum() for p in passwords)
    assert len(set(passwords)) == len(passwords)
    for p in passwords[:50]:
        args = make_parser().parse_args(["load", "g.json", "--password", p])
        assert args.password == p
