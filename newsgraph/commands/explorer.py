"""``newsgraph view``: write the HTML explorer of a ``graph.json``, whole or one neighbourhood.

Examples::

    newsgraph view out/graph.json --out explorer.html
    newsgraph view out/graph.json --around 孟景伟 --depth 2 --out mengjingwei.html
    newsgraph view out/graph.json --max-nodes 2000 --out top2000.html
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .arguments import location

__all__ = ["register", "run_view"]


def register(subparsers) -> None:
    """Add the ``view`` sub-command to the ``newsgraph`` parser."""
    p = subparsers.add_parser(
        "view",
        help="write a self-contained HTML explorer of a graph.json",
        description="Write one HTML file (no network needed) that draws GRAPH.json, or the "
        "neighbourhood of one node with --around.  Article nodes and MENTIONS edges are "
        "not drawn; their titles appear next to the evidence.",
    )
    p.add_argument("graph", metavar="GRAPH.json", type=location,
                   help="node-link graph.json, a graph.parquet folder, or the build's output "
                        "folder holding one")
    p.add_argument(
        "--out",
        "-o",
        type=Path,
        default=Path("explorer.html"),
        help="HTML file to write (default: explorer.html)",
    )
    p.add_argument(
        "--around",
        metavar="NAME",
        help="draw only the nodes within --depth hops of the node(s) with this id, name or alias",
    )
    p.add_argument("--depth", type=int, default=2, help="hops around --around (default: 2)")
    p.add_argument(
        "--max-nodes",
        type=int,
        default=None,
        metavar="N",
        help="draw only the N most connected nodes (the page says what was left out)",
    )
    p.add_argument("--title", default=None, help="page title (default: newsgraph, or the NAME)")
    p.set_defaults(func=run_view)


def run_view(args: argparse.Namespace) -> int:
    """Run ``newsgraph view``; return 0 on success, 2 on a bad graph file, name, number or
    unwritable ``--out``."""
    from newsgraph.graph.explorer import write_explorer
    from newsgraph.graph.select import NodeNotFoundError, neighbourhood
    from newsgraph.graph.io import GraphFileError, open_graph

    if args.depth < 0 or (args.max_nodes is not None and args.max_nodes < 0):
        print("newsgraph view: --depth and --max-nodes must be >= 0", file=sys.stderr)
        return 2
    try:
        # A Parquet graph is read as streams (only the drawn part held), but for --around.
        graph = open_graph(args.graph, streamed=args.around is None)
    except GraphFileError as exc:
        print(f"newsgraph view: {exc}", file=sys.stderr)
        return 2
    title = args.title or "newsgraph"
    if args.around is not None:
        try:
            graph = neighbourhood(graph, args.around, depth=args.depth)
        except NodeNotFoundError as exc:
            print(f"newsgraph view: {exc}", file=sys.stderr)
            return 2
        centres = graph.graph["around"]
        title = args.title or f"{args.around} · {args.depth} 跳 (newsgraph)"
        print(f"around {', '.join(centres)} (depth {args.depth})", file=sys.stderr)
    try:
        summary = write_explorer(graph, args.out, max_nodes=args.max_nodes, title=title)
    except GraphFileError as exc:  # a Parquet graph is read as the page is made
        print(f"newsgraph view: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsgraph view: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    left = f", {summary['nodes_left_out']:,} left out" if summary["nodes_left_out"] else ""
    physics = "physics on" if summary["physics"] else "precomputed layout, physics off"
    print(
        f"wrote {args.out}: {summary['nodes_drawn']:,} nodes, {summary['edges_drawn']:,} edges"
        f"{left} ({physics})"
    )
    return 0
