"""A build ended by a signal (issue 13, item 1): its worker processes die with it, whatever
the signal, and SIGTERM cleans up as Ctrl-C does (no spill folder, no temporary output file)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory) -> Path:
    """The corpus replicated to about 6 MB: a --jobs 2 build of it runs for many seconds."""
    folder = tmp_path_factory.mktemp("replicated")
    for i in range(60):
        for path in sorted(CORPUS.glob("*.txt")):
            shutil.copyfile(path, folder / f"{i:03d}_{path.name}")
    return folder


def start_build(inputs: Path, out: Path, tmp: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """Start ``newsgraph build --jobs 2`` and return it with its workers once they run."""
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "build", str(inputs),
                             "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    parent = psutil.Process(proc.pid)
    for _ in range(1200):  # the pool is forked after the imports and the tables, within a minute
        workers = parent.children()
        if len(workers) >= 2 and any(tmp.glob("newsgraph-*")):
            time.sleep(1)  # and let them work for a moment
            return proc, parent.children()
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    pytest.fail(f"the build's workers never started: {proc.communicate()[1].decode()[-2000:]}")


@pytest.fixture
def reap():
    """``reap(processes)``: kill at the end of the test those still running (a failed test
    must not leave orphans on the machine)."""
    started: list[psutil.Process] = []
    yield started.extend
    for p in started:
        try:
            p.kill()
        except psutil.Error:
            pass


def gone(processes: list[psutil.Process], timeout: float) -> bool:
    """Whether every process has ended (or is a zombie nobody waits for) within ``timeout``."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return all(p.status() == psutil.STATUS_ZOMBIE for p in alive if p.is_running())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_the_workers_die_with_the_build(big_inputs, tmp_path, signum, reap):
    out = tmp_path / "out"
    proc, workers = start_build(big_inputs, out, tmp_path / "tmp")
    reap(workers)
    assert workers
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)  # stderr reaches its end: no worker holds it open
    assert proc.returncode in (128 + signum, -signum), err.decode()
    assert gone(workers, timeout=60), [p.pid for p in workers if p.is_running()]


def test_sigterm_cleans_up_like_ctrl_c(big_inputs, tmp_path, reap):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("{}", encoding="utf-8")  # an earlier build's file stays
    proc, workers = start_build(big_inputs, out, tmp_path / "tmp")
    reap(workers)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "terminated" in err
    assert gone(workers, timeout=60)
    assert list((tmp_path / "tmp").glob("newsgraph-*")) == []  # the spill folder is removed
    assert sorted(p.name for p in out.iterdir()) == ["graph.json"]  # no temporary file, no lock
    assert (out / "graph.json").read_text(encoding="utf-8") == "{}"


WATCHED = """
import os, sys, time
from newsgraph.workflow.workers import die_with_parent
if os.fork() == 0:              # the "build"
    build = os.getpid()
    worker = os.fork()
    if worker == 0:             # its "worker", watched by the thread alone
        die_with_parent(build, pdeathsig=False)
        time.sleep(600)
        os._exit(0)
    print(worker, flush=True)
    time.sleep(1)
    os._exit(0)                 # the build ends, its worker is re-parented
os.wait()
"""


def test_the_watchdog_ends_a_worker_whose_parent_has_gone(reap):
    """Where no parent-death signal exists, the watchdog thread does the same."""
    done = subprocess.run([sys.executable, "-c", WATCHED], capture_output=True, text=True,
                          timeout=60)
    try:
        worker = psutil.Process(int(done.stdout.split()[0]))
    except psutil.NoSuchProcess:
        return  # already gone
    reap([worker])
    assert gone([worker], timeout=30)
