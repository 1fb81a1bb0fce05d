"""Recognising a web page (:func:`is_html`), and the plain reduction of HTML to text
(:func:`html_to_text`) for a fragment that trafilatura (:mod:`newsgraph.extract.html`) rejects.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["HTML_SUFFIXES", "is_html", "html_to_text"]

#: Suffixes (compared case-insensitively) of the files read as web pages whatever they hold.
HTML_SUFFIXES = frozenset({".htm", ".html"})


def is_html(path: Path, text: str) -> bool:
    """Whether the file ``path``, whose decoded text is (or starts with) ``text``, is a web page:
    an ``.htm``/``.html`` suffix, or text starting with ``<!doctype`` or ``<html`` (any case,
    after white space)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    start = text.lstrip()[:9].lower()
    return start.startswith(("<!doctype", "<html"))


# Elements that start and end a line; those in _PARAGRAPHS are also set off by a blank line, as
# paragraphs are in the plain-text inputs.
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset"
    " figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre"
    " section summary table tbody tfoot thead title tr ul".split()
)
_PARAGRAPHS = frozenset("blockquote h1 h2 h3 h4 h5 h6 hr ol p pre table title ul".split())
# Elements whose content is not text shown to a reader; and page chrome that is not article text
# (GUIDELINES): navigation menus and breadcrumbs (nav), side bars (aside), site footers (footer).
_HIDDEN = frozenset("script style noscript template svg math select nav aside footer".split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._pre = 0
        # Line ends owed to block boundaries (1: new line, 2: blank line), written before the
        # next text so that adjacent boundaries (</li><li>) make one line end, not several.
        self._owed = 0

    def _boundary(self, tag: str) -> None:
        if tag in _PARAGRAPHS:
            self._owed = 2
        elif tag in _BLOCKS:
            self._owed = max(self._owed, 1)

    def _write(self, text: str) -> None:
        if self._owed:
            self.parts.append("\n" * self._owed)
            self._owed = 0
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif not self._hidden:
            if tag == "br":  # a hard line end: <br><br> is how many pages separate paragraphs
                self._write("\n")
            self._boundary(tag)
            self._pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif not self._hidden:
            self._boundary(tag)
            if tag in ("td", "th"):
                self.parts.append(" ")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if not self._pre:
            data = _HTML_SPACE.sub(" ", data)
            if self._owed and data == " ":  # indentation between two blocks
                return
        self._write(data)


def html_to_text(markup: str) -> str:
    """The text of ``markup`` (HTML, whole page or fragment): tags, comments, scripts, styles and
    the page chrome of ``nav``, ``aside`` and ``footer`` elements dropped, entities decoded,
    block elements on lines of their own and paragraphs separated by a blank line, lines
    stripped of spaces and tabs at their ends.  Never raises (``html.parser`` is lenient).

    >>> html_to_text("<p>通州区&amp;大兴区</p><nav>首页</nav><p>第二段</p>")
    '通州区&大兴区\\n\\n第二段'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return _EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
