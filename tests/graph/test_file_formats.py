"""GraphML, GEXF and CSV exports read back with independent readers (networkx, python-igraph,
pandas): counts and properties, Chinese names included, match the graph."""
from __future__ import annotations

import json
from collections import Counter, defaultdict

import networkx as nx
import pytest

from newsgraph.cli import main
from newsgraph.graph.flat_records import join_list, split_list

pd = pytest.importorskip("pandas")


def expected(g: nx.MultiDiGraph):
    """What every format must hold: nodes by id, and relationships by (source, type, target)
    (parallel edges of one type between one pair are one relationship)."""
    nodes = {n: a for n, a in g.nodes(data=True)}
    rels = defaultdict(list)
    for u, v, a in g.edges(data=True):
        rels[(u, a["type"], v)].append(a)
    return nodes, rels


def sample_official(g):
    """The official with the most titles and aliases: a Chinese name with lists to check."""
    return max((n for n, a in g.nodes(data=True) if a["label"] == "Official"),
               key=lambda n: (len(g.nodes[n].get("titles", [])), len(g.nodes[n]["aliases"]), n))


def roles_of(edges):
    return list(dict.fromkeys(r for e in edges for r in e.get("roles", [])))


@pytest.fixture(params=["mini", "corpus"])
def exported(request, tmp_path):
    g = request.getfixturevalue(f"{request.param}_graph")
    path = request.getfixturevalue(f"{request.param}_graph_path")
    for fmt in ("graphml", "gexf", "csv"):
        assert main(["export", str(path), "--format", fmt, "--out", str(tmp_path)]) == 0
    return g, tmp_path


def test_graphml_reads_back_with_networkx(exported):
    g, out = exported
    nodes, rels = expected(g)
    h = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert h.is_directed()
    assert set(h.nodes) == set(nodes)
    assert Counter((u, a["type"], v) for u, v, a in h.edges(data=True)) == Counter(dict.fromkeys(rels, 1))
    for n, a in h.nodes(data=True):
        want = nodes[n]
        assert (a["label"], a["key"], a["name"]) == (want["label"], want["key"], want["name"])
        assert split_list(a.get("aliases", "")) == want["aliases"]
        assert len(json.loads(a["evidence_json"])) == len({json.dumps(e, sort_keys=True) for e in want["evidence"]}) if want["evidence"] else "evidence_json" not in a
    o = sample_official(g)
    assert split_list(h.nodes[o].get("titles", "")) == g.nodes[o].get("titles", [])
    for u, v, a in h.edges(data=True):
        if a["type"] == "SPOKE_AT":
            assert split_list(a.get("roles", "")) == roles_of(rels[(u, "SPOKE_AT", v)])


def test_graphml_reads_back_with_igraph(exported):
    ig = pytest.importorskip("igraph")
    g, out = exported
    nodes, rels = expected(g)
    h = ig.Graph.Read_GraphML(str(out / "graph.graphml"))
    assert h.is_directed()
    assert h.vcount() == len(nodes) and h.ecount() == len(rels)
    ids = h.vs["id"]
    assert set(ids) == set(nodes)
    assert h.vs["name"] == [nodes[i]["name"] for i in ids]
    got = Counter((ids[e.source], e["type"], ids[e.target]) for e in h.es)
    assert got == Counter(dict.fromkeys(rels, 1))


def test_gexf_reads_back_with_networkx(exported):
    g, out = exported
    nodes, rels = expected(g)
    h = nx.read_gexf(out / "graph.gexf")
    assert set(h.nodes) == set(nodes)
    assert h.number_of_edges() == len(rels)
    for n, a in h.nodes(data=True):
        assert (a["label"], a["kind"], a["node_key"]) == (nodes[n]["name"], nodes[n]["label"], nodes[n]["key"])
        if nodes[n]["label"] == "Article":
            assert a["start_offset"] == nodes[n]["start"]
    assert Counter((u, a["label"], v) for u, v, a in h.edges(data=True)) == Counter(dict.fromkeys(rels, 1))


def test_csv_reads_back_with_pandas(exported):
    g, out = exported
    nodes, rels = expected(g)
    for name in ("nodes.csv", "edges.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    n = pd.read_csv(out / "nodes.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    e = pd.read_csv(out / "edges.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(n.columns[:4]) == ["id", "label", "key", "name"]
    assert list(e.columns[:3]) == ["source", "target", "type"]
    assert len(n) == len(nodes) and len(e) == len(rels)
    assert "None" not in set(n.values.ravel()) | set(e.values.ravel())
    by_id = n.set_index("id")
    o = sample_official(g)
    assert by_id.loc[o, "name"] == nodes[o]["name"]
    assert split_list(by_id.loc[o, "titles"]) == nodes[o].get("titles", [])
    assert split_list(by_id.loc[o, "aliases"]) == nodes[o]["aliases"]
    assert Counter(zip(e["source"], e["type"], e["target"])) == Counter(dict.fromkeys(rels, 1))
    for _, row in e[e["type"] == "SPOKE_AT"].iterrows():
        assert split_list(row.get("roles", "")) == roles_of(rels[(row["source"], "SPOKE_AT", row["target"])])


def test_list_separator_escapes_itself():
    items = ["a|b", "c\\", "", "主持"]
    assert split_list(join_list(items)) == items


def test_build_writes_formats_beside_graph_json(tmp_path, mini_graph_path):
    from newsgraph.graph.exporters import EXPORTERS

    assert {"graphml", "gexf", "csv", "neo4j-admin"} <= set(EXPORTERS)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("区委书记孟景伟主持会议并讲话。通州区召开半年工作会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(corpus), "--out", str(out), "--jobs", "1", "--no-html",
                 "--format", "graphml", "--format", "csv"])
    assert code == 0
    assert {p.name for p in out.iterdir()} >= {"graph.json", "graph.graphml", "nodes.csv", "edges.csv"}
    assert not (out / "graph.gexf").exists()


def test_export_to_unwritable_folder_is_one_line_exit_2(tmp_path, mini_graph_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", str(mini_graph_path), "--format", "csv", "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0]
