"""The files of the embedded server's data directory (the server: :mod:`newsgraph.graph.server`).

* Where the directory is: :func:`default_data_dir` (``$NEWSGRAPH_DATA_DIR``, else
  ``$XDG_DATA_HOME/newsgraph/arcadedb``, else ``~/.local/share/newsgraph/arcadedb``).
* ``credentials.json`` (mode 0600): the root user and password, generated on first start
  (:func:`new_password`) and reused after, since ArcadeDB fixes the root password when it first
  creates its security files (:func:`read_credentials`, :func:`write_private`).
* ``bolt-port``: the Bolt port the directory's server used last (:func:`remembered_port`).
* ``server.json``: while a server runs, where it is (pid, ports, database, ``owner_pid``), so a
  second command connects to it instead of starting a second server on the same files
  (:func:`find_running_server`).
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import string
from pathlib import Path

from .ports import port_open

__all__ = [
    "CREDENTIALS_FILE",
    "DEFAULT_DATABASE",
    "DEFAULT_USER",
    "PORTFILE",
    "RUNFILE",
    "default_data_dir",
    "find_running_server",
    "new_password",
    "pid_alive",
    "read_credentials",
    "remembered_port",
    "resolve_data_dir",
    "write_private",
]

DEFAULT_DATABASE = "newsgraph"
DEFAULT_USER = "root"
CREDENTIALS_FILE = "credentials.json"
RUNFILE = "server.json"
PORTFILE = "bolt-port"


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


def resolve_data_dir(data_dir) -> Path:
    """``data_dir`` as a ``Path`` (``~`` expanded), or :func:`default_data_dir` when it is
    ``None`` or empty."""
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


def read_credentials(data_dir: Path) -> dict | None:
    """The ``{"user", "password"}`` stored in ``<data_dir>/credentials.json``, or ``None`` when
    the file is missing or not JSON."""
    try:
        return json.loads((data_dir / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def new_password(length: int = 16) -> str:
    """A random root password of ASCII letters and digits (``length`` × 5.95 bits).

    Not ``secrets.token_urlsafe``: one of its passwords in 64 starts with ``-``, which is then
    taken for an option when pasted after ``--password`` (argparse, cypher-shell).
    """
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, created with mode 0600 (owner only) as credentials
    need; an existing file is truncated.  Raises ``OSError``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def remembered_port(data_dir: Path) -> int | None:
    """The Bolt port this data directory's server used last, if recorded and valid."""
    try:
        port = int((data_dir / PORTFILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (``kill(pid, 0)``; one of another user counts as alive).
    A zombie, exited but not yet reaped, counts as alive too."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True



def find_running_server(data_dir: str | os.PathLike | None = None) -> dict | None:
    """Return ``{"pid", "uri", "bolt_port", "http_port", "database", "user", "password"}`` of a
    server already running on ``data_dir`` (default :func:`default_data_dir`), or ``None``.

    A stale ``server.json`` (process gone, port closed) is removed.
    """
    data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()
    path = data_dir / RUNFILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if not pid_alive(int(info.get("pid", 0))) or not port_open("127.0.0.1", int(info["bolt_port"])):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    creds = read_credentials(data_dir) or {}
    info["password"] = creds.get("password")
    return info
