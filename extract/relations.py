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
from .lexicon import alternation
from .normalize import fold
from .script import to_simplified
from .sentences import sentence_at
from .types import MeetingRef, Mention, RelationMention

__all__ = ["attendance_relations", "location_relations"]

_PRONOUN = re.compile(r"(?:她|他)(?:还|也|又|同时|最后|首先)?")


@lru_cache(maxsize=1)
def _verbs():
    # 作书面发言: a written submission states neither presence nor speaking (DECISIONS.md).
    # 听取了X所作的政府工作报告 / X作关于…的说明: X spoke (issue 12 pattern 10).
    # 工作报告, 合作, 创作: 作 inside a noun is no speech.
    speech = re.compile("(?<!书面)(?<![工合创写操协制])(?:" + alternation("speech_verbs.txt") +
                        "|所?作了?的?[^，。；,;、]{0,30}?(?:报告|说明))")
    attend = re.compile(alternation("attend_verbs.txt"))
    return speech, attend


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
# Clauses that go on with the same subject: X来到A，沿途察看…，要求… / X一行逐村调研，希望…
_SAME_SUBJECT = re.compile(r"(?:并|还|随后|沿途|实地|详细|仔细|认真|逐一|先后|一边|边)?(?:察看|了解|听取|询问|查看|"
                           r"检查|走访|看望|慰问|调研|考察|参观|观看|视察)")


def _shared_role(folded: str, name_end: int, sent_end: int, later: list[int]
                 ) -> tuple[str, int] | None:
    """A speech verb later in the sentence that the names before it share (``分别作了发言``,
    ``讲述了各自的体会``): the first speech verb after the sentence's last official."""
    speech, attend = _verbs()
    start = max([name_end] + [p for p in later if p < sent_end])
    if speech.search(folded, name_end, start) or attend.search(folded, name_end, start):
        return None  # A出席，B、C分别发言: A did something else
    for v in speech.finditer(folded, start, sent_end):
        before = folded[max(name_end, v.start() - 6):v.start()]
        after = folded[v.end():v.end() + 3]
        if _SHARED.search(before) or re.match(r"了?各自", after):
            return folded[v.start():v.end()], v.end()
        return None
    return None


def _later_clause_role(folded: str, clause_end: int, sent_end: int) -> tuple[str, int] | None:
    """A speech verb opening a later clause of the sentence, when every clause before it goes
    on with the official as subject (at most three such clauses); the role is the verb."""
    speech, _ = _verbs()
    pos = clause_end
    for _ in range(4):
        if pos >= sent_end or folded[pos] not in ",，":
            return None
        v = speech.match(folded, pos + 1)
        if v:
            return folded[v.start():v.end()], v.end()
        if not _SAME_SUBJECT.match(folded, pos + 1):
            return None
        nxt = [p for p in (folded.find(c, pos + 1, sent_end) for c in ",，") if p >= 0]
        pos = min(nxt) if nxt else sent_end
    return None


_PRONOUN_LEAD = re.compile(r"在[^，,。；]{1,20}?(?:上|中|时)")
# A, B和C，以及居民代表…，讲述了各自的体会 / …分别作了发言: every name before shares the verb.
_SHARED = re.compile(r"(?:分别|先后|依次|相继|逐一)(?:作了?|进行了?)?$|各自$")
_ATTEND_THEN = re.compile(r"(?:出席|参加)[^，,。]{0,6}$")


def _list_role(folded: str, name_end: int, sent_end: int) -> tuple[str, int] | None:
    """The role that closes a comma-separated list of titled names after ``name_end``: the
    list items (at most four, each at most 40 characters) hold no verb, and the last one ends
    with ``[出席|参加]并<speech verb>``."""
    speech, attend = _verbs()
    pos, items = name_end, 0
    while pos < sent_end and folded[pos] in ",，、" and items < 4:
        nxt = min([p for p in (folded.find(c, pos + 1, sent_end) for c in ",，、。") if p >= 0]
                  + [sent_end])
        item = folded[pos + 1:nxt]
        v = speech.search(item)
        if v:
            head = item[:v.start()]
            # …出席并致辞; A，以及B先后作表态发言 (先后/分别/依次 say that the list shares the verb)
            if len(head) <= 40 and re.search(r"(?:出席|参加)并?$|并$|(?:先后|分别|依次|相继)作?$",
                                             head) and not speech.search(head):
                end = pos + 1 + v.end()
                return folded[pos + 1 + len(re.sub(r"(?:(?:出席|参加)?并?|(?:先后|分别|依次|相继)作?)$",
                                                   "", head)):end], end
            return None
        if attend.search(item) or len(item) > 40:
            return None
        pos, items = nxt, items + 1
    return None


def _role(folded: str, name_end: int, stop: int) -> tuple[str, int] | None:
    """Printed role after a name: from ``name_end`` to the end of the last speech verb found
    before ``stop`` (the clause end or the next official), skipping a ``在…上`` venue."""
    speech, _ = _verbs()
    window = folded[name_end:stop]
    first = speech.search(window)
    if not first:
        return None
    lead = window[:first.start()]
    # Only a short lead may come between the name and the verb: adverbs, a venue phrase.
    # 一行对…给予高度评价; 代表县委、县政府对…表示欢迎
    if len(lead) > 12 and not re.fullmatch(r"(?:一行)?(?:在|于)[^,，。]{1,20}(?:上|中|时)?|"
                                           r"(?:一行)?(?:代表[^,，。]{1,30}?)?(?:对|就|围绕|向)"
                                           r"[^,，。]{1,60}?(?:作|进行|做|给予)?", lead):
        return None
    last_end = first.end()
    for m in speech.finditer(window, first.end()):
        if m.start() - last_end > 14:
            break
        last_end = m.end()
    return window[:last_end], name_end + last_end


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
        One group per meeting (:func:`newsgraph.extract.meetings.merge_meeting_mentions`);
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
    speech, attend = _verbs()
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
        roles[i] = _role(folded, o.end, min(nxt, clause_end))
        # 局长姜广智,区长郑皓,董事长刘天文出席并致辞: a list of titles and names shares the verb
        # that closes it, also when the last name is no official.
        if roles[i] is None and (nxt_o is None or nxt_o.start >= sent[1]):
            roles[i] = _later_clause_role(folded, clause_end, sent[1])
        if roles[i] is None:
            roles[i] = _list_role(folded, o.end, sent[1])
        if roles[i] is None and clause_end < sent[1] and _ATTEND_THEN.search(
                folded, o.end, clause_end) and clause_end - o.end <= 12:
            # 出席仪式，宣布…开工: the speech verb opens the next clause of the same subject.
            v = speech.match(folded, clause_end + 1)
            if v:
                roles[i] = (folded[o.end:v.end()], v.end())
        if roles[i] is None:
            roles[i] = _shared_role(folded, o.end, sent[1], [x.start for x in offs[i + 1:]])
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
    speech, _ = _verbs()
    # Matched on the simplified, folded copy (same length), sliced from the printed text.
    found = [role[m.start():m.end()] for m in speech.finditer(fold(to_simplified(role)))]
    return list(dict.fromkeys(found)) or [role]
