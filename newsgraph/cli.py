"""The ``newsgraph`` command line: ``build``, ``load``, ``serve``, ``query`` and friends.

Each sub-command lives in a module of :mod:`newsgraph.commands` that exposes
``register(subparsers)``; this module only assembles them, and gives every command the same
habits: ``newsgraph --version``; ``-v/--verbose`` (repeat for more) and ``-q/--quiet`` on every
command, which set the level of the ``newsgraph`` loggers (default: warnings; ``-v`` adds what
the command is doing, ``-vv`` debugging detail; ``-q`` errors only) — the command's results on
standard output are the same at every level; help texts without reStructuredText markup.

Exit codes: 0 success, 1 partial success (some inputs skipped), 2 bad arguments or nothing
usable, 130 interrupted, 141 standard output closed by its reader, 143 terminated (SIGTERM,
where a command cleans up for it).
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import sys

from .interrupts import TERMINATED, Terminated
from .storage import is_url

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


_RST_LITERAL = re.compile(r"``(.+?)``|`([^`]+)`")


def plain_text(text: str) -> str:
    """``text`` without reStructuredText literals: ````x```` and ```x``` become ``x``.

    Examples
    --------
    >>> plain_text("``newsgraph build INPUT... --out DIR``: see `newsgraph queries`")
    'newsgraph build INPUT... --out DIR: see newsgraph queries'
    """
    return _RST_LITERAL.sub(lambda m: m.group(1) or m.group(2), text)


class PlainHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with the docstring markup that command descriptions and option
    helps borrow (backticks) taken out, so ``--help`` reads as plain text."""

    def _format_text(self, text):
        return super()._format_text(plain_text(text))

    def _expand_help(self, action):
        return plain_text(super()._expand_help(action))


def _add_verbosity(p: argparse.ArgumentParser) -> None:
    """Give ``p`` ``-v/--verbose`` and ``-q/--quiet`` (a command that already has ``--quiet``,
    such as ``load``, keeps its own and gets the short form)."""
    have = set(p._option_string_actions)  # argparse has no public way to ask
    verbose = [o for o in ("-v", "--verbose") if o not in have]
    quiet = [o for o in ("-q", "--quiet") if o not in have]
    g = p.add_argument_group("output")
    if verbose:
        g.add_argument(*verbose, dest="verbose", action="count", default=0,
                       help="say more on standard error (-vv: debugging detail)")
    if quiet:
        g.add_argument(*quiet, dest="quiet", action="store_true",
                       help="errors only on standard error")


def make_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every available sub-command registered."""
    from newsgraph import __version__

    parser = argparse.ArgumentParser(
        prog="newsgraph", formatter_class=PlainHelpFormatter,
        description="Build a knowledge graph from Chinese local-government news and query it.",
    )
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency, not an absent command module
                raise
            continue
        module.register(sub)
    for p in sub.choices.values():
        p.formatter_class = PlainHelpFormatter
        _add_verbosity(p)
    for action in sub._choices_actions:  # the one-line helps in `newsgraph --help`
        action.help = plain_text(action.help or "")
    return parser


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (tests swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


_HANDLER = _StderrHandler()
_HANDLER.setFormatter(logging.Formatter("%(message)s"))


def configure_logging(verbose: int = 0, quiet: bool = False) -> int:
    """Send the ``newsgraph`` loggers' records to standard error at the level ``-v``/``-q``
    choose: ``quiet`` errors only; 0 warnings; 1 info; 2 or more debug.  Returns the level the
    logger had, for :func:`main` to put back with the handler removed (records still
    propagate: an application's or a test's root handlers see them too)."""
    level = (logging.ERROR if quiet else logging.WARNING if not verbose
             else logging.INFO if verbose == 1 else logging.DEBUG)
    log = logging.getLogger("newsgraph")
    if _HANDLER not in log.handlers:
        log.addHandler(_HANDLER)
    before = log.level
    log.setLevel(level)
    return before


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    return _run(make_parser().parse_args(argv))


#: Exit code when standard output is closed under the command (``| head``): 128 + SIGPIPE,
#: what a shell reports for a process that signal ended.
BROKEN_PIPE = 141


def _run(args: argparse.Namespace) -> int:
    before = configure_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False))
    logging.getLogger("newsgraph.cli").debug("newsgraph %s", getattr(args, "command", ""))
    try:
        return _call(args)
    finally:  # main() leaves the logging of a program or test that calls it as it was
        log = logging.getLogger("newsgraph")
        log.setLevel(before)
        log.removeHandler(_HANDLER)


def _call(args: argparse.Namespace) -> int:
    try:
        if is_url(getattr(args, "graph", None)):  # load, export, view, explain of a URL
            return _call_on_copy(args)
        return int(args.func(args) or 0)
    except Terminated:  # SIGTERM, in a command that cleans up for it as for Ctrl-C (build)
        print("terminated", file=sys.stderr)
        return TERMINATED
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


def _call_on_copy(args: argparse.Namespace) -> int:
    """Run a command on a temporary local copy of the graph its URL names."""
    from .commands.common import fetched_graph

    url = args.graph
    with fetched_graph(getattr(args, "command", "") or "", url) as local:
        if local is None:
            return 2
        args.graph = local
        try:
            return int(args.func(args) or 0)
        finally:
            args.graph = url


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
