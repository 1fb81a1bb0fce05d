"""Mentions of one meeting in an article grouped into one meeting: by containment or
bigram similarity of their names, generic ones with the visit or the meeting they name.
"""
from __future__ import annotations

import os

from .meeting_names import strip_name
from .types import Mention

__all__ = ["similar_names", "merge_meeting_mentions"]


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def similar_names(a: str, b: str) -> bool:
    """True if two meeting names plausibly name the same meeting (containment ≥ 4 characters,
    a common ending of ≥ 7 characters, or character-bigram Dice ≥ 0.6 — the criterion the gold
    scorer uses)."""
    a, b = strip_name(a), strip_name(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return True
    # 顺义区政协六届二次会议协商议政座谈会 / 中国人民政治协商会议…第二次会议协商议政座谈会:
    # a short form and the formal name share a long distinctive ending.
    tail = len(os.path.commonprefix([a[::-1], b[::-1]]))
    if tail >= 7:
        # …and a common place or body before it (顺义区); 全市/全区安全生产工作会议 stay apart.
        pa, pb = sorted((a[:-tail], b[:-tail]), key=len)
        if any(pa[i:i + 3] in pb for i in range(len(pa) - 2)):
            return True
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.6



def merge_meeting_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group the mentions of one article into meetings.

    Mentions are merged when their names are :func:`similar_names`; generic mentions
    (``座谈会`` with no subject) join the article's visit if there is one, else the meeting they
    best match, else stand alone.  Returns groups in order of first mention; the group's
    preferred name is ``max(group, key=lambda m: len(m.name))``.
    """
    groups: list[list[Mention]] = []
    # Visits are grouped by the visit they belong to (find_visits), not by name.
    by_visit: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.facts.visit_id is not None:
            by_visit.setdefault(m.facts.visit_id, []).append(m)
    groups += list(by_visit.values())
    rest = [m for m in mentions if m.facts.visit_id is None]
    generic = [m for m in rest if m.facts.generic]
    named = [m for m in rest if not m.facts.generic]
    for m in named:
        for g in groups[len(by_visit):]:
            if any(similar_names(m.name, o.name) for o in g):
                g.append(m)
                break
        else:
            groups.append([m])
    for m in generic:
        if m.facts.sub_event and len(groups) > len(by_visit):
            groups[len(by_visit)].append(m)  # 预备会议 of the session the article reports
            continue
        visit = groups[0] if by_visit else None
        # 在签约仪式上: the meeting of that type named last before it (an article may report two).
        holders = [(max([o.start for o in g if o.start <= m.start] or [-1]), gi)
                   for gi, g in enumerate(groups) if any(strip_name(m.name) in strip_name(o.name) for o in g)]
        if holders and max(holders)[0] < 0:
            holders = [(0, min(h[1] for h in holders))]
        target = visit or (groups[max(holders)[1]] if holders else None)
        if target is not None:
            target.append(m)
        else:
            groups.append([m])
    groups.sort(key=lambda g: min(x.start for x in g))
    return groups
