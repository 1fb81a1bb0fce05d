"""Loading a graph read as streams (a Parquet graph): the batches of the graph in memory, in the
same order, cut as it is read and kept on disk until loaded; the rows of the in-memory path
come from the same row builder."""
from __future__ import annotations

import pytest

from newsgraph.graph.flatten import (graph_index, iter_node_rows, iter_relationship_rows,
                                     node_rows, relationship_rows)
from newsgraph.graph.neo4j_batches import SpilledBatches, plan_batches
from newsgraph.graph.parquet import write_graph_parquet
from newsgraph.graph.parquet_reader import ParquetGraph


@pytest.fixture(scope="module", params=["mini", "corpus", "dev2"])
def graph_and_parquet(request, tmp_path_factory):
    name = request.param
    path = request.getfixturevalue({"mini": "mini_graph_path", "corpus": "corpus_graph_path",
                                     "dev2": "dev2_graph_path"}[name])
    from newsgraph.graph.io import read_graph_json

    g = read_graph_json(path)
    folder = tmp_path_factory.mktemp(f"load_{name}")
    articles = path.parent / "articles.jsonl"
    if not articles.exists():  # the fixture graph has no build: its sentences stay inline
        articles = folder / "articles.jsonl"
        articles.write_text("")
    write_graph_parquet(g, folder / "graph.parquet", articles)
    return g, ParquetGraph(folder / "graph.parquet", articles)


@pytest.mark.parametrize("batch_size, max_bytes", [(1000, 4 << 20), (7, 4 << 20), (50, 20_000)])
def test_spilled_batches_are_the_planned_batches(graph_and_parquet, batch_size, max_bytes,
                                                 tmp_path):
    g, streamed = graph_and_parquet
    want, skipped_nodes, skipped_edges = plan_batches(g, batch_size, max_bytes)
    got = SpilledBatches(streamed, batch_size, max_bytes, tmp=str(tmp_path))
    try:
        assert len(got) == len(want) > 1
        assert (got.skipped_nodes, got.skipped_edges) == (skipped_nodes, skipped_edges)
        assert list(got) == want
        assert list(got) == want  # read again from disk
    finally:
        got.close()
    assert not got.folder.exists()


def test_the_streamed_rows_are_the_rows_in_memory(graph_and_parquet):
    g, streamed = graph_and_parquet
    index = graph_index(streamed)
    nodes, _ = node_rows(g)
    rels, _ = relationship_rows(g)
    streamed_nodes: dict = {}
    for label, row in iter_node_rows(streamed, index):
        if row is not None:
            streamed_nodes.setdefault(label, []).append(row)
    assert streamed_nodes == nodes and list(streamed_nodes) == list(nodes)
    streamed_rels: dict = {}
    for key, row in iter_relationship_rows(streamed, index):
        if row is not None:
            streamed_rels.setdefault(key, []).append(row)
    assert streamed_rels == rels and list(streamed_rels) == list(rels)
