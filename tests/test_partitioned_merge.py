"""The graph store (newsgraph.workflow.graph_store): parts cut by node key, each partition merged
on its own and the corpus-wide steps run on the nodes they touch give the graph of the single,
sequential merge and GraphBuilder.finish, byte for byte, whatever the number of partitions."""
from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.pipeline import ArticleExtraction, ArticleRecord
from newsgraph.extract.types import Mention, RelationMention
from newsgraph.graph.build import GraphBuilder
from newsgraph.graph.io import write_graph_json
from newsgraph.workflow import build_corpus
from newsgraph.workflow.graph_store import GraphStore, partitions_for

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


def _sequential(extractions, size, path):
    whole = GraphBuilder()
    for part in _parts(extractions, size):
        whole.merge(part)
    write_graph_json(whole.finish(), path)
    return path.read_bytes()


def _stored(extractions, size, partitions, path, map_=map):
    store = GraphStore(partitions, tmp=str(path.parent))
    try:
        for part in _parts(extractions, size):
            store.add_part(part)
        store.merge_partitions(map_)
        store.finish(map_)
        write_graph_json(store, path)
        streamed = path.read_bytes()
        write_graph_json(store.to_networkx(), path)
        assert path.read_bytes() == streamed  # the graph in memory is the streamed one
        return streamed, store.counts()
    finally:
        store.close()
        assert not store.folder.exists()


@pytest.mark.parametrize("src", CORPORA, ids=["corpus", "dev2"])
def test_the_store_gives_the_graph_of_the_sequential_merge(src, tmp_path):
    if not src.is_dir():
        pytest.skip(f"no corpus at {src}")
    extractions = build_corpus([src], jobs=1).extractions
    expected = _sequential(extractions, 3, tmp_path / "sequential.json")
    for partitions in (1, 2, 5):
        got, (labels, types) = _stored(extractions, 3, partitions, tmp_path / f"{partitions}.json")
        assert got == expected, partitions
    data = json.loads(expected)
    assert labels == Counter(n["label"] for n in data["nodes"])
    assert types == Counter(e["type"] for e in data["edges"])
    # Merged and read for the corpus-wide steps by worker processes, as a build does.
    with ProcessPoolExecutor(2) as pool:
        got, _ = _stored(extractions, 3, 5, tmp_path / "pool.json", pool.map)
    assert got == expected


# Synthetic articles dense in what the corpus-wide steps change: projects whose names are
# variants of each other (a place prefix, a bracket, a 项目 tail) and districts no article
# prints, reached only as LOCATED_IN ends, in chains.
_STEMS = ["数字化服务平台工程", "第二再生水厂", "综合治理工程", "智慧园区平台"]
_PREFIX = ["", "北京", "通州", "城市副中心", "(一期)"]
_TAIL = ["", "项目"]
_PLACES = ["甲村", "乙村", "丙镇", "丁镇", "戊区"]


@st.composite
def _article(draw, i):
    projects = draw(st.lists(st.tuples(st.sampled_from(_PREFIX), st.sampled_from(_STEMS),
                                       st.sampled_from(_TAIL)).map("".join),
                             min_size=1, max_size=4))
    text = "。".join(projects) + "。"
    mentions, at = [], 0
    for name in projects:
        mentions.append(Mention("Project", name, name, at, at + len(name), "project", 0.8))
        at += len(name) + 1
    printed = draw(st.lists(st.sampled_from(_PLACES), max_size=2, unique=True))
    for place in printed:
        text += place + "。"
        mentions.append(Mention("District", place, place, at, at + len(place), "gazetteer", 0.9))
        at += len(place) + 1
    relations = []
    for name in projects:
        if draw(st.booleans()):
            relations.append(RelationMention("LOCATED_IN", ("Project", name),
                                             ("District", draw(st.sampled_from(_PLACES))),
                                             0, len(name), "in", 0.7))
    for a, b in draw(st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_PLACES)),
                              max_size=3)):
        if a != b:
            relations.append(RelationMention("LOCATED_IN", ("District", a), ("District", b),
                                             0, 1, "area", 0.6))
    record = ArticleRecord(source=f"s{i % 3}.txt", article_id=f"s{i % 3}.txt#{i}", index=i,
                           title=f"t{i}", text=text, body_start=0, page_start=0,
                           page_end=len(text), date=f"2024-01-{1 + i % 28:02d}")
    return ArticleExtraction(record, mentions=mentions, relations=relations,
                             sentences=[(0, len(text))])


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12).flatmap(lambda n: st.tuples(*(_article(i) for i in range(n)))),
       st.integers(1, 4), st.integers(1, 6))
def test_the_corpus_wide_steps_on_partitions_give_finish(tmp_path_factory, extractions, size,
                                                         partitions):
    tmp = tmp_path_factory.mktemp("store")
    expected = _sequential(list(extractions), size, tmp / "sequential.json")
    got, _ = _stored(list(extractions), size, partitions, tmp / "stored.json")
    assert got == expected


def test_partitions_grow_with_the_text_and_cover_the_workers():
    assert partitions_for(1 << 20, 4) == 1  # one partition's worth: merged in one go
    assert partitions_for(100 << 20, 1) == 7
    assert partitions_for(20 << 20, 4) == 4
    assert partitions_for(50 << 20, 2) == 4  # 3 partitions' worth: two rounds of two
