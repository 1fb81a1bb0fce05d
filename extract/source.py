"""What reading an input file gives and how it fails: :class:`SourceText`, :class:`InputError`.

Also the normalisation every input's text gets (:class:`Normaliser`, :func:`normalise`: C0
controls and U+FEFF dropped, line ends made ``\\n``), which is part of the contract that
:mod:`newsgraph.extract.reader` describes: everything downstream reports character offsets into
``SourceText.text``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..storage import is_url

__all__ = ["SourceText", "InputError", "printable_path", "Normaliser", "normalise"]

_DROPPED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]+")


@dataclass(frozen=True)
class SourceText:
    """One input file, decoded and normalised.

    Attributes
    ----------
    path : Path
        The file read.
    name : str
        The name recorded as ``source`` in the graph: the path relative to the input folder it
        was found under, or the bare file name for a file given directly; POSIX separators.
    text : str
        The normalised text (see :mod:`newsgraph.extract.reader`); never blank.
    encoding : str
        The Python codec that decoded the file, e.g. ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a
        BOM), ``"gb18030"``, ``"utf-16"``, ``"big5"``.
    """

    path: Path
    name: str
    text: str = field(repr=False)  # can be hundreds of megabytes
    encoding: str


class InputError(Exception):
    """An input path that cannot be used: missing, unreadable, empty, binary or undecodable.

    ``path`` is a Path, or the ``str`` of a URL (:mod:`newsgraph.storage`).

    ``str(error)`` is ``"<path>: <reason>"``, the path as :func:`printable_path` prints it.
    """

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        # A URL stays a string: Path would fold its "//".
        path = path if is_url(path) else Path(path)
        # Both go to Exception so that the error pickles (multiprocessing) with its fields.
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{printable_path(self.path)}: {self.reason}"


def printable_path(path: str | os.PathLike) -> str:
    """``path`` as text for a one-line message: as it is when printable, else with the escapes
    ``repr`` gives control and other unprintable characters (a newline in a file name must not
    split the line that names it).

    >>> printable_path("in/通州 区.txt")
    'in/通州 区.txt'
    >>> print(printable_path("in/new\\nline.txt"))
    in/new\\nline.txt
    """
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)[1:-1]


class Normaliser:
    """Applies the reader's normalisation to text that arrives in pieces; a ``\\r`` at the end of
    a piece waits for the next one, which may start with the ``\\n`` of the same line end.

    ``feed(text, final=False)`` returns the normalised piece (C0 controls other than ``\\t``,
    ``\\n``, ``\\r`` and every U+FEFF dropped, ``\\r\\n`` and ``\\r`` made ``\\n``); the last
    piece is fed with ``final=True``.  The pieces returned join to :func:`normalise` of the
    pieces fed.
    """

    def __init__(self) -> None:
        self._pending_cr = False

    def feed(self, text: str, final: bool = False) -> str:
        if _DROPPED_CHARS.search(text):
            text = _DROPPED_CHARS.sub("", text)
        if self._pending_cr:
            text = "\r" + text
            self._pending_cr = False
        if not final and text.endswith("\r"):
            text = text[:-1]
            self._pending_cr = True
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text


def normalise(text: str) -> str:
    """``text`` normalised as a whole (:class:`Normaliser`).

    >>> normalise("a\\r\\nb\\rc\\x00\\ufeff")
    'a\\nb\\nc'
    """
    return Normaliser().feed(text, final=True)
