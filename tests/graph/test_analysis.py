"""The analysis helpers (centrality, communities, timeline) on graphs whose answers are known,
and the KnowledgeGraph's repr and show()."""
import warnings

import networkx as nx
import pytest

from newsgraph.api import KnowledgeGraph
from newsgraph.schema import node_id

pytest.importorskip("pandas")


def graph_of(meetings: dict[str, list[str]], posts: dict[str, list[dict]] | None = None):
    """Officials attending meetings: ``{meeting: [official, ...]}``."""
    g = nx.MultiDiGraph()
    posts = posts or {}
    for m, people in meetings.items():
        mid = node_id("Meeting", f"{m}||a.txt")
        g.add_node(mid, label="Meeting", key=f"{m}||a.txt", name=m, aliases=[], evidence=[])
        for i, o in enumerate(people):
            oid = node_id("Official", o)
            g.add_node(oid, label="Official", key=o, name=o, aliases=[], evidence=[],
                       posts=posts.get(o, []))
            g.add_edge(oid, mid, type="SPOKE_AT" if i == 0 else "ATTENDED", evidence=[])
    return g


def test_centrality_of_a_chain():
    # 甲 meets 乙 at 会一, 乙 meets 丙 at 会二: 乙 is between the two, and met both.
    kg = KnowledgeGraph(graph_of({"会一": ["甲", "乙"], "会二": ["乙", "丙"]}))
    df = kg.centrality().set_index("official")
    assert list(df.index)[0] == "乙"
    assert df.loc["乙", "betweenness"] == 1.0 and df.loc["甲", "betweenness"] == 0.0
    assert df.loc["乙", "degree"] == 1.0 and df.loc["甲", "degree"] == 0.5
    assert df.loc["乙", "meetings"] == 2 and df.loc["丙", "co_attendees"] == 1
    assert kg.co_attendance()["Official:甲"]["Official:乙"]["weight"] == 1


def test_centrality_equals_networkx_on_the_corpus(corpus_graph):
    kg = KnowledgeGraph(corpus_graph)
    df = kg.centrality()
    h = kg.co_attendance()
    between = nx.betweenness_centrality(h)
    assert len(df) == sum(1 for _, a in corpus_graph.nodes(data=True) if a["label"] == "Official")
    for r in df.itertuples():
        assert r.betweenness == pytest.approx(between[f"Official:{r.official}"])
        assert r.co_attendees == h.degree(f"Official:{r.official}")
    assert df["betweenness"].is_monotonic_decreasing and df["betweenness"].iloc[0] > 0


def test_two_groups_are_two_communities():
    kg = KnowledgeGraph(graph_of({"甲会": ["甲", "乙", "丙"], "甲会二": ["甲", "乙", "丙"],
                                  "乙会": ["丁", "戊", "己", "庚"], "乙会二": ["丁", "戊", "己", "庚"],
                                  "桥": ["丙", "丁"], "独": ["辛"]}))
    df = kg.communities()
    groups = df.groupby("community")["official"].apply(set).to_dict()
    assert groups == {0: {"丁", "戊", "己", "庚"}, 1: {"甲", "乙", "丙"}}  # 辛 met nobody


def test_timeline_orders_posts_by_date():
    posts = {"甲": [{"title": "副区长", "district": "通州区", "date": "2021-03-01", "article_id": "a#0"},
                   {"title": "区长", "district": "通州区", "date": "2023-01-05", "article_id": "b#0"},
                   {"title": "副区长", "district": "通州区", "date": "2022-06-01", "article_id": "c#1"},
                   {"title": "领导小组组长", "district": None, "date": None, "article_id": "d#0"}]}
    kg = KnowledgeGraph(graph_of({"会": ["甲"]}, posts))
    df = kg.timeline("甲")
    assert df.to_dict("records") == [
        {"title": "副区长", "district": "通州区", "first_seen": "2021-03-01",
         "last_seen": "2022-06-01", "articles": 2, "first_article": "a#0"},
        {"title": "区长", "district": "通州区", "first_seen": "2023-01-05",
         "last_seen": "2023-01-05", "articles": 1, "first_article": "b#0"},
        {"title": "领导小组组长", "district": None, "first_seen": None, "last_seen": None,
         "articles": 1, "first_article": "d#0"}]
    with pytest.raises(KeyError, match="no official named 乙"):
        kg.timeline("乙")


def test_repr_counts_labels_and_types(mini_graph):
    text = repr(KnowledgeGraph(mini_graph))
    assert text.startswith(f"<KnowledgeGraph: {mini_graph.number_of_nodes()} nodes (")
    assert "Official 3" in text and "ATTENDED 5" in text and "MENTIONS 9" in text


def test_show_raises_no_warning(mini_graph):
    pytest.importorskip("IPython")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = KnowledgeGraph(mini_graph).show()
    assert "srcdoc=" in html.data
