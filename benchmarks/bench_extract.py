"""Benchmark: extraction throughput of ``newsgraph build`` against jieba and rjieba alone.

Not a test.  Run from the repository::

    python benchmarks/bench_extract.py [--mb 50] [--posseg-mb 5] [--corpus DIR | --growing |
        --input DIR] [--skip a,b,...] [--repeat 2] [--keep DIR]

Needs ``psutil`` (installed with IPython; else ``pip install psutil``) to sample memory.

The corpus (``../shared/corpus``, or ``--corpus``) is replicated into a temporary folder, one file
per page and copy (``<copy>_<page>.txt``), until it holds at least ``--mb`` megabytes of UTF-8:
the *repeated* corpus, the same five pages and the same entities over and over.  ``--growing``
makes the *growing* corpus of ``benchmarks/make_corpus.py`` of ``--mb`` megabytes instead (each
replica with officials, villages and projects of its own, as in a real archive), and
``--input DIR`` takes the ``.txt`` files of a folder as they are (such a corpus made before; it
is never deleted).  Then, each in
a fresh process so that start-up and peak memory are counted the same way:

a. ``jieba.posseg.lcut`` (HMM, the rules' setting) over every file's text — at about 0.2 MB/s
   the whole set would take four minutes, so it runs on the first files making up
   ``--posseg-mb`` megabytes and its rate is scaled (reported as such);
b. ``jieba.lcut`` (HMM) over all of it;
c. ``newsgraph build --jobs 1 --no-html``;
d. ``newsgraph build --jobs 2 --no-html`` (``graph.json`` must equal c's, byte for byte);
   c and d run ``--repeat`` times each, alternating, and the fastest run of each counts (all
   are printed): on a shared two-core machine a run's wall time also measures whatever else
   ran, and d, which keeps both cores busy, loses the most to it;
e. ``rjieba.tag`` and ``rjieba.cut`` (HMM) over all of it.

Prints MB/s (megabytes of UTF-8 input per second of wall time: for the builds the whole
command, start-up included; for the tokenizers the loop alone), articles/s for the builds, peak
memory (the largest sum of the resident sets of the process and its children, sampled every
50 ms), CPU seconds of the process tree, the load average (other work on the machine makes
wall times, and d/c above all, worse) and the ratios c/a, c/e, d/c (of throughputs).  The
issue's goals: c/a ≥ 3 and d/c ≥ 1.8 on two cores.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _measure import run_measured  # benchmarks/_measure.py: the script's folder is on sys.path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

# Each tokenizer run: read every listed file and segment its whole text.
_TOKENIZE = r"""
import sys, time
paths = sys.argv[2:]
how = sys.argv[1]
if how == "posseg":
    import jieba, jieba.posseg as pseg
    jieba.setLogLevel(60); jieba.initialize(); list(pseg.lcut("预热"))
    run = lambda t: pseg.lcut(t, HMM=True)
elif how == "cut":
    import jieba
    jieba.setLogLevel(60); jieba.initialize()
    run = lambda t: jieba.lcut(t, HMM=True)
elif how == "rtag":
    import rjieba
    rjieba.tag("预热"); run = lambda t: rjieba.tag(t, hmm=True)
else:
    import rjieba
    rjieba.cut("预热"); run = lambda t: rjieba.cut(t, hmm=True)
start = time.perf_counter()
for p in paths:
    run(open(p, encoding="utf-8").read())
print(f"tokenize-seconds {time.perf_counter() - start:.3f}")
"""


def replicate(corpus: Path, dest: Path, megabytes: float) -> list[Path]:
    """Copy the corpus's pages into ``dest`` until they hold ``megabytes`` MB; return the files."""
    pages = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    texts = [p.read_text(encoding="utf-8") for p in pages]
    files, size, copy = [], 0, 0
    while size < megabytes * 1e6:
        for page, text in zip(pages, texts):
            path = dest / f"{copy:05d}_{page.stem}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
            size += len(text.encode("utf-8"))
        copy += 1
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="input size in MB (default 50)")
    ap.add_argument("--posseg-mb", type=float, default=5.0,
                    help="MB measured for (a), jieba.posseg, then scaled (default 5)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    source = ap.add_mutually_exclusive_group()
    source.add_argument("--growing", action="store_true",
                        help="the growing corpus of make_corpus.py (--mb MB) instead of copies")
    source.add_argument("--input", type=Path, default=None,
                        help="a folder of .txt files to use as it is (make_corpus.py's output)")
    ap.add_argument("--skip", default="", help="comma-separated runs to leave out (a,b,c,d,e)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs of each build, c and d alternating; the fastest counts (default 2)")
    ap.add_argument("--keep", type=Path, default=None,
                    help="build outputs go here (default: a temporary folder)")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    load_start = os.getloadavg()  # other work on the machine skews wall times
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        tmp = Path(tmp)
        src = args.input or tmp / "in"
        if args.input:
            files = sorted(src.glob("*.txt"))
            what = f"the files of {src}"
        elif args.growing:
            from make_corpus import make_corpus  # benchmarks/make_corpus.py

            make_corpus(args.mb, src)
            files = sorted(src.glob("*.txt"))
            what = "the growing corpus of make_corpus.py"
        else:
            src.mkdir()
            files = replicate(args.corpus, src, args.mb)
            what = f"copies of {args.corpus}"
        sizes = {p: p.stat().st_size for p in files}
        total = sum(sizes.values())
        print(f"input: {len(files)} files, {total / 1e6:.1f} MB ({what}); "
              f"{os.cpu_count()} cores")
        subset, subset_bytes = [], 0
        for p in files:
            if subset_bytes >= args.posseg_mb * 1e6:
                break
            subset.append(p)
            subset_bytes += sizes[p]
        rows: dict[str, dict] = {}

        def tokenizer(key: str, how: str, paths: list[Path], label: str) -> None:
            nbytes = sum(sizes[p] for p in paths)
            seconds, peak, out, cpu = run_measured([py, "-c", _TOKENIZE, how, *map(str, paths)])
            inner = float(re.search(r"tokenize-seconds ([\d.]+)", out).group(1))
            rows[key] = {"what": label, "mb": nbytes / 1e6, "seconds": seconds, "inner": inner,
                         "mbps": nbytes / 1e6 / inner, "articles": None, "peak": peak,
                         "cpu": cpu}

        def build(key: str, jobs: int) -> None:
            out_dir = (args.keep or tmp) / f"out-jobs{jobs}"
            seconds, peak, out, cpu = run_measured(
                [py, "-m", "newsgraph.cli", "build", str(src), "--out", str(out_dir),
                 "--no-html", "--jobs", str(jobs)])
            articles = int(re.search(r"articles read: (\d+)", out).group(1))
            runs = rows.get(key, {}).get("runs", []) + [seconds]
            if key in rows and rows[key]["seconds"] <= seconds:  # keep the fastest run's row
                rows[key]["runs"] = runs
                return
            rows[key] = {"what": f"newsgraph build --jobs {jobs}", "mb": total / 1e6,
                         "seconds": seconds, "inner": seconds, "mbps": total / 1e6 / seconds,
                         "articles": articles, "peak": peak, "out": out_dir, "cpu": cpu,
                         "runs": runs}

        steps = {
            "a": lambda: tokenizer("a", "posseg", subset,
                                   f"jieba.posseg.lcut (HMM), {subset_bytes / 1e6:.1f} MB subset"),
            "b": lambda: tokenizer("b", "cut", files, "jieba.lcut (HMM)"),
            "c": lambda: build("c", 1),
            "d": lambda: build("d", 2),
            "e": lambda: tokenizer("e", "rtag", files, "rjieba.tag (HMM)"),
            "e2": lambda: tokenizer("e2", "rcut", files, "rjieba.cut (HMM)"),
        }
        # The builds run --repeat times each, alternating c and d, and the fastest run of each
        # counts (timeit's advice: slower runs measure other work on the machine too).
        order = ["a", "b"] + ["c", "d"] * args.repeat + ["e", "e2"]
        for key in order:
            if key.rstrip("2") in skip:
                continue
            print(f"running {key} …", file=sys.stderr, flush=True)
            steps[key]()
        print()
        print(f"{'':3}{'run':44}{'MB':>6}{'s':>8}{'MB/s':>8}{'art/s':>7}{'peak MB':>8}"
              f"{'CPU s':>8}")
        for key, r in rows.items():
            art = f"{r['articles'] / r['seconds']:.0f}" if r["articles"] else "–"
            print(f"{key:3}{r['what']:44}{r['mb']:6.1f}{r['inner']:8.1f}{r['mbps']:8.3f}"
                  f"{art:>7}{r['peak'] / 2**20:8.0f}{r['cpu']:8.1f}")
        print("(a, b, e: seconds inside the tokenizer loop, start-up excluded; c, d: wall time of"
              " the command, the fastest of its runs; CPU s: user + system of the whole process"
              " tree, start-up included)")
        for key in ("c", "d"):
            if key in rows:
                print(f"{key} runs: " + ", ".join(f"{x:.1f} s" for x in rows[key]["runs"]))
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
              f"(at the start: {' '.join(f'{x:.2f}' for x in load_start)})")

        def ratio(x: str, y: str, goal: float | None = None) -> None:
            if x in rows and y in rows:
                value = rows[x]["mbps"] / rows[y]["mbps"]
                print(f"{x}/{y} = {value:.2f}" + (f"  (goal ≥ {goal})" if goal else ""))

        ratio("c", "a", 3)
        ratio("c", "e")
        ratio("d", "c", 1.8)
        if "c" in rows and "d" in rows:
            c, d = rows["c"]["out"], rows["d"]["out"]
            names = [p.relative_to(c) for p in sorted(c.rglob("*")) if p.is_file()]
            same = bool(names) and all((c / n).read_bytes() == (d / n).read_bytes()
                                       for n in names)
            print(f"jobs 1 and jobs 2 outputs identical: {same}")
        if args.keep is None and args.input is None:
            shutil.rmtree(src, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
