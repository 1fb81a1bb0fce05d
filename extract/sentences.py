"""Sentence spans of an article text."""
from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["sentence_spans", "sentence_at"]

_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``[(start, end), …]`` of the sentences of ``text``: split after 。！？； and at
    line breaks; closing quotes stay with their sentence; empty spans are dropped."""
    spans = []
    for m in _END.finditer(text):
        s, e = m.span()
        while s < e and text[s] in " \n\u3000":
            s += 1
        stripped_end = e
        while stripped_end > s and text[stripped_end - 1] in " \n\u3000":
            stripped_end -= 1
        if stripped_end > s:
            spans.append((s, stripped_end))
    return spans


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span from ``spans`` (sorted, not overlapping) that contains ``offset``, or the last
    one that starts before it; the first span when ``offset`` precedes them all."""
    if not spans:
        return (0, 0)
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return spans[max(i, 0)]
