"""rjieba against jieba: :mod:`newsgraph.extract.tokenize` must give exactly jieba's output.

The corpus paragraphs (normalised and folded, as the rules see them) and a few constructed
lines with the forms where the two segmenters are known to part (ASCII symbols joined to digits
or letters) are segmented both ways.
"""
import re
from pathlib import Path

import jieba
import jieba.posseg as pseg
import pytest
import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract import tokenize
from newsgraph.extract.normalize import fold
from newsgraph.extract.pipeline import read_articles
from newsgraph.extract.reader import iter_sources

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

CONSTRUCTED = [
    "1-7月，全区接诉即办响应率100%，解决率提升3.5个百分点。",
    "2023-2024学年度第一学期开学典礼在潞河中学举行。",
    "区委书记孟景伟主持会议并讲话，区长郑皓出席。",
    "C++与Python培训班开班，A_B#1、R&D中心、e.g.样例。",
    "新华街道京贸国际城社区“12345”热线工单同比下降12.5%。",
    "副区长李先侠到宋庄艺术创意小镇调研。",
]


def _paragraphs() -> list[str]:
    out = list(CONSTRUCTED)
    if CORPUS.is_dir():
        for src in iter_sources([CORPUS]):
            for art in read_articles(src.text, src.name):
                for para in art.text.split("\n\n"):
                    if para.strip():
                        out += [para, fold(para)]
    return out


PARAGRAPHS = _paragraphs()


@pytest.fixture(scope="module")
def paragraphs():
    if len(PARAGRAPHS) < 100:
        pytest.skip("../shared/corpus is not beside the repo")
    return PARAGRAPHS


@pytest.mark.parametrize("hmm", [True, False])
def test_cut_equals_jieba(paragraphs, hmm):
    differ = [p for p in paragraphs if tokenize.cut(p, hmm=hmm) != jieba.lcut(p, HMM=hmm)]
    assert not differ, differ[:3]


@pytest.mark.parametrize("hmm", [True, False])
def test_pos_equals_jieba_posseg(paragraphs, hmm):
    want = lambda p: [(t.word, t.flag) for t in pseg.lcut(p, HMM=hmm)]  # noqa: E731
    differ = [p for p in paragraphs if tokenize.pos(p, hmm=hmm) != want(p)]
    assert not differ, differ[:3]


def test_rjieba_cut_without_hmm_is_jieba(paragraphs):
    """The measurement behind routing :func:`cut` without HMM to rjieba."""
    assert all(rjieba.cut(p, hmm=False) == jieba.lcut(p, HMM=False) for p in paragraphs)


def test_rjieba_cut_with_hmm_parts_only_at_ascii_symbols(paragraphs):
    """rjieba with HMM equals jieba on text without an ASCII symbol next to a letter or digit;
    the constructed lines show that the guard is needed."""
    plain = [p for p in paragraphs if not tokenize._HMM_DIVERGES.search(p)]
    assert len(plain) > len(paragraphs) // 2
    assert all(rjieba.cut(p) == jieba.lcut(p) for p in plain)
    assert any(rjieba.cut(p) != jieba.lcut(p) for p in CONSTRUCTED[:2])


def test_rjieba_tag_is_not_jieba_posseg_with_hmm(paragraphs):
    """Why :func:`pos` with HMM (the rules' setting) stays on jieba: the tokens differ."""
    differ = sum(rjieba.tag(p) != [(t.word, t.flag) for t in pseg.lcut(p)] for p in paragraphs)
    assert differ > 0


def test_words_join_back_to_the_text(paragraphs):
    for p in paragraphs[:50]:
        assert "".join(tokenize.cut(p)) == p
        assert "".join(w for w, _ in tokenize.pos(p)) == p


def test_pos_with_hmm_equals_jieba_on_the_rules_windows(paragraphs):
    """The rules tag short windows (a clause's last 32 characters); most take the rjieba path
    (HMM on single-character runs only), and all must tag exactly as jieba.posseg with HMM."""
    windows = [c[-32:] for p in paragraphs for c in re.split(r"[，,。；;：:、\n]", p) if c]
    fast = [w for w in windows if not tokenize._JOINS_HAN_BLOCKS.search(w)]
    assert len(fast) > len(windows) * 3 // 4  # the fast path is really taken
    for w in windows:
        assert tokenize.pos(w) == [(t.word, t.flag) for t in pseg.lcut(w, HMM=True)], w


# Texts made of dictionary words, single characters that form runs (some of them words
# together, 的确), punctuation and spaces: the rjieba path must still be jieba.posseg's HMM.
_POS_PIECES = st.sampled_from(["通州", "区", "的", "确", "了", "副", "区长", "郑", "皓", "出席", "，", "。",
                               " ", "\n", "“", "”", "宋", "庄", "艺", "术", "小镇", "梨园", "镇",
                               "张", "家", "湾", "、", "〇", "着", "将", "于"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_POS_PIECES, max_size=40).map("".join))
def test_pos_with_hmm_equals_jieba_posseg_on_generated_text(text):
    assert tokenize.pos(text) == [(t.word, t.flag) for t in pseg.lcut(text, HMM=True)]


# Runs of common characters (many states each), rare ones, ones the model has never seen
# (every state), and repeated ones (ties).
_HMM_CHARS = st.sampled_from(list("的一是在了有和人这中大为上个国到地于出就分对成会可主发年动同工能下") +
                             list("鼋鼍龃龉犇猋䶮㐀耄耋") + ["\u9fd0", "\u9fd5", "\u4e00"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_HMM_CHARS, min_size=1, max_size=14).map("".join))
def test_hmm_viterbi_is_jiebas_decoder(run):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    from newsgraph.extract.posseg_hmm import viterbi

    assert viterbi(run) == jieba_viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)


def _last_words(k):
    """A reader of the last ``k`` tokens, as the project rule reads a clause from its end."""
    def read(tokens):
        lowest = max(0, len(tokens) - k)
        return tokens[lowest:], lowest
    return read


@settings(max_examples=300, deadline=None)
@given(st.lists(_POS_PIECES, max_size=40).map("".join), st.integers(min_value=0, max_value=12))
def test_pos_from_end_reads_what_it_would_read_in_the_hmm_tagging(text, k):
    """The lazy tagging: the HMM only where the reader reached a run of single characters,
    and the reader sees exactly the tokens of ``pos(text, hmm=True)`` wherever it looked."""
    assert tokenize.pos_from_end(text, _last_words(k)) == _last_words(k)(tokenize.pos(text))[0]


def test_pos_from_end_skips_the_hmm_only_where_no_run_is_read(monkeypatch):
    calls = []
    real = tokenize._hmm_runs
    monkeypatch.setattr(tokenize, "_hmm_runs", lambda plain: calls.append(1) or real(plain))
    text = "宋庄艺术小镇"  # plain: 宋/庄/艺术/小镇, and the run 宋庄 the HMM joins
    assert tokenize.pos_from_end(text, _last_words(2)) == [("艺术", "n"), ("小镇", "nr")]
    assert calls == []  # the last two words: no run reached, no HMM
    assert tokenize.pos_from_end(text, _last_words(3)) == [("宋庄", "nr"), ("艺术", "n"),
                                                           ("小镇", "nr")]
    assert calls == [1]
