"""What a worker does for one task: pass 1 (read, normalise, split, collect the corpus facts)
and pass 2 (extract each article and build the task's part of the graph)."""
from __future__ import annotations

import logging
import os
import pickle
from typing import NamedTuple

from ..extract.pipeline import (ArticleExtraction, ArticleRecord, CorpusContext, article_facts,
                                extract_article, merge_facts, read_articles)
from ..extract.documents import PagedSource, read_paged_articles
from ..extract.reader import read_source
from ..extract.source import InputError
from ..graph.build import GraphBuilder, GraphPart
from ..graph.io import json_lines
from .units import ErrorUnit, FileUnit, PageUnit, Task, renumber

log = logging.getLogger("newsgraph.api")

__all__ = ["pass1", "read_task", "Pass2Out", "pass2", "extract_task", "extract_or_empty"]


def pass1(task: Task) -> list:
    """Pass 1 of a task: per unit ``(spill file, index in it, article count, ArticleFacts)``
    or the unit's InputError; the articles go to ``task.spill``."""
    out, kept = read_task(task)
    with open(task.spill, "wb") as f:
        pickle.dump(kept, f, pickle.HIGHEST_PROTOCOL)
    return out


def read_task(task: Task) -> tuple[list, list[list[ArticleRecord] | None]]:
    """Read, normalise and split a task's units: ``(results, articles)``, where results are,
    per unit, ``(task.spill, index in the task, article count, ArticleFacts)`` or the unit's
    InputError, and articles are, per unit, its ArticleRecords (None for a unit that failed).
    """
    out: list = []
    kept: list[list[ArticleRecord] | None] = []
    for index, unit in enumerate(task.units):
        kept.append(None)
        if isinstance(unit, ErrorUnit):
            out.append(unit.error)
            continue
        try:
            records = _read_unit(unit)
            facts = merge_facts(article_facts(a) for a in records)
        except InputError as exc:
            out.append(exc)
            continue
        except Exception as exc:  # a rule failing on odd text costs that file, not the build
            out.append(InputError(unit.path, f"could not be processed ({type(exc).__name__}: "
                                             f"{exc}); skipped"))
            continue
        kept[-1] = records
        out.append((task.spill, index, len(records), facts))
    return out, kept


class Pass2Out(NamedTuple):
    """Pass 2's result for one unit.  ``part`` is the graph of the whole task's extractions
    (with the task's last unit; None with the others); ``records``, ``extractions`` and
    ``jsonl`` (the unit's ``articles.jsonl`` rows) are None unless asked for."""

    count: int
    part: GraphPart | None
    records: list[ArticleRecord] | None
    extractions: list[ArticleExtraction] | None
    jsonl: bytes | None


def pass2(task: Task, context: CorpusContext, records: bool, extractions: bool,
           jsonl: bool) -> list[Pass2Out]:
    """Pass 2 of a task of :class:`Kept` units: extract their articles (read back from the
    task's spill file, which is then removed) and build the task's part of the graph.

    One part per task, not per unit: the units of a task are consecutive, and an entity that
    several of them name is merged here rather than in the parent, which every worker feeds.
    """
    with open(task.spill, "rb") as f:
        spilled = pickle.load(f)
    os.unlink(task.spill)
    return extract_task(task, spilled, context, records, extractions, jsonl)


def extract_task(task: Task, spilled: list, context: CorpusContext, records: bool,
                 extractions: bool, jsonl: bool) -> list[Pass2Out]:
    """:func:`pass2` of a task whose articles are at hand: ``spilled`` is :func:`read_task`'s
    articles, indexed by each :class:`Kept` unit's ``index``; pages are renumbered in place."""
    out = []
    builder = GraphBuilder()
    for unit in task.units:
        arts = spilled[unit.index]
        if unit.renumber is not None:
            renumber(arts, *unit.renumber)
        exts = [extract_or_empty(a, context) for a in arts]
        for ext in exts:
            builder.add(ext)
        out.append(Pass2Out(len(arts), None, arts if records else None,
                             exts if extractions else None,
                             json_lines(a.to_json() for a in arts) if jsonl else None))
    if out:
        out[-1] = out[-1]._replace(part=builder.part())
    return out


def extract_or_empty(article: ArticleRecord, context: CorpusContext) -> ArticleExtraction:
    """:func:`extract_article`, or an empty extraction (the article stays, without entities)
    with a warning naming it, when a rule fails on its text: one odd article never costs the
    corpus its graph."""
    try:
        return extract_article(article, context)
    except Exception as exc:
        log.warning("%s: article %s: extraction failed (%s: %s); kept without entities",
                    article.source, article.article_id, type(exc).__name__, exc)
        return ArticleExtraction(article=article)


def _read_unit(unit: FileUnit | PageUnit) -> list[ArticleRecord]:
    if isinstance(unit, FileUnit):
        src = read_source(unit.path, name=unit.name)
        if isinstance(src, PagedSource):  # PDF pages: split apart, each with its own date
            return read_paged_articles(src)
        return read_articles(src.text, src.name)
    return read_articles(unit.text, unit.file.name, pdate=unit.pdate)
