"""merge_project_variants: a project printed with a place prefix is merged into the longer name.

The suffix index that finds the longer names must pick the target the plain scan over every
project picked (below, ``_scan_target``, the rule as first written)."""
import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.graph.project_names import (bare_project_key, merge_project_variants,
                                          tail_stripped_key)


def _graph(keys: list[str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, key in enumerate(keys):
        g.add_node(f"Project:{key}", label="Project", key=key, name=key, aliases=[],
                   evidence=[{"article_id": f"a#{i}"}], confidence=0.5)
        g.add_node(f"Article:a#{i}", label="Article", key=f"a#{i}", name="", aliases=[],
                   evidence=[], confidence=0.0)
        g.add_edge(f"Article:a#{i}", f"Project:{key}", type="MENTIONS", evidence=[])
    return g


def _scan_merge(graph: nx.MultiDiGraph, min_len: int = 6) -> list[tuple[str, str]]:
    """(short, target) pairs in merge order, by scanning every project for every project."""
    projects = sorted((n for n, d in graph.nodes(data=True) if d["label"] == "Project"),
                      key=lambda n: -len(graph.nodes[n]["key"]))
    alive, pairs = set(projects), []
    for short in reversed(projects):
        skey = graph.nodes[short]["key"]
        if len(skey) < min_len:
            continue
        target = next((n for n in projects if n != short and n in alive
                       and len(graph.nodes[n]["key"]) > len(skey)
                       and (graph.nodes[n]["key"].endswith(skey)
                            or bare_project_key(graph.nodes[n]["key"]) == skey
                            or tail_stripped_key(graph.nodes[n]["key"]) == skey)), None)
        if target is not None:
            pairs.append((short, target))
            alive.discard(short)
    return pairs


def _expected(keys: list[str]) -> dict[str, list[str]]:
    """Surviving project → the keys merged into it (directly or through a chain)."""
    g = _graph(keys)
    owner = {n: n for n in g if n.startswith("Project:")}
    for short, target in _scan_merge(g):
        for n, o in owner.items():
            if o == short:
                owner[n] = target
    merged: dict[str, list[str]] = {}
    for n, o in owner.items():
        merged.setdefault(o, []).append(n.split(":", 1)[1])
    return {o: sorted(v) for o, v in merged.items()}


# Keys from few characters, so that suffixes and parenthesised forms collide often.
_part = st.text(alphabet="通州段城市副中心平台(", min_size=0, max_size=4)
_key = st.builds(lambda a, b, c: a + b + c + "工程", _part,
                 st.sampled_from(["", "(通州段)", "(一期)"]), _part)


@settings(max_examples=300, deadline=None)
@given(st.lists(_key, min_size=1, max_size=12, unique=True))
def test_suffix_index_merges_what_the_scan_merges(keys):
    g = merge_project_variants(_graph(keys))
    got = {n: sorted(e["article_id"] for e in d["evidence"])
           for n, d in g.nodes(data=True) if d["label"] == "Project"}
    want = {o: sorted(f"a#{keys.index(k)}" for k in ks) for o, ks in _expected(keys).items()}
    assert got == want


def test_place_prefix_and_parenthesised_names_merge_into_the_longest():
    g = merge_project_variants(_graph(["城市副中心数字化虚拟物业服务平台",
                                       "北京城市副中心数字化虚拟物业服务平台",
                                       "通惠河(通州段)水环境综合治理工程", "通惠河水环境综合治理工程",
                                       "治理工程"]))  # under min_len: left alone
    projects = {d["key"]: d for _, d in g.nodes(data=True) if d["label"] == "Project"}
    assert sorted(projects) == ["北京城市副中心数字化虚拟物业服务平台", "治理工程",
                                "通惠河(通州段)水环境综合治理工程"]
    assert projects["北京城市副中心数字化虚拟物业服务平台"]["aliases"] == ["城市副中心数字化虚拟物业服务平台"]
    assert projects["通惠河(通州段)水环境综合治理工程"]["aliases"] == ["通惠河水环境综合治理工程"]
    # the Article → short MENTIONS edge moved to the longer name
    assert set(g.predecessors("Project:北京城市副中心数字化虚拟物业服务平台")) == {"Article:a#0",
                                                                                 "Article:a#1"}


# -- one article's printed forms of one project (issue 12 pattern 11) -------------------------
import pytest  # noqa: E402

from newsgraph.graph.project_names import project_canonicals  # noqa: E402


@pytest.mark.parametrize("names, expected", [
    # a tail (项目/工程) added
    (["青河第二再生水厂", "青河第二再生水厂项目"], {"青河第二再生水厂": "青河第二再生水厂项目"}),
    # a place prefix added
    (["滨水综合治理工程", "柳河滨水综合治理工程"], {"滨水综合治理工程": "柳河滨水综合治理工程"}),
    # bracketed alias
    (["安平经济开发区", "安平经济开发区（航空小镇）"], {"安平经济开发区": "安平经济开发区（航空小镇）"}),
    # one quoted programme name
    (["儿童服务“暖心工程”", "区民政局“暖心工程”项目"], {"儿童服务“暖心工程”": "区民政局“暖心工程”项目"}),
    # a town's name in front of what is elsewhere printed with its village, and a 平台 variant
    (["石桥镇农技小院", "东柳庄农技小院", "“农技小院”平台"],
     {"石桥镇农技小院": "东柳庄农技小院", "“农技小院”平台": "东柳庄农技小院"}),
])
def test_printed_forms_of_one_project_share_a_node(names, expected):
    canon = project_canonicals(names)
    for short, long in expected.items():
        assert canon[short] == long
    assert all(canon[n] == n for n in names if n not in expected)


@pytest.mark.parametrize("names", [
    ["云岭科学城", "云岭科学城起步区科学设施平台"],   # a name that starts a longer one: a part of it
    ["永丰第二再生水厂", "西岭第二再生水厂"],          # two works of one kind
])
def test_different_projects_keep_their_nodes(names):
    canon = project_canonicals(names)
    assert all(canon[n] == n for n in names)
