"""Word segmentation and part-of-speech tags: the one place that calls jieba.

Two implementations of the same segmenter are installed: ``jieba`` (pure Python) and
``rjieba`` (the Rust port, ``jieba-rs``, 20–100× faster, same default dictionary).  They do not
always agree, so each function uses rjieba only where its output has been measured to equal
jieba's (``tests/extract/test_tokenize.py`` compares them on the corpus):

* :func:`cut` without HMM — identical tokens.
* :func:`cut` with HMM — identical tokens except around ASCII symbols joined to letters or digits
  (``1-7月``, ``3.5%``, ``C++``), where rjieba keeps one token and jieba splits; such texts go to
  jieba.
* :func:`pos` with HMM (what the extraction rules use) — ``jieba.posseg`` with HMM segments
  unknown words with its own character-level tagging model, so its tokens differ from
  rjieba's ``tag`` in about two paragraphs of three.  But it runs that model only on runs of
  single-character words of the dictionary route; so rjieba gives the route and its tags, and
  jieba's model re-tags the runs alone (:func:`_hmm_runs`).  Texts with ASCII letters, digits
  or ``+#&._`` (which jieba joins into Han blocks) go to jieba whole.
* :func:`pos` without HMM — rjieba's tokens and tags, except that jieba tags every run of ASCII
  letters and digits ``eng`` where rjieba tags numbers ``m``; that one difference is undone.

Once :func:`load_userdict` has added words, everything goes to jieba: rjieba's dictionary
weights are not guaranteed to follow jieba's for added words.

jieba's "Building prefix dict…" messages are silenced on import.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from itertools import chain
from typing import TypeVar

import jieba
import jieba.posseg as _pseg
import rjieba

from .posseg_hmm import hmm_tag

T = TypeVar("T")

__all__ = ["cut", "pos", "pos_from_end", "entry", "load_userdict"]

jieba.setLogLevel(logging.WARNING)

# Where jieba's HMM path and jieba-rs handle non-Han runs differently: an ASCII symbol that
# jieba's "Han" character class admits (+ # & . _ % -) next to a letter or digit.
_HMM_DIVERGES = re.compile(r"[A-Za-z0-9][+#&._%\-]|[+#&._%\-][A-Za-z0-9]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]+")

_user_words = False


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """Segment ``text`` into words, as ``jieba.lcut(text, HMM=hmm)`` does.

    Parameters
    ----------
    text : str
    hmm : bool
        Let the HMM join characters that the dictionary does not know into words.

    Returns
    -------
    list of str
        The words in order; ``"".join(cut(text)) == text``.

    Examples
    --------
    >>> cut("通州区召开区委常委会会议")
    ['通州区', '召开', '区委', '常委会', '会议']
    """
    if _user_words or (hmm and _HMM_DIVERGES.search(text)):
        return jieba.lcut(text, HMM=hmm)
    return rjieba.cut(text, hmm=hmm)


def pos(text: str, *, hmm: bool = True) -> list[tuple[str, str]]:
    """Segment and tag ``text``, as ``jieba.posseg.lcut(text, HMM=hmm)`` does.

    Parameters
    ----------
    text : str
    hmm : bool
        As for :func:`cut`; the default is jieba's.

    Returns
    -------
    list of (word, flag)
        jieba's (ICTCLAS-style) flags: ``nr`` person name, ``ns`` place, ``v`` verb, ``x``
        punctuation, ``eng`` ASCII letters or digits …

    Examples
    --------
    >>> pos("区长郑皓出席")
    [('区长', 'n'), ('郑皓', 'nrfg'), ('出席', 'v')]
    """
    if _user_words:
        return [(t.word, t.flag) for t in _pseg.lcut(text, HMM=hmm)]
    if hmm and _JOINS_HAN_BLOCKS.search(text):
        return [(t.word, t.flag) for t in _pseg.lcut(text, HMM=True)]
    plain = [(w, "eng" if _ASCII_ALNUM.fullmatch(w) else f) for w, f in rjieba.tag(text, hmm=False)]
    return _hmm_runs(plain) if hmm else plain


# Characters that jieba.posseg puts into a Han block (``re_han_internal``) besides the Han
# ideographs: with one of them the blocks, and so the runs below, are not the plain tokens'.
_JOINS_HAN_BLOCKS = re.compile(r"[a-zA-Z0-9+#&._]")


def _is_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fd5" for ch in word)


def _hmm_runs(plain: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba.posseg's HMM tagging, given its plain (dictionary route) tagging of a text whose
    Han blocks hold Han ideographs only.

    jieba.posseg with HMM (``POSTokenizer.__cut_DAG``) takes the same dictionary route as without
    it and changes only runs of two or more single-character words inside a Han block, that are
    not a dictionary word together: those it re-segments and tags with its character-level
    HMM (``__cut_detail``).  Doing exactly that to rjieba's plain tagging (equal to jieba's,
    see the module docstring) runs the pure-Python HMM on those runs alone, instead of jieba's
    whole pipeline on the whole text.  ``tests/extract/test_tokenize.py`` compares the result
    with ``jieba.posseg.lcut``.
    """
    out: list[tuple[str, str]] = []
    at = 0
    for start, end in _retagged_runs(plain):
        out += plain[at:start]
        out += hmm_tag("".join(w for w, _ in plain[start:end]))
        at = end
    out += plain[at:]
    return out


def _retagged_runs(plain: list[tuple[str, str]]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` indexes of the runs of ``plain`` that jieba's HMM re-tags: two or more
    single Han characters in a row that are not a dictionary word together."""
    start = None
    for i, (word, _flag) in enumerate(chain(plain, [("", "")])):  # the last one ends a run
        if len(word) == 1 and _is_han(word):
            if start is None:
                start = i
            continue
        if start is not None and i - start >= 2 and not jieba.dt.FREQ.get(
                "".join(w for w, _ in plain[start:i])):
            yield start, i
        start = None


def pos_from_end(text: str, reader: Callable[[list[tuple[str, str]]], tuple[T, int]]) -> T:
    """What ``reader`` makes of ``pos(text, hmm=True)``, with jieba's HMM run only where it
    could change what ``reader`` read.

    ``reader`` takes the ``[(word, flag)]`` tokens and returns ``(result, lowest)``, ``lowest``
    the lowest index it looked at (a reader walking back from the end).  The HMM
    (:func:`_hmm_runs`) changes only runs of single characters and leaves every other token
    where the dictionary route put it, so a reader that reached no such run read the same
    tokens, at the same indexes, in the plain tagging, which is a small part of the cost; only
    otherwise is the text tagged with the HMM and read again.
    """
    if _user_words or _JOINS_HAN_BLOCKS.search(text):
        return reader(pos(text, hmm=True))[0]
    plain = pos(text, hmm=False)
    result, lowest = reader(plain)
    if _run_reaches(plain, lowest):
        result, _ = reader(_hmm_runs(plain))
    return result


def _run_reaches(plain: list[tuple[str, str]], lowest: int) -> bool:
    """Whether :func:`_hmm_runs` would re-tag a run of ``plain`` that ends at or after
    ``lowest`` (a run is re-tagged from its start, so one that began earlier counts too)."""
    return any(end > lowest for _start, end in _retagged_runs(plain))


def entry(word: str) -> tuple[int, str] | None:
    """The dictionary's ``(frequency, flag)`` of ``word``, or ``None`` when it is no word of it.

    Read from rjieba's copy of jieba's default dictionary (no need to load jieba's own, which
    pass 1 does without); after :func:`load_userdict`, from jieba's.

    >>> entry("强调")
    (6318, 'v')
    >>> entry("孟景伟") is None
    True
    """
    if _user_words:
        freq = jieba.dt.FREQ.get(word)
        return (freq, _pseg.dt.word_tag_tab.get(word, "x")) if freq else None
    if not word or not rjieba.has_word(word):
        return None
    # suggest_freq of a dictionary word is its frequency + 1 (jieba-rs); its tag is tag()'s.
    tags = rjieba.tag(word, hmm=False)
    return max(rjieba.suggest_freq(word) - 1, 1), tags[0][1] if len(tags) == 1 else "x"


def load_userdict(path: str | os.PathLike) -> None:
    """Add the words of a jieba user dictionary (``word [freq] [flag]`` a line) to the segmenter.

    From then on every call goes to jieba (see the module docstring).

    Raises
    ------
    OSError
        If ``path`` cannot be read.
    """
    global _user_words
    jieba.load_userdict(os.fspath(path))
    _user_words = True
