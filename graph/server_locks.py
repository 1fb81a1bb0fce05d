"""The locks of the embedded server's data directory (``flock``, so they go when their process
ends):

* ``<data_dir>/clients.lock`` — the **lease** (:class:`ServerLease`): held shared by every user of
  the server; the warm server (:mod:`newsgraph.graph.warm_server`) stops only after taking it
  exclusively, and its modification time records the last use, from which the idle timeout
  counts.
* ``<data_dir>/start.lock`` — held exclusively while a server starts or stops, so parallel
  commands start one server between them.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

from .server import ServerError
from .server_files import resolve_data_dir

__all__ = ["CLIENTS_LOCK", "START_LOCK", "ServerLease", "open_lock_file", "take_lock"]

CLIENTS_LOCK = "clients.lock"
START_LOCK = "start.lock"


def take_lock(fd: int, mode: int, timeout: float | None, what: str) -> None:
    """``flock(fd, mode)`` (``fcntl.LOCK_SH`` or ``LOCK_EX``), waiting at most ``timeout`` seconds
    (``None``: for ever).

    Raises
    ------
    ServerError
        Not taken within ``timeout``; the message names ``what`` was waited for.
    OSError
        ``flock`` failed otherwise.
    """
    if timeout is None:
        fcntl.flock(fd, mode)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
        if time.monotonic() > deadline:
            raise ServerError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def open_lock_file(path: Path) -> int:
    """Return a read-write descriptor of lock file ``path`` (created with mode 0600, and its
    folder, if missing) for :func:`take_lock`; the caller closes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


class ServerLease:
    """A shared lock on ``<data_dir>/clients.lock``: "this process is using the embedded
    server".  The warm server never stops itself while a lease is held.

    Take it *before* looking for the running server.  Use as a context manager, or call
    :meth:`acquire` and :meth:`release` (an API object keeps it until closed); the lock also goes
    when the process ends.  Acquiring and releasing stamp the file's modification time, from
    which the idle timeout counts.
    """

    def __init__(self, data_dir: str | os.PathLike | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.path = self.data_dir / CLIENTS_LOCK
        self._fd: int | None = None

    def acquire(self) -> ServerLease:
        """Take the lease (waits while the server is being stopped); return ``self``."""
        if self._fd is None:
            fd = open_lock_file(self.path)
            try:
                take_lock(fd, fcntl.LOCK_SH, 120.0, f"the embedded server's client lock {self.path}")
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            self._stamp()
        return self

    def release(self) -> None:
        """Give the lease back (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            self._stamp()
            os.close(fd)

    def _stamp(self) -> None:
        with contextlib.suppress(OSError):
            os.utime(self.path)

    def __enter__(self) -> ServerLease:  # noqa: PYI034
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
