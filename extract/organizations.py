"""``Organization`` mentions: the bodies officials hold their posts in, read from their titles.

A title printed next to an official's name is *division + organ + post*: ``区民政局局长``,
``中共顺义区委常委``, ``三塘镇前进村党支部书记``, ``北京市经济和信息化局党组书记``.  Once the
``posts`` component has found the division whose post a title is, the organ is what lies
between the division's printed name (or, for the home county's own bodies, the bare suffix
``区``/``县``/``市``/``旗`` that opens the title) and the post word (``data/posts.txt``), cut after
which must end with an organ suffix (``data/organization_suffixes.txt``: ``委``, ``局``,
``人大``, ``常委会``, ``党支部`` …).  The organisation is named by its division's canonical name and the
organ: ``区民政局局长`` in a 西城区 article is ``西城区民政局``, ``印江土家族苗族自治县县委书记``
is ``印江土家族苗族自治县委``, and an organ printed short takes its full name
(``县政府`` → ``…县人民政府``, ``data/organization_full_names.txt``).  The same printed organisation elsewhere in the article is a
mention too (``区民政局联合…``).

A title whose division is printed after other words (``中关村科技园通州园管委会主任``, where
``通州`` is part of a park's name) gives no organisation: only party prefixes (``中共``) and
the names of enclosing divisions may stand before it.  Titles without an organ (``区长``,
``副县长``, ``区领导``, ``人大代表``) give none either.

Sources: the title conventions of 《党政领导干部职务名称》 and the genre's usage (district and
county papers and government sites), as in ``data/posts.txt``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..schema import Label, RelType
from .lexicon import alternation, table, words
from .person_names import is_han
from .types import Mention, OrganizationFacts, RelationMention

__all__ = ["HOME_SUFFIXES", "TitleOrgan", "organ_of_title", "find_organizations"]

_PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共)")
#: The suffixes of county-level divisions that open the titles of the home county's own
#: bodies when printed bare: 区委, 县人大常委会, 市政府, 旗委.
HOME_SUFFIXES = "区县市旗"
# How far before an official's name its title chain may start (区委副书记、区长、区政府党组书记…).
_TITLE_WINDOW = 80
# A printed organisation shorter than this is not looked for again in the article: 区委 is
# also the middle of 社区委员.
_MIN_REPEAT_CHARS = 4


@dataclass(frozen=True)
class TitleOrgan:
    """The organ read from one title: ``title[start:end]`` prints it (the division's printed
    name or bare suffix included, ``区民政局``), ``name`` is the organisation's canonical name
    (``西城区民政局``) and ``district`` its division."""

    name: str
    district: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _posts() -> tuple[frozenset[str], int]:
    """The post words, and the length of the longest."""
    posts = frozenset(words("posts.txt"))
    return posts, max(map(len, posts))


@lru_cache(maxsize=1)
def _suffix_end_re() -> re.Pattern:
    return re.compile(alternation("organization_suffixes.txt") + "$")


@lru_cache(maxsize=1)
def _division_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(s) for _, s in table("district_suffixes.txt"))
                      + ")$")


def _organ(rest: str) -> str:
    """The organ at the start of ``rest`` (what follows the division in a title): the text
    before the longest post word that leaves an organ ending with an organ suffix; "" when
    there is none."""
    ends = _suffix_end_re()
    posts, longest = _posts()
    for n in range(min(longest, len(rest) - 1), 0, -1):  # the longest post first
        if rest[-n:] in posts:
            head = rest[:-n]
            if ends.search(head) and all(map(is_han, head)):
                return head
    return ""


def organ_of_title(title: str, district: str, printed: dict[str, str], home: str | None
                   ) -> TitleOrgan | None:
    """The organisation a ``title`` names, given the ``district`` whose post it is
    (the ``posts`` component's answer), the article's divisions as printed
    (``printed``: printed text → canonical name, from the ``District`` mentions) and the
    article's home county.

    Returns None when the title names no organ or its division is not where a division
    opens a title.

    >>> organ_of_title("区民政局局长", "西城区", {}, "西城区")
    TitleOrgan(name='西城区民政局', district='西城区', start=0, end=4)
    >>> organ_of_title("中共顺义区委常委", "顺义区", {"顺义区": "顺义区"}, "顺义区").name
    '顺义区委'
    >>> organ_of_title("三塘镇前进村党支部书记", "前进村",
    ...                {"三塘镇": "三塘镇", "前进村": "前进村"}, None).name
    '前进村党支部'
    >>> organ_of_title("区长", "通州区", {}, "通州区") is None
    True
    """
    # Only the divisions this title prints matter; an article prints hundreds.
    longest_first = sorted((t for t in printed if t in title), key=lambda t: (-len(t), t))
    start = None
    for text in longest_first:
        # A division printed without its suffix (怀柔 of 怀柔科学城) may be part of a longer
        # proper name: it opens no title here.
        at = title.find(text) if printed[text] == district and _division_end_re().search(
            text) else -1
        if at < 0:
            continue
        before = _PARTY_PREFIX.sub("", title[:at])
        for other in longest_first:
            before = before.replace(other, "")
        if not before:
            start, rest = at, title[at + len(text):]
            break
    if start is None:
        if not (district == home and title[:1] in HOME_SUFFIXES and title[:1] == district[-1:]):
            return None
        start, rest = 0, title[1:]
    organ = _organ(rest)
    if not organ:
        return None
    end = len(title) - len(rest) + len(organ)
    if len(organ) > 1 and organ[0] == district[-1]:
        organ = organ[1:]  # 自治县 + 县委: the suffix printed twice
    for short, full in table("organization_full_names.txt"):
        if organ.startswith(short):
            organ = full + organ[len(short):]
            break
    return TitleOrgan(name=district + organ, district=district, start=start, end=end)


def _title_at(text: str, title: str, name_start: int, name_end: int) -> int:
    """Where the title printed next to a name starts: its occurrence nearest the name within
    :data:`_TITLE_WINDOW` characters, or -1."""
    lo = max(0, name_start - _TITLE_WINDOW)
    best = -1
    at = text.find(title, lo, name_end + _TITLE_WINDOW)
    while at >= 0:
        if best < 0 or abs(at - name_start) < abs(best - name_start):
            best = at
        at = text.find(title, at + 1, name_end + _TITLE_WINDOW)
    return best


def find_organizations(text: str, officials: list[Mention], districts: list[Mention],
                       home: str | None, date: str | None
                       ) -> tuple[list[Mention], list[RelationMention]]:
    """Organisation mentions read from the officials' titles, and ``HOLDS_POSITION``
    relations from each official to them (with the ``title`` as printed and the article's
    ``date``).

    Parameters
    ----------
    text : str
        The article text the rules match on (offsets index it).
    officials : list of Mention
        ``Official`` mentions whose ``facts.posts`` are set (the ``posts`` component).
    districts : list of Mention
        The article's ``District`` mentions (their printed ``text`` locates a division in a
        title).
    home, date : str or None
        The article's home county and date.

    Returns
    -------
    (mentions, relations)
        Mentions in text order, each span once; relations in the officials' order.
    """
    printed = {d.text: d.name for d in districts if d.text}
    found: dict[tuple[int, int], Mention] = {}
    relations: list[RelationMention] = []
    for o in officials:
        for title, district in o.facts.posts:
            if not district:
                continue
            organ = organ_of_title(title, district, printed, home)
            if organ is None:
                continue
            at = _title_at(text, title, o.start, o.end)
            if at < 0:
                continue
            span = (at + organ.start, at + organ.end)
            if span not in found:
                found[span] = Mention(label=Label.ORGANIZATION.value, name=organ.name,
                                      text=text[span[0]:span[1]], start=span[0], end=span[1],
                                      rule="title-organ", confidence=0.8,
                                      facts=OrganizationFacts(district=district))
            relations.append(RelationMention(
                RelType.HOLDS_POSITION.value, (Label.OFFICIAL.value, o.name),
                (Label.ORGANIZATION.value, organ.name), min(at, o.start), max(at + len(title), o.end),
                rule="title-organ", confidence=0.8, props={"title": title, "date": date}))
    taken = sorted(found)
    for m in list(found.values()):
        if len(m.text) < _MIN_REPEAT_CHARS:
            continue
        at = text.find(m.text)
        while at >= 0:
            span = (at, at + len(m.text))
            if not any(s < span[1] and span[0] < e for s, e in taken):
                taken.append(span)
                found[span] = Mention(label=m.label, name=m.name, text=m.text, start=at,
                                      end=span[1], rule="organization-repeat", confidence=0.7,
                                      facts=OrganizationFacts(district=m.facts.district))
            at = text.find(m.text, at + 1)
    return [found[s] for s in sorted(found)], relations
