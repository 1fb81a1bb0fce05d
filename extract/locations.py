"""``LOCATED_IN`` relations of one article (GUIDELINES.md, relationship table).

* ``LOCATED_IN`` — a district in its resolved parent (the nearest printed division, or the
  article's own area; one per district and article, the most specific); a meeting in the most
  specific districts of its clause or of the visit's movement sentences, never the visiting
  group's own district (东丽区党政代表团来宁河县), else the article's lead, else its area (the host
  when the area is the visitors'); a project in a division printed inside its name, right before
  it or after 位于, the subject of its sentence, its launching meeting's place, the tour's site,
  else the area.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label, RelType
from .normalize import fold
from .sentences import sentence_at
from .types import MeetingRef, Mention, RelationMention

__all__ = ["location_relations"]


# Where an event happens: the clause after a movement verb or a clause-initial 在
# (来到永顺镇…、潞邑街道…、宋庄镇小堡村; 在通州区潞源街道与西集镇温情上演; 位于通运街道).
_MOVE = re.compile(r"(?:先后来到|来到|走进|前往|深入到|先后到|赴|位于|坐落于|"
                   r"(?:^|(?<=[，,。；;\n]))(?:同日|当天|随后|近日|日前|昨日|昨天)?[，,]?在|"
                   r"在(?=[^，。,；]{2,24}(?:举行|举办|召开|上演|启幕|开展|进行)))")
_SUFFIXES = ("街道", "社区", "回族乡", "镇", "乡", "村", "区", "县", "市", "省")
_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
# A visiting group right after a district: its origin, not the venue.
_ORIGIN = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:党政代表团|代表团|考察团|考察组|工作组|采访团|调研组|"
                     r"调研团|(?:党政)?领导(?:一行|率团|率队|带队)|一行)|(?:党政)?(?:代表团)?来(?:我|本)(?:市|县|区|旗)")
# A work placed after its name: 永兴河第二再生水厂位于北臧村镇.
_LOCATED = re.compile(r"[^,，。;；]{0,6}?(?:位于|坐落于|落户|选址|建在|地处)")


@lru_cache(maxsize=256)
def _area_ancestors(home: str) -> tuple[str, ...]:
    from .gazetteer import load_gazetteer

    return tuple(a.name for p in load_gazetteer().lookup(home) for a in p.ancestors())


def _tour_place(targets: list[str], districts: list[Mention]) -> str | None:
    """Where a tour's visited works lie: its one site, else the county-level division its
    sites share (printed in the article), else None."""
    targets = list(dict.fromkeys(targets))
    if len(targets) == 1:
        return targets[0]
    if not targets:
        return None
    by_name = {d.name: d for d in districts}
    shared = None
    for t in targets:
        d = by_name.get(t)
        up = set([t] + list(d.facts.ancestors)) if d else {t}
        if d is not None and d.facts.parent:
            up.add(d.facts.parent)
            pd = by_name.get(d.facts.parent)
            if pd is not None:
                up |= set(pd.facts.ancestors) | {pd.facts.parent}
        shared = up if shared is None else shared & up
    for name in sorted(shared or (), key=lambda n: -_RANK.get(
            by_name[n].facts.level, 0) if n in by_name else 0):
        if name in by_name and by_name[name].facts.level in ("county", "town"):
            return name
    return None


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[:-len(suffix)]
    return name


@lru_cache(maxsize=65536)
def _strip_q(name: str) -> str:
    return re.sub(r"[“”‘’\"'《》「」]", "", fold(name))


def _leaves(districts: list[Mention]) -> list[Mention]:
    """The most specific places: drop a district that is another one's printed parent, and
    keep one mention per name (宋庄镇 + 小堡村 → 小堡村)."""
    parents = {d.facts.parent for d in districts}
    # …and one that encloses another in the table (湖南省 beside 洞口县, 湖北省 beside 宜都市).
    parents |= {a for d in districts for a in d.facts.ancestors}
    seen: dict[str, Mention] = {}
    for d in districts:
        if d.name not in parents and d.name not in seen:
            seen[d.name] = d
    return list(seen.values())


def location_relations(sentences: list[tuple[int, int]], districts: list[Mention],
                       meetings: list[list[Mention]], projects: list[Mention],
                       home: str | None, text: str = "") -> list[RelationMention]:
    """LOCATED_IN relations of one article (district → parent, meeting/project → district).

    ``home`` is the article's home district (the county it prints most, else the corpus's);
    it is the fallback location of meetings and projects.  District-in-district edges come
    from each mention's resolved ``parent``.
    """
    out: list[RelationMention] = []
    text_folded = fold(text)
    # One parent per district and article: the most specific one printed (光明街村 under
    # 新保安镇 in the body, not under 怀来县 as the headline prints it).
    level_of = {d.name: _RANK.get(d.facts.level, 3) for d in districts}
    best_parent: dict[str, str] = {}
    for d in districts:
        parent = d.facts.parent
        if parent and parent != d.name and level_of.get(parent, 2) > level_of.get(
                best_parent.get(d.name), -1):
            best_parent[d.name] = parent
    for d in districts:
        parent = d.facts.parent
        if parent and parent != d.name and parent == best_parent.get(d.name):
            out.append(RelationMention(RelType.LOCATED_IN.value, (Label.DISTRICT.value, d.name),
                                       (Label.DISTRICT.value, parent), d.start, d.end,
                                       rule="gazetteer-parent" if d.rule.startswith("gaz")
                                       else "nesting", confidence=d.confidence))

    def in_sentence(pos: int) -> list[Mention]:
        s, e = sentence_at(sentences, pos)
        # Districts inside organisation names (通州区委) still locate a meeting; short forms
        # (北京 in 北京中医药大学) and names inside a document title (《北京市…条例》) do not.
        return [d for d in districts if s <= d.start < e and d.rule != "gazetteer-short"
                and not d.facts.in_title and not d.facts.implied]

    # Where the article's event happens: the places of movement sentences (来到/走进/前往…),
    # e.g. 政协委员先后来到永顺镇…、潞邑街道…、宋庄镇小堡村.
    moves = []
    for s, e in sentences:
        for mv in _MOVE.finditer(text_folded, s, e):
            clause_end = min([e] + [p for p in (text_folded.find(c, mv.end(), e) for c in ",，;；")
                                    if p >= 0])
            if mv.group(0).endswith("在") and re.search(
                    r"(?:会|坛|式|仪|礼)(?:上|中|期间)$", text_folded[mv.end():clause_end]):
                continue  # 在平谷区与郧西县…座谈会上: the meeting's name, not a venue
            moves += [d for d in in_sentence(s) if mv.end() <= d.start < clause_end]

    def in_clause(m: Mention) -> list[Mention]:
        # The meeting's own clause: 通州区召开月度工作点评会 — not the participants listed after
        # it (，新华街道、北苑街道…依次发言).
        s, e = sentence_at(sentences, m.start)
        cs = max([s] + [text_folded.rfind(c, s, m.start) + 1 for c in ",，;；"])
        ce = min([e] + [p for p in (text_folded.find(c, m.end, e) for c in ",，;；") if p >= 0])
        return [d for d in in_sentence(m.start) if cs <= d.start < ce]

    # A delegation's or guests' own district is not the venue (东丽区党政代表团来宁河县,
    # 北京市、天津市政协领导): drop districts printed as the origin of a visiting group.
    # Nor is a district inside a work's name (来到密云区第二中学库伦旗分校).
    moves = [d for d in moves if not _ORIGIN.match(text_folded, d.end) and not any(
        p.start <= d.start and d.end <= p.end for p in projects)]
    lead_places = _leaves(moves) or _leaves(
        [d for s, e in sentences[:3] for d in in_sentence(s) if d.end <= e
         and not _ORIGIN.match(text_folded, d.end)])
    visited = {d.name for d in moves} | {a for d in moves for a in d.facts.ancestors}
    # The article's area as the venue of what it reports: when the area is the visiting
    # group's own (东丽区党政代表团来宁河县), the host division the article prints most instead.
    origins = {d.name for d in districts if _ORIGIN.match(text_folded, d.end)}
    if home in origins:
        hosts = [d.name for d in districts if d.facts.level in ("county", "city")
                 and d.name not in origins and d.name not in _area_ancestors(home)
                 and not d.facts.implied]
        if hosts:
            home = max(dict.fromkeys(hosts), key=hosts.count)
    area_up = set(_area_ancestors(home)) if home else set()
    meeting_places: dict[int, list[str]] = {}
    for gi, g in enumerate(meetings):
        places = [d for m in g for d in in_clause(m) if not _ORIGIN.match(text_folded, d.end)]
        if visited:
            # A meeting held during a visit (两地…座谈会) is where the visit went.
            places = [d for d in places if d.name in visited] or places
        if len(meetings) == 1 or any(m.facts.visit for m in g):
            places += moves
        if home and places and all(d.name in area_up for d in places):
            places = []  # only divisions above the article's own area (a 北京市 plan cited)
        targets = [(d.name, d.start, d.end) for d in _leaves(places)]
        if targets and projects and any(m.facts.visit for m in g):
            # A tour that also visits works with no finer division printed is in the division
            # its name gives too (仲伟功到林校路街道调研: 火神庙社区 and, for 市场路…项目, 林校路街道).
            named = [d for d in districts if any(d.name in m.name for m in g)
                     and not d.facts.implied and d.name not in origins
                     and d.facts.level in ("county", "town", "village")]
            targets += [(d.name, d.start, d.end) for d in _leaves(named)]
        if not targets:  # the article's own place (its lead), else its home district
            targets = [(d.name, d.start, d.end) for d in lead_places
                       if not (home and d.name in area_up)]
        if not targets and home:
            targets = [(home, g[0].start, g[0].end)]
        meeting_places[gi] = [t[0] for t in targets]
        for name, s, e in dict.fromkeys(targets):
            out.append(RelationMention(RelType.LOCATED_IN.value, MeetingRef(gi),
                                       (Label.DISTRICT.value, name), s, e,
                                       rule="meeting-place" if places else "home-district",
                                       confidence=0.7 if places else 0.5))

    # One location per project and article, from the most telling evidence: a district inside
    # its name (宋庄艺术创意小镇 → 宋庄镇); the meeting that launches it (its name or sentence);
    # the districts printed with it; else the article's home district.
    by_name: dict[str, list[Mention]] = {}
    for p in projects:
        by_name.setdefault(p.name, []).append(p)
    # Sites of the article's visits, for the works visited on the tour: the one visited
    # division, or the county the visited places share (赵恩海…镇原县 for its towns and villages).
    visit_targets = [meeting_places.get(gi, []) for gi, g in enumerate(meetings)
                     if any(m.facts.visit for m in g)]
    tour = _tour_place([t for ts in visit_targets for t in ts], districts)

    for name, mentions in by_name.items():
        first = mentions[0]
        # A division printed inside the name, the last one (密云区第二中学库伦旗分校 → 库伦旗), or
        # the town whose stem opens it (宋庄艺术创意小镇 → 宋庄镇).
        inside = [d for p in mentions for d in districts if p.start <= d.start and d.end <= p.end
                  and d.rule != "gazetteer-short"] or [
            d for d in districts if len(_stem(d.name)) >= 2 and name.startswith(_stem(d.name))
            and d.facts.level in ("county", "town", "village")]
        launched = sorted({pl for gi, g in enumerate(meetings) for m in g for p in mentions
                           if _strip_q(name) in _strip_q(m.name)
                           or sentence_at(sentences, m.start) == sentence_at(sentences, p.start)
                           for pl in meeting_places.get(gi, [])})
        # Printed with it: right before it in its clause (洋溪镇蒋家坝…茶园), or after 位于 (…水厂位于北臧村镇).
        printed = [d for p in mentions for d in in_sentence(p.start)
                   if (d.end <= p.start and not re.search(r"[,，;；、。和及与]",
                                                           text_folded[d.end:p.start])
                       )
                   or (d.start >= p.end and _LOCATED.match(text_folded, p.end)
                       and d.start - p.end <= 8)]
        # The subject of its sentence: 潮庄镇要…推动文化健康小镇高质量发展.
        subject = [d for p in mentions for d in in_sentence(p.start)
                   if d.start - sentence_at(sentences, p.start)[0] <= 2 and d.end <= p.start
                   and d.facts.level in ("county", "town", "village")
                   and not _ORIGIN.match(text_folded, d.end)]
        if inside:
            chosen, rule, conf = [max(inside, key=lambda d: d.end).name], "name-place", 0.75
        elif printed:
            chosen, rule, conf = [_leaves(printed)[0].name], "project-place", 0.65
        elif subject:
            chosen, rule, conf = [subject[0].name], "project-subject", 0.6
        elif launched:
            chosen, rule, conf = launched, "launch-place", 0.65
        elif tour:
            chosen, rule, conf = [tour], "visit-place", 0.55
        elif home:
            chosen, rule, conf = [home], "home-district", 0.5
        else:
            chosen = []
        for place in chosen:
            out.append(RelationMention(RelType.LOCATED_IN.value, (Label.PROJECT.value, name),
                                       (Label.DISTRICT.value, place), first.start, first.end,
                                       rule=rule, confidence=conf))
    return out
