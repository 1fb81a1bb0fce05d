"""Relations between the mentions of one article: ATTENDED, SPOKE_AT, LOCATED_IN.

Rules (GUIDELINES.md, relationship table):

* ``SPOKE_AT`` — a speech verb (``data/speech_verbs.txt``: 主持, 讲话, 点评, 传达, 部署, 强调,
  指出, 表示, 汇报, 宣读, 表态发言, 述职 … but not 书面发言) in the official's own clause, right
  after the name (``孟景伟主持会议并讲话``, ``王翔宇在开班式上强调``, ``X代表县委对…表示欢迎``); in
  the next clause after an attendance verb (``出席仪式，宣布开工``); opening a later clause that
  goes on with the same subject (``X来到A，沿途察看…，要求…``); shared by a list (``A、B出席并致辞``,
  ``A，以及B先后作表态发言``, ``…分别作了发言``); or a pronoun sentence (``她指出``,
  ``他在随后的表态发言中…``) after the official's last mention.  ``role`` is the printed text
  from the name to the last verb (``主持会议并讲话``).
* ``ATTENDED`` — every official who spoke, and every official in a sentence with an attendance
  or speech verb (``出席``, ``参加``, ``陪同``, ``调研``, ``视察``, ``宣誓``, ``签署`` …), and the
  official whose visit it is.  Not an official named only as the object of a personnel decision
  (``任命X为…``, ``免去X的…职务``, ``接受X辞去…的请求``) unless the clause shows him at the session
  (``进行宪法宣誓``), nor one named in ``受X委托`` (issue 12, pattern 4).
* Which meeting: the one named in the same sentence; else, for an attendance sentence with no
  meeting in it (``区领导…参加``, usually closing the article), every meeting of the article
  (in a visit article ``出席会议`` picks the meetings held during it, ``陪同考察`` the visit);
  else the nearest meeting mentioned before that is not an event held as part of another
  (``会议…并举行了X仪式``).
* ``LOCATED_IN`` — :mod:`newsgraph.extract.locations`.
"""
from __future__ import annotations

import re

from ..schema import Label, RelType
from .normalize import fold
from .script import to_simplified
from .sentences import sentence_at
from .speech_roles import later_clause_role, list_role, printed_role, shared_role, verb_patterns
from .types import MeetingRef, Mention, RelationMention

__all__ = ["attendance_relations", "role_verbs"]

_PRONOUN = re.compile(r"(?:她|他)(?:还|也|又|同时|最后|首先)?")


# Personnel business of a session (issue 12 pattern 4): being appointed, removed, elected or
# released by it is no presence (DECISIONS.md); 受X委托 says that X is absent.
_PERSONNEL_BEFORE = re.compile(r"(?:任命|免去|免职|接受|决定|任免|选举|补选|提请)[^，。；,;:：]*$")
_PERSONNEL_AFTER = re.compile(r"^(?:同志)?(?:等\d*人)?(?:辞去|当选|为[^，。；]{0,24}(?:职务|代理|人选))")
_OATH = re.compile(r"宣誓|颁发|任命书|讲话|发言|表态")


def _absent(folded: str, o: Mention, sent_end: int) -> bool:
    """True if the mention only names the official as the object of a personnel decision
    (任命X为…, 免去X的…职务, 接受X辞去…的请求) or as the one who delegated (受X委托)."""
    lo = max(0, o.start - 60)  # a bounded look back: the clause start, else 60 characters
    cs = max(lo, max(folded.rfind(c, lo, o.start) for c in "，。；,;:：\n") + 1)
    before, after = folded[cs:o.start], folded[o.end:o.end + 30]
    if re.search(r"受[^，。；,;]{0,20}$", before) and after.startswith("委托"):
        return True
    if not (_PERSONNEL_BEFORE.search(before) or _PERSONNEL_AFTER.match(after)):
        return False
    ce = min([p for p in (folded.find(c, o.end, sent_end) for c in "，。；,;") if p >= 0] + [sent_end])
    return not _OATH.search(folded, o.end, ce)  # 新任命的X进行宪法宣誓: present


_NAMES_MEETING = re.compile(r"(?:出席|参加|列席|主持)了?(?:会议|大会|座谈会|座谈|仪式|开工仪式|签约仪式|联席会)")
_NAMES_VISIT = re.compile(r"(?:陪同|参加|一同)(?:考察|调研|检查|视察|参观)")
_PRONOUN_LEAD = re.compile(r"在[^，,。；]{1,20}?(?:上|中|时)")
_ATTEND_THEN = re.compile(r"(?:出席|参加)[^，,。]{0,6}$")


def attendance_relations(text: str, sentences: list[tuple[int, int]],
                         officials: list[Mention], meetings: list[list[Mention]],
                         body_start: int = 0) -> list[RelationMention]:
    """ATTENDED and SPOKE_AT relations of one article.

    Parameters
    ----------
    text : str
        Article text.
    sentences : list of (start, end)
        Sentence spans (:func:`newsgraph.extract.sentences.sentence_spans`).
    officials : list[Mention]
        Official mentions (label ``Official`` only), any order.
    meetings : list of mention groups
        One group per meeting (:func:`newsgraph.extract.meeting_groups.merge_meeting_mentions`);
        the target of a relation is a :class:`~newsgraph.extract.types.MeetingRef` to its group.
    body_start : int
        Offset where the body starts; headline mentions only count for officials that the
        body mentions too (a page's headline block may hold other articles' subtitles).

    Returns
    -------
    list[RelationMention]
        ``target`` is a :class:`~newsgraph.extract.types.MeetingRef`; the caller maps it to the node.
    """
    if not meetings:
        return []
    folded = fold(text)
    speech, attend = verb_patterns()
    body_names = {o.name for o in officials if o.start >= body_start}
    offs = sorted((o for o in officials if o.start >= body_start or o.name in body_names),
                  key=lambda o: o.start)
    offs = [o for o in offs if not _absent(folded, o, sentence_at(sentences, o.start)[1])]
    meeting_spans = [(gi, m.start, m.end) for gi, g in enumerate(meetings) for m in g]
    out: list[RelationMention] = []

    # A visit and a meeting held during it are one occasion: a closing "区领导…参加" applies to
    # both (GUIDELINES.md).  Unrelated meetings of one article get the nearest one before.
    one_occasion = any(m.facts.visit for g in meetings for m in g)

    visits = [gi for gi, g in enumerate(meetings) if any(m.facts.visit for m in g)]
    others = [gi for gi in range(len(meetings)) if gi not in visits]
    # An event held as part of a meeting (会议…并举行了X仪式) is no default for later sentences.
    part_of = {gi for gi, g in enumerate(meetings) if all(m.facts.part_of for m in g)}
    default_spans = [(s, gi) for gi, s, _ in meeting_spans if s >= body_start and (
        gi not in part_of or len(part_of) == len(meetings))]

    def meetings_for(sent: tuple[int, int], pos: int, attendance: bool) -> list[int]:
        inside = sorted({gi for gi, s, e in meeting_spans if sent[0] <= s < sent[1]})
        if inside:
            return inside
        if attendance and one_occasion and len(meetings) > 1:
            # 出席会议 names the meeting held during the visit; 陪同考察 the visit itself.
            said = folded[sent[0]:sent[1]]
            if others and _NAMES_MEETING.search(said) and not _NAMES_VISIT.search(said):
                return others
            if visits and _NAMES_VISIT.search(said) and not _NAMES_MEETING.search(said):
                return visits
        if len(meetings) == 1 or (attendance and one_occasion):
            return list(range(len(meetings)))
        body_spans = default_spans
        before = [(s, gi) for s, gi in body_spans if s < pos]
        if before:
            return [max(before)[1]]
        return [min(body_spans)[1]] if body_spans else [0]

    roles: list[tuple[str, int] | None] = [None] * len(offs)
    for i in range(len(offs) - 1, -1, -1):
        o = offs[i]
        sent = sentence_at(sentences, o.start)
        nxt_o = next((x for x in offs[i + 1:] if x.start > o.end), None)
        nxt = nxt_o.start if nxt_o else len(folded)
        clause_end = min([p for p in (folded.find(c, o.end, sent[1]) for c in ",，;；。\n") if p >= 0]
                         + [sent[1]])
        # The role is taken from the official's own clause (孟景伟主持会议并讲话，强调… → 主持会议并讲话).
        roles[i] = printed_role(folded, o.end, min(nxt, clause_end))
        # 局长姜广智,区长郑皓,董事长刘天文出席并致辞: a list of titles and names shares the verb
        # that closes it, also when the last name is no official.
        if roles[i] is None and (nxt_o is None or nxt_o.start >= sent[1]):
            roles[i] = later_clause_role(folded, clause_end, sent[1])
        if roles[i] is None:
            roles[i] = list_role(folded, o.end, sent[1])
        if roles[i] is None and clause_end < sent[1] and _ATTEND_THEN.search(
                folded, o.end, clause_end) and clause_end - o.end <= 12:
            # 出席仪式，宣布…开工: the speech verb opens the next clause of the same subject.
            v = speech.match(folded, clause_end + 1)
            if v:
                roles[i] = (folded[o.end:v.end()], v.end())
        if roles[i] is None:
            roles[i] = shared_role(folded, o.end, sent[1], [x.start for x in offs[i + 1:]])
        if roles[i] is None and nxt_o is not None and nxt_o.start < sent[1]:
            between = folded[o.end:nxt_o.start]
            if len(between) <= 30 and not speech.search(between) and not attend.search(between) \
                    and roles[offs.index(nxt_o)] is not None:
                roles[i] = roles[offs.index(nxt_o)]
    for i, o in enumerate(offs):
        sent = sentence_at(sentences, o.start)
        role = roles[i]
        sentence_text = folded[sent[0]:sent[1]]
        attends = bool(attend.search(sentence_text) or speech.search(sentence_text))
        if role:
            for gi in meetings_for(sent, o.start, attendance=False):
                out.append(RelationMention(RelType.SPOKE_AT.value, (Label.OFFICIAL.value, o.name),
                                           MeetingRef(gi), o.start, role[1],
                                           rule="name+speech-verb", confidence=0.85,
                                           props={"role": text[role[1] - len(role[0]):role[1]]}))
        if role or attends:
            for gi in meetings_for(sent, o.start, attendance=not role):
                out.append(RelationMention(RelType.ATTENDED.value, (Label.OFFICIAL.value, o.name),
                                           MeetingRef(gi), o.start, o.end,
                                           rule="sentence-verb" if not role else "speaker",
                                           confidence=0.8))
    # Pronoun sentences: 她指出 / 他强调 → the last official named before.
    for s, e in sentences:
        m = _PRONOUN.match(folded, s)
        if not m:
            continue
        verb = speech.match(folded, m.end())
        lead = _PRONOUN_LEAD.match(folded, m.end())
        if verb is None and lead:
            # 他在随后的表态发言中，… / 他在讲话中指出
            verb = speech.search(folded, lead.start(), lead.end()) or speech.match(folded, lead.end())
        prior = [o for o in offs if o.end <= s]
        if verb and prior:
            o = prior[-1]
            # 他强调 after a sentence that names a visit and the meeting held in it: both.
            prev_sent = sentence_at(sentences, o.start)
            named = sorted({gi for gi, ms, _ in meeting_spans if prev_sent[0] <= ms < prev_sent[1]})
            for gi in named or meetings_for((s, e), s, attendance=False):
                out.append(RelationMention(RelType.SPOKE_AT.value, (Label.OFFICIAL.value, o.name),
                                           MeetingRef(gi), s, verb.end(),
                                           rule="pronoun+speech-verb", confidence=0.7,
                                           props={"role": text[m.end():verb.end()]}))
                # Every official who spoke also attended (GUIDELINES.md).
                out.append(RelationMention(RelType.ATTENDED.value, (Label.OFFICIAL.value, o.name),
                                           MeetingRef(gi), s, verb.end(),
                                           rule="pronoun+speech-verb", confidence=0.7))
    # The official whose visit it is attended it.
    for gi, g in enumerate(meetings):
        for m in g:
            who = m.facts.who
            if who:
                out.append(RelationMention(RelType.ATTENDED.value, (Label.OFFICIAL.value, who),
                                           MeetingRef(gi), m.start, m.end,
                                           rule="visit", confidence=0.9))
    return out


def role_verbs(role: str) -> list[str]:
    """The distinct speech verbs of a printed role, as printed and in order of first sight
    (``"主持会议并讲话"`` → ``["主持", "讲话"]``); ``[role]`` when the role holds none of the
    lexicon's verbs (``data/speech_verbs.txt``), ``[]`` for an empty role.

    Examples
    --------
    >>> role_verbs("主持会议并讲话"), role_verbs("作了关于预算的说明"), role_verbs("")
    (['主持', '讲话'], ['作了关于预算的说明'], [])
    >>> role_verbs("主持會議並講話")  # traditional script: matched simplified, kept as printed
    ['主持', '講話']
    """
    if not role:
        return []
    speech, _ = verb_patterns()
    # Matched on the simplified, folded copy (same length), sliced from the printed text.
    found = [role[m.start():m.end()] for m in speech.finditer(fold(to_simplified(role)))]
    return list(dict.fromkeys(found)) or [role]
