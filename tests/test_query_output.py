"""Query output on a real Bolt server (issue 13, item 9): a query that returns no row still
prints its columns in CSV, and says so in a table."""
from __future__ import annotations

import pytest

from newsgraph.cli import main

pytestmark = pytest.mark.neo4j

NOBODY = ("MATCH (o:Official) WHERE o.name = 'nobody-of-issue-13' "
          "RETURN o.name AS official, o.key AS key ORDER BY official")


@pytest.mark.parametrize("cypher", [NOBODY, "UNWIND [] AS x RETURN x AS official, 1 AS key"])
def test_zero_rows_in_csv_print_the_header(bolt, capsys, cypher):
    assert main(["query", cypher, "--format", "csv", *bolt.cli_args()]) == 0
    assert capsys.readouterr().out == "official,key\n"


def test_zero_rows_of_a_named_query_in_csv_print_the_header(bolt, capsys):
    assert main(["query", "official_meetings", "--param", "official=nobody-of-issue-13",
                 "--format", "csv", *bolt.cli_args()]) == 0
    header = capsys.readouterr().out
    assert header.endswith("\n") and header.count("\n") == 1 and "," in header
