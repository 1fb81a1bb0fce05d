"""Research visits and inspections (GUIDELINES.md ``Meeting``: an inspection or research visit).

A visit is printed in one of three shapes (issue 12, pattern 7):

1. *Movement + destination* — ``到/赴/来到/前往/深入/走进/莅临/来 <where>`` then a visit verb
   (``data/visit_verbs.txt``: 调研, 考察, 检查, 对接 …), right after the destination
   (``赴X考察``, ``深入X、Y等地调研检查``, ``来X参观考察``) or in the next clause
   (``来到X，就…进行调研``, ``来到X，开展…对接``, ``深入X，走访群众``).
2. *Verb + destination* — ``<official>(专题)调研 <where>…`` (``X专题调研Y开发区建设工作``).
3. *No destination* — ``<official>以“四不两直”方式…检查…`` or ``<official>带队开展…督查``: the
   printed phrase is the name.

The visit is the leading official's (the nearest official before the verb in the sentence:
``X率队``, ``X一行``, ``由X带队的…代表团``); when two officials lead it together (``A，B带领…
代表团``) or none is named, it is the delegation's (``data/visit_groups.txt``, ``…领导一行``).
The name follows DECISIONS.md: ``<who>到<where>调研``; other printed forms (the printed phrase,
the headline, later movements of the same visitor) are mentions of the same visit, flagged
``generic`` so that the template stays the node's name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation, words
from .types import MeetingFacts, Mention

__all__ = ["find_visits", "find_talks"]

_STOP = "，。；,;：:\n！？!?"
# 受到/得到/达到/做到…: 到 is no movement there.
_MOVES = (r"先后来到|先后深入|先后到|来到|走进|前往|深入到|深入|莅临|(?<![受得达做看感直提遇想谈说回报找收迟签])到|"
          r"赴|来|在")
_PLACE_END = (r"(?:经济技术开发区|开发区|高新区|园区|新区|街道|社区|嘎查|区|县|市|镇|乡|村|旗|盟|州)"
              r"(?:\([^()]{1,12}\))?")


@lru_cache(maxsize=1)
def _res():
    verb = alternation("visit_verbs.txt")
    group = alternation("visit_groups.txt")
    # Adverbs, then at most one 就…/围绕… topic (a topic holds no second 就/围绕: no nested
    # repetition for the engine to backtrack through), then adverbs again.
    adverbs = r"(?:先后|一同|一起|共同|实地|专题|集中|现场|逐一|分别|深入|参观|重点|开展|进行)*"
    lead = f"{adverbs}(?:(?:就|围绕)[^，。；就围]{{0,40}}?)?{adverbs}"
    move = re.compile(
        f"(?P<mv>{_MOVES})(?P<where>(?:(?!到|赴|前往|来到|在)[^{_STOP}]){{2,40}}?)"
        f"(?:(?P<direct>{lead}(?:{verb}))|(?P<comma>[,，](?:[^,，。；;\n]{{2,16}}[,，])?(?:两地|双方|一行)?(?:沿途|随后|详细|认真|重点|逐一|先后|一同)?"
        f"(?:{verb}|参观|询问|了解|"
        f"(?:就|开展|进行|围绕|聚焦|实地|专题|召开)[^。；;\n]{{0,80}}?(?:{verb}|现场办公会|现场会|座谈会|"
        f"推进会|调度会))))")
    direct = re.compile(f"(?:一行)?(?:专题|实地|深入|先后)?(?:调研|视察|考察)(?P<where>[^{_STOP}、“”\"]{{2,30}}?"
                        f"{_PLACE_END})")
    inspect = re.compile(f"(?:一行|带队|率队)?(?:以[“\"]?四不两直[”\"]?方式|带队|率队)"
                         f"[^{_STOP}]{{0,40}}?(?:检查|督查|督导|暗访)[^{_STOP}]{{0,24}}")
    grp = re.compile(f"(?P<g>[^{_STOP}]{{2,24}}?(?:{group}|领导))(?:一行|率团|率队|带队|等)*$")
    led = re.compile(f"(?:带领|率领|率)(?P<g>[^{_STOP}]{{2,24}}?{group})")
    return move, direct, inspect, grp, led


_BAD_WHERE = re.compile(r"^(?:了|开展|进行|参加|组织|基层|一线|现场|各|全|有关|相关|实地|此|这|那|哪|何|会上|会议|"
                        r"座谈|讲话|工作|情况|大会|一起|一同|自)")
_TIME = re.compile(r"^(?:本报讯|据[^，,]{2,20}消息|\([^)]{0,30}\)|[\d月日年至上下午晚时、]+|昨天|昨日|今天|今日|近日|"
                   r"日前|当天|同日|随后|由)+")
_BAD_INSIDE = re.compile(r"总书记|习近平|贯彻|落实|精神|学习|讲话|指示")
_SEPARATE = re.compile(r"分头|各自带队|分别带队|各自带领")
_VERBISH = re.compile(r"出席|参加|陪同|主持|讲话|强调|指出|表示|要求|召开|举行")


# Bounded look-backs (a clause or sentence longer than this starts at the bound): a search back
# to the text start for every match would make long texts quadratic.
_BACK = 300


def _clause_start(folded: str, pos: int) -> int:
    lo = max(0, pos - _BACK)
    return max(lo, max(folded.rfind(ch, lo, pos) for ch in _STOP) + 1)


def _sentence_start(folded: str, pos: int) -> int:
    lo = max(0, pos - _BACK)
    return max(lo, max(folded.rfind(ch, lo, pos) for ch in "。；;!！?？\n") + 1)


def _group(folded: str, pos: int) -> str:
    """The visiting body printed before ``pos`` in its clause: ``湖北省郧西县代表团``,
    ``张家口市领导`` (率团), ``太仆寺旗领导`` (一行)."""
    s = _clause_start(folded, pos)
    clause = re.sub(r"^(?:组织|带领|率领|率)", "", _TIME.sub("", folded[s:pos]))
    clause = re.sub(r"在[^，。]{0,30}(?:陪同|带领)下$", "", clause)
    m = _res()[3].search(clause)
    if not m:
        return ""
    g = m.group("g")
    g = g[g.rfind("的") + 1:] if "的" in g[:-2] else g  # …媒体组成的“…”采访团 → “…”采访团
    if _VERBISH.search(g) or len(g) > 24:
        return ""
    return g


def _who(folded: str, pos: int, officials: list[Mention]) -> tuple[str, Mention | None]:
    """The visitor of a visit verb at ``pos``: (name, official or None)."""
    sent = _sentence_start(folded, pos)
    cs = _clause_start(folded, pos)
    before = [o for o in officials if sent <= o.start and o.end <= pos and cs <= o.end + 40]
    if before:
        o = max(before, key=lambda x: x.end)
        # 在…的陪同下 names the hosts, not what the visitor did.
        between = re.sub(r"在[^。；]{0,40}?陪同下", "", folded[o.end:pos])
        if _VERBISH.search(between):
            return "", None
        led = _res()[4].search(between)
        # A，B带领…代表团: co-led → the delegation.
        co = [x for x in officials if sent <= x.start and x.end <= o.start and
              o.start - x.end <= 30 and not _VERBISH.search(folded[x.end:o.start])]
        if led and co:
            g = led.group("g")
            return _TIME.sub("", g), None
        # 区委书记A、区长B到X调研: the first of the listed leaders leads the visit.
        while co:
            o = max(co, key=lambda x: x.end)
            co = [x for x in officials if sent <= x.start and x.end <= o.start and
                  o.start - x.end <= 30 and not _VERBISH.search(folded[x.end:o.start])]
        return o.name, o
    titled = _titled_visitor(folded, pos)
    if titled:
        return titled.name, titled
    g = _group(folded, pos)
    return g, None


@lru_cache(maxsize=1)
def _titled_re() -> re.Pattern:
    return re.compile(f"{alternation('posts.txt')}(?P<n>[\u4e00-\u9fff]{{2,3}}?)"
                      f"(?:一行|率队|带队|(?:率|带领|率领)[^，。；]{{0,40}}|等)?$")


def _titled_visitor(folded: str, pos: int) -> Mention | None:
    """``县长秦会刚到洋溪镇调研`` when the official finder missed the name: a post word, then a
    2–3 character name starting with a surname, right before the movement (or ``率…``).  The
    mention only names the visit; no Official node is made here."""
    s = _clause_start(folded, pos)
    clause = re.sub(r"在[^，。]{0,30}(?:陪同|带领)下$", "", folded[s:pos])
    m = _titled_re().search(clause)
    if not m or m.group("n")[0] not in _surnames():
        return None
    start = s + m.start("n")
    return Mention(label=Label.OFFICIAL.value, name=m.group("n"), text=m.group("n"),
                   start=start, end=start + len(m.group("n")), rule="visit-titled")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(words("surnames.txt"))


# A destination printed as divisions then a site (丰台街道永善里小区…家中, 雷山县西江千户苗寨):
# the visit is named with the divisions (DECISIONS.md: <where> the visited division).
_DIVISIONS = re.compile(r"(?:(?:(?!小区|园区|景区|校区|厂区|城区|矿区|库区)[^、“”\"()]){1,12}?"
                        r"(?:街道|社区|镇|乡|村|县|区|市|旗|嘎查|州|盟|省)(?!区|县|市|镇|乡|村|路|街|道))+"
                        r"(?:\([^()]{1,12}\))?")


def _name_parts(where: str) -> str:
    where = re.sub(r"^.*?[”\"]", "", where) if where.count("”") > where.count("“") else where
    where = re.sub(r"(?:开展|进行|专题|实地|深入|集中|联合|参观|一线|学习|交流|观摩)+$", "", where)
    where = where.strip("、 ")
    if "、" not in where:
        d = _DIVISIONS.match(where)
        if d and len(where) - d.end() >= 2 and d.end() >= 2:
            where = where[:d.end()]
    return where


def find_visits(folded: str, text: str, officials: list[Mention],
                body_start: int = 0) -> list[Mention]:
    """Visit mentions of an article (see the module docstring), in text order.

    ``folded`` is :func:`newsgraph.extract.normalize.fold` of ``text``.  Each mention has
    ``facts.visit``, ``facts.who`` (the official, or None for a delegation) and
    ``facts.visit_id``: mentions with one id are one visit, the one without ``generic``
    carrying its ``<who>到<where>调研`` name.
    """
    move, direct, inspect, _, _ = _res()
    found: list[tuple[int, int, str, str, Mention | None, str, int, int]] = []
    pos = 0
    while True:
        m = move.search(folded, pos)
        if not m:
            break
        pos = m.start() + 1  # a rejected match may hide one that starts inside it
        mv = m.group("mv")
        if mv == "来" and not (folded[m.start() - 1:m.start()] in ("行", "团", "组", "队") or
                              any(o.end == m.start() for o in officials)):
            continue
        if mv == "在" and m.group("comma"):
            continue
        where = _name_parts(m.group("where"))
        if (len(where) < 2 or _BAD_WHERE.match(where) or _VERBISH.search(where)
                or _BAD_INSIDE.search(where)):
            continue
        who, o = _who(folded, m.start(), officials)
        if not who:
            continue
        phrase_start = o.start if o else _clause_start(folded, m.start())
        phrase_end = m.end("direct") if m.group("direct") else m.end("where")
        found.append((m.start(), m.end(), who, where, o, "visit", phrase_start, phrase_end))
        pos = m.end()
    moves = list(found)
    for o in officials:
        d = direct.match(folded, o.end)
        if d:
            who, oo = o.name, o
            found.append((o.end, d.end(), who, _name_parts(d.group("where")), oo, "visit-object",
                          o.start, d.end()))
            continue
        i = inspect.match(folded, o.end)
        # 带队来到X检查: a printed destination makes it a visit (rule 1), not a phrase name.
        if i and not _VERBISH.search(i.group(0)) and not any(
                o.end <= f[0] < i.end() for f in moves):
            found.append((o.end, i.end(), o.name, "", o, "inspection", o.start, i.end()))
    umbrella = _umbrella(folded, text, officials) if _SEPARATE.search(folded) else []
    if not found:
        return umbrella
    # A page's headline block may carry other articles' headlines: a headline visit counts only
    # for a visitor the body names too.
    in_body = {o.name for o in officials if o.start >= body_start}
    found = [f for f in found if f[0] >= body_start or f[4] is None or f[4].name in in_body]
    if not found:
        return umbrella
    found.sort(key=lambda f: (f[0] < body_start, f[0]))
    visits: list[tuple[str, bool, str, int]] = []  # (who, is official, where, id)
    out: list[Mention] = []
    # One article reports one visit, however many places it lists, unless its leaders went
    # separately (分头, 各自带队): then each leader's own movements make his own visit.
    separate = bool(_SEPARATE.search(folded))
    for start, end, who, where, o, rule, ps, pe in found:
        vid = next((v[3] for v in visits if v[0] == who), None)
        if vid is None and visits and (not separate or o is None):
            vid = visits[0][3]
        primary = vid is None
        if primary:
            vid = len(visits)
            visits.append((who, o is not None, where, vid))
        printed = text[ps:pe]
        name = f"{who}到{where}调研" if where else printed
        out.append(Mention(label=Label.MEETING.value, name=name, text=text[start:end],
                           start=start, end=end, rule=rule, confidence=0.85 if primary else 0.6,
                           facts=MeetingFacts(visit=True, who=o.name if o else None,
                                              visit_id=vid, generic=not primary)))
        if printed != name and len(printed) >= 6:
            out.append(Mention(label=Label.MEETING.value, name=printed, text=printed, start=ps,
                               end=pe, rule=rule + "-printed", confidence=0.6,
                               facts=MeetingFacts(visit=True, who=o.name if o else None,
                                                  visit_id=vid, generic=True)))
    out += umbrella
    out.sort(key=lambda x: x.start)
    return out


_TALK = re.compile(r"与[^，。；,;]{1,30}?(?:座谈交流|座谈|会谈)(?!会)")


def find_talks(folded: str, text: str, officials: list[Mention]) -> list[Mention]:
    """``区委书记A与B县委书记C座谈交流`` (issue 12 pattern 8): a talk between two named officials,
    named ``A与C座谈交流``; ``generic`` so that, during a visit, it folds into the visit."""
    out = []
    for m in _TALK.finditer(folded):
        sent = _sentence_start(folded, m.start())
        a = [o for o in officials if sent <= o.start and o.end <= m.start()
             and not _VERBISH.search(folded, o.end, m.start())]
        b = [o for o in officials if m.start() < o.start and o.end <= m.end()]
        if not a or not b or _VERBISH.search(m.group(0)) or "活动" in m.group(0):
            continue  # 与B参加有关活动并座谈: a remark on the programme, not a talk of its own
        o1, o2 = max(a, key=lambda o: o.end), max(b, key=lambda o: o.end)
        verb = "座谈交流" if "座谈交流" in m.group(0) else m.group(0)[-2:]
        out.append(Mention(label=Label.MEETING.value, name=f"{o1.name}与{o2.name}{verb}",
                           text=text[o1.start:m.end()], start=o1.start, end=m.end(),
                           rule="talk", confidence=0.7, facts=MeetingFacts(generic=True)))
    return out


_UMBRELLA = re.compile(r"等(?P<g>[^，。；,;、]{0,10}领导)(?:分别|分头)?(?P<v>督导检查|检查|督查|督导|调研|走访慰问|"
                       r"慰问|视察|暗访)(?P<obj>[^，。；,;]{2,40})")


def _umbrella(folded: str, text: str, officials: list[Mention]) -> list[Mention]:
    """``A，B，C等区四套班子领导督导检查…工作，各自带队深入一线``: one headline activity of several
    named leaders who then visit separately (DECISIONS.md: an umbrella node named by the printed
    lead, besides each leader's own visit)."""
    out = []
    for m in _UMBRELLA.finditer(folded):
        sent = _sentence_start(folded, m.start())
        named = [o for o in officials if sent <= o.start and o.end <= m.start()]
        if len({o.name for o in named}) < 2:
            continue
        s, e = m.start("g"), m.end("obj")
        out.append(Mention(label=Label.MEETING.value, name=text[s:e], text=text[s:e], start=s,
                           end=e, rule="collective-visit", confidence=0.7,
                           facts=MeetingFacts(generic=False)))
    return out
