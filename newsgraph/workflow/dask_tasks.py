"""What a Dask worker runs for :mod:`.dask_engine` (this module imports ``distributed``): the
worker plugin that loads the tables, and the two passes' task functions."""
from __future__ import annotations

import copy

from distributed import WorkerPlugin

from ..extract.pipeline import CorpusContext
from .partitioned import Partition, Slice, merge_slices, split_part
from .passes import Pass2Out, extract_task, read_task
from .units import Task
from .workers import pass2_tables

__all__ = ["WorkerTables", "extract_remote", "extract_split", "slice_of", "merge_partition"]


class WorkerTables(WorkerPlugin):
    """Loads what both passes need (the tokenizer's modules and jieba's dictionary, the
    gazetteer) once per worker, when the worker joins the build's cluster, rather than in the
    first task of each pass (what ``pass1_tables``/``pass2_tables`` do before forking)."""

    name = "newsgraph-tables"

    def setup(self, worker) -> None:
        pass2_tables()


def extract_remote(pass1: tuple[list, list], task: Task, context: CorpusContext,
                   records: bool, extractions: bool, jsonl: bool) -> list[Pass2Out]:
    """Pass 2 of a task on a worker, from its pass-1 result (:func:`~.passes.read_task`'s
    ``(results, articles)``, kept on the worker)."""
    articles = list(pass1[1])
    for unit in task.units:
        if unit.renumber is not None:
            # The pass-1 result is Dask's to keep (a task run again after a lost worker reads
            # it again): renumber copies, not the articles it holds.
            articles[unit.index] = [copy.copy(a) for a in articles[unit.index]]
    return extract_task(task, articles, context, records, extractions, jsonl)


def extract_split(pass1: tuple[list, list], task: Task, context: CorpusContext, index: int,
                  partitions: int, **flags: bool) -> tuple[list[Pass2Out], list[Slice]]:
    """:func:`extract_remote`, with the task's part of the graph (the ``index``-th of the
    build) split by node key into ``partitions`` slices (:func:`~.partitioned.split_part`)
    instead of in the last Pass2Out."""
    out = extract_remote(pass1, task, context, **flags)
    part = out[-1].part
    out[-1] = out[-1]._replace(part=None)
    return out, split_part(part, index, partitions)


def slice_of(result: tuple[list[Pass2Out], list[Slice]], partition: int) -> Slice:
    """One partition's slice of :func:`extract_split`'s result."""
    return result[1][partition]


def merge_partition(*slices: Slice) -> Partition:
    """A partition's slices, in input order, merged (:func:`~.partitioned.merge_slices`)."""
    return merge_slices(slices)
