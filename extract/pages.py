"""Pages of a large file cut where the article splitter itself would end an article.

A file too large to hold whole (read block by block) is split into articles page by page, so
a page must start where the whole read starts an article, or the first articles of a page
come out otherwise (a newspaper prints a group of headlines above several articles, and
:func:`~newsgraph.extract.segment.split_articles` treats the lines at the top of a page as its
header).  :func:`article_pages` therefore tries the likely cuts (before a ``本报讯`` dateline
or a ``#`` heading, and each of the headlines right above it) and keeps the last one where
splitting the text on both sides of it apart gives exactly the articles of splitting it whole
(checked on :data:`PROBE_CHARS` either side).  Every decision looks at the text only — never
at how the blocks were read — so the pages, and the articles, do not depend on the encoding.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .normalize import fold, normalize_text
from .segment import DATELINE, split_articles

__all__ = ["PROBE_CHARS", "article_pages", "clean_cut"]

#: Characters each side of a candidate cut that are split to check it.
PROBE_CHARS = 4_000
#: Candidate cuts tried per page before falling back to the first one.
_MAX_TRIES = 24


def article_pages(blocks: Iterable[tuple[int, str]], page_chars: int = 1_000_000
                  ) -> Iterator[str]:
    """Group the blocks of a large file into pages that split into the whole read's articles.

    Parameters
    ----------
    blocks : iterable of (offset, text)
        As :func:`newsgraph.extract.reader.iter_text_blocks` yields them.
    page_chars : int
        A page is cut between ``page_chars // 2`` and ``page_chars`` characters (a page with
        no place to cut there is cut at its last paragraph before ``page_chars``).

    Yields
    ------
    str
        Consecutive pieces of the text (their concatenation is the whole text).
    """
    buffer = ""
    for _offset, block in blocks:
        buffer += block
        while len(buffer) >= page_chars + PROBE_CHARS:
            cut = clean_cut(buffer[:page_chars + PROBE_CHARS], page_chars // 2, page_chars)
            yield buffer[:cut]
            buffer = buffer[cut:]
    while len(buffer) > page_chars:
        cut = clean_cut(buffer[:page_chars + PROBE_CHARS], page_chars // 2, page_chars)
        yield buffer[:cut]
        buffer = buffer[cut:]
    if buffer:
        yield buffer


def _split(text: str) -> list[tuple[str, str]]:
    return [(a.title, a.text) for a in split_articles(normalize_text(text))]


def _agrees(text: str, cut: int) -> bool:
    """Whether the paragraphs around ``cut`` split apart as they split together."""
    start = text.find("\n\n", max(0, cut - PROBE_CHARS))
    start = 0 if cut - PROBE_CHARS <= 0 or start < 0 or start >= cut else start + 2
    end = text.rfind("\n\n", cut, cut + PROBE_CHARS)
    end = len(text) if cut + PROBE_CHARS >= len(text) or end < 0 else end + 2
    before, after = text[start:cut], text[cut:end]
    if not before.strip() or not after.strip():
        return False
    return _split(before + after) == _split(before) + _split(after)


def _candidates(text: str, lo: int, hi: int) -> Iterator[int]:
    """Paragraph starts in ``[lo, hi]`` where an article may open, last first: each dateline
    or heading paragraph, then the starts of the paragraphs right above it (its headlines)."""
    pos = hi
    while True:
        para = text.rfind("\n\n", lo, pos)
        if para < 0:
            return
        start = para + 2
        head = fold(text[start:start + 20]).lstrip()
        if head.startswith("#") or (head.startswith("本报") and DATELINE.match(head)):
            yield start
            above = start - 2
            for _ in range(4):  # the headline group printed above it
                prev = text.rfind("\n\n", lo, above)
                if prev < 0:
                    break
                yield prev + 2
                above = prev
        pos = para


def clean_cut(text: str, lo: int, hi: int) -> int:
    """Where to end the page ``text[:cut]``: the last candidate in ``[lo, hi]`` that splits
    apart as it splits whole (:func:`article_pages`); else the first candidate; else the last
    paragraph start before ``hi``; else ``hi``."""
    first = None
    for tries, cut in enumerate(_candidates(text, lo, hi)):
        if first is None:
            first = cut
        if tries >= _MAX_TRIES:
            break
        if _agrees(text, cut):
            return cut
    if first is not None:
        return first
    para = text.rfind("\n\n", lo, hi)
    return para + 2 if para >= 0 else min(hi, len(text))
