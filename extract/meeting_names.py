"""The printed name of a meeting: cleaned of time words, determiners and hosts, prefixed
with its convener or venue when it is only a type (``座谈会``), named from the headline or
the paper's own county (:mod:`newsgraph.extract.meetings`, GUIDELINES.md ``Meeting``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import words
from .normalize import fold
from .types import Mention

__all__ = ["CLAUSE_BREAK", "QUANTIFIED", "strip_name", "trigger_subject", "venue_place",
           "generic_names", "clean_name", "name_generic_from_title", "own_place_names"]

# Folded text (see normalize.fold) has half-width ,;:!? — full-width forms are listed for safety.
CLAUSE_BREAK = ",，。;；!！?？\n:："
_TIME_PREFIX = re.compile(r"^(?:(?:昨天|昨日|今天|今日|近日|日前|前不久|当天|同日|此前|目前|上午|下午|"
                          r"晚上|傍晚|\d{1,4}年|\d{1,2}月|\d{1,2}日|\d{1,2}时)+)")
_SUBJECT_DROP = re.compile(r"^(?:由)?.*?(?:主办|承办|举办|组织|牵头)的")


@lru_cache(maxsize=65536)
def strip_name(name: str) -> str:
    """``name`` folded, without quotes, book-title marks and white space: the form meeting
    names are compared in (``“社区邻里节”开幕式`` → ``社区邻里节开幕式``)."""
    return re.sub(r"[“”\"‘’'《》「」\s]", "", fold(name))


def _clause_start(folded: str, pos: int) -> int:
    return max(folded.rfind(ch, 0, pos) for ch in CLAUSE_BREAK) + 1


def trigger_subject(folded: str, trigger_start: int) -> str:
    """The clause text before a trigger, minus time words and a leading dateline."""
    start = _clause_start(folded, trigger_start)
    subj = folded[start:trigger_start]
    subj = re.sub(r"^本报讯?\s*(?:\([^)]*\))?", "", subj)
    subj = _TIME_PREFIX.sub("", subj)
    subj = re.sub(r"(?:在[^，。]{1,20})$", "", subj)  # …在区水务局召开 → drop the venue
    subj = subj.strip()
    # 实地走访后召开座谈会, 调研时召开: a time clause or an activity is no convener.
    if _NOT_SUBJECT.search(subj):
        return ""
    return subj


_NOT_SUBJECT = re.compile(r"(?:后|时|前|中|上|期间)$|调研|走访|考察|察看|视察|检查|参观")
_VENUE_PLACE = re.compile(r"在(?P<p>[^，。,；]{2,12}?(?:街道|社区|区|县|市|镇|乡|村|旗))$")


def venue_place(folded: str, trigger_start: int) -> str:
    """``张北县`` in ``在张北县召开现场办公会``: the printed place of a generic meeting."""
    m = _VENUE_PLACE.search(folded, _clause_start(folded, trigger_start), trigger_start)
    return m.group("p") if m else ""



# Words that make a name no name of one event: 多次召开…, 相关会议, 此次会议.
QUANTIFIED = re.compile(r"^(?:了|多场|多次|两次|几次|各类|各项|一系列|系列|相关|有关|此次|本次|该|这|"
                        r"那|一场|一次|其|各|多个|首次)")


_NAME_TIME_PREFIX = re.compile(r"^(?:(?:昨天|昨日|今天|今日|近日|日前|前不久|当天|同日|此前|目前|上午|下午|"
                               r"晚上|傍晚)+)")


_DETERMINER = re.compile(r"^(?:(?:随后|当天|会后|同日|之后|其后|次日)?(?:召开|举行|举办)的|(?:该|本)(?:乡|镇|县|区|市|村|"
                         r"街道|社区)(?=.{4}))")
# 代表县委、县政府对大会召开表示祝贺: the meeting is only the object of a greeting.
_OBJECT_ONLY = re.compile(r"(?:对|向|为)(?:本次|此次)?(?:大会|会议)$")



@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    """Names that are only a type (a suffix, possibly with 现场/专题): 现场办公会, 座谈会."""
    return frozenset(words("meeting_suffixes.txt")) | frozenset(
        p + w for w in words("meeting_suffixes.txt") for p in ("现场", "专题", "工作"))



def clean_name(name: str) -> str:
    """A printed meeting name without a dateline, determiner (随后召开的, 该乡), time words,
    host clause (…主办的) and stray quotes; ``""`` when it is no name of one meeting (多次, 相关,
    or only the object of a greeting, 对大会)."""
    name = re.sub(r"^本报讯?\s*\([^)]*\)", "", name.strip())
    # 随后召开的座谈会 → 座谈会 (generic: it folds into the visit); 该乡…现场办公会 → …现场办公会.
    name = _DETERMINER.sub("", name)
    name = _NAME_TIME_PREFIX.sub("", name).lstrip("的")
    name = _SUBJECT_DROP.sub("", name)
    name = name.strip(" ，,、")
    if name.count("“") < name.count("”") or name.count("\"") % 2:
        name = name.lstrip("”\"")
    if name.count("“") > name.count("”"):
        name = name.lstrip("“")
    if QUANTIFIED.match(name) or _OBJECT_ONLY.search(name):
        return ""
    return name


_TITLE_TRIGGER = re.compile(r"(?:正式|隆重|顺利)?(?:启动|开幕|开班|举行|召开|揭牌|开展|启幕)$")


def name_generic_from_title(mentions: list[Mention], title: str) -> None:
    """A bare ``开幕式`` takes the event the title announces: title ``通州区第五届“社区邻里节”启动``
    → ``通州区第五届“社区邻里节”开幕式`` (in place; the mention stays generic for merging)."""
    topic = _TITLE_TRIGGER.sub("", title.strip())
    if topic == title.strip() or len(topic) < 4:
        return
    for m in mentions:
        if m.facts.generic and m.name == m.text:
            m.name = topic + m.name
            m.facts.generic = False
            m.facts.from_title = True


_OWN_PLACE = {"县": "我县", "区": "我区", "市": "我市", "旗": "我旗"}


def own_place_names(mentions: list[Mention], home: str | None) -> None:
    """``我县2020年第一批重点项目集中开工仪式`` → ``商城县2020年…`` (in place) when the article's
    home is a 县 (区, 市, 旗): a local paper's 我县 is its own county (DECISIONS.md names a visit
    printed ``来我县调研`` with the county).  The printed form stays the mention's ``text``."""
    own = _OWN_PLACE.get(home[-1]) if home else None
    if not own:
        return
    for m in mentions:
        if own in m.name:
            m.name = m.name.replace(own, home)
