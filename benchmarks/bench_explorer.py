"""Time from page load to a drawn, stable graph: newsgraph's explorer vs pyvis's default output.

Not a test.  Run::

    /work/venv/bin/python benchmarks/bench_explorer.py            # 1,000 / 5,000 / 20,000 nodes
    /work/venv/bin/python benchmarks/bench_explorer.py --sizes 1000 --timeout 60

For each size a synthetic newsgraph-shaped graph (officials attending meetings located in a tree
of districts, projects in districts, officials holding posts; a few officials attend most
meetings) is written twice:

* **newsgraph**: :func:`newsgraph.graph.explorer.write_explorer` (physics only up to
  ``PHYSICS_MAX_NODES`` nodes, else positions precomputed in Python);
* **pyvis default**: ``pyvis.network.Network(directed=True, cdn_resources="in_line")`` +
  ``from_nx`` + ``write_html``, physics on with pyvis's defaults.  ``in_line`` inlines vis-network,
  but pyvis's template still links bootstrap from a CDN, so the page is loaded with every
  http(s) request aborted by Playwright routing (counted in the "blocked" column): it then loads
  offline, as it would on a machine without network, minus bootstrap's styling.

Both pages are opened from disk in Debian's chromium (headless, no GPU, software canvas).
"stable" means vis-network has finished stabilising (``network.physics.ready``, set when the
stabilisation iterations are done) or physics is off, and two more animation frames have been
drawn; the time is ``performance.now()`` then, i.e. milliseconds since navigation start.  Each
page load is bounded by ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Both templates leave the vis.Network in a global `network`.  Resolves with
# performance.now() two frames after the graph is drawn at its final positions.
STABLE = """() => {
    const net = window.network;
    if (!net || !net.physics) return false;
    const physics = net.physics;
    return physics.physicsEnabled === false || physics.ready === true;
}"""
TWO_FRAMES = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => done(performance.now()))))"""


def synthetic_graph(n_nodes: int, seed: int = 0) -> nx.MultiDiGraph:
    """A newsgraph-shaped MultiDiGraph with ``n_nodes`` drawable nodes (no Articles)."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n_dist = max(3, n_nodes // 12)
    n_off = max(3, n_nodes * 3 // 10)
    n_proj = max(1, n_nodes // 8)
    n_org = max(1, n_nodes // 20)
    n_meet = max(1, n_nodes - n_dist - n_off - n_proj - n_org)

    def evidence(sentence: str) -> list[dict]:
        return [
            {
                "source": f"{rng.randrange(500):03d}.txt",
                "article_id": f"a{rng.randrange(900)}#0",
                "sentence": sentence,
                "start": 0,
                "end": 2,
            }
        ]

    def add(label: str, key: str, **props) -> str:
        nid = f"{label}:{key}"
        g.add_node(
            nid,
            id=nid,
            label=label,
            key=key,
            name=key,
            aliases=[],
            evidence=evidence(f"{key}相关报道。"),
            **props,
        )
        return nid

    districts = [add("District", f"区{i}", level="区") for i in range(n_dist)]
    for i, d in enumerate(districts[1:], 1):
        g.add_edge(d, districts[rng.randrange(i)], type="LOCATED_IN", evidence=[])
    officials = [add("Official", f"官员{i}", titles=["副区长"], posts=[]) for i in range(n_off)]
    orgs = [add("Organization", f"机构{i}") for i in range(n_org)]
    for o in officials:
        g.add_edge(
            o,
            rng.choice(districts + orgs),
            type="HOLDS_POSITION",
            title="副区长",
            evidence=evidence("任职。"),
        )
    for i in range(n_proj):
        g.add_edge(
            add("Project", f"项目{i}"),
            rng.choice(districts),
            type="LOCATED_IN",
            evidence=evidence("项目位于。"),
        )
    weights = [1.0 / (k + 1) ** 0.8 for k in range(n_off)]
    for i in range(n_meet):
        date = f"20{rng.randrange(18, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        m = add("Meeting", f"会议{i}", date=date, source="x.txt", article_id="a#0")
        g.add_edge(m, rng.choice(districts), type="LOCATED_IN", evidence=evidence("会议召开。"))
        for o in set(rng.choices(officials, weights, k=rng.randrange(1, 6))):
            g.add_edge(o, m, type="ATTENDED", evidence=evidence("出席。"))
            if rng.random() < 0.3:
                g.add_edge(o, m, type="SPOKE_AT", role="讲话", evidence=evidence("讲话。"))
    return g


def write_newsgraph(graph: nx.MultiDiGraph, path: Path) -> dict:
    from newsgraph.graph.explorer import write_explorer

    summary = write_explorer(graph, path, title=f"bench {graph.number_of_nodes()}")
    return {"physics": summary["physics"]}


def write_pyvis_default(graph: nx.MultiDiGraph, path: Path) -> dict:
    from pyvis.network import Network

    # Only what pyvis draws: from_nx would otherwise turn every attribute (lists of evidence
    # dicts, and `label` = the node label) into vis options.
    simple = nx.DiGraph()
    for v, a in graph.nodes(data=True):
        simple.add_node(v, label=a["name"], title=a["label"], group=a["label"])
    simple.add_edges_from(graph.edges())
    net = Network(directed=True, cdn_resources="in_line", height="800px", width="100%")
    net.from_nx(simple)
    net.write_html(str(path))
    return {"physics": True}


def time_page(browser, path: Path, timeout_s: float) -> dict:
    """Open ``path``; return load→stable seconds (None on timeout) and what went wrong."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    seconds = None
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000, wait_until="load")
        page.wait_for_function(STABLE, timeout=timeout_s * 1000, polling=100)
        seconds = page.evaluate(TWO_FRAMES) / 1000
    except Exception as exc:  # a timeout is a result here, not a crash
        if "Timeout" not in type(exc).__name__ and "Timeout" not in str(exc):
            raise
    finally:
        context.close()
    # Errors caused by the blocked CDN requests are expected; count the rest.
    own_errors = [e for e in errors if "ERR_FAILED" not in e and "net::" not in e]
    return {"seconds": seconds, "blocked": len(blocked), "errors": len(own_errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page load")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the HTML files in this folder"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    out = args.keep or Path(tempfile.mkdtemp(prefix="bench_explorer_"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            graph = synthetic_graph(n)
            for name, writer in (
                ("newsgraph", write_newsgraph),
                ("pyvis default", write_pyvis_default),
            ):
                path = out / f"{name.replace(' ', '_')}_{n}.html"
                started = time.perf_counter()
                info = writer(graph, path)
                write_s = time.perf_counter() - started
                result = time_page(browser, path, args.timeout)
                rows.append(
                    {
                        "nodes": n,
                        "edges": graph.number_of_edges(),
                        "tool": name,
                        "physics": info["physics"],
                        "write_s": write_s,
                        "mb": path.stat().st_size / 1e6,
                        **result,
                    }
                )
                r = rows[-1]
                load = _fmt(r["seconds"], args.timeout)
                print(
                    f"  {n:>6} {name:<14} write {write_s:6.1f}s  load {load}",
                    file=sys.stderr,
                    flush=True,
                )
        browser.close()

    print()
    print(
        "| nodes | edges | output | physics | write (s) | HTML (MB) | load → stable (s) "
        "| blocked requests | page errors |"
    )
    print("|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['tool']} | {'on' if r['physics'] else 'off'} "
            f"| {r['write_s']:.1f} | {r['mb']:.1f} | {_fmt(r['seconds'], args.timeout)} "
            f"| {r['blocked']} | {r['errors']} |"
        )
    return 0


def _fmt(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} (timeout)" if seconds is None else f"{seconds:.1f}"


if __name__ == "__main__":
    sys.exit(main())
