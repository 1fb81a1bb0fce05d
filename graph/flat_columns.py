"""The typed columns of flattened rows (:mod:`newsgraph.graph.flatten`): the one property type
that holds every value of a column, found over all rows or one row at a time — what the
``neo4j-admin`` header files and the CSV, GraphML and GEXF exports declare."""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ColumnTypes", "property_columns", "value_type"]


def value_type(values: Iterable) -> str:
    """Return the one property type that holds every value of ``values``: ``"boolean"``,
    ``"long"``, ``"double"`` (also for longs and doubles mixed) or ``"string"`` (for any other
    mix, and for no values).

    Examples
    --------
    >>> value_type([1, 2]), value_type([1, 2.5]), value_type([True, 1]), value_type([])
    ('long', 'double', 'string', 'string')
    """
    return _type_of({_kind(v) for v in values})


def _kind(v) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    return "string"


def _type_of(kinds: set[str]) -> str:
    if kinds == {"long", "double"}:
        return "double"
    return next(iter(kinds)) if len(kinds) == 1 else "string"


def property_columns(rows: list[dict]) -> list[tuple[str, str, str]]:
    """Return the columns of ``rows`` (as from :func:`node_rows` or :func:`relationship_rows`):
    ``[(kind, name, type), ...]`` with ``kind`` ``"props"`` or ``"lists"``, ``type`` the
    :func:`value_type` of every value (list items for lists) the column holds; scalar
    properties first, each kind sorted by name.

    Examples
    --------
    >>> property_columns([{"props": {"name": "甲", "n": 1}, "lists": {"aliases": []}},
    ...                   {"props": {"n": 2.5}, "lists": {}}])
    [('props', 'n', 'double'), ('props', 'name', 'string'), ('lists', 'aliases', 'string')]
    """
    types = ColumnTypes()
    for r in rows:
        types.add(r)
    return types.columns()


class ColumnTypes:
    """:func:`property_columns` of rows seen one at a time (:meth:`add`), in memory only the
    kinds of value of each column."""

    def __init__(self) -> None:
        self.scalars: dict[str, set[str]] = {}
        self.lists: dict[str, set[str]] = {}

    def add(self, row: dict) -> None:
        """Take the columns of one row."""
        for k, v in row["props"].items():
            self.scalars.setdefault(k, set()).add(_kind(v))
        for k, v in row["lists"].items():
            self.lists.setdefault(k, set()).update(map(_kind, v))

    def columns(self) -> list[tuple[str, str, str]]:
        """The columns of the rows added, as :func:`property_columns` gives them."""
        cols = [("props", k, _type_of(v)) for k, v in sorted(self.scalars.items())]
        cols += [("lists", k, _type_of(v) if v else "string") for k, v in sorted(self.lists.items())]
        return cols
