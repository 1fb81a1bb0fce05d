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


def run_measured(cmd: list[str], *, interval: float = 0.05) -> tuple[float, int, str, float]:
    """Run ``cmd``; return (wall seconds, peak RSS of its process tree in bytes, sampled every
    ``interval`` seconds, stdout, CPU seconds (user + system) of the process and every child it
    waited for).  Raises ``SystemExit`` with the end of stderr when the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()
    ps = psutil.Process(proc.pid)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(ps))
            except psutil.Error:
                pass
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
    return seconds, peak, out, cpu
