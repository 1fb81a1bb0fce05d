"""Organisations read from officials' titles (extract/organizations.py) and what the graph
makes of them: nodes with their division, ``HOLDS_POSITION`` with the title and date."""
import pytest

from newsgraph.extract.organizations import organ_of_title
from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles
from newsgraph.graph.build import GraphBuilder
from newsgraph.schema import schema_errors


@pytest.mark.parametrize("title, district, printed, home, name", [
    ("区民政局局长", "西城区", {}, "西城区", "西城区民政局"),
    ("区人大常委会副主任", "通州区", {}, "通州区", "通州区人大常委会"),
    ("县委办公室主任", "宽城满族自治县", {}, "宽城满族自治县", "宽城满族自治县委办公室"),
    ("中共顺义区委常委", "顺义区", {"顺义区": "顺义区"}, None, "顺义区委"),
    ("北京市平谷区委副书记", "平谷区", {"北京市": "北京市", "平谷区": "平谷区"}, None, "平谷区委"),
    ("印江土家族苗族自治县县委书记", "印江土家族苗族自治县",
     {"印江土家族苗族自治县": "印江土家族苗族自治县"}, None, "印江土家族苗族自治县委"),
    ("区人民检察院代理检察长", "滨海新区", {}, "滨海新区", "滨海新区人民检察院"),
    ("县政府党组成员", "秦安县", {}, "秦安县", "秦安县人民政府"),  # the full name
    ("村委会主任", "前进村", {}, None, None),  # no division printed, not the home's suffix
    ("光明街村委会主任", "光明街村", {"光明街村": "光明街村"}, None, "光明街村委会"),
    ("东华门街道工委副书记", "东华门街道", {"东华门街道": "东华门街道"}, None, "东华门街道工委"),
    ("区长", "通州区", {}, "通州区", None),
    ("常务副区长", "通州区", {}, "通州区", None),
    ("区领导", "通州区", {}, "通州区", None),
    ("区人大代表", "通州区", {}, "通州区", None),  # a deputy, not a post in a body
    # The division is inside another name: 中关村科技园通州园, 怀柔科学城.
    ("中关村科技园通州园管委会主任", "通州区", {"通州": "通州区"}, "通州区", None),
    ("怀柔科学城党工委书记", "怀柔区", {"怀柔": "怀柔区"}, "怀柔区", None),
    # The home's suffix opens the title only for the home county.
    ("区民政局局长", "西城区", {}, "东城区", None),
    ("县民政局局长", "西城区", {}, "西城区", None),
])
def test_the_organ_of_a_title(title, district, printed, home, name):
    organ = organ_of_title(title, district, printed, home)
    assert (organ.name if organ else None) == name
    if organ:
        assert organ.district == district
        assert title[organ.start:organ.end].endswith(name[len(district):][-1])


TEXT = ("本报讯 3月5日，西城区民政工作会议召开。区委副书记、区长孟景伟，区民政局局长张丁出席。"
        "会上，区民政局通报了全年工作。")


def _graph(text=TEXT, name="2024-03-05_a.txt"):
    builder = GraphBuilder()
    for article in read_articles(text, name):
        builder.add(extract_article(article, CorpusContext()))
    return builder.finish()


def test_a_title_gives_an_organization_node_with_its_division():
    g = _graph()
    node = g.nodes["Organization:西城区民政局"]
    assert node["district"] == "西城区"
    rules = [e["rule"] for e in node["evidence"]]
    assert rules == ["title-organ", "organization-repeat"]  # the title, then 区民政局通报
    for e in node["evidence"]:
        assert TEXT.count("区民政局") == 2 and e["sentence"][e["start"] - e["sentence_start"]:][:4] == "区民政局"
    assert g.has_edge("Article:2024-03-05_a#0", "Organization:西城区民政局")
    assert schema_errors(g.nodes(data=True), g.edges(data=True)) == []


def test_the_official_holds_a_position_in_it_with_title_and_date():
    g = _graph()
    edges = [d for _, v, d in g.out_edges("Official:张丁", data=True)
             if d["type"] == "HOLDS_POSITION" and v == "Organization:西城区民政局"]
    assert len(edges) == 1
    assert edges[0]["title"] == "区民政局局长"
    assert edges[0]["date"] == "2024-03-05"
    # The post's district stays linked as before.
    assert g.has_edge("Official:张丁", "District:西城区")
    # 区长 is a post of no printed body; 区委副书记 is one of 区委.
    held = {v for _, v, d in g.out_edges("Official:孟景伟", data=True) if d["type"] == "HOLDS_POSITION"}
    assert "Organization:西城区委" in held and not any("区长" in v for v in held)


def test_traditional_script_titles_name_the_simplified_organization():
    g = _graph(TEXT.replace("区", "區").replace("长", "長").replace("会", "會").replace("议", "議"))
    node = g.nodes["Organization:西城区民政局"]
    assert "區民政局" in node["aliases"]


def test_a_short_name_is_not_looked_for_again():
    """区委 is also the middle of 社区委员: a printed name under four characters is only
    taken where a title prints it."""
    g = _graph("本报讯 西城区会议召开。区委书记孟景伟出席。社区委员李明发言。")
    node = g.nodes["Organization:西城区委"]
    assert [e["rule"] for e in node["evidence"]] == ["title-organ"]
