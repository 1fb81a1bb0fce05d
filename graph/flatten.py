"""Flattening a newsgraph graph into property-graph rows: the node and edge attributes of
``graph.json`` as flat scalar and list properties, the way Neo4j (and the formats that follow it:
GraphML, GEXF, CSV) can store them.

The Bolt loader (:mod:`newsgraph.graph.neo4j`) and the ``neo4j-admin`` CSV export
(:mod:`newsgraph.graph.neo4j_admin`) both write the rows of :func:`node_rows` and
:func:`relationship_rows`, so a database built either way holds the same properties.  A row is
``{"key": str, "props": {name: scalar}, "lists": {name: [scalar, ...]}}`` for a node and
``{"start": key, "end": key, "props": ..., "lists": ...}`` for a relationship; ``lists`` are the
properties a second load merges by union.
:mod:`newsgraph.graph.flat_records` turns the rows into records of scalars for files (GraphML,
GEXF, CSV).

How the graph maps onto properties
----------------------------------
Labels and relationship types come from :mod:`newsgraph.schema` only; a node whose ``label`` is
not a :class:`~newsgraph.schema.Label` (or an edge whose ``type`` is not a
:class:`~newsgraph.schema.RelType`), or without a ``key``, is skipped and counted (the
``skipped`` that :func:`node_rows` and :func:`relationship_rows` return).

Nodes — one node per graph node, label = ``label``, merged on ``key`` (unique per label):

================  ==============================  ============================================
graph.json        Neo4j property                  type / merge rule on a second load
================  ==============================  ============================================
``key``           ``key``                         string, the MERGE key
``id``            ``id``                          string ``"Label:key"``; overwritten
``name``          ``name``                        string; overwritten
``aliases``       ``aliases``                     list<string>; union (order of first sight)
``evidence``      ``evidence_json``               list<string>, one JSON object per evidence
                                                  item, keys in the order ``source, article_id,
                                                  sentence, start, end``; union
(derived)         ``sources``                     list<string>: evidence sources, the node's own
                                                  ``source``, and the sources of its edges (e.g.
                                                  the Article of a MENTIONS); union
(derived)         ``article_ids``                 list<string>: evidence article ids and the
                                                  node's own ``article_id``; union
``titles``        ``titles``                      list<string>; union
``posts``         ``posts_json``                  list<string>, one JSON object per post; union
other scalar      same name                       overwritten
other list of     same name                       union
one scalar type
anything else     ``<name>_json``                 JSON string; overwritten
================  ==============================  ============================================

Relationships — all parallel edges of one type between one ordered pair of nodes become ONE
relationship (a MultiDiGraph may hold several, e.g. two SPOKE_AT sentences), merged on
(start node, type, end node), so loading twice changes nothing.  ``evidence`` → ``evidence_json``,
``sources`` and ``article_ids`` as for nodes (an edge with no evidence takes the ``source`` of an
Article endpoint); ``count`` (MENTIONS) is the *sum* over the parallel edges of one load and is
overwritten by a later load; any other scalar (``role``, ``title``, ``date``) keeps the first
parallel edge's value and, when parallel edges disagree, all distinct values go to
``<name>_values`` (list, union).

If a node or edge has no provenance at all, its ``sources`` are all the sources of the graph being
loaded (so ``--replace-source`` never deletes it for the sake of one of them).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx

from newsgraph.schema import EVIDENCE_FIELDS, KEY, Label, RelType

from .flat_columns import ColumnTypes, property_columns, value_type

__all__ = [
    "ColumnTypes",
    "EDGE_SPECIAL",
    "GraphIndex",
    "NODE_SPECIAL",
    "as_label",
    "as_reltype",
    "evidence_items",
    "evidence_to_json",
    "is_scalar",
    "is_scalar_list",
    "graph_index",
    "iter_node_rows",
    "iter_relationship_rows",
    "node_rows",
    "property_columns",
    "property_name",
    "relationship_rows",
    "split_properties",
    "unique_values",
    "value_type",
]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_EVIDENCE_KEYS = tuple(p.name for p in EVIDENCE_FIELDS)
#: Node attributes that :func:`node_rows` handles itself rather than by the generic rules of
#: :func:`split_properties`.
NODE_SPECIAL = frozenset({"id", "label", KEY, "evidence", "posts"})
#: Edge attributes that :func:`relationship_rows` handles itself.
EDGE_SPECIAL = frozenset({"type", "evidence", "key", "source", "target", "count"})


def evidence_to_json(item: dict) -> str:
    """Serialise one evidence dict with a fixed key order (the schema's ``EVIDENCE_FIELDS``,
    then any other keys sorted), so equal evidence gives equal strings and list union
    deduplicates it."""
    ordered = {k: item[k] for k in _EVIDENCE_KEYS if k in item}
    ordered.update({k: item[k] for k in sorted(item) if k not in ordered})
    return json.dumps(ordered, ensure_ascii=False, separators=(", ", ": "))


def unique_values(values: Iterable) -> list:
    """Return ``values`` without ``None`` and repeats, in order of first sight (values must be
    hashable).

    Examples
    --------
    >>> unique_values(["b", None, "a", "b"])
    ['b', 'a']
    """
    seen, out = set(), []
    for v in values:
        if v is None or v in seen:
            continue
        seen.add(v)
        out.append(v)
    return out


def is_scalar(v) -> bool:
    """True for a string, number or boolean that a property can hold as it is (not NaN)."""
    return isinstance(v, (str, int, float, bool)) and not (isinstance(v, float) and math.isnan(v))


def is_scalar_list(v) -> bool:
    """True for a list or tuple of scalars (:func:`is_scalar`) of one type (booleans, floats and
    other types apart), which a property can hold as a list; the empty list is one.

    Examples
    --------
    >>> is_scalar_list(["a", "b"]), is_scalar_list([1, 2.0]), is_scalar_list([{"a": 1}])
    (True, False, False)
    """
    if not isinstance(v, (list, tuple)):
        return False
    types = {bool if isinstance(x, bool) else (float if isinstance(x, float) else type(x)) for x in v}
    return all(is_scalar(x) for x in v) and len(types) <= 1


def evidence_items(attrs: dict) -> list[dict]:
    """The evidence dicts of a node or edge (its ``evidence`` attribute; anything else in it is
    ignored)."""
    ev = attrs.get("evidence") or []
    return [e for e in ev if isinstance(e, dict)]


def property_name(name: str) -> str:
    """Return ``name`` as an identifier: non-word characters become ``_``, and a name that still
    does not start with a letter or ``_`` gets the prefix ``p_``.

    Examples
    --------
    >>> property_name("role"), property_name("a-b"), property_name("2nd")
    ('role', 'a_b', 'p_2nd')
    """
    if not _IDENT.match(name):
        name = re.sub(r"\W", "_", name)
        if not _IDENT.match(name):
            name = "p_" + name
    return name


def split_properties(attrs: dict, special: Collection[str], props: dict, lists: dict) -> None:
    """Sort the attributes of a node or edge into flat properties, in place.

    Attributes named in ``special`` and ``None`` values are left out; each other one, under its
    :func:`property_name`, goes to ``props`` when it is a scalar (:func:`is_scalar`), to ``lists``
    (repeats removed) when it is a list of one scalar type (:func:`is_scalar_list`), and
    otherwise to ``props`` as ``<name>_json``, a JSON string with sorted keys.

    Examples
    --------
    >>> props, lists = {}, {}
    >>> split_properties({"label": "Official", "confidence": 0.9, "titles": ["区长", "区长"],
    ...                   "posts": [{"title": "区长"}]}, {"label"}, props, lists)
    >>> props, lists
    ({'confidence': 0.9, 'posts_json': '[{"title": "区长"}]'}, {'titles': ['区长']})
    """
    for name, value in attrs.items():
        if name in special or value is None:
            continue
        name = property_name(name)
        if is_scalar(value):
            props[name] = value
        elif is_scalar_list(value):
            lists[name] = unique_values(value)
        else:
            props[f"{name}_json"] = json.dumps(value, ensure_ascii=False, sort_keys=True)


def as_label(value) -> Label | None:
    """``value`` as a schema :class:`~newsgraph.schema.Label`, or ``None`` if it is not one."""
    try:
        return Label(value)
    except ValueError:
        return None


def as_reltype(value) -> RelType | None:
    """``value`` as a schema :class:`~newsgraph.schema.RelType`, or ``None`` if it is not one."""
    try:
        return RelType(value)
    except ValueError:
        return None


@dataclass
class GraphIndex:
    """What the rows of one node or relationship need of the rest of the graph: ``ends``
    (node id → ``(label, key)`` as in the graph), ``article_source`` (Article node id → its
    ``source``), ``edge_sources`` (node id → the sources of its edges, in order of first
    sight, as dict keys) and ``all_sources`` (every source of the graph, sorted: the sources
    of what has no provenance)."""

    ends: dict = field(default_factory=dict)
    article_source: dict = field(default_factory=dict)
    edge_sources: dict = field(default_factory=dict)
    all_sources: list = field(default_factory=list)


class _Streams:
    """A networkx graph as the two streams of a :class:`~newsgraph.graph.io.StreamedGraph`."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g

    def nodes(self):
        return self.g.nodes(data=True)

    def edges(self):
        return self.g.edges(keys=True, data=True)


def _streams(graph):
    return _Streams(graph) if isinstance(graph, nx.Graph) else graph


def graph_index(graph) -> GraphIndex:
    """The :class:`GraphIndex` of ``graph`` (a networkx graph, or a
    :class:`~newsgraph.graph.io.StreamedGraph`: one read of its nodes and one of its edges;
    memory: an entry a node, with its edges' sources)."""
    graph = _streams(graph)
    index = GraphIndex()
    seen: dict = {}
    for n, a in graph.nodes():
        label = a.get("label")
        index.ends[n] = (label, a.get(KEY))
        for e in evidence_items(a):
            seen[e.get("source")] = None
        if isinstance(a.get("source"), str):
            seen[a["source"]] = None
            if label == Label.ARTICLE.value:
                index.article_source[n] = a["source"]
    edge_sources = index.edge_sources
    for u, v, _, a in graph.edges():
        for e in evidence_items(a):
            seen[e.get("source")] = None
        srcs = _group_sources(index, u, v, [a])
        for n in (u, v):
            known = edge_sources.get(n)
            if known is None:
                known = edge_sources[n] = {}
            for src in srcs:
                known[src] = None
    index.all_sources = sorted(s for s in seen if isinstance(s, str))
    return index


def _group_sources(index: GraphIndex, u, v, edges: list[dict]) -> list[str]:
    srcs = [e.get("source") for a in edges for e in evidence_items(a)]
    for n in (u, v):
        if n in index.article_source:
            srcs.append(index.article_source[n])
    return unique_values(s for s in srcs if isinstance(s, str))


def iter_node_rows(graph, index: GraphIndex | None = None):
    """``(label, row)`` for every node of ``graph`` (networkx or streamed), in its order; a node
    without a schema label or a key gives ``(None, None)``.  ``index``: the graph's
    :func:`graph_index` (made when not given)."""
    graph = _streams(graph)
    index = graph_index(graph) if index is None else index
    all_sources, edge_sources = index.all_sources, index.edge_sources
    for node, a in graph.nodes():
        label = as_label(a.get("label"))
        key = a.get(KEY)
        if label is None or key is None:
            yield None, None
            continue
        ev = evidence_items(a)
        props: dict = {"id": str(node)}
        lists: dict = {}
        split_properties(a, NODE_SPECIAL, props, lists)
        lists.setdefault("aliases", [])
        lists["evidence_json"] = unique_values(evidence_to_json(e) for e in ev)
        own_source = [a["source"]] if isinstance(a.get("source"), str) else []
        sources = unique_values([e.get("source") for e in ev] + own_source
                                + list(edge_sources.get(node, ())))
        lists["sources"] = [s for s in sources if isinstance(s, str)] or list(all_sources)
        own_article = [a["article_id"]] if isinstance(a.get("article_id"), str) else []
        lists["article_ids"] = [x for x in unique_values([e.get("article_id") for e in ev] + own_article) if isinstance(x, str)]
        if "posts" in a:
            lists["posts_json"] = unique_values(
                json.dumps(p, ensure_ascii=False, sort_keys=True) for p in (a.get("posts") or [])
            )
        yield label, {"key": str(key), "props": props, "lists": lists}


def iter_relationship_rows(graph, index: GraphIndex | None = None):
    """``((type, start label, end label), row)`` for every group of parallel edges of one type
    between one ordered pair of ``graph`` (networkx or streamed: a pair's edges come together
    in either), in the order of the group's first edge; an edge whose type or ends are not in
    the schema gives ``(None, None)``.  ``index`` as for :func:`iter_node_rows`."""
    graph = _streams(graph)
    index = graph_index(graph) if index is None else index
    pair, groups = None, {}
    for u, v, _, a in graph.edges():
        if (u, v) != pair:
            yield from _pair_rows(index, pair, groups)
            pair, groups = (u, v), {}
        rtype = as_reltype(a.get("type"))
        (lu, ku), (lv, kv) = index.ends[u], index.ends[v]
        lu, lv = as_label(lu), as_label(lv)
        if rtype is None or lu is None or lv is None or ku is None or kv is None:
            yield None, None
            continue
        groups.setdefault((rtype, lu, lv), []).append(a)
    yield from _pair_rows(index, pair, groups)


def _pair_rows(index: GraphIndex, pair, groups: dict):
    if not groups:
        return
    u, v = pair
    start, end = str(index.ends[u][1]), str(index.ends[v][1])
    for key, edges in groups.items():
        props: dict = {}
        lists: dict = {}
        values: dict[str, list] = defaultdict(list)
        for a in edges:
            p: dict = {}
            extra_lists: dict = {}
            split_properties(a, EDGE_SPECIAL, p, extra_lists)
            for name, value in p.items():
                values[name].append(value)
            for name, value in extra_lists.items():
                lists[name] = unique_values(lists.get(name, []) + value)
        for name, vals in values.items():
            props[name] = vals[0]
            distinct = unique_values(vals)
            if len(distinct) > 1:
                lists[f"{name}_values"] = distinct
        counts = [a["count"] for a in edges if isinstance(a.get("count"), (int, float)) and not isinstance(a.get("count"), bool)]
        if counts:
            props["count"] = sum(counts)
        ev = [e for a in edges for e in evidence_items(a)]
        lists["evidence_json"] = unique_values(evidence_to_json(e) for e in ev)
        lists["sources"] = _group_sources(index, u, v, edges) or list(index.all_sources)
        lists["article_ids"] = [x for x in unique_values(e.get("article_id") for e in ev) if isinstance(x, str)]
        yield key, {"start": start, "end": end, "props": props, "lists": lists}


def node_rows(g: nx.MultiDiGraph) -> tuple[dict[Label, list[dict]], int]:
    """Return ``({label: [row, ...]}, skipped)`` for the nodes of ``g``.

    A row is ``{"key": str, "props": {scalar properties}, "lists": {list properties}}`` following
    the mapping in the module docstring; ``skipped`` counts nodes without a schema label or key.
    """
    return _grouped(iter_node_rows(g))


def relationship_rows(g: nx.MultiDiGraph) -> tuple[dict[tuple[RelType, Label, Label], list[dict]], int]:
    """Return ``({(type, start label, end label): [row, ...]}, skipped)`` for the edges of ``g``.

    Parallel edges of one type between one ordered pair are merged into one row
    ``{"start": key, "end": key, "props": {...}, "lists": {...}}`` (see the module docstring);
    ``skipped`` counts edges whose type or endpoint label is not in the schema.
    """
    return _grouped(iter_relationship_rows(g))


def _grouped(rows) -> tuple[dict, int]:
    """``(key, row)`` pairs as ``({key: [row, ...]}, skipped)``, a ``(None, None)`` skipped."""
    out: dict = defaultdict(list)
    skipped = 0
    for key, row in rows:
        if row is None:
            skipped += 1
        else:
            out[key].append(row)
    return dict(out), skipped
