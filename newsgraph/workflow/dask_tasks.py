"""What a Dask worker runs for :mod:`.dask_engine` (this module imports ``distributed``): the
worker plugin that loads the tables, and the two passes' task functions."""
from __future__ import annotations

import copy

from distributed import WorkerPlugin

from ..extract.pipeline import CorpusContext
from .passes import Pass2Out, extract_task, read_task
from .units import Task
from .workers import pass2_tables

__all__ = ["WorkerTables", "extract_remote"]


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
