"""Records passed between extraction stages: mentions (spans) and relations with evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

__all__ = ["Mention", "MeetingRef", "RelationMention"]


@dataclass
class Mention:
    """A span of an article that names an entity.

    ``start``/``end`` are character offsets into the normalised article text (end exclusive), so
    ``article.text[start:end] == text`` always holds.  ``name`` is the entity's canonical name
    (``于家务回族乡`` for a printed ``于家务乡``); ``label`` a :class:`newsgraph.schema.Label`
    value; ``props`` rule-specific facts (an official's ``title``, a district's ``level`` and
    ``parent``, a meeting's ``date``); ``confidence`` in [0, 1] says how sure the rule is.
    """

    label: str
    name: str
    text: str
    start: int
    end: int
    rule: str = ""
    confidence: float = 1.0
    props: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingRef:
    """A relation's end that is one of the article's meetings: ``group`` indexes the
    extraction's ``meetings``, the lists of mentions that name one meeting
    (:func:`newsgraph.extract.meetings.merge_meeting_mentions`).  The meeting has no name of
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
