"""GraphBuilder.merge: builders of consecutive runs of articles, merged in order, give the
graph of one builder fed every article (what lets ``build --jobs N`` build parts in workers)."""
import json
import random
from pathlib import Path

import networkx as nx
import pytest

from newsgraph.extract.pipeline import corpus_context, extract_article, read_articles
from newsgraph.extract.reader import iter_sources
from newsgraph.graph.build import GraphBuilder

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

# Constructed articles that make the merge rules matter: the same official with new titles and
# posts in a later part, a district first seen only as an unprinted parent, a project printed
# under two names, a relation whose role grows, the same meeting name in two articles.
CONSTRUCTED = [
    "本报讯 昨天，区委书记孟景伟主持召开区委常委会会议并讲话。区长郑皓出席。",
    "本报讯 副区长李先侠到宋庄镇小堡村调研。她察看了宋庄艺术创意小镇建设情况。",
    "本报讯 区委副书记、区长郑皓到台湖镇调研，察看北京城市副中心数字化虚拟物业服务平台。",
    "本报讯 昨天，区委书记孟景伟主持召开区委常委会会议。郑皓、赵玉影出席会议并讲话。",
    "本报讯 城市副中心数字化虚拟物业服务平台在梨园镇上线。区人大常委会主任赵玉影参加。",
    # one project key, printed with quotes first and without later: the node keeps its first
    # name, and the later part's own name for it becomes an alias
    "本报讯 今天，区长郑皓要求持续打造基层党建“亮点工程”。",
    "本报讯 昨天，区委书记孟景伟要求打造基层党建亮点工程。",
]


def _extractions():
    texts = [(f"c{i}.txt", t) for i, t in enumerate(CONSTRUCTED)]
    if CORPUS.is_dir():
        texts += [(s.name, s.text) for s in iter_sources([CORPUS])]
    articles = [a for name, text in texts for a in read_articles(text, name)]
    context = corpus_context(articles)
    return [extract_article(a, context) for a in articles]


EXTRACTIONS = _extractions()


def _graph_text(builder: GraphBuilder) -> str:
    """The finished graph as JSON text: equal texts mean equal nodes, edges, keys and order."""
    return json.dumps(nx.node_link_data(builder.finish(), edges="edges"), ensure_ascii=False)


def _built(extractions) -> GraphBuilder:
    builder = GraphBuilder()
    for ext in extractions:
        builder.add(ext)
    return builder


@pytest.fixture(scope="module")
def whole():
    return _graph_text(_built(EXTRACTIONS))


@pytest.mark.parametrize("seed", range(6))
def test_merged_parts_give_the_graph_of_one_builder(whole, seed):
    rng = random.Random(seed)
    n = len(EXTRACTIONS)
    cuts = sorted(rng.sample(range(1, n), min(n - 1, rng.randint(1, 12))))
    bounds = [0, *cuts, n]
    parts = [_built(EXTRACTIONS[a:b]) for a, b in zip(bounds, bounds[1:])]
    merged = parts[0]
    for part in parts[1:]:
        merged.merge(part)
    assert _graph_text(merged) == whole


def test_a_later_part_that_names_a_node_differently_adds_its_name_as_an_alias():
    first, later = _built(EXTRACTIONS[5:6]), _built(EXTRACTIONS[6:7])
    first.merge(later)
    project = next(d for _, d in first.graph.nodes(data=True) if d["label"] == "Project")
    assert project["name"] == "基层党建“亮点工程”"
    assert project["aliases"] == ["基层党建亮点工程"]
    assert _graph_text(first) == _graph_text(_built(EXTRACTIONS[5:7]))


def test_every_article_its_own_part(whole):
    merged = GraphBuilder()
    for ext in EXTRACTIONS:
        merged.merge(_built([ext]))
    assert _graph_text(merged) == whole
