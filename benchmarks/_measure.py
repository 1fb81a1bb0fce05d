"""Measuring a command for the benchmarks: wall time, CPU time and peak memory of its process
tree.  Needs ``psutil`` (installed with IPython; else ``pip install psutil``)."""
from __future__ import annotations

import resource
import subprocess
import threading
import time

import psutil


def tree_rss(proc: psutil.Process) -> int:
    """Bytes: the sum of the resident sets of ``proc`` and all its descendants now."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def tree_pss(proc: psutil.Process) -> int:
    """Bytes: the sum of the proportional set sizes of ``proc`` and its descendants now — each
    shared page divided among the processes that map it, so that pages forked workers share
    with their parent count once (Linux; 0 where there is no PSS)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += getattr(p.memory_full_info(), "pss", 0)
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], *, interval: float = 0.05, pss: bool = False):
    """Run ``cmd``; return (wall seconds, peak RSS of its process tree in bytes, sampled every
    ``interval`` seconds, stdout, CPU seconds (user + system) of the process and every child it
    waited for) and, with ``pss``, the peak :func:`tree_pss` too, sampled at the same times (a
    sixth of the samples: it reads each process's page map).  Raises ``SystemExit`` with the
    end of stderr when the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    done = threading.Event()
    ps = psutil.Process(proc.pid)

    def sample() -> None:
        nonlocal peak, peak_pss
        n = 0
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(ps))
                if pss and n % 6 == 0:
                    peak_pss = max(peak_pss, tree_pss(ps))
            except psutil.Error:
                pass
            n += 1
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{err[-2000:]}")
    return (seconds, peak, out, cpu, peak_pss) if pss else (seconds, peak, out, cpu)
