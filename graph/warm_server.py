"""The warm embedded server: one ArcadeDB server per data directory, left running between
commands and stopped after an idle timeout, so that ``newsgraph query`` answers at once.

How it works
------------
* The first command that needs the embedded server (``load``, ``query``, ``serve --detach``,
  :meth:`newsgraph.KnowledgeGraph.connect`) and finds none starts one with
  :func:`ensure_server`: a small launcher process forks a **supervisor** in its own session,
  which runs :class:`~newsgraph.graph.server.ArcadeDBServer` (Java dies with the supervisor:
  ``PR_SET_PDEATHSIG``), writes ``server.json`` (URL, ports, ``owner_pid``, ``idle_seconds``;
  the password stays in ``credentials.json``) and reports ready.  Later commands find it with
  :func:`~newsgraph.graph.server_files.find_running_server` and connect.
* Every user of the server holds a **lease**
  (:class:`~newsgraph.graph.server_locks.ServerLease`): a shared ``flock`` on
  ``<data_dir>/clients.lock``, whose modification time also records the last use.  The
  supervisor stops the server once nobody has held a lease, no Bolt client has been connected
  (``/proc/net/tcp``: cypher-shell, Neo4j Browser or a notebook's driver count as use) and the
  idle timeout has passed — taking the lock exclusively first, so it never stops a server a
  command is using.  With an idle timeout of 0 it stops as soon as the last user is done
  (reference counting).
* Starting and stopping take ``<data_dir>/start.lock`` exclusively, so parallel commands start
  one server between them and a new server never starts while the old one still holds the
  database files.
* ``newsgraph stop`` (:func:`stop_server`) sends SIGTERM to ``owner_pid`` (the supervisor, or
  a foreground ``newsgraph serve``) and waits until Java is gone.

The idle timeout is ``$NEWSGRAPH_IDLE_MINUTES`` (default :data:`DEFAULT_IDLE_MINUTES`); the
supervisor logs to ``<data_dir>/log/warm-server.log``.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .ports import bolt_connections
from .server import ArcadeDBServer, DataDirBusy, ServerError
from .server_files import DEFAULT_DATABASE, find_running_server, pid_alive, resolve_data_dir
from .server_locks import CLIENTS_LOCK, START_LOCK, open_lock_file, take_lock

__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "IDLE_ENV",
    "ensure_server",
    "idle_seconds",
    "stop_server",
]

#: Minutes without use after which the warm server stops itself.
DEFAULT_IDLE_MINUTES = 30.0
#: Environment variable overriding :data:`DEFAULT_IDLE_MINUTES` (a number of minutes; 0 stops
#: the server as soon as no command uses it).
IDLE_ENV = "NEWSGRAPH_IDLE_MINUTES"

_LOG = "warm-server.log"


def idle_seconds(minutes: float | str | None = None) -> float:
    """Return the idle timeout in seconds: ``minutes`` if given, else ``$NEWSGRAPH_IDLE_MINUTES``,
    else :data:`DEFAULT_IDLE_MINUTES`.

    Raises
    ------
    ServerError
        The value is not a finite number of minutes ≥ 0.
    """
    source = "--idle-minutes" if minutes is not None else IDLE_ENV
    value = minutes if minutes is not None else os.environ.get(IDLE_ENV)
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_IDLE_MINUTES * 60
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise ServerError(f"{source}={value!r}: expected a number of minutes ≥ 0, e.g. 30 or 0.5")
    return number * 60


def ensure_server(
    data_dir: str | os.PathLike | None = None,
    *,
    database: str = DEFAULT_DATABASE,
    password: str | None = None,
    idle: float | None = None,
    bolt_port: int | None = None,
    on_start=None,
    timeout: float = 150.0,
) -> dict:
    """Return the running server of ``data_dir`` (see
    :func:`~newsgraph.graph.server_files.find_running_server`), starting the warm server if there is
    none.

    Parameters
    ----------
    database, password, bolt_port:
        As for :class:`~newsgraph.graph.server.ArcadeDBServer` (``password`` seeds a new data
        directory only).
    idle:
        Idle timeout in seconds; default :func:`idle_seconds`.
    on_start:
        Called with the server's info dict when this call started it.
    timeout:
        Seconds to wait for another process's start and for this one.

    Raises
    ------
    ServerError
        The server could not be started (the message says why and names the log).
    """
    data_dir = resolve_data_dir(data_dir)
    idle = idle_seconds() if idle is None else idle
    fd = open_lock_file(data_dir / START_LOCK)
    try:
        take_lock(fd, fcntl.LOCK_EX, timeout, f"another command starting the server on {data_dir}")
        running = find_running_server(data_dir)
        if running is not None:
            return running
        command = [sys.executable, "-m", "newsgraph.graph.warm_server", "--data-dir", str(data_dir),
                   "--database", database, "--idle-seconds", repr(float(idle))]
        if bolt_port:
            command += ["--bolt-port", str(bolt_port)]
        try:
            # The password goes through stdin, not the command line that `ps` shows.
            launched = subprocess.run(command, input=(password or "") + "\n", capture_output=True,
                                      text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ServerError(f"the embedded server did not start within {timeout:.0f} s; see "
                              f"{data_dir / 'log' / _LOG}") from None
        if launched.returncode != 0:
            lines = (launched.stderr or launched.stdout).strip().splitlines()
            raise ServerError(lines[-1] if lines else f"the embedded server failed to start; see {data_dir / 'log' / _LOG}")
        running = find_running_server(data_dir)
        if running is None:
            raise ServerError(f"the embedded server exited right after starting; see {data_dir / 'log' / _LOG}")
        if on_start is not None:
            on_start(running)
        return running
    finally:
        os.close(fd)


def stop_server(data_dir: str | os.PathLike | None = None, timeout: float = 60.0) -> dict | None:
    """Stop the server running on ``data_dir`` (warm or ``newsgraph serve``); return what
    :func:`~newsgraph.graph.server_files.find_running_server` said about it, or ``None`` if none ran.

    SIGTERM goes to the process that owns the server, which stops Java cleanly; after
    ``timeout`` seconds Java gets SIGKILL.
    """
    data_dir = resolve_data_dir(data_dir)
    info = find_running_server(data_dir)
    if info is None:
        return None
    java = int(info["pid"])
    owner = int(info.get("owner_pid") or 0)
    with contextlib.suppress(ProcessLookupError):
        os.kill(owner if owner and pid_alive(owner) else java, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _running(java):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(java, signal.SIGKILL)
            break
        time.sleep(0.1)
    # The owner exits right after Java; wait for it too, so that "stopped" means no process left.
    deadline = time.monotonic() + 10
    while owner and _running(owner) and time.monotonic() < deadline:
        time.sleep(0.05)
    return info


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, exited but not yet reaped, is not)."""
    if not pid_alive(pid):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc: trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


# ---------------------------------------------------------------------------------------------
# The launcher and the supervisor (``python -m newsgraph.graph.warm_server``)


def _supervise(args, password: str | None, ready_fd: int) -> int:
    """Run the server until it has been idle for ``args.idle_seconds`` or SIGTERM arrives."""
    data_dir = Path(args.data_dir)
    stop_requested = []

    def on_signal(signum, frame):
        stop_requested.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)

    def report(message: str) -> None:
        nonlocal ready_fd
        if ready_fd is not None:
            # The launcher may be gone (Ctrl-C in the caller's terminal): the server runs on.
            with contextlib.suppress(OSError):
                os.write(ready_fd, message.encode("utf-8"))
            os.close(ready_fd)
            ready_fd = None

    server = ArcadeDBServer(data_dir, database=args.database, password=password,
                            bolt_port=args.bolt_port)
    server.runfile_extra = {"idle_seconds": args.idle_seconds}
    deadline = time.monotonic() + 60
    while True:
        try:
            server.start()
            break
        except DataDirBusy as exc:
            # A server that was just stopped may still be closing the database files.
            if time.monotonic() > deadline:
                report(f"error: {exc}")
                return 2
            time.sleep(0.5)
        except ServerError as exc:
            report(f"error: {exc}")
            return 2
    _log(f"started {server.uri} (pid {server.process.pid}), idle timeout {args.idle_seconds:g} s")
    report(f"ok {server.uri}")

    clients = open_lock_file(data_dir / CLIENTS_LOCK)
    poll = min(5.0, max(0.25, args.idle_seconds / 20))
    last_use = time.time()
    try:
        while True:
            for _ in range(max(1, round(poll / 0.05))):
                if stop_requested or server.process.poll() is not None:
                    break
                time.sleep(0.05)
            if server.process.poll() is not None:
                _log(f"ArcadeDB exited by itself (code {server.process.returncode}); see {server.log_path}")
                return 1
            if stop_requested:
                _log(f"stopping on signal {stop_requested[0]}")
                break
            try:
                fcntl.flock(clients, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                last_use = time.time()  # a command holds a lease
                continue
            with contextlib.suppress(OSError):
                last_use = max(last_use, os.stat(data_dir / CLIENTS_LOCK).st_mtime)
            if bolt_connections(server.bolt_port) or time.time() - last_use < args.idle_seconds:
                if bolt_connections(server.bolt_port):
                    last_use = time.time()
                fcntl.flock(clients, fcntl.LOCK_UN)
                continue
            # Idle: stop while holding the client lock, so no command can find the server now.
            _log(f"idle for {time.time() - last_use:.0f} s: stopping")
            break
        start = open_lock_file(data_dir / START_LOCK)
        with contextlib.suppress(ServerError):
            take_lock(start, fcntl.LOCK_EX, 60.0, "the start lock")
        server.stop()  # removes server.json first
        _log("stopped")
        return 0
    finally:
        if server.process is not None:
            server.stop()


def _log(message: str) -> None:
    print(time.strftime("%Y-%m-%d %H:%M:%S"), f"[pid {os.getpid()}]", message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """The launcher: fork the supervisor into its own session, wait until it reports the server
    ready (exit 0) or failed (exit 2, the reason on stderr)."""
    parser = argparse.ArgumentParser(prog="python -m newsgraph.graph.warm_server")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("--bolt-port", type=int, default=None)
    args = parser.parse_args(argv)
    password = sys.stdin.readline().strip() or None
    data_dir = Path(args.data_dir)
    log_path = data_dir / "log" / _LOG
    log_path.parent.mkdir(parents=True, exist_ok=True)
    read_fd, ready_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the supervisor: detached from the caller's session and pipes
        code = 1
        try:
            os.close(read_fd)
            os.setsid()
            log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            null_fd = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null_fd, 0)
            os.dup2(log_fd, 1)
            os.dup2(log_fd, 2)
            os.close(null_fd)
            os.close(log_fd)
            code = _supervise(args, password, ready_fd)
        except BaseException as exc:  # noqa: BLE001 - the supervisor must always exit here
            with contextlib.suppress(Exception):
                _log(f"supervisor failed: {type(exc).__name__}: {exc}")
                os.write(ready_fd, f"error: {type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(code)
    os.close(ready_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    message = b"".join(chunks).decode("utf-8", "replace").strip()
    if message.startswith("ok "):
        print(message[3:])
        return 0
    print(message.removeprefix("error: ") or f"the embedded server failed to start; see {log_path}",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
