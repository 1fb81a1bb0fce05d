"""``newsgraph explain NODE_OR_EDGE``: why the graph says so — the evidence behind a node or edge.

NODE_OR_EDGE is a node id (``Official:孟景伟``), a name or alias (``于家务乡``), or an edge written
``SOURCE -[TYPE]-> TARGET`` / ``SOURCE TYPE TARGET`` with names or ids on both ends
(``孟景伟 -[SPOKE_AT]-> 通州区半年工作会议``; ``*`` matches any end).  Prints the properties, then
every evidence item: source file, article title, the rule and its confidence, and the sentence
with the mention in 【brackets】.  Exit code 2 when nothing matches.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ..schema import RelType
from .arguments import location

if TYPE_CHECKING:  # networkx is imported where a graph is read: `newsgraph query` must start fast
    import networkx as nx

__all__ = ["register", "run", "find_edges", "format_evidence"]

_EDGE = re.compile(r"^\s*(?P<u>.+?)\s*(?:-\[\s*(?P<t1>[A-Z_]+)\s*\]->|\s(?P<t2>[A-Z_]+)\s)\s*(?P<v>.+?)\s*$")


def register(sub) -> None:
    """Add the ``explain`` sub-command to ``sub``."""
    p = sub.add_parser("explain", help="print the evidence behind a node or an edge",
                       description=__doc__.splitlines()[0])
    p.add_argument("what", nargs="+", metavar="NODE_OR_EDGE",
                   help="node id, name or alias; or 'SOURCE -[TYPE]-> TARGET'")
    p.add_argument("--graph", type=location, default=Path("out/graph.json"),
                   help="graph.json (or graph.parquet folder) to read (default: out/graph.json)")
    p.add_argument("--limit", type=int, default=20, help="evidence items to print per item")
    p.set_defaults(func=run)


def _matching_nodes(graph: nx.MultiDiGraph, ref: str) -> list[str]:
    """Node ids ``ref`` names for ``explain``: an exact id, else the nodes whose name, alias or
    (entities only) key is ``ref``; ``*`` matches every node; none is ``[]``."""
    from ..graph.select import NodeNotFoundError, find_nodes

    try:
        return find_nodes(graph, ref.strip(), keys=True, wildcard=True)
    except NodeNotFoundError:
        return []


def find_edges(graph: nx.MultiDiGraph, ref: str) -> list[tuple[str, str, int]]:
    """Edges matching ``SOURCE -[TYPE]-> TARGET`` (or ``SOURCE TYPE TARGET``)."""
    m = _EDGE.match(ref)
    if not m:
        return []
    rtype = m.group("t1") or m.group("t2")
    if rtype not in {t.value for t in RelType}:
        return []
    us, vs = set(_matching_nodes(graph, m.group("u"))), set(_matching_nodes(graph, m.group("v")))
    return [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
            if d.get("type") == rtype and u in us and v in vs]


def format_evidence(ev: dict, titles: dict[str, str]) -> str:
    """One evidence item as two lines: where (source, article, rule) and the marked sentence."""
    sentence = ev.get("sentence", "")
    s0 = ev.get("sentence_start")
    if s0 is not None and 0 <= ev["start"] - s0 <= ev["end"] - s0 <= len(sentence) \
            and ev["end"] > ev["start"]:
        a, b = ev["start"] - s0, ev["end"] - s0
        sentence = f"{sentence[:a]}【{sentence[a:b]}】{sentence[b:]}"
    title = titles.get(ev.get("article_id", ""), "")
    head = (f"  {ev.get('source', '?')} · {ev.get('article_id', '?')} «{title}» · "
            f"[{ev.get('rule', '?')} {ev.get('confidence', 0):.2f}] "
            f"@{ev.get('start')}–{ev.get('end')}")
    return f"{head}\n      {sentence}"


def _props(d: dict) -> str:
    shown = {k: v for k, v in d.items() if k not in ("evidence",)}
    return json.dumps(shown, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    """Run ``explain``; returns the exit code."""
    from ..graph.io import GraphFileError, read_graph

    try:
        graph = read_graph(args.graph)
    except GraphFileError as exc:
        print(f"newsgraph explain: {exc}", file=sys.stderr)
        return 2
    ref = " ".join(args.what)
    titles = {d["key"]: d.get("title", "") for _, d in graph.nodes(data=True)
              if d.get("label") == "Article"}
    edges = find_edges(graph, ref)
    nodes = [] if edges else _matching_nodes(graph, ref)
    if not edges and not nodes:
        print(f"newsgraph explain: nothing in {args.graph} matches {ref!r} "
              "(use a node id such as 'Official:孟景伟', a name, or 'A -[TYPE]-> B')",
              file=sys.stderr)
        return 2
    for n in nodes:
        d = graph.nodes[n]
        print(f"{n}  {_props(d)}")
        for ev in d.get("evidence", [])[:args.limit]:
            print(format_evidence(ev, titles))
        more = len(d.get("evidence", [])) - args.limit
        if more > 0:
            print(f"  … {more} more")
    for u, v, k in edges:
        d = graph.edges[u, v, k]
        print(f"{u} -[{d['type']}]-> {v}  {_props(d)}")
        for ev in d.get("evidence", [])[:args.limit]:
            print(format_evidence(ev, titles))
    return 0
