"""Unit tests for the HTML explorer (no browser): self-containment, escaping, selection, CLI.

The browser tests are in ``test_explorer_browser.py``.
"""

from __future__ import annotations

import json
import math
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgraph.graph.explorer import json_for_script, render_explorer, write_explorer
from newsgraph.graph.layout import fast_layout
from newsgraph.graph.select import (
    HIDDEN_LABELS,
    NodeNotFoundError,
    drawable_subgraph,
    find_nodes,
    most_connected,
    neighbourhood,
)

from newsgraph.cli import main

URL = re.compile(r"(?i)https?:/\s*/|(?i:\b(?:src|href)\s*=\s*[\"']?//)")
DATA_BLOCK = re.compile(
    r'<script id="newsgraph-data" type="application/json">(.*?)</script>', re.DOTALL
)
XSS_PROBES = ("<img src=x onerror=alert(1)><script>alert(2)</script>", "<script>alert(3)</script>")


def page_data(page: str) -> dict:
    match = DATA_BLOCK.search(page)
    assert match, "no embedded data block"
    return json.loads(match.group(1))


def star_graph(centres: dict[str, int]) -> nx.MultiDiGraph:
    """Officials ``name`` each attending ``n`` meetings of their own; degrees known in advance."""
    g = nx.MultiDiGraph()
    for name, n in centres.items():
        off = f"Official:{name}"
        g.add_node(off, label="Official", key=name, name=name, aliases=[], evidence=[])
        for i in range(n):
            m = f"Meeting:{name}-{i}"
            g.add_node(
                m,
                label="Meeting",
                key=f"{name}-{i}",
                name=f"会议{i}",
                aliases=[],
                evidence=[],
                date=f"2023-01-{i % 28 + 1:02d}",
            )
            g.add_edge(off, m, type="ATTENDED", evidence=[])
    return g


# ---- self-containment ---------------------------------------------------------------------


def test_page_has_no_url_and_loads_nothing(any_graph):
    _, _, graph = any_graph
    page, _ = render_explorer(graph)
    assert not URL.search(page), URL.search(page)
    assert not re.search(
        r"(?i)<(link|iframe|img|object|embed)\b", page.split('<script id="newsgraph-data"')[0]
    )
    assert not re.search(r"(?i)<script[^>]*\bsrc\s*=", page)
    assert "@import" not in page


def test_vendored_svg_namespace_is_kept_but_not_a_url(mini_graph):
    page, _ = render_explorer(mini_graph)
    # vis-network creates SVG elements with this namespace; \/ is / inside a JS string.
    assert (
        'createElementNS("http:\\/\\/www.w3.org\\/2000\\/svg"' in page
        or 'createElementNS("http:\\/\\/www.w3.org/2000/svg"' in page
    )


def test_page_uses_cjk_font_stack(mini_graph):
    page, _ = render_explorer(mini_graph)
    for face in (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "PingFang SC",
        "Microsoft YaHei",
        "WenQuanYi Micro Hei",
    ):
        assert face in page


# ---- escaping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >",
        "<!-- <script>",
        "a & b > c",
        "line\u2028sep\u2029para",
        "http://example.com/x https://x",
        'O\'Brien "{x}" \\ MATCH',
        "区委书记孟景伟主持会议并讲话。",
    ],
)
def test_json_for_script_round_trips_and_cannot_break_out(text):
    encoded = json_for_script({"s": text, "list": [text]})
    for bad in ("<", ">", "&", "\u2028", "\u2029", "//"):
        assert bad not in encoded
    assert json.loads(encoded) == {"s": text, "list": [text]}


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_json_for_script_any_text(text):
    encoded = json_for_script(text)
    assert not re.search(r"[<>&\u2028\u2029]|//", encoded)
    assert json.loads(encoded) == text


def test_json_for_script_rejects_nan():
    with pytest.raises(ValueError):
        json_for_script({"x": math.nan})


def test_xss_probes_are_embedded_as_data_only(mini_graph):
    page, _ = render_explorer(mini_graph)
    assert page.count("</script>") == 3  # data, vis-network, explorer.js: nothing else closes
    for probe in XSS_PROBES:
        assert probe not in page
    data = page_data(page)
    # evidence items are [source, article_id, sentence]; edgeInfo items are 0 when empty
    sentences = [ev[2] for info in data["nodeInfo"].values() for ev in info["evidence"]]
    sentences += [ev[2] for info in data["edgeInfo"] if info for ev in info.get("evidence", [])]
    for probe in XSS_PROBES:
        assert probe in sentences


def test_title_is_text(mini_graph):
    title = "</title><script>alert(1)</script> http://x"
    page, _ = render_explorer(mini_graph, title=title)
    assert "<script>alert(1)" not in page
    assert not URL.search(page)
    assert page_data(page)["title"] == title


# ---- what is drawn ------------------------------------------------------------------------


def test_articles_and_mentions_are_not_drawn(mini_graph, tmp_path):
    summary = write_explorer(mini_graph, tmp_path / "x.html")
    drawable_nodes = [v for v, lab in mini_graph.nodes(data="label") if lab != "Article"]
    drawable_edges = [e for e in mini_graph.edges(data="type") if e[2] != "MENTIONS"]
    assert summary == {
        "nodes_drawn": len(drawable_nodes),
        "edges_drawn": len(drawable_edges),
        "nodes_left_out": 0,
        "physics": True,
    }
    data = page_data((tmp_path / "x.html").read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(drawable_nodes)
    types = [t["name"] for t in data["legend"]["types"]]
    assert {types[e[2]] for e in data["edges"]} == {"ATTENDED", "SPOKE_AT", "LOCATED_IN"}
    # ... but article titles are there for the evidence panel
    assert data["articles"]["fixture#0"]["title"] == "通州区半年工作会议召开"
    assert any("Article" in note for note in data["notes"])


def test_edges_are_compact_and_complete(mini_graph):
    data = page_data(render_explorer(mini_graph)[0])
    ids = [n["id"] for n in data["nodes"]]
    types = [t["name"] for t in data["legend"]["types"]]
    drawn = {(ids[a], ids[b], types[t]) for a, b, t in data["edges"]}
    expected = {(u, v, t) for u, v, t in mini_graph.edges(data="type") if t != "MENTIONS"}
    assert drawn == expected
    assert len(data["edgeInfo"]) == len(data["edges"])
    spoke = data["edgeInfo"][[types[e[2]] for e in data["edges"]].index("SPOKE_AT")]
    assert spoke["props"] == {"role": "主持会议并讲话"}
    assert 0 in data["edgeInfo"]  # 通州区 LOCATED_IN 北京市 has neither props nor evidence
    assert sum(t["count"] for t in data["legend"]["types"]) == len(data["edges"])


def test_drawable_subgraph_does_not_modify_input(mini_graph):
    before = (mini_graph.number_of_nodes(), mini_graph.number_of_edges())
    sub = drawable_subgraph(mini_graph)
    assert (mini_graph.number_of_nodes(), mini_graph.number_of_edges()) == before
    assert all(lab != "Article" for _, lab in sub.nodes(data="label"))
    assert all(t != "MENTIONS" for *_, t in sub.edges(data="type"))


def test_node_size_grows_with_degree():
    data = page_data(render_explorer(star_graph({"甲": 9, "乙": 1}))[0])
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["Official:甲"] > size["Official:乙"] > 0


def test_max_nodes_keeps_most_connected_and_says_so(tmp_path):
    graph = star_graph({"甲": 6, "乙": 4, "丙": 2})  # 3 officials + 12 meetings
    summary = write_explorer(graph, tmp_path / "x.html", max_nodes=3)
    data = page_data((tmp_path / "x.html").read_text(encoding="utf-8"))
    assert summary["nodes_drawn"] == 3
    assert summary["nodes_left_out"] == 12
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {"Official:甲", "Official:乙", "Official:丙"}
    assert summary["edges_drawn"] == 0
    note = " ".join(data["notes"])
    assert "3 / 15" in note and "12" in note


def test_max_nodes_larger_than_graph_is_a_no_op(mini_graph):
    _, summary = render_explorer(mini_graph, max_nodes=10_000)
    assert summary["nodes_left_out"] == 0


def test_most_connected_is_deterministic_and_validates():
    graph = star_graph({"甲": 3, "乙": 3})
    assert most_connected(graph, 2) == ["Official:乙", "Official:甲"]  # tie broken by id
    assert most_connected(graph, 0) == []
    with pytest.raises(ValueError):
        most_connected(graph, -1)


def test_physics_off_above_threshold(monkeypatch):
    from newsgraph.graph import page_data as page_module

    monkeypatch.setattr(page_module, "PHYSICS_MAX_NODES", 5)
    page, summary = render_explorer(star_graph({"甲": 6}))
    assert summary["physics"] is False
    data = page_data(page)
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])


def test_evidence_is_capped_with_count(monkeypatch):
    from newsgraph.graph import page_data as page_module

    monkeypatch.setattr(page_module, "EVIDENCE_PER_ITEM", 2)
    graph = star_graph({"甲": 1})
    graph.nodes["Official:甲"]["evidence"] = [
        {"source": "a.txt", "article_id": "a#0", "sentence": f"句{i}", "start": 0, "end": 1}
        for i in range(5)
    ]
    info = page_data(render_explorer(graph)[0])["nodeInfo"]["Official:甲"]
    assert info["evidence"] == [["a.txt", "a#0", "句0"], ["a.txt", "a#0", "句1"]]
    assert info["more"] == 3


def test_empty_graph(tmp_path):
    summary = write_explorer(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert summary == {"nodes_drawn": 0, "edges_drawn": 0, "nodes_left_out": 0, "physics": True}


# ---- neighbourhoods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, depth, expected",
    [
        ("孟景伟", 0, {"Official:孟景伟"}),
        (
            "孟景伟",
            1,
            {
                "Official:孟景伟",
                "Meeting:通州区半年工作会议|2023-07-20|fixture#0",
                "Meeting:项目开工仪式|2023-08-02|fixture#1",
            },
        ),
        (
            "孟景伟",
            2,
            {
                "Official:孟景伟",
                "Meeting:通州区半年工作会议|2023-07-20|fixture#0",
                "Meeting:项目开工仪式|2023-08-02|fixture#1",
                "Official:郑皓",
                'Official:O\'Brien "{x}" \\ MATCH',
                "District:通州区",
                "District:潞城镇",
            },
        ),
        (
            "通州",
            1,
            {
                "District:通州区",
                "District:北京市",
                "District:潞城镇",
                "Meeting:通州区半年工作会议|2023-07-20|fixture#0",
            },
        ),  # by alias
        (
            "Project:潞城镇综合治理工程",
            1,
            {"Project:潞城镇综合治理工程", "District:潞城镇"},
        ),  # by id
    ],
)
def test_neighbourhood(mini_graph, name, depth, expected):
    sub = neighbourhood(mini_graph, name, depth=depth)
    drawn = {v for v, lab in sub.nodes(data="label") if lab != "Article"}
    assert drawn == expected
    # articles cited by the kept nodes stay, for their titles in the evidence panel
    assert all(
        lab != "Article" or v.startswith("Article:fixture#") for v, lab in sub.nodes(data="label")
    )


def test_neighbourhood_never_hops_through_articles(mini_graph):
    # 郑皓 and 孟景伟 are both mentioned by Article:fixture#0, but are two hops apart via a meeting.
    sub = neighbourhood(mini_graph, "郑皓", depth=1)
    assert "Official:孟景伟" not in sub


def test_neighbourhood_errors(mini_graph):
    with pytest.raises(NodeNotFoundError, match="nobody"):
        neighbourhood(mini_graph, "nobody")
    with pytest.raises(ValueError):
        neighbourhood(mini_graph, "孟景伟", depth=-1)


def test_find_nodes_falls_back_to_substring(mini_graph):
    # the options `newsgraph view --around` selects with
    drawable = {"exclude_labels": HIDDEN_LABELS, "partial": True}
    assert find_nodes(mini_graph, "综合治理", **drawable) == ["Project:潞城镇综合治理工程"]
    with pytest.raises(NodeNotFoundError):
        find_nodes(mini_graph, "fixture#0", **drawable)  # Article ids are not drawable


# ---- layout -------------------------------------------------------------------------------


@given(st.integers(0, 40), st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=80))
@settings(max_examples=50, deadline=None)
def test_fast_layout_gives_every_node_a_finite_position(n, edges):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for a, b in edges if a < n and b < n)
    pos = fast_layout(graph)
    assert set(pos) == set(graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


def test_fast_layout_is_deterministic_and_keeps_links_short():
    graph = nx.connected_watts_strogatz_graph(300, 4, 0.05, seed=1)
    a, b = fast_layout(graph, seed=3), fast_layout(graph, seed=3)
    assert a == b
    linked = [math.dist(a[u], a[v]) for u, v in graph.edges]
    nodes = list(graph.nodes)
    unlinked = [math.dist(a[nodes[i]], a[nodes[(i * 7 + 150) % 300]]) for i in range(300)]
    assert sum(linked) / len(linked) < 0.5 * sum(unlinked) / len(unlinked)


# ---- command line -------------------------------------------------------------------------


def test_cli_view_whole_graph(mini_graph_path, tmp_path, capsys):
    out = tmp_path / "all.html"
    assert main(["view", str(mini_graph_path), "--out", str(out)]) == 0
    assert out.exists() and "9 nodes" in capsys.readouterr().out


def test_cli_view_around(mini_graph_path, tmp_path, capsys):
    out = tmp_path / "around.html"
    assert (
        main(
            ["view", str(mini_graph_path), "--around", "孟景伟", "--depth", "1", "--out", str(out)]
        )
        == 0
    )
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 3
    assert "孟景伟" in data["title"]
    assert data["focus"] == ["Official:孟景伟"]


@pytest.mark.parametrize(
    "args",
    [
        ["--around", "nobody"],
        ["--depth", "-1", "--around", "孟景伟"],
        ["--max-nodes", "-5"],
    ],
)
def test_cli_view_bad_arguments(mini_graph_path, tmp_path, args, capsys):
    assert main(["view", str(mini_graph_path), "--out", str(tmp_path / "x.html"), *args]) == 2
    assert not (tmp_path / "x.html").exists()
    assert "newsgraph view:" in capsys.readouterr().err


def test_cli_view_unwritable_out(mini_graph_path, tmp_path, capsys):
    (tmp_path / "dir.html").mkdir()
    assert main(["view", str(mini_graph_path), "--out", str(tmp_path / "dir.html")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_cli_view_missing_graph(tmp_path):
    assert main(["view", str(tmp_path / "nope.json"), "--out", str(tmp_path / "x.html")]) == 2
