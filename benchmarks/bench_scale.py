"""Benchmark: ``newsgraph build`` on the growing corpus at several sizes — time, CPU, peak
memory and output sizes.

Not a test.  Run from the repository (on a shared machine, under ``nice``)::

    nice -n 5 python benchmarks/bench_scale.py --mb 50 200 1000 [--keep DIR]
        [--runs jobs1,jobs2,dask1,dask2] [--graph SOURCE_GRAPH.json]

For each size the corpus of ``benchmarks/make_corpus.py`` (replicas of the sample corpora with
entities of their own, so that the graph grows with the text as a real archive's does) is
generated into ``DIR/grow-<mb>MB`` — or reused when that folder already holds files — and built
with ``newsgraph build --no-html``:

- ``jobs1``, ``jobs2``: ``--jobs 1`` and ``--jobs 2``;
- ``dask1``, ``dask2``: ``--engine dask --jobs 1`` and ``--jobs 2`` (a local cluster of that
  many worker processes), only when ``newsgraph build --help`` lists ``--engine``; else the rows
  are left out and a line says so.

``--repeated`` adds, after each size's rows, the same runs on the *repeated* corpus of that size
(``bench_extract.py``'s copies of ``../shared/corpus``, in ``DIR/repeated-<mb>MB``), whose graph
stops growing after the first copy: the comparison row.

Each build runs in a fresh process; the table gives its wall time, the CPU seconds of the whole
process tree (user + system), peak memory (the largest sum of the resident sets of the process
and its children, sampled every 50 ms by ``benchmarks/_measure.py``, which counts the pages
forked workers share with their parent in each; and the largest sum of their proportional set
sizes, every 300 ms, which counts them once: what the processes hold together), each as a rate or a
multiple of the input text (UTF-8 bytes), and the sizes of the graph (``graph.json`` or, above
32 MiB of text, the Parquet graph ``graph.parquet/``: ``newsgraph build``'s ``--graph-format
auto``) and of ``articles.jsonl``.  The machine's load average (1 minute) before and after each run is in the
table, because other work on the machine lengthens wall times.  Outputs are deleted after they
are measured unless ``--keep`` is given.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import run_measured  # benchmarks/_measure.py: the script's folder is on sys.path
from bench_extract import CORPUS, replicate
from make_corpus import make_corpus

RUNS = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"],
        "dask1": ["--engine", "dask", "--jobs", "1"], "dask2": ["--engine", "dask", "--jobs", "2"]}


def graph_size(out: Path) -> int:
    """Bytes of the build's graph in ``out``: its ``graph.json`` or its ``graph.parquet/``
    (``--graph-format auto`` writes Parquet above 32 MiB of text)."""
    if (out / "graph.json").exists():
        return (out / "graph.json").stat().st_size
    return sum(p.stat().st_size for p in (out / "graph.parquet").iterdir())


def has_engine_option() -> bool:
    """True when this newsgraph's ``build --help`` lists ``--engine``."""
    help_text = subprocess.run([sys.executable, "-m", "newsgraph.cli", "build", "--help"],
                               capture_output=True, text=True, check=True).stdout
    return "--engine" in help_text


def corpus_for(size: float, keep: Path, graph: Path | None,
               kind: str = "grow") -> tuple[Path, int, int]:
    """The growing (``kind`` ``grow``) or repeated (``repeated``) corpus of ``size`` MB under
    ``keep`` (made unless present); returns (folder, files, UTF-8 bytes)."""
    folder = keep / f"{kind}-{size:g}MB"
    if not (folder.is_dir() and any(folder.iterdir())):
        print(f"making {folder} …", file=sys.stderr, flush=True)
        if kind == "grow":
            make_corpus(size, folder, graph=graph)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            replicate(CORPUS, folder, size)
    files = sorted(folder.glob("*.txt"))
    return folder, len(files), sum(p.stat().st_size for p in files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[50.0, 200.0, 1000.0],
                    help="corpus sizes in MB (default 50 200 1000)")
    ap.add_argument("--runs", default="jobs1,jobs2,dask1,dask2",
                    help="comma-separated builds to run: " + ",".join(RUNS))
    ap.add_argument("--keep", type=Path, default=None,
                    help="folder for the corpora and the outputs, kept (default: a temporary one)")
    ap.add_argument("--repeated", action="store_true",
                    help="also the repeated corpus of each size (the comparison rows)")
    ap.add_argument("--graph", type=Path, default=None,
                    help="graph.json of the sources for make_corpus (default: it builds one)")
    args = ap.parse_args(argv)
    runs = [r for r in args.runs.split(",") if r]
    unknown = [r for r in runs if r not in RUNS]
    if unknown:
        ap.error(f"unknown run(s) {','.join(unknown)}; known: {','.join(RUNS)}")
    if any(r.startswith("dask") for r in runs) and not has_engine_option():
        print("newsgraph build has no --engine option: the dask rows are left out",
              file=sys.stderr)
        runs = [r for r in runs if not r.startswith("dask")]
    py = sys.executable
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        keep = args.keep or Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)
        kinds = ["grow", "repeated"] if args.repeated else ["grow"]
        for size, kind in [(size, kind) for size in args.mb for kind in kinds]:
            folder, nfiles, nbytes = corpus_for(size, keep, args.graph, kind)
            for run in runs:
                out = keep / f"out-{kind}-{size:g}MB-{run}"
                shutil.rmtree(out, ignore_errors=True)
                load0 = os.getloadavg()[0]
                print(f"{kind} {size:g} MB {run} …", file=sys.stderr, flush=True)
                seconds, peak, stdout, cpu, pss = run_measured(
                    [py, "-m", "newsgraph.cli", "build", str(folder), "--out", str(out),
                     "--no-html", *RUNS[run]], pss=True)
                found = re.search(r"articles read: (\d+)", stdout)
                graph_bytes = graph_size(out)
                articles_bytes = (out / "articles.jsonl").stat().st_size
                rows.append({"mb": nbytes / 1e6, "files": nfiles, "run": run, "kind": kind,
                             "seconds": seconds, "cpu": cpu, "peak": peak, "pss": pss,
                             "articles": int(found.group(1)) if found else None,
                             "graph": graph_bytes, "jsonl": articles_bytes, "text": nbytes,
                             "load": (load0, os.getloadavg()[0])})
                print(f"  {seconds:.1f} s, CPU {cpu:.1f} s, peak {peak / 2**20:.0f} MiB "
                      f"(PSS {pss / 2**20:.0f}), "
                      f"graph {graph_bytes / 2**20:.0f} MiB, articles.jsonl "
                      f"{articles_bytes / 2**20:.0f} MiB, text {nbytes / 1e6:.1f} MB",
                      file=sys.stderr, flush=True)
                if args.keep is None:
                    shutil.rmtree(out, ignore_errors=True)
    print(f"{os.cpu_count()} cores; text MB = 10**6 bytes of UTF-8 input, peak and outputs in "
          "MiB (2**20 bytes), × = multiple of the text size")
    print()
    print("| corpus | text MB | files | articles | run | wall s | MB/s | s per MB | CPU s "
          "| peak RSS MiB (×) | peak PSS MiB (×) | graph MiB (×) | articles.jsonl MiB (×) "
          "| load 1 min |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        t = r["text"]
        articles = f"{r['articles']:,}" if r["articles"] is not None else "–"
        print(f"| {r['kind']} | {r['mb']:.1f} | {r['files']:,} | {articles} | {r['run']} "
              f"| {r['seconds']:.1f} | {r['mb'] / r['seconds']:.3f} "
              f"| {r['seconds'] / r['mb']:.2f} | {r['cpu']:.1f} "
              f"| {r['peak'] / 2**20:,.0f} ({r['peak'] / t:.1f}) "
              f"| {r['pss'] / 2**20:,.0f} ({r['pss'] / t:.1f}) "
              f"| {r['graph'] / 2**20:,.0f} ({r['graph'] / t:.1f}) "
              f"| {r['jsonl'] / 2**20:,.0f} ({r['jsonl'] / t:.1f}) "
              f"| {r['load'][0]:.2f} → {r['load'][1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
