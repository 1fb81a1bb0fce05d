"""The neo4j-admin export's command and steps work on the README's setups (issue 14): Docker's
neo4j:5 and every installation already hold the database `neo4j`, so the import overwrites it;
CREATE DATABASE only for Enterprise; Aura by dump and upload; --multiline-fields only for values
with line breaks; --read-buffer-size for values over the 4 MiB default."""
from __future__ import annotations

import copy
import re

from newsgraph.graph.neo4j_admin import DEFAULT_READ_BUFFER, export_neo4j_admin


def _evidence(sentence: str) -> dict:
    return {"source": "big.txt", "article_id": "big#0", "sentence": sentence, "start": 0, "end": 1,
            "rule": "test", "confidence": 1.0}


def test_plain_export_overwrites_neo4j_without_multiline_or_buffer_options(tmp_path, mini_graph):
    summary = export_neo4j_admin(mini_graph, tmp_path / "admin")
    command = summary["command"]
    assert " full neo4j --overwrite-destination=true " in command
    assert "--multiline-fields" not in command and "--read-buffer-size" not in command
    steps = "\n".join(summary["steps"])
    assert "Community" in steps and "Enterprise" in steps and "Aura" in steps
    assert [s for s in summary["steps"] if "CREATE DATABASE" in s] == \
        [s for s in summary["steps"] if s.startswith("Enterprise")]
    assert "database dump neo4j" in steps and "database upload neo4j --from-path=" in steps
    assert "--to-uri=neo4j+s://" in steps
    docker = (tmp_path / "admin" / "import-docker.sh").read_text()
    assert ":/data" in docker and ":/import neo4j:5 neo4j-admin database import full neo4j" in docker
    assert "--nodes=Official=/import/nodes_Official_header.csv,/import/nodes_Official.csv" in docker
    assert command in (tmp_path / "admin" / "import.sh").read_text()


def test_line_breaks_and_a_hub_nodes_evidence_set_their_options(tmp_path, mini_graph):
    node = "Official:孟景伟"
    g = copy.deepcopy(mini_graph)
    g.nodes[node]["evidence"] = g.nodes[node]["evidence"] + [_evidence("第一行\n第二行")]
    assert not export_neo4j_admin(g, tmp_path / "json")["line_breaks"]  # JSON escapes them
    article = next(n for n, d in g.nodes(data=True) if d["label"] == "Article")
    g.nodes[article]["title"] = "标题第一行\n第二行"
    summary = export_neo4j_admin(g, tmp_path / "breaks")
    assert "--multiline-fields=true" in summary["command"] and summary["line_breaks"]

    # A hub: about 6 MB of evidence JSON in one field (3 bytes a character).
    hub = copy.deepcopy(mini_graph)
    hub.nodes[node]["evidence"] = [_evidence("区" * 1000 + str(i)) for i in range(2000)]
    summary = export_neo4j_admin(hub, tmp_path / "hub")
    assert summary["largest_field"] > DEFAULT_READ_BUFFER
    size = int(re.search(r"--read-buffer-size=(\d+)", summary["command"])[1])
    assert size >= summary["largest_field"] and size % (1024 * 1024) == 0
    with open(tmp_path / "hub" / "nodes_Official.csv", encoding="utf-8") as fh:
        assert max(len(line.encode("utf-8")) for line in fh) <= size
    assert "--multiline-fields" not in summary["command"]


def test_the_export_of_a_streamed_graph_is_the_export_of_the_graph(corpus_graph,
                                                                    corpus_graph_path, tmp_path):
    # The rows wait on disk, found columns and all, then are written a chunk at a time.
    from newsgraph.graph.neo4j_admin import export_neo4j_admin
    from newsgraph.graph.parquet import write_graph_parquet
    from newsgraph.graph.parquet_reader import ParquetGraph

    articles = corpus_graph_path.parent / "articles.jsonl"
    write_graph_parquet(corpus_graph, tmp_path / "graph.parquet", articles)
    want = export_neo4j_admin(corpus_graph, tmp_path / "a")
    got = export_neo4j_admin(ParquetGraph(tmp_path / "graph.parquet", articles), tmp_path / "b")
    assert got["nodes"] == want["nodes"] and got["relationships"] == want["relationships"]
    assert got["largest_field"] == want["largest_field"] > 0
    csvs = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert len(csvs) > 10
    for name in csvs:
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name
