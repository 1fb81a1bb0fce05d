"""Local TCP ports of the embedded server: a port a server can bind (:func:`free_port`, tested
the way Java binds its server sockets), whether a given process listens on a port
(:func:`listens_on`, from Linux's ``/proc/net/tcp`` and ``tcp6``) and whether anything accepts
connections on one (:func:`port_open`), and how many connections to a port are established
(:func:`bolt_connections`).
"""
from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

__all__ = ["bolt_connections", "free_port", "listens_on", "port_open"]


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


def listens_on(pid: int, port: int) -> bool:
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
        return port_open("127.0.0.1", port)
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


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether a TCP connection to ``host:port`` succeeds within ``timeout`` seconds (any
    listener counts; nothing is sent)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def bolt_connections(port: int) -> int:
    """Return how many TCP connections to local port ``port`` are established (Linux
    ``/proc/net/tcp`` and ``tcp6``; 0 where those files do not exist)."""
    count = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name, encoding="ascii") as fh:
                next(fh, None)
                for line in fh:
                    fields = line.split()
                    # fields[1] is "local_addr:PORT" in hex, fields[3] the state (01 = ESTABLISHED)
                    if len(fields) > 3 and fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        count += 1
        except (OSError, ValueError, IndexError):
            continue
    return count
