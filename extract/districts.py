"""District mentions: gazetteer names and suffix rules, resolved to one place each.

Rules (issue 3; GUIDELINES.md ``District``):

1. *Gazetteer* — full names and suffixed aliases of divisions down to 乡镇/街道
   (:mod:`newsgraph.extract.gazetteer`), longest match first; bare short names (``通州``,
   ``北京``) only for province-, city- and county-level units.
2. *Suffix* — a 2–6 character stem plus a suffix from ``data/district_suffixes.txt``
   (街道, 镇, 乡, 社区, 村 …) printed right after another district (``新华街道京贸国际城社区``,
   ``西集镇任辛庄村``) or at a clause start / after ``、`` (``潮庄镇、于家务回族乡``), for new
   divisions the gazetteer lacks.  Stems with function characters (全区, 各镇, 农村, 乡村) fail.
3. *Resolution* — a name shared by several places (新华街道) resolves to the one under a county
   the article prints, else under the corpus's home county; a town-level name with no such
   place is taken to lie in the home county (a district paper's own area, GUIDELINES.md).

``props["parent"]`` carries the resolved parent's name (for ``LOCATED_IN``) and
``props["level"]`` the level (province, city, county, town, village).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .gazetteer import Place, load_gazetteer
from .lexicon import table, words
from .normalize import fold
from .types import Mention

__all__ = ["find_districts", "home_counties", "county_counts"]

_STEM_STOP = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无乡镇街道社村居委会党政府辖")
_BAD_START = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无到赴来至于据经由")
_GENERIC = {"农村", "乡村", "城乡", "新农村", "美丽乡村", "全村", "本村", "该村", "各村", "村村",
            "社区", "各社区", "本社区", "该社区", "示范区", "全区", "城区", "辖区", "园区", "街道"}


@lru_cache(maxsize=1)
def _suffix_re():
    rows = table("district_suffixes.txt")
    levels = {suffix: level for level, suffix in rows}
    alt = "|".join(sorted(map(re.escape, levels), key=len, reverse=True))
    return levels, re.compile(f"(?:{alt})")


def _level_of(name: str) -> str:
    levels, _ = _suffix_re()
    for suffix in sorted(levels, key=len, reverse=True):
        if name.endswith(suffix):
            return levels[suffix]
    return "town"


def county_counts(text: str) -> dict[str, int]:
    """How often each county-level division is printed in full in ``text``, in the order of
    first printing (so that merged counts break ties the same way)."""
    counts: dict[str, int] = {}
    for _start, _end, places, full in _gazetteer_matches(fold(text), load_gazetteer()):
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


_ZONE = re.compile(r"(?:示范区|开发区|集聚区|园区|合作区|经济区|试验区|实验区|高新区|经开区|新区|管理区)$")


def _acceptable(name: str, places: list[Place], full: bool, home: tuple[str, ...]) -> bool:
    if name in words("district_stopwords.txt") or len(name) < 2:
        return False
    if _ZONE.search(name) and not name.endswith("新区"):
        return False
    if full:
        return len(name) >= 3 or places[0].level in ("province", "city")
    # Bare short names (通州, 北京) collide with words (合作, 公安, 惠民): only the upper
    # levels, and counties only when they are the corpus's own area.
    return all(p.level in ("province", "city") for p in places) or any(
        p.name in home for p in places)


def _gazetteer_matches(folded: str, gaz, home: tuple[str, ...] = ()
                       ) -> list[tuple[int, int, list[Place], bool]]:
    """Longest-first scan: (start, end, candidate places, is_full_name)."""
    out = []
    n, i = len(folded), 0
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
            if not _acceptable(cand, places, full, home):
                continue
            if not full and start + size < n and cand + folded[start + size] in gaz.by_name:
                continue
            out.append((start, start + size, places, full))
            i = start + size
            break
    return out


def _choose(places: list[Place], printed: set[str], home: list[str]) -> Place | None:
    def score(p: Place) -> tuple:
        anc = [a.name for a in p.ancestors()]
        in_article = sum(1 for a in anc if a in printed)
        in_home = 0
        for rank, h in enumerate(home[:3]):
            if h in anc or p.name == h:
                in_home = 3 - rank
                break
        return (in_article, in_home, -len(anc))

    best = max(places, key=score)
    s = score(best)
    if s[0] == 0 and s[1] == 0 and best.level == "town":
        return None  # a town elsewhere in China with nothing in the article pointing there
    return best


_OWN_POST = re.compile(r"(?:党委|党工委|党总支|党支部|书记|居委会|村委会|党群服务中心|办事处)")


def _nounish(stem: str) -> bool:
    """True if jieba tags every token of ``stem`` as a noun (n, ns, nr, nz, nt, nrt)."""
    from .tokenize import pos

    return all(flag in ("n", "ns", "nr", "nz", "nt", "nrt", "nrfg", "j") for _, flag in pos(stem))


def find_districts(text: str, home: list[str] = ()) -> list[Mention]:
    """Find district mentions in a normalised article text.

    Parameters
    ----------
    text : str
        Article text.
    home : list[str]
        County-level names of the corpus's own area, most frequent first
        (:func:`home_counties`).

    Returns
    -------
    list[Mention]
        ``name`` is the full official name; ``props`` has ``level`` and ``parent`` (or None).

    Examples
    --------
    >>> [(m.name, m.props["parent"]) for m in find_districts("潞城镇、马驹桥镇", ["通州区"])]
    [('潞城镇', '通州区'), ('马驹桥镇', '通州区')]
    """
    gaz = load_gazetteer()
    folded = fold(text)
    hits = _gazetteer_matches(folded, gaz, tuple(home[:1]))
    printed = {p.name for _, _, ps, full in hits if full for p in ps if p.level != "town"}
    printed |= {folded[s:e] for s, e, _, _ in hits}
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for s, e, places, full in hits:
        place = _choose(places, printed, list(home))
        if place is None:
            name, level, parent = folded[s:e], places[0].level, None
        else:
            name, level = place.name, place.level
            if name.endswith("地区") and folded[s:e].endswith("镇"):
                name = folded[s:e]  # Beijing's 地区办事处 towns are known by their 镇 name
            anc = place.ancestors()
            parent = anc[0].name if anc else None
        if place is None and level == "town" and home:
            parent = home[0]
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[s:e], start=s,
                                end=e, rule="gazetteer" if full else "gazetteer-short",
                                confidence=0.95 if full else 0.75,
                                props={"level": level, "parent": parent}))
        spans.append((s, e))

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
            if not all("\u4e00" <= c <= "\u9fff" for c in stem) or any(
                    c in _STEM_STOP for c in stem):
                break
            after_district = prev is not None and prev.end == start
            before = folded[start - 1] if start > 0 else "。"
            clause_start = not ("\u4e00" <= before <= "\u9fff")
            if after_district or clause_start or before in "在到与和及、":
                best = (start, stem, after_district)
                if after_district:
                    break
        if not best:
            continue
        start, stem, after_district = best
        name = stem + suffix
        nxt = folded[end:end + 1]
        if (name in _GENERIC or stem[0] in _BAD_START or any(c in _STEM_STOP for c in stem)
                or (level == "village" and len(stem) > 5) or suffix == "地区"
                or (suffix in ("乡", "村", "镇") and nxt and nxt in "村镇亲愁土里民庄落级务干域长")
                or (suffix == "镇" and stem.endswith("小"))):
            continue
        enumerated = start > 0 and folded[start - 1] in "、和及与" and prev is not None and (
            prev.props.get("level") == level)
        # 印象北里社区书记, 任辛庄村党支部: a post of the division's own Party/self-government
        # organisation right after it makes it a division whatever jieba says of the stem.
        own_post = _OWN_POST.match(folded, end) is not None
        if (not after_district and not enumerated and not own_post and suffix != "街道"
                and not _nounish(stem)):
            continue
        parent = prev.name if after_district and prev is not None else None
        if enumerated and prev is not None:
            parent = prev.props.get("parent")
        if parent is None and level == "town" and home:
            parent = home[0]
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[start:end],
                                start=start, end=end, rule="suffix",
                                confidence=0.8 if after_district else 0.6,
                                props={"level": level, "parent": parent}))
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
        if m.props.get("level") in ("town", "village"):
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
                                    props=dict(m.props)))
            spans.append((s, e))
