"""Where and how to reach a Bolt server: :class:`ConnectionSettings`, the options and environment
they come from, and the one-line :class:`BoltConnectionError` a server that cannot be used gives.

:func:`resolve_settings` merges ``--uri/--user/--password/--database`` with ``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``; with no URI,
:func:`~newsgraph.graph.bolt.open_bolt` uses the embedded server (a running one, or the warm server
started now and left running).
"""
from __future__ import annotations

import dataclasses
import os

from .server_files import DEFAULT_DATABASE, DEFAULT_USER

__all__ = ["BoltConnectionError", "ConnectionSettings", "resolve_settings"]


class BoltConnectionError(RuntimeError):
    """A Bolt server cannot be used: unreachable, wrong credentials or missing database.

    The message is one line: what failed, where, and how to fix it.
    """



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
