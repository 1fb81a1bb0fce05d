"""`newsgraph build` at the command line with bad, odd and hostile input (fixtures made in
tmp_path), output folders that cannot be written, and parallel builds equal to serial ones."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph import api
from newsgraph.extract.source import InputError
from newsgraph.workflow import corpus as workflow_corpus, passes, units, workers
import newsgraph.graph.io as graph_io
from newsgraph.cli import main
import newsgraph.graph.outputs as graph_outputs

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

ARTICLE = ("通州区召开城市更新工作推进会\n\n"
           "本报讯（记者 陶涛）7月18日，区委书记孟景伟主持召开城市更新工作推进会并讲话。"
           "区长郑皓出席。会议听取了潞城镇棚户区改造项目进展情况汇报。\n\n"
           "会议要求，加快推进通惠河水环境综合治理工程建设。\n")
SECOND = ("宋庄镇开展防汛检查\n\n"
          "本报讯（记者 李明）副区长李先侠到宋庄镇检查防汛工作，察看宋庄艺术创意小镇排水设施。\n")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def build(*args: str | os.PathLike) -> int:
    return main(["build", *map(str, args), "--no-html", "--jobs", "1"])


def write(folder: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def graph_json(out: Path) -> dict:
    return json.loads((out / "graph.json").read_text(encoding="utf-8"))


def articles(out: Path) -> list[dict]:
    return [json.loads(line) for line in
            (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def test_good_files_build_and_bad_ones_are_named(tmp_path, capsys):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", SECOND)
    write(src, "picture.txt", PNG)
    write(src, "empty.txt", b"")
    out = tmp_path / "out"
    assert build(src, "--out", out) == 1
    err = capsys.readouterr().err
    assert "picture.txt" in err and "PNG" in err
    assert "empty.txt" in err
    assert {a["source"] for a in articles(out)} == {"a.txt", "b.txt"}
    names = {n["name"] for n in graph_json(out)["nodes"]}
    assert {"孟景伟", "郑皓", "李先侠"} <= names


def test_strict_stops_at_the_bad_file_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.png.txt", PNG)
    out = tmp_path / "out"
    assert build(src, "--out", out, "--strict") == 2
    assert "b.png.txt" in capsys.readouterr().err
    assert not out.exists()


def test_strict_leaves_an_earlier_build_alone(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    out = tmp_path / "out"
    assert build(src, "--out", out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    write(src, "b.txt", b"")
    assert build(src, "--out", out, "--strict") == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_missing_input_is_named(tmp_path, capsys):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    missing = tmp_path / "no-such-folder"
    assert build(src, missing, "--out", tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "no such file" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("files", [
    {},
    {"empty.txt": b""},
    {"blank.txt": "\n \n\u3000\n"},
    {"picture.txt": PNG, "empty.md": b""},
])
def test_nothing_usable(tmp_path, capsys, files):
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        write(src, name, data)
    assert build(src, "--out", tmp_path / "out") == 2
    assert "no usable article" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_build_the_utf8_graph(tmp_path, encoding):
    utf8, other = tmp_path / "utf8", tmp_path / encoding
    for folder, enc in ((utf8, "utf-8"), (other, encoding)):
        write(folder, "page.txt", ARTICLE + "\n" + SECOND, encoding=enc)
        assert build(folder, "--out", folder / "out") == 0
    assert (other / "out" / "graph.json").read_bytes() == (utf8 / "out" / "graph.json").read_bytes()
    assert articles(other / "out") == articles(utf8 / "out")


def test_utf16_file_starts_with_a_bom(tmp_path):
    path = write(tmp_path / "in", "page.txt", ARTICLE, encoding="utf-16")
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_text_without_article_marker_is_one_article(tmp_path):
    src = write(tmp_path / "in", "note.txt",
                "区委书记孟景伟到潞城镇调研垃圾分类工作，他强调，要坚持问题导向。\n"
                "区长郑皓参加调研。\n")
    out = tmp_path / "out"
    assert build(src, "--out", out) == 0
    rows = articles(out)
    assert len(rows) == 1 and rows[0]["article_id"] == "note#0"
    assert "孟景伟" in {n["name"] for n in graph_json(out)["nodes"]}


HOSTILE = ("本报讯（记者 O'Brien）区委书记孟景伟主持召开“MATCH (n) DETACH DELETE n”工作会议。"
           "区长郑皓出席。会议部署\"RETURN 1; //\"工程、{name: '\\x'}项目和`CREATE`平台建设，"
           "副区长李先侠在'}{\\\"'小镇调研。MERGE WHERE CALL apoc.\\u0000 LOAD CSV。\n")


def test_names_with_quotes_backslashes_braces_and_cypher_build(tmp_path):
    src = write(tmp_path / "in", "hostile.txt", HOSTILE)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--jobs", "1"]) == 0
    data = graph_json(out)
    assert {"孟景伟", "郑皓", "李先侠"} <= {n["name"] for n in data["nodes"]}
    assert articles(out)[0]["text"].endswith("LOAD CSV。")
    assert "MATCH (n) DETACH DELETE n" in json.dumps(data, ensure_ascii=False)
    assert (out / "graph.html").is_file()


def test_out_under_a_regular_file(tmp_path, capsys):
    src = write(tmp_path / "in", "a.txt", ARTICLE)
    blocker = write(tmp_path, "file.txt", "not a folder")
    assert build(src, "--out", blocker / "out") == 2
    err = capsys.readouterr().err
    assert str(blocker / "out") in err and "not a folder" in err
    assert build(src, "--out", blocker) == 2
    assert "not a folder" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"


class _DiskFull:
    """A file whose writes stop half-way with ENOSPC."""

    def __init__(self, file) -> None:
        self._file = file

    def write(self, data: bytes) -> int:
        self._file.write(data[: len(data) // 2])
        self._file.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _earlier_build(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    out = tmp_path / "out"
    assert build(src, "--out", out) == 0
    write(src, "b.txt", SECOND)  # the next build's output differs
    return src, out, {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_failure_while_writing_graph_json_keeps_the_earlier_files(tmp_path, monkeypatch, capsys):
    src, out, before = _earlier_build(tmp_path)

    real_chunks = graph_io._node_link_chunks

    def disk_full(*args):
        chunks = list(real_chunks(*args))
        yield from chunks[: len(chunks) // 2]  # half the file is written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(graph_io, "_node_link_chunks", disk_full)
    assert build(src, "--out", out) == 2
    assert "No space left" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp file left either


@pytest.mark.parametrize("module", [graph_io, graph_outputs], ids=["graph.json", "articles.jsonl"])
def test_a_full_disk_keeps_the_earlier_files(tmp_path, monkeypatch, capsys, module):
    """The disk fills half-way through a write: of graph.json (whose bytes a background thread
    writes, so its error must reach the build) or of the streamed articles.jsonl.  The build
    stops with the message, and nothing of the new files stays."""
    src, out, before = _earlier_build(tmp_path)
    real_temp_file = module.temp_file_beside

    def disk_full_file(path, **kwargs):
        file, tmp = real_temp_file(path, **kwargs)
        return _DiskFull(file), tmp

    monkeypatch.setattr(module, "temp_file_beside", disk_full_file)
    assert build(src, "--out", out) == 2
    assert "No space left" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_full_temporary_folder_is_named_and_keeps_the_earlier_files(tmp_path, monkeypatch,
                                                                      capsys):
    """Pass 1 keeps the articles in temporary files: when they cannot be written, the build
    says where, and the earlier outputs stay."""
    src, out, before = _earlier_build(tmp_path)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(passes.pickle, "dump", no_space)  # --jobs 1: pass 1 runs in this process
    assert build(src, "--out", out) == 2
    err = capsys.readouterr().err
    assert "temporary files" in err and "No space left" in err and "TMPDIR" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_crash_in_the_json_dump_keeps_the_earlier_files(tmp_path, monkeypatch):
    src, out, before = _earlier_build(tmp_path)

    def boom(*args):
        yield b"{"
        raise RuntimeError("simulated crash while encoding graph.json")

    monkeypatch.setattr(graph_io, "_node_link_chunks", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        build(src, "--out", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_graph_json_streamed_is_the_node_link_json(tmp_path):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", HOSTILE)
    graph = api.build_corpus([src]).graph
    graph_io.write_graph_json(graph, tmp_path / "streamed.json")
    expected = nx.node_link_data(graph, edges="edges")
    assert json.loads((tmp_path / "streamed.json").read_text(encoding="utf-8")) == expected


def test_bad_jobs_argument(tmp_path, capsys):
    src = write(tmp_path / "in", "a.txt", ARTICLE)
    with pytest.raises(SystemExit) as exc:
        main(["build", str(src), "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


# -- parallel builds ---------------------------------------------------------------------------

OFFICIALS = ["孟景伟", "郑皓", "李先侠", "吴孔安", "张治国", "王'明", "赵{}"]
POSTS = ["区委书记", "区长", "副区长", "区委常委", "镇党委书记", "副镇长"]
PLACES = ["潞城镇", "宋庄镇", "台湖镇", "新华街道", "永顺镇", "西集镇任辛庄村"]
EVENTS = ["工作推进会", "专题会议", "调度会", "座谈会", "现场会"]
SUBJECTS = ["城市更新", "防汛", "垃圾分类", "乡村振兴", "营商环境"]
PROJECTS = ["水环境综合治理工程", "棚户区改造项目", "智慧城市平台", "艺术创意小镇"]


@st.composite
def genre_article(draw) -> str:
    post, name = draw(st.sampled_from(POSTS)), draw(st.sampled_from(OFFICIALS))
    other = draw(st.sampled_from(OFFICIALS))
    place, subject = draw(st.sampled_from(PLACES)), draw(st.sampled_from(SUBJECTS))
    event, project = draw(st.sampled_from(EVENTS)), draw(st.sampled_from(PROJECTS))
    lines = [f"{place}召开{subject}{event}", "",
             (f"本报讯（记者 陶涛）{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日，"
              f"{post}{name}主持召开{subject}{event}并讲话。{other}出席。")]
    if draw(st.booleans()):
        lines.append(f"会议要求，加快推进{place}{project}建设。")
    if draw(st.booleans()):
        lines.append(f"{name}到{draw(st.sampled_from(PLACES))}调研{subject}工作。")
    return "\n".join(lines) + "\n"


corpora = st.lists(st.lists(genre_article(), min_size=1, max_size=3).map("\n".join),
                   min_size=2, max_size=4)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pages=corpora)
def test_jobs_1_and_2_build_identical_graphs(tmp_path_factory, monkeypatch, pages):
    # one task per file, so that 2 processes work
    monkeypatch.setattr(workflow_corpus, "_MIN_TASK_BYTES", 1)
    pools = []
    real_pool = workers.ProcessPoolExecutor
    monkeypatch.setattr(workers, "ProcessPoolExecutor",
                        lambda *a, **k: pools.append(a) or real_pool(*a, **k))
    root = tmp_path_factory.mktemp("corpus")
    for i, page in enumerate(pages):
        write(root / "in", f"{i:03d}.txt", page)
    outs = []
    for jobs in ("1", "2"):
        out = root / f"out{jobs}"
        assert main(["build", str(root / "in"), "--out", str(out), "--no-html",
                     "--jobs", jobs]) == 0
        outs.append(out)
    assert len(pools) == 2  # one pool per pass
    for name in ("graph.json", "articles.jsonl"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_rows_are_the_articles_in_input_order(tmp_path, monkeypatch, jobs):
    """on_jsonl (rows encoded by the workers) streams what on_article and keep_articles give,
    in input order across tasks; pass 1's spill files are gone afterwards, and the graph
    store's folder once the result is closed."""
    monkeypatch.setattr(workflow_corpus, "_MIN_TASK_BYTES", 1)  # a task per file
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    src = tmp_path / "in"
    for i in range(5):
        write(src, f"{i}.txt", ARTICLE if i % 2 else SECOND + ARTICLE)
    chunks: list[bytes] = []
    records = []
    result = api.build_corpus([src], jobs=jobs, on_jsonl=chunks.append,
                              on_article=records.append)
    rows = [json.loads(line) for line in b"".join(chunks).decode("utf-8").splitlines()]
    assert len(chunks) == 5 and result.article_count == len(rows) == 8
    assert rows == [r.to_json() for r in records] == [a.to_json() for a in result.articles]
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)
    assert list((tmp_path / "tmp").iterdir()) == [result.store.folder]
    graph = result.graph
    result.close()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert result.graph is graph  # read before: still there


def test_tables_loaded_meanwhile_are_ready_after_the_block_and_errors_wait_for_the_caller():
    """Pass 2's tables load in a thread while pass 1 runs; the block's end waits for them, and
    a failed load raises nothing there (the next plain call raises it)."""
    import threading

    loaded, release = [], threading.Event()

    def slow_load():
        release.wait(5)
        loaded.append(threading.current_thread().name)

    with workers.loading_meanwhile(slow_load, enabled=True):
        assert loaded == []
        release.set()
    assert loaded == ["newsgraph-tables"]

    def broken_load():
        raise OSError("dictionary unreadable")

    with workers.loading_meanwhile(broken_load, enabled=True):
        pass
    with workers.loading_meanwhile(slow_load, enabled=False):
        assert len(loaded) == 1  # not enabled: nothing runs


def test_spill_files_are_removed_when_strict_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(workflow_corpus, "_MIN_TASK_BYTES", 1)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", PNG)
    write(src, "c.txt", SECOND)
    for jobs in (1, 2):
        with pytest.raises(InputError, match="b.txt"):
            api.build_corpus([src], jobs=jobs, strict=True)
        assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_corpus_jobs_1_and_2_identical(tmp_path, monkeypatch):
    monkeypatch.setattr(workflow_corpus, "_MIN_TASK_BYTES", 1)
    for jobs in ("1", "2"):
        assert main(["build", str(CORPUS), "--out", str(tmp_path / jobs), "--no-html",
                     "--jobs", jobs]) == 0
    for name in ("graph.json", "articles.jsonl"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_large_file_read_in_pages_gives_the_same_articles(tmp_path, monkeypatch):
    """A file over LARGE_FILE_BYTES is read block by block and cut into pages before article
    markers: the same articles as reading it whole."""
    page = "\n".join([ARTICLE, SECOND] * 30)
    src = write(tmp_path / "in", "big.txt", page)
    whole = api.build_corpus([src])
    monkeypatch.setattr(units, "LARGE_FILE_BYTES", 1000)
    monkeypatch.setattr(units, "PAGE_CHARS", 2000)
    for jobs in (1, 2):
        paged = api.build_corpus([src], jobs=jobs)
        assert [(a.article_id, a.title, a.text, a.date) for a in paged.articles] == [
            (a.article_id, a.title, a.text, a.date) for a in whole.articles]
        assert sorted(paged.graph.nodes) == sorted(whole.graph.nodes)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_per_article_facts_merge_into_the_corpus_context():
    """Pass 1 split per article (so that it runs in workers) gives what home_counties and the
    union of titled officials give over the whole corpus."""
    from newsgraph.extract.district_scan import home_counties
    from newsgraph.extract.pipeline import corpus_context, read_articles, titled_official_names
    from newsgraph.extract.reader import iter_sources

    records = [a for src in iter_sources([CORPUS]) for a in read_articles(src.text, src.name)]
    context = corpus_context(records)
    assert context.home == tuple(home_counties(a.text for a in records)[:3])
    assert context.known_officials == frozenset().union(*map(titled_official_names, records))


def test_a_rule_failing_on_one_article_keeps_the_rest(tmp_path, monkeypatch, caplog):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", SECOND)
    real = passes.extract_article

    def fragile(article, context):
        if article.source == "b.txt":
            raise IndexError("a rule met text it did not expect")
        return real(article, context)

    monkeypatch.setattr(passes, "extract_article", fragile)
    out = tmp_path / "out"
    assert build(src, "--out", out, "--jobs", "1") == 0
    assert "b.txt" in caplog.text and "extraction failed" in caplog.text
    data = graph_json(out)
    assert any(n["label"] == "Official" for n in data["nodes"])            # a.txt's entities
    assert sum(n["label"] == "Article" for n in data["nodes"]) == len(articles(out))


def test_a_rule_failing_while_reading_a_file_skips_that_file(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    write(src, "b.txt", SECOND)
    real = passes.read_articles

    def fragile(text, source):
        if source == "b.txt":
            raise ValueError("unexpected layout")
        return real(text, source)

    monkeypatch.setattr(passes, "read_articles", fragile)
    assert build(src, "--out", tmp_path / "out", "--jobs", "1") == 1
    assert "b.txt" in capsys.readouterr().err


def test_outputs_get_the_usual_file_permissions(tmp_path):
    """Written through a temporary file (0600), they still end up readable as any new file."""
    src = tmp_path / "in"
    write(src, "a.txt", ARTICLE)
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    mask = os.umask(0)
    os.umask(mask)
    for name in ("graph.json", "articles.jsonl", "graph.html"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o666 & ~mask, name


@pytest.mark.parametrize("files, code", [({"a.txt": ARTICLE}, 0),
                                         ({"a.txt": ARTICLE, "picture.txt": PNG}, 1)])
def test_the_console_script_exits_with_the_build_code_and_complete_outputs(tmp_path, files, code):
    """``newsgraph build`` leaves without the interpreter's teardown (cli.entry): the exit code,
    the summary on stdout and the outputs must all be there."""
    src = tmp_path / "in"
    for name, data in files.items():
        write(src, name, data)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "newsgraph.cli", "build", str(src), "--out",
                           str(out), "--no-html", "--jobs", "1"], capture_output=True, text=True)
    assert done.returncode == code, done.stderr
    assert "wrote" in done.stdout and "articles read: 1" in done.stdout
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert any(n["label"] == "Official" for n in graph["nodes"])
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_stdout_closed_by_its_reader_stops_quietly(tmp_path):
    """``newsgraph build … | head -0``: the outputs are written, no traceback, exit 141."""
    src = write(tmp_path / "in", "a.txt", ARTICLE)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "build", str(src), "--out",
                             str(out), "--no-html", "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # long before the summary is printed (imports alone take longer)
    err = proc.stderr.read().decode()
    assert proc.wait() == 141, err
    assert "Traceback" not in err
    assert (out / "graph.json").is_file() and (out / "articles.jsonl").is_file()


def test_no_html_removes_the_earlier_builds_explorer(tmp_path, capsys):
    """graph.html of an earlier build draws another graph than the new graph.json: --no-html
    removes it (with the renames, so a failed build keeps it) and says so."""
    src, out = tmp_path / "in", tmp_path / "out"
    write(src, "a.txt", ARTICLE)
    assert main(["build", str(src), "--out", str(out), "--jobs", "1"]) == 0
    assert (out / "graph.html").exists()
    capsys.readouterr()
    write(src, "b.txt", SECOND)
    assert build(src, "--out", out) == 0
    assert not (out / "graph.html").exists()
    assert "removed the earlier build's" in capsys.readouterr().out
    assert build(src, "--out", out) == 0  # nothing to remove: nothing said
    assert "removed" not in capsys.readouterr().out
