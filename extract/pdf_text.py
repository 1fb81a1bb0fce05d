"""PDF page text: blocks put in reading order and written as paragraphs.

Steps 4–5 of what :func:`newsgraph.extract.pdf.read_pdf_pages` makes of a page (its module
docstring tells the whole), over the :class:`~newsgraph.extract.pdf_layout.Block` list of
:func:`~newsgraph.extract.pdf_layout.layout_blocks`.
"""
from __future__ import annotations

import re

from .pdf_layout import Block

__all__ = ["reading_order", "page_text"]

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


# --------------------------------------------------------------------------------------------
# Reading order


def _groups(blocks: list[Block], axis: str) -> list[list[Block]]:
    """Split ``blocks`` at the white-space gaps of their projection on ``axis`` ("x": columns,
    "y": rows), in order."""
    lo, hi = ("x0", "x1") if axis == "x" else ("top", "bottom")
    ordered = sorted(blocks, key=lambda b: getattr(b, lo))
    groups: list[list[Block]] = []
    reach = None
    for b in ordered:
        if reach is None or getattr(b, lo) >= reach - (0.5 if axis == "y" else 0):
            groups.append([b])
            reach = getattr(b, hi)
        else:
            groups[-1].append(b)
            reach = max(reach, getattr(b, hi))
    return groups


def reading_order(blocks: list[Block]) -> list[Block]:
    """``blocks`` in reading order, by recursive cuts along white space: a stack of headlines
    with nothing beside it before what lies under it, then columns left to right, then rows top
    to bottom.  Returns a new list of the same blocks."""
    if len(blocks) <= 1:
        return list(blocks)
    rows = _groups(blocks, "y")
    # A stack of headlines with nothing beside it heads what lies under it, whatever the
    # columns below (a headline across columns, or a short one centred over them).
    if len(rows) > 1 and all(b.kind == "headline" for b in rows[0]) \
            and len(_groups(rows[0], "x")) == 1:
        rest = [b for row in rows[1:] for b in row]
        return rows[0] + reading_order(rest) if len(rows[0]) == 1 else \
            reading_order(rows[0]) + reading_order(rest)
    columns = _groups(blocks, "x")
    if len(columns) > 1:
        return [b for col in columns for b in reading_order(col)]
    if len(rows) > 1:
        return [b for row in rows for b in reading_order(row)]
    return sorted(blocks, key=lambda b: (b.top, b.x0))


# --------------------------------------------------------------------------------------------
# Text


def _join(left: str, right: str) -> str:
    """Join two pieces of a paragraph broken at a line end: no space in Chinese text, one
    between two Latin words."""
    if left and right and _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]) \
            and left[-1].isalpha() and right[0].isalpha():
        return left + " " + right
    return left + right


def _paragraphs(block: Block) -> list[tuple[str, bool, bool]]:
    """``(text, starts indented, ends on a full line)`` per paragraph of a body block."""
    x0, x1, size = block.x0, block.x1, block.size
    out: list[list] = []
    for ln in block.lines:
        indented = ln.x0 > x0 + 1.0 * size
        if not out or indented or not out[-1][2]:
            out.append([ln.text, indented, ln.x1 >= x1 - 1.5 * size])
        else:
            out[-1][0] = _join(out[-1][0], ln.text)
            out[-1][2] = ln.x1 >= x1 - 1.5 * size
    return [tuple(p) for p in out]


def page_text(blocks: list[Block], body: float) -> str:
    """The text of ``blocks`` (in reading order): headlines on lines of their own, body blocks
    cut into paragraphs, a paragraph that runs on into the next block joined, captions read
    after the paragraph they interrupt; paragraphs separated by a blank line.  ``body``, the body
    type size in points, is not used."""
    paras: list[str] = []
    open_para = False  # the last paragraph ran to the end of its column's last line
    open_size = 0.0
    # Captions (small type) met while a paragraph runs on — a photo set into a column — are
    # read once that paragraph has ended, not in the middle of its sentence.
    waiting: list[str] = []

    def close() -> None:
        paras.extend(waiting)
        waiting.clear()

    for block in blocks:
        if block.kind == "headline":
            # A headline wrapped over two lines is one headline.
            text = ""
            for ln in block.lines:
                text = _join(text, ln.text)
            close()
            paras.append(text)
            open_para = False
            continue
        if block.kind == "small" and open_para:
            waiting += [text for text, _, _ in _paragraphs(block)]
            continue
        for i, (text, indented, full) in enumerate(_paragraphs(block)):
            if i == 0 and open_para and block.kind == "body" and not indented \
                    and abs(block.size - open_size) <= 0.05 * block.size:
                paras[-1] = _join(paras[-1], text)  # runs on from the previous column
            else:
                close()
                paras.append(text)
        open_para = block.kind == "body" and full
        open_size = block.size
    close()
    return "\n\n".join(p for p in paras if p)
