"""``newsgraph build --engine dask``: the same outputs as worker processes, on a Dask cluster.

One local cluster of two worker processes serves the module (it is what ``--engine dask``
starts without ``--scheduler``: :class:`DaskEngine` entered here); the builds reach it by its
address, as they would a cluster's.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from newsgraph.cli import main  # noqa: E402
from newsgraph.workflow.dask_engine import DaskEngine  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, DEV2 = SHARED / "corpus", SHARED / "eval" / "dev2" / "corpus"
ARTICLE = ("区委书记张伟出席会议\n\n2024年3月5日，区委书记张伟出席了全区安全生产工作会议并讲话。"
           "副区长李明主持会议。\n").encode("utf-8")


@pytest.fixture(scope="module")
def scheduler():
    """The address of a local cluster of two worker processes, one thread each."""
    with DaskEngine(2) as engine:
        assert len(engine._client.scheduler_info()["workers"]) == 2
        yield engine._cluster.scheduler_address


def _dask_build(src, out, scheduler, *more) -> int:
    return main(["build", str(src), "--out", str(out), "--no-html", "--engine", "dask",
                 "--scheduler", scheduler, *more])


@pytest.mark.parametrize("reference,src", [("corpus_graph_path", CORPUS),
                                           ("dev2_graph_path", DEV2)])
def test_outputs_are_byte_identical_to_worker_processes(request, reference, src, scheduler,
                                                        tmp_path):
    ref = request.getfixturevalue(reference).parent  # built by worker processes
    assert _dask_build(src, tmp_path, scheduler) == 0
    for name in ("graph.json", "articles.jsonl"):
        assert (tmp_path / name).read_bytes() == (ref / name).read_bytes(), name


def test_the_api_gives_the_graph_and_articles_of_one_process(scheduler, tmp_path):
    import newsgraph
    from newsgraph.graph.io import write_graph_json
    from newsgraph.workflow import build_corpus

    alone = build_corpus([CORPUS], jobs=1)
    on_dask = build_corpus([CORPUS], engine="dask", scheduler=scheduler)
    assert repr(newsgraph.build(CORPUS, engine="dask", scheduler=scheduler)) == \
        repr(newsgraph.build(CORPUS))
    assert [a.to_json() for a in on_dask.articles] == [a.to_json() for a in alone.articles]
    assert len(on_dask.extractions) == len(alone.extractions)
    write_graph_json(alone.graph, tmp_path / "alone.json")
    write_graph_json(on_dask.graph, tmp_path / "dask.json")
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "alone.json").read_bytes()
    assert (on_dask.files_read, on_dask.article_count) == (alone.files_read, alone.article_count)


def _odd_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(ARTICLE)
    (src / "b.txt").write_bytes(bytes(range(32)) * 64)  # control bytes: not text
    (src / "c.txt").write_bytes(ARTICLE.replace("张伟".encode(), "王强".encode()))
    return src


def test_a_skipped_file_is_skipped_as_with_worker_processes(scheduler, tmp_path, capsys):
    src = _odd_input(tmp_path)
    assert main(["build", str(src), "--out", str(tmp_path / "p"), "--no-html",
                 "--jobs", "1"]) == 1
    alone = capsys.readouterr()
    assert _dask_build(src, tmp_path / "d", scheduler) == 1
    on_dask = capsys.readouterr()
    skipped = [line for line in alone.err.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 1 and "b.txt" in skipped[0]
    assert [line for line in on_dask.err.splitlines() if line.startswith("skipped: ")] == skipped
    assert on_dask.out.splitlines()[0] == alone.out.splitlines()[0]  # counts, "1 skipped"
    for name in ("graph.json", "articles.jsonl"):
        assert (tmp_path / "d" / name).read_bytes() == (tmp_path / "p" / name).read_bytes()


def test_strict_stops_at_the_skipped_file_and_writes_nothing(scheduler, tmp_path, capsys):
    src = _odd_input(tmp_path)
    assert _dask_build(src, tmp_path / "d", scheduler, "--strict") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "b.txt" in err[0]
    assert not (tmp_path / "d" / "graph.json").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, capsys):
    src = _odd_input(tmp_path)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    assert _dask_build(src, tmp_path / "d", address) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(
        f"newsgraph build: cannot reach the Dask scheduler at {address}"), err
    assert not (tmp_path / "d" / "graph.json").exists()


def test_scheduler_without_the_dask_engine_is_refused(tmp_path, capsys):
    code = main(["build", str(_odd_input(tmp_path)), "--out", str(tmp_path / "d"),
                 "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == 2
    assert capsys.readouterr().err.strip() == "newsgraph build: --scheduler is for --engine dask"


def test_without_dask_installed_the_error_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    code = main(["build", str(_odd_input(tmp_path)), "--out", str(tmp_path / "d"),
                 "--engine", "dask"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'newsgraph[dask]'" in err[0], err


def test_the_command_line_and_the_api_do_not_import_dask():
    # What a plain build imports, without its (slow) tables; the engine imports dask lazily.
    script = textwrap.dedent("""
        import contextlib, io, sys
        from newsgraph.cli import main, make_parser
        import newsgraph.api, newsgraph.workflow.corpus
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main(["build", "--help"])
        make_parser().parse_args(["build", "in", "--out", "out", "--engine", "dask"])
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip().splitlines()[-1:] == ["[]"], done.stderr
