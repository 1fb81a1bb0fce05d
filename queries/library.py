"""The named Cypher queries shipped in ``queries/*.cypher`` (installed as
``newsgraph.queries``), read with their header comments.

A query file starts with ``//`` comment lines; the rest is one Cypher statement::

    // An official's meetings in time order.
    //
    // Answers: which meetings did an official attend or speak at, oldest first.
    // @param official string  the official's key, e.g. 孟景伟
    // @param limit int = 100   at most this many rows
    // @example newsgraph query official_meetings --param official=孟景伟

The name is the file stem; the comment text before the first ``@`` line is the description (its first
line the summary); ``@param NAME TYPE [= DEFAULT] TEXT`` declares a parameter (types: ``string``, ``int``,
``float``, ``bool``; no default = required); ``@example`` lines are shown by ``newsgraph queries``.
Parameters reach the server as Bolt parameters, never as text.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from importlib import resources
from pathlib import Path

__all__ = ["NamedQuery", "Param", "QueryParamError", "UnknownQueryError", "get_query",
           "load_queries", "parse_query_text", "resolve_query"]

_PARAM = re.compile(r"@param\s+(?P<name>[A-Za-z_]\w*)\s+(?P<type>string|int|float|bool)"
                    r"(?:\s*=\s*(?P<default>\S+))?\s*(?P<text>.*)")


class QueryParamError(ValueError):
    """A parameter is missing, unknown, or not of its declared type."""


class UnknownQueryError(ValueError):
    """A query name that is not one of the named queries; the message suggests the closest
    names (``no query named top_speaker; did you mean top_speakers?``).  ``name`` is the name
    given, ``suggestions`` the close names (possibly none)."""

    def __init__(self, name: str, suggestions: list[str], known: list[str]) -> None:
        hint = (f"did you mean {suggestions[0]}?" if suggestions
                else f"known: {', '.join(known)}")
        super().__init__(f"no query named {name}; {hint}")
        self.name, self.suggestions = name, suggestions

    @classmethod
    def for_name(cls, name: str, known: list[str]) -> "UnknownQueryError":
        """The error for ``name``, with the names of ``known`` that
        :func:`difflib.get_close_matches` finds close to it."""
        return cls(name, difflib.get_close_matches(name, known, n=1, cutoff=0.6), known)


@dataclasses.dataclass(frozen=True)
class Param:
    """One declared parameter: ``name``, ``type`` (``string|int|float|bool``), ``default``
    (already converted, ``None`` if required) and ``text``."""

    name: str
    type: str
    default: object
    text: str

    @property
    def required(self) -> bool:
        """True when the parameter has no default."""
        return self.default is None

    def convert(self, value: str):
        """Convert the command-line string ``value`` to this parameter's type.

        Raises :class:`QueryParamError` when it does not parse."""
        try:
            if self.type == "int":
                return int(value)
            if self.type == "float":
                return float(value)
            if self.type == "bool":
                if value.lower() in ("1", "true", "yes"):
                    return True
                if value.lower() in ("0", "false", "no"):
                    return False
                raise ValueError(value)
        except ValueError:
            raise QueryParamError(f"parameter {self.name} expects {self.type}, got {value!r}") from None
        return value


@dataclasses.dataclass(frozen=True)
class NamedQuery:
    """A query file: ``name`` (file stem), ``summary`` (first line), ``description`` (first
    paragraph), ``params``, ``examples`` and ``cypher`` (the statement without the header)."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    cypher: str

    def bind(self, given: dict[str, str]) -> dict[str, object]:
        """Return Bolt parameters from ``given`` (strings from ``--param k=v``), converted to
        the declared types with defaults filled in.

        Raises :class:`QueryParamError` for a missing required or an undeclared parameter."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryParamError(
                f"query {self.name} has no parameter {', '.join(unknown)} "
                f"(it takes: {', '.join(declared) or 'none'})"
            )
        out = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.convert(given[p.name])
            elif p.required:
                raise QueryParamError(f"query {self.name} needs --param {p.name}=… ({p.text})")
            else:
                out[p.name] = p.default
        return out


def parse_query_text(name: str, text: str) -> NamedQuery:
    """Parse one ``.cypher`` file's text into a :class:`NamedQuery` (see the module docstring)."""
    header, body = [], []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            header.append(stripped[2:].strip())
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    params, examples, paragraph = [], [], []
    for line in header:
        if line.startswith("@param"):
            m = _PARAM.match(line)
            if not m:
                raise ValueError(f"{name}: bad @param line {line!r}")
            p = Param(m["name"], m["type"], None, m["text"].strip())
            default = m["default"]
            params.append(dataclasses.replace(p, default=p.convert(default) if default is not None else None))
        elif line.startswith("@example"):
            examples.append(line[len("@example"):].strip())
        elif not params and not examples:
            paragraph.append(line)
    # The first line is the summary; every other comment line before the directives joins the
    # description, so "Answers: …" paragraphs show up in `newsgraph queries`.
    desc_lines = [line for line in paragraph if line]
    cypher = "\n".join(body).strip().rstrip(";").strip()
    return NamedQuery(
        name=name,
        summary=desc_lines[0] if desc_lines else "",
        description=" ".join(desc_lines),
        params=tuple(params),
        examples=tuple(examples),
        cypher=cypher,
    )


def _query_files() -> list[tuple[str, str]]:
    root = resources.files("newsgraph.queries")
    return sorted(
        (Path(entry.name).stem, entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(".cypher")
    )


def load_queries() -> dict[str, NamedQuery]:
    """Return ``{name: NamedQuery}`` for every shipped ``*.cypher`` file, sorted by name."""
    return {name: parse_query_text(name, text) for name, text in _query_files()}


def get_query(name: str) -> NamedQuery | None:
    """Return the named query ``name``, or ``None`` if there is none."""
    return load_queries().get(name)


#: A bare word: a query name (or a misspelled one), never a Cypher statement.
_BARE_NAME = re.compile(r"[A-Za-z_][\w-]*\Z")


def resolve_query(text: str) -> NamedQuery | None:
    """The named query ``text`` names, or ``None`` when ``text`` is a Cypher statement.

    Raises
    ------
    UnknownQueryError
        ``text`` is one bare word that names no query (a misspelled name); the message offers
        the closest names (:func:`difflib.get_close_matches`).

    Examples
    --------
    >>> resolve_query("top_speakers").name
    'top_speakers'
    >>> resolve_query("MATCH (n) RETURN count(n)") is None
    True
    >>> resolve_query("top_speaker")
    Traceback (most recent call last):
    ...
    newsgraph.queries.library.UnknownQueryError: no query named top_speaker; did you mean top_speakers?
    """
    text = text.strip()
    queries = load_queries()
    if text in queries:
        return queries[text]
    if not _BARE_NAME.match(text):
        return None
    raise UnknownQueryError.for_name(text, list(queries))
