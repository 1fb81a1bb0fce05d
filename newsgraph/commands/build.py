"""``newsgraph build INPUT... --out DIR``: articles in, knowledge graph out.

Writes ``DIR/graph.json`` (node-link JSON; for large corpora the Parquet graph
``DIR/graph.parquet/`` instead, ``--graph-format``), ``DIR/articles.jsonl`` (one normalised
article a line) and ``DIR/graph.html`` (the offline explorer), then prints a summary.  Exit codes: 0 all
inputs used, 1 some files skipped (named on stderr), 2 nothing usable, bad arguments or an
output folder that cannot be written.

Extraction runs in ``--jobs`` processes (default: one per core), or on a Dask cluster
(``--engine dask``, ``--scheduler``); the output does not depend on their number or on the
engine.  ``articles.jsonl`` is written as articles are extracted, to a temporary file
renamed when the build is complete, so no output file is ever left truncated and an earlier
build's files stay as they were when this one fails.
"""
from __future__ import annotations

import argparse
import heapq
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from operator import itemgetter
from pathlib import Path

from typing import TYPE_CHECKING

from ..interrupts import sigterm_as_interrupt
from ..storage import is_url
from .arguments import non_negative_int, positive_int as _positive_int

if TYPE_CHECKING:
    from ..workflow import BuildResult

# The extraction stack (jieba, the gazetteer, the workflow) is imported where it is used, not
# here: every command's parser imports this module, and `newsgraph query` must start at once.

__all__ = ["HTML_MAX_NODES", "JSON_MAX_TEXT_BYTES", "register", "run"]

#: What graph.html draws at most by default: a page of this many nodes opens in seconds
#: (benchmarks/bench_explorer.py: 4.8 s), and only the drawn part of the graph is held in memory
#: to write it, whatever the corpus.
HTML_MAX_NODES = 20_000

#: ``--graph-format auto`` writes graph.json up to this size of articles.jsonl, the Parquet graph
#: above: graph.json is 7–13 times the text (the growing benchmark corpus), so this is a
#: graph.json of up to about 400 MB, which ``newsgraph load`` or a notebook reads whole.
JSON_MAX_TEXT_BYTES = 32 << 20


def register(sub) -> None:
    """Add the ``build`` sub-command to ``sub``."""
    p = sub.add_parser("build", help="build the knowledge graph of a folder of articles",
                       description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or folders of articles or newspaper pages "
                        "(.txt, .md, .html, .pdf, .docx)")
    p.add_argument("--out", required=True,
                   help="output folder, or an fsspec URL of one (s3://bucket/graphs/2024: "
                        "written here first, uploaded when complete)")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unreadable file instead of skipping it")
    p.add_argument("--html-max-nodes", type=non_negative_int, default=HTML_MAX_NODES,
                   metavar="N",
                   help="draw only the N most connected nodes in graph.html (default "
                        f"{HTML_MAX_NODES:,}: every node of a smaller graph; the page says what "
                        "it left out)")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("--jobs", "-j", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes for extraction (default: one per core, here "
                        f"{os.cpu_count() or 1}); 1 works in this process")
    p.add_argument("--engine", choices=("processes", "dask"), default="processes",
                   help="where the extraction runs: worker processes of this machine "
                        "(default), or a Dask cluster (needs the dask extra: "
                        "pip install 'newsgraph[dask]'); without --scheduler, a local "
                        "cluster of --jobs worker processes")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="with --engine dask: the address of a running Dask scheduler "
                        "(tcp://HOST:8786); inputs must be paths every worker sees or "
                        "URLs (s3://...)")
    from ..graph.exporters import EXPORTERS

    p.add_argument("--format", action="append", default=[], choices=tuple(EXPORTERS),
                   dest="formats", metavar="FORMAT",
                   help="also write the graph as FORMAT beside graph.json (repeatable): "
                        + ", ".join(EXPORTERS) + "; see newsgraph export")
    p.add_argument("--graph-format", choices=("auto", "json", "parquet"), default="auto",
                   help="the graph as node-link graph.json, or as the compact Parquet folder "
                        "graph.parquet (evidence sentences refer to articles.jsonl: a tenth of "
                        "the size and less); default auto: graph.json up to "
                        f"{JSON_MAX_TEXT_BYTES >> 20} MiB of article text, Parquet above")
    p.add_argument("--report", action="store_true",
                   help="also print counts and the ten least certain extractions to check")
    p.set_defaults(func=run, exit_fast=True)  # see newsgraph.cli.entry


def _summary(result: BuildResult, seconds: float) -> str:
    labels, types = result.store.counts()  # tallied while graph.json was written
    lines = [f"articles read: {result.article_count} from {result.files_read} file(s)"
             + _by_format(result.formats_read)
             + (f", {len(result.skipped)} skipped" + _by_format(result.formats_skipped)
                if result.skipped else "")]
    lines.append("nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    lines.append("edges: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
    lines.append(f"seconds: {seconds:.2f}")
    return "\n".join(lines)


def _by_format(counts: dict[str, int]) -> str:
    """`` (pdf 2, html 1)``: files per format, in the order of FORMATS."""
    from ..extract.documents import FORMATS

    order = {kind: i for i, kind in enumerate(FORMATS)}
    kinds = sorted(counts, key=lambda k: (order.get(k, len(order)), k))
    return " (" + ", ".join(f"{k} {counts[k]}" for k in kinds) + ")" if kinds else ""


def _format_table(result: BuildResult) -> list[str]:
    from ..extract.documents import FORMATS

    kinds = [k for k in FORMATS if k in result.formats_read or k in result.formats_skipped]
    kinds += sorted((set(result.formats_read) | set(result.formats_skipped)) - set(FORMATS))
    out = ["", "inputs by format:", f"  {'format':<8}{'read':>6}{'skipped':>9}"]
    for k in kinds:
        out.append(f"  {k:<8}{result.formats_read.get(k, 0):>6}"
                   f"{result.formats_skipped.get(k, 0):>9}")
    return out


def _report(result: BuildResult) -> str:
    def items():
        # Streamed from the store: the ten least certain need no graph in memory.
        for n, d in result.store.nodes():
            if d["label"] != "Article":
                ev = d["evidence"][0] if d["evidence"] else {}
                yield (d.get("confidence", 0.0), f"node {n}", ev.get("rule", ""),
                       ev.get("sentence", ""))
        for u, v, _, d in result.store.edges():
            if d["type"] != "MENTIONS":
                ev = d["evidence"][0] if d["evidence"] else {}
                yield (d.get("confidence", 0.0), f"edge {u} -[{d['type']}]-> {v}",
                       ev.get("rule", ""), ev.get("sentence", ""))

    out = _format_table(result) + ["", "least certain extractions (check these first):"]
    # nsmallest is sorted(...)[:10]: ties keep the graph's order.
    for conf, what, rule, sentence in heapq.nsmallest(10, items(), key=itemgetter(0)):
        out.append(f"  {conf:.2f}  {what}  [{rule}]")
        if sentence:
            out.append(f"        “{sentence[:80]}”")
    return "\n".join(out)


def _export(result: BuildResult, out: Path, formats: list[str]) -> list[str]:
    """Write the build's graph in each of ``formats`` (each once) into ``out`` or the format's
    folder in it; return what was written: the files, or the folder of a format that has one."""
    from ..graph.exporters import EXPORTERS, export_graph
    from .export import STREAMED

    written: list[str] = []
    for fmt in dict.fromkeys(formats):
        where = out / EXPORTERS[fmt].subdir
        # neo4j-admin's files are written from the store as it is read; the others draw on
        # the graph in memory.
        graph = result.store if fmt in STREAMED else result.graph
        files = export_graph(graph, fmt, where)["files"]
        written += [f"{where}/"] if EXPORTERS[fmt].subdir else files
    return written


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
    from ..graph.outputs import OutputBusyError, output_lock

    t0 = time.perf_counter()
    if args.scheduler is not None and args.engine != "dask":
        print("newsgraph build: --scheduler is for --engine dask", file=sys.stderr)
        return 2
    if is_url(args.out):
        return _build_to_url(args, args.out, t0)
    out = Path(args.out)
    reason = _unwritable(out)
    if reason:
        print(f"newsgraph build: cannot write to {out}: {reason}", file=sys.stderr)
        return 2
    with ExitStack() as held:
        # SIGTERM (kill, a supervisor, a CI timeout) cleans up as Ctrl-C does: workers stopped,
        # spill folder and temporary outputs removed, the lock released.
        held.enter_context(sigterm_as_interrupt())
        try:  # one build at a time writes a folder; the lock is held until the outputs are in
            held.enter_context(output_lock(out))
        except OutputBusyError as exc:
            print(f"newsgraph build: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # the lock file cannot be made: --out is not writable after all
            print(f"newsgraph build: cannot write to {out}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 2
        return _build_into(args, out, t0)


def _build_to_url(args: argparse.Namespace, url: str, t0: float) -> int:
    """Build into a temporary local folder and upload its outputs to ``url``
    (:mod:`newsgraph.storage`): a build that fails uploads nothing."""
    from ..storage import StorageError, upload_folder, url_filesystem

    try:
        url_filesystem(url)  # the protocol's package is there and the URL is well formed
    except StorageError as exc:
        print(f"newsgraph build: cannot write to {exc}", file=sys.stderr)
        return 2

    def publish(local: Path, names: list[str], removed: list[str]) -> None:
        upload_folder(local, url, names, remove=removed)

    with ExitStack() as held:
        held.enter_context(sigterm_as_interrupt())
        stage = Path(held.enter_context(tempfile.TemporaryDirectory(prefix="newsgraph-out-")))
        return _build_into(args, stage, t0, shown=url, publish=publish)


def _build_into(args: argparse.Namespace, out: Path, t0: float, *, shown: str | None = None,
                publish=None) -> int:
    from ..extract.source import InputError
    from ..graph.outputs import ArticleSink, OutputWriteError
    from ..workflow import build_corpus, quiet_collector
    from ..workflow.dask_engine import EngineError

    sink = ArticleSink(out)
    with quiet_collector():  # GC settings for the build and the writing of its outputs
        try:
            try:
                result = build_corpus(args.inputs, strict=args.strict, jobs=args.jobs,
                                      on_skip=lambda e: print(f"skipped: {e}", file=sys.stderr),
                                      on_jsonl=sink.write, keep_articles=False,
                                      progress=sys.stderr.isatty(),
                                      exclude=[out if shown is None else shown],
                                      engine=args.engine, scheduler=args.scheduler)
            except (InputError, EngineError) as exc:
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
            try:
                return _write(args, out, result, sink, t0, shown=shown, publish=publish)
            finally:
                result.close()  # the store's temporary files (the process ends with os._exit)
        finally:
            sink.discard()


def _write(args: argparse.Namespace, out: Path, result: BuildResult, sink, t0: float, *,
           shown: str | None = None, publish=None) -> int:
    """Write a finished build's outputs, print its summary; returns the exit code.

    ``publish(out, names, removed)``, when given, is called once they are written, with the
    names of the files and folders written in ``out`` and of the earlier outputs this build
    removes; the messages name ``shown`` (a URL) instead of ``out``."""
    from ..graph.outputs import write_outputs

    if not result.article_count:
        print("newsgraph build: no usable article in the inputs", file=sys.stderr)
        return 2
    from ..graph.parquet import PARQUET_DIR

    base = str(out if shown is None else shown).rstrip("/")
    stale_html = args.no_html and (out / "graph.html").exists()
    graph_format = args.graph_format
    if graph_format == "auto":
        graph_format = "json" if sink.size <= JSON_MAX_TEXT_BYTES else "parquet"
    graph_file = "graph.json" if graph_format == "json" else PARQUET_DIR
    graph_name = f"{base}/{graph_file}"
    try:
        # The graph is streamed from the store: it is in memory only for the explorer and the
        # other formats, when asked for.
        write_outputs(result.store, out, articles=sink, html=not args.no_html,
                      html_max_nodes=args.html_max_nodes, graph_format=graph_format)
        exported = _export(result, out, args.formats) if args.formats else []
    except OSError as exc:
        print(f"newsgraph build: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if publish is not None:
        from ..storage import StorageError

        names = [os.path.relpath(f, out).split(os.sep)[0] for f in exported]

        written = [graph_file, "articles.jsonl", *([] if args.no_html else ["graph.html"])]
        removed = ["graph.parquet" if graph_format == "json" else "graph.json",
                   *(["graph.html"] if args.no_html else [])]
        try:
            publish(out, list(dict.fromkeys(written + names)), removed)
        except StorageError as exc:
            print(f"newsgraph build: cannot write to {exc}", file=sys.stderr)
            return 2
        exported = [f"{base}/{n}" + ("/" if f.endswith("/") else "")
                    for n, f in zip(names, exported)]
    print(_summary(result, time.perf_counter() - t0))
    print(f"wrote {graph_name}{'/' if graph_format == 'parquet' else ''}, "
          f"{base}/articles.jsonl"
          + ("" if args.no_html else f", {base}/graph.html")
          + "".join(f", {f}" for f in exported)
          + (f"; removed the earlier build's {base}/graph.html" if stale_html else ""))
    if args.report:
        print(_report(result))
    return 1 if result.skipped else 0
