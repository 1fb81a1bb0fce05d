"""The printed role of an official who spoke: the speech verbs after the name and the text
up to the last of them (``孟景伟主持会议并讲话`` → ``主持会议并讲话``), in the name's own clause,
a later clause with the same subject, a list that shares the verb, or the sentence's end
(``SPOKE_AT`` of :mod:`newsgraph.extract.relations`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import alternation

__all__ = ["verb_patterns", "printed_role", "later_clause_role", "list_role", "shared_role"]


@lru_cache(maxsize=1)
def verb_patterns() -> tuple[re.Pattern, re.Pattern]:
    """``(speech, attend)``: the speech verbs (``data/speech_verbs.txt``, and ``作…报告/说明``)
    and the attendance verbs (``data/attend_verbs.txt``) as patterns on the folded text."""
    # 作书面发言: a written submission states neither presence nor speaking (DECISIONS.md).
    # 听取了X所作的政府工作报告 / X作关于…的说明: X spoke (issue 12 pattern 10).
    # 工作报告, 合作, 创作: 作 inside a noun is no speech.
    speech = re.compile("(?<!书面)(?<![工合创写操协制])(?:" + alternation("speech_verbs.txt") +
                        "|所?作了?的?[^，。；,;、]{0,30}?(?:报告|说明))")
    attend = re.compile(alternation("attend_verbs.txt"))
    return speech, attend


# Clauses that go on with the same subject: X来到A，沿途察看…，要求… / X一行逐村调研，希望…
_SAME_SUBJECT = re.compile(r"(?:并|还|随后|沿途|实地|详细|仔细|认真|逐一|先后|一边|边)?(?:察看|了解|听取|询问|查看|"
                           r"检查|走访|看望|慰问|调研|考察|参观|观看|视察)")


def shared_role(folded: str, name_end: int, sent_end: int, later: list[int]
                ) -> tuple[str, int] | None:
    """A speech verb later in the sentence that the names before it share (``分别作了发言``,
    ``讲述了各自的体会``): the first speech verb after the sentence's last official."""
    speech, attend = verb_patterns()
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


def later_clause_role(folded: str, clause_end: int, sent_end: int) -> tuple[str, int] | None:
    """A speech verb opening a later clause of the sentence, when every clause before it goes
    on with the official as subject (at most three such clauses); the role is the verb."""
    speech, _ = verb_patterns()
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

# A, B和C，以及居民代表…，讲述了各自的体会 / …分别作了发言: every name before shares the verb.
_SHARED = re.compile(r"(?:分别|先后|依次|相继|逐一)(?:作了?|进行了?)?$|各自$")


def list_role(folded: str, name_end: int, sent_end: int) -> tuple[str, int] | None:
    """The role that closes a comma-separated list of titled names after ``name_end``: the
    list items (at most four, each at most 40 characters) hold no verb, and the last one ends
    with ``[出席|参加]并<speech verb>``."""
    speech, attend = verb_patterns()
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


def printed_role(folded: str, name_end: int, stop: int) -> tuple[str, int] | None:
    """Printed role after a name: from ``name_end`` to the end of the last speech verb found
    before ``stop`` (the clause end or the next official), skipping a ``在…上`` venue."""
    speech, _ = verb_patterns()
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
