"""How jieba reads the text around a district candidate: whether a stem or a short form names a
place, or is a word, a phrase or the prefix of an institution's name.

The dictionary is jieba's (word frequencies and part-of-speech tags, ``ns`` for place names);
the word lists are ``data/district_stem_stopwords.txt``.  Used by the gazetteer scan
(:mod:`newsgraph.extract.district_scan`) and the suffix and short-form rules of
:func:`newsgraph.extract.districts.find_districts`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import words

__all__ = ["is_word", "straddles", "aligned", "descriptive_stem", "nounish", "printed_as_place"]

# Dictionary tags of words that describe or act rather than name (离不开街道, 十大杰出村, 周边村).
_DESCRIPTIVE_TAGS = {"v", "vd", "a", "ad", "f", "t", "d", "p", "c", "u", "r", "m", "j", "q"}


def descriptive_stem(stem: str, after_district: bool) -> bool:
    """True if a suffix stem is a phrase rather than a place name: a designation word from
    ``data/district_stem_stopwords.txt`` (联系村, 新任街道, 部分镇), or a dictionary word tagged as a
    verb, adjective, locality, time, numeral or function word (选举产生街道, 周边村, 十大杰出村).  A
    single such word printed right under its town stays (开边镇解放村)."""
    from .tokenize import cut

    stops = words("district_stem_stopwords.txt")
    if any(stem.startswith(w) or stem.endswith(w) for w in stops):
        return True
    tab = _dictionary()[1]
    tokens = cut(stem)
    if after_district and len(tokens) == 1:
        return False
    # Locality, time and measure words only where they open the stem (周边村, not 爨底下村).
    return any(len(t) >= 2 and t != "各庄" and (tab.get(t) in _DESCRIPTIVE_TAGS - {"f", "t", "m", "q"} or (
        i == 0 and tab.get(t) in _DESCRIPTIVE_TAGS)) for i, t in enumerate(tokens))


def nounish(stem: str) -> bool:
    """True if jieba tags every token of ``stem`` as a noun (n, ns, nr, nz, nt, nrt)."""
    from .tokenize import pos

    return all(flag in ("n", "ns", "nr", "nz", "nt", "nrt", "nrfg", "j") for _, flag in pos(stem))


_NOUN_TAGS = {"n", "nt", "nz", "ng", "nr", "nrt", "nrfg", "j", "eng", "vn", "an", "ns", "s"}


def printed_as_place(folded: str, start: int, end: int, gaz, county_ok: bool) -> bool:
    """A bare short form (北京, 河北) or a two-character county (涉县) names the place itself
    only where jieba reads it as a word of its own and no name of an institution, company or
    medium follows it (北京城市副中心, 河北工业大学, 天津分社, 石家庄华行供热): the next token is
    no noun, or is itself a division (河北巨鹿县, 重庆秀山).

    ``folded[start:end]`` is the candidate in the folded text, ``gaz`` the gazetteer
    (:func:`~newsgraph.extract.gazetteer.load_gazetteer`); ``county_ok``: the candidate is a
    county the article prints in full or the paper's own, so that jieba need not tag it ``ns``.
    """
    from .tokenize import pos

    if start > 0 and folded[start - 1] in "(（" and folded[end:end + 1] in ")）":
        return False  # 清控文创（北京）文化: a company's seat in its name
    lo = max(0, start - 6)
    window = folded[lo:min(len(folded), end + 8)]
    tokens = pos(window, hmm=False)
    # Unknown words (a company's coined name: 苏州超邦涂料) come out as single characters
    # without jieba's HMM; only then is the slower tagging worth it.
    at = lo
    for w, _ in tokens:
        if at >= end:
            if len(w) == 1 and "\u4e00" <= w <= "\u9fff":
                tokens = pos(window)
            break
        at += len(w)
    at, i, k = lo, 0, None
    for i, (w, flag) in enumerate(tokens):
        if at == start:
            k = i
            break
        at += len(w)
    if k is None:
        return False
    # The token(s) from start must end exactly at end.
    at, j = start, k
    while j < len(tokens) and at < end:
        at += len(tokens[j][0])
        j += 1
    if at != end:
        return False
    word, flag = tokens[k]
    if _ZONE_AFTER.match(folded, end) and j - k == 1:
        return True  # 天水经济技术开发区, 廊坊开发区: a zone printed with its city
    prev_word = tokens[k - 1][0] if k > 0 else ""
    if j - k == 1 and flag not in ("ns",) and not county_ok and prev_word not in _PLACE_BEFORE:
        return False  # 来宾, 长治久安: a word that is no place name here (but 对天水, 来天水)
    if end - start == 2 and gaz.is_full_name(folded[start:end]):
        # 涉县, 房县: a two-character county after a word boundary (not 千年古县, 文旅兴县).
        before = folded[start - 1] if start > 0 else ""
        return flag == "ns" and (not before or not ("\u4e00" <= before <= "\u9fff")
                                 or before in _COUNTY_BEFORE)
    if _ORG_AFTER.match(folded, end):
        return False  # 北京歌华传媒集团, 武汉仟吉食品有限公司: a company's or institution's name
    # Walk over further place names (德州庆云·重庆秀山, 河北巨鹿县): the first other token decides.
    while j < len(tokens):
        nxt, nflag = tokens[j]
        if not ("\u4e00" <= nxt[0] <= "\u9fff"):
            return True
        if gaz.is_full_name(nxt):
            return True
        if nxt in ("地区", "境内", "全境", "全域"):
            return True
        if gaz.lookup(nxt) and nflag == "ns":
            j += 1
            continue
        return nflag not in _NOUN_TAGS
    return True


# Words after which a bare name is the place a movement or relation goes to (来天水, 对天水).
_PLACE_BEFORE = {"在", "到", "赴", "来", "对", "与", "同", "视察", "走进", "来到", "前往", "落户", "扎根",
                 "深入", "来自", "回到", "返回", "离开", "支援", "助力"}
_ZONE_AFTER = re.compile(r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|经开区|工业园区)")
# What may print right before a two-character county: a list mark, a conjunction or
# preposition, a verb of movement, or the suffix of the division above it.
_COUNTY_BEFORE = set("、和与及同为在到赴来至对是将把向从省市州盟旗")
# Heads of organisation names within a few characters after a short form: the short form is
# then the prefix of an institution, company or medium (GUIDELINES.md clarifications).
_ORG_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:有限公司|公司|集团|有限|股份|大学|学院|医院|分社|分行|"
                        r"支行|银行|日报|报社|电视台|研究院|研究所|中学|小学|科技|实业|传媒|电子|"
                        r"纪念馆|博物馆|火车站|站(?![长点])|机场|海关)")


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's word frequencies and tags, loaded (they are empty until jieba initialises)."""
    import jieba
    import jieba.posseg as pseg

    jieba.dt.check_initialized()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab


def is_word(w: str) -> bool:
    """True if ``w`` is a dictionary word other than a place name (大城市, not 宁河县): in jieba's
    dictionary with a frequency, and not tagged ``ns``."""
    freq, tags = _dictionary()
    return bool(freq.get(w)) and tags.get(w) != "ns"


def straddles(folded: str, start: int) -> bool:
    """True if a dictionary word runs across ``start`` (科学城 across 科学城|东区): a word of
    jieba's dictionary that ends at ``folded[start]`` and starts one or two characters before."""
    freq = _dictionary()[0]
    return any(freq.get(folded[start - k:start + 1]) for k in (1, 2) if start - k >= 0)


def aligned(folded: str, start: int, end: int) -> bool:
    """True if jieba's tokens (dictionary only, no HMM) of ``folded`` from six characters before
    ``start`` to four after ``end`` have a boundary at ``start``."""
    from .tokenize import pos

    lo = max(0, start - 6)
    at = lo
    for w, _ in pos(folded[lo:end + 4], hmm=False):
        if at == start:
            return True
        if at > start:
            return False
        at += len(w)
    return False
