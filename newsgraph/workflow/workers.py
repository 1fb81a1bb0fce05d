"""The worker processes of a build: the pool (forked after the tables are loaded), the garbage
collector kept quiet, the tables loaded meanwhile, and the progress bar."""
from __future__ import annotations

import gc
import multiprocessing as mp
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["quiet_collector", "worker_pool", "pass1_tables", "pass2_tables", "loading_meanwhile",
           "BuildProgress"]

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
def worker_pool(workers: int, warm_up: Callable[[], None]) -> Iterator[Executor | None]:
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


def pass1_tables() -> None:
    """Load what pass 1 needs (the tokenizer's modules, the gazetteer) once, before forking
    its workers."""
    from ..extract import tokenize  # noqa: F401  (imports jieba and its tagger's tables)
    from ..extract.gazetteer import load_gazetteer

    load_gazetteer()


def pass2_tables() -> None:
    """Load what pass 2 needs (jieba's dictionary too) once, before forking its workers."""
    import jieba

    pass1_tables()
    jieba.initialize()


@contextmanager
def loading_meanwhile(load: Callable[[], None], enabled: bool) -> Iterator[None]:
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


class BuildProgress:
    """A rich progress bar on stderr over the bytes of both passes; does nothing when off."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total = enabled, total
        self._bar = None
        self._task = None

    def __enter__(self) -> BuildProgress:
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
