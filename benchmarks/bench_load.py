"""Benchmark: three ways to put a graph into a Bolt server (the embedded ArcadeDB one).

Not a test.  Run from the repository::

    /work/venv/bin/python benchmarks/bench_load.py [--graph DIR/graph.json | --corpus DIR]
        [--nodes 100000] [--rels 300000] [--naive-rows 6000] [--batch-sizes 250,1000,4000]

The source graph (``--graph``, a build's graph.json; or the build of the folder ``--corpus``,
``newsgraph build --jobs 1 --no-html`` into a temporary folder first — the growing corpus of
``benchmarks/make_corpus.py``, whose graph grows with the text; else
tests/fixtures/mini_graph.json) is replicated with distinct keys (``key~r<i>``) until it has at
least ``--nodes`` nodes and ``--rels`` relationships (after parallel edges of one type are
merged, as the loader does; a graph that already has them is taken once, as it is).  Then, each
on a fresh server and data directory:

1. **newsgraph** — :func:`newsgraph.graph.neo4j.load_graph`: constraints, batched
   ``UNWIND … MERGE`` with list merges, managed transactions.
2. **naive** — one ``MERGE`` statement and one auto-commit transaction per node and per
   relationship (with the same constraints, else every MERGE scans).  At full scale this takes
   too long, so it runs on whole replicas making up about ``--naive-rows`` rows, and its rate is
   reported for that subset.
3. **create** — ``UNWIND $rows AS row CREATE …`` in batches of the same size, no constraints,
   relationships attached by ``elementId`` returned from the node batches: the raw insert speed,
   not idempotent (a second run duplicates everything).

Prints rows/s for each and the ratios; ``--batch-sizes`` first measures the loader on a subset at
several batch sizes (how ``DEFAULT_BATCH_SIZE`` was chosen).

Then **query latency**, cold against warm (``--query-runs`` runs each, alternating; ``--skip
queries`` leaves it out, ``--only queries`` runs nothing else): the wall time of the command
``newsgraph query graph_summary`` as a user types it, on the source graph loaded into a fresh
data directory — *cold* with no server running (the command starts the embedded server;
``NEWSGRAPH_IDLE_MINUTES=0`` makes it stop again when the command is done, so that every cold run
is cold), *warm* with the warm server that ``newsgraph load`` leaves running.  CPU seconds of the
command (user + system, of the Python process only) are shown beside, because the machine's load
shows in wall time.
"""
from __future__ import annotations

import argparse
import atexit
import copy
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import neo4j
import networkx as nx
from newsgraph.graph.flatten import node_rows, relationship_rows
from newsgraph.graph.io import read_graph_json
from newsgraph.graph.neo4j import load_graph
from newsgraph.graph.neo4j_batches import DEFAULT_BATCH_SIZE
from newsgraph.graph.neo4j_cypher import ensure_constraints
from newsgraph.graph.neo4j_maintenance import count_nodes, count_relationships
from newsgraph.graph.server import ArcadeDBServer

REPO = Path(__file__).resolve().parent.parent


def merged_edge_count(g: nx.MultiDiGraph) -> int:
    """Relationships the loader writes: one per (start, end, type)."""
    return len({(u, v, a.get("type")) for u, v, a in g.edges(data=True)})


def replicate(g: nx.MultiDiGraph, min_nodes: int, min_rels: int) -> nx.MultiDiGraph:
    """Disjoint copies of ``g`` with keys ``key~r<i>`` until both minimums are met."""
    copies = max(math.ceil(min_nodes / g.number_of_nodes()), math.ceil(min_rels / merged_edge_count(g)))
    out = nx.MultiDiGraph()
    for i in range(copies):
        mapping = {}
        for n, a in g.nodes(data=True):
            b = copy.copy(a)
            b["key"] = f"{a['key']}~r{i}"
            new = f"{a['label']}:{b['key']}"
            mapping[n] = new
            out.add_node(new, **b)
        for u, v, a in g.edges(data=True):
            out.add_edge(mapping[u], mapping[v], **a)
    return out


def fresh_server(tmp: Path, name: str) -> ArcadeDBServer:
    server = ArcadeDBServer(tmp / name, password="bench-password", heap="4g")
    server.start()
    return server


def driver_for(server):
    return neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))


# -- the three ways -----------------------------------------------------------------------------
def way_newsgraph(driver, db, g, batch_size):
    t0 = time.perf_counter()
    report = load_graph(driver, g, database=db, batch_size=batch_size)
    return report.rows, time.perf_counter() - t0


def way_naive(driver, db, nrows, rrows):
    ensure_constraints(driver, db)
    n = 0
    t0 = time.perf_counter()
    with driver.session(database=db) as s:
        for label, rows in nrows.items():
            q = f"MERGE (n:`{label.value}` {{key: $key}}) SET n += $props SET n += $lists"
            for r in rows:
                s.run(q, key=r["key"], props=r["props"], lists=r["lists"]).consume()
                n += 1
        for (t, lu, lv), rows in rrows.items():
            q = (f"MATCH (a:`{lu.value}` {{key: $start}}) MATCH (b:`{lv.value}` {{key: $end}}) "
                 f"MERGE (a)-[r:`{t.value}`]->(b) SET r += $props SET r += $lists")
            for r in rows:
                s.run(q, start=r["start"], end=r["end"], props=r["props"], lists=r["lists"]).consume()
                n += 1
    return n, time.perf_counter() - t0


def way_create(driver, db, nrows, rrows, batch_size):
    ids: dict[tuple[str, str], str] = {}
    n = 0
    t0 = time.perf_counter()
    with driver.session(database=db) as s:
        for label, rows in nrows.items():
            q = (f"UNWIND $rows AS row CREATE (n:`{label.value}`) SET n = row.props, n += row.lists, "
                 "n.key = row.key RETURN row.key AS key, elementId(n) AS eid")
            for i in range(0, len(rows), batch_size):
                chunk = rows[i:i + batch_size]
                for rec in s.execute_write(lambda tx, q=q, chunk=chunk: list(tx.run(q, rows=chunk))):
                    ids[(label.value, rec["key"])] = rec["eid"]
                n += len(chunk)
        for (t, lu, lv), rows in rrows.items():
            q = (f"UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a MATCH (b) WHERE elementId(b) = row.b "
                 f"CREATE (a)-[r:`{t.value}`]->(b) SET r = row.props, r += row.lists")
            for i in range(0, len(rows), batch_size):
                chunk = [{"a": ids[(lu.value, r["start"])], "b": ids[(lv.value, r["end"])],
                          "props": r["props"], "lists": r["lists"]} for r in rows[i:i + batch_size]]
                s.execute_write(lambda tx, q=q, chunk=chunk: tx.run(q, rows=chunk).consume())
                n += len(chunk)
    return n, time.perf_counter() - t0


# -- query latency ------------------------------------------------------------------------------
def timed_command(argv: list[str], env: dict) -> tuple[float, float]:
    """Run ``argv``; return (wall seconds, CPU seconds of the process and its waited children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def query_latency(graph_path: Path, tmp: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """Cold and warm ``newsgraph query graph_summary`` on ``graph_path``, ``runs`` times each,
    alternating; returns ``{"cold": [(wall, cpu), …], "warm": […]}``."""
    newsgraph = str(Path(sys.executable).with_name("newsgraph"))
    data = tmp / "latency"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    graph = tmp / "latency-graph.json"
    graph.write_bytes(graph_path.read_bytes())
    query = [newsgraph, "query", "graph_summary", "--data-dir", str(data)]
    stop = [newsgraph, "stop", "--data-dir", str(data)]
    times: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    try:
        subprocess.run([newsgraph, "load", str(graph), "--data-dir", str(data), "--quiet"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(stop, env=env, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        for _ in range(runs):
            times["cold"].append(timed_command(query, {**env, "NEWSGRAPH_IDLE_MINUTES": "0"}))
            subprocess.run(stop, env=env, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            subprocess.run([newsgraph, "serve", "--detach", "--data-dir", str(data)], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            timed_command(query, env)  # the first query of a fresh JVM compiles the query path
            times["warm"].append(timed_command(query, env))
            subprocess.run(stop, env=env, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    finally:
        subprocess.run(stop, env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return times


# -- main ---------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = ap.add_mutually_exclusive_group()
    source.add_argument("--graph", type=Path,
                        default=REPO / "tests" / "fixtures" / "mini_graph.json")
    source.add_argument("--corpus", type=Path, default=None,
                        help="a folder of articles to build first (make_corpus.py's output)")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--naive-rows", type=int, default=6000, help="rows the naive way runs on")
    ap.add_argument("--batch-sizes", default="", help="comma-separated sizes to compare on a subset first")
    ap.add_argument("--subset-rows", type=int, default=40_000, help="rows of the batch-size comparison")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: newsgraph,naive,create,queries")
    ap.add_argument("--only", default="", help="comma-separated parts to run (default: all)")
    ap.add_argument("--query-runs", type=int, default=5, help="cold and warm query runs")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if args.only:
        skip |= {"newsgraph", "naive", "create", "queries"} - set(args.only.split(","))
    if args.corpus is not None:
        built = Path(tempfile.mkdtemp(prefix="bench_load_build_"))
        atexit.register(shutil.rmtree, built, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsgraph.cli", "build", str(args.corpus), "--out",
                        str(built), "--no-html", "--jobs", "1", "-q", "--graph-format", "json"],
                       check=True,
                       stdout=subprocess.DEVNULL)
        print(f"built {args.corpus} in {time.perf_counter() - t0:.0f} s", flush=True)
        args.graph = built / "graph.json"
    graph_file = args.graph if args.graph.suffix == ".json" else args.graph / "graph.json"
    if "queries" not in skip:
        with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmpdir:
            times = query_latency(graph_file, Path(tmpdir), args.query_runs)
        print(f"query latency, `newsgraph query graph_summary` on {graph_file} ({args.query_runs} runs each):")
        print("  server | wall median | wall min–max | CPU median")
        for kind, runs in times.items():
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            print(f"  {kind:<6} | {statistics.median(walls):9.2f} s | {min(walls):.2f}–{max(walls):.2f} s "
                  f"| {statistics.median(cpus):8.2f} s", flush=True)
        if skip >= {"newsgraph", "naive", "create"}:
            return 0

    src = read_graph_json(graph_file)
    t0 = time.perf_counter()
    g = replicate(src, args.nodes, args.rels)
    nrows, _ = node_rows(g)
    rrows, _ = relationship_rows(g)
    total_n = sum(map(len, nrows.values()))
    total_r = sum(map(len, rrows.values()))
    print(f"source {args.graph}: {src.number_of_nodes()} nodes, {merged_edge_count(src)} relationships; "
          f"replicated x{g.number_of_nodes() // src.number_of_nodes()} -> {total_n} nodes, {total_r} relationships "
          f"({time.perf_counter() - t0:.1f} s to build)", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmpdir:
        tmp = Path(tmpdir)
        if args.batch_sizes:
            share = args.subset_rows / (total_n + total_r)
            # The replicas are disjoint, so the first nodes in insertion order are whole replicas.
            sub = g.subgraph(list(g.nodes)[: int(g.number_of_nodes() * share)]).copy()
            print(f"\nbatch size comparison on {sub.number_of_nodes()} nodes + {merged_edge_count(sub)} relationships:")
            for size in [int(x) for x in args.batch_sizes.split(",")]:
                server = fresh_server(tmp, f"bs{size}")
                try:
                    with driver_for(server) as d:
                        n, secs = way_newsgraph(d, server.database, sub, size)
                    print(f"  batch {size:>5}: {n / secs:8.0f} rows/s ({secs:.1f} s)", flush=True)
                finally:
                    server.stop()

        if "newsgraph" not in skip:
            server = fresh_server(tmp, "newsgraph")
            try:
                with driver_for(server) as d:
                    n, secs = way_newsgraph(d, server.database, g, args.batch_size)
                    assert sum(count_nodes(d, server.database).values()) == total_n
                    assert sum(count_relationships(d, server.database).values()) == total_r
                    n2, secs2 = way_newsgraph(d, server.database, g, args.batch_size)
                    assert sum(count_nodes(d, server.database).values()) == total_n
                results["newsgraph"] = (n, secs)
                print(f"\nnewsgraph loader : {n} rows in {secs:.1f} s = {n / secs:.0f} rows/s "
                      f"(batch {args.batch_size}); second, idempotent run {n2 / secs2:.0f} rows/s", flush=True)
            finally:
                server.stop()

        if "naive" not in skip:
            # Whole replicas (the first nodes in insertion order), so every relationship row has
            # both endpoints and really MERGEs.
            share = min(1.0, args.naive_rows / (total_n + total_r))
            sub = g.subgraph(list(g.nodes)[: max(1, int(g.number_of_nodes() * share))]).copy()
            sub_n, _ = node_rows(sub)
            sub_r, _ = relationship_rows(sub)
            server = fresh_server(tmp, "naive")
            try:
                with driver_for(server) as d:
                    n, secs = way_naive(d, server.database, sub_n, sub_r)
                    assert sum(count_relationships(d, server.database).values()) == sum(map(len, sub_r.values()))
                results["naive"] = (n, secs)
                print(f"naive MERGE/row  : {n} rows in {secs:.1f} s = {n / secs:.0f} rows/s "
                      f"(on {share:.1%} of the graph: too slow for all of it)", flush=True)
            finally:
                server.stop()

        if "create" not in skip:
            server = fresh_server(tmp, "create")
            try:
                with driver_for(server) as d:
                    n, secs = way_create(d, server.database, nrows, rrows, args.batch_size)
                    assert sum(count_nodes(d, server.database).values()) == total_n
                results["create"] = (n, secs)
                print(f"UNWIND CREATE    : {n} rows in {secs:.1f} s = {n / secs:.0f} rows/s "
                      f"(no constraints, not idempotent)", flush=True)
            finally:
                server.stop()

    if "newsgraph" in results:
        base = results["newsgraph"][0] / results["newsgraph"][1]
        print("\nratios (rows/s relative to the newsgraph loader):")
        for name, (n, secs) in results.items():
            print(f"  {name:<10} {n / secs / base:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
