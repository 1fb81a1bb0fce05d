"""The outputs of a build, written in one place: ``graph.json`` (or the Parquet graph
``graph.parquet/``), ``articles.jsonl`` and ``graph.html`` in an output folder.

One build's outputs appear together or not at all: each is written under a temporary name in
the folder (``.graph.json.*.new``, ``.articles.jsonl.*.tmp`` …), and only when all are
complete are they renamed into place, so a full disk or a crash leaves the earlier build's
files as they were and no temporary file behind.  A build holds :func:`output_lock` on the
folder while it runs, so that two builds cannot write one folder at once.
"""
from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import networkx as nx

from .io import StreamedGraph, current_umask, temp_file_beside, write_graph_json

log = logging.getLogger("newsgraph.build")  # at -v, the seconds each output took

try:
    import fcntl
except ImportError:  # not POSIX: no lock (newsgraph's builds fork, so this is POSIX anyway)
    fcntl = None

__all__ = ["replace_folder", "ArticleSink", "OutputWriteError", "OutputBusyError", "LOCK_NAME", "output_lock",
           "write_outputs"]

#: The lock file a build holds in its output folder while it runs (removed at its end).
LOCK_NAME = ".newsgraph-build.lock"


class OutputWriteError(Exception):
    """Writing into the output folder failed while the build was still running (told apart
    from the build's own ``OSError`` s, such as a full temporary folder)."""


class OutputBusyError(Exception):
    """Another build holds the output folder (:func:`output_lock`); ``str()`` says which."""

    def __init__(self, out: Path, holder: str | None) -> None:
        super().__init__(out, holder)
        self.out, self.holder = out, holder

    def __str__(self) -> str:
        who = f"build (pid {self.holder})" if self.holder else "build"
        return f"{self.out} is busy: another {who} is writing into it; wait for it to finish"


@contextmanager
def output_lock(out: str | os.PathLike) -> Iterator[Path]:
    """Hold an exclusive lock on the output folder ``out`` (created if missing) for the block;
    yields the folder.

    The lock is ``fcntl.flock`` on :data:`LOCK_NAME` in ``out``, which holds the holder's pid;
    the kernel drops it when the holder dies, however it dies.  The file is removed at the end
    of the block, and ``out`` too when this call created it and nothing was written into it.

    Raises
    ------
    OutputBusyError
        Another process holds the lock (it is not waited for).
    OSError
        ``out`` cannot be created or written.
    """
    out = Path(out)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    fd = _lock_file(path)
    try:
        yield out
    finally:
        # Unlinked while locked: a process that opened the old file and locks it after this
        # sees that it no longer is the file at `path` and tries again (_lock_file).
        with suppress(OSError):
            path.unlink()
        if fd is not None:
            os.close(fd)
        if created:
            with suppress(OSError):
                out.rmdir()  # only when empty: a failed first build leaves no folder


def _lock_file(path: Path) -> int | None:
    if fcntl is None:
        return None
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            try:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or None
            finally:
                os.close(fd)
            raise OutputBusyError(path.parent, holder) from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)  # the holder removed it as we opened it: lock the new one


class ArticleSink:
    """Streams ``articles.jsonl`` rows into a temporary file in ``out``; :meth:`commit` renames
    it into place, :meth:`discard` removes it.  Nothing is created before the first row.

    Raises
    ------
    OutputWriteError
        From :meth:`write`, when the folder cannot be written (a full disk).
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self._file = None
        self._tmp: Path | None = None
        self.size = 0  #: bytes written

    def write(self, rows: bytes) -> None:
        """Append ``rows``, articles.jsonl lines (UTF-8)."""
        try:
            if self._file is None:
                self._file, self._tmp = temp_file_beside(self.out / "articles.jsonl",
                                                         binary=True)
            self._file.write(rows)
            self.size += len(rows)
        except OSError as exc:
            raise OutputWriteError(exc.strerror or str(exc)) from exc

    def finish(self) -> Path | None:
        """Flush, fsync and close the rows written; returns the complete temporary file (None
        when nothing was written), for :func:`write_outputs` to rename.  Raises ``OSError``
        (the temporary file stays for :meth:`discard`)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
        return self._tmp

    def commit(self) -> None:
        """Finish the rows written and rename them into ``out/articles.jsonl``."""
        tmp = self.finish()
        if tmp is not None:
            os.replace(tmp, self.out / "articles.jsonl")
            self._tmp = None

    def discard(self) -> None:
        """Remove what was written and not committed (nothing after :meth:`commit`).  Never
        raises: closing a file on a full disk fails again, and the file must go all the same."""
        file, tmp = self._file, self._tmp
        self._file = self._tmp = None
        if file is not None:
            with suppress(OSError):
                file.close()
        if tmp is not None:
            with suppress(OSError):
                tmp.unlink()


def write_outputs(graph: nx.MultiDiGraph | StreamedGraph, out: str | os.PathLike, *,
                  articles: ArticleSink | None = None, html: bool = True,
                  html_max_nodes: int | None = None, graph_format: str = "json") -> list[Path]:
    """Write a build's outputs into ``out`` (created if missing): the graph (streamed from a
    :class:`~newsgraph.graph.io.StreamedGraph`, a build's graph on disk) as ``graph.json`` or,
    when ``graph_format`` is ``"parquet"``, as the folder ``graph.parquet``
    (:mod:`~newsgraph.graph.parquet`, whose sentences refer to ``articles.jsonl``: it needs
    ``articles``), the ``articles`` sink's rows as ``articles.jsonl`` (when given) and
    ``graph.html`` (when ``html``, drawing at most ``html_max_nodes`` nodes) — all or none.
    An earlier build's ``graph.html`` (without ``html``) and its graph in the other format are
    removed with the renames: they showed another graph.

    Each is written complete under a temporary name first; they are renamed into place only
    once all are, so a failure (a full disk at ``graph.html``) leaves the earlier build's files
    as they were, and removes every temporary file, the sink's included.

    Returns
    -------
    list of Path
        The files written, in that order.

    Raises
    ------
    OSError
        ``out`` cannot be written; nothing of this build is left in it.
    """
    from .parquet import PARQUET_DIR, write_graph_parquet

    if graph_format not in ("json", "parquet"):
        raise ValueError(f"graph_format must be 'json' or 'parquet', not {graph_format!r}")
    if graph_format == "parquet" and articles is None:
        raise ValueError("a Parquet graph refers to articles.jsonl: give the articles sink")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []  # (complete temporary file or folder, its name)
    try:
        rows = None
        if articles is not None:
            rows = articles.finish()
            if rows is None:  # no article: an empty articles.jsonl beside the graph
                rows = _reserve(out / "articles.jsonl")
        started = time.perf_counter()
        if graph_format == "json":
            tmp = _reserve(out / "graph.json")
            staged.append((tmp, out / "graph.json"))
            write_graph_json(graph, tmp)
        else:
            tmp = Path(tempfile.mkdtemp(prefix=f".{PARQUET_DIR}.", suffix=".new", dir=out))
            tmp.chmod(0o777 & ~current_umask())  # mkdtemp's is 0o700: the folder as any other's
            staged.append((tmp, out / PARQUET_DIR))
            write_graph_parquet(graph, tmp, rows)
        log.info("%s written: %.1f s", staged[-1][1].name, time.perf_counter() - started)
        started = time.perf_counter()
        if rows is not None:
            staged.append((rows, out / "articles.jsonl"))
        if html:
            from .explorer import write_explorer

            tmp = _reserve(out / "graph.html")
            staged.append((tmp, out / "graph.html"))
            write_explorer(graph, tmp, max_nodes=html_max_nodes)  # a streamed graph: drawn part
            log.info("graph.html written: %.1f s", time.perf_counter() - started)
        for tmp, final in staged:
            if tmp.is_dir():
                replace_folder(tmp, final)
            else:
                os.replace(tmp, final)
        # An earlier build's explorer, or its graph in the other format, would show another
        # graph than this one.
        if not html:
            (out / "graph.html").unlink(missing_ok=True)
        if graph_format == "json":
            shutil.rmtree(out / PARQUET_DIR, ignore_errors=True)
        else:
            (out / "graph.json").unlink(missing_ok=True)
    except BaseException:
        for tmp, _ in staged:
            with suppress(OSError):
                if tmp.is_dir():
                    shutil.rmtree(tmp)
                else:
                    tmp.unlink()
        if articles is not None:
            articles.discard()
        raise
    if articles is not None:
        articles._tmp = None  # renamed into place: nothing left for discard()
    return [final for _, final in staged]


def _reserve(path: Path) -> Path:
    """A new empty file beside ``path`` (``.NAME.*.new``) for a complete copy of it to be
    written over (atomically, by the writers of graph/io.py) and renamed at the end."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    return Path(name)


def replace_folder(new: Path, final: Path) -> None:
    """Put the complete folder ``new`` in the place of ``final`` (a folder or nothing): the old
    one is renamed aside first and removed after, so ``final`` is never half of either."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.{os.getpid()}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
