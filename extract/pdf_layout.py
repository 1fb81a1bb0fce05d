"""PDF page layout: characters with positions and fonts → lines → blocks of one kind of type.

Steps 1–3 of what :func:`newsgraph.extract.pdf.read_pdf_pages` makes of a page (its module
docstring tells the whole): fake bold read once (:func:`dedupe_chars`), the page header and
footer split off (:func:`split_margins`), characters on one baseline made lines
(:func:`page_lines`), lines of one size and weight stacked at line spacing made blocks
(:func:`layout_blocks`).  Characters are pdfplumber's ``page.chars`` dicts (``text``,
``fontname``, ``size``, ``x0``, ``x1``, ``top``, ``bottom``; positions and sizes in PDF points,
``top`` measured down from the top of the page).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["DEDUPE_TOLERANCE", "Line", "Block", "dedupe_chars", "page_lines", "body_type_size",
           "split_margins", "layout_blocks"]

#: Two copies of a glyph closer than this (points, both axes) are one character drawn twice.
DEDUPE_TOLERANCE = 1.0
# Type at least this much larger than the body's is a headline; this much smaller, a caption.
_HEADLINE_RATIO = 1.08
_SMALL_RATIO = 0.92
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|hei|黑", re.I)


@dataclass
class Line:
    """Characters on one baseline, left to right, without leading or trailing spaces.

    ``chars`` are pdfplumber character dicts; ``x0``/``x1`` the left and right edges,
    ``top``/``bottom`` those of its visible characters, ``size`` their median size (points);
    ``bold``: at least 60 % of them bold (a bold font, or drawn twice).  ``text`` is the line's
    text, with a space where the layout leaves a gap of half a character.
    """

    chars: list
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def text(self) -> str:
        out = []
        prev = None
        for c in self.chars:
            # A gap of half a character without a space glyph is a space the layout drew.
            if prev is not None and c["x0"] - prev["x1"] > 0.5 * self.size \
                    and not prev["text"].isspace() and not c["text"].isspace():
                out.append(" ")
            out.append(c["text"])
            prev = c
        return "".join(out).strip()


@dataclass
class Block:
    """Lines of one kind of type stacked at line spacing: ``kind`` is ``"headline"``,
    ``"body"`` or ``"small"`` (a caption); ``x0``, ``x1``, ``top``, ``bottom`` its extent and
    ``size`` its first line's type size (points)."""

    lines: list[Line]
    kind: str = "body"  # "headline", "body" or "small"

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def size(self) -> float:
        return self.lines[0].size


# --------------------------------------------------------------------------------------------
# Characters


def dedupe_chars(chars: list) -> list:
    """Keep the first of the copies of a glyph drawn at (nearly) the same place; mark it
    ``"doubled"``.  The rule of pdfplumber's ``utils.dedupe_chars`` (same text, font name and
    size, within the tolerance on both axes), in one pass over a grid instead of a sort and a
    quadratic re-ordering.

    ``chars``: pdfplumber character dicts; returns copies of those kept, in their order, the
    first of each doubled glyph with ``"doubled": True``.  The input is not changed.
    """
    tol = DEDUPE_TOLERANCE
    grid: dict[tuple, list] = {}
    kept = []
    for c in chars:
        key = (c["text"], c.get("fontname"), round(c["size"], 1))
        gx, gy = int(c["x0"] // tol), int(c["top"] // tol)
        twin = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for k in grid.get((key, gx + dx, gy + dy), ()):
                    if abs(k["x0"] - c["x0"]) <= tol and abs(k["top"] - c["top"]) <= tol:
                        twin = k
                        break
                if twin:
                    break
            if twin:
                break
        if twin is not None:
            if not c["text"].isspace():
                twin["doubled"] = True
            continue
        c = dict(c)
        grid.setdefault((key, gx, gy), []).append(c)
        kept.append(c)
    return kept


def _is_bold(c: dict) -> bool:
    return bool(c.get("doubled")) or bool(_BOLD_FONT.search(c.get("fontname") or ""))


# --------------------------------------------------------------------------------------------
# Lines and blocks


def page_lines(chars: list) -> list[Line]:
    """Characters on one baseline, left to right, split at gaps wider than a character.

    ``chars``: pdfplumber character dicts (after :func:`dedupe_chars`); returns the
    :class:`Line` list, top to bottom, lines without text left out.
    """
    rows: list[list] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if rows and abs(rows[-1][-1]["bottom"] - c["bottom"]) <= 0.25 * min(
                c["size"], rows[-1][-1]["size"]):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        run: list = []
        for c in row:
            if run and c["x0"] - run[-1]["x1"] > 0.9 * max(c["size"], run[-1]["size"]):
                lines.append(_make_line(run))
                run = []
            run.append(c)
        if run:
            lines.append(_make_line(run))
    return [ln for ln in lines if ln.text]


def _make_line(chars: list) -> Line:
    while chars and chars[-1]["text"].isspace():
        chars = chars[:-1]
    while chars and chars[0]["text"].isspace():
        chars = chars[1:]
    if not chars:
        return Line([], 0, 0, 0, 0, 0, False)
    visible = [c for c in chars if not c["text"].isspace()]
    sizes = sorted(c["size"] for c in visible)
    bold = sum(_is_bold(c) for c in visible) >= 0.6 * len(visible)
    return Line(chars, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in visible),
                 max(c["bottom"] for c in visible), sizes[len(sizes) // 2], bold)


def body_type_size(lines: list[Line]) -> float:
    """The size of most of the page's characters: the body type (points, to half a point;
    10.0 for no lines)."""
    weight: Counter = Counter()
    for ln in lines:
        weight[round(ln.size * 2) / 2] += len(ln.chars)
    return weight.most_common(1)[0][0] if weight else 10.0


def split_margins(page, lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(header lines, footer lines, the rest): the lines above the page's header rule and below
    its footer rule; without rules, the short lines in the top 6 % and bottom 5 % of the page.

    ``page`` is a pdfplumber page (its ``width``, ``height``, ``lines`` and ``rects``); header
    and footer come sorted top to bottom, left to right, the rest in the order given.
    """
    width, height = float(page.width), float(page.height)
    rules = [ln["top"] for ln in page.lines if ln["x1"] - ln["x0"] >= 0.5 * width
             and abs(ln["bottom"] - ln["top"]) <= 2]
    rules += [r["top"] for r in page.rects if r["x1"] - r["x0"] >= 0.5 * width
              and r["bottom"] - r["top"] <= 2]
    top_rules = [y for y in rules if y <= 0.2 * height]
    bottom_rules = [y for y in rules if y >= (1 - 1 / 7) * height]
    head_y = max(top_rules) if top_rules else 0.06 * height
    foot_y = min(bottom_rules) if bottom_rules else 0.95 * height
    header, footer, rest = [], [], []
    for ln in lines:
        short = len(ln.text) <= 40
        if ln.bottom <= head_y + 1 and (top_rules or short):
            header.append(ln)
        elif ln.top >= foot_y - 1 and (bottom_rules or short):
            footer.append(ln)
        else:
            rest.append(ln)
    order = lambda ln: (round(ln.top), ln.x0)  # noqa: E731
    return sorted(header, key=order), sorted(footer, key=order), rest


def _kind(line: Line, body: float) -> str:
    if line.size >= _HEADLINE_RATIO * body or (line.bold and line.size >= _SMALL_RATIO * body):
        return "headline"
    if line.size <= _SMALL_RATIO * body:
        return "small"
    return "body"


def layout_blocks(lines: list[Line], body: float) -> list[Block]:
    """Lines of one kind and size stacked at line spacing, overlapping horizontally.

    ``body`` is the body type size (:func:`body_type_size`, points): lines larger or bold are
    headlines, smaller ones captions.  Returns the :class:`Block` list in the order of their
    first lines, top to bottom.
    """
    blocks: list[Block] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        kind = _kind(ln, body)
        best, best_gap = None, None
        for b in blocks:
            last = b.lines[-1]
            if b.kind != kind or abs(last.size - ln.size) > 0.1 * ln.size:
                continue
            gap = ln.top - last.bottom
            if not -0.3 * ln.size <= gap <= 1.2 * ln.size:
                continue
            overlap = min(b.x1, ln.x1) - max(b.x0, ln.x0)
            if overlap < 0.3 * min(b.x1 - b.x0, ln.x1 - ln.x0):
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = b, gap
        if best is None:
            blocks.append(Block([ln], kind))
        else:
            best.lines.append(ln)
    return blocks
