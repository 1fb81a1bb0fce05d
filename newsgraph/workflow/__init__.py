"""The build workflow: inputs → work units → two passes in worker processes → one graph.

:func:`build_corpus` runs it (:mod:`.corpus`); :mod:`.units` cuts the inputs into units and
tasks, :mod:`.passes` is what a worker does with a task, :mod:`.workers` the process pool and
what goes with it.  The extraction itself is :mod:`newsgraph.extract`; the graph,
:mod:`newsgraph.graph`.
"""
from .corpus import BuildResult, build_corpus
from .units import LARGE_FILE_BYTES, PAGE_CHARS
from .workers import quiet_collector

__all__ = ["build_corpus", "BuildResult", "LARGE_FILE_BYTES", "PAGE_CHARS", "quiet_collector"]
