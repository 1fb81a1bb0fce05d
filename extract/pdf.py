"""Reading e-paper PDF pages: characters with positions and fonts → page text in reading order.

The library is pdfplumber (MIT, on pdfminer.six, MIT): it gives every character with its
position, font name and size, and the page's rules and images, which is what layout analysis
needs.  pypdfium2 is faster but exposes fonts only through the raw PDFium API; PyMuPDF is AGPL,
which would bind every user of newsgraph.

What a page becomes (:func:`read_pdf_pages`; steps 1–3 in :mod:`newsgraph.extract.pdf_layout`,
4–5 in :mod:`newsgraph.extract.pdf_text`):

1. characters drawn twice at nearly the same place (fake bold: the same glyph, font and size
   offset by less than :data:`~newsgraph.extract.pdf_layout.DEDUPE_TOLERANCE` points) are
   kept once and marked bold — the rule of pdfplumber's ``dedupe_chars``, applied here in one
   pass that also records which characters were doubled;
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .pdf_layout import body_type_size, dedupe_chars, layout_blocks, page_lines, split_margins
from .pdf_text import page_text, reading_order

__all__ = ["PdfPage", "ScannedPdfError", "read_pdf_pages"]

log = logging.getLogger(__name__)

_PAGE_LABEL = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版|[A-Z]\d{1,2}(?=\D|$)")


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
    chars = dedupe_chars(mapped)
    if not any(not c["text"].isspace() for c in chars):
        return PdfPage(number, "", scanned=bool(page.images))
    lines = page_lines(chars)
    body_size = body_type_size(lines)
    header, footer, lines = split_margins(page, lines)
    head_text = "\n".join(ln.text for ln in header)
    foot_text = "\n".join(ln.text for ln in footer)
    label = _PAGE_LABEL.search(head_text) or _PAGE_LABEL.search(foot_text)
    blocks = layout_blocks(lines, body_size)
    text = page_text(reading_order(blocks), body_size)
    return PdfPage(number, text, head_text, foot_text, label.group(0) if label else None)
