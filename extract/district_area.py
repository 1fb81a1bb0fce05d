"""Article-level resolution of districts: the article's own area (:func:`article_area`) and the
parents of its villages and communities (:func:`attach_villages`), run by the components after
:func:`newsgraph.extract.districts.find_districts`.
"""
from __future__ import annotations

from .gazetteer import load_gazetteer
from .types import Mention

__all__ = ["article_area", "attach_villages"]


def article_area(districts: list[Mention], page: list[str] = ()) -> str | None:
    """The article's own area (its 'home'): the county-level division it prints most (ties: the
    first printed), else the city it prints most, else the paper's area ``page`` (from the
    page's or file's other articles and its masthead,
    :func:`~newsgraph.extract.district_scan.page_area_counts`).  Never the corpus's majority: a
    Shanghai article in a corpus of Tongzhou pages stays in Shanghai."""
    for level in ("county", "city"):
        names = [d.name for d in districts if d.facts.level == level
                 and not d.facts.implied
                 and d.rule in ("gazetteer", "suffix", "gazetteer-short")]
        if names:
            # Of the counties a visit report prints (the guests' and the hosts'), the paper's
            # own comes first (秀山电子报 reporting 庆云县's visit to 秀山).
            if page and page[0] in names:
                return page[0]
            return max(dict.fromkeys(names), key=names.count)
    gaz = load_gazetteer()
    for level in ("county", "city"):
        for name in page:
            if any(p.level == level for p in gaz.lookup(name)):
                return name
    return None


def attach_villages(text: str, districts: list[Mention]) -> None:
    """Give communities and villages without a printed parent the division the article puts
    them in: the nearest town-level district printed before them, when the article names one
    town only or the town is in the same sentence; a county printed as ``<county>和<village>``
    (a pairing of partner places) when no town is.  Also marks districts inside 《…》 document
    titles (``facts.in_title``)."""
    towns = [d for d in districts if d.facts.level == "town"]
    names = {d.name for d in towns}
    by_end = {d.end: d for d in districts}
    for d in districts:
        open_title = text.rfind("《", 0, d.start)
        if open_title >= 0 and text.find("》", open_title) > d.start:
            d.facts.in_title = True
        if d.facts.level != "village" or d.facts.parent:
            continue
        before = [t for t in towns if t.end <= d.start]
        pair = by_end.get(d.start - 1) if d.start > 0 and text[d.start - 1] in "和与" else None
        if pair is not None and pair.facts.level == "county":
            d.facts.parent = pair.name
        elif len(names) == 1 and towns:
            d.facts.parent = towns[0].name
        elif before and "。" not in text[before[-1].end:d.start]:
            d.facts.parent = before[-1].name
