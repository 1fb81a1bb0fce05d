"""Opening drivers and sessions the one way newsgraph uses them, for Neo4j 5 (Community,
Enterprise clusters, Aura) and the embedded ArcadeDB server alike.

* :func:`open_driver` makes a ``neo4j.Driver`` for :class:`~newsgraph.graph.server.ConnectionSettings`
  and checks it with a ``RETURN 1`` on the database, so an unreachable server, wrong credentials
  or a missing database fail at once as one-line
  :class:`~newsgraph.graph.server.BoltConnectionError` s, not at the first query.  Routing URIs
  (``neo4j://``, ``neo4j+s://`` for Aura) work as well as ``bolt://``: the driver sends managed
  write transactions (the loader, ``--replace-source``) and auto-commit statements (counts,
  ad-hoc Cypher) to the cluster's leader and managed read transactions (the named queries) to
  its readers.
* Servers that can filter notifications (Bolt 5.2 and later: Neo4j 5.7+, ArcadeDB 26.10) are
  asked not to send the ``UNRECOGNIZED`` ones (01N50 label, 01N51 relationship type, 01N52
  property key do not exist): newsgraph counts every schema label and its queries read optional
  properties, so a graph without ``HOLDS_POSITION`` or ``posts_json`` is normal, and the driver
  would log each as a WARNING line ("Received notification from DBMS server") on stderr.
* :func:`session` opens every session with the driver's own bookmark manager
  (``driver.execute_query_bookmark_manager``), so every transaction of one driver sees what the
  earlier ones committed — on a cluster a query right after a load would otherwise be free to
  run on a reader that has not yet applied the last batches (causal consistency, Neo4j
  Operations Manual, "Causal consistency").
"""
from __future__ import annotations

__all__ = ["DISABLED_NOTIFICATIONS", "open_driver", "session"]

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
    settings : newsgraph.graph.server.ConnectionSettings
        URI, user, password and database; the database is checked with ``RETURN 1``.

    Raises
    ------
    newsgraph.graph.server.BoltConnectionError
        Invalid URI, unreachable server, wrong credentials or missing database (one line naming
        the server and the fix); no driver is left open.
    """
    import neo4j

    from .server import _friendly_error, check_connection

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
