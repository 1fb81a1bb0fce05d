"""Flat records for files (GraphML, GEXF, CSV): the property-graph rows of
:mod:`newsgraph.graph.flatten` with every value a scalar.

Formats whose attributes hold only scalars take :func:`flat_records`: the same rows, one record
per node and per relationship, each value a string, number or boolean.

* A node record is ``{"id": graph node id ("Official:孟景伟"), "label": "Official", "key": …,
  "name": …, other properties}``; a relationship record ``{"source": node id, "target": node id,
  "type": "SPOKE_AT", properties}``.  Node ids are the graph's ids.
* Lists (``aliases``, ``titles``, ``roles``, ``sources``, ``article_ids``, ``*_values``) are one
  string, items joined with :data:`LIST_SEPARATOR` ``|``; a ``|`` or ``\\`` inside an item is
  escaped with a backslash (:func:`join_list`, :func:`split_list` reverses it).
* ``evidence_json`` and ``posts_json`` are one JSON array string each (their items are the JSON
  objects of :mod:`newsgraph.graph.flatten`).
* ``None`` and empty lists are left out; a column holding both integers and floats holds floats.
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from newsgraph.schema import KEY, Label, RelType

from .flatten import node_rows, relationship_rows

__all__ = ["LIST_SEPARATOR", "flat_records", "join_list", "split_list"]


#: The separator of list items in the flat records (:func:`flat_records`): visible, and rare in
#: Chinese text.
LIST_SEPARATOR = "|"
#: Lists whose items are JSON objects: written as one JSON array, not ``|``-joined.
_JSON_LISTS = frozenset({"evidence_json", "posts_json"})


def join_list(items: Iterable) -> str:
    """Join ``items`` with :data:`LIST_SEPARATOR`, escaping ``\\`` and ``|`` inside an item with a
    backslash.

    Examples
    --------
    >>> join_list(["主持", "讲话"]), join_list(["a|b", "c"])
    ('主持|讲话', 'a\\\\|b|c')
    """
    return LIST_SEPARATOR.join(
        str(x).replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR) for x in items)


def split_list(text: str) -> list[str]:
    """The items of a :func:`join_list` string (``""`` gives ``[]``).

    Examples
    --------
    >>> split_list("主持|讲话"), split_list(join_list(["a|b", "c\\\\"])), split_list("")
    (['主持', '讲话'], ['a|b', 'c\\\\'], [])
    """
    if not text:
        return []
    items, cur, escaped = [], [], False
    for ch in text:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == LIST_SEPARATOR:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return items


def _flat(row: dict, record: dict) -> dict:
    record.update((k, v) for k, v in row["props"].items() if k not in record)
    for name, items in row["lists"].items():
        if not items:
            continue
        record[name] = ("[" + ", ".join(items) + "]") if name in _JSON_LISTS else join_list(items)
    return record


def _uniform_numbers(records: list[dict]) -> None:
    """A column with both ints and floats gets floats (a typed format declares one type)."""
    floats = {k for r in records for k, v in r.items() if isinstance(v, float)}
    for r in records:
        for k in floats & r.keys():
            if isinstance(r[k], int) and not isinstance(r[k], bool):
                r[k] = float(r[k])


def flat_records(g: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Return ``(node records, relationship records)`` of ``g`` for formats that hold scalars
    only (GraphML, GEXF, CSV); see "Flat records for files" in the module docstring.

    The records are the rows of :func:`node_rows` and :func:`relationship_rows` (so parallel
    edges of one type between one pair are one record, and nodes or edges outside the schema are
    left out), nodes in label order, relationships in type order.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Official:甲", label="Official", key="甲", name="甲", aliases=[], evidence=[],
    ...            titles=["区长", "区委副书记"])
    >>> g.add_node("Meeting:会|2024-01-02|a.txt", label="Meeting", key="会|2024-01-02|a.txt",
    ...            name="会", aliases=[], evidence=[], date=None)
    >>> g.add_edge("Official:甲", "Meeting:会|2024-01-02|a.txt", type="SPOKE_AT",
    ...            roles=["主持", "讲话"], evidence=[])
    0
    >>> nodes, edges = flat_records(g)
    >>> nodes[0]["titles"], "date" in nodes[1], edges[0]["roles"], edges[0]["target"]
    ('区长|区委副书记', False, '主持|讲话', 'Meeting:会|2024-01-02|a.txt')
    """
    nrows, _ = node_rows(g)
    rrows, _ = relationship_rows(g)
    nodes = [_flat(r, {"id": r["props"]["id"], "label": label.value, KEY: r["key"]})
             for label in Label for r in nrows.get(label, ())]
    edges = []
    for rtype in RelType:
        for (t, lu, lv), rows in rrows.items():
            if t is rtype:
                edges += [_flat(r, {"source": f"{lu.value}:{r['start']}",
                                    "target": f"{lv.value}:{r['end']}", "type": t.value})
                          for r in rows]
    _uniform_numbers(nodes)
    _uniform_numbers(edges)
    return nodes, edges
