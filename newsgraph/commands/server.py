"""``newsgraph stop``: end the embedded ArcadeDB server of a data directory (the warm server
that ``load``, ``query`` and ``serve --detach`` leave running, or a foreground ``serve``).

Exit codes: 0 stopped, or nothing was running (said on stderr).
"""
from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``stop`` sub-command."""
    p = subparsers.add_parser("stop", help="stop the embedded ArcadeDB server of a data dir",
                              description="Stop the embedded ArcadeDB server (the warm server or `newsgraph serve`); "
                                          "the data stay in the data dir.")
    p.add_argument("--data-dir", type=Path, help="data directory (env NEWSGRAPH_DATA_DIR)")
    p.set_defaults(func=cmd_stop)


def cmd_stop(args) -> int:
    """``newsgraph stop``: see :func:`register`."""
    from newsgraph.graph.server_files import default_data_dir
    from newsgraph.graph.warm_server import stop_server

    data_dir = args.data_dir or default_data_dir()
    info = stop_server(data_dir)
    if info is None:
        print(f"no embedded ArcadeDB server is running on {data_dir}", file=sys.stderr)
    else:
        print(f"stopped the embedded ArcadeDB server at {info['uri']} (pid {info['pid']}) on {data_dir}")
    return 0
