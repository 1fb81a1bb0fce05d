import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.lexicon import words
from newsgraph.extract.known_officials import find_known_officials
from newsgraph.extract.official_lists import listed_before_title_re, listed_windows
from newsgraph.extract.officials import find_titled_officials
from newsgraph.extract.scan import finditer_near
from newsgraph.extract.titles_after_name import bracket_title_re, bracket_windows


def names(text, label="Official"):
    return [m.name for m in find_titled_officials(text) if m.label == label]


@pytest.mark.parametrize("text, expected", [
    ("区委书记孟景伟主持会议并讲话。", ["孟景伟"]),
    ("区委副书记、区长郑皓，区人大常委会主任赵玉影出席。", ["郑皓", "赵玉影"]),
    ("区委副书记，区长郑皓出席。", ["郑皓"]),                       # half-width? no: full comma
    ("区委副书记,区长郑皓出席。", ["郑皓"]),                         # half-width comma
    ("区委副书记、代区长郑皓出席。", ["郑皓"]),                       # 代 prefix
    ("区领导李先侠、吴孔安、王翔宇参加。", ["李先侠", "吴孔安", "王翔宇"]),  # enumeration
    ("副区长，区公安分局党委书记、局长谭强参加。", ["谭强"]),           # multi-title
    ("台湖镇党委书记古剑介绍。", ["古剑"]),                          # town post
    ("中仓社区党总支书记张娜说。", ["张娜"]),                        # community post
    ("河北省廊坊市副市长欧阳明出席。", ["欧阳明"]),                   # other province, compound surname
    ("王翔宇在开班式上强调。", []),                                 # no title: not found by rule 1
])
def test_titled_officials(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "本报讯（记者 金耀飞 王倚剑）近日，区委召开会议。",   # byline
    "记者 唐建/摄",                                     # photo credit
    "要深入贯彻习近平新时代中国特色社会主义思想。",          # cited leader
    "传达北京市双拥办主任会议精神。",                       # title followed by a non-name
])
def test_no_official_in_bylines_credits_and_set_phrases(text):
    assert names(text) == []


@pytest.mark.parametrize("text, person", [
    ("歌华传媒集团领导罗晓军参加。", "罗晓军"),
    ("东直门医院护理部主任刘焱介绍。", "刘焱"),
])
def test_company_and_hospital_staff_are_persons(text, person):
    assert names(text) == []
    assert names(text, "Person") == [person]


def test_titles_are_recorded_as_printed():
    m = find_titled_officials("城市副中心党工委副书记、管委会副主任、区委副书记、区长郑皓参加。")[0]
    assert m.facts.titles == ["城市副中心党工委副书记", "管委会副主任", "区委副书记", "区长"]


def test_offsets_point_at_the_printed_name():
    text = "近日，区委常委、宣传部部长侯健美主持会议。"
    m = find_titled_officials(text)[0]
    assert text[m.start:m.end] == "侯健美"


def test_known_names_are_found_without_title_longest_first():
    text = "孟景伟主持并讲话 郑皓赵玉影张德启参加"
    found = find_known_officials(text, {"孟景伟", "郑皓", "赵玉影", "张德启"})
    assert [m.name for m in found] == ["孟景伟", "郑皓", "赵玉影", "张德启"]
    assert all(text[m.start:m.end] == m.name for m in found)


@pytest.mark.parametrize("text, expected", [
    ("会上，张娜（区人大代表）介绍了情况。", [("张娜", ["区人大代表"])]),
    ("，王大明(潞城镇党委书记)表示", [("王大明", ["潞城镇党委书记"])]),
])
def test_name_then_title_in_brackets(text, expected):
    assert [(m.name, m.facts.titles) for m in find_titled_officials(text)] == expected


def test_names_listed_before_a_collective_title():
    found = find_titled_officials("区委书记孟景伟调研。吴斌、侯健美等区领导参加。")
    assert [(m.name, m.facts.titles) for m in found] == [
        ("孟景伟", ["区委书记"]), ("吴斌", ["区领导"]), ("侯健美", ["区领导"])]


# The listing and bracket patterns are scanned only near 等…领导 and brackets; they must find
# exactly what a scan of the whole text finds.
_OFFICIAL_PIECES = st.sampled_from(["吴斌", "侯健美", "欧阳明", "王", "、", "等", "区", "市", "通州区",
                                    "某某县", "领导", "负责同志", "同志", "参加", "(", ")", "区人大代表",
                                    "副区长", "，", "。", "张娜", "x", "各单位" * 12])


@settings(max_examples=300, deadline=None)
@given(st.lists(_OFFICIAL_PIECES, max_size=50).map("".join))
def test_listing_and_bracket_patterns_near_their_anchors_find_what_finditer_finds(text):
    for rx, windows in ((listed_before_title_re(), listed_windows(text)),
                        (bracket_title_re(), bracket_windows(text))):
        assert [m.span() for m in finditer_near(rx, text, windows)] == \
            [m.span() for m in rx.finditer(text)]


def test_the_longest_bracket_and_listing_matches_are_found_near_their_anchors():
    surname = max(words("surnames.txt"), key=len)
    post = max(words("posts.txt"), key=len)
    bracket = "，" + surname + "明华(" + "某" * 30 + post + ")"
    listing = "，" + "、".join(surname + "明华" for _ in range(40)) + "等某某某某县负责同志"
    for rx, windows, text in ((bracket_title_re(), bracket_windows, bracket),
                              (listed_before_title_re(), listed_windows, listing)):
        assert [m.span() for m in rx.finditer(text)] == [(1, len(text))]
        assert [m.span() for m in finditer_near(rx, text, windows(text))] == [(1, len(text))]


def test_the_titled_rules_are_a_table_a_rule_is_one_row(monkeypatch):
    """find_titled_officials runs TITLED_RULES in order; a rule left out finds nothing, and a
    new row's mentions are kept unless an earlier rule found the name."""
    from newsgraph.extract import officials

    from newsgraph.extract.types import Mention

    text = "张娜（区人大代表）发言，侯健美作汇报。区长郑皓出席。"
    assert {m.name for m in officials.find_titled_officials(text)} == {"张娜", "郑皓"}
    monkeypatch.setattr(officials, "TITLED_RULES",
                        [r for r in officials.TITLED_RULES if r[0] != "name_then_bracketed_title"])
    assert {m.name for m in officials.find_titled_officials(text)} == {"郑皓"}

    def probe(text, folded):
        at = text.index("郑皓")
        return [Mention(label="Official", name="郑", text="郑", start=at, end=at + 1, rule="probe"),
                Mention(label="Official", name="侯健美", text="侯健美", start=text.index("侯健美"),
                        end=text.index("侯健美") + 3, rule="probe")]

    monkeypatch.setattr(officials, "TITLED_RULES",
                        officials.TITLED_RULES + [("probe", probe, "overlap")])
    found = {(m.name, m.rule) for m in officials.find_titled_officials(text)}
    assert ("侯健美", "probe") in found and ("郑", "probe") not in found  # 郑皓 overlaps it
