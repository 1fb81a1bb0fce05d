"""``newsgraph build INPUT... --out DIR``: articles in, knowledge graph out.

Writes ``DIR/graph.json`` (node-link JSON), ``DIR/articles.jsonl`` (one normalised article a
line) and ``DIR/graph.html`` (the offline explorer), then prints a summary.  Exit codes: 0 all
inputs used, 1 some files skipped (named on stderr), 2 nothing usable, bad arguments or an
output folder that cannot be written.

Extraction runs in ``--jobs`` processes (default: one per core); the output does not depend on
their number.  ``articles.jsonl`` is written as articles are extracted, to a temporary file
renamed when the build is complete, so no output file is ever left truncated and an earlier
build's files stay as they were when this one fails.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..workflow import BuildResult

# The extraction stack (jieba, the gazetteer, the workflow) is imported by `run`, not here:
# every command's parser imports this module, and `newsgraph query` must start at once.

__all__ = ["register", "run"]


def register(sub) -> None:
    """Add the ``build`` sub-command to ``sub``."""
    p = sub.add_parser("build", help="build the knowledge graph of a folder of articles",
                       description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or folders of .txt/.md/.html articles or newspaper pages")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unreadable file instead of skipping it")
    p.add_argument("--html-max-nodes", type=int, default=None, metavar="N",
                   help="draw only the N most connected nodes in graph.html")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("--jobs", "-j", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes for extraction (default: one per core, here "
                        f"{os.cpu_count() or 1}); 1 works in this process")
    p.add_argument("--report", action="store_true",
                   help="also print counts and the ten least certain extractions to check")
    p.set_defaults(func=run, exit_fast=True)  # see newsgraph.cli.entry


def _summary(result: BuildResult, seconds: float) -> str:
    g = result.graph
    labels = Counter(d["label"] for _, d in g.nodes(data=True))
    types = Counter(d["type"] for _, _, d in g.edges(data=True))
    lines = [f"articles read: {result.article_count} from {result.files_read} file(s)"
             + (f", {len(result.skipped)} skipped" if result.skipped else "")]
    lines.append("nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    lines.append("edges: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
    lines.append(f"seconds: {seconds:.2f}")
    return "\n".join(lines)


def _report(result: BuildResult) -> str:
    g = result.graph
    items = []
    for n, d in g.nodes(data=True):
        if d["label"] in ("Article",):
            continue
        ev = d["evidence"][0] if d["evidence"] else {}
        items.append((d.get("confidence", 0.0), f"node {n}", ev.get("rule", ""),
                      ev.get("sentence", "")))
    for u, v, d in g.edges(data=True):
        if d["type"] == "MENTIONS":
            continue
        ev = d["evidence"][0] if d["evidence"] else {}
        items.append((d.get("confidence", 0.0), f"edge {u} -[{d['type']}]-> {v}",
                      ev.get("rule", ""), ev.get("sentence", "")))
    items.sort(key=lambda x: x[0])
    out = ["", "least certain extractions (check these first):"]
    for conf, what, rule, sentence in items[:10]:
        out.append(f"  {conf:.2f}  {what}  [{rule}]")
        if sentence:
            out.append(f"        “{sentence[:80]}”")
    return "\n".join(out)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _unwritable(out: Path) -> str | None:
    """Why ``out`` cannot become the output folder, checked before the build; None if it can."""
    if out.exists():
        if not out.is_dir():
            return "exists and is not a folder"
        return None if os.access(out, os.W_OK | os.X_OK) else "not writable (permission denied)"
    parent = out.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot create it in {parent} (permission denied)"
    return None


def run(args: argparse.Namespace) -> int:
    """Run ``build``; returns the exit code."""
    from ..extract.reader import InputError
    from ..graph.outputs import ArticleSink, OutputWriteError, write_outputs
    from ..workflow import build_corpus, quiet_collector

    t0 = time.perf_counter()
    out: Path = args.out
    reason = _unwritable(out)
    if reason:
        print(f"newsgraph build: cannot write to {out}: {reason}", file=sys.stderr)
        return 2
    sink = ArticleSink(out)
    with quiet_collector():  # GC settings for the build and the writing of its outputs
        try:
            try:
                result = build_corpus(args.inputs, strict=args.strict, jobs=args.jobs,
                                      on_skip=lambda e: print(f"skipped: {e}", file=sys.stderr),
                                      on_jsonl=sink.write, keep_articles=False,
                                      progress=sys.stderr.isatty())
            except InputError as exc:
                print(f"newsgraph build: {exc}", file=sys.stderr)
                return 2
            except OutputWriteError as exc:
                print(f"newsgraph build: cannot write to {out}: {exc}", file=sys.stderr)
                return 2
            except OSError as exc:  # inputs raise InputError and --out OutputWriteError: the rest
                # is the temporary folder, where pass 1 keeps the articles for pass 2
                print(f"newsgraph build: cannot write temporary files to "
                      f"{tempfile.gettempdir()}: {exc.strerror or exc} (TMPDIR chooses another "
                      f"folder)", file=sys.stderr)
                return 2
            if not result.article_count:
                print("newsgraph build: no usable article in the inputs", file=sys.stderr)
                return 2
            try:
                write_outputs(result.graph, out, articles=sink, html=not args.no_html,
                              html_max_nodes=args.html_max_nodes)
            except OSError as exc:
                print(f"newsgraph build: cannot write to {out}: {exc.strerror or exc}",
                      file=sys.stderr)
                return 2
        finally:
            sink.discard()
    print(_summary(result, time.perf_counter() - t0))
    print(f"wrote {out / 'graph.json'}, {out / 'articles.jsonl'}"
          + ("" if args.no_html else f", {out / 'graph.html'}"))
    if args.report:
        print(_report(result))
    return 1 if result.skipped else 0
