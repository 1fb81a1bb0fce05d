"""Reading saved web pages: a district site's article page or an e-paper's article page →
the article's title, date and main text, through trafilatura.

trafilatura (with htmldate for the publication date) finds the main text of a page and leaves
out what surrounds it: banners, menus, breadcrumbs, share buttons, related-article lists,
``责任编辑``, ``【打印】【关闭】`` and footers.  The page's text has already been decoded by
:mod:`newsgraph.extract.reader` (the charset a page declares is one of the encodings it tries,
GB2312/GBK read as their superset GB18030), so trafilatura gets text, not bytes, and never
guesses the encoding again.

:func:`read_web_page` gives the text in the shape of the text pages: the title on a line of its
own, then the headlines and paragraphs the main text holds, separated by blank lines.  A page
that holds several ``<article>`` elements (a listing or an e-paper page with its stories) is read
article by article.  A fragment trafilatura rejects (too short, no main text) gives None, and
the reader falls back to its plain HTML-to-text reduction.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

__all__ = ["WebPage", "read_web_page"]

log = logging.getLogger(__name__)

_HEADINGS = ("h1", "h2", "h3")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_TABLE_ROW = re.compile(r"^\|(.*)\|$")
_RULE_CELL = re.compile(r"^:?-+:?$")


@dataclass(frozen=True)
class WebPage:
    """A web page read: ``text`` (title, then the main text's paragraphs, a blank line between
    them), ``title``, ``date`` (ISO ``YYYY-MM-DD`` from htmldate, or None), ``author``."""

    text: str
    title: str | None
    date: str | None
    author: str | None = None


def read_web_page(markup: str) -> WebPage | None:
    """Read the main text, title, date and author of a page (decoded HTML).

    Returns
    -------
    WebPage or None
        None when trafilatura finds no main text (a fragment, an empty page).
    """
    try:
        import lxml.html
        import trafilatura
    except ImportError:  # pragma: no cover - dependencies; the reader falls back
        log.warning("trafilatura is not installed: HTML is reduced with the plain parser")
        return None
    try:
        tree = lxml.html.document_fromstring(markup)
    except Exception:  # lxml refuses empty or odd documents; the fallback reads them
        return None
    page = _extract(trafilatura, tree)
    if page is None:
        return None
    articles = tree.xpath("//article[not(ancestor::article)]")
    if len(articles) < 2:
        return page
    # Several stories on one page: trafilatura reads one main text and drops later headings,
    # so each story is read alone, under its own heading.
    texts = []
    for article in articles:
        one = _extract(trafilatura, article, page_title=False)
        if one is not None:
            texts.append(one.text)
    if not texts:
        return page
    return WebPage("\n\n".join(texts), page.title, page.date, page.author)


def _extract(trafilatura, tree, *, page_title: bool = True) -> WebPage | None:
    import lxml.html

    # A story's title is its first heading; a page's, trafilatura's (the <h1> or <title>
    # without the site's name), since a page's first heading can be the site's banner.
    heading = "" if page_title else _first_heading(tree)
    if not page_title:  # a story of a page: its own markup, alone
        tree = lxml.html.document_fromstring(
            "<html><body>" + lxml.html.tostring(tree, encoding="unicode") + "</body></html>")
    _unwrap_layout_tables(tree)
    try:
        # htmldate's extensive search takes a copyright line's year for the date (2019-2023 →
        # 2023-01-01): only the page's metadata and dated markup, then its own date line.
        doc = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=True, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # a bug on odd markup costs the page its main-text reading only
        log.debug("trafilatura failed (%s: %s)", type(exc).__name__, exc)
        return None
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    paragraphs = _table_rows_as_lines(
        [p for p in (_SPACES.sub(" ", line).strip() for line in body.split("\n")) if p])
    if not paragraphs:
        return None
    title = (data.get("title") or "").strip() if page_title else heading
    kickers, decks = _headline_stack(tree, title)
    head = [h for h in kickers + ([title] if title else []) + decks if h not in paragraphs[:5]]
    if head:
        # The headlines trafilatura left out (it takes the title apart as metadata, and a deck
        # printed under the <h1> outside the text's container) go above the text.
        at = paragraphs.index(title) if title in paragraphs[:5] else 0
        for h in kickers:
            if h in head:
                paragraphs.insert(at, h)
                at += 1
        if title in head:
            paragraphs.insert(at, title)
        at = paragraphs.index(title) + 1 if title in paragraphs else at
        for h in decks:
            if h in head:
                paragraphs.insert(at, h)
                at += 1
    date = (data.get("date") or _printed_page_date(tree)) if page_title else None
    return WebPage("\n\n".join(paragraphs), title or None, date, data.get("author"))


_LAYOUT_PARTS = {"table": "div", "tbody": "div", "thead": "div", "tfoot": "div", "tr": "div",
                 "td": "div", "th": "div"}


def _unwrap_layout_tables(tree) -> None:
    """Turn the tables that lay a page out (a cell holding paragraphs, headings, lists or
    blocks: older e-paper and district sites) or that are one row (a banner, a date bar) into
    plain blocks, so that their content is read once as text and not a second time as a
    table, or left out as chrome; tables of data stay tables."""
    for table in list(tree.iter("table")):
        if len(table.xpath(".//tr")) <= 1 or table.xpath(
                ".//td//*[self::p or self::div or self::h1 or self::h2 or self::h3"
                " or self::ul or self::table]"):
            for el in table.iter():
                if el.tag in _LAYOUT_PARTS and not (el is not table and el.tag == "table"):
                    el.tag = _LAYOUT_PARTS[el.tag]


def _headline_stack(tree, title: str) -> tuple[list[str], list[str]]:
    """The kicker headings printed right above the ``<h1>`` that holds ``title`` and the deck
    headings right under it (sibling ``<h2>``–``<h4>`` elements)."""
    if not title:
        return [], []
    for h1 in tree.iter("h1", "h2", "h3"):
        if _SPACES.sub(" ", h1.text_content()).strip() == title:
            break
    else:
        return [], []

    def run(siblings) -> list[str]:
        out = []
        for el in siblings:
            if not isinstance(el.tag, str) or el.tag not in ("h2", "h3", "h4"):
                break
            text = _SPACES.sub(" ", el.text_content()).strip()
            if text:
                out.append(text)
        return out

    return run(h1.itersiblings(preceding=True))[::-1], run(h1.itersiblings())


def _table_rows_as_lines(paragraphs: list[str]) -> list[str]:
    """trafilatura writes a table row as ``| 郑皓 | 区长 |``: the cells become words of a line
    (``郑皓 区长``), and the rows of one table the lines of one paragraph, as in a text page."""
    out: list[str] = []
    in_table = False
    for p in paragraphs:
        row = _TABLE_ROW.match(p)
        if not row:
            out.append(p)
            in_table = False
            continue
        line = " ".join(c.strip() for c in row.group(1).split("|")
                        if c.strip() and not _RULE_CELL.match(c.strip()))
        if not line:  # a row of empty cells, or trafilatura's |---| rule
            continue
        if in_table:
            out[-1] += "\n" + line
        else:
            out.append(line)
            in_table = True
    return out


def _printed_page_date(tree) -> str | None:
    """The date of the page's first source/date line (``发布时间：2023-07-20``,
    ``来源：通州时讯 2022年3月5日``; :func:`~newsgraph.extract.chrome.chrome_kind` ``"meta"``)."""
    from .chrome import chrome_kind
    from .dates import printed_date

    for el in tree.iter("p", "div", "span", "td", "li", "time", "font", "h5", "h6"):
        text = _SPACES.sub(" ", el.text_content()).strip()
        if text and len(text) <= 80 and chrome_kind(text) == "meta":
            found = printed_date(text)
            if found:
                return found
    return None


def _first_heading(tree) -> str:
    for tag in _HEADINGS:
        for el in tree.iter(tag):
            text = _SPACES.sub(" ", el.text_content()).strip()
            if text:
                return text
    return ""
