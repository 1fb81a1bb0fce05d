"""What network analysts compute next, as pandas DataFrames: the co-attendance network of
officials, their degree and betweenness centrality, its communities, and an official's career
timeline.  All of it with networkx, from the built graph (no database needed).

The co-attendance network: one node per official (id ``Official:<key>``), an edge between two
officials who attended or spoke at the same meeting (``ATTENDED`` or ``SPOKE_AT``), weighted by
the number of such meetings.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from newsgraph.schema import Label, RelType, node_id

__all__ = ["centrality", "co_attendance_graph", "communities", "timeline"]

_PRESENT = (RelType.ATTENDED.value, RelType.SPOKE_AT.value)


def co_attendance_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The co-attendance network of ``g`` (see the module docstring): node attributes ``name``
    and ``meetings`` (meetings attended or spoken at), edge attribute ``weight`` (meetings
    shared).  Officials who met nobody are nodes without edges."""
    present: dict[str, set[str]] = defaultdict(set)
    for u, v, t in g.edges(data="type"):
        if t in _PRESENT and g.nodes[u].get("label") == Label.OFFICIAL.value \
                and g.nodes[v].get("label") == Label.MEETING.value:
            present[v].add(u)
    h = nx.Graph()
    for n, a in g.nodes(data=True):
        if a.get("label") == Label.OFFICIAL.value:
            h.add_node(n, name=a.get("name"), meetings=0)
    for meeting in sorted(present):
        people = sorted(present[meeting])
        for i, a in enumerate(people):
            h.nodes[a]["meetings"] += 1
            for b in people[i + 1:]:
                w = h.edges[a, b]["weight"] if h.has_edge(a, b) else 0
                h.add_edge(a, b, weight=w + 1)
    return h


def centrality(g: nx.MultiDiGraph):
    """Degree and betweenness centrality of the officials in the co-attendance network.

    Returns
    -------
    pandas.DataFrame
        One row per official, columns ``official`` (key), ``name``, ``meetings`` (attended or
        spoken at), ``co_attendees`` (distinct officials met), ``degree`` (``co_attendees``
        divided by the number of other officials, :func:`networkx.degree_centrality`) and
        ``betweenness`` (share of shortest paths between other officials through this one,
        unweighted, normalised to [0, 1], :func:`networkx.betweenness_centrality`).  Sorted by
        betweenness, then degree, both descending, then key.
    """
    import pandas as pd

    h = co_attendance_graph(g)
    degree = nx.degree_centrality(h) if len(h) > 1 else dict.fromkeys(h, 0.0)
    between = nx.betweenness_centrality(h, normalized=True)
    rows = [{"official": g.nodes[n]["key"], "name": a["name"], "meetings": a["meetings"],
             "co_attendees": h.degree(n), "degree": degree[n], "betweenness": between[n]}
            for n, a in h.nodes(data=True)]
    df = pd.DataFrame(rows, columns=["official", "name", "meetings", "co_attendees", "degree",
                                     "betweenness"])
    return df.sort_values(["betweenness", "degree", "official"],
                          ascending=[False, False, True], ignore_index=True)


def communities(g: nx.MultiDiGraph):
    """Communities of the co-attendance network: groups of officials who meet each other more
    than they meet the rest, by greedy modularity maximisation on the shared-meeting weights
    (:func:`networkx.algorithms.community.greedy_modularity_communities`, deterministic).

    Returns
    -------
    pandas.DataFrame
        One row per official who met at least one other, columns ``community`` (0 the largest,
        then by size), ``official`` (key), ``name``, ``co_attendees``; sorted by community, then
        co-attendees descending, then key.  Officials who met nobody are left out.
    """
    import pandas as pd

    h = co_attendance_graph(g)
    h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
    groups = (nx.community.greedy_modularity_communities(h, weight="weight") if len(h) else [])
    groups = sorted(groups, key=lambda c: (-len(c), min(c)))
    rows = [{"community": i, "official": g.nodes[n]["key"], "name": h.nodes[n]["name"],
             "co_attendees": h.degree(n)} for i, c in enumerate(groups) for n in c]
    df = pd.DataFrame(rows, columns=["community", "official", "name", "co_attendees"])
    return df.sort_values(["community", "co_attendees", "official"],
                          ascending=[True, False, True], ignore_index=True)


def timeline(g: nx.MultiDiGraph, name: str):
    """An official's career timeline: the posts the articles give them, with dates.

    ``name`` is the official's key or one of their names or aliases.  The posts are the
    official's ``posts`` (one per sighting of a title: ``{title, district, date, article_id}``,
    the sightings behind ``HOLDS_POSITION``), grouped by title and district.

    Returns
    -------
    pandas.DataFrame
        One row per (title, district), columns ``title`` (as printed), ``district`` (``None`` for
        a post outside a division: 领导小组组长), ``first_seen`` and ``last_seen`` (ISO dates of the
        articles, ``None`` when no article is dated), ``articles`` (how many), ``first_article``
        (article id).  Sorted by ``first_seen`` (undated last), then order of first sighting.

    Raises
    ------
    KeyError
        No official has that key, name or alias.
    """
    import pandas as pd

    nid = node_id(Label.OFFICIAL, name)
    if nid not in g:
        nid = next((n for n, a in g.nodes(data=True) if a.get("label") == Label.OFFICIAL.value
                    and (a.get("name") == name or name in (a.get("aliases") or ()))), None)
        if nid is None:
            raise KeyError(f"no official named {name}")
    groups: dict[tuple, dict] = {}
    for i, p in enumerate(g.nodes[nid].get("posts") or ()):
        key = (p.get("title"), p.get("district"))
        row = groups.setdefault(key, {"title": key[0], "district": key[1], "first_seen": None,
                                      "last_seen": None, "articles": set(),
                                      "first_article": p.get("article_id"), "_order": i})
        date = p.get("date")
        if date:
            row["first_seen"] = min(filter(None, (row["first_seen"], date)))
            row["last_seen"] = max(filter(None, (row["last_seen"], date)))
        if p.get("article_id"):
            row["articles"].add(p["article_id"])
    rows = sorted(groups.values(), key=lambda r: (r["first_seen"] or "9999-99-99", r["_order"]))
    for r in rows:
        r["articles"] = len(r["articles"])
        del r["_order"]
    # object columns: a missing district or date stays None (pandas' string columns make NaN)
    df = pd.DataFrame(rows, columns=["title", "district", "first_seen", "last_seen", "articles",
                                     "first_article"], dtype=object)
    return df.astype({"articles": int})
