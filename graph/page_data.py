"""The data the explorer page embeds: drawn nodes and edges with positions, their properties and
evidence, the legend, notes on what was left out, and vis-network's options.

:func:`page_data` builds it from a graph; :mod:`newsgraph.graph.explorer` renders it into HTML
(``static/explorer.js`` expands it in the browser).  What is drawn is chosen by
:mod:`newsgraph.graph.select`, positions come from :func:`newsgraph.graph.layout.fast_layout`.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..schema import Label, RelType
from .explorer_style import (LABEL_STYLE, PROPERTY_ZH, RELTYPE_STYLE, UNKNOWN_LABEL_STYLE,
                             UNKNOWN_RELTYPE_STYLE)
from .layout import fast_layout
from .select import HIDDEN_LABELS, HIDDEN_RELTYPES, drawable_subgraph, most_connected

__all__ = [
    "EVIDENCE_PER_ITEM",
    "LABELS_AT_FIT",
    "LABEL_STYLE",
    "PHYSICS_MAX_NODES",
    "PIXELS_PER_UNIT",
    "PROPERTY_ZH",
    "RELTYPE_STYLE",
    "GraphStats",
    "page_data",
    "streamed_page_data",
]

#: Above this many drawn nodes the browser's physics is off and the Python layout is final.
#: vis-network's Barnes-Hut stabilisation costs ~20 ms per iteration at 1,000 nodes in headless
#: chromium and grows faster than linearly (see ``benchmarks/bench_explorer.py``).
PHYSICS_MAX_NODES = 1000

#: Evidence sentences embedded per node or edge; the panel says how many more there are.  An
#: official named in hundreds of articles would otherwise dominate the file size.
EVIDENCE_PER_ITEM = 20

#: Layout units (the ideal edge length of :func:`fast_layout`) to canvas pixels.
PIXELS_PER_UNIT = 120.0

#: Nodes that carry labels at the whole-graph zoom: the most connected ones; zooming in shows
#: more (``static/explorer.js``, "labels by zoom").
LABELS_AT_FIT = 30

def _evidence(items: Iterable[Mapping[str, Any]] | None) -> tuple[list[list], int]:
    """``([[source, article_id, sentence], ...], how many more there were)``."""
    items = [ev for ev in items or [] if isinstance(ev, Mapping)]
    kept = [
        [ev.get("source"), ev.get("article_id"), ev.get("sentence")]
        for ev in items[:EVIDENCE_PER_ITEM]
    ]
    return kept, len(items) - len(kept)


_NODE_SKIP = {"id", "label", "key", "name", "aliases", "evidence"}
_EDGE_SKIP = {"type", "evidence", "key", "source", "target"}


def _node_size(degree: int) -> float:
    # vis "size" is a radius in px; sqrt keeps hubs (a district with hundreds of links) from
    # covering their neighbours.
    return round(min(7 + 3 * math.sqrt(degree), 45), 1)


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_data(graph: nx.MultiDiGraph, *, max_nodes: int | None, title: str) -> dict[str, Any]:
    """Return the JSON-ready data the explorer page embeds for ``graph``.

    Compact where it is big (half the size of plain vis items at 20,000 nodes); ``explorer.js``
    expands it.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A newsgraph graph; its Article nodes supply titles, ``graph.graph["around"]`` (set by
        :func:`~newsgraph.graph.select.neighbourhood`) the nodes to focus on.
    max_nodes : int or None
        Draw only this many most connected drawable nodes; ``None`` draws all.
    title : str
        Page title.

    Returns
    -------
    dict
        ``title``; ``nodes``: vis items without style (colour and shape come from ``legend``),
        positions in canvas pixels; ``edges``: ``[from node index, to node index, legend type
        index]``; ``nodeInfo`` by node id; ``edgeInfo[i]``: ``0`` or ``{"props", "evidence",
        "more"}`` (each only when present); evidence items are ``[source, article_id,
        sentence]``; ``articles`` by article id; ``legend`` (``labels``, ``types``); ``notes``
        (each in Chinese, then English); ``labelsAtFit`` (:data:`LABELS_AT_FIT`);
        ``propertyNames`` (:data:`PROPERTY_ZH`); ``focus``; ``physics``; ``options`` (vis-network's); ``summary`` as returned by
        :func:`~newsgraph.graph.explorer.write_explorer`.

    Raises
    ------
    ValueError
        If ``max_nodes`` is negative.
    """
    drawable = drawable_subgraph(graph)
    if max_nodes is not None and drawable.number_of_nodes() > max_nodes:
        # In the graph's order (a subgraph view of a small selection iterates its set, whose
        # order changes from one process to the next).
        keep = set(most_connected(drawable, max_nodes))
        drawn = nx.MultiDiGraph()
        drawn.graph.update(drawable.graph)
        drawn.add_nodes_from((v, a) for v, a in drawable.nodes(data=True) if v in keep)
        drawn.add_edges_from((u, v, k, a) for u, v, k, a in drawable.edges(keys=True, data=True)
                             if u in keep and v in keep)
    else:
        drawn = drawable
    counts = Counter(lab for _, lab in graph.nodes(data="label"))
    type_counts = Counter(t for _, _, t in graph.edges(data="type"))
    articles: dict[str, dict[str, Any]] = {}
    for v, a in graph.nodes(data=True):
        if a.get("label") == Label.ARTICLE.value:
            articles[str(a.get("key", v))] = _article_info(a)
    left = Counter(lab for v, lab in drawable.nodes(data="label") if v not in drawn) \
        if drawn is not drawable else Counter()
    stats = GraphStats(degree=drawable.degree, n_drawable=drawable.number_of_nodes(),
                       e_drawable=drawable.number_of_edges(), left_by_label=left,
                       articles=articles, counts=counts, type_counts=type_counts,
                       around=list(graph.graph.get("around", [])))
    return _page(drawn, stats, title)


@dataclass
class GraphStats:
    """What the page tells of the whole graph beside the drawn part: ``degree`` of a drawn node
    among the drawable relationships, the drawable nodes and edges (``n_drawable``,
    ``e_drawable``), the drawable nodes left out by label (``left_by_label``, in the graph's
    order), ``articles`` (title, source, date by article id), nodes per label and edges per
    type of the whole graph (``counts``, ``type_counts``) and the nodes to focus on
    (``around``)."""

    degree: Mapping[Any, int]
    n_drawable: int
    e_drawable: int
    left_by_label: Counter
    articles: dict[str, dict[str, Any]]
    counts: Counter
    type_counts: Counter
    around: list = field(default_factory=list)


def _article_info(a: Mapping[str, Any]) -> dict[str, Any]:
    return {k: a.get(k) for k in ("title", "source", "date") if a.get(k) is not None}


def streamed_page_data(graph, *, max_nodes: int | None, title: str) -> dict[str, Any]:
    """:func:`page_data` of a graph read as streams (a
    :class:`~newsgraph.graph.io.StreamedGraph`: a build's graph store, a Parquet graph), the
    same dict, in memory a counter per node and the drawn nodes and edges only: nodes and
    edges are each read twice, first for the degrees and the counts, then for what is drawn.
    ``max_nodes`` as for :func:`page_data` (``None`` draws every drawable node: then the drawn
    part is most of the graph).

    Raises
    ------
    ValueError
        If ``max_nodes`` is negative.
    """
    if max_nodes is not None and max_nodes < 0:
        raise ValueError(f"max_nodes must be >= 0, got {max_nodes}")
    counts: Counter = Counter()
    hidden: set = set()
    degree: dict = {}
    articles: dict[str, dict[str, Any]] = {}
    for v, a in graph.nodes():
        label = a.get("label")
        counts[label] += 1
        if label in HIDDEN_LABELS:
            hidden.add(v)
            if label == Label.ARTICLE.value:
                articles[str(a.get("key", v))] = _article_info(a)
        else:
            degree[v] = 0
    type_counts: Counter = Counter()
    e_drawable = 0
    for u, v, _, a in graph.edges():
        kind = a.get("type")
        type_counts[kind] += 1
        if kind not in HIDDEN_RELTYPES and u not in hidden and v not in hidden:
            degree[u] += 1  # a self-loop counts twice, as networkx's degree counts it
            degree[v] += 1
            e_drawable += 1
    del hidden
    if max_nodes is not None and len(degree) > max_nodes:
        # most_connected's order: sorted(...)[:n] is nsmallest(n, ...), ties as sorted's
        chosen = set(heapq.nsmallest(max_nodes, degree, key=lambda v: (-degree[v], str(v))))
    else:
        chosen = degree.keys()
    drawn = nx.MultiDiGraph()
    left: Counter = Counter()
    for v, a in graph.nodes():
        if v in chosen:
            drawn.add_node(v, **a)
        elif v in degree:
            left[a.get("label")] += 1
    for u, v, k, a in graph.edges():
        if u in chosen and v in chosen and a.get("type") not in HIDDEN_RELTYPES:
            drawn.add_edge(u, v, k, **a)
    stats = GraphStats(degree=degree, n_drawable=len(degree), e_drawable=e_drawable,
                       left_by_label=left, articles=articles, counts=counts,
                       type_counts=type_counts)
    return _page(drawn, stats, title)


def _page(drawn: nx.MultiDiGraph, stats: GraphStats, title: str) -> dict[str, Any]:
    """The page data of the ``drawn`` graph, told of the rest by ``stats``."""
    physics = drawn.number_of_nodes() <= PHYSICS_MAX_NODES
    positions = fast_layout(drawn)
    articles = stats.articles
    n_drawable, e_drawable = stats.n_drawable, stats.e_drawable

    labels = sorted(
        {str(lab) for _, lab in drawn.nodes(data="label", default="")}, key=_label_order
    )
    types = sorted({str(t) for *_, t in drawn.edges(data="type", default="")}, key=_type_order)
    type_index = {t: i for i, t in enumerate(types)}
    node_index = {v: i for i, v in enumerate(drawn.nodes)}

    nodes, node_info = [], {}
    for v, a in drawn.nodes(data=True):
        label = str(a.get("label", ""))
        name = str(a.get("name") or a.get("key") or v)
        x, y = positions[v]
        item: dict[str, Any] = {
            "id": str(v),
            "label": _short(name),
            "group": label,
            "size": _node_size(drawn.degree(v)),
            "x": round(x * PIXELS_PER_UNIT),
            "y": round(y * PIXELS_PER_UNIT),
        }
        if label == Label.MEETING.value and a.get("date"):
            item["date"] = str(a["date"])
        nodes.append(item)
        evidence, more = _evidence(a.get("evidence"))
        node_info[str(v)] = {
            "name": name,
            "label": label,
            "key": a.get("key"),
            "aliases": [str(x) for x in a.get("aliases") or []],
            "props": {k: val for k, val in a.items() if k not in _NODE_SKIP},
            "evidence": evidence,
            "more": more,
            "degree": stats.degree[v],
        }

    edges, edge_info = [], []
    for u, v, a in drawn.edges(data=True):
        edges.append([node_index[u], node_index[v], type_index[str(a.get("type", ""))]])
        evidence, more = _evidence(a.get("evidence"))
        props = {k: val for k, val in a.items() if k not in _EDGE_SKIP}
        info = {"props": props, "evidence": evidence, "more": more}
        edge_info.append({k: val for k, val in info.items() if val} or 0)

    counts, type_counts = stats.counts, stats.type_counts
    notes = []
    hidden_nodes = sum(counts[lab] for lab in HIDDEN_LABELS)
    hidden_edges = sum(type_counts[t] for t in HIDDEN_RELTYPES)
    if hidden_nodes or hidden_edges:
        notes.append(
            f"{hidden_nodes:,} 篇文章 (Article) 与 {hidden_edges:,} 条提及 (MENTIONS) 未绘出；"
            "文章标题见证据面板。 "
            f"{hidden_nodes:,} articles and {hidden_edges:,} MENTIONS edges are not drawn; "
            "article titles are in the evidence panel."
        )
    left_nodes = n_drawable - drawn.number_of_nodes()
    if left_nodes:
        left_by_label = stats.left_by_label
        detail = ", ".join(f"{lab} {cnt:,}" for lab, cnt in left_by_label.most_common())
        left_edges = e_drawable - drawn.number_of_edges()
        notes.append(
            f"仅显示连接最多的 {drawn.number_of_nodes():,} / {n_drawable:,} 个节点；"
            f"略去 {left_nodes:,} 个节点 ({detail}) 与 {left_edges:,} 条关系。 "
            f"Only the {drawn.number_of_nodes():,} / {n_drawable:,} most connected nodes are drawn; "
            f"{left_nodes:,} nodes and {left_edges:,} edges are left out."
        )
    if not physics:
        notes.append(f"节点超过 {PHYSICS_MAX_NODES:,} 个：布局已预先计算，物理模拟关闭。 "
                     f"Over {PHYSICS_MAX_NODES:,} nodes: the layout is precomputed and physics is off.")

    label_counts = Counter(n["group"] for n in nodes)
    edge_counts = Counter(e[2] for e in edges)
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "nodeInfo": node_info,
        "edgeInfo": edge_info,
        "articles": articles,
        "legend": {
            "labels": [
                {
                    "name": lab,
                    **LABEL_STYLE.get(lab, UNKNOWN_LABEL_STYLE),
                    "count": label_counts[lab],
                }
                for lab in labels
            ],
            "types": [
                {"name": t, **RELTYPE_STYLE.get(t, UNKNOWN_RELTYPE_STYLE), "count": edge_counts[i]}
                for i, t in enumerate(types)
            ],
        },
        "notes": notes,
        "labelsAtFit": LABELS_AT_FIT,
        "propertyNames": PROPERTY_ZH,
        "focus": [str(v) for v in stats.around if v in drawn],
        "physics": physics,
        "options": _vis_options(physics, len(edges)),
        "summary": {
            "nodes_drawn": drawn.number_of_nodes(),
            "edges_drawn": drawn.number_of_edges(),
            "nodes_left_out": left_nodes,
            "physics": physics,
        },
    }


def _label_order(label: str) -> tuple[int, str]:
    order = [lab.value for lab in Label]
    return (order.index(label) if label in order else len(order), label)


def _type_order(rel: str) -> tuple[int, str]:
    order = [t.value for t in RelType]
    return (order.index(rel) if rel in order else len(order), rel)


def _vis_options(physics: bool, n_edges: int) -> dict[str, Any]:
    cjk = (
        '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
        '"WenQuanYi Micro Hei", sans-serif'
    )
    options: dict[str, Any] = {
        "autoResize": True,
        # Positions come from Python; vis's own "improved layout" (Kamada-Kawai) is O(n²).
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "nodes": {
            "font": {
                "face": cjk,
                "size": 14,
                "color": "#212529",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "borderWidth": 1,
            "borderWidthSelected": 3,
            # maxVisible caps the on-screen size of the hubs' enlarged labels (explorer.js).
            "scaling": {"label": {"drawThreshold": 6, "maxVisible": 20}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False if (not physics or n_edges > 2000) else {"type": "continuous"},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": physics,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": not physics,
            "hideEdgesOnZoom": not physics,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -5000,
                "springLength": 120,
                "springConstant": 0.03,
                "damping": 0.35,
                "avoidOverlap": 0.5,
            },
            # The Python layout is already close; 100 iterations (~3 s at 1,000 nodes in headless
            # chromium without a GPU) only relax it.
            "stabilization": {
                "enabled": True,
                "iterations": 100,
                "updateInterval": 50,
                "fit": True,
            },
            "minVelocity": 1.0,
        }
    else:
        options["physics"] = {"enabled": False}
    return options
