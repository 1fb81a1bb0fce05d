"""Python API: build a corpus's knowledge graph and work with it in notebooks.

>>> kg = build(["../shared/corpus"])          # doctest: +SKIP
>>> kg.to_pandas()["Official"].head()         # doctest: +SKIP
"""
from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import pickle
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from .extract.dates import page_date
from .extract.pipeline import (ArticleExtraction, ArticleFacts, ArticleRecord, CorpusContext,
                               article_facts, context_from_facts, extract_article, iter_pages,
                               merge_facts, read_articles)
from .extract.reader import InputError, _discover_each, iter_text_blocks, read_source
from .graph.build import GraphBuilder, GraphPart
from .graph.io import atomic_writer, json_lines, write_graph_json

log = logging.getLogger(__name__)

__all__ = ["build", "build_corpus", "BuildResult", "KnowledgeGraph", "LARGE_FILE_BYTES"]

#: Files larger than this (bytes) are read block by block (``iter_text_blocks``) and split into
#: pages of about :data:`PAGE_CHARS` characters, instead of being held whole in memory.
LARGE_FILE_BYTES = 32 << 20
#: Characters per page of a large file; a page is one task for a worker process.
PAGE_CHARS = 1_000_000
# Work sent to a worker process at once: big enough that pickling and scheduling cost little,
# small enough that every process gets several tasks and the results in flight stay small.
_MIN_TASK_BYTES = 64 << 10
_PROGRESS_MIN_BYTES = 1 << 20
_MAX_TASK_BYTES = 1 << 20


@dataclass
class BuildResult:
    """What a build produced: the articles, their extractions and the merged graph.

    ``skipped`` lists the :class:`~newsgraph.extract.reader.InputError` of each input file
    that could not be used; ``files_read`` counts the files that were and ``article_count`` the
    articles read from them.  ``articles`` and ``extractions`` are empty when the build streamed
    them instead (``build_corpus(..., keep_articles=False)``).
    """

    articles: list[ArticleRecord]
    extractions: list[ArticleExtraction]
    graph: nx.MultiDiGraph
    files_read: int = 0
    skipped: list[InputError] = field(default_factory=list)
    article_count: int = 0

    def write(self, out: str | os.PathLike, *, html: bool = True,
              html_max_nodes: int | None = None, articles: bool = True) -> None:
        """Write ``graph.json``, ``articles.jsonl`` (``articles``) and (``html``) ``graph.html``
        into ``out``.

        Each file is written to a temporary name and renamed, so an interrupted build never
        leaves a truncated output.  Raises ``OSError`` when ``out`` cannot be written.
        """
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        with quiet_collector():
            self._write(out, html, html_max_nodes, articles)

    def _write(self, out: Path, html: bool, html_max_nodes: int | None, articles: bool) -> None:
        write_graph_json(self.graph, out / "graph.json")
        if articles:
            with atomic_writer(out / "articles.jsonl", binary=True) as fh:
                for a in self.articles:
                    fh.write(json_lines((a.to_json(),)))
        if html:
            from .graph.explorer import write_explorer

            write_explorer(self.graph, out / "graph.html", max_nodes=html_max_nodes)


def build_corpus(inputs: Sequence[str | os.PathLike], *, strict: bool = False,
                 on_skip: Callable[[InputError], None] | None = None, jobs: int | None = 1,
                 on_article: Callable[[ArticleRecord], None] | None = None,
                 on_jsonl: Callable[[bytes], None] | None = None,
                 keep_articles: bool = True, progress: bool = False) -> BuildResult:
    """Read ``inputs`` (files or folders), extract and merge everything into one graph.

    Two passes, both in ``jobs`` worker processes: pass 1 reads, normalises and splits every
    file and collects what the corpus tells each article
    (:func:`~newsgraph.extract.pipeline.article_facts`); pass 2 extracts each article, kept from
    pass 1 in a temporary file, with the merged context, and builds each task's part of the
    graph; this process merges the parts in input order
    (:meth:`~newsgraph.graph.build.GraphBuilder.merge`), so the result does not depend on
    ``jobs``.  Memory is
    bounded by the graph and a few tasks in flight, not by the text, when ``keep_articles`` is
    false; files over :data:`LARGE_FILE_BYTES` are read block by block and cut into pages
    (:func:`~newsgraph.extract.pipeline.iter_pages`).

    Parameters
    ----------
    inputs : sequence of paths
        Files (any suffix) or folders (walked for .txt/.md/.html).
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

    Raises
    ------
    InputError
        A path does not exist (always, before anything is read), or a file is unusable and
        ``strict`` is set (during pass 1, before ``on_article`` is first called).
    ValueError
        ``jobs`` is less than 1.
    """
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    skipped: list[InputError] = []

    def skip(exc: InputError) -> None:
        if strict:
            raise exc
        skipped.append(exc)
        if on_skip:
            on_skip(exc)

    entries = _discover(inputs)
    total = sum(e.size for e in entries if isinstance(e, _FileUnit))
    task_bytes = min(_MAX_TASK_BYTES, max(_MIN_TASK_BYTES, total // (4 * jobs) + 1))
    # A large file makes a task per page (at least one per PAGE_CHARS of UTF-8, 3 bytes each).
    planned = sum(1 for _ in _tasks(entries, task_bytes)) + sum(
        e.size // (3 * PAGE_CHARS) for e in entries if e.size > LARGE_FILE_BYTES)
    workers = min(jobs, planned)
    articles: list[ArticleRecord] = []
    extractions: list[ArticleExtraction] = []
    count = 0
    # Pass 1's articles wait for pass 2 in the workers' spill files, one per task, rather than
    # in memory; they are not read, normalised and split a second time, and they do not pass
    # through this process (which would spend a tenth of a two-worker build pickling them).
    with quiet_collector(), \
            _Progress(progress and total >= _PROGRESS_MIN_BYTES, total) as bar, \
            tempfile.TemporaryDirectory(prefix="newsgraph-articles-") as spill_dir:
        # Pass 1: facts per file, kept in input order; a file counts only once all of it has
        # been read (a large file can turn out undecodable half-way).
        bar.start("reading")
        facts: list[ArticleFacts] = []
        kept: list[_Kept] = []
        files_read = 0
        tasks = (_Task(units, Path(spill_dir, f"{i}.pickle"))
                 for i, units in enumerate(_tasks(_pass1_units(entries), task_bytes)))
        with _pool(workers, _pass1_tables) as pool, \
                _loading_meanwhile(_pass2_tables, enabled=pool is not None):
            for group in _by_file(_ordered(pool, _pass1, tasks, workers)):
                error = next((r for _, r in group if isinstance(r, InputError)), None)
                for unit, _ in group:
                    bar.advance(unit.size)
                if error is not None:
                    skip(error)
                    continue
                files_read += 1
                base = 0
                for unit, (spill, index, n, unit_facts) in group:
                    page = isinstance(unit, _PageUnit)  # pages are split apart: number on
                    kept.append(_Kept(spill, index, unit.size,
                                      (base, unit.offset) if page else None))
                    base += n
                    facts.append(unit_facts)
        context = context_from_facts(merge_facts(facts))
        del facts

        # Pass 2: extraction, and each task's part of the graph, in the workers; the parts are
        # merged here in input order whatever order workers finish in, which gives the graph
        # one builder fed every article in order would give (GraphBuilder.merge).
        bar.start("extracting")
        builder = GraphBuilder()
        work = partial(_pass2, context=context, records=keep_articles or on_article is not None,
                       extractions=keep_articles, jsonl=on_jsonl is not None)
        tasks = (_Task(list(units), spill) for spill, units in groupby(kept, lambda k: k.spill))
        # A second pool, forked once jieba's dictionary is loaded (see _loading_meanwhile).
        with _pool(workers, _pass2_tables) as pool:
            for unit, out in _ordered(pool, work, tasks, workers):
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
                    builder.merge(out.part)
        graph = builder.finish()
    return BuildResult(articles=articles, extractions=extractions, graph=graph,
                       files_read=files_read, skipped=skipped, article_count=count)


# -- the work units of a build ----------------------------------------------------------------


@dataclass(frozen=True)
class _FileUnit:
    """A whole file (read by the worker) or, for :class:`_PageUnit`, the file of a page."""

    path: Path
    name: str
    size: int


@dataclass(frozen=True)
class _PageUnit:
    """One page of a large file, read by this process and sent to a worker."""

    file: _FileUnit
    text: str
    pdate: str | None
    offset: int = 0  # characters before the page in the file
    size: int = 0  # UTF-8 bytes, for the progress bar and task sizes


@dataclass(frozen=True)
class _ErrorUnit:
    """A file (or, with ``file`` None, a folder) this process found unusable."""

    file: _FileUnit | None
    error: InputError
    size: int = 0


def _discover(inputs: Sequence[str | os.PathLike]) -> list[_FileUnit | _ErrorUnit]:
    """The files to read and the folders that could not be listed, in input order."""
    entries: list[_FileUnit | _ErrorUnit] = []
    for files, errors in _discover_each(inputs):
        entries += [_ErrorUnit(None, exc) for exc in errors]
        for path, name in files:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0  # the worker's read_source says what is wrong
            entries.append(_FileUnit(path, name, size))
    return entries


def _large_file_pages(file: _FileUnit) -> Iterator[tuple[str, str | None]]:
    """``(page, page date)`` of a file read block by block; raises InputError."""
    pdate = None
    for i, page in enumerate(iter_pages(iter_text_blocks(file.path), PAGE_CHARS)):
        if i == 0:
            pdate = page_date(page, file.name)
        yield page, pdate


def _pass1_units(entries: list[_FileUnit | _ErrorUnit]
                 ) -> Iterator[_FileUnit | _PageUnit | _ErrorUnit]:
    for entry in entries:
        if entry.size > LARGE_FILE_BYTES:
            offset = 0
            try:
                for page, pdate in _large_file_pages(entry):
                    yield _PageUnit(entry, page, pdate, offset, size=len(page.encode("utf-8")))
                    offset += len(page)
            except InputError as exc:
                yield _ErrorUnit(entry, exc)
        else:
            yield entry


@dataclass(frozen=True)
class _Task:
    """Consecutive units for one worker call, and the file where pass 1 keeps their articles
    for pass 2 (a pickled list: per unit its articles, or None for a unit that failed)."""

    units: list
    spill: Path


@dataclass(frozen=True)
class _Kept:
    """A unit pass 1 read successfully: where its articles wait, and for a page of a large
    file ``(articles on the file's earlier pages, characters before the page)``."""

    spill: Path
    index: int  # the unit's place in its spill file
    size: int  # UTF-8 bytes, for the progress bar
    renumber: tuple[int, int] | None = None


def _renumber(records: list[ArticleRecord], base: int, offset: int) -> None:
    """Give a page's articles their place in the whole file (ids, page offsets)."""
    for r in records:
        r.index += base
        r.article_id = f"{r.article_id.rsplit('#', 1)[0]}#{r.index}"
        r.page_start += offset
        r.page_end += offset


def _tasks(units: Iterable, task_bytes: int) -> Iterator[list]:
    """Group consecutive whole-file units into tasks of about ``task_bytes``; a page or an
    error is a task of its own."""
    task, size = [], 0
    for unit in units:
        alone = isinstance(unit, (_PageUnit, _ErrorUnit))
        if task and (alone or size + unit.size > task_bytes):
            yield task
            task, size = [], 0
        task.append(unit)
        size += unit.size
        if alone:
            yield task
            task, size = [], 0
    if task:
        yield task


def _file_key(unit: _FileUnit | _PageUnit | _ErrorUnit) -> object:
    if isinstance(unit, _FileUnit):
        return unit
    return unit.file if unit.file is not None else unit


def _by_file(results: Iterable[tuple]) -> Iterator[list[tuple]]:
    """Group the ordered ``(unit, result)`` stream by file (a file's units are consecutive)."""
    return (list(group) for _, group in groupby(results, key=lambda ur: _file_key(ur[0])))


def _ordered(pool: Executor | None, work: Callable[[_Task], list], tasks: Iterable[_Task],
             workers: int) -> Iterator[tuple]:
    """Run ``work`` on each task (in ``pool``, or here when it is None) and yield
    ``(unit, result)`` for each of its units, in task order.

    At most ``4 * workers`` tasks are in flight, so that results waiting for their turn (pass 2
    sends back whole articles) do not pile up when this process is the slower side.
    """
    if pool is None:
        for task in tasks:
            yield from zip(task.units, work(task))
        return
    pending: deque = deque()
    try:
        for task in tasks:
            pending.append((task, pool.submit(work, task)))
            while len(pending) >= 4 * workers:
                task0, future = pending.popleft()
                yield from zip(task0.units, future.result())
        while pending:
            task0, future = pending.popleft()
            yield from zip(task0.units, future.result())
    finally:
        for _, future in pending:
            future.cancel()


_quiet_depth = 0


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Keep CPython's cyclic garbage collector from re-scanning the whole heap while a build
    runs, and while its outputs are written; undo it after (nested uses: the outermost).

    A build holds millions of long-lived references: jieba's and the gazetteer's tables and
    the growing graph with its evidence.  Each full (generation 2) collection walks all of
    them and, since the build makes no reference cycles of its own (see
    :class:`~newsgraph.graph.build.GraphBuilder`), finds nothing: measured, 30 full
    collections took 5 s of a 50 s build of 50 MB.  They are put off until the build ends;
    young generations are still collected.  The pool's workers are forked inside, so they
    inherit the setting.
    Writing ``graph.json`` makes a dict per node and edge: without this, those young objects
    set off full collections of the finished graph (measured: the write took twice as long).
    """
    global _quiet_depth
    if _quiet_depth:
        _quiet_depth += 1
        try:
            yield
        finally:
            _quiet_depth -= 1
        return
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    _quiet_depth = 1
    try:
        yield
    finally:
        _quiet_depth = 0
        gc.set_threshold(*thresholds)


@contextmanager
def _pool(workers: int, warm_up: Callable[[], None]) -> Iterator[Executor | None]:
    """A process pool of ``workers`` processes, or None for one (work in this process).

    ``warm_up`` loads the tables the pool's work needs here first, so that forked workers
    share them; the workers are started (forked) before the block runs.
    """
    warm_up()
    if workers <= 1:
        yield None
        return
    # fork shares what warm_up loaded (dictionary, gazetteer) with every worker.
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context(method),
                               initializer=_init_worker)
    try:
        pool.submit(int).result()  # a forking pool starts every worker at its first task
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _pass1_tables() -> None:
    """Load what pass 1 needs (the tokenizer's modules, the gazetteer) once, before forking
    its workers."""
    from .extract import tokenize  # noqa: F401  (imports jieba and its tagger's tables)
    from .extract.gazetteer import load_gazetteer

    load_gazetteer()


def _pass2_tables() -> None:
    """Load what pass 2 needs (jieba's dictionary too) once, before forking its workers."""
    import jieba

    _pass1_tables()
    jieba.initialize()


@contextmanager
def _loading_meanwhile(load: Callable[[], None], enabled: bool) -> Iterator[None]:
    """Run ``load`` in a thread while the block runs, when ``enabled``; wait for it at the end.

    Pass 1's workers do not need jieba's dictionary (0.6 s to load), so this process loads it
    while they read, rather than before they start, when no other core works.  Errors are left
    to the next, plain call of ``load``.
    """
    if not enabled:
        yield
        return

    def quietly() -> None:
        try:
            load()
        except Exception:  # raised again by the call that needs the tables
            pass

    thread = threading.Thread(target=quietly, name="newsgraph-tables", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent alone handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Progress:
    """A rich progress bar on stderr over the bytes of both passes; does nothing when off."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total = enabled, total
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                       TimeRemainingColumn, TransferSpeedColumn)

            self._bar = Progress(TextColumn("{task.description:>10}"), BarColumn(),
                                 DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.start()
        return self

    def start(self, description: str) -> None:
        if self._bar is not None:
            if self._task is not None:
                self._bar.update(self._task, completed=self.total)
            self._task = self._bar.add_task(description, total=self.total)

    def advance(self, size: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, size)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


# -- worker side ------------------------------------------------------------------------------


def _pass1(task: _Task) -> list:
    """Pass 1 of a task: per unit ``(spill file, index in it, article count, ArticleFacts)``
    or the unit's InputError; the articles go to ``task.spill``."""
    out: list = []
    kept: list[list[ArticleRecord] | None] = []
    for index, unit in enumerate(task.units):
        kept.append(None)
        if isinstance(unit, _ErrorUnit):
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
    with open(task.spill, "wb") as f:
        pickle.dump(kept, f, pickle.HIGHEST_PROTOCOL)
    return out


class _Pass2Out(NamedTuple):
    """Pass 2's result for one unit.  ``part`` is the graph of the whole task's extractions
    (with the task's last unit; None with the others); ``records``, ``extractions`` and
    ``jsonl`` (the unit's ``articles.jsonl`` rows) are None unless asked for."""

    count: int
    part: GraphPart | None
    records: list[ArticleRecord] | None
    extractions: list[ArticleExtraction] | None
    jsonl: bytes | None


def _pass2(task: _Task, context: CorpusContext, records: bool, extractions: bool,
           jsonl: bool) -> list[_Pass2Out]:
    """Pass 2 of a task of :class:`_Kept` units: extract their articles (read back from the
    task's spill file, which is then removed) and build the task's part of the graph.

    One part per task, not per unit: the units of a task are consecutive, and an entity that
    several of them name is merged here rather than in the parent, which every worker feeds.
    """
    with open(task.spill, "rb") as f:
        spilled = pickle.load(f)
    os.unlink(task.spill)
    out = []
    builder = GraphBuilder()
    for unit in task.units:
        arts = spilled[unit.index]
        if unit.renumber is not None:
            _renumber(arts, *unit.renumber)
        exts = [_extract_or_empty(a, context) for a in arts]
        for ext in exts:
            builder.add(ext)
        out.append(_Pass2Out(len(arts), None, arts if records else None,
                             exts if extractions else None,
                             json_lines(a.to_json() for a in arts) if jsonl else None))
    if out:
        out[-1] = out[-1]._replace(part=builder.part())
    return out


def _extract_or_empty(article: ArticleRecord, context: CorpusContext) -> ArticleExtraction:
    """:func:`extract_article`, or an empty extraction (the article stays, without entities)
    with a warning naming it, when a rule fails on its text: one odd article never costs the
    corpus its graph."""
    try:
        return extract_article(article, context)
    except Exception as exc:
        log.warning("%s: article %s: extraction failed (%s: %s); kept without entities",
                    article.source, article.article_id, type(exc).__name__, exc)
        return ArticleExtraction(article=article)


def _read_unit(unit: _FileUnit | _PageUnit) -> list[ArticleRecord]:
    if isinstance(unit, _FileUnit):
        src = read_source(unit.path, name=unit.name)
        return read_articles(src.text, src.name)
    return read_articles(unit.text, unit.file.name, pdate=unit.pdate)


class KnowledgeGraph:
    """A built knowledge graph, for notebooks and scripts.

    Wraps the networkx graph (node ids ``"<Label>:<key>"``, attributes per
    :mod:`newsgraph.schema`) with conversions, loading into Neo4j and querying.
    """

    def __init__(self, graph: nx.MultiDiGraph, result: BuildResult | None = None) -> None:
        self.graph = graph
        self.result = result

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> "KnowledgeGraph":
        """Read a ``graph.json`` written by ``newsgraph build``."""
        from .graph.io import read_graph_json

        return cls(read_graph_json(path))

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph itself (not a copy): ``MultiDiGraph`` with evidence on nodes and edges."""
        return self.graph

    def to_pandas(self) -> dict:
        """One ``pandas.DataFrame`` per node label and per relationship type.

        Returns
        -------
        dict[str, pandas.DataFrame]
            Keys are labels (``"Official"`` …) with one row per node (columns ``id``, ``name``,
            ``aliases``, label properties, ``n_evidence``) and relationship types
            (``"ATTENDED"`` …) with one row per edge (``source``, ``target``,
            ``source_name``, ``target_name``, properties, ``n_evidence``).
        """
        import pandas as pd

        rows: dict[str, list[dict]] = {}
        for n, d in self.graph.nodes(data=True):
            row = {"id": n, **{k: v for k, v in d.items() if k not in ("evidence", "label")}}
            row["n_evidence"] = len(d.get("evidence", []))
            rows.setdefault(d["label"], []).append(row)
        for u, v, d in self.graph.edges(data=True):
            row = {"source": u, "target": v, "source_name": self.graph.nodes[u].get("name"),
                   "target_name": self.graph.nodes[v].get("name"),
                   **{k: val for k, val in d.items() if k not in ("evidence", "type")}}
            row["n_evidence"] = len(d.get("evidence", []))
            rows.setdefault(d["type"], []).append(row)
        return {k: pd.DataFrame(v) for k, v in rows.items()}

    # -- Neo4j ---------------------------------------------------------------------------------
    def connect(self, uri: str | None = None, user: str | None = None,
                password: str | None = None, database: str | None = None,
                data_dir: str | os.PathLike | None = None):
        """Open (once) a driver to a Bolt server and return it.

        With no ``uri`` (and no ``NEO4J_URI``), the embedded ArcadeDB server on ``data_dir`` is
        used: an already running one (``newsgraph serve``), else one started now and stopped by
        :meth:`close` or at interpreter exit.

        Raises
        ------
        newsgraph.graph.server.BoltConnectionError
            Unreachable server, wrong credentials or missing database.
        newsgraph.graph.server.ServerError
            The embedded server failed to start.
        """
        if getattr(self, "_driver", None) is not None:
            return self._driver
        import atexit

        import neo4j

        from .graph.server import (ArcadeDBServer, ConnectionSettings, find_running_server,
                                   resolve_settings)

        settings = resolve_settings(uri, user, password, database)
        self._server = None
        if settings.uri is None:
            running = find_running_server(data_dir)
            if running is not None:
                settings = ConnectionSettings(running["uri"], running["user"],
                                              settings.password or running["password"],
                                              running["database"])
            else:
                self._server = ArcadeDBServer(data_dir, database=settings.database,
                                              password=settings.password).start()
                atexit.register(self._server.stop)
                settings = self._server.settings
        self._settings = settings
        self._driver = neo4j.GraphDatabase.driver(settings.uri,
                                                  auth=(settings.user, settings.password or ""))
        self._driver.verify_connectivity()
        return self._driver

    def close(self) -> None:
        """Close the driver and stop an embedded server started by :meth:`connect`."""
        if getattr(self, "_driver", None) is not None:
            self._driver.close()
            self._driver = None
        if getattr(self, "_server", None) is not None:
            self._server.stop()
            self._server = None

    def load(self, uri: str | None = None, **connection) -> dict[str, int]:
        """Merge the graph into Neo4j (idempotent; see ``newsgraph load``) and return the
        database's node and relationship counts, ``{"Official": 32, …, "ATTENDED": 72, …}``."""
        from .graph.neo4j import count_nodes, count_relationships, load_graph

        driver = self.connect(uri, **connection)
        load_graph(driver, self.graph, database=self._settings.database)
        return {**count_nodes(driver, self._settings.database),
                **count_relationships(driver, self._settings.database)}

    def query(self, name_or_cypher: str, **params):
        """Run a named query (``queries/*.cypher``, see ``newsgraph queries``) or raw Cypher on
        the connected database and return a ``pandas.DataFrame`` (columns in RETURN order).

        Raises
        ------
        newsgraph.queries.library.QueryParamError
            A named query's parameter is missing, unknown or of the wrong type.
        neo4j.exceptions.Neo4jError
            The server rejected the query.
        """
        from .commands.neo4j import run_query
        from .queries.library import get_query

        driver = self.connect()
        named = get_query(name_or_cypher.strip())
        if named is not None:
            bound = named.bind({k: str(v) for k, v in params.items()})
            return run_query(driver, self._settings.database, named.cypher, bound, read_only=True)
        return run_query(driver, self._settings.database, name_or_cypher, params,
                         read_only=False)

    def show(self, max_nodes: int | None = None, height: int = 650):
        """The HTML explorer inline in Jupyter (an ``IPython.display.HTML`` iframe)."""
        import html as html_lib
        import tempfile

        from IPython.display import HTML

        from .graph.explorer import write_explorer

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "graph.html"
            write_explorer(self.graph, path, max_nodes=max_nodes)
            page = path.read_text(encoding="utf-8")
        return HTML(f'<iframe srcdoc="{html_lib.escape(page)}" style="width:100%;height:{height}px;'
                    'border:1px solid #ddd"></iframe>')

    def save(self, out: str | os.PathLike, *, html: bool = True) -> Path:
        """Write graph.json (+ articles.jsonl, graph.html) to ``out``; returns graph.json's path."""
        out = Path(out)
        if self.result is not None:
            self.result.write(out, html=html)
        else:
            out.mkdir(parents=True, exist_ok=True)
            write_graph_json(self.graph, out / "graph.json")
        return out / "graph.json"


def build(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, strict: bool = False,
          jobs: int | None = 1) -> KnowledgeGraph:
    """Build the knowledge graph of ``paths`` (files or folders of articles).

    ``jobs`` worker processes extract in parallel (``None``: one per core); the graph does not
    depend on it.

    Raises
    ------
    InputError
        A path does not exist, or (``strict``) a file cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = build_corpus(list(paths), strict=strict, jobs=jobs)
    return KnowledgeGraph(result.graph, result)
