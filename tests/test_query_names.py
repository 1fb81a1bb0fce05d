"""A misspelled query name is told apart from Cypher and answered with "did you mean" (CLI and
API), before any server is started."""
import networkx as nx
import pytest

from newsgraph.api import KnowledgeGraph
from newsgraph.cli import main
from newsgraph.queries.library import UnknownQueryError, resolve_query


@pytest.mark.parametrize("typo, meant", [("top_speaker", "top_speakers"),
                                         ("offical_meetings", "official_meetings"),
                                         ("co-attendance", "co_attendance")])
def test_cli_query_suggests_the_closest_name(typo, meant, capsys, tmp_path):
    # --uri to a closed port: the answer must come before any connection is tried.
    code = main(["query", typo, "--uri", "bolt://127.0.0.1:9", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"newsgraph query: error: no query named {typo}; did you mean {meant}?"]


def test_queries_name_suggests_too(capsys):
    assert main(["queries", "graph_sumary"]) == 2
    assert "did you mean graph_summary?" in capsys.readouterr().err


def test_a_word_far_from_every_name_lists_the_names():
    with pytest.raises(UnknownQueryError) as exc:
        resolve_query("zzzz")
    assert exc.value.suggestions == [] and "known: " in str(exc.value)


def test_cypher_is_not_taken_for_a_name():
    assert resolve_query("MATCH (n) RETURN count(n) AS n") is None
    assert resolve_query("RETURN 1") is None


def test_api_query_raises_before_connecting():
    kg = KnowledgeGraph(nx.MultiDiGraph())
    with pytest.raises(UnknownQueryError, match="did you mean top_speakers"):
        kg.query("top_speaker")
    assert getattr(kg, "_driver", None) is None
