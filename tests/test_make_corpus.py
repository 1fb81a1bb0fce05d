"""benchmarks/make_corpus.py, the benchmark corpus that grows like a real archive: the same
arguments write the same bytes, the size asked for is reached, and every replica brings entities
of its own (two replicas build to about twice the officials of one, and no generated name
appears in another replica)."""
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.extract.script import to_simplified

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "make_corpus.py"
SHARED = REPO.parent / "shared"
SOURCES = (SHARED / "corpus", SHARED / "eval" / "dev2" / "corpus")

pytestmark = pytest.mark.skipif(not all(s.is_dir() for s in SOURCES),
                                reason="../shared/corpus or ../shared/eval/dev2/corpus missing")


def _module():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_corpus():
    return _module()


@pytest.fixture(scope="module")
def source_graph(make_corpus, tmp_path_factory):
    """graph.json of a build of both source corpora together (what the script builds itself)."""
    return make_corpus.build_source_graph(SOURCES, tmp_path_factory.mktemp("src"))


@pytest.fixture(scope="module")
def one_mb(make_corpus, source_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("grow") / "c"
    summary = make_corpus.make_corpus(1.0, out, graph=source_graph)
    return out, summary


def _officials(folder: Path, out: Path) -> set[str]:
    assert main(["build", str(folder), "--out", str(out), "--no-html", "--jobs", "1", "-q"]) == 0
    nodes = json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]
    return {n["name"] for n in nodes if n["label"] == "Official"}


def test_same_arguments_same_bytes(one_mb, source_graph, tmp_path):
    out, _ = one_mb
    again = tmp_path / "again"
    subprocess.run([sys.executable, str(SCRIPT), "--mb", "1", "--out", str(again),
                    "--graph", str(source_graph)], check=True, capture_output=True)
    first = sorted(p.name for p in out.iterdir())
    assert first == sorted(p.name for p in again.iterdir())
    assert all((out / n).read_bytes() == (again / n).read_bytes() for n in first)


def test_size_reached_in_whole_replicas(one_mb):
    out, summary = one_mb
    files = sorted(out.glob("*.txt"))
    total = sum(p.stat().st_size for p in files)
    assert total == summary.bytes >= 1e6
    replica = sum(p.stat().st_size for p in files if p.name.startswith("00000_"))
    assert total - replica < 1e6  # stops after the replica that reaches the size
    per_replica = {p.name.split("_", 1)[1] for p in files if p.name.startswith("00000_")}
    assert summary.replicas > 1 and len(files) == summary.replicas * len(per_replica)
    for p in files[:40]:
        p.read_bytes().decode("utf-8")  # written as UTF-8, whatever the source's encoding


def test_generated_names_never_repeat(one_mb, make_corpus, source_graph):
    out, summary = one_mb
    _, source_names = make_corpus.entities_from_graph(source_graph,
                                                      make_corpus.NameParts.load())
    seen: set[str] = set()
    for mapping in summary.mappings:
        # A traditional-script alias gets the traditional form of the name's new name; apart
        # from that no two names of a replica get the same new name.
        olds_of: dict[str, set[str]] = {}
        for old, new in mapping.items():
            olds_of.setdefault(to_simplified(new), set()).add(to_simplified(old))
        assert all(len(olds) == 1 for olds in olds_of.values())
        new = set(olds_of)
        assert not new & seen and not new & source_names
        seen |= new
    # The first replica's text holds none of the second's names, and its own instead (but for
    # the few inside a longer name); white space is dropped, as a name may be hard-wrapped.
    text0 = "".join("".join(p.read_text(encoding="utf-8").split())
                    for p in sorted(out.glob("00000_*.txt")))
    printed = lambda n: n in text0 or make_corpus._TO_TRADITIONAL.convert(n) in text0
    assert not [n for n in summary.mappings[1].values() if printed(n)]
    first = summary.mappings[0]
    assert sum(map(printed, first.values())) > 0.95 * len(first)


def test_two_replicas_twice_the_officials(one_mb, tmp_path):
    out, _ = one_mb
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    for p in out.glob("0000[01]_*.txt"):
        shutil.copy(p, two)
        if p.name.startswith("00000_"):
            shutil.copy(p, one)
    a, b = _officials(one, tmp_path / "b1"), _officials(two, tmp_path / "b2")
    assert len(a) > 100
    assert 1.8 * len(a) <= len(b) <= 2.05 * len(a), (len(a), len(b))
