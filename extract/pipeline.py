"""The extraction pipeline: page text → articles → mentions → relations, with evidence.

Stages (each a pure function of its inputs):

1. :func:`read_articles` — normalise a page and split it into :class:`ArticleRecord` s.
2. :func:`corpus_context` — what the whole corpus tells each article: the names established as
   officials by a titled mention anywhere (so that ``孟景伟主持并讲话 郑皓出席`` resolves), and
   the home county (a district paper's own area).  It is :func:`article_facts` per article (which
   can run in parallel), :func:`merge_facts` in article order, then :func:`context_from_facts`.
3. :func:`extract_article` — mentions and relations of one article, given the context.

Very large files are read in blocks (:func:`newsgraph.extract.reader.iter_text_blocks`);
:func:`newsgraph.extract.pages.article_pages` groups the blocks into pages that split into the
articles of a whole read, each split by :func:`read_articles` with the date of the file's first
page.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..schema import Label
from .components import run
from .dates import article_date, page_date
from .district_scan import pass1_counts
from .doc import Doc
from .normalize import normalize_text
from .officials import find_titled_officials
from .script import to_simplified
from .segment import split_articles
from .types import Mention, RelationMention

__all__ = ["ArticleRecord", "ArticleExtraction", "CorpusContext", "ArticleFacts", "read_articles",
           "titled_official_names", "article_facts", "merge_facts",
           "context_from_facts", "corpus_context", "extract_article"]


@dataclass
class ArticleRecord:
    """One normalised article; ``article_id`` is ``"<source stem>#<index>"``."""

    source: str
    article_id: str
    index: int
    title: str
    text: str
    body_start: int
    page_start: int
    page_end: int
    date: str | None = None
    #: The 1-based page of the PDF file the article is printed on; None for other inputs.
    pdf_page: int | None = None
    #: The titled mentions pass 1 found (:func:`titled_official_names`), kept for pass 2,
    #: which takes them instead of finding them again (the rule needs no corpus context);
    #: None once taken, or when pass 1 did not run.  Not part of ``articles.jsonl``.
    titled: list | None = field(default=None, repr=False, compare=False)
    #: The gazetteer's scan of the article's text that pass 1 made
    #: (:func:`~newsgraph.extract.district_scan.pass1_counts`), for pass 2 to take the same way.
    gazetteer: dict | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        """The ``articles.jsonl`` row (with ``pdf_page`` for an article of a PDF file)."""
        row = {"article_id": self.article_id, "source": self.source, "index": self.index,
               "title": self.title, "date": self.date, "body_start": self.body_start,
               "page_start": self.page_start, "page_end": self.page_end, "text": self.text}
        if self.pdf_page is not None:
            row["pdf_page"] = self.pdf_page
        return row


@dataclass
class CorpusContext:
    """Corpus-level facts used by per-article extraction."""

    known_officials: frozenset[str] = frozenset()
    home: tuple[str, ...] = ()
    #: Per source file: the county/city names of its paper's own area, most likely first.
    areas: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class ArticleExtraction:
    """Mentions and relations of one article.

    ``meetings`` holds one mention group per meeting; relation targets/sources of label
    ``Meeting`` carry the group index as their name (see
    :func:`newsgraph.extract.relations.attendance_relations`).
    """

    article: ArticleRecord
    mentions: list[Mention] = field(default_factory=list)
    meetings: list[list[Mention]] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


_PAGE_DATE_FROM_TEXT = object()


def read_articles(text: str, source: str, *,
                  pdate: str | None | object = _PAGE_DATE_FROM_TEXT) -> list[ArticleRecord]:
    """Normalise a page and split it into articles.

    Parameters
    ----------
    text : str
        Decoded page text.
    source : str
        The source name (file name relative to the input folder); its stem prefixes ids.
    pdate : str or None, optional
        The page's date (ISO); by default read from ``text`` and ``source`` with
        :func:`~newsgraph.extract.dates.page_date` (the masthead is on a file's first page).

    Returns
    -------
    list of ArticleRecord
        In page order; empty for a page without text.
    """
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    page = normalize_text(text)
    if pdate is _PAGE_DATE_FROM_TEXT:
        pdate = page_date(text, source)
    out = []
    for art in split_articles(page):
        lead = art.text[art.body_start:art.body_start + 120]
        out.append(ArticleRecord(source=source, article_id=f"{stem}#{art.index}",
                                 index=art.index, title=art.title, text=art.text,
                                 body_start=art.body_start, page_start=art.page_start,
                                 page_end=art.page_end,
                                 date=article_date(lead, art.date or pdate) or art.date or pdate))
    return out


def titled_official_names(article: ArticleRecord, match_text: str | None = None) -> set[str]:
    """Names that a titled mention in ``article`` establishes as officials (pass 1);
    ``match_text`` is the article's simplified copy, when the caller has it already.

    The mentions stay on the record (``article.titled``) for pass 2."""
    text = to_simplified(article.text) if match_text is None else match_text
    article.titled = find_titled_officials(text)
    return {m.name for m in article.titled if m.label == Label.OFFICIAL.value}


@dataclass
class ArticleFacts:
    """What pass 1 learns from one article, or from a run of articles merged in order.

    ``officials`` are the names established by a titled mention; ``counties`` counts the
    county-level divisions printed (full names), in the order they were first printed — the
    order breaks ties between counties printed equally often, so merging keeps it.
    """

    officials: set[str] = field(default_factory=set)
    counties: dict[str, int] = field(default_factory=dict)
    #: Per source file: :func:`~newsgraph.extract.district_scan.page_area_counts`, summed.
    areas: dict[str, dict[str, int]] = field(default_factory=dict)


def article_facts(article: ArticleRecord) -> ArticleFacts:
    """Pass 1 for one article: the facts :func:`corpus_context` needs from it."""
    # The count home_counties() makes, kept per article so that articles can be read apart.
    text = to_simplified(article.text)
    counties, area, article.gazetteer = pass1_counts(text)
    return ArticleFacts(officials=titled_official_names(article, text), counties=counties,
                        areas={article.source: area})


def merge_facts(facts: Iterable[ArticleFacts]) -> ArticleFacts:
    """Merge per-article facts, given in article order, into the corpus's."""
    merged = ArticleFacts()
    for f in facts:
        merged.officials |= f.officials
        for name, count in f.counties.items():
            merged.counties[name] = merged.counties.get(name, 0) + count
        for source, counts in f.areas.items():
            mine = merged.areas.setdefault(source, {})
            for name, count in counts.items():
                mine[name] = mine.get(name, 0) + count
    return merged


def context_from_facts(facts: ArticleFacts) -> CorpusContext:
    """The :class:`CorpusContext` of a corpus whose merged facts are ``facts``."""
    home = sorted(facts.counties, key=lambda n: -facts.counties[n])
    areas = {src: tuple(sorted(c, key=lambda n: -c[n])[:3]) for src, c in facts.areas.items()}
    return CorpusContext(known_officials=frozenset(facts.officials), home=tuple(home[:3]),
                         areas=areas)


def corpus_context(articles: list[ArticleRecord]) -> CorpusContext:
    """Pass 1 over the corpus: the official names and the home counties.

    Equals ``CorpusContext(names of titled officials, home_counties(texts)[:3])``.
    """
    return context_from_facts(merge_facts(article_facts(a) for a in articles))


def extract_article(article: ArticleRecord, context: CorpusContext = CorpusContext()
                    ) -> ArticleExtraction:
    """Extract the mentions and relations of one article (pass 2).

    Runs the registered components (:data:`newsgraph.extract.components.PIPELINE`) over the
    article's :class:`~newsgraph.extract.doc.Doc`.

    Returns
    -------
    ArticleExtraction
        Every mention's ``[start, end)`` indexes ``article.text`` and its ``text`` is the
        printed span (traditional-script pages are matched on their simplified copy).
    """
    return run(Doc(article=article, context=context)).extraction()
