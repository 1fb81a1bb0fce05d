"""The Bolt loader against a real server (embedded ArcadeDB, or NEO4J_URI)."""
from __future__ import annotations

import copy
import json
import socket
import threading
from collections import Counter

import pytest
from newsgraph.graph.flatten import node_rows, relationship_rows
from newsgraph.graph.io import write_graph_json
from newsgraph.graph.load_state import state_path_for
from newsgraph.graph.neo4j import LoadBatchError, load_graph
from newsgraph.graph.neo4j_batches import plan_batches
from newsgraph.graph.neo4j_maintenance import count_nodes, count_relationships

from newsgraph.cli import main
from newsgraph.schema import Label, RelType

pytestmark = pytest.mark.neo4j


def expected_counts(g):
    """Per-label node counts and per-type relationship counts the database should hold:
    parallel edges of one type between one pair are one relationship."""
    labels = {lab.value for lab in Label}
    types = {t.value for t in RelType}
    nodes = Counter(a["label"] for _, a in g.nodes(data=True) if a.get("label") in labels)
    rels = Counter(t for (_, _, t) in {(u, v, a["type"]) for u, v, a in g.edges(data=True) if a.get("type") in types})
    return ({lab.value: nodes.get(lab.value, 0) for lab in Label},
            {t.value: rels.get(t.value, 0) for t in RelType})


def assert_db_matches(bolt, g):
    nodes, rels = expected_counts(g)
    assert count_nodes(bolt.driver, bolt.database) == nodes
    assert count_relationships(bolt.driver, bolt.database) == rels
    dupes = bolt.run(
        "MATCH (n) WITH labels(n) AS l, n.key AS k, count(*) AS c WHERE c > 1 RETURN count(*) AS dupes"
    )
    assert dupes[0]["dupes"] == 0
    rel_dupes = bolt.run(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS c WHERE c > 1 RETURN count(*) AS dupes"
    )
    assert rel_dupes[0]["dupes"] == 0


def test_load_twice_gives_the_graphs_counts(clean_bolt, any_graph):
    _name, _path, g = any_graph
    for _ in range(2):
        report = load_graph(clean_bolt.driver, g, database=clean_bolt.database, batch_size=500)
        assert report.skipped_nodes == 0 and report.skipped_edges == 0
        assert_db_matches(clean_bolt, g)


def test_cli_load_twice(clean_bolt, tmp_path, mini_graph_path, mini_graph, capsys):
    path = tmp_path / "graph.json"
    path.write_bytes(mini_graph_path.read_bytes())
    for _ in range(2):
        assert main(["load", str(tmp_path), *clean_bolt.cli_args(), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "loaded" in out and "Official 3" in out
    assert_db_matches(clean_bolt, mini_graph)
    state = json.loads(state_path_for(path).read_text())
    assert state["complete"] is True


def test_names_with_quotes_braces_and_keywords_round_trip(clean_bolt, mini_graph):
    load_graph(clean_bolt.driver, mini_graph, database=clean_bolt.database)
    for node, a in mini_graph.nodes(data=True):
        rows = clean_bolt.run(
            f"MATCH (n:`{a['label']}` {{key: $key}}) RETURN n.name AS name, n.id AS id, n.evidence_json AS ev",
            key=a["key"],
        )
        assert len(rows) == 1, node
        assert rows[0]["name"] == a["name"] and rows[0]["id"] == node
        assert [json.loads(e) for e in rows[0]["ev"]] == a["evidence"]
    weird = 'O\'Brien "{x}" \\ MATCH'
    rows = clean_bolt.run("MATCH (n:Official {key: $k})-[:ATTENDED]->(m) RETURN m.key AS m", k=weird)
    assert [r["m"] for r in rows] == ["项目开工仪式|2023-08-02|fixture#1"]
    assert "<script>" in json.loads(clean_bolt.run("MATCH (n:Official {key: $k}) RETURN n.evidence_json AS e", k=weird)[0]["e"][0])["sentence"]


def test_parallel_edges_become_one_relationship_with_merged_evidence(clean_bolt, mini_graph):
    g = copy.deepcopy(mini_graph)
    u, v = "Official:孟景伟", "Meeting:通州区半年工作会议|2023-07-20|fixture#0"
    extra = {"source": "fixture.txt", "article_id": "fixture#0", "sentence": "孟景伟讲话。", "start": 0, "end": 3}
    g.add_edge(u, v, type="SPOKE_AT", role="讲话", evidence=[extra])
    load_graph(clean_bolt.driver, g, database=clean_bolt.database)
    rows = clean_bolt.run(
        "MATCH (:Official {key: '孟景伟'})-[r:SPOKE_AT]->(:Meeting) RETURN r.role AS role, r.role_values AS roles, r.evidence_json AS ev"
    )
    assert len(rows) == 1
    assert rows[0]["role"] == "主持会议并讲话" and rows[0]["roles"] == ["主持会议并讲话", "讲话"]
    assert len(rows[0]["ev"]) == 2
    assert_db_matches(clean_bolt, g)


def _other_articles_graph(g):
    """A second graph, as built from another source file: one shared official with a new alias
    and new evidence, one new official attending a shared meeting."""
    h = copy.deepcopy(g)
    h.remove_nodes_from([n for n in list(h) if n not in ("Official:孟景伟", "Meeting:项目开工仪式|2023-08-02|fixture#1")])
    ev = {"source": "other.txt", "article_id": "other#0", "sentence": "孟书记调研。", "start": 0, "end": 3}
    h.nodes["Official:孟景伟"].update(aliases=["孟书记"], evidence=[ev], titles=["区委书记", "书记"])
    h.add_node("Official:新人", label="Official", key="新人", name="新人", aliases=[], titles=[], posts=[],
               evidence=[{**ev, "sentence": "新人出席。"}])
    h.add_edge("Official:新人", "Meeting:项目开工仪式|2023-08-02|fixture#1", type="ATTENDED", evidence=[{**ev, "sentence": "新人出席。"}])
    return h


def test_incremental_load_merges_lists_and_replace_source_undoes_it(clean_bolt, mini_graph, tmp_path, capsys):
    load_graph(clean_bolt.driver, mini_graph, database=clean_bolt.database)
    h = _other_articles_graph(mini_graph)
    load_graph(clean_bolt.driver, h, database=clean_bolt.database)
    nodes, rels = expected_counts(mini_graph)
    assert count_nodes(clean_bolt.driver, clean_bolt.database)["Official"] == nodes["Official"] + 1
    assert count_relationships(clean_bolt.driver, clean_bolt.database)["ATTENDED"] == rels["ATTENDED"] + 1
    meng = clean_bolt.run("MATCH (n:Official {key: '孟景伟'}) RETURN n")[0]["n"]
    assert meng["aliases"] == ["孟书记"]
    assert meng["titles"] == ["区委书记", "书记"]
    assert meng["sources"] == ["fixture.txt", "other.txt"]
    assert meng["article_ids"] == ["fixture#0", "other#0"]
    assert len(meng["evidence_json"]) == 2
    # The meeting was in both graphs: still one node, its lists unioned.
    assert clean_bolt.run("MATCH (m:Meeting {key: '项目开工仪式|2023-08-02|fixture#1'}) RETURN count(m) AS c")[0]["c"] == 1

    # --replace-source other.txt, loading nothing new from it: back to the first graph's content.
    path = tmp_path / "graph.json"
    write_graph_json(mini_graph, path)
    assert main(["load", str(path), *clean_bolt.cli_args(), "--replace-source", "other.txt", "--quiet"]) == 0
    assert "replaced source other.txt" in capsys.readouterr().out
    assert_db_matches(clean_bolt, mini_graph)
    meng = clean_bolt.run("MATCH (n:Official {key: '孟景伟'}) RETURN n")[0]["n"]
    assert meng["sources"] == ["fixture.txt"] and meng["article_ids"] == ["fixture#0"]
    assert len(meng["evidence_json"]) == 1
    assert meng["aliases"] == ["孟书记"]  # aliases cannot be attributed to a file: documented to stay


def test_batch_failure_keeps_earlier_batches_and_resume_completes(clean_bolt, tmp_path, mini_graph, capsys):
    path = tmp_path / "graph.json"
    write_graph_json(mini_graph, path)
    batches, _, _ = plan_batches(mini_graph, 1)
    failing = next(b.index for b in batches if b.kind == "nodes" and b.rows[0]["key"] == "潞城镇")
    # A real server-side failure: a uniqueness constraint on District.name plus a node that
    # already holds the name 潞城镇, so the batch merging District 潞城镇 is rejected.
    clean_bolt.run("CREATE CONSTRAINT test_blocker IF NOT EXISTS FOR (n:District) REQUIRE n.name IS UNIQUE")
    try:
        clean_bolt.run("CREATE (:District {key: 'blocker', name: '潞城镇'})")
        code = main(["load", str(path), *clean_bolt.cli_args(), "--batch-size", "1", "--quiet"])
        err = capsys.readouterr().err
        assert code == 1
        assert f"batch {failing + 1}/{len(batches)}" in err and "--resume" in err
        done = [b for b in batches[:failing]]
        db_nodes = count_nodes(clean_bolt.driver, clean_bolt.database)
        assert db_nodes["Official"] == sum(1 for b in done if b.label == "Official")
        assert db_nodes["District"] == 1 + sum(1 for b in done if b.label == "District")
        assert db_nodes["Project"] == 0
        state = json.loads(state_path_for(path).read_text())
        assert state["done"] == list(range(failing)) and state["complete"] is False

        clean_bolt.run("MATCH (n:District {key: 'blocker'}) DETACH DELETE n")
        code = main(["load", str(path), *clean_bolt.cli_args(), "--batch-size", "1", "--resume", "--quiet"])
        out = capsys.readouterr().out
        assert code == 0
        assert f"{failing} batches skipped" in out
        assert_db_matches(clean_bolt, mini_graph)
        # --resume with another batch size refuses rather than skipping the wrong rows.
        assert main(["load", str(path), *clean_bolt.cli_args(), "--batch-size", "2", "--resume", "--quiet"]) == 2
    finally:
        clean_bolt.run("DROP CONSTRAINT test_blocker IF EXISTS")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "case, expected",
    [
        ("wrong_password", "authentication failed"),
        ("unreachable", "cannot reach a Bolt server at bolt://127.0.0.1:"),
        ("missing_database", "database 'no_such_db_x' does not exist"),
    ],
)
def test_connection_failures_exit_2_with_one_clear_line(bolt, mini_graph_path, case, expected, capsys):
    args = dict(zip(bolt.cli_args()[::2], bolt.cli_args()[1::2]))
    if case == "wrong_password":
        args["--password"] = bolt.password + "-wrong"
    elif case == "unreachable":
        args["--uri"] = f"bolt://127.0.0.1:{_closed_port()}"
    else:
        args["--database"] = "no_such_db_x"
    argv = ["load", str(mini_graph_path), *[x for kv in args.items() for x in kv], "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert main(["query", "graph_summary", *argv[2:-1]]) == 2
    assert expected in capsys.readouterr().err


def test_rows_follow_the_documented_mapping(mini_graph):
    nodes, _ = node_rows(mini_graph)
    meeting = next(r for r in nodes[Label.MEETING] if r["key"].startswith("通州区"))
    assert meeting["props"]["date"] == "2023-07-20" and meeting["props"]["source"] == "fixture.txt"
    assert meeting["lists"]["aliases"] == ["半年工作会议"]
    beijing = next(r for r in nodes[Label.DISTRICT] if r["key"] == "北京市")
    assert beijing["lists"]["sources"] == ["fixture.txt"]  # from the MENTIONS of its article
    rels, _ = relationship_rows(mini_graph)
    mentions = [r for (t, _, _), rows in rels.items() if t is RelType.MENTIONS for r in rows]
    assert all(r["props"]["count"] == 1 and r["lists"]["sources"] == ["fixture.txt"] for r in mentions)
    for rows in list(nodes.values()) + list(rels.values()):
        for r in rows:
            for v in r["props"].values():
                assert isinstance(v, (str, int, float, bool))
            for v in r["lists"].values():
                assert isinstance(v, list) and all(isinstance(x, (str, int, float, bool)) for x in v)


def test_concurrent_loads_of_one_graph_all_succeed(clean_bolt, any_graph):
    """Writers that collide are retried: transient conflicts by the driver's managed
    transactions, lost MERGE races (ArcadeDB) by the loader.  Nodes stay unique (the key
    constraint) and every relationship is there; ArcadeDB may keep a relationship twice when
    two loaders MERGE it at the same moment (Neo4j's MERGE locks both ends; ArcadeDB merges the
    concurrent edge-list changes), so loads are meant to run one at a time — see graph/neo4j.py."""
    _name, _path, g = any_graph
    errors = []

    def worker():
        try:
            load_graph(clean_bolt.driver, g, database=clean_bolt.database, batch_size=20)
        except Exception as exc:  # noqa: BLE001 - collected, so the assertion shows every failure
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    nodes, rels = expected_counts(g)
    assert count_nodes(clean_bolt.driver, clean_bolt.database) == nodes
    distinct = {row["t"]: row["n"] for row in clean_bolt.run(
        "MATCH (a)-[r]->(b) WITH type(r) AS t, a.key AS ka, b.key AS kb, labels(a)[0] AS la, "
        "labels(b)[0] AS lb RETURN t, count(DISTINCT [la, ka, lb, kb]) AS n")}
    assert {t: distinct.get(t, 0) for t in rels} == rels


def _read_admin_csv(header_path, data_path):
    """Parse a neo4j-admin header + data file pair the way the importer reads them (quoted fields,
    doubled quotes, U+001F array delimiter, empty = absent)."""
    import csv

    with open(header_path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    out = []
    with open(data_path, encoding="utf-8", newline="") as fh:
        for values in csv.reader(fh):
            row = {}
            for col, raw in zip(header, values, strict=True):
                name, _, typ = col.partition(":")
                if raw == "":
                    continue
                conv = {"long": int, "double": float, "boolean": lambda x: x == "true"}.get(typ.rstrip("[]").split("(")[0], str)
                row[name or typ] = [conv(x) for x in raw.split("\x1f")] if typ.endswith("[]") else conv(raw)
            out.append(row)
    return header, out


def test_neo4j_admin_export_holds_what_the_loader_writes(clean_bolt, tmp_path, mini_graph, capsys):
    path = tmp_path / "graph.json"
    write_graph_json(mini_graph, path)
    out = tmp_path / "admin"
    assert main(["export", str(path), "--format", "neo4j-admin", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "neo4j-admin database import full" in printed and "--array-delimiter=U+001F" in printed
    load_graph(clean_bolt.driver, mini_graph, database=clean_bolt.database)
    for label in Label:
        header_path = out / f"nodes_{label.value}_header.csv"
        if not header_path.exists():
            continue
        assert str(header_path.resolve()) in printed
        header, rows = _read_admin_csv(header_path, out / f"nodes_{label.value}.csv")
        assert header[0] == f"key:ID({label.value})"
        db = {r["n"]["key"]: r["n"] for r in clean_bolt.run(f"MATCH (n:`{label.value}`) RETURN n")}
        assert len(rows) == len(db)
        for row in rows:
            stored = {k: v for k, v in db[row["key"]].items() if v not in ([], "")}
            assert row == stored
    header, rows = _read_admin_csv(out / "rels_SPOKE_AT_Official_Meeting_header.csv", out / "rels_SPOKE_AT_Official_Meeting.csv")
    assert header[:2] == [":START_ID(Official)", ":END_ID(Meeting)"]
    assert [(r["START_ID(Official)"], r["role"]) for r in rows] == [("孟景伟", "主持会议并讲话")]
    assert (out / "constraints.cypher").read_text().count("REQUIRE n.key IS UNIQUE") == len(Label)


def test_a_failed_batch_is_rolled_back_whole(clean_bolt, mini_graph):
    batches, _, _ = plan_batches(mini_graph, 2)
    failing = next(b for b in batches if b.kind == "nodes" and any(r["key"] == "北京市" for r in b.rows))
    assert len(failing.rows) == 2  # a good row travels with the bad one
    clean_bolt.run("CREATE CONSTRAINT test_blocker2 IF NOT EXISTS FOR (n:District) REQUIRE n.name IS UNIQUE")
    try:
        clean_bolt.run("CREATE (:District {key: 'blocker', name: '北京市'})")
        with pytest.raises(LoadBatchError) as info:
            load_graph(clean_bolt.driver, mini_graph, database=clean_bolt.database, batch_size=2)
        assert info.value.index == failing.index
        other = next(r["key"] for r in failing.rows if r["key"] != "北京市")
        assert clean_bolt.run("MATCH (n:District {key: $k}) RETURN count(n) AS c", k=other)[0]["c"] == 0
    finally:
        clean_bolt.run("DROP CONSTRAINT test_blocker2 IF EXISTS")
