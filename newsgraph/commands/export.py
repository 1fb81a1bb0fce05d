"""``newsgraph export``: write DIR/graph.json in another format, one of the table
:data:`newsgraph.graph.exporters.EXPORTERS`: ``graphml``, ``gexf``, ``csv`` (beside graph.json
by default) or ``neo4j-admin`` (into DIR/neo4j-admin).

Exit codes: 0 success; 2 an unreadable graph file or an output folder that cannot be written.
"""
from __future__ import annotations

from pathlib import Path

from .arguments import location
from .common import error, graph_path, read_graph_or_report

__all__ = ["register", "cmd_export"]


def register(subparsers) -> None:
    """Add the ``export`` sub-command; its ``--format`` choices are the exporters' table."""
    from newsgraph.graph.exporters import EXPORTERS

    formats = "; ".join(f"{name}: {e.help}" for name, e in EXPORTERS.items())
    p = subparsers.add_parser("export", help="export DIR/graph.json as GraphML, GEXF, CSV or neo4j-admin files",
                              description="Write the graph in a format other tools read. " + formats + ".")
    p.add_argument("graph", type=location, help="graph.json, a graph.parquet folder, or the build's "
                   "output folder holding one")
    p.add_argument("--format", choices=tuple(EXPORTERS), default="neo4j-admin",
                   help="the format (default neo4j-admin)")
    p.add_argument("--out", type=Path, help="output directory (default: beside graph.json; "
                                            "DIR/neo4j-admin for neo4j-admin)")
    p.add_argument("--database", default="neo4j", help="target database name in the printed command")
    p.set_defaults(func=cmd_export)


#: The formats written from a graph read as streams (the others take the graph in memory).
STREAMED = frozenset({"neo4j-admin"})


def cmd_export(args) -> int:
    """``newsgraph export --format FORMAT``: write the files and print what was written (and, for
    ``neo4j-admin``, the import command)."""
    from newsgraph.graph.exporters import EXPORTERS, export_graph

    from newsgraph.graph.io import GraphFileError

    path = graph_path(args.graph)
    g = read_graph_or_report("export", path, streamed=args.format in STREAMED)
    if g is None:
        return 2
    out = args.out or path.parent / EXPORTERS[args.format].subdir
    try:
        summary = export_graph(g, args.format, out, database=args.database)
    except GraphFileError as exc:  # a Parquet graph read as it is exported
        error("export", str(exc))
        return 2
    except OSError as exc:
        error("export", f"cannot write to {out}: {exc.strerror or exc}")
        return 2
    print(f"wrote {len(summary['files'])} files to {out}: "
          + ", ".join(f"{k} {v}" for k, v in {**summary['nodes'], **summary['relationships']}.items()))
    if "command" in summary:  # a database import to run next (neo4j-admin)
        print(f"Import with neo4j-admin, the database stopped; this replaces database {args.database} "
              "(also in import.sh and import-docker.sh):")
        for step in summary["steps"]:
            print("  " + step)
        print("The import command (import.sh):\n  " + summary["command"])
    return 0
