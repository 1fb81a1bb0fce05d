"""Inputs and outputs at fsspec URLs (``newsgraph.storage``): the same build from and to an S3
bucket as from and to local folders.

The bucket is served by moto's S3 server on loopback (a real HTTP S3 API; s3fs talks to it as
to AWS, through ``AWS_ENDPOINT_URL``); the listing and copying rules are also checked on
fsspec's in-process ``memory://`` filesystem.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from newsgraph.extract.discovery import discover
from newsgraph.extract.reader import read_source
from newsgraph.extract.source import InputError
from newsgraph.graph.io import GraphFileError, read_graph, read_graph_json
from newsgraph.storage import StorageError, is_url, list_folder, local_copy

fsspec = pytest.importorskip("fsspec")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
ARTICLE = ("区委书记张伟出席会议\n\n2024年3月5日，区委书记张伟出席了全区安全生产工作会议并讲话。"
           "副区长李明主持会议。\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# memory:// — the rules, in this process


@pytest.fixture
def memory_folder():
    """A fresh folder of fsspec's memory filesystem, as its URL."""
    fs = fsspec.filesystem("memory")
    root = f"/t{uuid.uuid4().hex}"
    fs.mkdir(root)
    yield f"memory://{root}", fs, root
    fs.rm(root, recursive=True)


def test_is_url_is_a_scheme_and_two_slashes_not_a_drive_letter():
    assert is_url("s3://b/k") and is_url("file:///tmp/x") and is_url("memory://x")
    assert not is_url("C://x") and not is_url("out/graph.json") and not is_url(Path("s3://b"))


def test_a_url_folder_is_listed_as_a_local_one_is(memory_folder):
    url, fs, root = memory_folder
    for name in ["b/2.txt", "a.md", "b/10.txt", ".hidden.txt", ".git/x.txt", "notes.csv",
                 "B.HTML", "out/graph.html"]:
        fs.pipe(f"{root}/{name}", ARTICLE)
    files = list_folder(url, {".txt", ".md", ".html"}, exclude=[f"{url}/out"])
    assert [name for _, name, _ in files] == ["B.HTML", "a.md", "b/10.txt", "b/2.txt"]
    assert all(u.startswith("memory://") and u.endswith(n) for u, n, _ in files)
    assert {size for _, _, size in files} == {len(ARTICLE)}
    assert list_folder(f"{url}/a.md", {".md"}) is None  # a file, not a folder


def test_discover_takes_urls_beside_paths_and_a_missing_url_stops_it(memory_folder, tmp_path):
    url, fs, root = memory_folder
    fs.pipe(f"{root}/x.txt", ARTICLE)
    (tmp_path / "y.txt").write_bytes(ARTICLE)
    assert discover([url, tmp_path]) == [f"{url}/x.txt", tmp_path / "y.txt"]
    with pytest.raises(InputError, match=f"^{url}/nothing: no such file or folder"):
        discover([tmp_path, f"{url}/nothing"])


def test_read_source_of_a_url_names_the_url_not_its_temporary_copy(memory_folder):
    url, fs, root = memory_folder
    fs.pipe(f"{root}/gb.txt", ARTICLE.decode("utf-8").encode("gb18030"))
    fs.pipe(f"{root}/empty.txt", b"")
    src = read_source(f"{url}/gb.txt")
    assert (src.path, src.name, src.encoding) == (f"{url}/gb.txt", "gb.txt", "gb18030")
    assert src.text == ARTICLE.decode("utf-8")
    with pytest.raises(InputError) as err:
        read_source(f"{url}/empty.txt")
    assert str(err.value) == f"{url}/empty.txt: empty file"
    with pytest.raises(InputError, match=f"^{url}/gone.txt: no such file"):
        read_source(f"{url}/gone.txt")


def test_local_copy_is_removed_after_the_block(memory_folder):
    url, fs, root = memory_folder
    fs.pipe(f"{root}/p.pdf", b"%PDF-1.4")
    with local_copy(f"{url}/p.pdf") as local:
        assert local.name == "p.pdf" and local.read_bytes() == b"%PDF-1.4"
    assert not local.exists()


def test_an_unknown_protocol_is_one_clear_error():
    with pytest.raises(StorageError, match="^nosuchproto://b/x: "):
        list_folder("nosuchproto://b/x", {".txt"})


# --------------------------------------------------------------------------------------------
# s3:// — the whole command line against an S3 server


@pytest.fixture(scope="module")
def s3_env():
    """The environment of a process that reaches moto's S3 server on loopback."""
    server_mod = pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # for s3fs in this process (the test's own checks)
    try:
        yield dict(os.environ)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


@pytest.fixture
def bucket(s3_env):
    """``(s3 filesystem, bucket name)``: a new bucket per test."""
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    name = f"papers-{uuid.uuid4().hex[:12]}"
    fs.mkdir(name)
    return fs, name


def _cli(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsgraph.cli", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    r = _cli(dict(os.environ), "build", CORPUS, "--out", out, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return out


def test_a_build_from_and_to_s3_is_the_local_build(s3_env, bucket, local_build, tmp_path):
    fs, name = bucket
    fs.put(f"{CORPUS}/", f"{name}/corpus/", recursive=True)
    r = _cli(s3_env, "build", f"s3://{name}/corpus", "--out", f"s3://{name}/out", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert f"wrote s3://{name}/out/graph.json, s3://{name}/out/articles.jsonl" in r.stdout
    assert sorted(fs.ls(f"{name}/out", detail=False)) == [
        f"{name}/out/{f}" for f in ("articles.jsonl", "graph.html", "graph.json")]
    for f in ("graph.json", "articles.jsonl"):
        assert fs.cat_file(f"{name}/out/{f}") == (local_build / f).read_bytes(), f
    # Read back through the URL: the command line and the API.
    r = _cli(s3_env, "export", f"s3://{name}/out", "--format", "graphml", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "graph.graphml").stat().st_size > 0
    g = read_graph(f"s3://{name}/out")
    local = read_graph_json(local_build / "graph.json")
    assert list(g.nodes(data=True)) == list(local.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(local.edges(keys=True, data=True))


@pytest.fixture
def built_once(s3_env, bucket, tmp_path):
    """``(fs, bucket name, local input folder, out URL)`` after one build of one article into
    the bucket."""
    fs, name = bucket
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(ARTICLE)
    out = f"s3://{name}/out"
    assert _cli(s3_env, "build", src, "--out", out, "--jobs", "1").returncode == 0
    assert fs.exists(f"{name}/out/graph.json")
    return fs, name, src, out


def test_a_parquet_build_at_a_url_replaces_the_earlier_graph_json(s3_env, built_once):
    fs, name, src, out = built_once
    r = _cli(s3_env, "build", src, "--out", out, "--jobs", "1", "--graph-format", "parquet",
             "--no-html")
    assert r.returncode == 0, r.stderr
    assert not fs.exists(f"{name}/out/graph.json") and not fs.exists(f"{name}/out/graph.html")
    assert fs.exists(f"{name}/out/graph.parquet/nodes.parquet")
    names = {d["name"] for _, d in read_graph(out).nodes(data=True)}
    assert {"张伟", "李明"} <= names


def test_a_failed_build_uploads_nothing_and_bad_urls_are_one_line(s3_env, built_once,
                                                                  tmp_path):
    fs, name, src, out = built_once
    before = fs.cat_file(f"{name}/out/graph.json")
    (src / "a.txt").write_bytes(b"\x00\x01\x02" * 100)  # binary: no usable article
    r = _cli(s3_env, "build", src, "--out", out, "--jobs", "1")
    assert r.returncode == 2
    assert fs.cat_file(f"{name}/out/graph.json") == before
    r = _cli(s3_env, "build", f"s3://{name}/missing", "--out", out, "--jobs", "1")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        f"newsgraph build: s3://{name}/missing: no such file or folder")
    r = _cli(s3_env, "view", f"s3://{name}/missing", "--out", tmp_path / "v.html")
    assert r.returncode == 2 and f"s3://{name}/missing" in r.stderr
    with pytest.raises(GraphFileError, match="no graph.json or graph.parquet"):
        read_graph(f"s3://{name}/missing")


def test_dask_workers_read_the_urls_themselves(s3_env, bucket, local_build):
    pytest.importorskip("distributed")
    fs, name = bucket
    fs.put(f"{CORPUS}/", f"{name}/corpus/", recursive=True)
    r = _cli(s3_env, "build", f"s3://{name}/corpus", "--out", f"s3://{name}/out", "--no-html",
             "--engine", "dask", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    for f in ("graph.json", "articles.jsonl"):
        assert fs.cat_file(f"{name}/out/{f}") == (local_build / f).read_bytes(), f
