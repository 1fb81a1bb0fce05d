"""The embedded ArcadeDB Bolt server and the commands that start it."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from newsgraph.graph.connection import resolve_settings
from newsgraph.graph.ports import free_port
from newsgraph.graph.server import ArcadeDBServer, ServerError
from newsgraph.graph.server_files import find_running_server, new_password
from newsgraph.graph.server_locks import ServerLease
from newsgraph.graph.warm_server import idle_seconds, stop_server

from newsgraph import KnowledgeGraph
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
    # SO_REUSEADDR: a port 7687 in TIME-WAIT (a server just stopped) is not taken, so take it.
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


def _jvms_on(data_dir) -> list[int]:
    """Pids of Java processes serving ``data_dir`` (from /proc: what `ps` would show)."""
    needle = f"-Darcadedb.server.rootPath={data_dir}".encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if needle in (proc / "cmdline").read_bytes().split(b"\0"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def _gone(pid: int) -> bool:
    """Whether ``pid`` has exited (a zombie that init has not reaped yet counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _wait_for(predicate, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture
def embedded_env(monkeypatch):
    """No NEO4J_* variables (the embedded server is used), a small heap, a warm server that
    stays up for 30 minutes unless stopped."""
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NEWSGRAPH_ARCADEDB_HEAP", "512m")
    monkeypatch.setenv("NEWSGRAPH_IDLE_MINUTES", "30")


@pytest.fixture
def data_dir(tmp_path):
    """A data directory whose server, if any is left, is stopped after the test."""
    path = tmp_path / "data"
    yield path
    stop_server(path)
    assert _jvms_on(path) == []


@pytest.mark.neo4j
def test_load_leaves_a_warm_server_that_query_and_the_api_reuse_and_stop_ends(
        tmp_path, data_dir, mini_graph_path, capsys, embedded_env):
    graph = tmp_path / "graph.json"
    graph.write_bytes(mini_graph_path.read_bytes())  # the load state file goes beside it
    data = data_dir
    assert main(["load", str(graph), "--data-dir", str(data), "--quiet"]) == 0
    out = capsys.readouterr().out
    password = json.loads((data / "credentials.json").read_text())["password"]
    assert "bolt://127.0.0.1:" in out and f"password: {password}" in out
    assert "30 min without use" in out and "newsgraph stop" in out
    info = find_running_server(data)  # load left the server running
    assert info is not None and info["idle_seconds"] == 1800 and info["password"] == password
    assert _jvms_on(data) == [info["pid"]]
    assert main(["query", "graph_summary", "--data-dir", str(data), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert {r["label"]: r["nodes"] for r in json.loads(captured.out)}["Official"] == 3
    assert "started" not in captured.err  # the warm server answered
    kg = KnowledgeGraph.from_json(graph)
    kg.connect(data_dir=data)
    try:
        assert kg._settings.uri == info["uri"]
        assert kg.query("MATCH (n:Official) RETURN count(n) AS c")["c"].tolist() == [3]
    finally:
        kg.close()
    assert find_running_server(data)["pid"] == info["pid"]  # still the one server
    assert main(["stop", "--data-dir", str(data)]) == 0
    assert "stopped the embedded ArcadeDB server" in capsys.readouterr().out
    assert find_running_server(data) is None
    assert _gone(info["pid"]) and _gone(info["owner_pid"])
    assert _jvms_on(data) == []
    assert not _port_in_use(info["bolt_port"])
    assert main(["stop", "--data-dir", str(data)]) == 0  # nothing to stop is no error
    assert "no embedded ArcadeDB server is running" in capsys.readouterr().err
    # The next start takes the same port (its last connections are in TIME-WAIT now).
    assert main(["query", "graph_summary", "--data-dir", str(data)]) == 0
    assert find_running_server(data)["bolt_port"] == info["bolt_port"]


@pytest.mark.neo4j
def test_serve_detach_starts_the_warm_server_and_it_stops_when_idle(data_dir, capsys, embedded_env):
    data = data_dir
    assert main(["serve", "--detach", "--data-dir", str(data), "--idle-minutes", "0.02"]) == 0
    out = capsys.readouterr().out
    info = find_running_server(data)
    assert "started in the background" in out and info["uri"] in out and info["idle_seconds"] == 1.2
    assert main(["serve", "--detach", "--data-dir", str(data)]) == 0
    assert "already running" in capsys.readouterr().out
    with ServerLease(data):  # a command using the server keeps it up past the idle timeout
        time.sleep(4)
        assert find_running_server(data) is not None
    _wait_for(lambda: find_running_server(data) is None and _gone(info["pid"]) and _gone(info["owner_pid"]),
              "the idle stop")
    assert _jvms_on(data) == []
    assert "idle for" in (data / "log" / "warm-server.log").read_text()


def test_idle_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_IDLE_MINUTES", raising=False)
    assert idle_seconds() == 1800
    monkeypatch.setenv("NEWSGRAPH_IDLE_MINUTES", "0.5")
    assert idle_seconds() == 30 and idle_seconds(2) == 120
    for bad in ("soon", "-1", "nan"):
        monkeypatch.setenv("NEWSGRAPH_IDLE_MINUTES", bad)
        with pytest.raises(ServerError, match="NEWSGRAPH_IDLE_MINUTES"):
            idle_seconds()


@pytest.mark.neo4j
@pytest.mark.parametrize("idle_minutes", ["30", "0"])
def test_parallel_queries_with_no_server_running_all_succeed(tmp_path, data_dir, mini_graph_path,
                                                             embedded_env, idle_minutes):
    """Issue 13 item 4: six `newsgraph query` at once on a data dir with no server running.
    With idle 0 the server stops as soon as none of them uses it (reference counting)."""
    graph = tmp_path / "graph.json"
    graph.write_bytes(mini_graph_path.read_bytes())
    data = data_dir
    assert main(["load", str(graph), "--data-dir", str(data), "--quiet"]) == 0
    assert stop_server(data) is not None and find_running_server(data) is None
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEWSGRAPH_IDLE_MINUTES"] = idle_minutes
    cypher = "MATCH (o:Official)-[:ATTENDED]->(m:Meeting) RETURN count(*) AS c"
    procs = [subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "query", cypher, "--format", "csv",
                               "--data-dir", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(6)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [r[0] for r in results] == [0] * 6, [r[2] for r in results]
    assert all(r[1].split() == ["c", "5"] for r in results), results
    if idle_minutes == "0":
        _wait_for(lambda: find_running_server(data) is None and _jvms_on(data) == [], "the last user's stop")


def test_free_port_treats_a_port_in_time_wait_as_free():
    """Issue 13 item 7: the port test binds as Java's server socket does (SO_REUSEADDR)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Java's ServerSocket
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first, so its end waits in TIME-WAIT
    client.recv(1)
    client.close()
    listener.close()
    plain = socket.socket()
    try:
        with pytest.raises(OSError):  # the old test: a plain bind sees the port as taken
            plain.bind(("127.0.0.1", port))
    finally:
        plain.close()
    assert free_port(port) == port
    # A port with a live listener is still taken.
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert free_port(busy.getsockname()[1]) != busy.getsockname()[1]


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


@pytest.mark.neo4j
def test_free_port_sees_the_port_a_running_arcadedb_listens_on(bolt):
    if bolt.server is None:
        pytest.skip("an external Neo4j (NEO4J_URI): not our process")
    assert free_port(bolt.server.bolt_port) != bolt.server.bolt_port


def test_generated_passwords_can_follow_password_on_a_command_line():
    """Printed for users to paste after --password: letters and digits only, so never an
    option-like leading "-" (secrets.token_urlsafe gives one in 64 of those)."""
    passwords = [new_password() for _ in range(2000)]
    assert all(len(p) == 16 and p.isascii() and p.isalnum() for p in passwords)
    assert len(set(passwords)) == len(passwords)
    for p in passwords[:50]:
        args = make_parser().parse_args(["load", "g.json", "--password", p])
        assert args.password == p
