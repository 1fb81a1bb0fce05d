"""An embedded Bolt server for newsgraph: ArcadeDB (from the ``arcadedb-embedded`` wheel) run as a
Java subprocess with its Bolt plugin, so that ``newsgraph load`` and ``newsgraph query`` work
without a Neo4j installation.

What the server looks like
--------------------------
* Java and the jars come from the installed ``arcadedb_embedded`` package (``jre/bin/java``,
  ``jars/*``); nothing is downloaded.
* Bound to 127.0.0.1 only.  Bolt on the port this data directory used last (kept in
  ``<data_dir>/bolt-port``), else 7687, when that port is free, otherwise on a free port; the
  HTTP port (ArcadeDB needs one) and the HTTPS port are always free ephemeral ports.  Ports are
  tested the way Java binds a server socket (``SO_REUSEADDR``), so a port whose last
  connections are in TIME-WAIT after a stop counts as free, as it is to the server.
* User ``root``; the password is generated on first start (or taken from the caller) and kept in
  ``<data_dir>/credentials.json`` (mode 0600), because ArcadeDB fixes the root password when it
  first creates its security files: later starts must reuse it.  It reaches ArcadeDB through
  ``arcadedb.server.rootPasswordPath`` rather than a command-line property visible in ``ps``.
* One database, ``newsgraph`` by default (``arcadedb.server.defaultDatabases``), kept under
  ``<data_dir>/databases``; the data survive restarts, so ``load`` then ``query`` see the same data.
* The data directory defaults to ``$NEWSGRAPH_DATA_DIR`` or ``$XDG_DATA_HOME/newsgraph/arcadedb``
  (``~/.local/share/newsgraph/arcadedb``), see
  :func:`~newsgraph.graph.server_files.default_data_dir`.
* While a server runs, ``<data_dir>/server.json`` says where (pid, ports, database, and
  ``owner_pid``, the Python process that stops it), so that a second command connects to it
  instead of starting a second server on the same files
  (:func:`~newsgraph.graph.server_files.find_running_server`; the files of the data directory are
  :mod:`newsgraph.graph.server_files`).
  :mod:`newsgraph.graph.warm_server` keeps one running between commands (the warm server).

Connection settings and drivers are :mod:`newsgraph.graph.connection` and
:mod:`newsgraph.graph.bolt`.

The server settings used here are ArcadeDB's ``GlobalConfiguration`` keys as shipped in the
wheel's engine jar (``arcadedb.server.rootPath``, ``arcadedb.server.rootPasswordPath``,
``arcadedb.server.defaultDatabases``, ``arcadedb.server.httpIncomingHost/Port``,
``arcadedb.server.httpsIncomingPort``, ``arcadedb.server.logsDirectory``, ``arcadedb.bolt.host``,
``arcadedb.bolt.port``, ``arcadedb.bolt.defaultDatabase``, ``arcadedb.server.plugins``).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

from .connection import ConnectionSettings
from .ports import free_port, listens_on
from .server_files import (CREDENTIALS_FILE, DEFAULT_DATABASE, DEFAULT_USER, PORTFILE, RUNFILE,
                           default_data_dir, find_running_server, new_password, read_credentials,
                           remembered_port, write_private)

__all__ = ["BOLT_PLUGIN", "DEFAULT_BOLT_PORT", "ArcadeDBServer", "DataDirBusy", "ServerError"]

DEFAULT_BOLT_PORT = 7687
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


class ServerError(RuntimeError):
    """The embedded ArcadeDB server could not be started (message says why and where the log is)."""


class DataDirBusy(ServerError):
    """Another ArcadeDB process holds the data directory's database lock (ArcadeDB refuses to
    open a database twice, so nothing is damaged)."""


def _arcadedb_home() -> Path:
    import arcadedb_embedded  # local: only the embedded path needs the wheel

    return Path(arcadedb_embedded.__file__).resolve().parent



class ArcadeDBServer:
    """ArcadeDB with its Bolt plugin, run as a Java subprocess bound to 127.0.0.1.

    Parameters
    ----------
    data_dir:
        Where the databases, configuration, credentials and logs live (created if missing);
        default :func:`default_data_dir`.
    database:
        Database created at first start and served by default over Bolt.
    password:
        Root password for a *new* data directory; ignored (the stored one wins) when the data
        directory already has credentials.  Default: a random one.
    bolt_port:
        Port to try first; by default the port this data directory's server used last, else
        7687.  When taken, a free port is used (and remembered for the next start).
    heap:
        JVM maximum heap (``-Xmx``), e.g. ``"2g"``; default ``$NEWSGRAPH_ARCADEDB_HEAP`` or ``"2g"``.
    startup_timeout:
        Seconds to wait until Bolt answers a query on ``database``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.  On Linux the Java process
    is asked to exit when the *thread* that started it ends (``PR_SET_PDEATHSIG``), so start it
    from a thread that outlives it (the main thread, normally).  After :meth:`start`,
    :attr:`uri`, :attr:`user`, :attr:`password`, :attr:`database` describe the connection.

    Raises
    ------
    ServerError
        From :meth:`start` when Java is missing, the process exits, or Bolt does not answer in
        time; the message names the log file.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        *,
        database: str = DEFAULT_DATABASE,
        password: str | None = None,
        bolt_port: int | None = None,
        heap: str | None = None,
        startup_timeout: float = 90.0,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()
        if not re.fullmatch(r"[A-Za-z0-9_-]+", database):
            raise ServerError(f"invalid database name {database!r}: use letters, digits, _ and -")
        self.database = database
        self.user = DEFAULT_USER
        self._requested_password = password
        self._preferred_bolt = bolt_port or remembered_port(self.data_dir) or DEFAULT_BOLT_PORT
        #: Extra fields for ``server.json`` (the warm server's supervisor adds its idle timeout).
        self.runfile_extra: dict = {}
        self.heap = heap or os.environ.get("NEWSGRAPH_ARCADEDB_HEAP", "2g")
        self.startup_timeout = startup_timeout
        self.password: str | None = None
        self.bolt_port: int | None = None
        self.http_port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / "log" / "newsgraph-server.log"

    # -- public API -------------------------------------------------------------------------
    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>`` (valid after :meth:`start`)."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def settings(self) -> ConnectionSettings:
        """The :class:`ConnectionSettings` of the running server."""
        return ConnectionSettings(self.uri, self.user, self.password, self.database)

    def start(self) -> ArcadeDBServer:
        """Start the server and block until Bolt answers on :attr:`database`; return ``self``."""
        if self.process is not None:
            raise ServerError("server already started")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        running = find_running_server(self.data_dir)
        if running is not None:
            raise ServerError(
                f"an ArcadeDB server (pid {running['pid']}) already serves {self.data_dir} at "
                f"{running['uri']}; connect to it or stop it first"
            )
        self.password = self._ensure_credentials()
        last_error: Exception | None = None
        # A port found free can be taken before Java binds it; a few attempts make that benign.
        for _attempt in range(3):
            try:
                self._spawn_and_wait()
                self._write_runfile()
                with contextlib.suppress(OSError):
                    (self.data_dir / PORTFILE).write_text(f"{self.bolt_port}\n", encoding="ascii")
                return self
            except _PortRace as exc:
                last_error = exc
        raise ServerError(f"could not bind ports for ArcadeDB: {last_error}; see {self.log_path}")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server: SIGTERM (ArcadeDB closes its databases), then SIGKILL after ``timeout``
        seconds.  Safe to call twice."""
        proc, self.process = self.process, None
        if proc is None:
            return
        with contextlib.suppress(FileNotFoundError):
            info = json.loads((self.data_dir / RUNFILE).read_text(encoding="utf-8"))
            if info.get("pid") == proc.pid:
                (self.data_dir / RUNFILE).unlink()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None

    def wait(self) -> int:
        """Block until the Java process exits; return its exit code."""
        if self.process is None:
            raise ServerError("server not started")
        return self.process.wait()

    def __enter__(self) -> ArcadeDBServer:  # noqa: PYI034 - Python 3.10 has no typing.Self
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"{self.uri} pid {self.process.pid}" if self.process else "stopped"
        return f"<ArcadeDBServer {self.data_dir} {state}>"

    # -- internals --------------------------------------------------------------------------
    _log_fh = None

    def _ensure_credentials(self) -> str:
        creds = read_credentials(self.data_dir)
        if creds and creds.get("password"):
            return creds["password"]
        password = self._requested_password or new_password()
        if len(password) < 8:  # ArcadeDB refuses shorter root passwords at first start
            raise ServerError("the root password of a new ArcadeDB server needs at least 8 characters")
        write_private(
            self.data_dir / CREDENTIALS_FILE,
            json.dumps({"user": DEFAULT_USER, "password": password}, indent=1) + "\n",
        )
        write_private(self.data_dir / "root-password.txt", password)
        return password

    def _command(self) -> list[str]:
        home = _arcadedb_home()
        java = home / "jre" / "bin" / "java"
        if not java.exists():
            raise ServerError(f"no Java runtime at {java}: reinstall arcadedb-embedded")
        props = {
            "arcadedb.server.rootPath": str(self.data_dir),
            "arcadedb.server.rootPasswordPath": str(self.data_dir / "root-password.txt"),
            "arcadedb.server.logsDirectory": str(self.data_dir / "log"),
            # "name[user]": the database is created at first start and the (already created)
            # root user gets access; a bare name is rejected by ArcadeDB's parser.
            "arcadedb.server.defaultDatabases": f"{self.database}[{self.user}]",
            "arcadedb.server.plugins": BOLT_PLUGIN,
            "arcadedb.server.httpIncomingHost": "127.0.0.1",
            "arcadedb.server.httpIncomingPort": str(self.http_port),
            "arcadedb.server.httpsIncomingPort": str(free_port()),
            "arcadedb.bolt.host": "127.0.0.1",
            "arcadedb.bolt.port": str(self.bolt_port),
            "arcadedb.bolt.defaultDatabase": self.database,
            "arcadedb.server.mode": "development",
        }
        return [
            str(java),
            f"-Xmx{self.heap}",
            "--add-modules",
            "jdk.incubator.vector",
            *(f"-D{k}={v}" for k, v in props.items()),
            "-cp",
            str(home / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def _spawn_and_wait(self) -> None:
        self.bolt_port = free_port(self._preferred_bolt)
        self.http_port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._log_fh = open(self.log_path, "ab")  # noqa: SIM115 - open for the server's lifetime
        self.process = subprocess.Popen(
            self._command(),
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            # Own process group: a Ctrl-C in the terminal reaches Python, which then stops the
            # server cleanly, instead of killing Java mid-write.
            start_new_session=True,
            preexec_fn=_parent_death_hook(),  # noqa: PLW1509 - one libc call, resolved before fork
        )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self.process.poll()
            if code is not None:
                self.process = None
                self._log_fh.close()
                self._log_fh = None
                tail = self._log_tail(log_start)
                if any(m in tail for m in ("Address already in use", "BindException", "Unable to listen")):
                    raise _PortRace(tail.splitlines()[-1] if tail else "port in use")
                if "is locked by another process" in tail:
                    raise DataDirBusy(
                        f"{self.data_dir} is in use by another ArcadeDB server: wait for it to finish, "
                        "or keep one running with `newsgraph serve` and let commands share it"
                    )
                raise ServerError(
                    f"ArcadeDB exited with code {code} during start-up; see {self.log_path}:\n{tail}"
                )
            # Only talk to the port once our Java listens on it: another server may have taken
            # it between free_port and Java's bind.  ArcadeDB then logs the failure but does not
            # exit; the start is retried on another port.
            if listens_on(self.process.pid, self.bolt_port):
                if self._database_answers():
                    return
            elif "Unable to listen for BOLT" in self._log_tail(log_start, lines=200):
                self.stop(timeout=10)
                raise _PortRace(f"port {self.bolt_port} was taken while ArcadeDB started")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(
                    f"ArcadeDB did not answer on {self.uri} within {self.startup_timeout:.0f} s; "
                    f"see {self.log_path}"
                )
            time.sleep(0.25)

    def _database_answers(self) -> bool:
        # Bolt listens before the default database exists; wait for a real query to succeed.
        import neo4j

        try:
            with (
                neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver,
                driver.session(database=self.database) as session,
            ):
                session.run("RETURN 1 AS ok").consume()
            return True
        except neo4j.exceptions.AuthError as exc:
            self.stop()
            raise ServerError(
                f"the ArcadeDB server in {self.data_dir} refused the stored root password ({exc.message}); "
                f"fix {self.data_dir / CREDENTIALS_FILE} or use a new --data-dir"
            ) from None
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            return False

    def _log_tail(self, start: int, lines: int = 15) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(start)
                text = fh.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _write_runfile(self) -> None:
        info = {
            "pid": self.process.pid,
            "owner_pid": os.getpid(),
            "uri": self.uri,
            "bolt_port": self.bolt_port,
            "http_port": self.http_port,
            "database": self.database,
            "user": self.user,
            **self.runfile_extra,
        }
        write_private(self.data_dir / RUNFILE, json.dumps(info, indent=1) + "\n")


class _PortRace(Exception):
    pass


def _parent_death_hook():
    """Return a ``preexec_fn`` that asks Linux to SIGTERM the child when the Python parent dies,
    so a killed ``newsgraph`` never leaves an orphaned server holding the data directory; ``None``
    where ``prctl`` is unavailable (stop() and the runfile check remain the safeguards)."""
    try:
        import ctypes

        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    # Resolved in the parent: the child between fork and exec only makes the one libc call.
    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return hook
