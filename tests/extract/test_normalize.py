import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.normalize import (_FOLD_TABLE, fold, is_doubled_line, normalize_text,
                                        undouble_line)


@pytest.mark.parametrize("raw, expected", [
    ("历经一年建设历经一年建设，，北京城市副中心数字化北京城市副中心数字化", "历经一年建设，北京城市副中心数字化"),
    ("产生订单产生订单318318笔笔。。", "产生订单318笔。"),
    ("本报记者本报记者 刘薇刘薇", "本报记者 刘薇"),
    ("推进推进““三大三强三大三强””答好答好", "推进“三大三强”答好"),
])
def test_undouble_bold_pdf_runs(raw, expected):
    assert undouble_line(raw) == expected


@pytest.mark.parametrize("line", [
    "孟景伟强调，要树牢改革创新的意识，将副中心建设成为",
    "研究研究再研究",  # reduplication in ordinary prose
    "区委书记孟景伟主持会议并讲话",
])
def test_ordinary_lines_are_not_undoubled(line):
    assert not is_doubled_line(line)
    assert undouble_line(line) == line


@pytest.mark.parametrize("raw, expected", [
    # a sentence broken at the column width
    ("区委书记孟景伟主持会议并讲话，强\n调要深入贯彻。", "区委书记孟景伟主持会议并讲话，强调要深入贯彻。"),
    # broken across a blank line (page column break): the previous line is full and unfinished
    ("要拿出跳起摸高的劲头，继续推动“三大三强”活\n\n动走深走实，并与下半年主题教育有机衔接。",
     "要拿出跳起摸高的劲头，继续推动“三大三强”活动走深走实，并与下半年主题教育有机衔接。"),
    # a finished paragraph stays apart from the next
    ("会议召开。\n\n孟景伟指出，要坚持。", "会议召开。\n\n孟景伟指出，要坚持。"),
    # stacked headlines stay on their own lines
    ("通州区半年工作会议召开\n\n孟景伟主持并讲话 郑皓出席", "通州区半年工作会议召开\n\n孟景伟主持并讲话 郑皓出席"),
    # spaced-out headline
    ("坚 持 惠 民 利 企 优 政 兴 业", "坚持惠民利企优政兴业"),
    # space between a number and CJK inside running text
    ("通州区召开2023 年双拥工作领导小组会，是纪念延安双拥运动 80周年的重要活动。",
     "通州区召开2023年双拥工作领导小组会，是纪念延安双拥运动80周年的重要活动。"),
    # Windows and old Mac line endings
    ("第一段。\r\n\r\n第二段。\r第三段。", "第一段。\n\n第二段。第三段。"),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_markdown_heading_never_joins_the_next_paragraph():
    out = normalize_text("# 通州区召开月度工作点评会\n\n孟景伟主持并点评 郑皓参加\n\n本报讯(记者 陶涛)近日,通州区召开会议。")
    assert out.split("\n\n")[0] == "# 通州区召开月度工作点评会"


@pytest.mark.parametrize("text", ["本报讯（记者 陶涛），２０２３年", "half,width;mix：全角", "「引号」"])
def test_fold_keeps_length_and_unifies_punctuation(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert "（" not in folded and "，" not in folded and "２" not in folded


def test_prose_cut_by_a_blank_line_after_a_short_line_goes_on():
    raw = "会议指出，区委副书记、区长李学\n\n军，区人大常委会主任刘振东出席。\n\n顺义区召开招商引资工作调度会"
    assert normalize_text(raw) == ("会议指出，区委副书记、区长李学军，区人大常委会主任刘振东出席。\n\n"
                                   "顺义区召开招商引资工作调度会")


# Long texts are folded through a numpy lookup array, short ones through str.translate: both
# must give the table's mapping, astral characters and lone surrogates included.
_FOLD_ALPHABET = st.sampled_from(list("，。（）２Ａｚ　「」『』！～abc12 通州区\n") + ["\U00020000", "\ud800"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_FOLD_ALPHABET, min_size=0, max_size=700).map("".join))
def test_fold_equals_the_translation_table_at_any_length(text):
    assert fold(text) == text.translate(_FOLD_TABLE)
