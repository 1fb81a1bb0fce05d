"""The work units of a build: files, pages of large files, errors; tasks of units for the
worker processes, and results streamed back in input order."""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from ..extract.dates import page_date
from ..extract.discovery import discover_each
from ..extract.documents import document_kind
from ..extract.pages import article_pages
from ..extract.pipeline import ArticleRecord
from ..extract.reader import iter_text_blocks
from ..extract.source import InputError

__all__ = ["LARGE_FILE_BYTES", "PAGE_CHARS", "FileUnit", "PageUnit", "ErrorUnit", "Task", "Kept",
           "discover", "large_file_pages", "pass1_units", "renumber", "plan_tasks", "by_file",
           "ordered"]

#: Files larger than this (bytes) are read block by block (``iter_text_blocks``) and split into
#: pages of about :data:`PAGE_CHARS` characters, instead of being held whole in memory.
LARGE_FILE_BYTES = 32 << 20
#: Characters per page of a large file; a page is one task for a worker process.
PAGE_CHARS = 1_000_000


@dataclass(frozen=True)
class FileUnit:
    """A whole file (read by the worker) or, for :class:`PageUnit`, the file of a page."""

    path: Path | str  # str: a URL (newsgraph.storage)
    name: str
    size: int


@dataclass(frozen=True)
class PageUnit:
    """One page of a large file, read by this process and sent to a worker."""

    file: FileUnit
    text: str
    pdate: str | None
    offset: int = 0  # characters before the page in the file
    size: int = 0  # UTF-8 bytes, for the progress bar and task sizes


@dataclass(frozen=True)
class ErrorUnit:
    """A file (or, with ``file`` None, a folder) this process found unusable."""

    file: FileUnit | None
    error: InputError
    size: int = 0


def discover(inputs: Sequence[str | os.PathLike], *,
             exclude: Sequence[str | os.PathLike] = ()) -> list[FileUnit | ErrorUnit]:
    """The files to read and the folders that could not be listed, in input order; folders
    in ``exclude`` (the output folder) are not walked into."""
    entries: list[FileUnit | ErrorUnit] = []
    for files, errors in discover_each(inputs, exclude=exclude):
        entries += [ErrorUnit(None, exc) for exc in errors]
        for path, name, size in files:
            if size is None:
                try:
                    size = path.stat().st_size
                except OSError:
                    size = 0  # the worker's read_source says what is wrong
            entries.append(FileUnit(path, name, size))
    return entries


def large_file_pages(file: FileUnit) -> Iterator[tuple[str, str | None]]:
    """``(page, page date)`` of a file read block by block; raises InputError."""
    pdate = None
    blocks = iter_text_blocks(file.path, block_chars=PAGE_CHARS)
    for i, page in enumerate(article_pages(blocks, PAGE_CHARS)):
        if i == 0:
            pdate = page_date(page, file.name)
        yield page, pdate


def pass1_units(entries: list[FileUnit | ErrorUnit]
                 ) -> Iterator[FileUnit | PageUnit | ErrorUnit]:
    for entry in entries:
        # A large PDF or Word file is read whole by its own reader, page by page.
        if entry.size > LARGE_FILE_BYTES and document_kind(entry.path) is None:
            offset = 0
            try:
                for page, pdate in large_file_pages(entry):
                    yield PageUnit(entry, page, pdate, offset, size=len(page.encode("utf-8")))
                    offset += len(page)
            except InputError as exc:
                yield ErrorUnit(entry, exc)
        else:
            yield entry


@dataclass(frozen=True)
class Task:
    """Consecutive units for one worker call, and the file where pass 1 keeps their articles
    for pass 2 (a pickled list: per unit its articles, or None for a unit that failed)."""

    units: list
    spill: Path


@dataclass(frozen=True)
class Kept:
    """A unit pass 1 read successfully: where its articles wait, and for a page of a large
    file ``(articles on the file's earlier pages, characters before the page)``."""

    spill: Path
    index: int  # the unit's place in its spill file
    size: int  # UTF-8 bytes, for the progress bar
    renumber: tuple[int, int] | None = None


def renumber(records: list[ArticleRecord], base: int, offset: int) -> None:
    """Give a page's articles their place in the whole file (ids, page offsets)."""
    for r in records:
        r.index += base
        r.article_id = f"{r.article_id.rsplit('#', 1)[0]}#{r.index}"
        r.page_start += offset
        r.page_end += offset


def plan_tasks(units: Iterable, task_bytes: int) -> Iterator[list]:
    """Group consecutive whole-file units into tasks of about ``task_bytes``; a page or an
    error is a task of its own."""
    task, size = [], 0
    for unit in units:
        alone = isinstance(unit, (PageUnit, ErrorUnit))
        if task and (alone or size + unit.size > task_bytes):
            yield task
            task, size = [], 0
        task.append(unit)
        size += unit.size
        if alone:
            yield task
            task, size = [], 0
    if task:
        yield task


def _file_key(unit: FileUnit | PageUnit | ErrorUnit) -> object:
    if isinstance(unit, FileUnit):
        return unit
    return unit.file if unit.file is not None else unit


def by_file(results: Iterable[tuple]) -> Iterator[list[tuple]]:
    """Group the ordered ``(unit, result)`` stream by file (a file's units are consecutive)."""
    return (list(group) for _, group in groupby(results, key=lambda ur: _file_key(ur[0])))


def ordered(pool: Executor | None, work: Callable[[Task], list], tasks: Iterable[Task],
             workers: int) -> Iterator[tuple]:
    """Run ``work`` on each task (in ``pool``, or here when it is None) and yield
    ``(unit, result)`` for each of its units, in task order.

    At most ``4 * workers`` tasks are in flight, so that results waiting for their turn (pass 2
    sends back whole articles) do not pile up when this process is the slower side.
    """
    if pool is None:
        for task in tasks:
            yield from zip(task.units, work(task))
        return
    pending: deque = deque()
    try:
        for task in tasks:
            pending.append((task, pool.submit(work, task)))
            while len(pending) >= 4 * workers:
                task0, future = pending.popleft()
                yield from zip(task0.units, future.result())
        while pending:
            task0, future = pending.popleft()
            yield from zip(task0.units, future.result())
    finally:
        for _, future in pending:
            future.cancel()
