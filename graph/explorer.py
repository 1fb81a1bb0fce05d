"""A self-contained HTML explorer for the graph (``explorer.html``).

One HTML file, opened from disk, with no network access at all: vis-network's JS and CSS (the
copy vendored in the pyvis package) are inlined, the graph is embedded as JSON, and the page's
own JS/CSS (``static/explorer.js``, ``static/explorer.css``) are inlined through the jinja2
template ``templates/explorer.html``.  The file contains no ``http://`` or ``https://`` string.

What is drawn
-------------
Article nodes and MENTIONS edges are evidence plumbing (every entity is mentioned by an article),
so they are **not drawn**: drawing them would roughly double the node count and tie every entity
to a hub per article.  Article titles, sources and dates are still shown in the evidence panel
next to each evidence sentence.  Everything else (Official, District, Project, Meeting, Person,
Organization; ATTENDED, SPOKE_AT, LOCATED_IN, HOLDS_POSITION) is drawn.  Choosing what to draw
(:func:`~newsgraph.graph.select.drawable_subgraph`, ``neighbourhood``, ``most_connected``) is
:mod:`newsgraph.graph.select`'s job.

Large graphs
------------
Positions are always computed in Python (:func:`fast_layout`, a Fruchterman-Reingold variant
whose repulsion only acts between nearby nodes, found with a k-d tree, so one iteration is
O(n log n) rather than O(n²); clumps are then spread so that zoomed-in labels do not overlap).  Up to :data:`PHYSICS_MAX_NODES` drawn nodes the browser's physics
refines these positions; above it physics is off and the Python positions are final, which keeps a
20,000-node page usable.  ``max_nodes`` keeps the most connected nodes and the page says what was
left out.

pyvis provides vis-network (its vendored 9.1.2 build); the page itself is not pyvis's template,
whose default pulls bootstrap and tom-select from CDNs, and nodes are not added through
``pyvis.network.Network``, whose ``add_node``/``add_edge`` check membership in lists and are
quadratic at 20,000 nodes.

Text from articles is data, never markup: the page sets ``textContent`` only, and the embedded
JSON escapes ``<``, ``>``, ``&``, ``/``, U+2028 and U+2029 so nothing in the data can close the
``<script>`` element that holds it.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
from markupsafe import Markup
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from ..schema import Label, RelType
from .io import atomic_write_text
from .select import HIDDEN_LABELS, HIDDEN_RELTYPES, drawable_subgraph, most_connected

__all__ = [
    "LABEL_STYLE",
    "PHYSICS_MAX_NODES",
    "RELTYPE_STYLE",
    "fast_layout",
    "json_for_script",
    "render_explorer",
    "write_explorer",
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

#: Colour and vis-network shape per label; ``glyph`` is the legend's text stand-in for the shape.
LABEL_STYLE: dict[str, dict[str, str]] = {
    Label.OFFICIAL.value: {"color": "#d9485f", "shape": "dot", "glyph": "●", "zh": "官员"},
    Label.DISTRICT.value: {"color": "#3a78c2", "shape": "square", "glyph": "■", "zh": "行政区"},
    Label.PROJECT.value: {"color": "#2f9e5b", "shape": "triangle", "glyph": "▲", "zh": "项目"},
    Label.MEETING.value: {"color": "#f08c00", "shape": "diamond", "glyph": "◆", "zh": "会议"},
    Label.PERSON.value: {"color": "#8e5cc4", "shape": "star", "glyph": "★", "zh": "人物"},
    Label.ORGANIZATION.value: {"color": "#8a6a4f", "shape": "hexagon", "glyph": "⬢", "zh": "机构"},
    Label.ARTICLE.value: {"color": "#868e96", "shape": "box", "glyph": "▬", "zh": "文章"},
}
_UNKNOWN_LABEL_STYLE = {"color": "#adb5bd", "shape": "dot", "glyph": "●", "zh": "其他"}

#: Colour, dash pattern (vis ``dashes``: false or [dash, gap] in px) and width per relationship.
RELTYPE_STYLE: dict[str, dict[str, Any]] = {
    RelType.ATTENDED.value: {"color": "#98a2ad", "dashes": False, "width": 1, "zh": "出席"},
    RelType.SPOKE_AT.value: {"color": "#e8590c", "dashes": False, "width": 2.5, "zh": "讲话"},
    RelType.LOCATED_IN.value: {"color": "#3a78c2", "dashes": [8, 5], "width": 1.5, "zh": "位于"},
    RelType.HOLDS_POSITION.value: {"color": "#2f9e5b", "dashes": [2, 4], "width": 2, "zh": "任职"},
    RelType.MENTIONS.value: {"color": "#ced4da", "dashes": [1, 3], "width": 1, "zh": "提及"},
}
_UNKNOWN_RELTYPE_STYLE = {"color": "#adb5bd", "dashes": False, "width": 1, "zh": "其他"}

_VIS_DIR = "lib/vis-9.1.2"
_URL_SCHEME = re.compile(r"(?i)(https?)://")
_SCRIPT_END = re.compile(r"(?i)</(script|style)")


# --------------------------------------------------------------------------------------------
# Layout


def fast_layout(
    graph: nx.Graph | nx.MultiDiGraph, *, iterations: int | None = None, seed: int = 0
) -> dict[Any, tuple[float, float]]:
    """Return 2-D positions for every node, fast enough for 20,000 nodes (a few seconds).

    A Fruchterman-Reingold layout in which a node is repelled only by its 12 nearest neighbours
    closer than three ideal edge lengths (found with ``scipy.spatial.cKDTree``), so an iteration
    costs O(n log n), and every node is pulled towards its component's centre; the connected
    components are then spread out so that no two nodes sit on top of each other, and packed
    side by side, largest first.  (networkx's ``spring_layout``
    computes all-pairs repulsion: ~40 s at 5,000 nodes and over a minute for 5 iterations at
    20,000; this takes ~2.5 s at 20,000.)

    Parameters
    ----------
    graph : networkx graph
        Direction and parallel edges are ignored.
    iterations : int, optional
        Force iterations; default 120 below 5,000 nodes, 60 above.
    seed : int
        Seed for the initial random positions (the result is deterministic for a seed).

    Returns
    -------
    dict
        node -> (x, y) in layout units: linked nodes end up ~1 unit apart.
    """

    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges() if a != b}
    eu, ev = (
        (np.array(x, dtype=np.int64) for x in zip(*pairs))
        if pairs
        else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    )
    adjacency = coo_array((np.ones(len(eu)), (eu, ev)), shape=(n, n))
    n_comp, comp = connected_components(adjacency, directed=False)
    size = np.bincount(comp, minlength=n_comp).astype(float)

    rng = np.random.default_rng(seed)
    # Start each component as a disc of roughly its final area so early steps are small.
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.sqrt(rng.uniform(0, 1, n)) * 0.6 * np.sqrt(size[comp])
    pos = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])

    if iterations is None:
        iterations = 120 if n < 5000 else 60
    cutoff, gravity, neighbours = 3.0, 0.02, min(12, n - 1)
    temp0 = np.maximum(0.5, 0.15 * np.sqrt(size[comp]))
    for it in range(iterations):
        disp = np.zeros((n, 2))
        # The nearest few neighbours only: around a hub, all pairs within the cutoff grow
        # quadratically with local density.
        _, nb = cKDTree(pos).query(pos, k=neighbours + 1, distance_upper_bound=cutoff, workers=-1)
        a = np.repeat(np.arange(n), neighbours)
        b = nb.reshape(n, -1)[:, 1:].ravel()  # k == 1 returns a 1-D array
        keep = b < n
        a, b = a[keep], b[keep]
        keep = comp[a] == comp[b]
        a, b = a[keep], b[keep]
        if len(a):
            delta = pos[a] - pos[b]
            dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
            force = delta / dist2[:, None]  # magnitude k²/d with k = 1, felt by a only
            for axis in (0, 1):
                disp[:, axis] += np.bincount(a, force[:, axis], n)
        if len(eu):
            delta = pos[eu] - pos[ev]
            dist = np.sqrt((delta**2).sum(axis=1))
            force = delta * dist[:, None]  # magnitude d²/k
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(eu, force[:, axis], n) - np.bincount(
                    ev, force[:, axis], n
                )
        centre = np.column_stack(
            [np.bincount(comp, pos[:, axis], n_comp) / size for axis in (0, 1)]
        )
        disp += gravity * (centre[comp] - pos)
        temp = temp0 * (1 - it / iterations) + 0.02
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]

    pos = _spread_out(pos, comp)
    return {
        nodes[i]: (float(x), float(y)) for i, (x, y) in enumerate(_pack_components(pos, comp, size))
    }


def _spread_out(
    pos: np.ndarray,
    comp: np.ndarray,
    *,
    spacing: float = 0.5,
    min_distance: float = 0.45,
    rounds: int = 15,
    k: int = 8,
) -> np.ndarray:
    """Scale ``pos`` up until the median nearest-neighbour distance is ``spacing`` (never down),
    then push apart nodes of a component closer than ``min_distance`` (a few collision rounds).

    Local-only repulsion lets hubs pull their neighbours into a clump (at 20,000 synthetic nodes
    the median nearest neighbour was 3 px away); zoomed in, every label then overlaps.
    """
    n = len(pos)
    if n < 2:
        return pos
    k = min(k, n - 1)
    nearest, _ = cKDTree(pos).query(pos, k=2)
    pos = pos * max(1.0, spacing / max(float(np.median(nearest[:, 1])), 1e-9))
    for _ in range(rounds):
        dist, nb = cKDTree(pos).query(pos, k=k + 1, distance_upper_bound=min_distance, workers=-1)
        a = np.repeat(np.arange(n), k)
        b = nb.reshape(n, -1)[:, 1:].ravel()
        d = dist.reshape(n, -1)[:, 1:].ravel()
        keep = b < n
        a, b, d = a[keep], b[keep], d[keep]
        keep = comp[a] == comp[b]
        a, b, d = a[keep], b[keep], np.maximum(d[keep], 1e-6)
        if not len(a):
            break
        # each end moves a quarter of the overlap per round: relaxed, so crowds do not oscillate
        push = ((min_distance - d) / d * 0.25)[:, None] * (pos[a] - pos[b])
        pos = pos + np.column_stack([np.bincount(a, push[:, axis], n) for axis in (0, 1)])
    return pos


def _pack_components(pos: np.ndarray, comp: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Shelf-pack component bounding boxes, largest first, into rows of a roughly square area."""
    gap = 2.0
    n_comp = len(size)
    lo = np.full((n_comp, 2), np.inf)
    hi = np.full((n_comp, 2), -np.inf)
    np.minimum.at(lo, comp, pos)
    np.maximum.at(hi, comp, pos)
    extent = hi - lo + gap
    row_width = max(
        math.sqrt(float((extent[:, 0] * extent[:, 1]).sum())) * 1.2, float(extent[:, 0].max())
    )
    offset = np.zeros((n_comp, 2))
    x = y = row_height = 0.0
    for c in np.argsort(-size, kind="stable"):
        if x > 0 and x + extent[c, 0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        offset[c] = (x - lo[c, 0], y - lo[c, 1])
        x += extent[c, 0]
        row_height = max(row_height, extent[c, 1])
    packed = pos + offset[comp]
    return packed - (packed.min(axis=0) + packed.max(axis=0)) / 2


# --------------------------------------------------------------------------------------------
# Page data


def json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&``, ``/``, U+2028 and U+2029 are written as JSON escapes, so the text can
    neither close the element (``</script>``), open a comment, nor contain a URL scheme's ``//``;
    ``JSON.parse`` restores them.  Values JSON cannot represent are written with ``str``.

    Raises
    ------
    ValueError
        If ``value`` contains NaN or infinity.

    Examples
    --------
    >>> print(json_for_script({"s": "</script> & http://x"}))
    {"s":"\\u003c\\/script\\u003e \\u0026 http:\\/\\/x"}
    """
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str
    )
    # These characters only occur inside JSON strings, where the escapes mean the same thing.
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("/", "\\/"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _neutralise_urls(code: str) -> str:
    """Rewrite ``http://`` as ``http:\\/\\/`` in vendored JS/CSS: the same string in JS string
    literals, regexes and comments (``\\/`` is ``/``), but no URL in the file.  The only one
    vis-network uses at run time is the SVG namespace, which is not fetched."""
    return _SCRIPT_END.sub(r"<\\/\1", _URL_SCHEME.sub(r"\1:\\/\\/", code))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / _VIS_DIR
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return _neutralise_urls(js), _neutralise_urls(css)


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


def _page_data(graph: nx.MultiDiGraph, *, max_nodes: int | None, title: str) -> dict[str, Any]:
    """The JSON embedded in the page.

    Compact where it is big (half the size of plain vis items at 20,000 nodes); ``explorer.js``
    expands it.  ``nodes``: vis items without style (colour and shape come from ``legend``);
    ``edges``: ``[from node index, to node index, legend type index]``; ``edgeInfo[i]``: ``0`` or
    ``{"props", "evidence", "more"}`` (each only when present); evidence items are
    ``[source, article_id, sentence]``.
    """
    drawable = drawable_subgraph(graph)
    n_drawable = drawable.number_of_nodes()
    e_drawable = drawable.number_of_edges()
    if max_nodes is not None and n_drawable > max_nodes:
        drawn = drawable.subgraph(most_connected(drawable, max_nodes)).copy()
    else:
        drawn = drawable
    physics = drawn.number_of_nodes() <= PHYSICS_MAX_NODES
    positions = fast_layout(drawn)

    articles: dict[str, dict[str, Any]] = {}
    for v, a in graph.nodes(data=True):
        if a.get("label") == Label.ARTICLE.value:
            info = {k: a.get(k) for k in ("title", "source", "date") if a.get(k) is not None}
            articles[str(a.get("key", v))] = info

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
            "degree": drawable.degree(v),
        }

    edges, edge_info = [], []
    for u, v, a in drawn.edges(data=True):
        edges.append([node_index[u], node_index[v], type_index[str(a.get("type", ""))]])
        evidence, more = _evidence(a.get("evidence"))
        props = {k: val for k, val in a.items() if k not in _EDGE_SKIP}
        info = {"props": props, "evidence": evidence, "more": more}
        edge_info.append({k: val for k, val in info.items() if val} or 0)

    counts = Counter(lab for _, lab in graph.nodes(data="label"))
    type_counts = Counter(t for _, _, t in graph.edges(data="type"))
    notes = []
    hidden_nodes = sum(counts[lab] for lab in HIDDEN_LABELS)
    hidden_edges = sum(type_counts[t] for t in HIDDEN_RELTYPES)
    if hidden_nodes or hidden_edges:
        notes.append(
            f"{hidden_nodes:,} 篇文章 (Article) 与 {hidden_edges:,} 条提及 (MENTIONS) 未绘出；"
            "文章标题见证据面板。"
        )
    left_nodes = n_drawable - drawn.number_of_nodes()
    if left_nodes:
        left_by_label = Counter(lab for v, lab in drawable.nodes(data="label") if v not in drawn)
        detail = ", ".join(f"{lab} {cnt:,}" for lab, cnt in left_by_label.most_common())
        left_edges = e_drawable - drawn.number_of_edges()
        notes.append(
            f"仅显示连接最多的 {drawn.number_of_nodes():,} / {n_drawable:,} 个节点；"
            f"略去 {left_nodes:,} 个节点 ({detail}) 与 {left_edges:,} 条关系。"
        )
    if not physics:
        notes.append(f"节点超过 {PHYSICS_MAX_NODES:,} 个：布局已预先计算，物理模拟关闭。")

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
                    **LABEL_STYLE.get(lab, _UNKNOWN_LABEL_STYLE),
                    "count": label_counts[lab],
                }
                for lab in labels
            ],
            "types": [
                {"name": t, **RELTYPE_STYLE.get(t, _UNKNOWN_RELTYPE_STYLE), "count": edge_counts[i]}
                for i, t in enumerate(types)
            ],
        },
        "notes": notes,
        "focus": [str(v) for v in graph.graph.get("around", []) if v in drawn],
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
            "scaling": {"label": {"drawThreshold": 6}},
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


# --------------------------------------------------------------------------------------------
# Rendering


def _environment() -> jinja2.Environment:
    templates = resources.files("newsgraph.graph") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (templates / name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    # Escaped text may still spell a URL; "&#47;" keeps it from reading as one.
    env.filters["text"] = lambda s: Markup(html.escape(str(s), quote=True).replace("/", "&#47;"))
    return env


def _static(name: str) -> str:
    return (resources.files("newsgraph.graph") / "static" / name).read_text(encoding="utf-8")


def render_explorer(
    graph: nx.MultiDiGraph, *, max_nodes: int | None = None, title: str = "newsgraph"
) -> tuple[str, dict[str, Any]]:
    """Return ``(html, summary)`` for :func:`write_explorer` without writing a file."""
    data = _page_data(graph, max_nodes=max_nodes, title=title)
    vis_js, vis_css = _vis_assets()
    page = (
        _environment()
        .get_template("explorer.html")
        .render(
            title=title,
            vis_js=Markup(vis_js),
            vis_css=Markup(vis_css),
            app_js=Markup(_neutralise_urls(_static("explorer.js"))),
            app_css=Markup(_neutralise_urls(_static("explorer.css"))),
            data_json=Markup(json_for_script(data)),
        )
    )
    return page, data["summary"]


def write_explorer(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    max_nodes: int | None = None,
    title: str = "newsgraph",
) -> dict:
    """Write a self-contained HTML explorer of ``graph`` to ``path``.

    The page draws every node except Articles and every edge except MENTIONS (article titles
    appear in the evidence panel instead), with colour and shape by label, size by degree,
    colour and dashes by relationship type, a legend, search by name or alias, filters by label,
    relationship type and meeting date, and a side panel with properties and evidence.  It needs
    no network: open it from disk.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A newsgraph graph, e.g. from :func:`newsgraph.graph.io.read_graph_json`.
    path : str or os.PathLike
        The HTML file to write (atomically; parent folders are created).
    max_nodes : int, optional
        Draw only the ``max_nodes`` most connected drawable nodes (degree among drawn
        relationships); the page notes what was left out.  ``None`` draws all.
    title : str
        Page title (plain text).

    Returns
    -------
    dict
        ``{"nodes_drawn": int, "edges_drawn": int, "nodes_left_out": int, "physics": bool}``;
        ``nodes_left_out`` counts drawable nodes dropped by ``max_nodes`` (Articles, never drawn,
        are not counted); ``physics`` is whether the browser runs physics (at most
        :data:`PHYSICS_MAX_NODES` drawn nodes).

    Raises
    ------
    ValueError
        If ``max_nodes`` is negative.
    OSError
        If ``path`` cannot be written.
    """
    page, summary = render_explorer(graph, max_nodes=max_nodes, title=title)
    atomic_write_text(path, page)
    return dict(summary)
