"""The Dask engine of a build: the two passes as tasks on a ``dask.distributed`` cluster.

``build_corpus(..., engine="dask")`` starts a local cluster of worker processes;
``scheduler="tcp://host:8786"`` uses a running one (dask-jobqueue on SLURM/PBS, Kubernetes:
see the README).  Each batch of files (:func:`~newsgraph.workflow.units.plan_tasks`, as with
worker processes) is one pass-1 task and one pass-2 task:

- pass 1's result (the facts and the articles) stays on the worker that made it; only the
  facts come to this process, through a small task of their own;
- the corpus context, reduced here from the facts, goes to every worker once (``scatter``
  with ``broadcast``);
- the pass-2 task of a batch depends on its pass-1 result, so Dask runs it where the articles
  are; it sends back the ``articles.jsonl`` rows and keeps the batch's part of the graph, cut
  by node key into one slice per partition;
- one task per partition merges its slices in input order, and the merged partitions come to
  this process's :class:`~.graph_store.GraphStore` one at a time, which reads them back in
  the order of first appearance (:mod:`.partitioned`): the graph is the one ``--jobs N``
  gives.

The workers load the tokenizer and the gazetteer once each (:class:`.dask_tasks.WorkerTables`,
a worker plugin).  Inputs must be paths every worker sees (shared storage) or fsspec URLs,
which each worker reads itself (:mod:`newsgraph.storage`); the outputs are written by this
process.  dask is imported only when this engine starts, so that plain builds do not need it.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from ..extract.pipeline import CorpusContext
from .graph_store import GraphStore
from .units import Task, ordered

__all__ = ["DaskEngine", "EngineError", "CONNECT_SECONDS"]

#: Seconds to wait for a scheduler given by address before giving up.
CONNECT_SECONDS = 10

_MISSING = ("the dask engine needs dask.distributed, which is not installed "
            "(pip install 'newsgraph[dask]')")


class EngineError(RuntimeError):
    """The engine cannot start: dask is not installed, or the scheduler cannot be reached.
    The message is one line, for the user."""


class DaskEngine:
    """The engine (see :mod:`.local_engine`) of a Dask cluster: ``scheduler``'s (an address),
    or, when it is None, a local cluster of ``workers`` processes with one thread each.

    Raises :class:`EngineError` on entering when dask is missing or the scheduler does not
    answer within :data:`CONNECT_SECONDS`.
    """

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self._token = uuid.uuid4().hex  # keys of this build, apart from others on the cluster
        self._pass1: dict[str, object] = {}  # pass-1 key → its future, until pass 2 takes it
        self._slices: list[list] = []  # per partition, the futures of the parts' slices
        self._cluster = self._client = None

    def __enter__(self) -> DaskEngine:
        try:
            import distributed
        except ImportError as exc:
            raise EngineError(_MISSING) from exc
        from . import dask_tasks

        try:
            if self.scheduler is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR)
                self._client = distributed.Client(self._cluster, set_as_default=False)
            else:
                self._client = distributed.Client(self.scheduler, timeout=CONNECT_SECONDS,
                                                  set_as_default=False)
        except (OSError, ValueError, TypeError) as exc:  # TimeoutError is an OSError
            self.__exit__(None, None, None)
            what = (f"cannot reach the Dask scheduler at {self.scheduler}" if self.scheduler
                    else "cannot start a local Dask cluster")
            raise EngineError(f"{what}: {' '.join(str(exc).split()) or type(exc).__name__}"
                              ) from exc
        try:
            self._client.register_plugin(dask_tasks.WorkerTables())
            threads = sum(w["nthreads"]
                          for w in self._client.scheduler_info()["workers"].values())
            # Tasks in flight: 4 per thread (units.ordered); at least 4 per job asked for, as
            # a cluster's workers may still be joining.
            self.workers = max(self.workers, threads)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._pass1.clear()
        self._slices = []
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def task(self, i: int, units: list) -> Task:
        return Task(units, f"newsgraph-pass1-{self._token}-{i}")

    @contextmanager
    def pass1(self) -> Iterator:
        from .passes import read_task

        yield lambda tasks: ordered(_Pass1(self), read_task, tasks, self.workers)

    @contextmanager
    def pass2(self, context: CorpusContext, store: GraphStore, **flags: bool) -> Iterator:
        from .dask_tasks import extract_split

        shared = self._client.scatter(context, broadcast=True, hash=False)
        self._slices = [[] for _ in range(store.partitions)]
        try:
            yield lambda tasks: ordered(_Pass2(self, shared, flags), extract_split, tasks,
                                        self.workers)
        finally:
            self._pass1.clear()  # tasks whose every file was skipped

    def finish(self, store: GraphStore) -> None:
        """Merge the parts pass 2 left on the cluster there, one task per partition of the
        node keys (:mod:`.partitioned`), and bring the merged partitions into ``store``, one
        at a time (the cluster forgets each once it is here)."""
        from .dask_tasks import merge_partition

        client = self._client
        merged = [client.submit(merge_partition, *slices,
                                key=f"newsgraph-merge-{self._token}-{p}")
                  for p, slices in enumerate(self._slices)]
        self._slices = []
        for p, future in enumerate(merged):
            store.put_merged(p, future.result())
            future.release()
        store.finish()


class _Pass1:
    """The ``submit`` :func:`~newsgraph.workflow.units.ordered` calls, for pass 1: the task's
    whole result is kept on the cluster; what comes back is its facts."""

    def __init__(self, engine: DaskEngine) -> None:
        self.engine = engine

    def submit(self, work, task: Task):
        import operator

        client = self.engine._client
        whole = client.submit(work, task, key=task.spill)
        self.engine._pass1[task.spill] = whole
        return client.submit(operator.getitem, whole, 0, key=f"{task.spill}-facts")


class _Pass2:
    """``submit`` for pass 2: a task on its batch's pass-1 result and the shared context."""

    def __init__(self, engine: DaskEngine, context, flags: dict) -> None:
        self.engine, self.context, self.flags = engine, context, flags
        self.submitted = 0  # the place of the next task's part among the build's parts

    def submit(self, work, task: Task):
        import operator

        from .dask_tasks import slice_of

        engine, client = self.engine, self.engine._client
        # Popped: once pass 2 has run, the cluster may forget the articles.
        pass1 = engine._pass1.pop(task.spill)
        key = task.spill.replace("-pass1-", "-pass2-", 1)
        slices = engine._slices
        whole = client.submit(work, pass1, task, self.context, self.submitted, len(slices),
                              key=key, **self.flags)
        self.submitted += 1
        # The part stays on the cluster, cut by node key, for the partitions' merge tasks.
        for p, held in enumerate(slices):
            held.append(client.submit(slice_of, whole, p, key=f"{key}-slice-{p}"))
        return client.submit(operator.getitem, whole, 0, key=f"{key}-out")

