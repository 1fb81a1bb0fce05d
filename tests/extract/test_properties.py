"""Property tests: extraction never raises on arbitrary text, and offsets are always valid."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.normalize import fold, normalize_text
from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles

# Text that looks like the genre: CJK, the genre's words and punctuation, digits, spaces, lines.
GENRE = st.lists(st.one_of(
    st.sampled_from(["区委书记", "孟景伟", "主持", "讲话", "出席", "、", "，", "。", "\n", "\n\n",
                     "召开", "会议", "座谈会", "通州区", "潞城镇", "社区", "村", "本报讯（记者 张三）",
                     "“", "”", "（", "）", "工程", "项目", "到", "调研", "## ", " ", "2023年",
                     # traditional script (matched on a simplified copy of the same length)
                     "縣委書記", "劉宗斌", "主持會議並講話", "梨園鎮", "項目"]),
    st.text(min_size=1, max_size=5)), max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GENRE)
def test_extraction_never_raises_and_offsets_are_valid(text):
    context = CorpusContext(known_officials=frozenset({"孟景伟"}), home=("通州区",))
    for art in read_articles(text, "fuzz.txt"):
        ext = extract_article(art, context)
        n = len(art.text)
        for m in ext.mentions:
            assert 0 <= m.start <= m.end <= n
            assert art.text[m.start:m.end] == m.text
        for r in ext.relations:
            assert 0 <= r.start <= r.end <= n


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_normalize_and_fold_never_raise(text):
    out = normalize_text(text)
    assert len(fold(out)) == len(out)
