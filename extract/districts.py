"""District mentions: gazetteer names and suffix rules, resolved to one place each.

Rules (issue 3; GUIDELINES.md ``District``):

1. *Gazetteer* — full names and suffixed aliases of divisions down to 乡镇/街道
   (:mod:`newsgraph.extract.gazetteer`), longest match first; bare short names (``通州``,
   ``北京``) only for province-, city- and county-level units.
2. *Suffix* — a 2–6 character stem plus a suffix from ``data/district_suffixes.txt``
   (街道, 镇, 乡, 社区, 村 …) printed right after another district (``新华街道京贸国际城社区``,
   ``西集镇任辛庄村``) or at a clause start / after ``、`` (``潮庄镇、于家务回族乡``), for new
   divisions the gazetteer lacks.  Stems with function characters (全区, 各镇, 农村, 乡村) fail.
3. *Resolution* — a name shared by several places (新华街道) resolves to the one under a division
   the article prints, else under the article's own area
   (:func:`~newsgraph.extract.district_area.article_area`: the county it prints most, else its
   city, else its paper's area from the file's other articles and its masthead,
   :func:`~newsgraph.extract.district_scan.page_area_counts`); the corpus's most printed
   counties only break the
   remaining ties.  A town with no printed county lies in the article's own area.
4. *Parents* — the nearest enclosing division the article prints (skip-level links where the
   one between is not printed: 鹿泉区 → 河北省); the own area links a printed town even when it is
   not printed itself (台湖镇 → 通州区); never an unprinted city or province.
5. *Chrome and short forms* — nothing in breadcrumbs, source/editor/date fields, footers or a
   masthead (:func:`~newsgraph.extract.district_chrome.chrome_spans`); a bare short form
   (河北, 北京) or a two-character county (涉县) only as a word of its own that names the
   place, not as the prefix of an institution, company, medium or region (河北工业大学,
   北京城市副中心).

``facts.parent`` (:class:`~newsgraph.extract.types.DistrictFacts`) carries the resolved
parent's name (for ``LOCATED_IN``) and ``facts.level`` the level (province, city, county, town,
village).

This module holds rules 2–5 and :func:`find_districts`; rule 1's scan and pass 1's counts are
:mod:`newsgraph.extract.district_scan`, page chrome :mod:`newsgraph.extract.district_chrome`,
jieba's reading of stems and short forms :mod:`newsgraph.extract.district_words`, and the
article-level resolution (own area, villages' parents) :mod:`newsgraph.extract.district_area`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..schema import Label
from .district_chrome import chrome_spans
from .district_scan import gazetteer_matches
from .district_words import aligned, descriptive_stem, is_word, nounish, printed_as_place, straddles
from .gazetteer import Place, load_gazetteer
from .lexicon import table
from .normalize import fold
from .types import DistrictFacts, Mention

__all__ = ["find_districts"]

_STEM_STOP = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无乡镇街道社村居委会党政府辖")
_BAD_START = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无到赴来至于据经由以就沿往")
_GENERIC = {"农村", "乡村", "城乡", "新农村", "美丽乡村", "全村", "本村", "该村", "各村", "村村",
            "社区", "各社区", "本社区", "该社区", "示范区", "全区", "城区", "辖区", "园区", "街道"}


@lru_cache(maxsize=1)
def _suffix_re():
    rows = table("district_suffixes.txt")
    levels = {suffix: level for level, suffix in rows}
    alt = "|".join(sorted(map(re.escape, levels), key=len, reverse=True))
    return levels, re.compile(f"(?:{alt})")


# Two-character verbs of movement after which a division's name starts (深入板坝镇, 走进X村).
_MOVE_BEFORE = {"深入", "走进", "来到", "前往", "莅临"}

# Function characters that also open place names: 那 (Zhuang "na", rice field: 那坡, 那洞).
_TOPONYM_START = set("那")


def _bad_start(stem: str, after_district: bool) -> bool:
    """True if ``stem`` opens with a function character (这个村, 各社区).  Printed right after
    its town (板坝镇那洞村, 长安镇弄怀村), a stem that is no dictionary word is a village's own
    name even when it opens with 那 (``_TOPONYM_START``), as many southern place names do."""
    if stem[0] not in _BAD_START:
        return False
    return not (after_district and stem[0] in _TOPONYM_START and len(stem) >= 2
                and not is_word(stem) and not _stopped(stem[1:]))


def _stopped(stem: str) -> bool:
    """True if ``stem`` holds a function character or a division suffix; 各 and 街 inside
    village names (王各庄村, 光明街村) do not count."""
    for i, c in enumerate(stem):
        if c not in _STEM_STOP:
            continue
        if c == "各" and stem[i + 1:i + 2] == "庄":
            continue
        if c == "街" and 0 < i and stem[i + 1:i + 2] != "道":
            continue
        if c == "府" and (i == 0 or stem[i - 1] != "政"):
            continue  # 南府店村 (but not 区政府)
        return True
    return False


def _choose(places: list[Place], printed: set[str], home: list[str]) -> Place | None:
    def score(p: Place) -> tuple:
        anc = [a.name for a in p.ancestors()]
        in_article = sum(1 for a in anc if a in printed)
        in_home = 0
        for rank, h in enumerate(home[:4]):
            if h in anc or p.name == h:
                in_home = 4 - rank
                break
        return (in_article, in_home, -len(anc))

    best = max(places, key=score)
    s = score(best)
    if s[0] == 0 and s[1] == 0 and best.level == "town" and len(
            {p.parent.name if p.parent else None for p in places}) > 1:
        return None  # one of several towns of that name, with nothing pointing at one
    if s[0] == 0 and s[1] == 0 and best.level == "town" and not home:
        return best
    if s[0] == 0 and s[1] == 0 and best.level == "town":
        return best if len(places) == 1 else None
    return best


_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
_LIST_NEXT = {sfx: re.compile(f"[、和及与][\u4e00-\u9fff]{{2,5}}{sfx}") for sfx in ("村", "社区", "镇", "乡", "街道")}
_OWN_POST = re.compile(r"(?:党委|党工委|党总支|党支部|书记|居委会|村委会|党群服务中心|办事处)")


def find_districts(text: str, home: list[str] = (), *, ties: list[str] = (),
                   candidates: dict[int, list[int]] | None = None) -> list[Mention]:
    """Find district mentions in a normalised article text.

    Parameters
    ----------
    text : str
        Article text.
    home : list[str]
        County-level names of the paper's own area, most likely first (the page's or file's
        area, :func:`~newsgraph.extract.district_scan.page_area_counts`); they break ties
        between towns of one name and admit the area's bare short form (``通州``).  The
        article's own area (:func:`~newsgraph.extract.district_area.article_area`)
        comes first in any case.
    ties : list[str]
        Further county names (the corpus's most printed) that only break ties between towns of
        one name; never an article's area.
    candidates : dict, optional
        The gazetteer's scan of the folded ``text``, from
        :func:`~newsgraph.extract.district_scan.pass1_counts` of the same text; scanned here
        when not given.

    Returns
    -------
    list[Mention]
        ``name`` is the full official name; ``facts`` has ``level`` and ``parent`` (or None).
        ``parent`` is the nearest enclosing division the article prints (GUIDELINES.md: a chain
        stops at the highest division printed, a skip-level link goes to the nearest printed
        one); a town or village with none printed lies in the article's own area when the
        gazetteer puts it there or does not know it.  Mentions in page chrome (breadcrumbs,
        source lines, mastheads) are left out.

    Examples
    --------
    >>> [(m.name, m.facts.parent) for m in find_districts("潞城镇、马驹桥镇", ["通州区"])]
    [('潞城镇', '通州区'), ('马驹桥镇', '通州区')]
    """
    gaz = load_gazetteer()
    folded = fold(text)
    chrome = chrome_spans(text)

    def in_chrome(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in chrome)

    # The article's own counties (printed in full, outside chrome) admit their short forms.
    found = gaz.candidates(folded) if candidates is None else candidates
    raw = gazetteer_matches(folded, gaz, tuple(home[:1]), found)
    own = [ps[0].name for s, e, ps, full in raw
           if full and len(ps) == 1 and ps[0].level == "county" and not in_chrome(s, e)
           and len(folded[s:e]) >= 3]
    area_first = ([home[0]] if home and home[0] in own else
                  [max(dict.fromkeys(own), key=own.count)] if own else [])
    first = tuple(dict.fromkeys(area_first + list(home[:1])))
    hits = raw if first == tuple(home[:1]) else gazetteer_matches(folded, gaz, first, found)
    kept = []
    for s, e, places, full in hits:
        if in_chrome(s, e):
            continue
        name = folded[s:e]
        if full and len(name) == 3 and s > 0 and name in gaz.by_name and straddles(folded, s) \
                and not aligned(
                folded, s, e):
            continue  # 城东区 in 科学城东区
        if not full or len(name) == 2:
            county_ok = any(p.name in own or p.name in home[:1] for p in places)
            if not printed_as_place(folded, s, e, gaz, county_ok):
                continue
        kept.append((s, e, places, full))
    hits = kept
    printed = {p.name for _, _, ps, full in hits if full for p in ps if p.level != "town"}
    printed |= {folded[s:e] for s, e, _, _ in hits}
    ranked = list(dict.fromkeys(area_first + list(home) + list(ties)))
    chosen = [(s, e, places, full, _choose(places, printed, ranked)) for s, e, places, full in hits]
    printed_names = {pl.name for *_, pl in chosen if pl is not None}
    area = area_first[0] if area_first else (home[0] if home else None)
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for s, e, places, full, place in chosen:
        if place is None:
            name, level, parent = folded[s:e], places[0].level, None
        else:
            name, level = place.name, place.level
            if name.endswith("地区") and folded[s:e].endswith("镇"):
                name = folded[s:e]  # Beijing's 地区办事处 towns are known by their 镇 name
            anc = place.ancestors()
            # The nearest printed one; the article's own area links a printed town even where
            # it is not printed itself (台湖镇 → 通州区).
            parent = next((a.name for a in anc if a.name in printed_names or (
                a.name == area and level in ("town", "village"))), None)
            if parent is None and area and level in ("town", "village") and area != name:
                # A town listed in an article about its area without its own county printed
                # (the table may know it elsewhere only, under an older name) lies in the area.
                parent = area
        if place is None and level == "town" and area:
            parent = area
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[s:e], start=s,
                                end=e, rule="gazetteer" if full else "gazetteer-short",
                                confidence=0.95 if full else 0.75,
                                facts=DistrictFacts(level=level, parent=parent, ancestors=[
                                    a.name for a in anc] if place else [])))
        spans.append((s, e))
    spans += chrome

    # Rule 2: suffix-matched divisions the gazetteer lacks.
    levels, suffix_re = _suffix_re()
    for m in suffix_re.finditer(folded):
        suffix = m.group(0)
        level = levels[suffix]
        if level in ("province", "city", "county"):
            continue  # too many false friends (示范区, 开发区); the gazetteer covers these
        end = m.end()
        if any(s < end and m.start() < e for s, e in spans):
            continue
        # Left context: right after a district mention, or a clause start / 、 / a verb.
        prev = max((mm for mm in mentions if mm.end <= m.start()), key=lambda x: x.end,
                   default=None)
        best = None
        for size in range(2, 7):
            start = m.start() - size
            if start < 0:
                break
            stem = folded[start:m.start()]
            # Nesting needs a higher division right before (镇 → 村), not a sibling (石头社区查看社区).
            after_district = prev is not None and prev.end == start and _RANK.get(
                prev.facts.level, 3) < _RANK.get(level, 3)
            stopped = _stopped(stem)
            if (stopped and after_district and stem[0] in _TOPONYM_START
                    and not _bad_start(stem, True)):
                stopped = False  # 板坝镇那洞村: only the first character, and no word
            if not all("\u4e00" <= c <= "\u9fff" for c in stem) or stopped:
                break
            before = folded[start - 1] if start > 0 else "。"
            clause_start = not ("\u4e00" <= before <= "\u9fff")
            if _bad_start(stem, after_district) or any(a < m.start() and start < b
                                                        for a, b in spans):
                continue
            moved = folded[max(0, start - 2):start] in _MOVE_BEFORE
            if (after_district or clause_start or before in "在到与和及、以为赴来至于就对向从往沿的"
                    or moved):
                best = (start, stem, after_district)
                if after_district or moved:
                    break  # the verb ends the name: 深入板坝镇 is not a name 深入板坝
        if not best:
            continue
        start, stem, after_district = best
        name = stem + suffix
        nxt = folded[end:end + 1]
        if (name in _GENERIC or _bad_start(stem, after_district)
                or (_stopped(stem) and not (after_district and stem[0] in _TOPONYM_START
                                            and not _bad_start(stem, True)))
                or (level == "village" and len(stem) > 5) or suffix == "地区"
                or (suffix in ("乡", "村", "镇") and nxt and nxt in "村镇亲愁土里民庄落级务干域长")
                or (suffix == "镇" and stem.endswith("小"))):
            continue
        enumerated = start > 0 and folded[start - 1] in "、和及与" and prev is not None and (
            prev.facts.level == level)
        # 印象北里社区书记, 任辛庄村党支部: a post of the division's own Party/self-government
        # organisation right after it makes it a division whatever jieba says of the stem.
        own_post = _OWN_POST.match(folded, end) is not None
        # The first of a list of the same divisions (顺庆村、银鹤村和茶园村).
        listed = suffix in _LIST_NEXT and _LIST_NEXT[suffix].match(folded, end) is not None
        if (not after_district and not enumerated and not listed and not own_post
                and suffix != "街道" and not nounish(stem)):
            continue
        if descriptive_stem(stem, after_district):
            continue
        parent = prev.name if after_district and prev is not None else None
        if enumerated and prev is not None:
            parent = prev.facts.parent
        if parent is None and level == "town" and area:
            parent = area  # a town the gazetteer lacks lies in the article's own area
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[start:end],
                                start=start, end=end, rule="suffix",
                                confidence=0.8 if after_district else 0.6,
                                facts=DistrictFacts(level=level, parent=parent)))
        spans.append((start, end))
    _short_forms(folded, text, mentions, spans)
    mentions.sort(key=lambda x: x.start)
    return mentions


_SHORT_NEXT = set("、和与及等三两四五六七八九作的是在,，。;；:：)）」”")
_SUFFIX_STRIP = re.compile(r"(?:回族乡|民族乡|街道|地区|社区|镇|乡|村)$")

def _short_forms(folded: str, text: str, mentions: list[Mention],
                 spans: list[tuple[int, int]]) -> None:
    """Bare stems of towns and villages that the article prints in full: ``新华、北苑、中仓三个
    街道`` after ``新华街道``…; ``台湖`` after ``台湖镇``.  Only where a list mark, a counter or a
    clause mark follows the stem, so that 新华 in 新华社 stays no district."""
    full = {}
    for m in mentions:
        if m.facts.level in ("town", "village"):
            stem = _SUFFIX_STRIP.sub("", m.text)
            if len(stem) >= 2 and stem != m.text:
                full.setdefault(stem, m)
    for stem, m in full.items():
        for hit in re.finditer(re.escape(stem), folded):
            s, e = hit.span()
            if any(a < e and s < b for a, b in spans):
                continue
            if e < len(folded) and folded[e] not in _SHORT_NEXT:
                continue
            mentions.append(Mention(label=Label.DISTRICT.value, name=m.name, text=text[s:e],
                                    start=s, end=e, rule="short-form", confidence=0.7,
                                    facts=replace(m.facts)))
            spans.append((s, e))
