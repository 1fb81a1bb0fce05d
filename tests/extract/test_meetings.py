import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.meeting_groups import merge_meeting_mentions, similar_names
from newsgraph.extract.meetings import find_meetings, meeting_patterns, trigger_anchors
from newsgraph.extract.officials import find_titled_officials
from newsgraph.extract.lexicon import words
from newsgraph.extract.scan import finditer_near, windows_around


def meeting_names(text):
    offs = find_titled_officials(text)
    groups = merge_meeting_mentions(find_meetings(text, offs))
    return [max(g, key=lambda m: (not m.facts.generic, len(m.name))).name for g in groups]


@pytest.mark.parametrize("text, expected", [
    ("昨天下午，通州区半年工作会议召开。", ["通州区半年工作会议"]),
    ("昨天下午，通州区召开月度工作点评会，新华街道作发言。", ["通州区月度工作点评会"]),
    ("近日，在北京中医药大学东直门医院举办的“新时代京津冀中医药协同发展大会”上，专家发言。",
     ["新时代京津冀中医药协同发展大会"]),
    ("日前，通州区第五届“社区邻里节”开幕式在运河公园举行。", ["通州区第五届“社区邻里节”开幕式"]),
    ("区委书记孟景伟到区水务局调研。", ["孟景伟到区水务局调研"]),
    # an unnamed 座谈会 during a visit is folded into the visit
    ("区委书记孟景伟到区水务局调研。现场调研后，孟景伟在区水务局召开座谈会，听取汇报。",
     ["孟景伟到区水务局调研"]),
    # a bare 座谈会 takes its convener as name
    ("通州区与歌华传媒召开座谈会。", ["通州区与歌华传媒座谈会"]),
])
def test_meetings(text, expected):
    assert meeting_names(text) == expected


@pytest.mark.parametrize("text", [
    "郑皓传达了全市半年工作会议精神。",     # relayed, not attended
    "要深入贯彻区委七届八次全会精神。",
    "下一步将加强统筹协调。",
])
def test_relayed_or_no_meeting(text):
    assert meeting_names(text) == []


def test_same_meeting_twice_in_an_article_is_one():
    text = "通州区半年工作会议召开\n\n昨天下午，通州区半年工作会议召开。会议以视频形式召开。"
    assert meeting_names(text) == ["通州区半年工作会议"]


@pytest.mark.parametrize("a, b, same", [
    ("通州区半年工作会议", "半年工作会议", True),
    ("通州区“两区”工作领导小组全体会议", "通州区“两区”工作领导小组2023年第一次全体会议", True),
    ("数智城市建设现场推进会", "通州区月度工作点评会", False),
])
def test_similar_names(a, b, same):
    assert similar_names(a, b) is same


@pytest.mark.parametrize("text, expected", [
    ("区委书记孟景伟在潞城镇调研时强调，要加快建设。", ["孟景伟到潞城镇调研"]),
    ("区委书记孟景伟在会上围绕主题到区水务局调研。", ["孟景伟到区水务局调研"]),
    ("区政府召开第45次常务会议。", ["区政府第45次常务会议"]),
])
def test_more_meeting_forms(text, expected):
    assert meeting_names(text) == expected


# The trigger patterns are scanned only before trigger words; they must find exactly what a scan
# of the whole text finds.  Texts are built from pieces that make the patterns match, overlap
# and fail (names, suffixes, triggers, clause marks, venues, long runs).
_PIECES = st.sampled_from(["通州区", "半年工作", "会议", "座谈会", "培训班", "召开", "举行", "开班",
                           "开幕", "召开幕", "暨", "启动仪式", "在区行政中心", "正式", "，", "。", ",",
                           "“", "”", "活动", "专题", "的", "x" * 90, "各单位" * 30])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_trigger_patterns_near_their_triggers_find_what_finditer_finds(text):
    before, after, venue, quoted, last, course = meeting_patterns()
    after_anchor, after_reach, course_anchor, course_reach = trigger_anchors()
    for rx, anchor, reach in ((after, after_anchor, after_reach),
                              (course, course_anchor, course_reach)):
        near = finditer_near(rx, text, windows_around(anchor, text, reach, 8))
        assert [m.span("n") for m in near] == \
            [m.span("n") for m in rx.finditer(text)]


def test_the_longest_possible_trigger_matches_are_found_near_their_triggers():
    """Every optional part at its longest: an 80-character name, the longest suffix, a
    30-character 暨 part, a closing quote, a comma, a 20-character venue and an adverb."""
    before, after, venue, quoted, last, course = meeting_patterns()
    after_anchor, after_reach, course_anchor, course_reach = trigger_anchors()
    suffix = max(words("meeting_suffixes.txt"), key=len)
    longest_after = "。" + "甲" * 80 + suffix + "暨" + "乙" * 30 + "”，在" + "丙" * 20 + "正式召开"
    longest_course = "。" + "甲" * 60 + "培训班”在" + "丙" * 20 + "正式开班"
    for rx, anchor, reach, text in ((after, after_anchor, after_reach, longest_after),
                                    (course, course_anchor, course_reach, longest_course)):
        whole = [m.span() for m in rx.finditer(text)]
        assert whole == [(1, len(text))]
        assert [m.span() for m in finditer_near(rx, text, windows_around(anchor, text, reach, 8))
                ] == whole
