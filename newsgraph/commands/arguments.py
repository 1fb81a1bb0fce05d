"""Argument types shared by the sub-commands: each checks a value when the command line is
parsed, before any work, so that a mistake costs one line on stderr and exit 2 (argparse's
``usage`` error), never a traceback half-way through a build or a connection."""
from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlsplit

from ..storage import is_url

__all__ = ["BOLT_SCHEMES", "BOLT_INT_MIN", "BOLT_INT_MAX", "bolt_uri", "bolt_uri_problem",
           "bolt_int_problem", "positive_int", "non_negative_int", "location"]

#: URI schemes of the Bolt protocol the official driver accepts (routing ``neo4j``, direct
#: ``bolt``; ``+s`` encrypted with a CA-signed certificate, ``+ssc`` with a self-signed one).
#: The driver also takes ``http(s)`` for Neo4j's Query API, which needs the optional
#: ``aiohttp`` and is not Bolt: newsgraph does not use it.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: Bolt integers are signed 64-bit (PackStream INT_64).
BOLT_INT_MIN, BOLT_INT_MAX = -(2 ** 63), 2 ** 63 - 1


def bolt_uri_problem(uri: str) -> str | None:
    """Why ``uri`` is not a Bolt URI (``bolt://host[:port]``, ``neo4j+s://…``), or None.

    >>> bolt_uri_problem("bolt://localhost:7687") is None
    True
    >>> bolt_uri_problem("http://localhost:7474")
    "scheme 'http' is not Bolt (use bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s:// or neo4j+ssc://)"
    """
    parts = urlsplit(uri)
    choices = ", ".join(f"{s}://" for s in BOLT_SCHEMES[:-1]) + f" or {BOLT_SCHEMES[-1]}://"
    if not parts.scheme or "://" not in uri:
        return f"not a URI (expected e.g. bolt://localhost:7687; {choices})"
    if parts.scheme.lower() not in BOLT_SCHEMES:
        return f"scheme {parts.scheme!r} is not Bolt (use {choices})"
    if not parts.hostname:
        return "no host (expected e.g. bolt://localhost:7687)"
    try:
        parts.port  # noqa: B018  (raises ValueError for a port out of range or not a number)
    except ValueError:
        return f"bad port {parts.netloc.rsplit(':', 1)[-1]!r} (1–65535)"
    return None


def bolt_uri(text: str) -> str:
    """argparse type of ``--uri``: ``text`` itself when it is a Bolt URI.

    Raises ``argparse.ArgumentTypeError`` naming the URI and what is wrong."""
    problem = bolt_uri_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"{text!r}: {problem}")
    return text


def bolt_int_problem(value: int) -> str | None:
    """Why the integer ``value`` cannot be sent over Bolt (out of the signed 64-bit range), or
    None."""
    if BOLT_INT_MIN <= value <= BOLT_INT_MAX:
        return None
    return f"{value} is out of range (a Bolt integer is between {BOLT_INT_MIN} and {BOLT_INT_MAX})"


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def positive_int(text: str) -> int:
    """argparse type: a whole number ≥ 1."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    """argparse type: a whole number ≥ 0."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def location(text: str) -> Path | str:
    """argparse type of a path that may be an fsspec URL (:mod:`newsgraph.storage`): the URL
    as given, else a Path.

    >>> location("s3://papers/out"), location("out/graph.json")
    ('s3://papers/out', PosixPath('out/graph.json'))
    """
    return text if is_url(text) else Path(text)
