"""Opening drivers and sessions the one way newsgraph uses them, for Neo4j 5 (Community,
Enterprise clusters, Aura) and the embedded ArcadeDB server alike.

* :func:`open_driver` makes a ``neo4j.Driver`` for :class:`~newsgraph.graph.connection.ConnectionSettings`
  and checks it with a ``RETURN 1`` on the database, so an unreachable server, wrong credentials
  or a missing database fail at once as one-line
  :class:`~newsgraph.graph.connection.BoltConnectionError` s, not at the first query.  Routing URIs
  (``neo4j://``, ``neo4j+s://`` for Aura) work as well as ``bolt://``: the driver sends managed
  write transactions (the loader, ``--replace-source``) and auto-commit statements (counts,
  ad-hoc Cypher) to the cluster's leader and managed read transactions (the named queries) to
  its readers.
* Servers that can filter notifications (Bolt 5.2 and later: Neo4j 5.7+, ArcadeDB 26.10) are
  asked not to send the ``UNRECOGNIZED`` ones (01N50 label, 01N51 relationship type, 01N52
  property key do not exist): newsgraph counts every schema label and its queries read optional
  properties, so a graph without ``HOLDS_POSITION`` or ``posts_json`` is normal, and the driver
  would log each as a WARNING line ("Received notification from DBMS server") on stderr.
* :func:`open_bolt` yields such a driver for settings without a URI too: the embedded server's
  (:mod:`newsgraph.graph.server`), the running one or the warm server started now, leased for the
  block.
* :func:`session` opens every session with the driver's own bookmark manager
  (``driver.execute_query_bookmark_manager``), so every transaction of one driver sees what the
  earlier ones committed — on a cluster a query right after a load would otherwise be free to
  run on a reader that has not yet applied the last batches (causal consistency, Neo4j
  Operations Manual, "Causal consistency").
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .connection import BoltConnectionError, ConnectionSettings
from .server_files import default_data_dir, find_running_server

__all__ = ["CONNECTION_CHECK", "DISABLED_NOTIFICATIONS", "check_connection", "open_bolt",
           "open_driver", "session"]

#: Notification classifications newsgraph asks the server not to send (see the module docstring).
DISABLED_NOTIFICATIONS = ("UNRECOGNIZED",)

_BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: The first Bolt version whose HELLO carries notification filters (Neo4j 5.7); the driver
#: refuses the setting on older servers.
_FILTERING_BOLT = (5, 2)


def open_driver(settings):
    """Return a connected ``neo4j.Driver`` for ``settings`` (``settings.uri`` must be set).

    Parameters
    ----------
    settings : newsgraph.graph.connection.ConnectionSettings
        URI, user, password and database; the database is checked with ``RETURN 1``.

    Raises
    ------
    newsgraph.graph.connection.BoltConnectionError
        Invalid URI, unreachable server, wrong credentials or missing database (one line naming
        the server and the fix); no driver is left open.
    """
    import neo4j

    auth = (settings.user, settings.password or "")
    scheme = settings.uri.partition("://")[0].lower()
    if scheme not in _BOLT_SCHEMES:
        # Driver 6 also takes http(s):// (the Query API, a preview), which is the address of
        # Neo4j Browser, not of Bolt: say so instead of failing later.
        raise _friendly_error(ValueError(f"scheme {scheme or '(none)'}:// is not Bolt"), settings)
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth)
    except ValueError as exc:  # the driver's URI parser
        raise _friendly_error(exc, settings) from None
    try:
        check_connection(driver, settings)
        version = tuple(driver.get_server_info().protocol_version)
    except BaseException:
        driver.close()
        raise
    if version < _FILTERING_BOLT:
        return driver
    driver.close()
    driver = neo4j.GraphDatabase.driver(
        settings.uri, auth=auth, notifications_disabled_classifications=list(DISABLED_NOTIFICATIONS))
    return driver


def session(driver, database: str, **config):
    """``driver.session(database=…)`` sharing the driver's bookmark manager (read-your-writes
    across sessions and cluster members); ``config`` goes to ``driver.session``."""
    return driver.session(database=database, bookmark_manager=driver.execute_query_bookmark_manager, **config)


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
    it.  A lease (:class:`~newsgraph.graph.server_locks.ServerLease`) is held for the whole
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
        from .server_locks import ServerLease
        from .warm_server import ensure_server

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
        with open_driver(settings) as driver:
            yield driver, settings, server
    finally:
        if lease is not None:
            lease.release()
