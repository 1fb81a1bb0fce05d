"""The worker processes of a build: the pool (forked after the tables are loaded), the garbage
collector kept quiet, the tables loaded meanwhile, and the progress bar."""
from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["quiet_collector", "worker_pool", "die_with_parent", "pass1_tables", "pass2_tables", "loading_meanwhile",
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
    share them; the workers are started (forked) before the block runs.  They die with this
    process, however it ends (:func:`die_with_parent`); when the block raises (Ctrl-C, SIGTERM
    through :mod:`newsgraph.interrupts`) the pool's queued tasks are cancelled and its running
    ones waited for, so that the caller's clean-up (the spill folder) comes after them.
    """
    warm_up()
    if workers <= 1:
        yield None
        return
    # fork shares what warm_up loaded (dictionary, gazetteer) with every worker.
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context(method),
                               initializer=_init_worker, initargs=(os.getpid(),))
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


def _init_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's SIGTERM handler (newsgraph.interrupts) is for the parent: a worker that is
    # sent SIGTERM just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


#: Seconds between two looks of the watchdog at the parent, where no parent-death signal is.
WATCHDOG_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int, *, pdeathsig: bool = True) -> str:
    """Make this (worker) process end when ``parent`` (its parent's pid) ends, however it ends
    — even SIGKILL, which leaves the parent no chance to stop its pool: a worker outliving its
    build holds hundreds of megabytes and the build's stderr pipe (a reader waits for ever).

    On Linux the kernel sends this process SIGKILL when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``, through ctypes; ``pdeathsig=False`` skips it); elsewhere, or
    if that call fails, a daemon thread looks every :data:`WATCHDOG_SECONDS` whether the parent
    pid has changed (the process was re-parented) and ends the process then.  Returns
    ``"pdeathsig"`` or ``"watchdog"``, the way chosen.  If the parent is already gone, the
    process ends at once.
    """
    way = "watchdog"
    if pdeathsig and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                way = "pdeathsig"
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if way == "watchdog":
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(WATCHDOG_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="newsgraph-parent-watchdog", daemon=True).start()
    return way


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
