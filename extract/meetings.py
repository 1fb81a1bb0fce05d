"""Meeting mentions: named meetings, ceremonies and research visits.

Rules (issue 3; GUIDELINES.md ``Meeting``), on the folded article text, headlines included:

1. *Trigger before the name* — ``召开/举行/举办/开展/主持召开`` + a name ending with a meeting
   suffix from ``data/meeting_suffixes.txt`` (``通州区召开月度工作点评会``).
2. *Name before the trigger* — a clause ending with a suffix, then ``召开/举行/开幕/启动``
   (``通州区半年工作会议召开``).
3. *Venue phrase* — ``在…论坛/研讨会/开班式…上``.
4. *Quoted name* — ``“…研讨会”``.
5. *Visit* — research visits and inspections, see :mod:`newsgraph.extract.visits`
   (``<official> … 到/赴/来到 <place> 调研/视察/考察`` gives ``<official>到<place>调研``).

Triggers take the aspect particle (``召开了X``) and, for a numbered session, attendance verbs
(``出席县第十八届人民代表大会第一次会议的代表``).  A generic name takes its printed venue
(``在张北县召开现场办公会``); a sub-event (``预备会议``, a ceremony ``会议还举行了…``) folds into its
session; ``随后召开的座谈会`` is generic (it folds into the visit); ``我县…`` names the printed county.
No meeting: a relayed one (``传达学习了X在…会议上的讲话精神``), one held habitually
(``多次召开…会议``), a described type (``不定期举办的研讨会``), the object of a greeting
(``对大会召开表示祝贺``), and web-page links (``上一篇：…``).

A bare generic name (``座谈会``) takes the subject printed before its trigger
(``通州区与歌华传媒召开座谈会`` → ``通州区与歌华传媒座谈会``); without one, during a visit, it is
folded into the visit (GUIDELINES.md clarification).  A meeting only relayed or cited
(``传达全市半年工作会议精神``) is no meeting.  Mentions of one meeting in an article are merged by
containment or bigram similarity; the longest printed name wins and the rest become aliases.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation, words
from .meeting_names import (CLAUSE_BREAK, QUANTIFIED, clean_name, generic_names, strip_name,
                            trigger_subject, venue_place)
from .normalize import fold
from .scan import finditer_near, windows_around
from .types import MeetingFacts, Mention
from .visits import find_talks, find_visits

__all__ = ["find_meetings", "meeting_patterns", "trigger_anchors"]

# 传达…会议精神; 传达学习了X在…会议上的(重要)讲话精神 (issue 12 pattern 9).
_RELAYED_AFTER = re.compile(r"[”’]?(?:(?:上|中)?(?:的|所作的|发表的)?(?:重要)?(?:讲话|指示|批示|报告)?"
                            r"(?:精神|要求|部署|决策))")
_RELAYED_BEFORE = re.compile(r"(?:传达|学习|贯彻|落实|领会|宣讲|传达学习|学习贯彻|贯彻落实)(?:[^，。]{0,6}|"
                             r"[^，。]{0,20}在)$")
_GENERIC_MAX = 4  # a name this short is just the suffix (座谈会, 推进会, 开班式)


_TRIGGERS_AFTER = "召开|举行|开幕|启动|启幕|开班|举办|设在"  # …仪式蓬安分会场设在…现场


@lru_cache(maxsize=1)
def meeting_patterns() -> tuple[re.Pattern, ...]:
    """``(before, after, venue, quoted, last, course)``, on the folded text, each with the
    name as group ``n``: a trigger and the name after it (rule 1, the trigger as group ``t``),
    a name and its trigger (rule 2), a venue phrase (rule 3), a quoted name (rule 4), the
    name up to its last suffix (``data/meeting_suffixes.txt``), and a course's opening.  Run
    ``after`` and ``course`` near :func:`trigger_anchors`."""
    suffix = alternation("meeting_suffixes.txt")
    # 召开了X: the aspect particle is part of the trigger (issue 12 pattern 8).
    before = re.compile(f"(?P<t>主持召开|召开|举行|举办|开展|组织召开|出席|参加|列席)了?(?P<n>[^{CLAUSE_BREAK}]{{2,80}})")
    after = re.compile(f"(?P<n>[^{CLAUSE_BREAK}]{{2,80}}?(?:{suffix}|活动)"
                       f"(?:暨[^{CLAUSE_BREAK}]{{1,30}}?)?)[”’]?[,，]?"
                       f"(?:以[^，。；,]{{1,12}}(?:形式|方式))?(?:在[^，。；,]{{1,20}})?(?:正式|隆重|顺利)?(?:{_TRIGGERS_AFTER})")
    # A training course is a Meeting only through its opening ceremony (GUIDELINES.md).
    course = re.compile(f"(?P<n>[^{CLAUSE_BREAK}]{{2,60}}?(?:培训班|研修班|专题班|训练营))[”’]?"
                        r"(?:在[^，。；,]{1,20})?(?:正式|隆重|顺利)?开班")
    venue = re.compile(f"在(?P<n>[^{CLAUSE_BREAK}]{{2,80}}?{suffix})[”’]?(?:上|中|期间|现场)")
    quoted = re.compile(f"[“\"](?P<n>[^”\"]{{2,60}}?{suffix})[”\"]")
    last = re.compile(f".*{suffix}")
    return before, after, venue, quoted, last, course


@lru_cache(maxsize=1)
def trigger_anchors() -> tuple[re.Pattern, int, re.Pattern, int]:
    """Where ``after`` and ``course`` can match (see :mod:`newsgraph.extract.scan`): every
    start of a trigger that ends them (look-aheads, so that overlapping triggers all count),
    and how far before it the match can start — their longest names, suffixes, 暨 part,
    closing quote and comma, venue and adverb."""
    longest = max(map(len, words("meeting_suffixes.txt")))
    after_reach = 80 + max(longest, 2) + 1 + 30 + 1 + 1 + 15 + 21 + 2
    course_reach = 60 + 3 + 1 + 21 + 2
    return (re.compile(f"(?=(?:{_TRIGGERS_AFTER}))"), after_reach,
            re.compile("(?=开班)"), course_reach)

def _relayed(folded: str, start: int, end: int) -> bool:
    return bool(_RELAYED_AFTER.match(folded, end) or _RELAYED_BEFORE.search(folded[:start]))

_SESSION = re.compile(r"第[一二三四五六七八九十百\d]{1,4}(?:次|届)")
_SESSION_END = re.compile(r".{2,60}?(?:会议|大会)(?=[的,，。并和及上])")
_PART_OF = re.compile(r"(?:会议|会上|大会|论坛|会前|会后)")


def _sentence_head(folded: str, pos: int) -> str:
    """The start of the sentence holding ``pos`` (会议听取了…，并举行了X仪式: X is part of it)."""
    lo = max(0, pos - 300)
    s = max(lo, max(folded.rfind(c, lo, pos) for c in "。；;!！?？\n") + 1)
    return folded[s:s + 4]


_MOVED = re.compile(r"(?:到|赴|来到|前往|深入)[^，。]{2,}")
_HABITUAL = re.compile(r"(?:多次|多场|定期|经常|每月|每周|每季度|每年|屡次|反复|逐月|均)$")
_INSIDE = re.compile(r"(?:会议|会上|大会|会前|会后|会中)(?:期间)?(?:还|并|同时|随后|最后)?$")
_NAV_LINE = re.compile(r"上一篇|下一篇")


@lru_cache(maxsize=1)
def _sub_events() -> frozenset[str]:
    return frozenset(words("meeting_sub_events.txt"))

@lru_cache(maxsize=1)
def _host_re() -> re.Pattern:
    return re.compile(f"[“\"]|[^{CLAUSE_BREAK}]{{2,40}}?{alternation('meeting_suffixes.txt')}")


def _hosts_event(folded: str, trigger_end: int) -> bool:
    """``X举行Y大会``: a named event follows the trigger, so X is its host, not the event."""
    return bool(_host_re().match(folded, trigger_end))

def find_meetings(text: str, officials: list[Mention] = (), body_start: int = 0) -> list[Mention]:
    """Find meeting mentions in an article text.

    Parameters
    ----------
    text : str
        Normalised article text (headlines first, then body).
    officials : list[Mention]
        Official mentions of the article, for visit names (rule 5).
    body_start : int
        Offset where the body starts: a visit is named from its body mention, not the headline.

    Returns
    -------
    list[Mention]
        Unmerged mentions in text order; ``facts.generic`` marks a bare suffix name,
        ``facts.visit`` a research visit.  See
        :func:`~newsgraph.extract.meeting_groups.merge_meeting_mentions`.

    Examples
    --------
    >>> [m.name for m in find_meetings("昨天下午，通州区半年工作会议召开。")]
    ['通州区半年工作会议']
    """
    folded = fold(text)
    before, after, venue, quoted, last, course = meeting_patterns()
    out: list[Mention] = []

    def add(start: int, end: int, rule: str, conf: float, subject: str = "") -> None:
        raw = folded[start:end]
        cleaned = clean_name(raw)
        if not cleaned or _relayed(folded, start, end) or len(strip_name(cleaned)) < 3:
            return
        if _NAV_LINE.search(folded, folded.rfind("\n", 0, start) + 1, start + 1):
            return  # 上一篇：…/下一篇：… links of a web page name other articles
        s = start + raw.find(cleaned)
        e = s + len(cleaned)
        printed = text[s:e]
        sub_event = strip_name(cleaned) in _sub_events() or bool(_INSIDE.match(subject))
        if sub_event:
            subject = ""  # 会议还举行了宪法宣誓仪式: part of the session (DECISIONS.md)
        generic = len(strip_name(cleaned)) <= _GENERIC_MAX or sub_event
        if (subject in {o.name for o in officials} or QUANTIFIED.match(subject or "")
                or len(subject) < 2 or subject[0] in "并和及还又也再"
                or any(o.name in subject for o in officials) or _MOVED.search(subject)):
            # 双牌县长魏和胜到上梧江瑶族乡召开现场办公会: a person's trip is no convener.
            subject = ""  # 孟景伟召开座谈会: a person is no name for a meeting
        prefix = subject and len(subject) <= 14 and (generic or rule == "trigger+name") and (
            not printed.startswith(subject))
        name = subject + printed if prefix else printed
        out.append(Mention(label=Label.MEETING.value, name=name, text=printed, start=s, end=e,
                           rule=rule, confidence=conf if not generic else conf - 0.2,
                           facts=MeetingFacts(generic=generic and name == printed, sub_event=sub_event,
                                              part_of=bool(_PART_OF.match(
                                                  _sentence_head(folded, start))))))

    for m in before.finditer(folded):
        if _HABITUAL.search(folded, max(0, m.start() - 4), m.start()):
            continue  # 多次召开常委会会议研究…: meetings mentioned in passing, no event
        chunk = m.group("n")
        lm = last.match(chunk)
        if not lm:
            continue
        attendance = m.group("t") in ("出席", "参加", "列席")
        if attendance:
            # 出席县第十八届人民代表大会第一次会议的代表: only a numbered session, up to the
            # first suffix that ends the phrase (not 会议并传达…会议精神).
            lm = _SESSION_END.match(chunk)
            if not lm or not _SESSION.search(lm.group(0)):
                continue
        s = m.start("n")
        # 县领导出席座谈会: the clause before an attendance verb names people, not the convener.
        # 随后召开的X会议上: a relative clause, the text before it is no convener.
        relative = folded.startswith("的", m.end("t"))
        if relative and len(strip_name(fold(lm.group(0)))) <= _GENERIC_MAX + 1:
            continue  # 不定期举办的研讨会: a description, not a meeting
        subject = "" if attendance or relative else trigger_subject(folded, m.start())
        if (strip_name(fold(lm.group(0))) in generic_names()
                and len(strip_name(fold(lm.group(0)))) > _GENERIC_MAX):
            # 在张北县召开现场办公会 → 张北县现场办公会 (DECISIONS.md: the printed place)
            subject = venue_place(folded, m.start()) or subject
        add(s, s + lm.end(), "trigger+name", 0.9, subject)
    after_anchor, after_reach, course_anchor, course_reach = trigger_anchors()
    for found, rule, conf in ((finditer_near(after, folded, windows_around(
                                   after_anchor, folded, after_reach, 8)), "name+trigger", 0.85),
                              (venue.finditer(folded), "venue", 0.8),
                              (quoted.finditer(folded), "quoted", 0.75)):
        for m in found:
            s, e = m.span("n")
            if rule == "name+trigger" and _hosts_event(folded, m.end()):
                continue  # 政协…第二次会议举行“…”建言献策大会: the session hosts the named event
            if rule == "quoted" and (any(x.start <= s and e <= x.end + 2 for x in out)
                                     or folded[s:e].endswith("活动")):
                continue
            add(s, e, rule, conf)
    for m in finditer_near(course, folded, windows_around(course_anchor, folded,
                                                          course_reach, 8)):
        s, e = m.span("n")
        cleaned = clean_name(folded[s:e])
        if cleaned and not _relayed(folded, s, e):
            s2 = s + folded[s:e].find(cleaned)
            out.append(Mention(label=Label.MEETING.value, name=text[s2:e] + "开班式",
                               text=text[s2:e], start=s2, end=e, rule="course-opening",
                               confidence=0.75, facts=MeetingFacts(generic=False)))
    # Rule 5: research visits and inspections (extract/visits.py).
    visits = find_visits(folded, text, officials, body_start)
    # A delegation's tour after a named event of the article is that event's programme
    # (政协委员先后来到… in a 民主监督协商活动), not a visit of its own.
    named_at = [m.start for m in out if not m.facts.generic and m.start >= body_start]
    dropped = {v.facts.visit_id for v in visits if v.facts.visit and
               not v.facts.generic and v.facts.who is None and
               any(s < v.start for s in named_at)}
    out += [v for v in visits if not v.facts.visit or v.facts.visit_id not in dropped]
    out += find_talks(folded, text, officials)
    out.sort(key=lambda x: x.start)
    return out
