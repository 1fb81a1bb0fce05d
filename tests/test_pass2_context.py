"""Pass 2's workers inherit the corpus context (forked after it is made) instead of unpickling a
copy with every task, and the corpus's name automata are built once, before the fork."""
from __future__ import annotations

import multiprocessing as mp
import pickle

import pytest

from newsgraph.extract import known_officials
from newsgraph.extract.pipeline import CorpusContext
from newsgraph.workflow import local_engine
from newsgraph.workflow.local_engine import ProcessEngine


def _context(n: int) -> CorpusContext:
    return CorpusContext(known_officials=frozenset(f"官员{i:06d}" for i in range(n)))


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="no fork here")
def test_a_task_carries_no_copy_of_the_context(monkeypatch):
    context = _context(50_000)
    seen = {}

    def ordered(pool, work, tasks, workers):
        seen["work"] = work
        seen["inherited"] = local_engine._CONTEXT
        return iter(())

    monkeypatch.setattr(local_engine, "ordered", ordered)
    with ProcessEngine(2) as engine, engine.pass2(context, None, records=False,
                                                  extractions=False, jsonl=False) as run:
        list(run([]))
    assert seen["inherited"] is context
    assert len(pickle.dumps(seen["work"])) < 2_000  # the context pickles to ~600 kB
    assert len(pickle.dumps(context)) > 500_000
    assert local_engine._CONTEXT is None  # not kept after the pass


def test_one_process_passes_the_context_itself(monkeypatch):
    context = _context(10)
    seen = {}
    monkeypatch.setattr(local_engine, "ordered",
                        lambda pool, work, tasks, workers: seen.setdefault("work", work) and iter(()))
    with ProcessEngine(1) as engine, engine.pass2(context, None, records=False,
                                                  extractions=False, jsonl=False) as run:
        run([])
    assert seen["work"].keywords["context"] is context


def test_the_warm_up_builds_both_automata_for_the_set_itself():
    names = _context(1000).known_officials
    known_officials.warm_known_officials(names)
    for overlapping in (False, True):
        held, automaton = known_officials._BY_IDENTITY[(id(names), overlapping)]
        assert held is names
        assert known_officials._corpus_automaton(names, overlapping) is automaton
    assert [m.name for m in known_officials.find_known_officials("会上官员000007讲话", names)] \
        == ["官员000007"]
