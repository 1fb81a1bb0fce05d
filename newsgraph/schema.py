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

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "Label",
    "RelType",
    "SCORED_LABELS",
    "NODE_PROPERTIES",
    "RELATIONSHIPS",
    "EDGE_PROPERTIES",
    "COMMON_NODE_PROPERTIES",
    "COMMON_EDGE_PROPERTIES",
    "EVIDENCE_FIELDS",
    "KEY",
    "Merge",
    "Property",
    "node_id",
    "schema_errors",
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

class Merge(str, Enum):
    """How a property's values from two sightings of one node or edge combine (the graph
    builder applies these, :meth:`newsgraph.graph.build.GraphBuilder.merge`)."""

    FIRST = "first"    #: the value first seen stays
    MAX = "max"        #: the larger number
    SUM = "sum"        #: numbers added up
    APPEND = "append"  #: lists concatenated (every sighting kept: evidence)
    UNION = "union"    #: lists, each item once, in order of first sighting
    JOINED = "joined"  #: a "；"-joined string of items, each once, in order of first sighting
    LATEST = "latest"  #: the latest ISO date (None never wins)


@dataclass(frozen=True)
class Property:
    """One property of a node label or relationship type.

    ``types`` are the Python types of its value in the graph (and in ``graph.json``);
    ``items`` the types of a list's items; ``merge`` how sightings combine.
    """

    name: str
    types: tuple[type, ...]
    merge: Merge
    doc: str = ""
    items: tuple[type, ...] = ()


_STR, _INT, _FLOAT, _LIST, _NONE = (str,), (int,), (float, int), (list,), type(None)

#: The fields of one evidence item (``evidence`` lists of nodes and edges); offsets are Python
#: ``str`` indices into the normalised article text (``articles.jsonl``), end exclusive.
EVIDENCE_FIELDS: tuple[Property, ...] = (
    # In this order in every serialised form (Neo4j's evidence_json, the exports): equal
    # evidence gives equal strings.
    Property("source", _STR, Merge.FIRST, "input file name, relative to the input folder"),
    Property("article_id", _STR, Merge.FIRST, "``<source stem>#<n>``"),
    Property("sentence", _STR, Merge.FIRST, "the sentence that holds the mention"),
    Property("start", _INT, Merge.FIRST, "offset of the mention (or trigger) in the article"),
    Property("end", _INT, Merge.FIRST, "end offset, exclusive"),
    Property("confidence", _FLOAT, Merge.FIRST, "how sure the rule is, in [0, 1]"),
    Property("rule", _STR, Merge.FIRST, "the extraction rule that found it"),
    Property("sentence_start", _INT, Merge.FIRST, "offset of the sentence in the article"),
)

#: Properties every node has (besides ``id`` and ``label``), in the order they are written.
COMMON_NODE_PROPERTIES: tuple[Property, ...] = (
    Property(KEY, _STR, Merge.FIRST, "unique per label; the Neo4j merge key"),
    Property("name", _STR, Merge.FIRST, "canonical name (the first printed, or the gazetteer's)"),
    Property("aliases", _LIST, Merge.UNION, "other printed forms", items=_STR),
    Property("evidence", _LIST, Merge.APPEND, "every sighting", items=(dict,)),
    Property("confidence", _FLOAT, Merge.MAX, "highest confidence of a sighting"),
)

_TITLES = Property("titles", _LIST, Merge.UNION, "every title as printed", items=_STR)
_POSTS = Property("posts", _LIST, Merge.UNION,
                  "dated posts: ``{title, district, date, article_id}``", items=(dict,))

#: Properties each label may carry besides :data:`COMMON_NODE_PROPERTIES`.
NODE_PROPERTIES: dict[Label, tuple[Property, ...]] = {
    Label.OFFICIAL: (_TITLES, _POSTS),
    Label.DISTRICT: (Property("level", _STR, Merge.FIRST,
                              "province, city, county, town or village"),),
    Label.PROJECT: (),
    Label.MEETING: (Property("date", _STR + (_NONE,), Merge.FIRST,
                             "ISO date (YYYY-MM-DD) when the article states or implies it"),
                    Property("source", _STR, Merge.FIRST, "the input file"),
                    Property("article_id", _STR, Merge.FIRST, "the article")),
    Label.ARTICLE: (Property("title", _STR, Merge.FIRST, "headline"),
                    Property("source", _STR, Merge.FIRST, "the input file"),
                    Property("date", _STR + (_NONE,), Merge.FIRST, "ISO date or None"),
                    Property("start", _INT, Merge.FIRST, "offset of the article in its page"),
                    Property("end", _INT, Merge.FIRST, "end offset in its page")),
    Label.PERSON: (_TITLES, _POSTS),
    Label.ORGANIZATION: (Property("district", _STR, Merge.FIRST,
                                  "the division whose body it is (区民政局 of 西城区: 西城区)"),),
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

#: Properties every edge has (besides ``type`` and, in ``graph.json``, ``source``/``target``/``key``).
COMMON_EDGE_PROPERTIES: tuple[Property, ...] = (
    Property("evidence", _LIST, Merge.APPEND, "every sighting", items=(dict,)),
    Property("confidence", _FLOAT, Merge.MAX, "highest confidence of a sighting"),
)

#: Properties each relationship type may carry besides :data:`COMMON_EDGE_PROPERTIES`.
EDGE_PROPERTIES: dict[RelType, tuple[Property, ...]] = {
    RelType.ATTENDED: (),
    RelType.SPOKE_AT: (Property("roles", _LIST, Merge.UNION,
                                "the distinct speech verbs as printed: [主持, 讲话]", items=_STR),),
    RelType.LOCATED_IN: (),
    RelType.MENTIONS: (Property("count", _INT, Merge.SUM, "times the article names it"),),
    RelType.HOLDS_POSITION: (Property("title", _STR, Merge.JOINED, "the titles as printed"),
                             Property("date", _STR, Merge.LATEST, "the latest article date")),
}


def node_id(label: Label | str, key: str) -> str:
    """Return the graph-wide node id ``"<Label>:<key>"``, e.g. ``node_id(Label.OFFICIAL, "郑皓")``.

    Examples
    --------
    >>> node_id(Label.DISTRICT, "通州区")
    'District:通州区'
    """
    return f"{Label(label).value}:{key}"


def schema_errors(nodes, edges, *, limit: int = 20) -> list[str]:
    """Check a graph against the schema; return up to ``limit`` problems, each a sentence.

    Parameters
    ----------
    nodes : iterable of (node id, attribute dict)
        As ``graph.nodes(data=True)`` gives them.
    edges : iterable of (source id, target id, attribute dict)
        As ``graph.edges(data=True)`` gives them (a MultiDiGraph's keys are not needed).

    Checked: labels and relationship types are declared; every property is declared for its
    label or type and has a declared type (list items too); the common properties are there;
    evidence items have exactly the :data:`EVIDENCE_FIELDS`; relationship ends have allowed
    labels; node ids are :func:`node_id` of label and key.

    >>> schema_errors([("District:通州区", {"label": "District", "key": "通州区", "name": "通州区",
    ...     "aliases": [], "evidence": [], "confidence": 1.0, "colour": "red"})], [])
    ["District:通州区: property 'colour' is not declared for District"]
    """
    errors: list[str] = []
    labels = {}
    evidence_fields = {p.name: p for p in EVIDENCE_FIELDS}

    def check(where: str, kind: str, data: dict, common: tuple[Property, ...],
              declared: tuple[Property, ...], skip: set[str]) -> None:
        allowed = {p.name: p for p in common + declared}
        for name, value in data.items():
            if name in skip:
                continue
            prop = allowed.get(name)
            if prop is None:
                errors.append(f"{where}: property {name!r} is not declared for {kind}")
                continue
            if not isinstance(value, prop.types) or isinstance(value, bool):
                errors.append(f"{where}: {name} is {type(value).__name__}, "
                              f"not {'/'.join(t.__name__ for t in prop.types)}")
                continue
            if prop.items and any(not isinstance(v, prop.items) for v in value):
                errors.append(f"{where}: an item of {name} is not "
                              f"{'/'.join(t.__name__ for t in prop.items)}")
            if name == "evidence":
                for item in value:
                    if isinstance(item, dict) and set(item) != set(evidence_fields):
                        errors.append(f"{where}: evidence fields {sorted(item)} are not "
                                      f"{sorted(evidence_fields)}")
                        break
        for prop in common:
            if prop.name not in data:
                errors.append(f"{where}: missing {prop.name}")

    for nid, data in nodes:
        kind = data.get("label")
        try:
            label = Label(kind)
        except ValueError:
            errors.append(f"{nid}: label {kind!r} is not declared")
            continue
        labels[nid] = label
        if nid != node_id(label, data.get(KEY, "")):
            errors.append(f"{nid}: id is not node_id(label, key)")
        check(nid, kind, data, COMMON_NODE_PROPERTIES, NODE_PROPERTIES[label], {"id", "label"})
        if len(errors) >= limit:
            return errors[:limit]
    for u, v, data in edges:
        kind = data.get("type")
        where = f"{u} -[{kind}]-> {v}"
        try:
            rel = RelType(kind)
        except ValueError:
            errors.append(f"{where}: relationship type {kind!r} is not declared")
            continue
        if (labels.get(u), labels.get(v)) not in RELATIONSHIPS[rel]:
            errors.append(f"{where}: {rel.value} does not go from "
                          f"{getattr(labels.get(u), 'value', '?')} to "
                          f"{getattr(labels.get(v), 'value', '?')}")
        check(where, kind, data, COMMON_EDGE_PROPERTIES, EDGE_PROPERTIES[rel],
              {"type", "source", "target", "key"})
        if len(errors) >= limit:
            break
    return errors[:limit]
