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
  unknown words with its own tagging model, so its tokens differ from rjieba's ``tag`` in about
  two paragraphs of three; but it runs that model only on runs of single-character words, so
  a text whose plain tagging has no such run (and no ASCII) gets rjieba's plain tagging, which
  is then exactly jieba's (on the corpus, about three in five of the rules' windows).
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

import jieba
import jieba.posseg as _pseg
import rjieba

__all__ = ["cut", "pos", "load_userdict"]

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
    plain = [(w, "eng" if _ASCII_ALNUM.fullmatch(w) else f) for w, f in rjieba.tag(text, hmm=False)]
    if hmm and not _hmm_free(plain, text):
        return [(t.word, t.flag) for t in _pseg.lcut(text, HMM=True)]
    return plain


def _hmm_free(tokens: list[tuple[str, str]], text: str) -> bool:
    """True when jieba's HMM would not touch ``text``, so its HMM tagging equals the plain one.

    jieba.posseg (``__cut_DAG``) runs the HMM only on a run of two or more single-character
    words of the dictionary route; without such a run, and without ASCII (which the two modes
    group differently), both modes yield the same words and tags.  Checking this on rjieba's
    plain tagging (equal to jieba's, see the module docstring) lets most texts skip the HMM.
    """
    if not text.isascii() and any(ch.isascii() and ch.isalnum() for ch in text):
        return False
    if text.isascii():
        return False
    run = 0
    for word, _ in tokens:
        run = run + 1 if len(word) == 1 else 0
        if run >= 2:
            return False
    return True


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
