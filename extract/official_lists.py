"""Lists of names that share a title printed after them (rules 2b and 2c of
:mod:`~newsgraph.extract.officials`): ``吴斌、侯健美等区领导参加``, ``A、B…等5名委员作大会发言``,
``A、B等县级领导``, ``等常委会组成人员出席``, ``X委员表示``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .name_boundaries import is_boundary
from .person_names import (NAME_STOP, all_han, is_han, no_words, plausible_name, surname_pattern,
                           surnames)
from .scan import finditer_near
from .types import Mention, OfficialFacts

__all__ = ["role_after_names", "listed_before_title_re", "listed_windows"]

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}


def _count(s: str | None) -> int | None:
    """``5`` / ``五`` / ``两`` / ``十一`` as an int; ``None`` when absent."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(s)


# Role nouns that close a list of names printed before them (县级领导, 委员, 政协委员, 代表,
# 常委会组成人员); a specific member title (委员, 代表) may follow a single name (X委员表示).
_ROLE_NOUN = (r"(?P<role>(?:(?:区|市|县|镇|乡|街道|省|旗|州|市、县|县、乡|区、街)?级?"
              r"(?:领导同志|领导|负责同志))|(?:(?:区|市|县|镇|乡|省|州|旗)?(?:政协|人大)?"
              r"(?P<member>委员|代表|常委|执委))|常委会组成人员)")
_ROLE_HEAD = re.compile(r"(?:等|[\d一二两三四五六七八九十]+[名位])?" + _ROLE_NOUN)
# Every role noun holds one of these; its match starts at most 10 characters before it.
_ROLE_ANCHOR = re.compile(r"领导|负责同志|委员|代表|常委|执委|组成人员")
_ROLE_LIST = re.compile(r"(?P<names>[\u4e00-\u9fff· ]+?(?:、[\u4e00-\u9fff· ]+?)*)(?P<deng>等)?"
                        r"(?:(?P<count>\d+|[一二两三四五六七八九十]{1,3})[名位])?")
_LIST_MARKS = frozenset("·、 0123456789")
# What may stand before the first name of such a list, inside its clause: 会上，张某… is the
# common case (punctuation); 参加会议的有张某… and 其中张某… print a lead word.
_LIST_LEAD = re.compile(r"(?:有|由|其中|包括|以及|和|及|与)$")


def role_after_names(text: str, folded: str) -> list[Mention]:
    """Names listed before a role noun they share (rule 2c, issue 12 pattern 3).

    Shapes: ``A、B、C等委员作大会发言``, ``A、B…5位政协委员依次发言`` (a printed count equal to
    the number of items lets the items stand without a listed surname), ``A、B等县级领导分别
    参加``, ``A、B等常委会组成人员出席``, and a single name before a member title,
    ``X委员表示``.  The role noun must end at a boundary (punctuation or a verb such as 作, 依次,
    分别, 参加).
    """
    out: list[Mention] = []
    for head in finditer_near(_ROLE_HEAD, folded, _role_windows(folded)):
        role_end = head.end()
        if not is_boundary(folded, role_end):
            continue
        # The run of ideographs, 、, digits and padding before the role noun (at most 60).
        seg_start = head.start()
        floor = max(0, seg_start - 60)
        while seg_start > floor and (is_han(folded[seg_start - 1])
                                     or folded[seg_start - 1] in _LIST_MARKS):
            seg_start -= 1
        if seg_start == head.start() or head.start() - seg_start < 2:
            continue
        m = _ROLE_LIST.fullmatch(folded, seg_start, head.start("role"))
        if not m:
            continue
        items = m.group("names").split("、")
        count = _count(m.group("count"))
        single = len(items) == 1 and not m.group("deng") and count is None
        if single and not head.group("member"):
            continue  # 县领导 alone after a word is no list
        # The first item may carry the clause's lead (参加会议的有张某); keep its name part.
        parsed = []
        pos = seg_start
        for k, item in enumerate(items):
            start = pos
            pos += len(item) + 1
            name = item.replace(" ", "")
            if k == 0 and not _item_name(name, count == len(items)):
                for size in (3, 2):
                    tail = name[-size:]
                    if (len(name) > size and _LIST_LEAD.search(name[:-size])
                            and _item_name(tail, False)):
                        start, name = start + len(item) - size, tail
                        break
                else:
                    if len(items) > 1 and head.group("member") and count is None:
                        continue  # …站长康云和成员白洁、施光海委员: the items after the 、
                    parsed = []
                    break
            elif not _item_name(name, count == len(items)):
                parsed = []
                break
            parsed.append((name, start, start + len(item)))
        if not parsed or (count is not None and count != len(items)):
            continue
        role = text[head.start("role"):head.end("role")]
        for name, start, end in parsed:
            out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[start:end],
                               start=start, end=end, rule="names+role", confidence=0.85,
                               facts=OfficialFacts(title=role, titles=[role])))
    return out


def _role_windows(folded: str):
    """Windows around the role nouns that a boundary follows (the only ones that close a
    list; 领导同志 too, 同志 being a boundary word)."""
    n = len(folded)
    for a in _ROLE_ANCHOR.finditer(folded):
        if is_boundary(folded, a.end()):
            yield max(0, a.start() - 10), min(n, a.end() + 4)


def _item_name(name: str, counted: bool) -> bool:
    """An item of a list closed by a role noun: a surname name, or (when the printed count
    matches the items) any plausible name of three or four characters."""
    if not (2 <= len(name) <= 4) or not all_han(name):
        return False
    if any(c in NAME_STOP for c in name[1:]) or name[0] in NAME_STOP:
        return False
    if not plausible_name(name, True):
        return False
    listed = name[0] in surnames() or name[:2] in surnames()
    if listed and (len(name) < 4 or no_words(name)):
        return True
    return counted and len(name) >= 3 and no_words(name)


_COLLECTIVE_TITLE = (r"(?:区|市|县|镇|乡|街道|省|通州区|[\u4e00-\u9fff]{2,4}[区市县])?"
                     r"(?:领导|负责同志|领导同志)")


@lru_cache(maxsize=1)
def listed_before_title_re():
    """``A、B等<collective title>`` (吴斌、侯健美等区领导): groups ``names`` (the 、-list, each a
    listed surname and one or two characters) and ``title``.  Run it near
    :func:`listed_windows`."""
    surname = surname_pattern()
    name = f"(?:{surname})[\u4e00-\u9fff]{{1,2}}"
    return re.compile(f"(?<![\u4e00-\u9fff])(?P<names>{name}(?:、{name})+)等"
                      f"(?P<title>{_COLLECTIVE_TITLE})")


_COLLECTIVE_TITLE_MAX = 5 + 4  # 通州区 / a 2–4 character name and 区市县, then 领导同志


@lru_cache(maxsize=1)
def _collective_title_re():
    return re.compile(f"等(?={_COLLECTIVE_TITLE})")  # a look-ahead: overlapping ones all count


def listed_windows(folded: str):
    """Where :func:`listed_before_title_re` can match (:mod:`~newsgraph.extract.scan`): from the
    start of the run of ideographs and ``、`` before each ``等<collective title>`` to the
    title's longest end."""
    for a in _collective_title_re().finditer(folded):
        start = a.start()
        while start > 0 and (folded[start - 1] == "、" or "\u4e00" <= folded[start - 1] <= "\u9fff"):
            start -= 1
        yield start, min(len(folded), a.end() + _COLLECTIVE_TITLE_MAX)
