"""Selecting nodes of a newsgraph graph: by reference, by neighbourhood, by degree, and what the
explorer draws.

One :func:`find_nodes` serves every caller that turns a user's words into nodes: the explorer's
``--around`` (``newsgraph view``) and ``newsgraph explain``.  They differ only in the keyword
options they pass (which labels are never matched, whether keys, ``*`` and substrings count), not
in the matching itself.

Article nodes and MENTIONS edges are evidence plumbing (every entity is mentioned by an article):
:func:`drawable_subgraph` drops them, and :func:`neighbourhood` never hops through an Article, or
every entity in an article would be two hops from every other.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from ..schema import Label, RelType

__all__ = [
    "HIDDEN_LABELS",
    "HIDDEN_RELTYPES",
    "NodeNotFoundError",
    "drawable_subgraph",
    "find_nodes",
    "most_connected",
    "neighbourhood",
]

#: Labels and relationship types the explorer never draws (see the module docstring).
HIDDEN_LABELS: frozenset[str] = frozenset({Label.ARTICLE.value})
HIDDEN_RELTYPES: frozenset[str] = frozenset({RelType.MENTIONS.value})


class NodeNotFoundError(KeyError):
    """No node has the name, alias or id asked for."""

    def __str__(self) -> str:  # KeyError's default repr-quotes the message
        return str(self.args[0]) if self.args else ""


def _names(attrs: Mapping[str, Any]) -> list[str]:
    """The node's ``name`` then its ``aliases``, as strings, empty values left out."""
    names = [attrs.get("name"), *(attrs.get("aliases") or [])]
    return [str(n) for n in names if n]


def find_nodes(
    graph: nx.MultiDiGraph,
    ref: str,
    *,
    exclude_labels: Collection[str] = frozenset(),
    keys: bool = False,
    partial: bool = False,
    wildcard: bool = False,
) -> list:
    """Return the ids of the nodes that ``ref`` names, in graph order.

    Matching goes in tiers and stops at the first that matches anything:

    1. ``*``, when ``wildcard``: every node;
    2. a node id equal to ``ref``;
    3. every node whose name or an alias (empty ones ignored) equals ``ref`` — and, when
       ``keys``, every node other than an Article whose ``key`` equals ``ref`` (an Article's key
       is its article id, which names the article, not an entity);
    4. when ``partial``: every node whose name or alias contains ``ref``, case-folded.

    ``ref`` is compared as given (callers strip it if they want to).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A newsgraph graph (node attributes ``label``, ``key``, ``name``, ``aliases``).
    ref : str
        A node id (``Official:孟景伟``), a name or an alias.
    exclude_labels : collection of str
        Nodes with these labels never match, not even by id (the explorer passes
        :data:`HIDDEN_LABELS`).
    keys, partial, wildcard : bool
        Enable tiers 3 (keys), 4 and 1 above.

    Returns
    -------
    list
        Node ids, never empty.

    Raises
    ------
    NodeNotFoundError
        If nothing matches.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("District:通州区", label="District", key="通州区", name="通州区",
    ...            aliases=["通州"])
    >>> find_nodes(g, "通州"), find_nodes(g, "州区", partial=True)
    (['District:通州区'], ['District:通州区'])
    """
    if wildcard and ref == "*":
        return [v for v, a in graph.nodes(data=True) if a.get("label") not in exclude_labels]
    if ref in graph and graph.nodes[ref].get("label") not in exclude_labels:
        return [ref]
    candidates = [(v, a) for v, a in graph.nodes(data=True) if a.get("label") not in exclude_labels]
    exact = [
        v
        for v, a in candidates
        if ref in _names(a)
        or (keys and a.get("label") != Label.ARTICLE.value and a.get("key") == ref)
    ]
    if exact:
        return exact
    if partial:
        folded = ref.casefold()
        found = [v for v, a in candidates if any(folded in n.casefold() for n in _names(a))]
        if found:
            return found
    raise NodeNotFoundError(f"no node is named {ref!r} (by id, name or alias)")


def drawable_subgraph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return ``graph`` without Article nodes and MENTIONS edges.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A newsgraph graph (node attribute ``label``, edge attribute ``type``).

    Returns
    -------
    networkx.MultiDiGraph
        A new graph whose attribute dicts are shallow copies of ``graph``'s (a networkx subgraph
        view would be ~10x slower to walk at 20,000 nodes).
    """
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    sub.add_nodes_from(
        (v, a) for v, a in graph.nodes(data=True) if a.get("label") not in HIDDEN_LABELS
    )
    sub.add_edges_from(
        (u, v, k, a)
        for u, v, k, a in graph.edges(keys=True, data=True)
        if a.get("type") not in HIDDEN_RELTYPES and u in sub and v in sub
    )
    return sub


def most_connected(graph: nx.MultiDiGraph, max_nodes: int) -> list:
    """Return the ``max_nodes`` nodes of highest degree (ties broken by node id, so stable).

    Degree counts parallel edges (an official who attended and spoke at a meeting has two).

    Raises
    ------
    ValueError
        If ``max_nodes`` is negative.
    """
    if max_nodes < 0:
        raise ValueError(f"max_nodes must be >= 0, got {max_nodes}")
    ranked = sorted(graph.nodes, key=lambda v: (-graph.degree(v), str(v)))
    return ranked[:max_nodes]


def neighbourhood(graph: nx.MultiDiGraph, name: str, depth: int = 2) -> nx.MultiDiGraph:
    """Return the part of ``graph`` within ``depth`` hops of the node(s) called ``name``.

    Hops follow drawn relationships in either direction and never pass through an Article
    (every entity in an article would otherwise be two hops from every other).  The Article
    nodes that the kept nodes' and edges' evidence cites are kept too, so that the evidence
    panel can show their titles.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    name : str
        A drawable node's id, else a name or alias, else part of one (:func:`find_nodes` with
        ``partial``); every match is a centre.
    depth : int
        Hops from the centres; 0 keeps only the centres.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (copied attributes) with the neighbourhood; ``graph.graph["around"]`` holds
        the centres' ids, sorted.

    Raises
    ------
    NodeNotFoundError
        If no drawable node matches ``name``.
    ValueError
        If ``depth`` is negative.
    """
    if depth < 0:
        raise ValueError(f"depth must be >= 0, got {depth}")
    drawable = drawable_subgraph(graph)
    centres = sorted(find_nodes(drawable, name, partial=True), key=str)
    seen = set(centres)
    frontier = deque((c, 0) for c in centres)
    while frontier:
        node, dist = frontier.popleft()
        if dist == depth:
            continue
        for nb in (*drawable.successors(node), *drawable.predecessors(node)):
            if nb not in seen:
                seen.add(nb)
                frontier.append((nb, dist + 1))
    drawn = drawable.subgraph(seen)
    evidence = [ev for _, a in drawn.nodes(data=True) for ev in a.get("evidence") or []]
    evidence += [ev for *_, a in drawn.edges(data=True) for ev in a.get("evidence") or []]
    cited = {ev.get("article_id") for ev in evidence if isinstance(ev, Mapping)}
    articles = [
        v
        for v, a in graph.nodes(data=True)
        if a.get("label") in HIDDEN_LABELS and (a.get("key") in cited or v in cited)
    ]
    sub = graph.subgraph(seen | set(articles)).copy()
    sub.graph["around"] = list(centres)
    return sub
