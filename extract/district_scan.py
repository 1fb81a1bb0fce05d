"""The gazetteer scan of an article (rule 1 of :mod:`newsgraph.extract.districts`): names of
divisions found longest first, and what pass 1 counts from it — the counties an article prints
(:func:`county_counts`, :func:`home_counties`) and its paper's area (:func:`page_area_counts`).
"""
from __future__ import annotations

import re

from .district_chrome import masthead_places
from .district_words import aligned, is_word, straddles
from .gazetteer import Place, load_gazetteer
from .lexicon import words
from .normalize import fold

__all__ = ["gazetteer_matches", "county_counts", "home_counties", "pass1_counts",
           "page_area_counts"]


def county_counts(text: str) -> dict[str, int]:
    """How often each county-level division is printed in full in ``text``, in the order of
    first printing (so that merged counts break ties the same way)."""
    return _county_counts(gazetteer_matches(fold(text), load_gazetteer()))


def _county_counts(matches) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _start, _end, places, full in matches:
        if places[0].level == "county" and full:
            counts[places[0].name] = counts.get(places[0].name, 0) + 1
    return counts


def home_counties(texts) -> list[str]:
    """County-level names printed most often in ``texts`` (an iterable of article texts).

    A district newspaper's own county comes first; used to resolve ambiguous and new towns.
    """
    counts: dict[str, int] = {}
    for text in texts:
        for name, n in county_counts(text).items():
            counts[name] = counts.get(name, 0) + n
    return sorted(counts, key=lambda n: -counts[n])


# Functional zones and state farms that the division table lists beside towns; 高新区 and other
# development zones are no District (GUIDELINES.md: regions that are not divisions).
_ZONE = re.compile(r"(?:示范区|开发区|集聚区|园区|合作区|经济区|试验区|实验区|高新区|经开区|新区|管理区|"
                   r"管委会|林场|农场|牧场|度假区|风景区|景区|保护区)$")


def _acceptable(name: str, places: list[Place], full: bool, home: tuple[str, ...]) -> bool:
    if name in words("district_stopwords.txt") or len(name) < 2:
        return False
    if _ZONE.search(name) and not (name.endswith("新区") and not name.endswith("高新区")
                                   and any(p.level == "county" for p in places)):
        return False
    if full:
        # Two-character counties (涉县, 房县) are checked against the tokens in find_districts.
        return len(name) >= 3 or places[0].level in ("province", "city", "county")
    # Bare short names (通州, 北京) collide with words (合作, 公安, 惠民): only the upper
    # levels, and counties only when they are the article's or the paper's own area.
    return all(p.level in ("province", "city") for p in places) or any(
        p.name in home for p in places)


def gazetteer_matches(folded: str, gaz, home: tuple[str, ...] = (), found=None
                       ) -> list[tuple[int, int, list[Place], bool]]:
    """Longest-first scan: (start, end, candidate places, is_full_name); ``found`` is
    ``gaz.candidates(folded)`` when the caller has it already.

    ``folded`` is the folded text (:func:`~newsgraph.extract.normalize.fold`; offsets index it),
    ``gaz`` the gazetteer (:func:`~newsgraph.extract.gazetteer.load_gazetteer`), ``home`` the
    counties whose bare short form is admitted.  Matches do not overlap and come in text order;
    a county printed with its old suffix (宁河县 for 宁河区) is a full-name match.
    """
    out = []
    n, i = len(folded), 0
    if found is None:
        found = gaz.candidates(folded)
    for start in sorted(found):
        if start < i:
            continue  # inside the previous, longer match
        for size in found[start]:
            if size < 2:
                continue
            cand = folded[start:start + size]
            places = gaz.lookup(cand)
            full = gaz.is_full_name(cand)
            nxt = folded[start + size:start + size + 1]
            if (not full and size >= 2 and nxt and nxt in "县区市" and cand + nxt not in gaz.by_name
                    and len(places) == 1 and places[0].level == "county"
                    and not places[0].name.endswith(nxt) and not is_word(cand + nxt)
                    and (not straddles(folded, start) or aligned(folded, start, start + size))):
                # A county renamed (宁河县 → 宁河区) is still printed with its old suffix.
                out.append((start, start + size + 1, places, True))
                i = start + size + 1
                break
            if not _acceptable(cand, places, full, home):
                continue
            if not full and start + size < n and cand + folded[start + size] in gaz.by_name:
                continue
            if cand.endswith("乡") and folded[start + size:start + size + 1] == "村":
                continue  # 促进乡村振兴: 乡村 is the word
            out.append((start, start + size, places, full))
            i = start + size
            break
    return out


def pass1_counts(text: str) -> tuple[dict[str, int], dict[str, int], dict[int, list[int]]]:
    """:func:`county_counts` and :func:`page_area_counts` of ``text`` from one scan, and the
    scan itself (``{start: [lengths, longest first]}`` of the gazetteer's names in the folded
    ``text``), which :func:`~newsgraph.extract.districts.find_districts` takes as ``candidates``
    instead of scanning again."""
    gaz = load_gazetteer()
    folded = fold(text)
    found = gaz.candidates(folded)
    matches = gazetteer_matches(folded, gaz, found=found)
    return _county_counts(matches), _area_counts(folded, gaz, matches), found


def _area_counts(folded: str, gaz, matches) -> dict[str, int]:
    counts: dict[str, int] = {}
    for place in masthead_places(folded, gaz):
        counts[place.name] = counts.get(place.name, 0) + 100
    for _start, _end, places, full in matches:
        if full and places[0].level in ("county", "city") and len(folded[_start:_end]) >= 3:
            counts[places[0].name] = counts.get(places[0].name, 0) + 1
    return counts


def page_area_counts(text: str) -> dict[str, int]:
    """What an article tells of its paper's own area: the county- and city-level divisions it
    prints in full, counted, with a masthead's place (大兴报 → 大兴区) counted a hundred times.  Summed
    over a page's or a file's articles it gives their area
    (:func:`~newsgraph.extract.district_area.article_area`)."""
    # The paper's own area (its masthead) outweighs the places its reports visit.
    gaz = load_gazetteer()
    folded = fold(text)
    return _area_counts(folded, gaz, gazetteer_matches(folded, gaz))
