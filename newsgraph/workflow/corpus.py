"""``build_corpus``: the two passes of a build over worker processes, and its result."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import networkx as nx

from ..extract.documents import input_format
from ..extract.pipeline import (ArticleExtraction, ArticleFacts, ArticleRecord,
                                context_from_facts, merge_facts)
from ..extract.source import InputError
from ..graph.io import json_lines
from ..graph.outputs import ArticleSink, output_lock, write_outputs
from . import units as work_units
from .graph_store import GraphStore, partitions_for
from .local_engine import ProcessEngine
from .units import FileUnit, Kept, PageUnit, Task, by_file, discover, pass1_units, plan_tasks
from .workers import BuildProgress, quiet_collector

# Each phase's end at -v (info): where a long build's time goes.
log = logging.getLogger("newsgraph.build")

__all__ = ["build_corpus", "BuildResult", "ENGINES"]

#: The engines a build runs on: ``processes`` (worker processes on this machine) and ``dask``
#: (a Dask cluster, :mod:`.dask_engine`).
ENGINES = ("processes", "dask")

# Work sent to a worker process at once: big enough that pickling and scheduling cost little,
# small enough that every process gets several tasks and the results in flight stay small.
_MIN_TASK_BYTES = 64 << 10
_PROGRESS_MIN_BYTES = 1 << 20
_MAX_TASK_BYTES = 1 << 20


@dataclass
class BuildResult:
    """What a build produced: the articles, their extractions and the merged graph.

    ``skipped`` lists the :class:`~newsgraph.extract.source.InputError` of each input file
    that could not be used; ``files_read`` counts the files that were and ``article_count`` the
    articles read from them; ``formats_read`` and ``formats_skipped`` count the files read and
    skipped per format (:func:`~newsgraph.extract.documents.input_format`: ``txt``, ``md``,
    ``html``, ``pdf``, ``docx``; ``folder`` for a folder that could not be listed).
    ``articles`` and ``extractions`` are empty when the build streamed them instead
    (``build_corpus(..., keep_articles=False)``).  ``store`` holds the graph on disk
    (:class:`~newsgraph.workflow.graph_store.GraphStore`, read as streams); :attr:`graph` is
    that graph in memory, made at its first use (:meth:`close` removes the store's files).
    """

    articles: list[ArticleRecord]
    extractions: list[ArticleExtraction]
    store: GraphStore
    files_read: int = 0
    skipped: list[InputError] = field(default_factory=list)
    article_count: int = 0
    formats_read: dict[str, int] = field(default_factory=dict)
    formats_skipped: dict[str, int] = field(default_factory=dict)
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The merged graph (a ``networkx.MultiDiGraph``), read from :attr:`store` once."""
        if self._graph is None:
            self._graph = self.store.to_networkx()
        return self._graph

    def close(self) -> None:
        """Remove :attr:`store`'s files (a temporary folder; also removed when the result is
        garbage-collected).  :attr:`graph`, if read before, stays."""
        self.store.close()

    def write(self, out: str | os.PathLike, *, html: bool = True,
              html_max_nodes: int | None = None, articles: bool = True) -> None:
        """Write ``graph.json``, ``articles.jsonl`` (``articles``) and (``html``) ``graph.html``
        into ``out``.

        Each file is written to a temporary name and renamed, so an interrupted build never
        leaves a truncated output (:func:`~newsgraph.graph.outputs.write_outputs`).  Raises
        ``OSError`` when ``out`` cannot be written, and
        :class:`~newsgraph.graph.outputs.OutputBusyError` while a build writes into it.
        """
        sink = ArticleSink(out) if articles else None
        with output_lock(out), quiet_collector():
            try:
                if sink is not None:
                    sink.write(json_lines(a.to_json() for a in self.articles))
                write_outputs(self._graph if self._graph is not None else self.store, out,
                              articles=sink, html=html,
                              html_max_nodes=html_max_nodes)
            finally:
                if sink is not None:
                    sink.discard()


def build_corpus(inputs: Sequence[str | os.PathLike], *, strict: bool = False,
                 on_skip: Callable[[InputError], None] | None = None, jobs: int | None = 1,
                 on_article: Callable[[ArticleRecord], None] | None = None,
                 on_jsonl: Callable[[bytes], None] | None = None,
                 keep_articles: bool = True, progress: bool = False,
                 exclude: Sequence[str | os.PathLike] = (), engine: str = "processes",
                 scheduler: str | None = None) -> BuildResult:
    """Read ``inputs`` (files or folders), extract and merge everything into one graph.

    Two passes, both in ``jobs`` worker processes (or on a Dask cluster, ``engine="dask"``):
    pass 1 reads, normalises and splits every
    file and collects what the corpus tells each article
    (:func:`~newsgraph.extract.pipeline.article_facts`); pass 2 extracts each article, kept from
    pass 1 in a temporary file, with the merged context, and builds each task's part of the
    graph; the parts go, cut by node key, to the partitions of a
    :class:`~newsgraph.workflow.graph_store.GraphStore` on disk, each partition is merged on its
    own and the corpus-wide steps run on the nodes they touch, which gives the graph the parts
    merged in input order give (:meth:`~newsgraph.graph.build.GraphBuilder.merge`,
    :meth:`~newsgraph.graph.build.GraphBuilder.finish`), whatever ``jobs``, the engine or the
    number of partitions.  When ``keep_articles`` is false, memory is bounded by a partition
    of the graph (:data:`~newsgraph.workflow.graph_store.PARTITION_BYTES` of text) and a few
    tasks in flight, as long as :attr:`BuildResult.graph` is not asked for; files over
    :data:`~newsgraph.workflow.units.LARGE_FILE_BYTES` are read block by block and cut into
    pages
    (:func:`~newsgraph.extract.pages.article_pages`: where the article splitter itself ends
    an article, so that they give the articles of a whole read).

    Parameters
    ----------
    inputs : sequence of paths
        Files (any suffix) or folders (walked for .txt/.md/.html/.pdf/.docx).
    strict : bool
        Raise the first :class:`InputError` instead of skipping that file.
    on_skip : callable, optional
        Called with each skipped file's error, in input order.
    jobs : int or None
        Worker processes; 1 (the default) works in this process, ``None`` uses every core.
    on_article : callable, optional
        Called with each article, in input order, as pass 2 produces it (e.g. to stream
        ``articles.jsonl``); never called when pass 1 raises.
    on_jsonl : callable, optional
        Like ``on_article``, but called with the ``articles.jsonl`` rows (UTF-8 JSON Lines,
        :func:`~newsgraph.graph.io.json_lines`) of a run of consecutive articles, which the
        worker processes encode: the cheap way to stream them to a file.
    keep_articles : bool
        Keep every article and extraction in the result (``BuildResult.articles`` …).
    progress : bool
        Show a progress bar on stderr when the inputs hold at least a megabyte (a few seconds
        of work).
    exclude : sequence of paths
        Folders not to walk into below the input folders (the build's output folder, whose
        ``graph.html`` would otherwise be read as an article by the next build).
    engine : {"processes", "dask"}
        ``"dask"`` runs both passes as tasks on a Dask cluster (:mod:`.dask_engine`):
        ``scheduler``'s, or a local cluster of ``jobs`` worker processes; the result is the
        same.
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``), with ``engine="dask"``.

    Raises
    ------
    InputError
        A path does not exist (always, before anything is read), or a file is unusable and
        ``strict`` is set (during pass 1, before ``on_article`` is first called).
    ValueError
        ``jobs`` is less than 1, ``engine`` is unknown, or ``scheduler`` is given without
        ``engine="dask"``.
    ~newsgraph.workflow.dask_engine.EngineError
        ``engine="dask"`` without dask installed, or the scheduler cannot be reached.
    """
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler is for engine='dask'")
    skipped: list[InputError] = []
    formats_read: dict[str, int] = {}
    formats_skipped: dict[str, int] = {}

    def skip(exc: InputError) -> None:
        if strict:
            raise exc
        skipped.append(exc)
        kind = ("folder" if isinstance(exc.path, Path) and exc.path.is_dir()
                else input_format(exc.path))
        formats_skipped[kind] = formats_skipped.get(kind, 0) + 1
        if on_skip:
            on_skip(exc)

    entries = discover(inputs, exclude=exclude)
    total = sum(e.size for e in entries if isinstance(e, FileUnit))
    task_bytes = min(_MAX_TASK_BYTES, max(_MIN_TASK_BYTES, total // (4 * jobs) + 1))
    # A large file makes a task per page (at least one per PAGE_CHARS of UTF-8, 3 bytes each).
    planned = sum(1 for _ in plan_tasks(entries, task_bytes)) + sum(
        e.size // (3 * work_units.PAGE_CHARS) for e in entries
        if e.size > work_units.LARGE_FILE_BYTES)
    workers = min(jobs, planned)
    articles: list[ArticleRecord] = []
    extractions: list[ArticleExtraction] = []
    count = 0
    with quiet_collector(), ExitStack() as held, \
            BuildProgress(progress and total >= _PROGRESS_MIN_BYTES, total) as bar, \
            _engine(engine, scheduler, workers) as runner:
        # Pass 1: facts per file, kept in input order; a file counts only once all of it has
        # been read (a large file can turn out undecodable half-way).
        bar.start("reading")
        started = time.perf_counter()
        facts: list[ArticleFacts] = []
        kept: list[Kept] = []
        files_read = 0
        tasks = (runner.task(i, units)
                 for i, units in enumerate(plan_tasks(pass1_units(entries), task_bytes)))
        with runner.pass1() as run:
            for group in by_file(run(tasks)):
                error = next((r for _, r in group if isinstance(r, InputError)), None)
                for unit, _ in group:
                    bar.advance(unit.size)
                if error is not None:
                    skip(error)
                    continue
                files_read += 1
                first = group[0][0]
                kind = input_format(first.path if isinstance(first, FileUnit) else first.file.path)
                formats_read[kind] = formats_read.get(kind, 0) + 1
                base = 0
                for unit, (spill, index, n, unit_facts) in group:
                    page = isinstance(unit, PageUnit)  # pages are split apart: number on
                    kept.append(Kept(spill, index, unit.size,
                                      (base, unit.offset) if page else None))
                    base += n
                    facts.append(unit_facts)
        context = context_from_facts(merge_facts(facts))
        del facts
        started = _phase(started, "pass 1 (read, split, corpus facts)",
                         f"{files_read:,} file(s), {len(kept):,} unit(s)")

        # Pass 2: extraction, and each task's part of the graph, in the workers; the parts go
        # to the store's key partitions on disk in input order whatever order workers finish
        # in, and each partition is merged on its own (runner.finish), which gives the graph
        # one builder fed every article in order would give (GraphBuilder.merge, finish); on
        # Dask the parts stay on the cluster and are merged there by the same partitions.
        bar.start("extracting")
        store = GraphStore(partitions_for(total, workers))
        held.callback(store.close)
        tasks = (Task(list(units), spill) for spill, units in groupby(kept, lambda k: k.spill))
        with runner.pass2(context, store, records=keep_articles or on_article is not None,
                          extractions=keep_articles, jsonl=on_jsonl is not None) as run:
            for unit, out in run(tasks):
                bar.advance(unit.size)
                count += out.count
                if on_article is not None:
                    for record in out.records:
                        on_article(record)
                if on_jsonl is not None:
                    on_jsonl(out.jsonl)
                if keep_articles:
                    articles.extend(out.records)
                    extractions.extend(out.extractions)
                if out.part is not None:
                    store.add_part(out.part)
        started = _phase(started, "pass 2 (extract, parts of the graph)", f"{count:,} articles")
        runner.finish(store)
        _phase(started, "merge of the partitions and corpus-wide steps",
               f"{store.partitions} partition(s)")
        held.pop_all()  # the store is the result's now
    return BuildResult(articles=articles, extractions=extractions, store=store,
                       files_read=files_read, skipped=skipped, article_count=count,
                       formats_read=formats_read, formats_skipped=formats_skipped)


def _phase(started: float, what: str, detail: str) -> float:
    now = time.perf_counter()
    log.info("%s: %.1f s, %s", what, now - started, detail)
    return now


def _engine(engine: str, scheduler: str | None, workers: int):
    """The engine the passes run on (see :mod:`.local_engine` for what one is)."""
    if engine == "dask":
        from .dask_engine import DaskEngine  # imports dask: only when asked for

        return DaskEngine(workers, scheduler)
    return ProcessEngine(workers)
