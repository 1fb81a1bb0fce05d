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
  (``~/.local/share/newsgraph/arcadedb``), see :func:`default_data_dir`.
* While a server runs, ``<data_dir>/server.json`` says where (pid, ports, database, and
  ``owner_pid``, the Python process that stops it), so that a second command connects to it
  instead of starting a second server on the same files (:func:`find_running_server`).
  :mod:`newsgraph.graph.warm_server` keeps one running between commands (the warm server).

Connection settings
-------------------
:func:`resolve_settings` merges ``--uri/--user/--password/--database`` with ``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``; with no URI, :func:`open_bolt` uses the
embedded server (a running one, or the warm server started now and left running).

The server settings used here are ArcadeDB's ``GlobalConfiguration`` keys as shipped in the
wheel's engine jar (``arcadedb.server.rootPath``, ``arcadedb.server.rootPasswordPath``,
``arcadedb.server.defaultDatabases``, ``arcadedb.server.httpIncomingHost/Port``,
``arcadedb.server.httpsIncomingPort``, ``arcadedb.server.logsDirectory``, ``arcadedb.bolt.host``,
``arcadedb.bolt.port``, ``arcadedb.bolt.defaultDatabase``, ``arcadedb.server.plugins``).
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_USER",
    "ArcadeDBServer",
    "BoltConnectionError",
    "ConnectionSettings",
    "DataDirBusy",
    "ServerError",
    "default_data_dir",
    "find_running_server",
    "free_port",
    "open_bolt",
    "resolve_settings",
]

DEFAULT_DATABASE = "newsgraph"
DEFAULT_USER = "root"
DEFAULT_BOLT_PORT = 7687
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_CREDENTIALS = "credentials.json"
_RUNFILE = "server.json"
_PORTFILE = "bolt-port"


class ServerError(RuntimeError):
    """The embedded ArcadeDB server could not be started (message says why and where the log is)."""


class DataDirBusy(ServerError):
    """Another ArcadeDB process holds the data directory's database lock (ArcadeDB refuses to
    open a database twice, so nothing is damaged)."""


class BoltConnectionError(RuntimeError):
    """A Bolt server cannot be used: unreachable, wrong credentials or missing database.

    The message is one line: what failed, where, and how to fix it.
    """


def default_data_dir() -> Path:
    """Return the directory the embedded server keeps its files in.

    ``$NEWSGRAPH_DATA_DIR`` if set, else ``$XDG_DATA_HOME/newsgraph/arcadedb``, else
    ``~/.local/share/newsgraph/arcadedb`` (the platformdirs "user data dir" on Linux).
    """
    env = os.environ.get("NEWSGRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "newsgraph" / "arcadedb"


def free_port(preferred: int | None = None, host: str = "127.0.0.1") -> int:
    """Return ``preferred`` if a listener can bind it on ``host``, else a free ephemeral port.

    The test binds with ``SO_REUSEADDR``, as Java's server sockets do on Linux: a port whose
    last connections are in TIME-WAIT (a server just stopped) is free to the server, so it is
    free here too.  The port is only known free at the time of the call; :class:`ArcadeDBServer`
    retries its start when another process takes the port in between.
    """
    if preferred and _bindable(host, preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _bindable(host: str, port: int) -> bool:
    """Whether a server socket can bind ``host:port`` the way Java binds it: with
    ``SO_REUSEADDR``, and (where the machine has IPv6) as an IPv6 socket on the IPv4-mapped
    address — Java listens on ``[::ffff:127.0.0.1]``, and a plain IPv4 probe can bind a port that
    such a listener holds."""
    addresses = [(socket.AF_INET, (host, port))]
    if socket.has_ipv6 and ":" not in host:
        addresses.append((socket.AF_INET6, (f"::ffff:{host}", port, 0, 0)))
    for family, address in addresses:
        try:
            probe = socket.socket(family, socket.SOCK_STREAM)
        except OSError:  # no IPv6 on this machine: Java uses IPv4 then
            continue
        with probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError:
                return False
    return True


def _listens_on(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds a listening TCP socket on ``port`` (Linux: ``/proc/net/tcp``,
    ``tcp6`` and the process's file descriptors).  Elsewhere: whether anything accepts
    connections on ``127.0.0.1:port``."""
    inodes = set()
    try:
        for name in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(FileNotFoundError), open(name, encoding="ascii") as fh:
                next(fh, None)
                for line in fh:
                    f = line.split()
                    # f[1] "local_addr:PORT" (hex), f[3] the state (0A = LISTEN), f[9] the inode
                    if len(f) > 9 and f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(f"socket:[{f[9]}]")
    except (OSError, ValueError):
        return _port_open("127.0.0.1", port)
    if not inodes:
        return False
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process is gone
        return False
    for fd in fds:
        with contextlib.suppress(OSError):  # closed meanwhile
            if os.readlink(fd) in inodes:
                return True
    return False


def _port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _arcadedb_home() -> Path:
    import arcadedb_embedded  # local: only the embedded path needs the wheel

    return Path(arcadedb_embedded.__file__).resolve().parent


def _read_credentials(data_dir: Path) -> dict | None:
    try:
        return json.loads((data_dir / _CREDENTIALS).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _new_password(length: int = 16) -> str:
    """A random root password of ASCII letters and digits (``length`` × 5.95 bits).

    Not ``secrets.token_urlsafe``: one of its passwords in 64 starts with ``-``, which is then
    taken for an option when pasted after ``--password`` (argparse, cypher-shell).
    """
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _remembered_port(data_dir: Path) -> int | None:
    """The Bolt port this data directory's server used last, if recorded and valid."""
    try:
        port = int((data_dir / _PORTFILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclasses.dataclass(frozen=True)
class ConnectionSettings:
    """Where and how to reach a Bolt server.

    ``uri`` is ``None`` for "the embedded ArcadeDB server"; ``password`` may then be ``None`` (the
    stored one is used).
    """

    uri: str | None
    user: str
    password: str | None
    database: str

    def describe(self) -> str:
        """Return ``"bolt://host:port (database 'x', user 'y')"`` for messages."""
        return f"{self.uri or 'embedded ArcadeDB'} (database '{self.database}', user '{self.user}')"


def resolve_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    environ: dict[str, str] | None = None,
) -> ConnectionSettings:
    """Merge explicit options with ``NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE``.

    Explicit values win over the environment; defaults are user ``root`` with the embedded server
    (``neo4j`` with a URI, as Neo4j's default user) and database ``newsgraph`` (``neo4j`` with a
    URI, Neo4j's default database).  Without any URI, ``NEO4J_USER`` and ``NEO4J_PASSWORD`` are
    ignored: the embedded server uses the credentials stored in its data directory.
    """
    env = os.environ if environ is None else environ
    uri = uri or env.get("NEO4J_URI") or None
    if uri is None:
        # NEO4J_USER/NEO4J_PASSWORD describe some Neo4j server; the embedded one has its own
        # stored credentials (a short Neo4j password would even stop it from being created).
        return ConnectionSettings(None, user or DEFAULT_USER, password,
                                  database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE)
    return ConnectionSettings(
        uri=uri,
        user=user or env.get("NEO4J_USER") or "neo4j",
        password=password if password is not None else env.get("NEO4J_PASSWORD"),
        database=database or env.get("NEO4J_DATABASE") or "neo4j",
    )


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
        self._preferred_bolt = bolt_port or _remembered_port(self.data_dir) or DEFAULT_BOLT_PORT
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
                    (self.data_dir / _PORTFILE).write_text(f"{self.bolt_port}\n", encoding="ascii")
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
            info = json.loads((self.data_dir / _RUNFILE).read_text(encoding="utf-8"))
            if info.get("pid") == proc.pid:
                (self.data_dir / _RUNFILE).unlink()
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
        creds = _read_credentials(self.data_dir)
        if creds and creds.get("password"):
            return creds["password"]
        password = self._requested_password or _new_password()
        if len(password) < 8:  # ArcadeDB refuses shorter root passwords at first start
            raise ServerError("the root password of a new ArcadeDB server needs at least 8 characters")
        _write_private(
            self.data_dir / _CREDENTIALS,
            json.dumps({"user": DEFAULT_USER, "password": password}, indent=1) + "\n",
        )
        _write_private(self.data_dir / "root-password.txt", password)
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
            if _listens_on(self.process.pid, self.bolt_port):
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
                f"fix {self.data_dir / _CREDENTIALS} or use a new --data-dir"
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
        _write_private(self.data_dir / _RUNFILE, json.dumps(info, indent=1) + "\n")


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


def find_running_server(data_dir: str | os.PathLike | None = None) -> dict | None:
    """Return ``{"pid", "uri", "bolt_port", "http_port", "database", "user", "password"}`` of a
    server already running on ``data_dir`` (default :func:`default_data_dir`), or ``None``.

    A stale ``server.json`` (process gone, port closed) is removed.
    """
    data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()
    path = data_dir / _RUNFILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if not _pid_alive(int(info.get("pid", 0))) or not _port_open("127.0.0.1", int(info["bolt_port"])):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    creds = _read_credentials(data_dir) or {}
    info["password"] = creds.get("password")
    return info


def _friendly_error(exc: Exception, settings: ConnectionSettings) -> BoltConnectionError:
    """Turn a driver exception met while connecting into a one-line :class:`BoltConnectionError`."""
    import neo4j

    where = settings.uri or "the embedded server"
    if isinstance(exc, neo4j.exceptions.AuthError):
        return BoltConnectionError(
            f"authentication failed for user '{settings.user}' at {where}: "
            "check --user/--password (or NEO4J_USER/NEO4J_PASSWORD)"
        )
    code = getattr(exc, "code", "") or ""
    if code.endswith("DatabaseNotFound"):
        # Community and AuraDB Free have the one database `neo4j`; CREATE DATABASE is Enterprise's.
        return BoltConnectionError(
            f"database '{settings.database}' does not exist at {where}: pass --database/NEO4J_DATABASE "
            f"with an existing one (Neo4j Community and AuraDB Free have only 'neo4j'), or on "
            f"Enterprise create it with CREATE DATABASE {settings.database}"
        )
    if isinstance(exc, (neo4j.exceptions.ServiceUnavailable, OSError)):
        return BoltConnectionError(
            f"cannot reach a Bolt server at {where}: start Neo4j there, fix --uri/NEO4J_URI "
            "(bolt://host:7687, neo4j://host:7687 for a cluster, neo4j+s://xxxx.databases.neo4j.io "
            "for Aura), or omit the URI to use the embedded ArcadeDB server"
        )
    if isinstance(exc, ValueError):  # the driver's URI parser
        return BoltConnectionError(f"invalid Bolt URI {where!r} ({exc}): use bolt://host:7687, "
                                   "neo4j://host:7687 (a cluster) or neo4j+s://xxxx.databases.neo4j.io (Aura)")
    msg = getattr(exc, "message", None) or str(exc)
    return BoltConnectionError(f"cannot use {settings.describe()}: {msg.splitlines()[0] if msg else type(exc).__name__}")


#: The statement :func:`check_connection` runs.
CONNECTION_CHECK = "RETURN 1 AS ok"


def check_connection(driver, settings: ConnectionSettings) -> None:
    """Run ``RETURN 1`` on ``settings.database``; raise :class:`BoltConnectionError` on failure."""
    import neo4j

    try:
        with driver.session(database=settings.database) as session:
            session.run(CONNECTION_CHECK).consume()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as exc:
        raise _friendly_error(exc, settings) from None


@contextlib.contextmanager
def open_bolt(
    settings: ConnectionSettings,
    *,
    data_dir: str | os.PathLike | None = None,
    start_server: bool = True,
    on_start=None,
) -> Iterator[tuple[object, ConnectionSettings, dict | None]]:
    """Yield ``(driver, settings, server)`` for ``settings``, checked with a ``RETURN 1``.

    With ``settings.uri`` set, that server is used and ``server`` is ``None``.  Without a URI,
    the embedded server of ``data_dir`` is used: the running one, or (if ``start_server``) the
    warm server started now (:func:`newsgraph.graph.warm_server.ensure_server`; it keeps running
    after the block until its idle timeout or ``newsgraph stop``).  ``server`` is then its
    :func:`find_running_server` dict, and ``on_start(server)`` is called if this call started
    it.  A lease (:class:`~newsgraph.graph.warm_server.ServerLease`) is held for the whole
    block, so the server cannot stop under it.  The yielded settings are the effective ones (URI,
    password filled in).

    Raises
    ------
    BoltConnectionError
        Unreachable server, wrong credentials, missing database, or no server and
        ``start_server=False``.
    ServerError
        The embedded server failed to start.
    """

    server = lease = None
    if settings.uri is None:
        from .warm_server import ServerLease, ensure_server

        lease = ServerLease(data_dir).acquire()
        try:
            server = find_running_server(data_dir)
            if server is None and not start_server:
                raise BoltConnectionError(
                    f"no ArcadeDB server is running on {Path(data_dir) if data_dir else default_data_dir()}: "
                    "start one with `newsgraph serve` or pass --uri"
                )
            if server is None:
                # settings.password only seeds a brand-new data directory; an existing one keeps its own.
                server = ensure_server(data_dir, database=settings.database, password=settings.password,
                                       on_start=on_start)
        except BaseException:
            lease.release()
            raise
        # The embedded server's credentials are the stored ones; a NEO4J_PASSWORD meant for
        # some real Neo4j must not shadow them.
        settings = ConnectionSettings(server["uri"], server["user"], server["password"], settings.database)
    try:
        from .bolt import open_driver

        with open_driver(settings) as driver:
            yield driver, settings, server
    finally:
        if lease is not None:
            lease.release()
