"""The ``newsgraph`` command line: ``build``, ``load``, ``serve``, ``query`` and friends.

Each sub-command lives in a module of :mod:`newsgraph.commands` that exposes
``register(subparsers)``; this module only assembles them.  Exit codes: 0 success, 1 partial
success (some inputs skipped), 2 bad arguments or nothing usable, 130 interrupted, 141 standard
output closed by its reader.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

__all__ = ["main", "entry", "make_parser"]

#: Modules whose ``register(subparsers)`` adds sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "newsgraph.commands.build",
    "newsgraph.commands.explain",
    "newsgraph.commands.neo4j",
    "newsgraph.commands.server",
    "newsgraph.commands.export",
    "newsgraph.commands.explorer",
)


def make_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every available sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description="Build a knowledge graph from Chinese local-government news and query it.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency, not an absent command module
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    return _run(make_parser().parse_args(argv))


#: Exit code when standard output is closed under the command (``| head``): 128 + SIGPIPE,
#: what a shell reports for a process that signal ended.
BROKEN_PIPE = 141


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader has gone (``| head``): stop quietly.  Standard output now points at
        # os.devnull, so that flushing it at exit does not fail a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return BROKEN_PIPE


def entry() -> None:
    """The ``newsgraph`` console script: run the command line and exit with its code.

    A command that sets ``exit_fast`` (``build``) ends the process without the interpreter's
    teardown: a build leaves millions of objects (the graph and its evidence) that CPython
    would free one by one at exit — two seconds after a 50 MB build — for memory the OS takes
    back at once.  Output streams and logging are flushed first; such a command registers no
    ``atexit`` work.
    """
    args = make_parser().parse_args()
    code = _run(args)
    if getattr(args, "exit_fast", False):
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe (| head): nothing left to say
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
