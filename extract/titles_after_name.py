"""Titles printed after the name: ``张娜（区人大代表）`` (rule 1b) and ``由…王某主任主持``,
``X副县长表示`` (rule 1c) of :mod:`~newsgraph.extract.officials`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation, words
from .person_names import plausible_name, surname_pattern, valid_name, weak_reading
from .scan import finditer_near, windows_around
from .types import Mention, OfficialFacts

__all__ = ["post_after_name", "bracket_title_re", "bracket_windows"]


# A head's post printed after the name, before what he does: (仪式)由经济开发区王某主任主持.
_POST_AFTER = (r"(?P<post>(?:常务)?副?(?:主任|书记|局长|镇长|乡长|区长|县长|市长|旗长|州长|部长|主席|"
               r"院长|站长|所长|队长|组长|社长|会长|秘书长|检察长|庭长))")
_AFTER_POST_VERBS = r"(?:主持|致辞|讲话|介绍|发言|宣读|作|表示|指出|强调|要求|说)"
_POST_AFTER_ANCHOR = re.compile(r"(?:主任|书记|长|主席)" + _AFTER_POST_VERBS)


@lru_cache(maxsize=1)
def _post_after_re() -> re.Pattern:
    surname = surname_pattern()
    return re.compile(f"(?:(?<=[由请区局委办镇乡村处所站队部院])|(?<![\u4e00-\u9fff]))"
                      f"(?P<name>(?:{surname})[\u4e00-\u9fff]{{1,2}}?){_POST_AFTER}"
                      f"(?={_AFTER_POST_VERBS})")


def post_after_name(text: str, folded: str) -> list[Mention]:
    """A name followed by its post and a speech verb (rule 1c): ``由经济开发区王某主任主持``,
    ``会上，张某副县长表示``.  The title is the post as printed."""
    out = []
    for m in finditer_near(_post_after_re(), folded,
                           windows_around(_POST_AFTER_ANCHOR, folded, 9, 0)):
        start, name = m.start("name"), m.group("name")
        if not valid_name(name) or not plausible_name(name) or weak_reading(folded, start):
            continue
        title = text[m.start("post"):m.end("post")]
        out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[start:m.end("name")],
                           start=start, end=m.end("name"), rule="name+title", confidence=0.85,
                           facts=OfficialFacts(title=title, titles=[title])))
    return out


@lru_cache(maxsize=1)
def bracket_title_re():
    """``name(title)`` on the folded text (张娜(区人大代表)): groups ``name`` (a listed surname
    and one or two characters) and ``title`` (at most 30 characters and a post word of
    ``data/posts.txt``).  Run it near :func:`bracket_windows`."""
    post = alternation("posts.txt")
    surname = surname_pattern()
    return re.compile(f"(?<![\u4e00-\u9fff])(?P<name>(?:{surname})[\u4e00-\u9fff]{{1,2}})"
                      rf"\((?P<title>[^()]{{0,30}}?{post})\)")


@lru_cache(maxsize=1)
def _bracket_reach() -> tuple[int, int]:
    """How far a ``bracket_title_re`` match reaches before and after its ``(``: the longest
    name (surname and two characters) and the longest title with its ``)``."""
    return (max(map(len, words("surnames.txt"))) + 2,
            30 + max(map(len, words("posts.txt"))) + 1)


def bracket_windows(folded: str):
    """Where :func:`bracket_title_re` can match (:mod:`~newsgraph.extract.scan`): windows
    ``(start, end)`` around each ``(`` as far as the longest name and title reach."""
    before, after = _bracket_reach()
    return windows_around(_OPEN_BRACKET, folded, before, after)


_OPEN_BRACKET = re.compile(r"\(")
