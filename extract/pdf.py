"""Reading e-paper PDF pages: characters with positions and fonts → page text in reading order.

The library is pdfplumber (MIT, on pdfminer.six, MIT): it gives every character with its
position, font name and size, and the page's rules and images, which is what layout analysis
needs.  pypdfium2 is faster but exposes fonts only through the raw PDFium API; PyMuPDF is AGPL,
which would bind every user of newsgraph.

What a page becomes (:func:`read_pdf_pages`):

1. characters drawn twice at nearly the same place (fake bold: the same glyph, font and size
   offset by less than :data:`DEDUPE_TOLERANCE` points) are kept once and marked bold — the
   rule of pdfplumber's ``dedupe_chars``, applied here in one pass that also records which
   characters were doubled;
2. the page header and footer (masthead, page number, date, edition) are the lines above the
   lowest wide rule of the page's top fifth and below the highest wide rule of its bottom
   seventh (or, without such rules, the short lines in the top and bottom margins); they are
   kept apart as :class:`PdfPage` metadata, and the header's date becomes the page date;
3. characters on one baseline form lines, split where the gap is wider than a character (a
   column gutter); lines of one size and weight stacked at line spacing form blocks;
4. blocks are put in reading order by recursive cuts along white space: a stack of headlines
   with nothing beside it is read before what lies under it (a headline across columns heads
   its columns), then columns left to right, then top to bottom;
5. a block of larger (or bold) type is a headline, written on a line of its own; body blocks
   are cut into paragraphs at indented first lines and short last lines, a paragraph that runs
   on into the next column (or past a photo) is joined again, a caption of smaller type set
   into it is read after it, and blocks and paragraphs are separated by a blank line — the
   shape of the text pages the rest of the pipeline reads.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PdfPage", "ScannedPdfError", "read_pdf_pages", "DEDUPE_TOLERANCE"]

log = logging.getLogger(__name__)

#: Two copies of a glyph closer than this (points, both axes) are one character drawn twice.
DEDUPE_TOLERANCE = 1.0
# Type at least this much larger than the body's is a headline; this much smaller, a caption.
_HEADLINE_RATIO = 1.08
_SMALL_RATIO = 0.92
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|hei|黑", re.I)
_PAGE_LABEL = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版|[A-Z]\d{1,2}(?=\D|$)")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


class ScannedPdfError(Exception):
    """A PDF whose pages carry no text layer (scanned images), or whose text cannot be read
    (fonts without a Unicode map): there is nothing to read."""


@dataclass(frozen=True)
class PdfPage:
    """One PDF page read.

    Attributes
    ----------
    number : int
        1-based page number in the file.
    text : str
        The page's article text in reading order: headlines on lines of their own, paragraphs
        separated by a blank line; no header or footer.  Empty for a page without text.
    header, footer : str
        The page header and footer lines (masthead, page label, date, edition), one a line.
    label : str or None
        The printed page label from header or footer (``第2版``, ``A3``), if any.
    scanned : bool
        The page has images but no text layer.
    unmapped : bool
        Most of the page's glyphs have no Unicode value (pdfminer's ``(cid:N)``): its fonts
        carry no map back to characters, so its text cannot be read (only OCR can).
    """

    number: int
    text: str
    header: str = ""
    footer: str = ""
    label: str | None = None
    scanned: bool = False
    unmapped: bool = False


@dataclass
class _Line:
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
class _Block:
    lines: list[_Line]
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


def read_pdf_pages(path: str | Path) -> Iterator[PdfPage]:
    """Yield the pages of the PDF at ``path``, in order.

    Raises
    ------
    ScannedPdfError
        (after the last page) when no page has a text layer but some have images.
    pdfminer.pdfparser.PDFSyntaxError, pdfplumber.utils.exceptions.PdfminerException, OSError
        For a file that is not a readable PDF (the reader turns them into an ``InputError``).
    """
    import pdfplumber  # heavy; only PDF inputs need it

    # pdfminer warns on stderr about every quirk of a producer (a missing MediaBox, an odd
    # colour); the reader reports what matters, a file it cannot read, once by name.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    any_text = any_image = any_unmapped = False
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            result = _read_page(page, number)
            any_text |= bool(result.text or result.header or result.footer)
            any_image |= result.scanned or bool(page.images)
            any_unmapped |= result.unmapped
            page.close()  # frees the page's parsed objects: e-paper files have many pages
            yield result
    if not any_text and any_unmapped:
        raise ScannedPdfError("PDF text cannot be read (its fonts map glyphs to no characters;"
                              " OCR it first)")
    if not any_text and any_image:
        raise ScannedPdfError("scanned PDF (no text layer; OCR it first)")


def _read_page(page, number: int) -> PdfPage:
    chars = [c for c in page.chars if c.get("upright", True)]
    # A glyph without a Unicode value comes as "(cid:N)": never text.
    mapped = [c for c in chars if not c["text"].startswith("(cid:")]
    if len(mapped) < 0.5 * len(chars):
        return PdfPage(number, "", unmapped=True)
    chars = _dedupe(mapped)
    if not any(not c["text"].isspace() for c in chars):
        return PdfPage(number, "", scanned=bool(page.images))
    lines = _lines(chars)
    body_size = _body_size(lines)
    header, footer, lines = _split_margins(page, lines)
    head_text = "\n".join(ln.text for ln in header)
    foot_text = "\n".join(ln.text for ln in footer)
    label = _PAGE_LABEL.search(head_text) or _PAGE_LABEL.search(foot_text)
    blocks = _blocks(lines, body_size)
    text = _page_text(_reading_order(blocks), body_size)
    return PdfPage(number, text, head_text, foot_text, label.group(0) if label else None)


# --------------------------------------------------------------------------------------------
# Characters


def _dedupe(chars: list) -> list:
    """Keep the first of the copies of a glyph drawn at (nearly) the same place; mark it
    ``"doubled"``.  The rule of pdfplumber's ``utils.dedupe_chars`` (same text, font name and
    size, within the tolerance on both axes), in one pass over a grid instead of a sort and a
    quadratic re-ordering."""
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


def _lines(chars: list) -> list[_Line]:
    """Characters on one baseline, left to right, split at gaps wider than a character."""
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


def _make_line(chars: list) -> _Line:
    while chars and chars[-1]["text"].isspace():
        chars = chars[:-1]
    while chars and chars[0]["text"].isspace():
        chars = chars[1:]
    if not chars:
        return _Line([], 0, 0, 0, 0, 0, False)
    visible = [c for c in chars if not c["text"].isspace()]
    sizes = sorted(c["size"] for c in visible)
    bold = sum(_is_bold(c) for c in visible) >= 0.6 * len(visible)
    return _Line(chars, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in visible),
                 max(c["bottom"] for c in visible), sizes[len(sizes) // 2], bold)


def _body_size(lines: list[_Line]) -> float:
    """The size of most of the page's characters: the body type."""
    weight: Counter = Counter()
    for ln in lines:
        weight[round(ln.size * 2) / 2] += len(ln.chars)
    return weight.most_common(1)[0][0] if weight else 10.0


def _split_margins(page, lines: list[_Line]) -> tuple[list[_Line], list[_Line], list[_Line]]:
    """(header lines, footer lines, the rest): the lines above the page's header rule and below
    its footer rule; without rules, the short lines in the top 6 % and bottom 5 % of the page."""
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


def _kind(line: _Line, body: float) -> str:
    if line.size >= _HEADLINE_RATIO * body or (line.bold and line.size >= _SMALL_RATIO * body):
        return "headline"
    if line.size <= _SMALL_RATIO * body:
        return "small"
    return "body"


def _blocks(lines: list[_Line], body: float) -> list[_Block]:
    """Lines of one kind and size stacked at line spacing, overlapping horizontally."""
    blocks: list[_Block] = []
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
            blocks.append(_Block([ln], kind))
        else:
            best.lines.append(ln)
    return blocks


# --------------------------------------------------------------------------------------------
# Reading order


def _groups(blocks: list[_Block], axis: str) -> list[list[_Block]]:
    """Split ``blocks`` at the white-space gaps of their projection on ``axis`` ("x": columns,
    "y": rows), in order."""
    lo, hi = ("x0", "x1") if axis == "x" else ("top", "bottom")
    ordered = sorted(blocks, key=lambda b: getattr(b, lo))
    groups: list[list[_Block]] = []
    reach = None
    for b in ordered:
        if reach is None or getattr(b, lo) >= reach - (0.5 if axis == "y" else 0):
            groups.append([b])
            reach = getattr(b, hi)
        else:
            groups[-1].append(b)
            reach = max(reach, getattr(b, hi))
    return groups


def _reading_order(blocks: list[_Block]) -> list[_Block]:
    if len(blocks) <= 1:
        return list(blocks)
    rows = _groups(blocks, "y")
    # A stack of headlines with nothing beside it heads what lies under it, whatever the
    # columns below (a headline across columns, or a short one centred over them).
    if len(rows) > 1 and all(b.kind == "headline" for b in rows[0]) \
            and len(_groups(rows[0], "x")) == 1:
        rest = [b for row in rows[1:] for b in row]
        return rows[0] + _reading_order(rest) if len(rows[0]) == 1 else \
            _reading_order(rows[0]) + _reading_order(rest)
    columns = _groups(blocks, "x")
    if len(columns) > 1:
        return [b for col in columns for b in _reading_order(col)]
    if len(rows) > 1:
        return [b for row in rows for b in _reading_order(row)]
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


def _paragraphs(block: _Block) -> list[tuple[str, bool, bool]]:
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


def _page_text(blocks: list[_Block], body: float) -> str:
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
