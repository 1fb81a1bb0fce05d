"""Arguments that are user mistakes: refused before any work with one line and exit 2
(issue 13, item 8), never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = ("通州区召开城市更新工作推进会\n\n"
           "本报讯（记者 陶涛）7月18日，区委书记孟景伟主持召开城市更新工作推进会并讲话。\n")


def newsgraph(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the console script's code in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-c", "from newsgraph.cli import entry; entry()", *args],
                          capture_output=True, text=True, timeout=timeout, env=env)


def assert_one_line_exit_2(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines and all(w in lines[-1] for w in words), proc.stderr
    assert not [line for line in lines if not line.startswith(("usage:", " ", "newsgraph"))]


@pytest.mark.parametrize("uri", ["http://localhost:7474", "https://example.org", "ftp://x",
                                 "localhost:7687", "bolt//localhost"])
@pytest.mark.parametrize("command", [["query", "graph_summary"], ["load", "graph.json"]])
def test_a_uri_that_is_not_bolt_is_refused_before_connecting(uri, command, tmp_path):
    proc = newsgraph(*command, "--uri", uri, timeout=60)
    assert_one_line_exit_2(proc, "--uri", uri)


def test_a_non_bolt_uri_from_the_environment_is_refused(tmp_path):
    import os

    env = {**os.environ, "NEO4J_URI": "http://localhost:7474"}
    proc = newsgraph("query", "graph_summary", env=env, timeout=60)
    assert_one_line_exit_2(proc, "NEO4J_URI", "http://localhost:7474")


@pytest.mark.parametrize("value", ["99999999999999999999999", "-99999999999999999999999",
                                   str(2 ** 63)])
def test_an_integer_parameter_out_of_the_bolt_range_is_refused(value):
    proc = newsgraph("query", "top_speakers", "--param", f"limit={value}", timeout=60)
    assert_one_line_exit_2(proc, "limit", value)


def test_an_adhoc_integer_out_of_range_is_refused():
    proc = newsgraph("query", "RETURN $n AS n", "--param", "n=99999999999999999999999",
                     timeout=60)
    assert_one_line_exit_2(proc, "99999999999999999999999")


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_html_max_nodes_is_checked_before_the_build(value, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    proc = newsgraph("build", str(src), "--out", str(out), "--jobs", "1",
                     "--html-max-nodes", value)
    assert_one_line_exit_2(proc, "--html-max-nodes")
    assert not out.exists()  # refused before anything was built or written
