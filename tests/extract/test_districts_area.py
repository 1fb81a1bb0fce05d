"""Issue 12, pattern 13: an article's own area, printed parents, chrome, short forms."""
import pytest

from newsgraph.extract.district_area import article_area
from newsgraph.extract.district_chrome import chrome_spans
from newsgraph.extract.district_scan import page_area_counts
from newsgraph.extract.districts import find_districts
from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles


def parents(text, home=()):
    return {(m.name, m.facts.parent) for m in find_districts(text, list(home))}


def names(text, home=()):
    return {m.name for m in find_districts(text, list(home))}


@pytest.mark.parametrize("text, expected", [
    # the chain stops at the highest division printed: no unprinted 河北省 above 邢台市
    ("邢台市临城县召开会议。", {("邢台市", None), ("临城县", "邢台市")}),
    # a skip-level link goes to the nearest printed higher division (the city is not printed)
    ("湖北省召开座谈会，松滋市、东宝区作交流发言。",
     {("湖北省", None), ("松滋市", "湖北省"), ("东宝区", "湖北省")}),
    ("四川省蓬安县举行集中开工仪式。", {("四川省", None), ("蓬安县", "四川省")}),
])
def test_parents_are_printed_divisions(text, expected):
    assert parents(text) == expected


@pytest.mark.parametrize("text, home, expected", [
    # a town of the article's own area links to it even where the area is not printed
    ("台湖镇开展活动。", ["通州区"], ("台湖镇", "通州区")),
    # a town the table lacks, in an article about its county, lies in that county
    ("会上，临城县介绍经验，石城镇作表态发言。", [], ("石城镇", "临城县")),
    # a village printed right after its town
    ("书记来到临城县赵庄镇王各庄村调研。", [], ("王各庄村", "赵庄镇")),
])
def test_parent_from_the_articles_own_area(text, home, expected):
    assert expected in parents(text, home)


@pytest.mark.parametrize("text, village", [
    ("书记先后来到对口联系的顺庆村、银鹤村和茶园村。", "顺庆村"),   # the first of a list
    ("一行深入西江镇，就西江村基本农田保护开展调研。", "西江村"),   # after 就
    ("在伊川县和南府店村的交流中。", "南府店村"),                 # 府 inside a village name
])
def test_villages_in_running_text(text, village):
    assert village in names(text)


def test_a_town_of_another_province_is_not_put_in_the_corpus_home():
    # the corpus's home only breaks ties; the article prints its own county
    got = parents("山西省昔阳县大寨村党总支书记出席。", ["通州区"])
    assert ("大寨村", "昔阳县") in got
    assert not any(p == "通州区" for _, p in got)


@pytest.mark.parametrize("text, absent", [
    ("首页 > 新闻中心 > 上海市人大\n区人大常委会召开会议。", "上海市"),      # breadcrumb
    ("发布时间：2023-01-01 来源：泉州市融媒体中心\n县领导调研。", "泉州市"),   # source line
    ("邮编：741000 地址：天水市麦积区新华路1号\n", "天水市"),                 # footer
    ("河北县区在线\n县政府召开常务会议。", "河北省"),                         # masthead
])
def test_page_chrome_names_no_district(text, absent):
    assert absent not in names(text)


@pytest.mark.parametrize("text, absent", [
    ("近日，河北工业大学党委书记到村调研。", "河北省"),       # a university's name
    ("人民日报社天津分社采访团到红桥区调研。", "天津市"),     # a medium's branch
    ("建设北京城市副中心。", "北京市"),                       # a region's name
    ("分别是武汉仟吉食品有限公司、石家庄华行供热有限公司。", "武汉市"),  # a company
    ("为社会长治久安提供保障。", "长治市"),                   # inside a word
    ("向来宾和企业家表示感谢。", "来宾市"),                   # a word, not the place
    ("打造千年古县文化品牌。", "古县"),                       # two-character county in a word
    ("促进乡村振兴。", "促进乡"),                             # 乡村 is the word
])
def test_short_forms_never_prefix_institutions(text, absent):
    assert absent not in names(text)


@pytest.mark.parametrize("text, present", [
    ("深入贯彻习近平总书记视察河北重要讲话精神。", "河北省"),   # the place in running text
    ("中国网讯 河北巨鹿县投资环境说明会召开。", "河北省"),      # before a printed county
    ("会议于10月11日在北京召开。", "北京市"),
    ("为涉县转型升级作出贡献。", "涉县"),                     # a two-character county
    ("据黔东南州人民政府网消息，", "黔东南苗族侗族自治州"),    # 自治州 printed as X州
    ("东丽区党政代表团来宁河县参观考察。", "宁河区"),          # a renamed county's old name
])
def test_short_forms_of_the_place_itself(text, present):
    assert present in names(text)


@pytest.mark.parametrize("text", [
    "选举产生街道第一届妇联执委会。",
    "这些成绩离不开街道各级领导的支持。",
    "表彰了十大杰出村官。",
    "把村庄和周边村寨的风貌统一起来。",
    "书记调研“三联三同”联系村。",
    "石头社区查看社区安全情况。",
])
def test_phrases_before_a_suffix_are_no_districts(text):
    assert not [m for m in find_districts(text, []) if m.rule == "suffix" and m.name not in
                ("石头社区",)]


def test_article_area_prefers_the_article_over_the_page():
    ds = find_districts("海淀区召开会议。", [])
    assert article_area(ds, ["通州区"]) == "海淀区"
    assert article_area(find_districts("区政协召开会议。", []), ["通州区"]) == "通州区"
    assert article_area(find_districts("区政协召开会议。", []), []) is None


def test_masthead_gives_the_page_area_but_no_mention():
    text = "大兴报  要闻  第2版\n本报讯 区政协召开议政会。"
    assert page_area_counts(text).get("大兴区", 0) >= 100
    assert chrome_spans(text)[0] == (0, len("大兴报  要闻  第2版"))
    assert "大兴区" not in names(text)


def test_a_shanghai_article_in_a_tongzhou_corpus_stays_in_shanghai():
    art = read_articles("本报讯 3月20日，虹口区人大常委会召开第二十八次会议。", "x.txt")[0]
    ext = extract_article(art, CorpusContext(home=("通州区",), areas={"x.txt": ("虹口区",)}))
    located = {r.target[1] for r in ext.relations if r.type == "LOCATED_IN"}
    assert located == {"虹口区"}
