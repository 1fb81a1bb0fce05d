"""Reading input files: one file, or every file found, as normalised text.

This is the first stage of the pipeline (files →
:class:`~newsgraph.extract.source.SourceText`); everything downstream
works on ``SourceText.text`` and reports character offsets into it, so the normalisation here is
part of the contract:

* C0 control characters other than ``\\n``, ``\\r`` and ``\\t`` (NUL, form feed, …) are removed,
  and so is every U+FEFF (a byte-order mark, also the stray ones that concatenated files leave
  mid-text);
* then line endings ``\\r\\n`` and ``\\r`` become ``\\n`` (so ``\\r\\x00\\n`` is one line end);
* undecodable byte sequences, when few enough to be tolerated (one per 10 000 bytes of file, plus
  a multi-byte character cut off by the end of the file), become U+FFFD;
* HTML (``.htm``/``.html``, or text starting with ``<!doctype`` or ``<html``) is read by
  :mod:`newsgraph.extract.html` (trafilatura: main text, title, date); a fragment it rejects is
  reduced to its text (:mod:`newsgraph.extract.html_text`): tags, comments, scripts, styles
  and the page chrome of ``nav``, ``aside`` and ``footer`` elements dropped, entities decoded,
  block elements on lines of their own and paragraphs separated by a blank line.

* the YAML front matter of a markdown file (``.md``/``.markdown``: a ``---`` block of
  ``key: value`` lines at its start, :mod:`newsgraph.extract.frontmatter`) is dropped.

Nothing else is changed (no Unicode normalisation, no trimming of plain text).

Encodings are detected by :mod:`newsgraph.extract.decoding` (its docstring gives the order and
what is refused); folders are walked by :mod:`newsgraph.extract.discovery`; the line-end and
control-character rules are :class:`~newsgraph.extract.source.Normaliser`'s.
"""
from __future__ import annotations

import io
import logging
import os
import re
import stat
from dataclasses import replace
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from ..storage import StorageError, is_url, local_copy
from .decoding import NON_ASCII, SAMPLE_BYTES, Decoder, detect_encoding
from .discovery import discover_each
from .frontmatter import MARKDOWN_SUFFIXES, strip_front_matter
from .html_text import html_to_text, is_html
from .source import InputError, Normaliser, SourceText, normalise

__all__ = [
    "MAX_PREFIX_BYTES",
    "READ_BYTES",
    "read_source",
    "iter_sources",
    "iter_text_blocks",
]

log = logging.getLogger(__name__)

#: At most this many bytes (8 MiB) are read for encoding detection (the head detection judges).
MAX_PREFIX_BYTES = 8 << 20
#: Bytes read at a time after the head (1 MiB).
READ_BYTES = 1 << 20

_BLANK_LINE = re.compile("\n[ \t\u3000]*\n")

# --------------------------------------------------------------------------------------------
# Reading


def read_source(
    path: str | os.PathLike, *, name: str | None = None, max_bytes: int | None = None
) -> SourceText:
    """Read one file and return its normalised text.

    Parameters
    ----------
    path : path or URL
        The file; any suffix (a URL's file is read from a temporary local copy,
        :mod:`newsgraph.storage`). ``.htm``/``.html`` files, and files whose text starts with
        ``<!doctype`` or ``<html``, are read as web pages; PDF and ``.docx`` files by
        :func:`newsgraph.extract.documents.read_document` (a ``PagedSource`` for a PDF or a
        web page).
    name : str, optional
        The :attr:`SourceText.name` to record (default: the file name).
    max_bytes : int, optional
        Refuse files larger than this many bytes (the whole file is held in memory; use
        :func:`iter_text_blocks` for very large ones).

    Returns
    -------
    SourceText

    Raises
    ------
    InputError
        Missing file, broken symbolic link, folder or other non-regular file (FIFO, device),
        permission denied, larger than ``max_bytes``, empty (no bytes, or nothing but whitespace
        and dropped characters), binary (known signature such as PNG/ZIP, or more than 10 %
        control bytes), or undecodable (no encoding decodes it with at most one bad sequence per
        10 000 bytes). For a URL, also a file that cannot be fetched; the error names the URL.
    """
    if is_url(path):
        return _read_url(path, name, max_bytes)
    path = Path(path)
    size = _regular_file_size(path)
    if max_bytes is not None and size > max_bytes:
        raise InputError(path, f"too large ({size} bytes, the limit is {max_bytes})")
    if size == 0:
        raise InputError(path, "empty file")
    from .documents import read_document  # PDF and Word files have readers of their own

    document = read_document(path, name or path.name)
    if document is not None:
        return document
    with _open(path) as f:
        data = _read(f, path, -1)
    prefix = _read_prefix(io.BytesIO(data), path)
    encoding = detect_encoding(prefix, path, complete=len(prefix) == len(data))
    decoder = Decoder(encoding)
    text = Normaliser().feed(decoder.decode(data, final=True), final=True)
    decoder.check(path, len(data))
    if is_html(path, text):
        from .documents import read_web_source  # trafilatura: main text, title, date

        web = read_web_source(path, name or path.name, text, encoding)
        if web is not None:
            return web
        text = normalise(html_to_text(text))  # a fragment without main text
    elif path.suffix.lower() in MARKDOWN_SUFFIXES:
        text = strip_front_matter(text)
    if not text.strip():
        raise InputError(path, "empty file (no text)")
    return SourceText(path=path, name=name or path.name, text=text, encoding=encoding)


def iter_sources(
    inputs: Sequence[str | os.PathLike],
    *,
    on_error: Callable[[InputError], None] | None = None,
    strict: bool = False,
) -> Iterator[SourceText]:
    """Read every file :func:`~newsgraph.extract.discovery.discover` finds for ``inputs``,
    skipping the ones that fail.

    Parameters
    ----------
    inputs : sequence of paths
        As for :func:`~newsgraph.extract.discovery.discover`.
    on_error : callable, optional
        Called with the :class:`InputError` of each file, or folder that cannot be listed, that
        is skipped (default: log a warning).
    strict : bool
        Raise the first :class:`InputError` instead of skipping.

    Yields
    ------
    SourceText
        In :func:`~newsgraph.extract.discovery.discover` order, named relative to the input
        folder each file was found under.

    Raises
    ------
    InputError
        For an input that does not exist, always, when the iteration starts; for anything else
        only when ``strict`` is true.
    """
    report = on_error if on_error is not None else _log_skipped
    for files, errors in discover_each(inputs):
        for exc in errors:
            if strict:
                raise exc
            report(exc)
        for path, name, _size in files:
            try:
                source = read_source(path, name=name)
            except InputError as exc:
                if strict:
                    raise
                report(exc)
                continue
            yield source


def iter_text_blocks(
    path: str | os.PathLike, *, block_chars: int = 1_000_000
) -> Iterator[tuple[int, str]]:
    """Decode a (possibly very large) file incrementally and yield it in blocks.

    The concatenated blocks equal ``read_source(path).text``. Memory stays bounded by a few
    ``block_chars`` plus the bytes read for encoding detection (usually 64 KiB, at most 8 MiB) and
    one 1 MiB read, whatever the file size, except for HTML files, which are read whole.

    Parameters
    ----------
    path : path
        The file.
    block_chars : int
        Upper bound on a block's length in characters (≥ 1).

    Yields
    ------
    (offset, block) : (int, str)
        ``offset`` is the character offset of ``block`` in the whole normalised text. A block
        ends just after a blank line (a paragraph boundary) when there is one in it, else after
        its last newline, else at ``block_chars``.

    Raises
    ------
    ValueError
        If ``block_chars < 1``.
    InputError
        As for :func:`read_source` (without ``max_bytes``), raised from the iteration: problems
        found by encoding detection before anything is yielded; too many undecodable bytes
        further on, after the blocks before them. A file longer than the detection prefix that
        holds only whitespace is not refused.
    """
    if block_chars < 1:
        raise ValueError(f"block_chars must be at least 1, not {block_chars}")
    if is_url(path):
        return _url_blocks(path, block_chars)
    return _iter_text_blocks(Path(path), block_chars)


def _read_url(url: str, name: str | None, max_bytes: int | None) -> SourceText:
    try:
        with local_copy(url) as local:
            src = read_source(local, name=name or local.name, max_bytes=max_bytes)
    except (StorageError, InputError) as exc:  # named by the URL, not the temporary copy
        raise InputError(url, exc.reason) from None
    return replace(src, path=url)


def _url_blocks(url: str, block_chars: int) -> Iterator[tuple[int, str]]:
    try:
        with local_copy(url) as local:
            yield from _iter_text_blocks(local, block_chars)
    except (StorageError, InputError) as exc:
        raise InputError(url, exc.reason) from None


def _iter_text_blocks(path: Path, block_chars: int) -> Iterator[tuple[int, str]]:
    size = _regular_file_size(path)
    if size == 0:
        raise InputError(path, "empty file")
    with _open(path) as f:
        head = _read_prefix(f, path)
        following = _read(f, path, READ_BYTES)
        complete = not following
        encoding = detect_encoding(head, path, complete=complete)
        decoder = Decoder(encoding)
        normaliser = Normaliser()
        first = normaliser.feed(decoder.decode(head, final=complete), final=complete)
        if is_html(path, first):
            pieces: Iterable[str] = [read_source(path).text]
        else:
            if path.suffix.lower() in MARKDOWN_SUFFIXES:  # front matter sits in the head
                first = strip_front_matter(first)
            if complete and not first.strip():
                raise InputError(path, "empty file (no text)")

            def rest(chunk: bytes) -> Iterator[str]:
                while chunk:
                    text = decoder.decode(chunk)
                    decoder.check(path, size)
                    yield normaliser.feed(text)
                    chunk = _read(f, path, READ_BYTES)
                yield normaliser.feed(decoder.decode(b"", final=True), final=True)
                decoder.check(path, size)

            decoder.check(path, size)
            pieces = chain([first], rest(following))
        yield from _cut_blocks(pieces, block_chars)


def _cut_blocks(pieces: Iterable[str], block_chars: int) -> Iterator[tuple[int, str]]:
    buffer = ""
    offset = 0
    for piece in pieces:
        buffer += piece
        start = 0  # an index rather than re-slicing, which would be quadratic for small blocks
        while len(buffer) - start > block_chars:
            end = _block_end(buffer, start, start + block_chars)
            yield offset, buffer[start:end]
            offset += end - start
            start = end
        buffer = buffer[start:]
    if buffer:
        yield offset, buffer


def _block_end(text: str, start: int, limit: int) -> int:
    last = None
    for last in _BLANK_LINE.finditer(text, start, limit):
        pass
    if last is not None:
        return last.end()
    newline = text.rfind("\n", start, limit)
    return newline + 1 if newline >= 0 else limit


# --------------------------------------------------------------------------------------------
# Files


def _regular_file_size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(
            path, "broken symbolic link" if path.is_symlink() else "no such file"
        ) from None
    except PermissionError:  # a folder on the way that cannot be searched
        raise InputError(path, "unreadable (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"unreadable ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder")
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO would block until something writes to it.
        kind = {
            stat.S_IFIFO: "a FIFO",
            stat.S_IFSOCK: "a socket",
            stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device",
        }.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise InputError(path, f"not a regular file ({kind})")
    return info.st_size


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError(path, "unreadable (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"unreadable ({exc.strerror})") from None


def _read(f: BinaryIO, path: Path, size: int) -> bytes:
    try:
        return f.read(size)
    except OSError as exc:  # e.g. EIO on a failing disk, EISDIR on odd mounts
        raise InputError(path, f"unreadable ({exc.strerror})") from None


def _log_skipped(exc: InputError) -> None:
    log.warning("skipped %s", exc)

def _read_prefix(f: BinaryIO, path: Path) -> bytes:
    """Read what detection looks at: the first 64 KiB, extended until it also holds 64 KiB from
    the first non-ASCII byte (at most 8 MiB); an HTML page can have that much ASCII script and
    style before its first Chinese character."""
    prefix = _read(f, path, SAMPLE_BYTES)
    while True:
        first = NON_ASCII.search(prefix)
        wanted = MAX_PREFIX_BYTES if first is None else first.start() + SAMPLE_BYTES
        if len(prefix) >= min(wanted, MAX_PREFIX_BYTES):
            return prefix
        more = _read(f, path, min(wanted - len(prefix), READ_BYTES))
        if not more:
            return prefix
        prefix += more
