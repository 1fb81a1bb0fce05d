"""Faults while writing a build's outputs (issue 13, items 2 and 3), on a real small
filesystem (a tmpfs mount, skipped unless root can mount one) rather than a monkeypatch: a full
disk leaves no temporary file and no mix of old and new outputs, and two builds into one
``--out`` cannot both write it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
OUTPUTS = ("graph.json", "articles.jsonl", "graph.html")


def newsgraph_build(*args: str | os.PathLike) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsgraph.cli", "build", *map(str, args),
                           "--jobs", "1"], capture_output=True, text=True, timeout=600)


@pytest.fixture
def small_fs(tmp_path):
    """``mount(size)``: a fresh tmpfs of ``size`` bytes in tmp_path, unmounted after the test."""
    mounted = []

    def mount(size: int) -> Path:
        point = tmp_path / f"fs{len(mounted)}"
        point.mkdir()
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def used_bytes(point: Path) -> int:
    st = os.statvfs(point)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def copy_corpus(dest: Path, names: list[str] | None = None, times: int = 1) -> Path:
    dest.mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.txt")):
        if names is None or path.name in names:
            for i in range(times):
                shutil.copyfile(path, dest / (f"{i}_{path.name}" if times > 1 else path.name))
    return dest


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


def assert_no_traceback_one_message(proc, *words):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert all(w in proc.stderr for w in words), proc.stderr


def test_a_disk_full_while_streaming_articles_removes_the_partial_file(tmp_path, small_fs):
    """articles.jsonl (about 200 KB) is streamed onto a 64 KiB filesystem: the build says the
    disk is full, exits 2 without a traceback, and leaves the filesystem as empty as it was."""
    fs = small_fs(64 << 10)
    src = copy_corpus(tmp_path / "in", times=2)
    out = fs / "out"
    empty = used_bytes(fs)
    proc = newsgraph_build(src, "--out", out, "--no-html")
    assert_no_traceback_one_message(proc, "No space left", str(out))
    assert not out.exists() or list(out.iterdir()) == []
    assert used_bytes(fs) == empty


def test_a_disk_full_at_graph_html_keeps_the_whole_earlier_build(tmp_path, small_fs):
    """The new graph.json and articles.jsonl fit, graph.html does not: all three files stay
    those of the earlier build, and no temporary file is left."""
    first = copy_corpus(tmp_path / "first", names=sorted(p.name for p in CORPUS.glob("*.txt"))[:2])
    second = copy_corpus(tmp_path / "second")
    # The sizes of the second build's outputs, measured on an ordinary folder.
    probe = tmp_path / "probe"
    assert newsgraph_build(second, "--out", probe).returncode == 0
    size = {name: (probe / name).stat().st_size for name in OUTPUTS}

    fs = small_fs(8 << 20)
    out = fs / "out"
    assert newsgraph_build(first, "--out", out).returncode == 0
    before = snapshot(out)
    # Leave room for the new graph.json and articles.jsonl and half of graph.html.
    room = size["graph.json"] + size["articles.jsonl"] + size["graph.html"] // 2
    free = os.statvfs(fs).f_bavail * os.statvfs(fs).f_frsize
    (fs / "filler").write_bytes(b"\0" * (free - room))

    proc = newsgraph_build(second, "--out", out)
    assert_no_traceback_one_message(proc, "No space left")
    assert snapshot(out) == before


def test_a_second_build_into_a_busy_folder_is_refused(tmp_path):
    """While one build holds ``--out``, another says the folder is busy (exit 2) and changes
    nothing; once it is free, builds work and leave no lock file behind."""
    from newsgraph.graph.outputs import OutputBusyError, output_lock

    src = copy_corpus(tmp_path / "in", names=[sorted(p.name for p in CORPUS.glob("*.txt"))[0]])
    out = tmp_path / "out"
    assert newsgraph_build(src, "--out", out, "--no-html").returncode == 0
    before = snapshot(out)
    with output_lock(out):
        proc = newsgraph_build(src, "--out", out, "--no-html")
        assert_no_traceback_one_message(proc, str(out), "busy", str(os.getpid()))
        with pytest.raises(OutputBusyError):
            with output_lock(out):
                pass
    assert snapshot(out) == before
    assert newsgraph_build(src, "--out", out, "--no-html").returncode == 0
    assert sorted(snapshot(out)) == ["articles.jsonl", "graph.json"]


def test_two_builds_at_once_leave_one_build_s_outputs(tmp_path):
    """Two different builds started together into one folder: each exits 0 or says the folder
    is busy, and the files left are all of one build."""
    names = sorted(p.name for p in CORPUS.glob("*.txt"))
    a = copy_corpus(tmp_path / "a", names=names[:2])
    b = copy_corpus(tmp_path / "b", names=names[2:])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newsgraph.cli", "build", "--jobs", "1", "--out", str(out)]
    procs = [subprocess.Popen(cmd + [str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for src in (a, b)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0 or (code == 2 and "busy" in err), err
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    graph_sources = {n["source"] for n in graph["nodes"] if n["label"] == "Article"}
    rows = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert graph_sources == {json.loads(r)["source"] for r in rows}
    assert graph_sources in ({*names[:2]}, {*names[2:]})
    html = (out / "graph.html").read_text(encoding="utf-8")
    other = names[2:] if graph_sources == {*names[:2]} else names[:2]
    assert not any(name in html for name in other)
    assert sorted(snapshot(out)) == sorted(OUTPUTS)
