"""The HTML explorer in a real browser: Debian's chromium driven by Playwright.

Skipped (with the reason) when ``/usr/bin/chromium`` or the ``playwright`` package is missing,
except under ``CI=true``, where a missing browser is a failure.  Never runs ``playwright install``:
the browser is the system one.  Screenshots go to ``$ARTIFACTS_DIR`` (default: a pytest tmp dir).
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from newsgraph.graph.explorer import write_explorer
from newsgraph.graph.select import neighbourhood

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# A function, not an expression: Playwright polls expressions with eval, which the page's
# Content-Security-Policy forbids.
READY = "() => window.newsgraphExplorer && window.newsgraphExplorer.ready === true"
LOAD_TIMEOUT_MS = 120_000

# Runs before any page script: a fired XSS probe (alert, or an inline handler) leaves a trace.
XSS_TRAP = """
window.__xss = [];
window.alert = function (m) { window.__xss.push(String(m)); };
window.confirm = window.prompt = window.alert;
"""


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI=true: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    env = os.environ.get("ARTIFACTS_DIR")
    path = Path(env) if env else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Page:
    """A loaded explorer page with what it logged and requested."""

    def __init__(self, browser, path: Path):
        self.path = path
        self.context = browser.new_context(viewport={"width": 1400, "height": 850})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.add_init_script(XSS_TRAP)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: r.url != path.as_uri() and self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function(READY, timeout=LOAD_TIMEOUT_MS)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def click_node(self, node_id: str) -> None:
        """Click the node where it is drawn on the canvas."""
        x, y = self.js(
            """id => {
            const net = window.newsgraphExplorer.network;
            const p = net.canvasToDOM(net.getPosition(id));
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
            node_id,
        )
        self.page.mouse.click(x, y)

    def click_edge(self, edge_id: int) -> None:
        """Click the middle of the edge as drawn (on its curve, if it is curved)."""
        x, y = self.js(
            """id => {
            const net = window.newsgraphExplorer.network;
            const edge = net.body.edges[id];  // vis internals: the drawn edge and its curve
            const mid = edge.edgeType.getPoint(0.5);
            const p = net.canvasToDOM(mid);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
            edge_id,
        )
        self.page.mouse.click(x, y)

    def details(self) -> str:
        return self.page.inner_text("#details")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(path: Path) -> Page:
        page = Page(browser, path)
        pages.append(page)
        return page

    yield _open
    for page in pages:
        page.close()


@pytest.fixture
def mini_page(open_page, mini_graph, tmp_path):
    path = tmp_path / "mini.html"
    write_explorer(mini_graph, path)
    return open_page(path)


def drawable_counts(graph: nx.MultiDiGraph) -> tuple[int, int]:
    nodes = sum(1 for _, lab in graph.nodes(data="label") if lab != "Article")
    edges = sum(1 for *_, t in graph.edges(data="type") if t != "MENTIONS")
    return nodes, edges


def wait_until_centred_on(page: Page, node_id: str) -> None:
    """Wait (bounded) until the view is centred on ``node_id``; fails the test on timeout."""
    # network.focus animates the view; poll the end state rather than guess the duration.
    page.page.wait_for_function(
        """id => {
        const net = window.newsgraphExplorer.network;
        const v = net.getViewPosition(), p = net.getPosition(id);
        return Math.hypot(v.x - p.x, v.y - p.y) < 2;
    }""",
        arg=node_id,
        timeout=10_000,
    )


# ---- tests --------------------------------------------------------------------------------


def test_loads_offline_and_draws_every_drawable_node(any_graph, open_page, tmp_path, artifacts):
    name, _, graph = any_graph
    path = tmp_path / f"{name}.html"
    write_explorer(graph, path, title=f"newsgraph {name}")
    page = open_page(path)
    assert page.errors == []
    assert page.requests == []
    n_nodes, n_edges = drawable_counts(graph)
    assert page.js("newsgraphExplorer.nodes.length") == n_nodes
    assert page.js("newsgraphExplorer.nodesView.length") == n_nodes  # nothing filtered at start
    assert page.js("newsgraphExplorer.edges.length") == n_edges
    # vis drew them: its body holds one node object per DataView item
    assert page.js("Object.keys(newsgraphExplorer.network.body.nodes).length") == n_nodes
    page.page.screenshot(path=str(artifacts / f"explorer-{name}.png"))
    assert (artifacts / f"explorer-{name}.png").stat().st_size > 10_000


def test_search_by_alias_focuses_the_node(mini_page):
    page = mini_page
    start = page.js(
        "(() => { const n = newsgraphExplorer.network, v = n.getViewPosition();"
        " return {scale: n.getScale(), x: v.x, y: v.y}; })()"
    )
    page.page.fill("#search", "通州")
    assert page.page.is_visible("#search-results")
    page.page.press("#search", "Enter")
    assert page.js("newsgraphExplorer.network.getSelectedNodes()") == ["District:通州区"]
    wait_until_centred_on(page, "District:通州区")
    assert "通州区" in page.page.inner_text("#details h3")
    # "Fit" returns to the whole graph: the view the page opened with
    page.js("newsgraphExplorer.network.moveTo({scale: 4})")
    page.page.click("#fit")
    page.page.wait_for_function(
        """start => {
            const net = window.newsgraphExplorer.network, v = net.getViewPosition();
            return Math.abs(net.getScale() - start.scale) < 0.02 * start.scale
                && Math.hypot(v.x - start.x, v.y - start.y) < 5;
        }""",
        arg=start,
        timeout=10_000,
    )


def test_search_result_list_click(mini_page):
    page = mini_page
    page.page.fill("#search", "开工仪式")
    page.page.click("#search-results li >> nth=0")
    meeting = "Meeting:项目开工仪式|2023-08-02|fixture#1"
    assert page.js("newsgraphExplorer.network.getSelectedNodes()") == [meeting]
    wait_until_centred_on(page, meeting)


def test_click_on_node_shows_properties_and_evidence(mini_page):
    page = mini_page
    page.click_node("Official:孟景伟")
    text = page.details()
    assert "孟景伟" in text
    assert "区委书记" in text  # titles
    assert "区委书记孟景伟主持会议并讲话。" in text  # evidence sentence
    assert "fixture.txt" in text  # source file
    assert "通州区半年工作会议召开" in text  # article title


def test_click_on_edge_shows_its_evidence(mini_page):
    page = mini_page
    page.click_node("Official:孟景伟")
    page.page.click("#details .links a:text('SPOKE_AT')")
    text = page.details()
    assert "SPOKE_AT" in text and "主持会议并讲话" in text
    assert "区委书记孟景伟主持会议并讲话。" in text


def test_click_on_edge_in_the_canvas_shows_it(mini_page):
    page = mini_page
    edge_id = page.js(
        "newsgraphExplorer.edges.get().find(e => e.from === 'District:通州区' "
        "&& e.to === 'District:北京市').id"
    )
    page.click_edge(edge_id)
    assert page.js("newsgraphExplorer.network.getSelectedEdges()") == [edge_id]
    text = page.details()
    assert "LOCATED_IN" in text and "通州区" in text and "北京市" in text


def test_hover_shows_full_name_as_text(mini_page):
    page = mini_page
    node = 'Official:O\'Brien "{x}" \\ MATCH'
    x, y = page.js(
        """id => {
        const net = window.newsgraphExplorer.network;
        const p = net.canvasToDOM(net.getPosition(id));
        const box = document.querySelector('#graph canvas').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""",
        node,
    )
    page.page.mouse.move(x, y)
    tooltip = page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert 'O\'Brien "{x}" \\ MATCH' in tooltip.inner_text()
    # innerText turns the line breaks into <br>; nothing else may become an element
    tags = page.js("[...document.querySelectorAll('div.vis-tooltip *')].map(e => e.tagName)")
    assert set(tags) <= {"BR"}


def test_xss_probes_do_not_fire(mini_page):
    page = mini_page
    probe_node = 'Official:O\'Brien "{x}" \\ MATCH'
    page.js("id => newsgraphExplorer.focusNode(id)", probe_node)
    text = page.details()
    assert "<img src=x onerror=alert(1)><script>alert(2)</script>" in text  # shown, as text
    assert 'O\'Brien "{x}" \\ MATCH' in text
    page.page.click("#details .links a:text('ATTENDED')")
    assert "<script>alert(3)</script>" in page.details()
    page.page.wait_for_timeout(200)  # an onerror handler would run after the failed image load
    assert page.js("window.__xss") == []
    assert page.dialogs == []
    assert page.js("document.querySelectorAll('#details img, #details script').length") == 0
    assert page.errors == []


def test_label_type_and_date_filters(mini_page):
    page = mini_page
    view_nodes = "newsgraphExplorer.nodesView.length"
    view_edges = "newsgraphExplorer.edgesView.length"
    assert (page.js(view_nodes), page.js(view_edges)) == (9, 11)
    page.page.uncheck("#type-filters input[data-type=SPOKE_AT]")
    assert page.js(view_edges) == 10
    page.page.check("#type-filters input[data-type=SPOKE_AT]")
    page.page.uncheck("#label-filters input[data-label=Meeting]")
    assert page.js(view_nodes) == 7
    assert page.js(view_edges) == 3  # only District/Project LOCATED_IN edges remain
    page.page.check("#label-filters input[data-label=Meeting]")
    page.page.fill("#date-from", "2023-08-01")
    page.page.dispatch_event("#date-from", "change")
    meetings = page.js(
        "newsgraphExplorer.nodesView.get().filter(n => n.group === 'Meeting').map(n => n.id)"
    )
    assert meetings == ["Meeting:项目开工仪式|2023-08-02|fixture#1"]
    page.page.click("#date-clear")
    assert page.js(view_nodes) == 9


def test_neighbourhood_page_starts_on_its_centre(open_page, mini_graph, tmp_path):
    path = tmp_path / "around.html"
    write_explorer(neighbourhood(mini_graph, "通州", depth=1), path)
    page = open_page(path)
    assert page.errors == [] and page.requests == []
    assert page.js("newsgraphExplorer.network.getSelectedNodes()") == ["District:通州区"]
    assert "通州区半年工作会议召开。" in page.details()
    assert page.js("newsgraphExplorer.nodes.length") == 4


def synthetic(n_officials: int, n_meetings: int, seed: int = 0) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n_officials):
        g.add_node(
            f"Official:官员{i}",
            label="Official",
            key=f"官员{i}",
            name=f"官员{i}",
            aliases=[],
            evidence=[],
        )
    for j in range(n_meetings):
        m = f"Meeting:会议{j}"
        g.add_node(
            m,
            label="Meeting",
            key=f"会议{j}",
            name=f"会议{j}",
            aliases=[],
            evidence=[],
            date="2023-05-01",
        )
        for i in rng.sample(range(n_officials), 3):
            g.add_edge(f"Official:官员{i}", m, type="ATTENDED", evidence=[])
    return g


def test_large_graph_uses_precomputed_layout(open_page, tmp_path, artifacts):
    graph = synthetic(1500, 3500)
    path = tmp_path / "large.html"
    summary = write_explorer(graph, path)
    assert summary["physics"] is False
    page = open_page(path)
    assert page.errors == [] and page.requests == []
    assert page.js("newsgraphExplorer.nodes.length") == 5000
    assert page.js("newsgraphExplorer.network.physics.physicsEnabled") is False
    # positions are the ones computed in Python
    first = page.js("newsgraphExplorer.data.nodes[0]")
    pos = page.js("id => newsgraphExplorer.network.getPosition(id)", first["id"])
    assert (pos["x"], pos["y"]) == (first["x"], first["y"])
    page.page.screenshot(path=str(artifacts / "explorer-synthetic-5000.png"))


def test_max_nodes_note_is_visible(open_page, tmp_path):
    graph = synthetic(200, 300)
    path = tmp_path / "top.html"
    write_explorer(graph, path, max_nodes=50)
    page = open_page(path)
    assert page.js("newsgraphExplorer.nodes.length") == 50
    note = page.page.inner_text("#notes")
    assert "50 / 500" in note and "450" in note
    assert page.page.is_visible("#notes")


# ---- issue 15: highlight on selection, labels by zoom, bilingual banner and panel ----------------

PIXEL = """id => {
    const net = window.newsgraphExplorer.network;
    const canvas = document.querySelector('#graph canvas');
    const ratio = canvas.width / canvas.clientWidth;
    const p = net.canvasToDOM(net.getPosition(id));
    const px = canvas.getContext('2d').getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
    return [px[0], px[1], px[2]];
}"""

# Two animation frames: vis has redrawn after a DataSet change.
REDRAWN = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def _hex(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def _labelled(page: Page) -> set[str]:
    """Ids of the nodes vis draws with a label (its own node objects, not our data)."""
    return set(page.js("Object.values(newsgraphExplorer.network.body.nodes)"
                       ".filter(n => n.options.label).map(n => n.id)"))


def test_selecting_a_node_highlights_it_and_its_neighbours_and_fades_the_rest(mini_page, mini_graph):
    page = mini_page
    chosen = "Official:孟景伟"
    drawn = {v for v, lab in mini_graph.nodes(data="label") if lab != "Article"}
    neighbours = (set(mini_graph.predecessors(chosen)) | set(mini_graph.successors(chosen))) & drawn
    others = drawn - neighbours - {chosen}
    assert neighbours and others
    colour = {v: page.js("id => newsgraphExplorer.nodes.get(id).color", v) for v in drawn}
    before = {v: page.js(PIXEL, v) for v in others}
    assert all(before[v] == _hex(colour[v]) for v in others)  # the pixel at a node's centre is its fill
    page.click_node(chosen)
    page.js(REDRAWN)
    assert set(page.js("[...newsgraphExplorer.highlighted]")) == neighbours | {chosen}
    for v in neighbours | {chosen}:
        assert page.js("id => newsgraphExplorer.nodes.get(id).color", v) == colour[v]
    for v in others:
        faded = page.js(PIXEL, v)
        # drawn much lighter: mixed with the white background
        assert all(f >= b for f, b in zip(faded, before[v])) and sum(faded) - sum(before[v]) > 100, (v, faded)
    for v in neighbours:
        assert page.js(PIXEL, v) == _hex(colour[v])
    # the selected node's relationships keep their colour, the others fade
    edge_colours = page.js("newsgraphExplorer.edges.get().map(e => [e.from, e.to, e.color])")
    style = {t["name"]: t["color"] for t in page.js("newsgraphExplorer.data.legend.types")}
    types = page.js("newsgraphExplorer.edges.get().map(e => e.type)")
    for (u, v, c), t in zip(edge_colours, types):
        assert (c == style[t]) == (chosen in (u, v)), (u, v, c)
    # a click on empty canvas ends the highlight
    box = page.js("(() => { const b = document.querySelector('#graph canvas').getBoundingClientRect();"
                  " return [b.left + 5, b.top + 5]; })()")
    page.page.mouse.click(*box)
    page.js(REDRAWN)
    assert page.js("newsgraphExplorer.highlighted") is None
    assert all(page.js(PIXEL, v) == before[v] for v in others)
    assert page.errors == []


def test_whole_graph_zoom_labels_only_the_most_connected_nodes(open_page, tmp_path):
    graph = synthetic(200, 300, seed=3)
    path = tmp_path / "labels.html"
    write_explorer(graph, path)
    page = open_page(path)
    k = page.js("newsgraphExplorer.data.labelsAtFit")
    assert 0 < k < graph.number_of_nodes()
    top = sorted(graph.nodes, key=lambda v: (-graph.degree(v), v))[:k]
    assert _labelled(page) == set(top)
    # readable at this zoom: the hubs' type is drawn at 12 px or more on screen
    sizes = page.js("ids => ids.map(id => newsgraphExplorer.network.body.nodes[id].options.font.size"
                    " * newsgraphExplorer.network.getScale())", top)
    assert min(sizes) >= 12
    # and every node is still drawn in its label's colour after those updates
    drawn = page.js("Object.values(newsgraphExplorer.network.body.nodes)"
                    ".map(n => [n.options.group, n.options.color.background])")
    legend = {lab["name"]: lab["color"] for lab in page.js("newsgraphExplorer.data.legend.labels")}
    assert all(colour == legend[group] for group, colour in drawn), drawn[:5]
    # zooming in (the mouse wheel) shows more labels, in rank order
    x, y = page.js("(() => { const b = document.querySelector('#graph canvas').getBoundingClientRect();"
                   " return [b.left + b.width / 2, b.top + b.height / 2]; })()")
    page.page.mouse.move(x, y)
    for _ in range(8):
        page.page.mouse.wheel(0, -300)
    page.page.wait_for_function(f"() => newsgraphExplorer.labelBudget() > {k}", timeout=10_000)
    budget = page.js("newsgraphExplorer.labelBudget()")
    assert _labelled(page) == set(sorted(graph.nodes, key=lambda v: (-graph.degree(v), v))[:budget])
    # the whole graph again: the top k only
    page.page.click("#fit")
    page.page.wait_for_function(f"() => newsgraphExplorer.labelBudget() === {k}", timeout=10_000)
    assert _labelled(page) == set(top)
    # a selected node's neighbours carry labels at any zoom, and the fade and the hubs' type
    # survive the label changes of zooming (vis re-applies group options on every update)
    hub_font = page.js("id => newsgraphExplorer.network.body.nodes[id].options.font.size", top[1])
    lit = {top[0], *graph.predecessors(top[0]), *graph.successors(top[0])}
    hub_neighbour = next(v for v in lit if v not in top)
    page.js("id => newsgraphExplorer.focusNode(id)", top[0])  # zooms in: every label shows
    page.page.wait_for_function("() => newsgraphExplorer.labelBudget() === newsgraphExplorer.nodes.length",
                                timeout=10_000)
    page.page.click("#fit")
    page.page.wait_for_function(f"() => newsgraphExplorer.labelBudget() === {k}", timeout=10_000)
    assert _labelled(page) == set(top) | lit
    assert hub_neighbour in _labelled(page)
    drawn = dict(page.js("Object.values(newsgraphExplorer.network.body.nodes)"
                         ".map(n => [n.id, n.options.color.background])"))
    group = dict(page.js("newsgraphExplorer.nodes.get().map(n => [n.id, n.group])"))
    assert all((drawn[v] == legend[group[v]]) == (v in lit) for v in drawn)
    assert page.js("id => newsgraphExplorer.network.body.nodes[id].options.font.size", top[1]) == hub_font
    assert page.errors == []


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def _bilingual(text: str) -> bool:
    return bool(_CJK.search(text) and _LATIN.search(text))


def test_banner_and_panel_are_bilingual(open_page, mini_graph, tmp_path):
    path = tmp_path / "bilingual.html"
    write_explorer(mini_graph, path, max_nodes=5)  # a note on what was left out, too
    page = open_page(path)
    notes = page.js("[...document.querySelectorAll('#notes p')].map(p => p.innerText)")
    assert len(notes) == 2 and all(_bilingual(n) for n in notes), notes
    banner = [page.page.inner_text("#counts"), page.page.inner_text("#fit"),
              page.page.get_attribute("#search", "placeholder")]
    assert all(_bilingual(t) for t in banner), banner
    official = next(n for n in page.js("newsgraphExplorer.nodes.getIds()") if n.startswith("Official:"))
    page.js("id => newsgraphExplorer.focusNode(id)", official)
    headers = page.js("[...document.querySelectorAll('#side h2, #details th, #side legend, #filters label')]"
                      ".map(e => e.innerText)")
    assert headers and all(_bilingual(h) for h in headers), [h for h in headers if not _bilingual(h)]
    edge = page.js("newsgraphExplorer.edges.getIds()[0]")
    page.js("id => newsgraphExplorer.showEdge(id)", edge)
    headers = page.js("[...document.querySelectorAll('#details h2, #details th')].map(e => e.innerText)")
    assert headers and all(_bilingual(h) for h in headers), headers
