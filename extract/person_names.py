"""Person names: the surname list, what a name may be made of, and jieba's word list.

A name is a surname from ``data/surnames.txt`` (single or compound) and one or two characters
(:func:`valid_name`), and it must be plausible (:func:`plausible_name`): not a function word or
a common word of jieba's dictionary.  Where a name ends is decided in
:mod:`~newsgraph.extract.name_boundaries`; the rules that find officials are listed in
:mod:`~newsgraph.extract.officials`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import words

__all__ = ["NAME_STOP", "CITED", "surnames", "surname_pattern", "surname_regex", "all_han",
           "is_han", "valid_name", "plausible_name", "common_noun", "is_verb",
           "is_dictionary_word", "weak_reading", "jieba_name", "no_words"]

# Characters that never stand in a given name (after the surname): particles, pronouns and the
# characters of organisation and post words (区, 委, 局 …).  Characters that do occur in real
# given names (会, 全, 道, 书, 长, 和, 为, 其, 本: 刘会新, 张光全, 纪道清, 侯书文, 刘长勇, 魏和胜,
# 孙其军, 余本军) are not here:
# where they also end a name (吕保和、) the list structure and the boundary after the name decide.
NAME_STOP = set("的了在是等各区市镇局委部党办处室组院校厅司省县乡村街政府记主副"
                "与及或并对从向将把被这那该此个名位们")
# A name followed by one of these cites a leader's thought or words (…新时代中国特色社会主义
# 思想, …重要论述): no mention of an official at the event.
CITED = re.compile(r"(?:新时代|思想|重要讲话|重要论述|重要指示|重要批示|回信|同志关于|关于|总书记)")
# jieba tags of words that are never a person's name (prepositions, conjunctions, adverbs,
# pronouns, particles, numerals, measure words, locality words, time words, idioms).
_FUNCTION_TAGS = frozenset({"p", "c", "d", "ad", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                            "m", "mq", "q", "f", "t", "tg", "y", "e", "o", "l", "i", "zg", "dg"})
_COMMON_WORD_FREQ = 3000   # a non-name dictionary word this frequent is no name (权利, 强调)
# Verbs and adjectives are no names from a lower frequency on (查看现场, 应邀出席, 严肃): a
# title is often the subject of the verb after it (局长查看现场).  Rarer ones stay possible
# names (甘露, a real 社区党支部书记).
_VERB_TAGS = frozenset({"v", "vn", "vd", "a", "an", "ad", "vg", "ag"})
_COMMON_VERB_FREQ = 300
_WEAK_SURNAME_FREQ = 20000  # a surname this frequent as a function word (和, 向, 于, 从, 都)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The surnames of ``data/surnames.txt`` (《百家姓》 and common modern ones; single and
    compound: 张, 欧阳)."""
    return frozenset(words("surnames.txt"))


@lru_cache(maxsize=1)
def surname_pattern() -> str:
    """The surnames as a regex: compound ones first, then one class of the single ones (a
    500-way alternation costs the regex compiler and engine far more than a class)."""
    names = sorted(set(words("surnames.txt")), key=len, reverse=True)
    compound = [re.escape(n) for n in names if len(n) > 1]
    single = "".join(n for n in names if len(n) == 1)
    return "(?:" + "|".join(compound + [f"[{single}]"]) + ")"


@lru_cache(maxsize=1)
def surname_regex() -> re.Pattern:
    """:func:`surname_pattern` compiled: ``surname_regex().match(folded, pos)`` is the
    surname that starts at ``pos``, compound ones first (``data/surnames.txt``)."""
    return re.compile(f"(?:{surname_pattern()})")


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def all_han(s: str) -> bool:
    """True when ``s`` is one or more ideographs of U+4E00–U+9FFF and nothing else."""
    return _HAN.fullmatch(s) is not None


def is_han(ch: str) -> bool:
    """True when the character ``ch`` is an ideograph of U+4E00–U+9FFF (the names' range;
    narrower than :func:`newsgraph.extract.normalize.is_cjk`)."""
    return "\u4e00" <= ch <= "\u9fff"



def valid_name(name: str) -> bool:
    """The shape of a name: two to four ideographs, none after the first in
    :data:`NAME_STOP` (区, 委, 的 …).  Whether it is a word instead: :func:`plausible_name`."""
    return (2 <= len(name) <= 4 and all_han(name)
            and not any(c in NAME_STOP for c in name[1:]))


@lru_cache(maxsize=4096)
def plausible_name(name: str, strict: bool = False) -> bool:
    """Whether ``name`` (surname and given name) can be a person's name and not a word.

    jieba's dictionary decides: a dictionary word that is not tagged as a name (``nr…``) is no
    name when it is a function word (关于, 马上), a common word (权利, 强调: frequency ≥
    3000) or, with ``strict`` (after a collective title such as 区领导, where a verb follows
    as often as a name), any word at all.
    """
    from .tokenize import entry  # lazy: the tokenizer's tables

    e = entry(name)
    if e and not e[1].startswith("nr"):
        freq, tag = e
        if (strict or tag in _FUNCTION_TAGS or freq >= _COMMON_WORD_FREQ
                or (tag in _VERB_TAGS and freq >= _COMMON_VERB_FREQ)):
            return False
    return True


def common_noun(word: str) -> bool:
    """A frequent dictionary word that is no name or place (居民, 群众, 大会)."""
    from .tokenize import entry

    e = entry(word)
    return bool(e) and e[0] >= 1000 and not e[1].startswith(("nr", "ns", "nz"))


def is_verb(word: str) -> bool:
    """True when jieba's dictionary tags ``word`` a verb or an adjective (参加, 宣誓)."""
    from .tokenize import entry

    e = entry(word)
    return bool(e) and e[1] in _VERB_TAGS


def is_dictionary_word(name: str) -> bool:
    """True when ``name`` is a word of jieba's dictionary not tagged as a name (甘露, 文献):
    such a name is an official where a title introduces it, but it is not looked for in other
    articles (:func:`~newsgraph.extract.known_officials.find_known_officials`), where the word
    is far more likely than the name."""
    from .tokenize import entry

    e = entry(name)
    return bool(e) and not e[1].startswith("nr")


@lru_cache(maxsize=1024)
def _weak_surname(ch: str) -> bool:
    """A surname that is also a frequent function word (和, 向, 于, 从, 都, 任)."""
    from .tokenize import entry

    e = entry(ch)
    return bool(e) and e[1] in ("p", "c", "d", "r", "u") and e[0] >= _WEAK_SURNAME_FREQ


def weak_reading(folded: str, pos: int) -> bool:
    """True when the surname at ``pos`` is a function word and jieba reads it as one there
    (和新任…, 向大会作…), not as the start of a name (和志强与…)."""
    if not _weak_surname(folded[pos]):
        return False
    tokens = _first_word(_han_run(folded, pos, 8))
    return bool(tokens) and tokens[0] == folded[pos] and not tokens[1].startswith("nr")


def _han_run(folded: str, pos: int, size: int) -> str:
    """The ideographs from ``pos`` on, at most ``size``: jieba segments each run of them apart,
    so its first words are the same, and a window without digits or letters stays on rjieba's
    path (``tokenize.pos``) instead of loading jieba's own dictionary."""
    m = _HAN.match(folded, pos, pos + size)
    return m.group(0) if m else ""


def jieba_name(folded: str, pos: int) -> str | None:
    """The name of two or three characters that jieba reads at ``pos`` of the folded text
    (its first word there, tagged ``nr…``), or ``None``."""
    first = _first_word(_han_run(folded, pos, 8))
    if first and first[1].startswith("nr") and 2 <= len(first[0]) <= 3:
        return first[0]
    return None


@lru_cache(maxsize=8192)
def _first_word(run: str) -> tuple[str, str] | None:
    """jieba's first word of a run of ideographs and its tag (HMM on), or ``None``.  Cached:
    pass 2 asks again about the runs pass 1 asked about."""
    if not run:
        return None
    from .tokenize import pos as pos_tags  # lazy: only for names the boundary rule cannot settle

    # jieba's HMM re-reads only runs of one-character words: when the dictionary's route
    # already starts with a longer word, that word stands (and the HMM is not needed).
    plain = pos_tags(run, hmm=False)
    tokens = plain if plain and len(plain[0][0]) > 1 else pos_tags(run)
    return tokens[0] if tokens else None

def no_words(item: str, places: bool = False) -> bool:
    """True when jieba finds no dictionary word of two or more characters in ``item`` other
    than a name: a name without a listed surname (庆兆珅, 达桑阿米) is made of single
    characters or name words."""
    from .tokenize import pos as pos_tags

    names = ("nr", "ns") if places else ("nr",)  # 扎西 is tagged a place
    return all(len(w) == 1 or f.startswith(names) for w, f in pos_tags(item, hmm=False))
