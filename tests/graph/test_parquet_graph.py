"""The Parquet graph (graph/parquet.py): the same graph as graph.json, byte for byte once written
back, with evidence sentences read from articles.jsonl; the build's --graph-format; the commands
that read a graph take either; clear errors naming the file."""
from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.cli import main
from newsgraph.graph.io import GraphFileError, read_graph, read_graph_json, write_graph_json
from newsgraph.graph.load_state import graph_fingerprint
from newsgraph.graph.article_texts import ArticleTexts
from newsgraph.graph.parquet import write_graph_parquet
from newsgraph.graph.parquet_reader import ParquetGraph

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS, DEV2 = SHARED / "corpus", SHARED / "eval" / "dev2" / "corpus"


@pytest.fixture(scope="module", params=["corpus", "dev2"])
def both_builds(request, tmp_path_factory):
    """``(json output folder, parquet output folder)`` of one corpus."""
    src = {"corpus": CORPUS, "dev2": DEV2}[request.param]
    if not src.is_dir():
        pytest.skip(f"no corpus at {src}")
    root = tmp_path_factory.mktemp(f"pq_{request.param}")
    for fmt in ("json", "parquet"):
        assert main(["build", str(src), "--out", str(root / fmt), "--no-html", "-q",
                     "--jobs", "1", "--graph-format", fmt]) in (0, 1)
    return root / "json", root / "parquet"


def test_the_parquet_graph_writes_back_the_builds_graph_json(both_builds, tmp_path):
    js, pq = both_builds
    assert not (pq / "graph.json").exists() and not (js / "graph.parquet").exists()
    assert (pq / "articles.jsonl").read_bytes() == (js / "articles.jsonl").read_bytes()
    graph = ParquetGraph(pq / "graph.parquet")
    write_graph_json(graph, tmp_path / "back.json")
    graph.close()
    assert (tmp_path / "back.json").read_bytes() == (js / "graph.json").read_bytes()
    # and it is a fraction of the size (the sentences are references)
    size = sum(f.stat().st_size for f in (pq / "graph.parquet").iterdir())
    assert size < (js / "graph.json").stat().st_size / 4


def test_every_reader_takes_the_folder_or_the_parquet_graph(both_builds):
    js, pq = both_builds
    want = read_graph_json(js / "graph.json")
    for where in (pq, pq / "graph.parquet"):
        got = read_graph(where)
        assert list(got.nodes(data=True)) == list(want.nodes(data=True))
        assert list(got.edges(keys=True, data=True)) == list(want.edges(keys=True, data=True))


def test_export_of_the_parquet_graph_is_the_export_of_graph_json(both_builds, tmp_path):
    js, pq = both_builds
    assert main(["export", str(js), "--format", "csv", "--out", str(tmp_path / "a")]) == 0
    assert main(["export", str(pq), "--format", "csv", "--out", str(tmp_path / "b")]) == 0
    for f in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / f.name).read_bytes() == f.read_bytes(), f.name


def test_the_load_fingerprint_of_a_folder_changes_with_a_file(both_builds, tmp_path):
    _, pq = both_builds
    copy = tmp_path / "graph.parquet"
    shutil.copytree(pq / "graph.parquet", copy)
    before = graph_fingerprint(copy)
    assert graph_fingerprint(copy) == before
    (copy / "edges.parquet").write_bytes((copy / "edges.parquet").read_bytes() + b"x")
    assert graph_fingerprint(copy) != before


# -- any graph: attributes, evidence and sentences the build would not make ----------------------

_text = st.text(alphabet="甲乙丙丁会议出席。，ab", min_size=0, max_size=12)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(0, 1), _text)
_value = st.one_of(_scalar, st.lists(_scalar, max_size=3),
                   st.dictionaries(st.sampled_from(["title", "date"]), _scalar, max_size=2))
ARTICLES = {"a#0": "甲乙丙丁会议出席。甲出席会议。", "a#1": "丙丁，ab会议。"}


@st.composite
def _item(draw):
    aid = draw(st.sampled_from(sorted(ARTICLES) + ["gone#9"]))
    text = ARTICLES.get(aid, "无此文章。")
    s = draw(st.integers(0, len(text)))
    e = draw(st.integers(s, len(text)))
    item = {"source": "a.txt", "article_id": aid,
            "sentence": text[s:e] if draw(st.booleans()) else draw(_text),
            "sentence_start": s, "start": s, "end": e, "rule": draw(st.sampled_from(["r", "x"])),
            "confidence": draw(st.sampled_from([0.8, 0.95, 1.0]))}
    if draw(st.integers(0, 5)) == 0:  # not the schema's: another field, order or type
        kind = draw(st.sampled_from(["extra", "order", "int"]))
        if kind == "extra":
            item["role"] = "讲话"
        elif kind == "order":
            item = dict(reversed(list(item.items())))
        else:
            item["confidence"] = 1
    return item


@st.composite
def _graphs(draw):
    g = nx.MultiDiGraph()
    ids = []
    for i in range(draw(st.integers(0, 6))):
        label = draw(st.sampled_from(["Official", "Meeting"]))
        d = {"label": label, "key": f"k{i}", "name": draw(_text),
             "aliases": draw(st.lists(_text, max_size=2)),
             "evidence": draw(st.lists(_item(), max_size=3)),
             "confidence": draw(st.sampled_from([0.5, 0.9]))}
        d.update(draw(st.dictionaries(st.sampled_from(["titles", "posts", "date"]), _value,
                                      max_size=2)))
        odd = draw(st.sampled_from([None] * 6 + ["order", "no evidence", "no label",
                                                 "int confidence", "alias", "odd evidence",
                                                 "int key"]))
        if odd == "order":  # not opening with the common properties in order
            d = dict(reversed(list(d.items())))
        elif odd == "no evidence":
            del d["evidence"]
        elif odd == "no label":
            del d["label"]
        elif odd == "int confidence":
            d["confidence"] = 1
        elif odd == "alias":
            d["aliases"] = [1, None]
        elif odd == "odd evidence":
            d["evidence"] = draw(st.sampled_from(["x", None, [1, "y"]]))
        elif odd == "int key":
            d["key"] = i
        ids.append(f"{label}:k{i}")
        g.add_node(ids[-1], **d)
    for _ in range(draw(st.integers(0, 8)) if ids else 0):
        u, v = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        d = {"type": draw(st.sampled_from(["ATTENDED", "MENTIONS"])),
             "evidence": draw(st.lists(_item(), max_size=3)),
             "confidence": draw(st.sampled_from([0.0, 0.8, 1]))}
        d.update(draw(st.dictionaries(st.sampled_from(["count", "role"]), _scalar, max_size=2)))
        if draw(st.booleans()):
            d = dict(reversed(list(d.items())))
        g.add_edge(u, v, **d)
    return g


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_graphs())
def test_any_graph_comes_back_as_it_was_written(tmp_path, g):
    articles = tmp_path / "articles.jsonl"
    articles.write_bytes(b"".join(orjson.dumps({"article_id": a, "text": t}) + b"\n"
                                  for a, t in ARTICLES.items()))
    folder = tmp_path / "graph.parquet"
    shutil.rmtree(folder, ignore_errors=True)
    write_graph_parquet(g, folder, articles)
    write_graph_json(g, tmp_path / "want.json")
    write_graph_json(ParquetGraph(folder), tmp_path / "got.json")
    assert (tmp_path / "got.json").read_bytes() == (tmp_path / "want.json").read_bytes()


# -- errors ---------------------------------------------------------------------------------------

def test_a_missing_articles_file_is_an_error_naming_it(both_builds, tmp_path):
    _, pq = both_builds
    copy = tmp_path / "out"
    shutil.copytree(pq / "graph.parquet", copy / "graph.parquet")
    with pytest.raises(GraphFileError, match="articles.jsonl: no such file"):
        read_graph(copy)


def test_a_broken_parquet_file_is_an_error_naming_it(both_builds, tmp_path):
    _, pq = both_builds
    copy = tmp_path / "out"
    shutil.copytree(pq, copy)
    (copy / "graph.parquet" / "edges.parquet").write_bytes(b"not parquet")
    with pytest.raises(GraphFileError, match="edges.parquet: not a readable Parquet file"):
        read_graph(copy)
    (copy / "graph.parquet" / "edges.parquet").unlink()
    with pytest.raises(GraphFileError, match="edges.parquet: no such file"):
        read_graph(copy / "graph.parquet")
    assert main(["export", str(copy), "--format", "csv"]) == 2


def test_an_articles_file_of_another_shape_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"article_id": "a#0", "text": "x"}\n[1, 2]\n')
    with pytest.raises(GraphFileError, match="articles.jsonl: line 2 is not an article row"):
        ArticleTexts(path)


# -- the build's choice ---------------------------------------------------------------------------

def test_auto_writes_parquet_above_the_size_and_each_format_removes_the_other(
        tmp_path, monkeypatch, capsys):
    from newsgraph.commands import build

    out = tmp_path / "out"
    assert main(["build", str(CORPUS), "--out", str(out), "--no-html", "-q", "--jobs", "1"]) == 0
    assert (out / "graph.json").is_file() and not (out / "graph.parquet").exists()
    monkeypatch.setattr(build, "JSON_MAX_TEXT_BYTES", 1000)
    capsys.readouterr()
    assert main(["build", str(CORPUS), "--out", str(out), "--no-html", "--jobs", "1"]) == 0
    assert f"wrote {out / 'graph.parquet'}/," in capsys.readouterr().out
    assert (out / "graph.parquet" / "nodes.parquet").is_file()
    assert not (out / "graph.json").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
    assert main(["build", str(CORPUS), "--out", str(out), "--no-html", "-q", "--jobs", "1",
                 "--graph-format", "json"]) == 0
    assert (out / "graph.json").is_file() and not (out / "graph.parquet").exists()


def _database(bolt) -> tuple[list, list]:
    """Every node's labels and properties, every relationship's ends, type and properties."""
    def key(row):
        return orjson.dumps(row, option=orjson.OPT_SORT_KEYS)

    nodes = bolt.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = bolt.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                    "properties(r) AS props")
    return sorted(nodes, key=key), sorted(rels, key=key)


@pytest.mark.neo4j
def test_loading_the_parquet_graph_gives_the_database_graph_json_gives(both_builds, clean_bolt):
    js, pq = both_builds
    assert main(["load", str(js), *clean_bolt.cli_args(), "--quiet"]) == 0
    want = _database(clean_bolt)
    clean_bolt.clear()
    assert main(["load", str(pq), *clean_bolt.cli_args(), "--quiet"]) == 0
    got = _database(clean_bolt)
    assert len(got[0]) == len(want[0]) > 100
    assert got == want


@pytest.mark.neo4j
def test_loading_a_parquet_graph_without_its_articles_is_one_clear_error(both_builds, clean_bolt,
                                                                          tmp_path, capsys):
    _, pq = both_builds
    copy = tmp_path / "out"
    shutil.copytree(pq / "graph.parquet", copy / "graph.parquet")
    capsys.readouterr()
    assert main(["load", str(copy), *clean_bolt.cli_args(), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "newsgraph load: error:" in err and "articles.jsonl: no such file" in err
    assert clean_bolt.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
