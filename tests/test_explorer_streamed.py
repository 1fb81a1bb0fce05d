"""The explorer of a graph read as streams (a build's graph store, a Parquet graph): the page of
the graph in memory, byte for byte, with only the drawn part held; and the drawn part in the
graph's order whatever the process's string hashing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from newsgraph.cli import main
from newsgraph.graph.page_data import page_data, streamed_page_data
from newsgraph.graph.parquet import write_graph_parquet
from newsgraph.graph.parquet_reader import ParquetGraph

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def parquet_graph(corpus_graph, corpus_graph_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("streamed") / "graph.parquet"
    write_graph_parquet(corpus_graph, folder, corpus_graph_path.parent / "articles.jsonl")
    return ParquetGraph(folder, corpus_graph_path.parent / "articles.jsonl")


@pytest.mark.parametrize("max_nodes", [None, 0, 1, 25, 90, 10_000])
def test_the_streamed_page_is_the_page_of_the_graph(corpus_graph, parquet_graph, max_nodes):
    want = page_data(corpus_graph, max_nodes=max_nodes, title="t")
    got = streamed_page_data(parquet_graph, max_nodes=max_nodes, title="t")
    assert orjson.dumps(got) == orjson.dumps(want)
    assert got["summary"]["nodes_drawn"] == (min(max_nodes, 139) if max_nodes is not None
                                             else 139)


def test_a_negative_max_nodes_is_refused(parquet_graph):
    with pytest.raises(ValueError, match="max_nodes"):
        streamed_page_data(parquet_graph, max_nodes=-1, title="t")


def test_the_builds_page_drawn_from_its_store_is_the_page_view_draws(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    out = tmp_path / "out"
    assert main(["build", str(CORPUS), "--out", str(out), "-q", "--jobs", "1",
                 "--html-max-nodes", "40"]) == 0
    assert main(["view", str(out / "graph.json"), "--max-nodes", "40",
                 "--out", str(tmp_path / "view.html")]) == 0
    assert (tmp_path / "view.html").read_bytes() == (out / "graph.html").read_bytes()
    assert main(["build", str(CORPUS), "--out", str(tmp_path / "pq"), "-q", "--jobs", "1",
                 "--html-max-nodes", "40", "--graph-format", "parquet"]) == 0
    assert main(["view", str(tmp_path / "pq"), "--max-nodes", "40",
                 "--out", str(tmp_path / "view-pq.html")]) == 0
    assert (tmp_path / "view-pq.html").read_bytes() == (out / "graph.html").read_bytes()


def test_the_drawn_part_does_not_depend_on_string_hashing(corpus_graph_path, tmp_path):
    # A subgraph view of a small selection iterates a set: the page must not.
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"v{seed}.html"
        subprocess.run([sys.executable, "-m", "newsgraph.cli", "view", str(corpus_graph_path),
                        "--max-nodes", "30", "--out", str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
