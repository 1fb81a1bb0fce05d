"""Issue 12, pattern 1: traditional-script pages are matched on a simplified copy of the same
length; mentions keep the printed form and offsets; a name printed in both scripts is one node."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles
from newsgraph.extract.script import has_traditional, to_simplified
from newsgraph.graph.build import GraphBuilder

TRADITIONAL = "會議縣委書記劉張陳楊區鎮鄉長黨組開發經濟發展與並後乾隆乾燥著"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRADITIONAL + "会议县书记，。、 \n台湖abc123"), max_size=80))
def test_the_simplified_copy_keeps_the_length(text):
    out = to_simplified(text)
    assert len(out) == len(text)
    # Only characters that t2s changes are touched (乾 stays in 乾隆: phrase conversion).
    assert all(a == b or has_traditional(a) for a, b in zip(text, out))


def test_simplified_text_is_returned_as_it_is():
    text = "区委书记孟景伟主持会议。"
    assert to_simplified(text) is text


def _entities(text, label):
    art = read_articles(text, "t.txt")[0]
    ext = extract_article(art, CorpusContext())
    return art, [m for m in ext.mentions if m.label == label]


@pytest.mark.parametrize("text, name, printed", [
    ("海安縣召開縣委常委會議。縣委書記劉宗斌主持會議並講話。", "刘宗斌", "劉宗斌"),
    ("會上，副縣長陳曉東通報了全縣經濟運行情況。", "陈晓东", "陳曉東"),
    ("區委副書記、區長張國強出席會議。", "张国强", "張國強"),
])
def test_a_traditional_official_has_the_simplified_name_and_the_printed_span(text, name, printed):
    art, officials = _entities(text, "Official")
    found = [m for m in officials if m.name == name]
    assert found, [m.name for m in officials]
    m = found[0]
    assert m.text == printed == art.text[m.start:m.end]


@pytest.mark.parametrize("text, name", [
    ("縣委書記劉宗斌到梨園鎮調研。", "梨园镇"),
    ("通州區召開半年工作會議。", "通州区"),
])
def test_traditional_districts_resolve_in_the_gazetteer(text, name):
    art, districts = _entities(text, "District")
    assert name in {d.name for d in districts}
    for d in districts:
        assert art.text[d.start:d.end] == d.text


def test_a_name_printed_in_both_scripts_is_one_node_with_both_forms():
    arts = (read_articles("縣委書記劉宗斌主持會議並講話。", "a.txt")
            + read_articles("县委书记刘宗斌出席会议。", "b.txt"))
    builder = GraphBuilder()
    for a in arts:
        builder.add(extract_article(a, CorpusContext()))
    graph = builder.finish()
    nodes = [d for _, d in graph.nodes(data=True) if d["label"] == "Official"]
    assert len(nodes) == 1
    assert nodes[0]["name"] == "刘宗斌"
    assert "劉宗斌" in nodes[0]["aliases"]
