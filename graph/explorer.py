"""A self-contained HTML explorer for the graph (``explorer.html``).

One HTML file, opened from disk, with no network access at all: vis-network's JS and CSS (the
copy vendored in the pyvis package) are inlined, the graph is embedded as JSON, and the page's
own JS/CSS (``static/explorer.js``, ``static/explorer.css``) are inlined through the jinja2
template ``templates/explorer.html``.  The file contains no ``http://`` or ``https://`` string.
This module renders and writes the page; the data it embeds is built by
:mod:`newsgraph.graph.page_data`.

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
Positions are always computed in Python (:func:`newsgraph.graph.layout.fast_layout`, a
Fruchterman-Reingold variant whose repulsion only acts between nearby nodes, found with a k-d tree,
so one iteration is O(n log n) rather than O(n²); clumps are then spread so that zoomed-in labels
do not overlap).  Up to :data:`~newsgraph.graph.page_data.PHYSICS_MAX_NODES` drawn nodes the
browser's physics refines these positions; above it physics is off and the Python positions are
final, which keeps a 20,000-node page usable.  ``max_nodes`` keeps the most connected nodes and
the page says what was left out.

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
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from .io import atomic_write_text
from .page_data import page_data, streamed_page_data

__all__ = [
    "json_for_script",
    "render_explorer",
    "write_explorer",
]

_VIS_DIR = "lib/vis-9.1.2"
_URL_SCHEME = re.compile(r"(?i)(https?)://")
_SCRIPT_END = re.compile(r"(?i)</(script|style)")


# --------------------------------------------------------------------------------------------
# Page text


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
    if isinstance(graph, nx.Graph):
        data = page_data(graph, max_nodes=max_nodes, title=title)
    else:  # a graph read as streams: the drawn part only in memory
        data = streamed_page_data(graph, max_nodes=max_nodes, title=title)
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
    graph : networkx.MultiDiGraph or StreamedGraph
        A newsgraph graph, e.g. from :func:`newsgraph.graph.io.read_graph_json`, or one read
        as streams (:class:`~newsgraph.graph.io.StreamedGraph`: a build's graph store, a
        :class:`~newsgraph.graph.parquet.ParquetGraph`), of which only the drawn part is held
        in memory (the same page).
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
        :data:`~newsgraph.graph.page_data.PHYSICS_MAX_NODES` drawn nodes).

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
