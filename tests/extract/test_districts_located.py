"""Issue 12, patterns 11 and 13: LOCATED_IN of meetings and projects from the article's own
area, never the visiting group's home or the corpus's majority."""
import pytest

from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles
from newsgraph.extract.types import MeetingRef


def located(text, home=(), areas=None):
    art = read_articles(text, "t.txt")[0]
    ctx = CorpusContext(home=tuple(home), areas=areas if areas is not None else {})
    ext = extract_article(art, ctx)
    names = {MeetingRef(i): max(g, key=lambda m: len(m.name)).name for i, g in enumerate(ext.meetings)}
    return {(names[r.source] if isinstance(r.source, MeetingRef) else r.source[1], r.target[1])
            for r in ext.relations
            if r.type == "LOCATED_IN"}


def test_a_delegations_home_is_not_the_venue():
    got = located("本报讯 7月4日，东丽区党政代表团来宁河县参观考察。考察团一行先后来到青石湾郊野公园、"
                  "凤岭水库等地。")
    assert ("青石湾郊野公园", "宁河区") in got or ("青石湾郊野公园", "宁河县") in got
    assert not any(t == "东丽区" for s, t in got if s != "东丽区")


def test_a_county_paper_article_is_not_placed_in_the_corpus_home():
    got = located("本报讯 3月20日，虹口区人大常委会召开第二十八次会议。", home=("通州区",),
                  areas={"t.txt": ("虹口区",)})
    assert {t for _, t in got} == {"虹口区"}


@pytest.mark.parametrize("text, expected", [
    # a division printed inside the name, the last one
    # a work placed by 位于
    ("本报讯 据了解，柳河第三再生水厂位于礼贤镇，总投资约6亿元。", ("柳河第三再生水厂", "礼贤镇")),
    # the subject of its sentence
    ("本报讯 会上，西集镇要加快打造国际种业科技园区建设。", ("国际种业科技园区", "西集镇")),
])
def test_project_places(text, expected):
    assert expected in located(text, home=("通州区",))


def test_a_plan_of_the_province_does_not_place_the_areas_meeting():
    got = located("本报讯 10月24日，朝阳区人大常委会第七次会议召开。会议听取了区政府关于实施"
                  "《北京市居家养老服务条例》情况的报告，在完成北京市养老服务示范区建设的同时。")
    meeting_places = {t for s, t in got if "会议" in s}
    assert meeting_places == {"朝阳区"}


def test_parents_stop_at_the_printed_chain():
    got = located("本报讯 河北省宁晋县贾家口镇黄儿营西村举行活动。")
    assert ("宁晋县", "河北省") in got and ("贾家口镇", "宁晋县") in got
    assert ("黄儿营西村", "贾家口镇") in got
    assert not any(t == "邢台市" for _, t in got)  # the city is not printed


def test_a_tour_of_works_is_also_in_the_division_it_names():
    got = located("本报讯 10月9日，区委常委、宣传部部长李明到林校路街道调研。李明一行先后来到火神庙社区、"
                  "市场路城市更新项目，实地察看。", home=("大兴区",))
    visit = {t for s, t in got if s.startswith("李明")}
    # Each visited site at the most specific division printed for it (DECISIONS.md).
    assert "火神庙社区" in visit
