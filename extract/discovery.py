"""Finding the input files: folders walked for the suffixes read, hidden files and excluded
folders skipped, each file listed once, in a deterministic order.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

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
        path is accepted as a one-element sequence.
    exclude : iterable of paths
        Folders not to walk into below an input folder (a build's output folder: its
        ``graph.html`` is no article).

    Returns
    -------
    list of Path
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
        found.extend(path for path, _name in files)
    return found


def discover_each(
    inputs: Sequence[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = (),
) -> Iterator[tuple[list[tuple[Path, str]], list[InputError]]]:
    """Yield, per input, its ``(path, name)`` pairs and the folders below it that cannot be
    listed. Files already yielded for an earlier input are left out, and so are the folders
    ``exclude`` names (as for :func:`discover`).

    Raises InputError, before yielding anything, for an input that does not exist: that is a
    mistyped argument rather than one bad file among many.
    """
    roots = [Path(inputs)] if isinstance(inputs, (str, os.PathLike)) else [Path(i) for i in inputs]
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(root, "no such file or folder")
    seen: set[str] = set()
    skip = frozenset(os.path.realpath(p) for p in exclude)
    for root in roots:
        if root.is_dir():
            files, errors = _walk(root, skip)
        else:
            # Taken as given, even a broken link or a FIFO: read_source reports what is wrong.
            files, errors = [(root, root.name)], []
        fresh = []
        for path, name in files:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                fresh.append((path, name))
        yield fresh, errors


def _walk(root: Path, skip: frozenset[str] = frozenset()
          ) -> tuple[list[tuple[Path, str]], list[InputError]]:
    files: list[tuple[Path, str]] = []
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
            files.append((path, path.relative_to(root).as_posix()))
    files.sort(key=lambda pair: pair[1].split("/"))
    return files, errors
