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

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from ..extract.pipeline import CorpusContext
from .graph_store import GraphStore
from .passes import pass1, pass2
from .units import Task, ordered
from .workers import loading_meanwhile, pass1_tables, pass2_tables, worker_pool

__all__ = ["ProcessEngine"]

Runner = Callable[[Iterable[Task]], Iterator[tuple]]


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
        work = partial(pass2, context=context, **flags)
        # A second pool, forked once jieba's dictionary is loaded (see loading_meanwhile).
        with worker_pool(self.workers, pass2_tables) as pool:
            yield lambda tasks: ordered(pool, work, tasks, self.workers)

    def finish(self, store: GraphStore) -> None:
        """Merge the store's partitions, in as many worker processes as there are workers and
        partitions (forked now: this process holds little, the parts are on disk)."""
        with worker_pool(min(self.workers, store.partitions), lambda: None) as pool:
            store.merge(pool.map if pool is not None else map)
