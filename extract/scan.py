"""Run a costly pattern only where it can match.

Several rules' patterns open with something nearly every character satisfies (a run of "any
character but a clause mark", a surname), so the regex engine starts an attempt, and fails, at
almost every offset of an article.  Each of them also needs a rare, cheap-to-find *anchor*
(a meeting trigger, a bracket, ``等…领导``) at a known distance.  :func:`finditer_near` runs the
pattern only in windows around the anchors and finds exactly what ``finditer`` on the whole
text finds: every match lies inside its anchor's window, and inside a window the engine makes
the attempts it makes on the whole text (``finditer(text, pos, endpos)`` reads the same
string; look-behinds still see the text before ``pos``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["finditer_near", "windows_around"]


def windows_around(anchor: re.Pattern, text: str, before: int, after: int
                   ) -> Iterator[tuple[int, int]]:
    """``(start - before, end + after)`` of each match of ``anchor`` in ``text``, in order,
    clipped to the text."""
    n = len(text)
    for a in anchor.finditer(text):
        yield max(0, a.start() - before), min(n, a.end() + after)


def finditer_near(rx: re.Pattern, text: str, windows: Iterable[tuple[int, int]]
                  ) -> Iterator[re.Match]:
    """``rx.finditer(text)`` restricted to ``windows`` (``(lo, hi)`` pairs, ``lo`` never
    decreasing; overlapping ones are merged and searched as one).

    Equal to ``rx.finditer(text)`` when every match of ``rx`` lies inside one of the windows
    and ``rx`` has no look-ahead past a match end nor ``$`` (the engine sees each window's end
    as the text's).
    """
    merged: list[int] | None = None
    for lo, hi in windows:
        if merged is not None and lo <= merged[1]:
            merged[1] = max(merged[1], hi)
            continue
        if merged is not None:
            yield from rx.finditer(text, merged[0], merged[1])
        merged = [lo, hi]
    if merged is not None:
        yield from rx.finditer(text, merged[0], merged[1])
