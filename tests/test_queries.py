"""Every named query runs on the Bolt server and returns what networkx computes from graph.json.

The expected answers are computed here from the MultiDiGraph with plain Python, following the
query headers and the loader's documented mapping (parallel edges of one type between one pair
are one relationship; a scalar such as ``role`` is the first parallel edge's value).
"""
from __future__ import annotations

import itertools
import json
from collections import defaultdict

import networkx as nx
import pytest
from newsgraph.graph.neo4j import load_graph
from newsgraph.queries.library import load_queries, parse_query_text

from newsgraph.cli import main

pytestmark = pytest.mark.neo4j

QUERIES = load_queries()
UNDATED = "9999-99-99"


# ---------------------------------------------------------------------------------------------
# graph helpers
# ---------------------------------------------------------------------------------------------
class View:
    """Read-only helpers over a graph.json MultiDiGraph, keyed like the database (label, key)."""

    def __init__(self, g: nx.MultiDiGraph):
        self.g = g
        self.attrs = dict(g.nodes(data=True))
        # one relationship per (u, v, type); value = the parallel edges' attribute dicts in order
        self.rels: dict[tuple, list[dict]] = defaultdict(list)
        for u, v, a in g.edges(data=True):
            self.rels[(u, v, a["type"])].append(a)

    def label(self, n):
        return self.attrs[n]["label"]

    def key(self, n):
        return self.attrs[n]["key"]

    def nodes(self, label=None):
        return [n for n, a in self.attrs.items() if label is None or a["label"] == label]

    def out(self, n, types, label=None):
        return {v for (u, v, t) in self.rels if u == n and t in types and (label is None or self.label(v) == label)}

    def into(self, n, types, label=None):
        return {u for (u, v, t) in self.rels if v == n and t in types and (label is None or self.label(u) == label)}

    def by_key(self, label, key):
        return next(n for n in self.nodes(label) if self.key(n) == key)


ATTEND = {"ATTENDED", "SPOKE_AT"}


def _first(edges, name):
    return next((e[name] for e in edges if e.get(name) is not None), None)


# ---------------------------------------------------------------------------------------------
# expected answers, one function per query (rows as lists, in the query's ORDER BY)
# ---------------------------------------------------------------------------------------------
def exp_official_meetings(v: View, official):
    o = v.by_key("Official", official)
    rows = []
    for m in v.out(o, ATTEND, "Meeting"):
        a = v.attrs[m]
        rows.append([v.key(m), a.get("name"), a.get("date"), (o, m, "SPOKE_AT") in v.rels])
    return sorted(rows, key=lambda r: (r[2] or UNDATED, r[0]))


def exp_co_attendance(v: View, min_meetings, limit):
    shared = defaultdict(set)
    for m in v.nodes("Meeting"):
        people = sorted(v.key(o) for o in v.into(m, ATTEND, "Official"))
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                if a < b:
                    shared[(a, b)].add(m)
    rows = [[a, b, len(ms)] for (a, b), ms in shared.items() if len(ms) >= min_meetings]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))[:limit]


def exp_top_speakers(v: View, limit):
    meetings = defaultdict(set)
    role_meetings = defaultdict(lambda: defaultdict(set))
    for (u, m, t), edges in v.rels.items():
        if t == "SPOKE_AT" and v.label(u) == "Official" and v.label(m) == "Meeting":
            meetings[v.key(u)].add(m)
            for e in edges:
                for role in e.get("roles") or []:
                    role_meetings[v.key(u)][role].add(m)
    rows = []
    for official, ms in meetings.items():
        per = role_meetings[official]
        roles = sorted(per, key=lambda r: (-len(per[r]), r))
        rows.append([official, len(ms), roles])
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:limit]


def exp_official_timeline(v: View, official):
    o = v.by_key("Official", official)
    rows = []
    for (u, d, t), edges in v.rels.items():
        if u == o and t == "HOLDS_POSITION":
            title, date = _first(edges, "title"), _first(edges, "date")
            articles = {e["article_id"] for a in edges for e in a.get("evidence") or []}
            rows.append([v.key(d), v.label(d), title.split("；"), date, len(articles)])
    return sorted(rows, key=lambda r: (r[3] or UNDATED, r[0]))


def exp_official_degree(v: View, limit):
    h = attendance_graph(v)
    rows = []
    for o in v.nodes("Official"):
        if o not in h:
            continue
        met = {p for m in h[o] for p in h[m] if p != o}
        rows.append([v.key(o), h.degree(o), len(met)])
    return sorted(rows, key=lambda r: (-r[2], -r[1], r[0]))[:limit]


def exp_meetings_per_district_month(v: View, district):
    groups = defaultdict(set)
    for (m, d, t) in v.rels:
        if t == "LOCATED_IN" and v.label(m) == "Meeting" and v.label(d) == "District":
            if district != "*" and v.key(d) != district:
                continue
            date = v.attrs[m].get("date")
            groups[(v.key(d), date[:7] if date else "unknown")].add(m)
    return sorted([[d, month, len(ms)] for (d, month), ms in groups.items()])


def exp_projects_per_district(v: View, min_projects):
    located = nx.DiGraph([(u, w) for (u, w, t) in v.rels if t == "LOCATED_IN" and v.label(w) == "District"])
    reach = defaultdict(set)
    direct = defaultdict(set)
    for p in v.nodes("Project"):
        if p not in located:
            continue
        for d, dist in nx.single_source_shortest_path_length(located, p, cutoff=6).items():
            if 1 <= dist and v.label(d) == "District":
                reach[d].add(p)
        for d in located.successors(p):
            direct[d].add(p)
    rows = [[v.key(d), len(direct[d]), len(ps)] for d, ps in reach.items() if len(ps) >= min_projects]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def exp_district_officials(v: View, district):
    d = v.by_key("District", district)
    meetings = {m for m in v.into(d, {"LOCATED_IN"}, "Meeting")}
    rows = []
    for o in v.nodes("Official"):
        ms = v.out(o, ATTEND, "Meeting") & meetings
        holds = (o, d, "HOLDS_POSITION") in v.rels
        if ms or holds:
            rows.append([v.key(o), v.attrs[o].get("name"), len(ms), holds])
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def attendance_graph(v: View) -> nx.Graph:
    h = nx.Graph()
    for (u, m, t) in v.rels:
        if t in ATTEND and v.label(u) == "Official" and v.label(m) == "Meeting":
            h.add_edge(u, m)
    return h


def exp_meetings_without_speaker(v: View):
    rows = []
    for m in v.nodes("Meeting"):
        if v.into(m, {"SPOKE_AT"}, "Official"):
            continue
        a = v.attrs[m]
        rows.append([v.key(m), a.get("name"), a.get("date"), len(v.into(m, {"ATTENDED"}, "Official"))])
    return sorted(rows, key=lambda r: (r[2] or UNDATED, r[0]))


def exp_edge_evidence(v: View, start, end, type):
    rows = []
    for (u, w, t), edges in v.rels.items():
        if start not in (u, v.key(u)) or end not in (w, v.key(w)) or type not in ("*", t):
            continue
        seen = []
        for e in edges:
            for ev in e.get("evidence") or []:
                if ev not in seen:
                    seen.append(ev)
        rows += [[t, u, w, ev] for ev in seen]
    return rows


def exp_title_changes(v: View):
    rows = []
    for o in v.nodes("Official"):
        titles = list(dict.fromkeys(v.attrs[o].get("titles") or []))
        if len(titles) > 1:
            posts = []
            for p in v.attrs[o].get("posts") or []:
                if p not in posts:
                    posts.append(p)
            rows.append([v.key(o), len(titles), titles, posts])
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def exp_district_neighbourhood(v: View, district, include_articles):
    d = v.by_key("District", district)
    und = nx.MultiGraph()
    und.add_nodes_from(v.g)
    und.add_edges_from((u, w) for (u, w, _t) in v.rels)
    if not include_articles:
        und.remove_nodes_from([n for n in v.nodes("Article") if n != d])
    dist = nx.single_source_shortest_path_length(und, d, cutoff=2)
    rows = [[k, v.label(n), v.key(n), v.attrs[n].get("name")] for n, k in dist.items() if n != d]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def exp_new_entities_since(v: View, since):
    first = {}
    for (a, n, t) in v.rels:
        date = v.attrs[a].get("date")
        if t == "MENTIONS" and v.label(a) == "Article" and date is not None:
            first[n] = min(first.get(n, date), date)
    rows = [[v.label(n), v.key(n), v.attrs[n].get("name"), d] for n, d in first.items() if d >= since]
    return sorted(rows, key=lambda r: (r[3], r[0], r[1]))


def exp_find_entity(v: View, text):
    rows = []
    for n, a in v.attrs.items():
        name = a.get("name")
        if (name is not None and text in name) or any(text in x for x in a.get("aliases") or []):
            degree = sum(1 for (u, w, _t) in v.rels if n in (u, w))
            rows.append([a["label"], a["key"], name, degree])
    return sorted(rows, key=lambda r: (r[0], r[1]))


def exp_graph_summary(v: View):
    counts = defaultdict(int)
    for n in v.nodes():
        counts[v.label(n)] += 1
    return sorted([[lab, c] for lab, c in counts.items()], key=lambda r: (-r[1], r[0]))


def exp_relationship_summary(v: View):
    counts = defaultdict(int)
    for (u, w, t) in v.rels:
        counts[(v.label(u), t, v.label(w))] += 1
    return sorted([[*k, c] for k, c in counts.items()], key=lambda r: (-r[3], r[0], r[1], r[2]))


# ---------------------------------------------------------------------------------------------
# parameters chosen from the graph so that every query has something to say
# ---------------------------------------------------------------------------------------------
def choose_params(v: View) -> dict[str, dict]:
    officials = sorted(v.nodes("Official"), key=lambda o: (-len(v.out(o, ATTEND, "Meeting")), v.key(o)))
    districts = sorted(v.nodes("District"), key=lambda d: (-len(v.into(d, {"LOCATED_IN"})), v.key(d)))
    a = officials[0]
    h = attendance_graph(v)
    reachable = nx.single_source_shortest_path_length(h, a) if a in h else {a: 0}
    b = max((o for o in reachable if v.label(o) == "Official" and o != a),
            key=lambda o: (reachable[o], v.key(o)), default=officials[-1])
    dates = sorted(x for x in (v.attrs[n].get("date") for n in v.nodes("Article")) if x)
    since = dates[len(dates) // 2] if dates else "2000-01-01"
    edge_u, edge_w, edge_t = next(
        (k for k, edges in sorted(v.rels.items(), key=lambda kv: -sum(len(e.get("evidence") or []) for e in kv[1]))))
    name = v.attrs[districts[0]]["name"]
    return {
        "official_meetings": {"official": v.key(a)},
        "official_degree": {"limit": 100},
        "official_timeline": {"official": v.key(max(
            officials, key=lambda o: (len(v.out(o, {"HOLDS_POSITION"})), v.key(o))))},
        "co_attendance": {"min_meetings": 1, "limit": 100},
        "top_speakers": {"limit": 100},
        "meetings_per_district_month": {"district": "*"},
        "projects_per_district": {"min_projects": 1},
        "district_officials": {"district": v.key(districts[0])},
        "shortest_path_officials": {"a": v.key(a), "b": v.key(b)},
        "meetings_without_speaker": {},
        "edge_evidence": {"start": v.key(edge_u), "end": edge_w, "type": edge_t},
        "title_changes": {},
        "district_neighbourhood": {"district": v.key(districts[0]), "include_articles": False},
        "new_entities_since": {"since": since},
        "find_entity": {"text": name[:2]},
        "graph_summary": {},
        "relationship_summary": {},
    }


EXPECTED = {
    "official_meetings": exp_official_meetings,
    "official_timeline": exp_official_timeline,
    "official_degree": exp_official_degree,
    "co_attendance": exp_co_attendance,
    "top_speakers": exp_top_speakers,
    "meetings_per_district_month": exp_meetings_per_district_month,
    "projects_per_district": exp_projects_per_district,
    "district_officials": exp_district_officials,
    "meetings_without_speaker": exp_meetings_without_speaker,
    "edge_evidence": exp_edge_evidence,
    "title_changes": exp_title_changes,
    "district_neighbourhood": exp_district_neighbourhood,
    "new_entities_since": exp_new_entities_since,
    "find_entity": exp_find_entity,
    "graph_summary": exp_graph_summary,
    "relationship_summary": exp_relationship_summary,
}


def _decode(name, rows):
    """JSON-string columns back to objects, so they compare with graph.json's dicts."""
    if name == "edge_evidence":
        return [[r[0], r[1], r[2], json.loads(r[3])] for r in rows]
    if name == "title_changes":
        return [[r[0], r[1], r[2], [json.loads(p) for p in r[3] or []]] for r in rows]
    return rows


# ---------------------------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def loaded(clean_bolt, any_graph):
    _name, _path, g = any_graph
    load_graph(clean_bolt.driver, g, database=clean_bolt.database)
    return clean_bolt, View(g)


def run_named(bolt, name, params):
    q = QUERIES[name]
    bound = q.bind({k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()})
    with bolt.driver.session(database=bolt.database) as session:
        return session.execute_read(lambda tx: [list(r.values()) for r in tx.run(q.cypher, bound)])


def test_there_are_at_least_twelve_documented_queries():
    assert len(QUERIES) >= 12
    for q in QUERIES.values():
        assert q.summary and q.examples and q.cypher, q.name
        assert q.examples[0].startswith(f"newsgraph query {q.name}")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_equals_networkx(loaded, name):
    bolt, view = loaded
    params = choose_params(view)[name]
    got = _decode(name, run_named(bolt, name, params))
    want = EXPECTED[name](view, **params)
    if name == "edge_evidence":
        # ORDER BY sorts the JSON strings; compare as multisets, then check the order.
        canon = lambda rows: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)
        assert canon(got) == canon(want) and got
        assert [r[:3] for r in got] == sorted(r[:3] for r in got)
    else:
        assert got == want


def test_shortest_path_equals_networkx(loaded):
    bolt, view = loaded
    params = choose_params(view)["shortest_path_officials"]
    rows = run_named(bolt, "shortest_path_officials", params)
    h = attendance_graph(view)
    a, b = view.by_key("Official", params["a"]), view.by_key("Official", params["b"])
    if a not in h or b not in h or not nx.has_path(h, a, b) or nx.shortest_path_length(h, a, b) > 12:
        assert rows == []
        return
    length = nx.shortest_path_length(h, a, b)
    assert len(rows) == 1
    hops, path = rows[0]
    assert hops == length // 2 and len(path) == length + 1
    assert path[0] == params["a"] and path[-1] == params["b"]
    # Shortest paths are not unique: check this one is a real path of that length in the graph.
    ids = [view.by_key("Official" if i % 2 == 0 else "Meeting", k) for i, k in enumerate(path)]
    assert all(h.has_edge(x, y) for x, y in itertools.pairwise(ids))


def test_query_cli_prints_named_query_rows(loaded, capsys):
    bolt, view = loaded
    params = choose_params(view)["official_meetings"]
    code = main(["query", "official_meetings", "--param", f"official={params['official']}",
                 "--format", "json", *bolt.cli_args()])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [[r["meeting"], r["name"], r["date"], r["spoke"]] for r in rows] == exp_official_meetings(view, **params)
    assert main(["query", "official_meetings", *bolt.cli_args()]) == 2  # missing parameter
    assert "needs --param official" in capsys.readouterr().err
    assert main(["queries"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in QUERIES)


def test_header_parsing():
    q = parse_query_text("demo", "// Summary line.\n//\n// More text.\n// @param n int = 3  how many\n"
                                 "// @param who string  a name\n// @example newsgraph query demo\nRETURN $n AS n;\n")
    assert q.summary == "Summary line." and q.description == "Summary line. More text."
    assert [(p.name, p.type, p.default) for p in q.params] == [("n", "int", 3), ("who", "string", None)]
    assert q.bind({"who": "x"}) == {"n": 3, "who": "x"}
    assert q.cypher == "RETURN $n AS n"
    with pytest.raises(ValueError):
        q.bind({"who": "x", "n": "three"})
    with pytest.raises(ValueError):
        q.bind({"who": "x", "bogus": "1"})


def test_shortest_path_from_an_official_to_itself_is_zero_hops(loaded):
    # Neo4j refuses shortestPath between a node and itself (51N23); the query answers it itself.
    bolt, view = loaded
    official = choose_params(view)["shortest_path_officials"]["a"]
    assert run_named(bolt, "shortest_path_officials", {"a": official, "b": official}) == [[0, [official]]]
    assert run_named(bolt, "shortest_path_officials", {"a": official, "b": "no such official"}) == []
    # ArcadeDB answers shortestPath(a, a) with a zero-length path where Neo4j raises, so the
    # embedded server cannot show the error: check that the search only ever sees distinct nodes.
    cypher = QUERIES["shortest_path_officials"].cypher
    assert cypher.index("WHERE a <> b") < cypher.index("shortestPath(")
