"""The one place that defines newsgraph's graph schema.

Every other module (extraction, graph building, Neo4j loading, exports, queries) imports the
labels, relationship types and property names from here, so that a label or a property is spelled
once.  Labels are CamelCase and relationship types UPPER_SNAKE_CASE, as in Neo4j.

Node-link JSON contract (``graph.json``, written by ``networkx.node_link_data(G, edges="edges")``)
---------------------------------------------------------------------------------------------
node: ``{"id": "Official:孟景伟", "label": "Official", "key": "孟景伟", "name": "孟景伟",
"aliases": [...], "evidence": [Evidence...], ...label-specific properties}``

edge: ``{"source": node id, "target": node id, "key": int, "type": "SPOKE_AT",
"evidence": [Evidence...], ...type-specific properties such as "role"}``

Evidence: ``{"source": file name, "article_id": "000_9614b1fa397a6d4f#0", "sentence": str,
"start": int, "end": int}`` where ``start``/``end`` are character offsets (Python ``str``
indices, end exclusive) of the mention in the *normalised* article text (``articles.jsonl``).
"""
from __future__ import annotations

from enum import Enum

__all__ = [
    "Label",
    "RelType",
    "SCORED_LABELS",
    "NODE_PROPERTIES",
    "RELATIONSHIPS",
    "EDGE_PROPERTIES",
    "KEY",
    "node_id",
]


class Label(str, Enum):
    """Node labels."""

    OFFICIAL = "Official"
    DISTRICT = "District"
    PROJECT = "Project"
    MEETING = "Meeting"
    ARTICLE = "Article"
    PERSON = "Person"
    ORGANIZATION = "Organization"

    def __str__(self) -> str:  # so f-strings and Cypher builders print the bare name
        return self.value


class RelType(str, Enum):
    """Relationship types."""

    ATTENDED = "ATTENDED"
    SPOKE_AT = "SPOKE_AT"
    LOCATED_IN = "LOCATED_IN"
    MENTIONS = "MENTIONS"
    HOLDS_POSITION = "HOLDS_POSITION"

    def __str__(self) -> str:
        return self.value


#: Labels scored against the gold annotations (``../shared/eval/GUIDELINES.md``).
SCORED_LABELS = (Label.OFFICIAL, Label.DISTRICT, Label.PROJECT, Label.MEETING)

#: The property every node is merged on in Neo4j; unique per label.
KEY = "key"

#: Properties each label may carry besides ``id``, ``label``, ``key``, ``name``, ``aliases`` and
#: ``evidence`` (which all nodes have).
NODE_PROPERTIES: dict[Label, tuple[str, ...]] = {
    # titles: every title as printed; posts: [{"title", "date", "article_id"}] dated posts
    Label.OFFICIAL: ("titles", "posts"),
    # level: 省/市/区/县/镇/乡/街道/社区/村 suffix class
    Label.DISTRICT: ("level",),
    Label.PROJECT: (),
    # date: ISO date (YYYY-MM-DD) when the article states or implies it, else absent
    Label.MEETING: ("date", "source", "article_id"),
    Label.ARTICLE: ("title", "source", "date", "start", "end"),
    Label.PERSON: ("titles",),
    Label.ORGANIZATION: (),
}

#: Allowed (from label, to label) pairs per relationship type.
RELATIONSHIPS: dict[RelType, tuple[tuple[Label, Label], ...]] = {
    RelType.ATTENDED: ((Label.OFFICIAL, Label.MEETING),),
    RelType.SPOKE_AT: ((Label.OFFICIAL, Label.MEETING),),
    RelType.LOCATED_IN: (
        (Label.DISTRICT, Label.DISTRICT),
        (Label.PROJECT, Label.DISTRICT),
        (Label.MEETING, Label.DISTRICT),
    ),
    RelType.MENTIONS: tuple((Label.ARTICLE, lab) for lab in Label if lab is not Label.ARTICLE),
    RelType.HOLDS_POSITION: ((Label.OFFICIAL, Label.ORGANIZATION), (Label.OFFICIAL, Label.DISTRICT)),
}

#: Properties each relationship type may carry besides ``type`` and ``evidence``.
EDGE_PROPERTIES: dict[RelType, tuple[str, ...]] = {
    RelType.ATTENDED: (),
    RelType.SPOKE_AT: ("role",),  # the verb(s) as printed: 主持并讲话, 点评, 传达…精神
    RelType.LOCATED_IN: (),
    RelType.MENTIONS: ("count",),
    RelType.HOLDS_POSITION: ("title", "date"),
}


def node_id(label: Label | str, key: str) -> str:
    """Return the graph-wide node id ``"<Label>:<key>"``, e.g. ``node_id(Label.OFFICIAL, "郑皓")``.

    Examples
    --------
    >>> node_id(Label.DISTRICT, "通州区")
    'District:通州区'
    """
    return f"{Label(label).value}:{key}"
