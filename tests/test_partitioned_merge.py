"""The key-partitioned merge (newsgraph.workflow.partitioned) gives the graph of the single,
sequential merge of the parts, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.graph.build import GraphBuilder
from newsgraph.graph.io import write_graph_json
from newsgraph.workflow import build_corpus
from newsgraph.workflow.partitioned import assemble, merge_slices, split_part

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = [SHARED / "corpus", SHARED / "eval" / "dev2" / "corpus"]


def _parts(extractions, size):
    parts = []
    for i in range(0, len(extractions), size):
        b = GraphBuilder()
        for ext in extractions[i:i + size]:
            b.add(ext)
        parts.append(b.part())
    return parts


@pytest.mark.parametrize("src", CORPORA, ids=["corpus", "dev2"])
def test_partitioned_merge_gives_the_graph_of_the_sequential_merge(src, tmp_path):
    if not src.is_dir():
        pytest.skip(f"no corpus at {src}")
    extractions = build_corpus([src], jobs=1).extractions
    whole = GraphBuilder()
    for part in _parts(extractions, 3):
        whole.merge(part)
    write_graph_json(whole.finish(), tmp_path / "sequential.json")
    for partitions in (1, 2, 5):
        slices = [split_part(part, i, partitions)
                  for i, part in enumerate(_parts(extractions, 3))]
        merged = [merge_slices(s[p] for s in slices) for p in range(partitions)]
        final = GraphBuilder()
        final.merge(assemble(merged))
        write_graph_json(final.finish(), tmp_path / f"{partitions}.json")
        assert (tmp_path / f"{partitions}.json").read_bytes() == \
            (tmp_path / "sequential.json").read_bytes(), partitions
