"""The default engine of a build: worker processes on this machine, pass 1's articles kept for
pass 2 in spill files of a temporary folder.

An engine is what :func:`~newsgraph.workflow.corpus.build_corpus` runs the two passes on; it
is a context manager with:

- ``workers``: how many tasks run at once (tasks are sized for it);
- ``task(i, units)``: the :class:`~newsgraph.workflow.units.Task` of the ``i``-th batch of
  pass-1 units, whose ``spill`` names where its articles will wait;
- ``pass1()``: a context manager giving ``run(tasks)``, which yields ``(unit, result)`` in
  task order (:func:`~newsgraph.workflow.passes.pass1`'s results);
- ``pass2(context, store, **flags)``: the same for pass 2's tasks of
  :class:`~newsgraph.workflow.units.Kept` units (:func:`~newsgraph.workflow.passes.pass2`),
  whose parts the caller adds to ``store``
  (:class:`~newsgraph.workflow.graph_store.GraphStore`) unless the engine keeps them;
- ``finish(store)``: the store's partitions merged, and the store finished.

The Dask engine (:mod:`.dask_engine`) is the other one.
"""
from __future__ import annotations

import multiprocessing as mp
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from ..extract.known_officials import warm_known_officials
from ..extract.pipeline import CorpusContext
from .graph_store import GraphStore
from .passes import pass1, pass2
from .units import Task, ordered
from .workers import loading_meanwhile, pass1_tables, pass2_tables, worker_pool

__all__ = ["ProcessEngine"]

Runner = Callable[[Iterable[Task]], Iterator[tuple]]


# The corpus context of the running pass 2, for the workers forked once it is set: they inherit
# it rather than unpickle a copy with every task (at 1 GB of text it holds two million official
# names: a copy a task cost this process the pickling, the worker a new set, and the name
# automata's identity cache a miss).
_CONTEXT: CorpusContext | None = None


def _pass2_inherited(task: Task, **flags: bool):
    return pass2(task, context=_CONTEXT, **flags)


def _pass2_warm_up(context: CorpusContext) -> None:
    pass2_tables()
    warm_known_officials(context.known_officials)


class ProcessEngine:
    """``workers`` processes forked from this one (none for 1: the work is done here).

    Pass 1's articles wait for pass 2 in the workers' spill files, one per task, rather than
    in memory; they are not read, normalised and split a second time, and they do not pass
    through this process (which would spend a tenth of a two-worker build pickling them).
    Raises ``OSError`` when the temporary folder cannot be made.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._spill: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> ProcessEngine:
        self._spill = tempfile.TemporaryDirectory(prefix="newsgraph-articles-")
        return self

    def __exit__(self, *exc) -> None:
        self._spill.cleanup()

    def task(self, i: int, units: list) -> Task:
        return Task(units, Path(self._spill.name, f"{i}.pickle"))

    @contextmanager
    def pass1(self) -> Iterator[Runner]:
        with worker_pool(self.workers, pass1_tables) as pool, \
                loading_meanwhile(pass2_tables, enabled=pool is not None):
            yield lambda tasks: ordered(pool, pass1, tasks, self.workers)

    @contextmanager
    def pass2(self, context: CorpusContext, store: GraphStore,
              **flags: bool) -> Iterator[Runner]:
        global _CONTEXT
        forked = self.workers > 1 and "fork" in mp.get_all_start_methods()
        if forked:  # the workers inherit the context (see _CONTEXT)
            _CONTEXT = context
            work = partial(_pass2_inherited, **flags)
        else:
            work = partial(pass2, context=context, **flags)
        try:
            # A second pool, forked once jieba's dictionary is loaded (see loading_meanwhile)
            # and the corpus's name automata are built, so that every worker shares them.
            with worker_pool(self.workers, partial(_pass2_warm_up, context)) as pool:
                yield lambda tasks: ordered(pool, work, tasks, self.workers)
        finally:
            _CONTEXT = None

    def finish(self, store: GraphStore) -> None:
        """Merge the store's partitions, in as many worker processes as there are workers and
        partitions (forked now: this process holds little, the parts are on disk), then run the
        corpus-wide steps, their reads of the partitions in a second pool of fresh workers (a
        merge's worker keeps the memory its partition took)."""
        workers = min(self.workers, store.partitions)
        with worker_pool(workers, lambda: None) as pool:
            store.merge_partitions(pool.map if pool is not None else map)
        with worker_pool(workers, lambda: None) as pool:
            store.finish(pool.map if pool is not None else map)
