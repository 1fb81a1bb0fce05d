"""The column names a Cypher statement's last ``RETURN`` declares, read from its text.

A Bolt server tells the columns with the result; ArcadeDB tells none when there is no row, so
a CSV of an empty result would have no header.  :func:`return_columns` gives them from the
statement instead, as Neo4j names them: the alias after ``AS``, else the expression as
written.
"""
from __future__ import annotations

import re

__all__ = ["return_columns"]

_WORD = re.compile(r"[A-Za-z_]+")
_END_OF_RETURN = {"ORDER", "SKIP", "LIMIT", "UNION"}
_ALIAS = re.compile(r"(?is)^(.*?)\s+AS\s+(`[^`]+`|[A-Za-z_][A-Za-z_0-9]*)\s*$")


def _top_level_words(cypher: str):
    """``(position, WORD)`` of the keywords outside strings, comments and brackets, and
    ``(position, ",")`` of the top-level commas."""
    depth, i, n = 0, 0, len(cypher)
    while i < n:
        c = cypher[i]
        if c in "'\"`":
            end = cypher.find(c, i + 1)
            while end > 0 and cypher[end - 1] == "\\" and c != "`":
                end = cypher.find(c, end + 1)
            i = n if end < 0 else end + 1
            continue
        if cypher.startswith("//", i):
            end = cypher.find("\n", i)
            i = n if end < 0 else end
            continue
        if cypher.startswith("/*", i):
            end = cypher.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == ",":
            yield i, ","
        elif depth == 0 and (c.isalpha() or c == "_") and (i == 0 or not (
                cypher[i - 1].isalnum() or cypher[i - 1] in "_$.")):
            word = _WORD.match(cypher, i).group()
            yield i, word.upper()
            i += len(word)
            continue
        i += 1


def return_columns(cypher: str) -> list[str]:
    """The columns of the last top-level ``RETURN`` of ``cypher``; ``[]`` when there is none
    or it is ``RETURN *`` (the columns are then the server's to say).

    >>> return_columns("MATCH (o:Official) RETURN o.name AS official, count(*) ORDER BY official")
    ['official', 'count(*)']
    >>> return_columns("CREATE (n)")
    []
    """
    marks = list(_top_level_words(cypher.rstrip().rstrip(";")))
    starts = [k for k, (_, w) in enumerate(marks) if w == "RETURN"]
    if not starts:
        return []
    k = starts[-1]
    begin = marks[k][0] + len("RETURN")
    end = len(cypher.rstrip().rstrip(";"))
    commas = []
    for pos, word in marks[k + 1:]:
        if word in _END_OF_RETURN:
            end = pos
            break
        if word == ",":
            commas.append(pos)
    body = cypher[begin:end]
    lead = _WORD.match(body.lstrip())
    if lead and lead.group().upper() == "DISTINCT":
        offset = len(body) - len(body.lstrip()) + len("DISTINCT")
        begin += offset
    items, last = [], begin
    for pos in commas + [end]:
        items.append(cypher[last:pos].strip())
        last = pos + 1
    if items == ["*"] or not all(items):
        return []
    columns = []
    for item in items:
        alias = _ALIAS.match(item)
        name = alias.group(2) if alias else item
        columns.append(name[1:-1] if name.startswith("`") else name)
    return columns
