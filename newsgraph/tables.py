"""Query results as text tables for people: columns aligned by display width (a Chinese
character takes two terminal cells), empty cells for missing values, lists as ``a、b``, and
meeting keys left out where the meeting's name is shown.

Uses rich's tables (:class:`rich.table.Table`), which measure cells with wcwidth rules.
"""
from __future__ import annotations

import io
import json

__all__ = ["cell_text", "format_table", "hidden_key_columns"]


def cell_text(value) -> str:
    """The text of one cell: ``""`` for ``None`` (and NaN), lists joined with ``、``, maps as
    JSON, booleans as ``true``/``false``, everything else ``str``.

    Examples
    --------
    >>> cell_text(None), cell_text(["主持", "讲话"]), cell_text(True), cell_text({"a": 1})
    ('', '主持、讲话', 'true', '{"a": 1}')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def hidden_key_columns(df) -> list[str]:
    """The columns of ``df`` that repeat the ``name`` column as a key: every value is the name of
    its row or a meeting key ``<name>|<date>|<source>`` starting with it.  Empty when ``df`` has
    no ``name`` column or no rows."""
    if "name" not in df.columns or df.empty:
        return []
    names = df["name"].tolist()
    out = []
    for col in df.columns:
        if col == "name":
            continue
        values = df[col].tolist()
        if all(isinstance(v, str) and isinstance(n, str) and (v == n or v.startswith(n + "|"))
               for v, n in zip(values, names)) and any(v != n for v, n in zip(values, names)):
            out.append(col)
    return out


def format_table(df, *, max_width: int = 60) -> str:
    """Render a result DataFrame as an aligned text table followed by ``(N rows)``.

    Cells are :func:`cell_text`; a cell longer than ``max_width`` terminal cells is cut with
    ``…``; the columns of :func:`hidden_key_columns` are left out (a note says so, and
    ``--format csv|json`` keeps them).  No colours or styles: the text is the same on a terminal
    and in a pipe.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    if df.empty:
        return "(no rows)\n" if len(df.columns) else "(no result)\n"
    hidden = hidden_key_columns(df)
    shown = [c for c in df.columns if c not in hidden]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=None,
                  safe_box=True)
    for col in shown:
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in df[col])
        table.add_column(str(col), no_wrap=True, overflow="ellipsis", max_width=max_width,
                         justify="right" if numbers else "left")
    for row in df[shown].itertuples(index=False):
        table.add_row(*(cell_text(v) for v in row))
    buf = io.StringIO()
    Console(file=buf, width=100_000, color_system=None, highlight=False, markup=False,
            emoji=False, soft_wrap=False).print(table)
    lines = [ln.rstrip() for ln in buf.getvalue().splitlines()]
    text = "\n".join(ln for ln in lines if ln) + "\n"
    n = len(df)
    text += f"({n} row{'s' if n != 1 else ''}"
    if hidden:
        text += f"; {', '.join(hidden)} left out, the name shows it; --format csv or json keeps it"
    return text + ")\n"
