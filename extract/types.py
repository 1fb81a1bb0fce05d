"""Records passed between extraction stages: mentions (spans) and relations with evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

__all__ = ["Mention", "OfficialFacts", "DistrictFacts", "MeetingFacts", "OrganizationFacts", "MeetingRef", "RelationMention"]


@dataclass
class OfficialFacts:
    """What the rules read about an ``Official`` (or ``Person``) mention."""

    #: The printed title chain next to the name (``区委副书记、区长``), or "".
    title: str = ""
    #: The printed titles, one by one, in order (``["区委副书记", "区长"]``).
    titles: list[str] = field(default_factory=list)
    #: Found by the personnel rule: the name is printed in a list of appointments or removals
    #: (任命, 免去), with the post given or left.
    personnel: bool = False
    #: ``[(title, district name)]``: the district whose post each title is
    #: (the ``posts`` component).
    posts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DistrictFacts:
    """What the rules read about a ``District`` mention."""

    #: ``province``, ``city``, ``county``, ``town`` or ``village`` (None: not known).
    level: str | None = None
    #: The name of the division it lies in, as resolved in the article, or None.
    parent: str | None = None
    #: The gazetteer's chain of divisions above it, nearest first.
    ancestors: list[str] = field(default_factory=list)
    #: Not printed: the article's own county, implied by its officials' posts.
    implied: bool = False
    #: Printed inside a 《…》 document title: named by the document, not a place of the event.
    in_title: bool = False


@dataclass
class MeetingFacts:
    """What the rules read about a ``Meeting`` mention (an event: meeting, visit, talk)."""

    #: A bare kind (``会议``, ``座谈会``) rather than a name.
    generic: bool = False
    #: Named by the headline: a bare kind in the body that the title names.
    from_title: bool = False
    #: A research visit or inspection (:mod:`newsgraph.extract.visits`).
    visit: bool = False
    #: The visiting official's name, or None for a delegation.
    who: str | None = None
    #: Mentions with one id are one visit.
    visit_id: int | None = None
    #: A ceremony held inside a session (会议还举行了宪法宣誓仪式; ``data/meeting_sub_events.txt``):
    #: part of that session (DECISIONS.md).
    sub_event: bool = False
    #: Its sentence opens with a session (会议…, 会上…, 会后…): held within that session.
    part_of: bool = False


@dataclass
class OrganizationFacts:
    """What the rules read about an ``Organization`` mention."""

    #: The canonical name of the division whose body it is (``西城区`` for 区民政局), or None.
    district: str | None = None


#: The facts each label's mentions carry (a label not listed carries none).
FACTS = {"Official": OfficialFacts, "Person": OfficialFacts, "District": DistrictFacts,
         "Meeting": MeetingFacts, "Organization": OrganizationFacts}


@dataclass
class Mention:
    """A span of an article that names an entity.

    ``start``/``end`` are character offsets into the normalised article text (end exclusive), so
    ``article.text[start:end] == text`` always holds.  ``name`` is the entity's canonical name
    (``于家务回族乡`` for a printed ``于家务乡``); ``label`` a :class:`newsgraph.schema.Label`
    value; ``facts`` what the rules read about it, typed per label (an official's ``titles``, a
    district's ``level`` and ``parent``; :data:`FACTS` gives the class by label, and a mention
    made without facts gets that class's defaults); ``confidence`` in [0, 1] says how sure the
    rule is.
    """

    label: str
    name: str
    text: str
    start: int
    end: int
    rule: str = ""
    confidence: float = 1.0
    facts: OfficialFacts | DistrictFacts | MeetingFacts | OrganizationFacts | None = None

    def __post_init__(self) -> None:
        if self.facts is None and self.label in FACTS:
            self.facts = FACTS[self.label]()


@dataclass(frozen=True)
class MeetingRef:
    """A relation's end that is one of the article's meetings: ``group`` indexes the
    extraction's ``meetings``, the lists of mentions that name one meeting
    (:func:`newsgraph.extract.meeting_groups.merge_meeting_mentions`).  The meeting has no name of
    its own yet: the graph builder names it from the group and maps the reference to its node.

    >>> MeetingRef(0).label
    'Meeting'
    """

    group: int
    label: ClassVar[str] = "Meeting"


@dataclass
class RelationMention:
    """A relation found in one sentence: ``source`` and ``target`` are ``(label, name)`` pairs,
    or a :class:`MeetingRef` for a meeting of the article.

    ``start``/``end`` delimit the evidence span (the trigger, e.g. ``主持会议并讲话``) in the
    article text; ``props`` holds e.g. ``role`` on ``SPOKE_AT``.
    """

    type: str
    source: tuple[str, str] | MeetingRef
    target: tuple[str, str] | MeetingRef
    start: int
    end: int
    rule: str = ""
    confidence: float = 1.0
    props: dict = field(default_factory=dict)
