"""read_graph_json: the graph networkx's own node-link reader gives, and a clear error naming the
file for what is not a graph.json."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from newsgraph.graph.io import GraphFileError, read_graph_json, write_graph_json


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="t")
    g.add_node("Official:甲", label="Official", key="甲", evidence=[{"sentence": "甲出席。"}])
    g.add_node("Meeting:会", label="Meeting", key="会", evidence=[])
    g.add_edge("Official:甲", "Meeting:会", type="ATTENDED", evidence=[])
    g.add_edge("Official:甲", "Meeting:会", type="SPOKE_AT", roles=["讲话"])
    g.add_edge("Meeting:会", "Official:甲", 7, type="MENTIONS")
    return g


def test_it_reads_what_networkx_reads(tmp_path):
    path = tmp_path / "graph.json"
    write_graph_json(_graph(), path)
    ours = read_graph_json(path)
    theirs = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert ours.graph == theirs.graph == {"name": "t"}
    write_graph_json(ours, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("text, why", [
    (b"{", "not a graph.json file"),
    (b"\xff\xfe{}", "not a graph.json file"),
    (b'{"nodes": []}', "expected 'nodes' and 'edges'"),
    (b'{"nodes": [{"label": "Official"}], "edges": []}', "a node without an id"),
    (b'{"nodes": [{"id": "a"}], "edges": [{"source": "a"}]}', "an edge without its ends"),
])
def test_what_is_not_a_graph_json_is_a_clear_error(tmp_path, text, why):
    path = tmp_path / "graph.json"
    path.write_bytes(text)
    with pytest.raises(GraphFileError, match=why) as err:
        read_graph_json(path)
    assert str(path) in str(err.value)
