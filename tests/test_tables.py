"""Query results as text tables: CJK columns aligned by display width, empty cells for missing
values, meeting keys hidden where the name is shown."""
import pandas as pd
from rich.cells import cell_len

from newsgraph.commands.neo4j import format_frame
from newsgraph.tables import format_table


def _column_starts(line: str, texts: list[str]) -> list[int]:
    """Display column where each of ``texts`` starts in ``line``."""
    out, pos = [], 0
    for t in texts:
        i = line.index(t, pos)
        out.append(cell_len(line[:i]))
        pos = i + len(t)
    return out


def test_chinese_columns_line_up_by_display_width():
    df = pd.DataFrame({"official": ["孟景伟", "欧阳明", "Li"], "meetings": [12, 3, 100],
                       "roles": [["主持", "讲话"], ["指出"], []],
                       "district": ["通州区“两区”", "于家务回族乡", "x"]})
    lines = format_frame(df, "table").splitlines()
    rows = lines[-4:-1]
    starts = [_column_starts(ln, [str(r.official), str(r.meetings)]
                             + ([("、".join(r.roles))] if r.roles else []) + [r.district])
              for ln, r in zip(rows, df.itertuples())]
    assert starts[0][0] == starts[1][0] == starts[2][0]
    assert starts[0][-1] == starts[1][-1] == starts[2][-1]  # the district column
    assert "主持、讲话" in rows[0]
    assert lines[-1] == "(3 rows)"


def test_missing_values_are_empty_cells_not_none():
    df = pd.DataFrame({"name": ["会议", "座谈会"], "date": [None, "2024-05-01"], "n": [1, 2]})
    text = format_table(df)
    assert "None" not in text and "nan" not in text.lower()


def test_meeting_keys_are_hidden_where_the_name_is():
    df = pd.DataFrame({"meeting": ["通州区半年工作会议||000_x.txt", "座谈会|2024-05-01|001_y.txt"],
                       "name": ["通州区半年工作会议", "座谈会"], "date": [None, "2024-05-01"]})
    text = format_frame(df, "table")
    assert "000_x.txt" not in text and "通州区半年工作会议" in text
    assert "meeting left out" in text
    # csv and json keep the key, for the next query
    assert "000_x.txt" in format_frame(df, "csv") and "000_x.txt" in format_frame(df, "json")
