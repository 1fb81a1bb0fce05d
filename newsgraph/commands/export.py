"""``newsgraph export``: write DIR/graph.json in another format, one of the table
:data:`newsgraph.graph.exporters.EXPORTERS` (``neo4j-admin`` import CSV today).

Exit codes: 0 success; 2 an unreadable graph file.
"""
from __future__ import annotations

from pathlib import Path

from .common import graph_path, read_graph_or_report

__all__ = ["register", "cmd_export"]


def register(subparsers) -> None:
    """Add the ``export`` sub-command; its ``--format`` choices are the exporters' table."""
    from newsgraph.graph.exporters import EXPORTERS

    p = subparsers.add_parser("export", help="export DIR/graph.json as neo4j-admin import CSV",
                              description="Write CSV files for `neo4j-admin database import full` and print the command.")
    p.add_argument("graph", type=Path, help="graph.json (or the directory holding it)")
    p.add_argument("--format", choices=tuple(EXPORTERS), default="neo4j-admin")
    # The default folder is DIR/<format>; the help names the one format there is so far.
    p.add_argument("--out", type=Path, help="output directory (default DIR/neo4j-admin)")
    p.add_argument("--database", default="neo4j", help="target database name in the printed command")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    """``newsgraph export --format FORMAT``: write the files and print what was written (and, for
    ``neo4j-admin``, the import command)."""
    from newsgraph.graph.exporters import export_graph

    path = graph_path(args.graph)
    g = read_graph_or_report("export", path)
    if g is None:
        return 2
    out = args.out or path.parent / args.format
    summary = export_graph(g, args.format, out, database=args.database)
    print(f"wrote {len(summary['files'])} files to {out}: "
          + ", ".join(f"{k} {v}" for k, v in {**summary['nodes'], **summary['relationships']}.items()))
    if "command" in summary:  # a database import to run next (neo4j-admin)
        print(f"Import with neo4j-admin, the database stopped; this replaces database {args.database} "
              "(also in import.sh and import-docker.sh):")
        for step in summary["steps"]:
            print("  " + step)
        print("The import command (import.sh):\n  " + summary["command"])
    return 0
