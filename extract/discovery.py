"""Finding the input files: folders walked for the suffixes read, hidden files and excluded
folders skipped, each file listed once, in a deterministic order.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..storage import StorageError, is_url, list_folder
from .source import InputError

__all__ = ["TEXT_SUFFIXES", "discover", "discover_each"]

#: Suffixes (compared case-insensitively) of the files taken when a folder is walked.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".htm", ".html", ".pdf", ".docx"})


def discover(inputs: Sequence[str | os.PathLike], *,
             exclude: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Return the files to read for ``inputs``, in a deterministic order.

    Parameters
    ----------
    inputs : sequence of paths
        Files, taken whatever their suffix, and folders, walked recursively for files whose
        suffix is in :data:`TEXT_SUFFIXES`. Below a folder, hidden files and folders (name
        starting with ``.``) are skipped and symbolic links to folders are not followed. A single
        path is accepted as a one-element sequence. A URL (``s3://bucket/papers/``, see
        :mod:`newsgraph.storage`) is listed the same way and its files are URLs (``str``).
    exclude : iterable of paths
        Folders not to walk into below an input folder (a build's output folder: its
        ``graph.html`` is no article).

    Returns
    -------
    list of Path (or str, for a file of a URL)
        Input by input; within a folder sorted by relative path. A file reached twice (through
        two inputs) is listed once.

    Raises
    ------
    InputError
        For an input that does not exist, or a folder (or sub-folder) that cannot be listed.

    Examples
    --------
    >>> discover(["/nonexistent"])
    Traceback (most recent call last):
    ...
    newsgraph.extract.source.InputError: /nonexistent: no such file or folder
    """
    found = []
    for files, errors in discover_each(inputs, exclude=exclude):
        if errors:
            raise errors[0]
        found.extend(path for path, _name, _size in files)
    return found


def discover_each(
    inputs: Sequence[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = (),
) -> Iterator[tuple[list[tuple[Path | str, str, int | None]], list[InputError]]]:
    """Yield, per input, its files as ``(path, name, size)`` and the folders below it that
    cannot be listed. ``size`` is the listing's, in bytes, for a URL's file and None for a
    local one (its ``stat`` says). Files already yielded for an earlier input are left out, and so are the folders
    ``exclude`` names (as for :func:`discover`).

    Raises InputError, before yielding anything, for an input that does not exist: that is a
    mistyped argument rather than one bad file among many.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    roots = [i if is_url(i) else Path(i) for i in inputs]
    exclude = list(exclude)
    listed = {}  # URL → its files, listed first so that a mistyped URL stops the build too
    for root in roots:
        if isinstance(root, str):
            try:
                listed[root] = list_folder(root, TEXT_SUFFIXES, exclude=exclude)
            except StorageError as exc:
                raise InputError(root, exc.reason) from None
        elif not os.path.lexists(root):
            raise InputError(root, "no such file or folder")
    seen: set[str] = set()
    skip = frozenset(os.path.realpath(p) for p in exclude if not is_url(p))
    for root in roots:
        if isinstance(root, str):
            below = listed[root]
            files = ([(root, root.rstrip("/").rsplit("/", 1)[-1], None)] if below is None
                     else below)
            errors = []
        elif root.is_dir():
            files, errors = _walk(root, skip)
        else:
            # Taken as given, even a broken link or a FIFO: read_source reports what is wrong.
            files, errors = [(root, root.name, None)], []
        fresh = []
        for path, name, size in files:
            key = path if isinstance(path, str) else os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                fresh.append((path, name, size))
        yield fresh, errors


def _walk(root: Path, skip: frozenset[str] = frozenset()
          ) -> tuple[list[tuple[Path, str, None]], list[InputError]]:
    files: list[tuple[Path, str, None]] = []
    errors: list[InputError] = []

    def unlistable(exc: OSError) -> None:
        errors.append(InputError(exc.filename or root, f"cannot list folder ({exc.strerror})"))

    for folder, subfolders, names in os.walk(root, onerror=unlistable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")
                         and not (skip and os.path.realpath(os.path.join(folder, d)) in skip)]
        for fname in names:
            if fname.startswith(".") or Path(fname).suffix.lower() not in TEXT_SUFFIXES:
                continue
            path = Path(folder, fname)
            files.append((path, path.relative_to(root).as_posix(), None))
    files.sort(key=lambda pair: pair[1].split("/"))
    return files, errors
