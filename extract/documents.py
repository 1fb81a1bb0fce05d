"""Inputs that are documents rather than text files: PDF e-paper pages and Word notices, and the
pages they (and web pages) are cut into.

:func:`read_document` is what :func:`newsgraph.extract.reader.read_source` calls first: it
recognises a PDF (``%PDF-``) or a ``.docx`` file (a ZIP archive named so) by its first bytes and
reads it; any other file is left to the text reader.  A PDF gives a :class:`PagedSource`: the
text of its pages, one after the other, and per page its number and printed date, so that
:func:`read_paged_articles` can split each page apart, date its articles with the page's date
and record the page number of each article.

:func:`input_format` names the format of an input file (``pdf``, ``docx``, ``html``, ``md``,
``txt``) for the build's counts.
"""
from __future__ import annotations

import logging
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..storage import is_url, url_filesystem

from .html_text import html_to_text
from .source import InputError, SourceText, normalise  # the reader's contract holds for any text

__all__ = ["SourcePage", "PagedSource", "read_document", "read_web_source", "document_kind",
           "input_format", "read_paged_articles", "FORMATS"]

log = logging.getLogger(__name__)

#: The formats :func:`input_format` names, in the order the build's summary lists them.
FORMATS = ("txt", "md", "html", "pdf", "docx")
_SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx", ".htm": "html", ".html": "html",
                   ".md": "md", ".markdown": "md"}
_PAGE_SEPARATOR = "\n\n"
_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.I)


@dataclass(frozen=True)
class SourcePage:
    """One page of a :class:`PagedSource`: ``text[start:end]`` of the source, its 1-based
    ``number`` in the file (None for a web page) and its printed ``date`` (ISO, or None)."""

    start: int
    end: int
    number: int | None = None
    date: str | None = None


@dataclass(frozen=True)
class PagedSource(SourceText):
    """A :class:`~newsgraph.extract.source.SourceText` made of pages read apart.

    ``text`` is the pages' texts joined by a blank line; ``pages`` says where each one is.
    ``encoding`` is the codec of a web page, ``"pdf"`` for a PDF file (no text codec).
    """

    pages: tuple[SourcePage, ...] = ()


def document_kind(path: str | os.PathLike) -> str | None:
    """``"pdf"`` or ``"docx"`` for a file that is one (by its first bytes; a ``.docx`` is a
    ZIP archive with that suffix), else None; None too for a file that cannot be opened.
    A URL's first bytes are read through fsspec (:mod:`newsgraph.storage`)."""
    try:
        if is_url(path):
            fs, where = url_filesystem(path)
            with fs.open(where, "rb") as f:
                head = f.read(8)
        else:
            with open(path, "rb") as f:
                head = f.read(8)
    except (OSError, ValueError):  # StorageError is an OSError
        return None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and PurePosixPath(path).suffix.lower() == ".docx":
        return "docx"
    return None


def input_format(path: str | os.PathLike) -> str:
    """The format of an input file, one of :data:`FORMATS`: its first bytes for PDF and Word,
    its suffix for HTML and markdown, an HTML start (``<!doctype``, ``<html``) for HTML under
    another suffix, else ``"txt"``.  A URL's format is its suffix's alone: a request per file
    for the counts, beside the worker's own read, would cost an object store more than the
    count is worth."""
    if is_url(path):
        return _SUFFIX_FORMATS.get(PurePosixPath(path).suffix.lower(), "txt")
    kind = document_kind(path)
    if kind:
        return kind
    suffix = Path(path).suffix.lower()
    if suffix in (".htm", ".html"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    try:
        with open(path, "rb") as f:
            head = f.read(512).lstrip().lower()
    except OSError:
        return "txt"
    return "html" if head.startswith((b"<!doctype", b"<html")) else "txt"


def read_document(path: Path, name: str) -> SourceText | None:
    """Read ``path`` if it is a PDF or a ``.docx`` file; None for any other file.

    Raises
    ------
    InputError
        A scanned PDF (images, no text layer), a PDF whose fonts have no Unicode map, a PDF or
        Word file that cannot be parsed
        (damaged, encrypted), or one without text.
    """
    kind = document_kind(path)
    if kind == "pdf":
        return _read_pdf(path, name)
    if kind == "docx":
        return _read_docx(path, name)
    return None


def read_web_source(path: Path, name: str, markup: str, encoding: str) -> PagedSource | None:
    """A decoded web page as one page dated by its publication date
    (:func:`~newsgraph.extract.html.read_web_page`); None when trafilatura finds no main text,
    or for a fragment (no ``<html>``/``<body>``: a saved content block) of whose text it keeps
    less than half — the reader's plain reduction then reads it."""
    from .html import read_web_page

    page = read_web_page(markup)
    if page is None:
        return None
    if not _WHOLE_PAGE.search(markup[:4096]) and len(page.text) < 0.5 * len(html_to_text(markup)):
        return None
    text = normalise(page.text)
    return PagedSource(path=path, name=name, text=text, encoding=encoding,
                       pages=(SourcePage(0, len(text), None, page.date),))


def _read_pdf(path: Path, name: str) -> PagedSource:
    from .dates import page_date
    from .pdf import ScannedPdfError, read_pdf_pages

    texts: list[str] = []
    pages: list[SourcePage] = []
    offset = 0
    scanned = []
    try:
        for page in read_pdf_pages(path):
            if page.scanned:
                scanned.append(page.number)
            if not page.text:
                continue
            pdate = page_date(page.header + "\n" + page.footer, name) if (
                page.header or page.footer) else page_date(page.text, name)
            if texts:
                offset += len(_PAGE_SEPARATOR)
            pages.append(SourcePage(offset, offset + len(page.text), page.number, pdate))
            texts.append(page.text)
            offset += len(page.text)
    except ScannedPdfError as exc:
        raise InputError(path, str(exc)) from None
    except Exception as exc:  # pdfminer raises its own and plain exceptions on damaged files
        raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    if not texts:
        raise InputError(path, "empty PDF (no text on any page)")
    if scanned:
        log.warning("%s: pages %s are scanned (no text layer) and were not read", path,
                    ", ".join(map(str, scanned)))
    return PagedSource(path=path, name=name, text=_PAGE_SEPARATOR.join(texts), encoding="pdf",
                       pages=tuple(pages))


def _read_docx(path: Path, name: str) -> SourceText:
    """A Word file's paragraphs (tables' cells too), one paragraph a line with a blank line
    between, as the text pages are."""
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a dependency; said clearly if it is missing
        raise InputError(path, "Word file, but python-docx is not installed") from None
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"unreadable Word file ({type(exc).__name__}: {exc})") from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text.strip() for cell in row.cells))
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise InputError(path, "empty Word file (no text)")
    return SourceText(path=path, name=name, text=text, encoding="docx")


def read_paged_articles(source: PagedSource) -> list:
    """The articles of a :class:`PagedSource`, page by page: each page split apart
    (:func:`~newsgraph.extract.pipeline.read_articles`) with the page's date when it has
    one, numbered on through the file, ``page_start``/``page_end`` in the whole text, and
    ``pdf_page`` set to the page number."""
    from .pipeline import read_articles

    out = []
    for page in source.pages:
        kwargs = {"pdate": page.date} if page.date else {}
        base = len(out)
        for record in read_articles(source.text[page.start:page.end], source.name, **kwargs):
            record.index += base
            record.article_id = f"{record.article_id.rsplit('#', 1)[0]}#{record.index}"
            record.page_start += page.start
            record.page_end += page.start
            record.pdf_page = page.number
            out.append(record)
    return out
