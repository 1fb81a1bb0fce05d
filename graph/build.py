"""Merge per-article extractions into one networkx ``MultiDiGraph`` with evidence.

Entity resolution (issue 2/3):

* ``Official``, ``Person``, ``District`` — one node per canonical name across the corpus (a
  district's canonical name is its gazetteer full name; printed variants become aliases).
* ``Project`` — one node per name with quotes removed; within an article a name contained in a
  longer one (``水环境综合治理工程`` in ``通惠河水环境综合治理工程``) is an alias of the longer
  (:mod:`newsgraph.graph.project_names`).
* ``Meeting`` — one node per (name, date, source): the same meeting twice in an article is one
  node, meetings of different days with the same name are different nodes.
* ``Article`` — one node per article, with ``MENTIONS`` edges to every entity it names.

Every node and every edge carries ``evidence``: a list of ``{source, article_id, sentence,
start, end, rule, confidence}`` dicts (offsets into the article text, see
:mod:`newsgraph.schema`).  A relation seen several times is one edge whose evidence lists
every sighting.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..extract.pipeline import ArticleExtraction
from ..extract.relations import role_verbs
from ..extract.sentences import sentence_at
from ..extract.types import MeetingRef, Mention
from ..schema import (COMMON_EDGE_PROPERTIES, COMMON_NODE_PROPERTIES, EDGE_PROPERTIES,
                      NODE_PROPERTIES, Label, Merge, RelType, node_id)
from .project_names import merge_project_variants, project_canonicals, project_key

__all__ = ["GraphBuilder", "GraphPart"]

# Labels whose mentions' facts _add_mention reads itself (titles, posts, level); any other
# label's facts become the node properties of the same name.
_FACTS_READ = frozenset({Label.OFFICIAL, Label.PERSON, Label.DISTRICT})


def _hashable(value):
    """A list item as a set member: a dict (a post) by its values, in order."""
    return tuple(value.values()) if isinstance(value, dict) else value


def _join_items(data: dict, name: str, items) -> None:
    """``Merge.JOINED``: add ``items`` to the ``"；"``-joined string ``data[name]``, each once,
    in order of first sighting."""
    have = [x for x in data.get(name, "").split("；") if x]
    have += [x for x in dict.fromkeys(items) if x and x not in have]
    data[name] = "；".join(have)


def _set_latest(data: dict, name: str, value: str | None) -> None:
    """``Merge.LATEST``: keep the later of ``data[name]`` and ``value`` (ISO dates; None never
    wins)."""
    if value and (not data.get(name) or value > data[name]):
        data[name] = value


@dataclass
class GraphPart:
    """A :class:`GraphBuilder`'s graph as :meth:`GraphBuilder.merge` reads it: ``nodes``
    ``[(id, attributes)]`` and ``edges`` ``[((u, v, type), attributes)]``, each in creation
    order, and ``offered`` (every alias offered per node, in order)."""

    nodes: list[tuple[str, dict]]
    edges: list[tuple[tuple[str, str, str], dict]]
    offered: dict[str, dict[str, None]]


class GraphBuilder:
    """Accumulates :class:`ArticleExtraction` s into a graph; call :meth:`add` per article and
    read :attr:`graph` at the end.  Adding is incremental, so articles can stream in.

    Builders of consecutive runs of articles can be built apart (in worker processes) and
    combined with :meth:`merge`: the graph is then the one a single builder would have built.
    """

    def __init__(self) -> None:
        # Edge data is reached through ``graph.succ``, never ``graph.edges``: the edge view
        # networkx caches on the graph refers back to it, and the resulting reference cycle
        # leaves every part builder of a corpus to CPython's full collections (measured: a
        # sixth of a 50 MB build's time).
        self.graph = nx.MultiDiGraph()
        # Every relationship (u, v, type) → its edge key, in the order the edges were created
        # (merge replays that order, on which networkx's keys and adjacency order depend).
        self._edge_keys: dict[tuple[str, str, str], int] = {}
        # What each list property (titles, posts) of a node holds, as sets (see _union).
        self._seen: dict[tuple, set] = {}
        # Every alias offered per node, in order, the node's own name included: a node's
        # ``aliases`` are these minus its name, and a later builder may have named the node
        # differently (merge needs where that name was offered).
        self._offered: dict[str, dict[str, None]] = {}
        # The current article's sentences, sliced once (see _evidence).
        self._sentence_text: dict[tuple[int, int], str] = {}

    # -- nodes -----------------------------------------------------------------------------
    def _node(self, label: Label, key: str, name: str, **props) -> str:
        nid = node_id(label, key)
        g = self.graph
        if nid not in g:
            g.add_node(nid, label=label.value, key=key, name=name, aliases=[], evidence=[],
                       confidence=0.0, **props)
        return nid

    def _alias(self, nid: str, alias: str) -> None:
        offered = self._offered.setdefault(nid, {})
        if alias and alias not in offered:
            offered[alias] = None
            if alias != self.graph.nodes[nid]["name"]:
                self.graph.nodes[nid]["aliases"].append(alias)

    def _evidence(self, ext: ArticleExtraction, start: int, end: int, rule: str,
                  confidence: float) -> dict:
        art = ext.article
        s, e = sentence_at(ext.sentences, start) if ext.sentences else (0, len(art.text))
        # One string per sentence, however many evidence items quote it: less memory, and a
        # part sent back by a worker pickles it once.
        sentence = self._sentence_text.get((s, e))
        if sentence is None:
            sentence = self._sentence_text[(s, e)] = art.text[s:e]
        return {"source": art.source, "article_id": art.article_id,
                "sentence": sentence, "sentence_start": s, "start": start, "end": end,
                "rule": rule, "confidence": round(confidence, 3)}

    def _add_mention(self, ext: ArticleExtraction, m: Mention, key: str, name: str,
                     label: Label) -> str:
        nid = self._node(label, key, name)
        data = self.graph.nodes[nid]
        self._alias(nid, m.text)
        self._alias(nid, name)
        # The node and its MENTIONS edge cite the same mention: one evidence dict serves both
        # (evidence is never changed in place), which halves what a worker's part pickles and
        # the parent process unpickles and keeps.
        evidence = self._evidence(ext, m.start, m.end, m.rule, m.confidence)
        data["evidence"].append(evidence)
        data["confidence"] = max(data["confidence"], m.confidence)
        if label is Label.OFFICIAL or label is Label.PERSON:
            data.setdefault("titles", [])
            data.setdefault("posts", [])
            titles = m.facts.titles
            self._union(nid, "titles", data, titles)
            posts = dict(m.facts.posts)
            self._union(nid, "posts", data, [
                {"title": t, "district": posts.get(t), "date": ext.article.date,
                 "article_id": ext.article.article_id} for t in titles])
        if label is Label.OFFICIAL:
            for title, district in m.facts.posts:
                if district:
                    self._post(ext, nid, m, title, district)
        if label is Label.DISTRICT and m.facts.level:
            data.setdefault("level", m.facts.level)
        if label not in _FACTS_READ and m.facts is not None:
            # Any other label: the facts named like its declared properties, by their rules.
            props = NODE_PROPERTIES[label]
            self._merge_props(nid, data, {p.name: getattr(m.facts, p.name) for p in props
                                          if getattr(m.facts, p.name, None) is not None}, props)
        self._mention_edge(ext, nid, evidence)
        return nid

    def _post(self, ext: ArticleExtraction, official: str, m: Mention, title: str,
              district: str) -> None:
        """``HOLDS_POSITION`` Official → District, with the titles as printed and the latest
        article date (a person's dated posts are also on the node, ``posts``)."""
        target = self._node(Label.DISTRICT, district, district) if node_id(
            Label.DISTRICT, district) not in self.graph else node_id(Label.DISTRICT, district)
        k = self._edge(official, target, RelType.HOLDS_POSITION)
        data = self.graph.succ[official][target][k]
        _join_items(data, "title", [title])
        _set_latest(data, "date", ext.article.date)
        data["evidence"].append(self._evidence(ext, m.start, m.end, "title+name", m.confidence))
        data["confidence"] = max(data["confidence"], m.confidence)
        if not self.graph.nodes[target]["evidence"]:
            self.graph.nodes[target]["implied"] = True

    def _mention_edge(self, ext: ArticleExtraction, nid: str, evidence: dict) -> None:
        art = node_id(Label.ARTICLE, ext.article.article_id)
        k = self._edge(art, nid, RelType.MENTIONS)
        data = self.graph.succ[art][nid][k]
        data["count"] = data.get("count", 0) + 1
        data["evidence"].append(evidence)

    # -- edges -----------------------------------------------------------------------------
    def _edge(self, u: str, v: str, rel: RelType) -> int:
        ek = (u, v, rel.value)
        if ek not in self._edge_keys:
            self._edge_keys[ek] = self._add_edge(u, v, type=rel.value, evidence=[],
                                                      confidence=0.0)
        return self._edge_keys[ek]

    def _add_edge(self, u: str, v: str, **data) -> int:
        """``graph.add_edge(u, v, **data)``, with the key networkx would choose (the number of
        edges u → v, then the next unused one) found without its KeyError for a first edge,
        which costs microseconds: a build adds hundreds of thousands of edges."""
        keys = self.graph.succ[u].get(v)
        key = len(keys) if keys else 0
        while keys and key in keys:
            key += 1
        return self.graph.add_edge(u, v, key, **data)

    # -- articles --------------------------------------------------------------------------
    def add(self, ext: ArticleExtraction) -> None:
        """Add one article's mentions and relations to the graph."""
        art = ext.article
        self._sentence_text = {}
        self._node(Label.ARTICLE, art.article_id, art.title, title=art.title, source=art.source,
                   date=art.date, start=art.page_start, end=art.page_end)
        ids: dict[tuple[str, str], str] = {}
        project_canon = project_canonicals(
            [m.name for m in ext.mentions if m.label == Label.PROJECT.value])
        for m in ext.mentions:
            label = Label(m.label)
            if label is Label.MEETING:
                continue
            if label is Label.PROJECT:
                canonical = project_canon[m.name]
                nid = self._add_mention(ext, m, project_key(canonical), canonical, label)
                ids[(label.value, m.name)] = nid
                ids[(label.value, canonical)] = nid
                continue
            nid = self._add_mention(ext, m, m.name, m.name, label)
            ids[(label.value, m.name)] = nid
        for gi, group in enumerate(ext.meetings):
            # A visit is named by its template (<who>到<where>调研); its printed lead and
            # headline forms, often longer, are aliases (DECISIONS.md).
            best = max(group, key=lambda x: (not x.facts.generic,
                                             not x.rule.endswith("-printed"), len(x.name)))
            key = f"{best.name}|{art.date or ''}|{art.source}"
            nid = self._node(Label.MEETING, key, best.name, date=art.date, source=art.source,
                             article_id=art.article_id)
            for m in group:
                self._add_mention(ext, m, key, best.name, Label.MEETING)
                self._alias(nid, m.name)
            ids[MeetingRef(gi)] = nid
        for r in ext.relations:
            u = ids.get(r.source) or self._implied(r.source)
            v = ids.get(r.target) or self._implied(r.target)
            if u is None or v is None or u == v:
                continue
            k = self._edge(u, v, RelType(r.type))
            data = self.graph.succ[u][v][k]
            data["evidence"].append(self._evidence(ext, r.start, r.end, r.rule, r.confidence))
            data["confidence"] = max(data["confidence"], r.confidence)
            role = r.props.get("role")
            if role:
                self._union((u, v, RelType(r.type).value), "roles", data, role_verbs(role))
            declared = EDGE_PROPERTIES[RelType(r.type)]
            given = {p.name: r.props[p.name] for p in declared if p.name in r.props}
            if given:
                self._merge_props((u, v, r.type), data, given, declared)

    def finish(self) -> nx.MultiDiGraph:
        """The corpus graph: :attr:`graph` with unprinted districts pruned
        (:func:`prune_implied`) and project name variants merged
        (:func:`merge_project_variants`).  Call once, after the last :meth:`add`."""
        return merge_project_variants(prune_implied(self.graph))

    # -- merging ---------------------------------------------------------------------------
    def part(self) -> GraphPart:
        """What :meth:`merge` needs of this builder, as plain lists and dicts (cheap to pickle:
        this is what a worker process sends back)."""
        return GraphPart(nodes=list(self.graph.nodes(data=True)),
                         edges=[(ek, self.graph.succ[ek[0]][ek[1]][k])
                                for ek, k in self._edge_keys.items()],
                         offered=self._offered)

    def merge(self, later: GraphBuilder | GraphPart) -> None:
        """Add the graph ``later`` built from the articles that come after this builder's.

        Afterwards this builder's graph is the one a single builder would have built from
        both runs of articles, in order: node and edge order, edge keys, names (the first
        seen), aliases, evidence (this builder's first), confidences (the highest), counts,
        roles, titles, posts and dates.  ``later`` is consumed (its lists are taken over).
        """
        if isinstance(later, GraphBuilder):
            later = later.part()
        g = self.graph
        for nid, data in later.nodes:
            if nid not in g:
                g.add_node(nid, **data)
                self._offered[nid] = later.offered.get(nid, {})
                continue
            mine = g.nodes[nid]
            for alias in later.offered.get(nid, ()):
                self._alias(nid, alias)
            label = Label(data["label"])
            self._merge_props(nid, mine, data, COMMON_NODE_PROPERTIES + NODE_PROPERTIES[label])
            if data.get("implied"):
                mine["implied"] = True  # matters only to a node that ends without evidence
        for (u, v, rel), data in later.edges:
            if (u, v, rel) not in self._edge_keys:
                self._edge_keys[(u, v, rel)] = self._add_edge(u, v, **data)
                continue
            mine = g.succ[u][v][self._edge_keys[(u, v, rel)]]
            self._merge_props((u, v, rel), mine, data,
                              COMMON_EDGE_PROPERTIES + EDGE_PROPERTIES[RelType(rel)])

    def _merge_props(self, owner, mine: dict, data: dict, props) -> None:
        """Combine ``data`` (a later sighting of a node or edge) into ``mine`` by each
        property's merge rule (:class:`newsgraph.schema.Merge`).  Aliases are not among
        ``props`` here: they follow the offered names (:meth:`_alias`)."""
        for prop in props:
            name = prop.name
            if name not in data or name == "aliases":
                continue
            value, rule = data[name], prop.merge
            if rule is Merge.FIRST:
                mine.setdefault(name, value)
            elif rule is Merge.MAX:
                mine[name] = max(mine[name], value) if name in mine else value
            elif rule is Merge.SUM:
                mine[name] = mine.get(name, 0) + value
            elif rule is Merge.APPEND:
                mine.setdefault(name, []).extend(value)
            elif rule is Merge.UNION:
                self._union(owner, name, mine, value)
            elif rule is Merge.JOINED:
                if value:
                    _join_items(mine, name, value.split("；"))
            elif rule is Merge.LATEST:
                _set_latest(mine, name, value)

    def _union(self, owner, name: str, mine: dict, values) -> None:
        """Append to ``mine[name]`` the ``values`` not in it yet (the list is created with the
        first one).  What a list holds is remembered per owner: an official named in thousands
        of articles would make a list scan quadratic."""
        seen = self._seen.get((owner, name))
        if seen is None:
            seen = self._seen[(owner, name)] = {_hashable(v) for v in mine.get(name, ())}
        for v in values:
            h = _hashable(v)
            if h not in seen:
                seen.add(h)
                mine.setdefault(name, []).append(v)

    def _implied(self, ref: tuple[str, str] | MeetingRef) -> str | None:
        """A node named only as a relation end (a district's unprinted parent)."""
        if isinstance(ref, MeetingRef) or ref[0] != Label.DISTRICT.value:
            return None
        name = ref[1]
        nid = node_id(Label.DISTRICT, name)
        if nid not in self.graph:
            self._node(Label.DISTRICT, name, name, implied=True)
        return nid


def prune_implied(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Drop district nodes that no article prints (unprinted parents) and re-attach their
    children to the nearest printed ancestor, so that the graph only holds what the text says
    or its area makes certain (GUIDELINES.md ``LOCATED_IN``)."""
    implied = [n for n, d in graph.nodes(data=True) if d.get("implied") and not d["evidence"]]
    for n in implied:
        parents = [v for _, v, d in graph.out_edges(n, data=True)
                   if d["type"] == RelType.LOCATED_IN.value]
        for u, _, d in list(graph.in_edges(n, data=True)):
            for p in parents:
                if p != u:
                    graph.add_edge(u, p, **d)
        graph.remove_node(n)
    for _, d in graph.nodes(data=True):
        d.pop("implied", None)
    return graph
