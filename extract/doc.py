"""The document object every extractor reads and fills: one per article (spaCy's ``Doc`` is the
model).

A :class:`Doc` holds what the rules match on — the simplified copy of the article's text (for
pages printed in traditional script, :func:`~newsgraph.extract.script.to_simplified`; every
extractor folds this one string object, which :func:`~newsgraph.extract.normalize.fold` folds
once), and its sentences — beside the page context
(source, date, the corpus's known names and home counties) and what the components found so far.
Components (:mod:`newsgraph.extract.components`) run in order over it; :meth:`Doc.extraction`
hands the result to the graph builder.

Offsets: every copy has the printed text's length, so a span ``[start, end)`` found in
``match_text`` or its folded form is the printed span ``text[start:end]``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .script import to_simplified
from .sentences import sentence_spans
from .types import Mention, RelationMention

if TYPE_CHECKING:  # the records live in pipeline.py, which imports this module
    from .pipeline import ArticleExtraction, ArticleRecord, CorpusContext

__all__ = ["Doc"]


@dataclass(eq=False)
class Doc:
    """One article on its way through the extraction components.

    Attributes
    ----------
    article : ArticleRecord
        The normalised article (printed text, title, source, date, offsets).
    context : CorpusContext
        What pass 1 learnt from the whole corpus (known official names, home counties).
    officials, persons, districts, projects : list of Mention
        Mentions found so far, by label.
    meeting_mentions : list of Mention
        Every meeting mention; ``meetings`` groups them, one group per meeting.
    others : list of Mention
        Mentions of any other label (a new label's component puts its mentions here; the
        graph builder adds them like any entity, keyed by name).
    relations : list of RelationMention
        ``ATTENDED``/``SPOKE_AT`` targets are ``("Meeting", <group index>)``.
    page_area : list of str
        The paper's own area (county/city names, most likely first) from the article's file.
    home : str or None
        The article's own county-level area, once the ``home`` component has run.
    """

    article: ArticleRecord
    context: CorpusContext
    officials: list[Mention] = field(default_factory=list)
    persons: list[Mention] = field(default_factory=list)
    districts: list[Mention] = field(default_factory=list)
    projects: list[Mention] = field(default_factory=list)
    meeting_mentions: list[Mention] = field(default_factory=list)
    meetings: list[list[Mention]] = field(default_factory=list)
    others: list[Mention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    page_area: list[str] = field(default_factory=list)
    home: str | None = None

    @property
    def text(self) -> str:
        """The printed, normalised article text (what offsets index)."""
        return self.article.text

    @cached_property
    def match_text(self) -> str:
        """The text the rules match on: ``text`` in simplified script, same length."""
        return to_simplified(self.article.text)

    @cached_property
    def title(self) -> str:
        """The headline in simplified script (rules that read the headline use this)."""
        return to_simplified(self.article.title)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """``[(start, end)]`` of the sentences (:func:`~newsgraph.extract.sentences.sentence_spans`)."""
        return sentence_spans(self.article.text)

    def printed(self, mention: Mention) -> Mention:
        """``mention`` with its ``text`` set to the printed span (it was matched on the
        simplified copy); returns the same object."""
        mention.text = self.article.text[mention.start:mention.end]
        return mention

    def mentions(self) -> list[Mention]:
        """Every mention of the article, in the order the graph builder adds them."""
        return (self.officials + self.persons + self.districts + self.projects
                + self.meeting_mentions + self.others)

    def extraction(self) -> ArticleExtraction:
        """The :class:`~newsgraph.extract.pipeline.ArticleExtraction` the graph builder reads;
        mention texts are the printed spans."""
        from .pipeline import ArticleExtraction

        mentions = self.mentions()
        if self.match_text is not self.article.text:
            for m in mentions:
                if m.text:  # an implied mention (the home district) prints nothing
                    self.printed(m)
        return ArticleExtraction(article=self.article, mentions=mentions, meetings=self.meetings,
                                 relations=self.relations, sentences=self.sentences)
