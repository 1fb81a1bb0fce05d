"""Where the memory of ``newsgraph build --jobs 1`` goes: tracemalloc at the build's phases, and
the sizes of what it holds.

Not a test.  Run from the repository, on a growing corpus of 20–30 MB
(``benchmarks/make_corpus.py``)::

    nice -n 5 python benchmarks/profile_memory.py CORPUS_DIR --out OUT_DIR [--frames 8]
    python benchmarks/profile_memory.py --graph-parts OUT_DIR/graph.json

The first form runs the build in this process (``newsgraph.cli.main``, ``--jobs 1
--no-html``; partitions merged in this process too) with tracemalloc on when ``--frames`` is
given, and wraps (without changing newsgraph) the functions that end its phases:
``context_from_facts`` (end of pass 1), ``GraphStore.merge_partitions`` (called at the end of
pass 2, when every part is in the store's partition files) and ``GraphStore.finish`` (the
corpus-wide steps, after the merges) and ``write_graph_json`` (streamed from the store).  It prints, per
phase, the traced memory (now and peak) and the process's RSS; the 12 biggest holders of the
memory live after the merge, each allocation charged to the innermost frame in newsgraph's own
code (``file:line``); the deep size (each object counted once) of the corpus context, and the
store's size on disk and what the corpus-wide steps changed.  tracemalloc sees Python's allocations only: the RSS beside it includes the
interpreter, the C and Rust libraries' own memory (ahocorasick-rs automata, numpy) and what the
allocator keeps.

The second form splits a ``graph.json`` by part: bytes of evidence sentence text, of the rest
of the evidence, and of everything else (nodes and edges), as orjson encodes them.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import orjson
import psutil

REPO = Path(__file__).resolve().parent.parent
MB = 2**20
_PROC = psutil.Process()


def _rss() -> float:
    return _PROC.memory_info().rss / MB


class Phases:
    """Traced memory and RSS at the end of each phase, and the peak within it."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float, float]] = []
        self.t0 = time.perf_counter()

    def mark(self, what: str) -> None:
        now, peak = tracemalloc.get_traced_memory()  # zeros when not tracing
        self.rows.append((what, time.perf_counter() - self.t0, now / MB, peak / MB, _rss()))
        tracemalloc.reset_peak()

    def print(self) -> None:
        print("| phase (end of) | s | traced MiB | traced peak in phase MiB | RSS MiB |")
        print("|---|---|---|---|---|")
        for what, s, now, peak, rss in self.rows:
            print(f"| {what} | {s:.0f} | {now:,.0f} | {peak:,.0f} | {rss:,.0f} |")


def deep_size(root, seen: set[int], skip=(type, type(sys), type(len))) -> int:
    """Bytes of ``root`` and everything it refers to through containers and instance
    dictionaries, each object counted once across calls sharing ``seen``."""
    total, stack = 0, [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif hasattr(obj, "__dict__"):
            stack.append(vars(obj))
        elif hasattr(obj, "__slots__"):
            stack.extend(getattr(obj, s) for s in obj.__slots__ if hasattr(obj, s))
    return total


def holders(snapshot: tracemalloc.Snapshot, top: int = 12) -> list[tuple[str, float, int]]:
    """The biggest allocation sites, each trace charged to its innermost frame in newsgraph's
    code (else its innermost frame)."""
    root = str(REPO)
    sizes: Counter = Counter()
    counts: Counter = Counter()
    for stat in snapshot.statistics("traceback"):
        frames = list(stat.traceback)  # most recent call first
        own = next((f for f in frames if f.filename.startswith(root)
                    and "/benchmarks/" not in f.filename), frames[0])
        where = f"{os.path.relpath(own.filename, root)}:{own.lineno}"
        sizes[where] += stat.size
        counts[where] += stat.count
    return [(w, s / MB, counts[w]) for w, s in sizes.most_common(top)]


def profile_build(corpus: Path, out: Path, frames: int) -> None:
    from newsgraph.cli import main
    from newsgraph.graph import outputs
    from newsgraph.workflow import corpus as wcorpus
    from newsgraph.workflow.graph_store import GraphStore

    phases = Phases()
    found: dict = {}
    spill_sizes: list[int] = []

    context_from_facts = wcorpus.context_from_facts

    def wrapped_context(facts):
        context = context_from_facts(facts)
        found["context"] = context
        spill_sizes.extend(p.stat().st_size for d in Path(os.environ.get("TMPDIR", "/tmp")).glob(
            "newsgraph-articles-*") for p in d.glob("*.pickle"))
        phases.mark("pass 1 (read, split, facts; context made)")
        return context

    merge_partitions, finish = GraphStore.merge_partitions, GraphStore.finish

    def wrapped_merge(self, map_=map):
        phases.mark("pass 2 (extract; parts to the store's partitions)")
        merge_partitions(self, map_)

    def wrapped_finish(self):
        finish(self)
        found["store"] = self
        found["store_bytes"] = sum(p.stat().st_size for p in self.folder.iterdir())
        phases.mark("partitions merged, corpus-wide steps")
        if tracemalloc.is_tracing():
            found["snapshot"] = tracemalloc.take_snapshot()

    write_graph_json = outputs.write_graph_json

    def wrapped_write(graph, path):
        tracemalloc.reset_peak()
        write_graph_json(graph, path)
        phases.mark("graph.json written")

    wcorpus.context_from_facts = wrapped_context
    GraphStore.merge_partitions = wrapped_merge
    GraphStore.finish = wrapped_finish
    outputs.write_graph_json = wrapped_write
    if frames:
        tracemalloc.start(frames)
    phases.mark("start")
    code = main(["build", str(corpus), "--out", str(out), "--no-html", "--jobs", "1", "-q",
                 "--graph-format", "json"])  # the phase it wraps writes graph.json
    if frames:
        tracemalloc.stop()
    text = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    print(f"\ncorpus {corpus}: {text / 1e6:.1f} MB of text; build exit {code}; "
          f"peak RSS of the process {psutil.Process().memory_info().rss / MB:,.0f} MiB now, "
          f"max RSS {__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB\n")
    phases.print()
    print(f"\nspill files at the end of pass 1 {sum(spill_sizes) / MB:,.0f} MiB on disk in "
          f"{len(spill_sizes)} files")
    ctx = found.get("context")
    if ctx is not None:
        print(f"corpus context: {len(ctx.known_officials):,} known official names, "
              f"{deep_size(ctx, set()) / MB:,.1f} MiB (Python objects)")
    store = found.get("store")
    if store is not None:
        rw = store._rewrites
        print(f"\ngraph store: {store.partitions} partitions, {found['store_bytes'] / MB:,.0f} MiB "
              f"on disk after the merge; the corpus-wide steps changed {len(rw.nodes):,} nodes, "
              f"removed {len(rw.removed):,}, added {len(rw.edges):,} edges")
    snap = found.get("snapshot")
    if snap is not None:
        print("\nbiggest holders after the merge (traced, charged to newsgraph's innermost frame):")
        print("| where | MiB | blocks |")
        print("|---|---|---|")
        for where, size, count in holders(snap):
            print(f"| {where} | {size:,.1f} | {count:,} |")


def graph_parts(path: Path) -> None:
    """Print the split of ``graph.json`` by part (orjson encodings, so about the file's): the
    evidence sentence text (and what it would be with each sentence once), the rest of the
    evidence, and the other attributes, the biggest by name."""
    data = orjson.loads(path.read_bytes())
    sentences = evidence = rest = items = 0
    unique: dict[tuple, int] = {}
    by_key: Counter = Counter()
    for kind in ("nodes", "edges"):
        for x in data[kind]:
            ev = x.get("evidence") or []
            items += len(ev)
            ev_bytes = len(orjson.dumps(ev))
            for e in ev:
                n = len(orjson.dumps(e.get("sentence", "")))
                sentences += n
                unique[(e.get("article_id"), e.get("sentence_start"))] = n
            evidence += ev_bytes
            rest += len(orjson.dumps(x)) - ev_bytes
            for key, value in x.items():
                if key != "evidence":
                    by_key[f"{kind}.{key}"] += len(orjson.dumps(value)) + len(key) + 4
    total = path.stat().st_size
    once = sum(unique.values())
    print(f"{path}: {total / MB:,.1f} MiB, {len(data['nodes']):,} nodes, "
          f"{len(data['edges']):,} edges, {items:,} evidence items")
    print(f"  evidence sentence text: {sentences / MB:,.1f} MiB ({sentences / total:.0%}); "
          f"each of its {len(unique):,} sentences once: {once / MB:,.1f} MiB "
          f"({sentences / max(once, 1):.1f}× less)")
    print(f"  evidence, the rest (source, ids, offsets, rule): {(evidence - sentences) / MB:,.1f}"
          f" MiB ({(evidence - sentences) / total:.0%})")
    print(f"  everything else (node and edge attributes, keys): {rest / MB:,.1f} MiB "
          f"({rest / total:.0%}); the biggest: " + ", ".join(
              f"{k} {v / MB:,.1f} MiB" for k, v in by_key.most_common(6)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--frames", type=int, default=0,
                    help="tracemalloc frames kept, e.g. 8 (much slower); 0, the default: no "
                         "tracemalloc (RSS and sizes only, at full speed)")
    ap.add_argument("--graph-parts", type=Path, default=None, help="a graph.json to split")
    args = ap.parse_args(argv)
    if args.graph_parts:
        graph_parts(args.graph_parts)
        return 0
    if not args.corpus or not args.out:
        ap.error("give CORPUS and --out (or --graph-parts)")
    profile_build(args.corpus, args.out, args.frames)
    return 0


if __name__ == "__main__":
    sys.exit(main())
