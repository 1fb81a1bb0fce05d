"""The schema in newsgraph/schema.py is enforced: built graphs hold only what it declares, and
the README's schema tables name exactly its labels and relationship types."""
import re
from pathlib import Path

import pytest

from newsgraph.graph.io import read_graph_json
from newsgraph.schema import (COMMON_NODE_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, Label,
                              RelType, schema_errors)

README = Path(__file__).resolve().parents[1] / "README.md"


def _errors(graph):
    return schema_errors(graph.nodes(data=True), graph.edges(data=True))


@pytest.mark.slow
@pytest.mark.parametrize("which", ["corpus_graph_path", "dev2_graph_path"])
def test_every_node_and_edge_of_a_built_corpus_follows_the_schema(request, which):
    graph = read_graph_json(request.getfixturevalue(which))
    assert graph.number_of_nodes() > 100
    assert _errors(graph) == []


def _district(**extra):
    data = {"label": "District", "key": "通州区", "name": "通州区", "aliases": [],
            "evidence": [], "confidence": 1.0, "level": "county"}
    data.update(extra)
    return ("District:通州区", data)


@pytest.mark.parametrize("node, edges, problem", [
    (_district(colour="red"), [], "'colour' is not declared for District"),
    (_district(level=3), [], "level is int, not str"),
    (_district(aliases=["通州", 7]), [], "an item of aliases is not str"),
    (_district(evidence=[{"source": "a.txt"}]), [], "evidence fields"),
    (("Official:x", {"label": "Official", "key": "y", "name": "y", "aliases": [],
                     "evidence": [], "confidence": 1.0}), [], "id is not node_id"),
    (("Thing:x", {"label": "Thing"}), [], "label 'Thing' is not declared"),
    (_district(), [("District:通州区", "District:通州区", {"type": "ATTENDED", "evidence": [],
                                                    "confidence": 1.0})],
     "ATTENDED does not go from District to District"),
    (_district(), [("District:通州区", "District:通州区", {"type": "LOCATED_IN", "evidence": [],
                                                    "confidence": 1.0, "role": "x"})],
     "'role' is not declared for LOCATED_IN"),
])
def test_schema_errors_names_what_is_wrong(node, edges, problem):
    errors = schema_errors([node], edges)
    assert any(problem in e for e in errors), errors


def _readme_table(heading_cell: str) -> list[str]:
    """First column of the README table whose header row starts with ``heading_cell``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"| {heading_cell} |"))
    rows = []
    for ln in lines[start + 2:]:
        if not ln.startswith("|"):
            break
        rows.append(re.sub(r"`", "", ln.split("|")[1]).strip())
    return rows


def test_the_readme_tables_name_the_schema_labels_and_types():
    assert set(_readme_table("node label")) == {lab.value for lab in Label}
    assert set(_readme_table("relationship")) == {r.value for r in RelType}


def test_every_declared_property_has_a_type_and_a_merge_rule():
    props = [p for ps in NODE_PROPERTIES.values() for p in ps] + list(COMMON_NODE_PROPERTIES)
    props += [p for ps in EDGE_PROPERTIES.values() for p in ps]
    for p in props:
        assert p.types and p.merge and p.doc, p
