"""Reading input files: discovery, encoding detection, text normalisation and HTML stripping.

This is the first stage of the pipeline (files → :class:`SourceText`); everything downstream
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
  reduced to its text: tags, comments, scripts, styles and the page chrome of ``nav``, ``aside`` and ``footer``
  elements dropped, entities decoded, block elements on lines of
  their own and paragraphs separated by a blank line.

* the YAML front matter of a markdown file (``.md``/``.markdown``: a ``---`` block of
  ``key: value`` lines at its start, :mod:`newsgraph.extract.frontmatter`) is dropped.

Nothing else is changed (no Unicode normalisation, no trimming of plain text).

Encodings are detected from the start of the file, read up to 64 KiB past its first non-ASCII byte
(at most 8 MiB), in this order: a BOM (UTF-32, UTF-8, UTF-16); UTF-16 without a BOM, or UTF-8
and GB18030 with NULs between the characters, for a head with many NUL bytes; UTF-8; UTF-16
without a BOM when the head holds NULs and decodes in one byte order into text
(:mod:`newsgraph.extract.plausible`); GB18030 when the
bytes decode as GB18030 into text that looks like simplified Chinese; the charset an HTML page
declares; charset-normalizer's guess (its GB2312/GBK guesses are read as GB18030, their superset).
A guess other than UTF-8 that decodes into private-use or rare CJK blocks is passed over.
GB18030 comes before charset-normalizer because on short Chinese texts the latter often guesses
Big5 or CP949, which decode the same bytes into other characters.
"""
from __future__ import annotations

import codecs
import io
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from .frontmatter import MARKDOWN_SUFFIXES, strip_front_matter
from .plausible import looks_like_text, plausible_share, suspect_share

__all__ = [
    "SourceText",
    "InputError",
    "TEXT_SUFFIXES",
    "discover",
    "discover_each",
    "read_source",
    "iter_sources",
    "iter_text_blocks",
    "printable_path",
]

log = logging.getLogger(__name__)

#: Suffixes (compared case-insensitively) of the files taken when a folder is walked.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".htm", ".html", ".pdf", ".docx"})
_HTML_SUFFIXES = frozenset({".htm", ".html"})

# Detection looks at the head of the file only, so that read_source and iter_text_blocks (which
# cannot look further ahead) agree on the encoding of every file.
_SAMPLE_BYTES = 64 * 1024
_MAX_PREFIX_BYTES = 8 << 20
_READ_BYTES = 1 << 20
# Text has some tabs and newlines but hardly any other control bytes; binaries have many.
_MAX_CONTROL_SHARE = 0.10
# A decode without a BOM is taken for UTF-16 when at least this share of it is in the blocks
# text uses, and a candidate refused when more of its non-ASCII characters than this are in
# the blocks text hardly uses (newsgraph.extract.plausible).
_MIN_PLAUSIBLE_SHARE = 0.95
_MAX_SUSPECT_SHARE = 0.2
# One bad byte sequence per this many bytes is tolerated: scraped pages often carry a stray
# byte, and refusing a whole 200 MB dump for it helps nobody.
_BYTES_PER_TOLERATED_ERROR = 10_000

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030"})

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
_DROPPED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]+")
# Lone surrogates: the mark left by _MARK_UNDECODABLE, or produced by a codec; either way they
# cannot be encoded again, so they never leave this module.
_SURROGATES = re.compile("[\ud800-\udfff]+")
_BLANK_LINE = re.compile("\n[ \t\u3000]*\n")
_DECLARED_CHARSET = re.compile(
    rb"""<(?:meta[^>]*?charset|\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)

_MARK_UNDECODABLE = "newsgraph-reader-mark"
codecs.register_error(_MARK_UNDECODABLE, lambda exc: ("\udfff", exc.end))


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
        The normalised text (see the module docstring); never blank.
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

    ``str(error)`` is ``"<path>: <reason>"``, the path as :func:`printable_path` prints it.
    """

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        # Both go to Exception so that the error pickles (multiprocessing) with its fields.
        super().__init__(Path(path), reason)
        self.path = Path(path)
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


# --------------------------------------------------------------------------------------------
# Discovery


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
    newsgraph.extract.reader.InputError: /nonexistent: no such file or folder
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


# --------------------------------------------------------------------------------------------
# Reading


def read_source(
    path: str | os.PathLike, *, name: str | None = None, max_bytes: int | None = None
) -> SourceText:
    """Read one file and return its normalised text.

    Parameters
    ----------
    path : path
        The file; any suffix. ``.htm``/``.html`` files, and files whose text starts with
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
        10 000 bytes).
    """
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
    encoding = _detect_encoding(prefix, path, complete=len(prefix) == len(data))
    decoder = _Decoder(encoding)
    text = _Normaliser().feed(decoder.decode(data, final=True), final=True)
    decoder.check(path, len(data))
    if _is_html(path, text):
        from .documents import read_web_source  # trafilatura: main text, title, date

        web = read_web_source(path, name or path.name, text, encoding)
        if web is not None:
            return web
        text = _normalise(_html_to_text(text))  # a fragment without main text
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
    """Read every file :func:`discover` finds for ``inputs``, skipping the ones that fail.

    Parameters
    ----------
    inputs : sequence of paths
        As for :func:`discover`.
    on_error : callable, optional
        Called with the :class:`InputError` of each file, or folder that cannot be listed, that
        is skipped (default: log a warning).
    strict : bool
        Raise the first :class:`InputError` instead of skipping.

    Yields
    ------
    SourceText
        In :func:`discover` order, named relative to the input folder each file was found under.

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
        for path, name in files:
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
    return _iter_text_blocks(Path(path), block_chars)


def _iter_text_blocks(path: Path, block_chars: int) -> Iterator[tuple[int, str]]:
    size = _regular_file_size(path)
    if size == 0:
        raise InputError(path, "empty file")
    with _open(path) as f:
        head = _read_prefix(f, path)
        following = _read(f, path, _READ_BYTES)
        complete = not following
        encoding = _detect_encoding(head, path, complete=complete)
        decoder = _Decoder(encoding)
        normaliser = _Normaliser()
        first = normaliser.feed(decoder.decode(head, final=complete), final=complete)
        if _is_html(path, first):
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
                    chunk = _read(f, path, _READ_BYTES)
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


# --------------------------------------------------------------------------------------------
# Decoding


class _Decoder:
    """An incremental decoder that turns undecodable byte sequences into U+FFFD and counts them."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.errors = 0
        self.first_error_at: int | None = None  # character offset in the decoded text
        self._decoded = 0
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_MARK_UNDECODABLE)

    def decode(self, data: bytes, final: bool = False) -> str:
        text = self._decoder.decode(data, final=False)
        if final:
            # A multi-byte character cut off by the end of the file (a truncated download) is
            # not counted as an error.
            cut_off = self._decoder.getstate()[0]
            self._decoder.reset()
            text += "\ufffd" if cut_off else ""
        first = _SURROGATES.search(text)
        if first:
            if self.first_error_at is None:
                self.first_error_at = self._decoded + first.start()
            text, count = _SURROGATES.subn("\ufffd", text)
            self.errors += count
        self._decoded += len(text)
        return text

    def tolerable(self, size: int) -> bool:
        return self.errors <= size // _BYTES_PER_TOLERATED_ERROR

    def check(self, path: Path, size: int) -> None:
        if not self.tolerable(size):
            raise InputError(
                path,
                f"undecodable as {self.encoding}: at least {self.errors} invalid byte sequences,"
                f" the first at character {self.first_error_at}",
            )


def _decode_sample(sample: bytes, encoding: str, *, complete: bool) -> tuple[str, _Decoder]:
    decoder = _Decoder(encoding)
    return decoder.decode(sample, final=complete), decoder


def _read_prefix(f: BinaryIO, path: Path) -> bytes:
    """Read what detection looks at: the first 64 KiB, extended until it also holds 64 KiB from
    the first non-ASCII byte (at most 8 MiB); an HTML page can have that much ASCII script and
    style before its first Chinese character."""
    prefix = _read(f, path, _SAMPLE_BYTES)
    while True:
        first = _NON_ASCII.search(prefix)
        wanted = _MAX_PREFIX_BYTES if first is None else first.start() + _SAMPLE_BYTES
        if len(prefix) >= min(wanted, _MAX_PREFIX_BYTES):
            return prefix
        more = _read(f, path, min(wanted - len(prefix), _READ_BYTES))
        if not more:
            return prefix
        prefix += more


def _detect_encoding(prefix: bytes, path: Path, *, complete: bool) -> str:
    """Return the codec for a file from its first bytes ``prefix`` (from :func:`_read_prefix`;
    ``complete``: the whole file); raise InputError for a binary or undecodable file."""
    for signature, kind in _SIGNATURES:
        if prefix.startswith(signature):
            raise InputError(path, f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if prefix.startswith(bom):
            return encoding
    head = prefix[:_SAMPLE_BYTES]
    control_bytes = len(head.translate(None, _NOT_CONTROL_BYTES))
    if control_bytes > _MAX_CONTROL_SHARE * len(head):
        encoding = _utf16_without_bom(head) or _nul_riddled(head)
        if encoding is None:
            share = control_bytes * 100 // len(head)
            raise InputError(path, f"binary file ({share}% control bytes)")
        return encoding

    declared = None
    match = _DECLARED_CHARSET.search(prefix[:4096])
    if match and (path.suffix.lower() in _HTML_SUFFIXES or prefix.lstrip().startswith(b"<")):
        declared = _codec_name(match.group(1).decode("ascii"))
    first = _NON_ASCII.search(prefix)
    if first is None:
        # ASCII so far: any ASCII-compatible encoding fits; only a declaration says which one
        # the rest of the file is in.
        return declared if declared and not complete else "utf-8"

    # The ASCII before the first non-ASCII byte tells nothing about the encoding.
    sample = prefix[first.start() : first.start() + _SAMPLE_BYTES]
    sample_complete = complete and first.start() + _SAMPLE_BYTES >= len(prefix)
    if not sample_complete:
        # Cut at a line end so that the sample ends on a whole character: 0x0A is never part of
        # a multi-byte character in UTF-8, GB18030, Big5, Shift-JIS or EUC encodings.
        newline = sample.rfind(b"\n")
        sample = sample[: newline + 1] if newline > 0 else sample
    if b"\0" in head and not _decodes_as_utf8(sample, complete=sample_complete):
        # UTF-16 without a BOM: few NULs in Chinese text (those of its ASCII characters and line
        # ends), which other encodings hardly ever hold.
        encoding = _utf16_without_bom(head)
        if encoding is not None:
            return encoding
    for encoding, must_look_chinese in _candidate_encodings(sample, declared):
        text, decoder = _decode_sample(sample, encoding, complete=sample_complete)
        # The sample's own length, not the file's: a large file's allowance would let a wrong
        # encoding through on a sample that is full of errors.
        if not decoder.tolerable(len(sample)):
            continue
        if must_look_chinese and not _looks_simplified_chinese(text):
            continue
        # Per byte, as the check on the raw head: per character, a few NULs in a short Chinese
        # text (three bytes a character) would weigh three times as much.
        if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(sample):
            continue
        if encoding != "utf-8" and suspect_share(text) > _MAX_SUSPECT_SHARE:
            continue  # decoded, but into garbage (valid UTF-8 is never chance)
        return encoding
    raise InputError(
        path, "undecodable text (not UTF-8 or GB18030, and no other encoding fits it)"
    )


def _candidate_encodings(sample: bytes, declared: str | None) -> Iterator[tuple[str, bool]]:
    """Yield ``(encoding, must_look_chinese)`` in order of preference; the costly guess last."""
    yield "utf-8", False
    yield "gb18030", True
    if declared:
        yield declared, False
    best = from_bytes(sample).best()
    if best is not None:
        encoding = _codec_name(best.encoding)
        if encoding:
            yield encoding, False


def _codec_name(label: str) -> str | None:
    """The codec called ``label``, GB18030 for its subsets; None if unknown or not
    ASCII-compatible (a page in UTF-16 cannot declare so in ASCII)."""
    try:
        name = codecs.lookup(label).name
        if "<a\n".encode(name) != b"<a\n":
            return None
    except (LookupError, UnicodeError):
        return None
    return "gb18030" if name in _GB_FAMILY else name


def _utf16_without_bom(head: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when ``head`` (the first bytes of the file) decodes in
    that byte order, without a BOM, into text (:func:`~newsgraph.extract.plausible.looks_like_text`:
    mostly-ASCII UTF-16 and Chinese UTF-16 alike; the other byte order, or UTF-8 with NULs in
    it, decode into rare blocks); else None."""
    if len(head) < 32:  # too little to tell UTF-16 from a few control bytes
        return None
    head = head[: len(head) // 2 * 2]
    best, best_share = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        text, decoder = _decode_sample(head, encoding, complete=False)
        if decoder.errors or len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
            continue
        share = plausible_share(text)
        if share > best_share:
            best, best_share = encoding, share
    return best if best_share >= _MIN_PLAUSIBLE_SHARE else None


def _nul_riddled(head: bytes) -> str | None:
    """"utf-8" or "gb18030" when ``head`` is text in that encoding with NUL bytes between its
    characters (a careless conversion, a padded export); the reader drops the NULs.  None
    otherwise."""
    bare = head.replace(b"\0", b"")
    if len(bare.translate(None, _NOT_CONTROL_BYTES)) > _MAX_CONTROL_SHARE * max(1, len(bare)):
        return None  # other control bytes too: binary
    newline = bare.rfind(b"\n")
    bare = bare[: newline + 1] if newline > 0 else bare  # whole characters only
    for encoding, must_look_chinese in (("utf-8", False), ("gb18030", True)):
        text, decoder = _decode_sample(bare, encoding, complete=False)
        if not decoder.tolerable(len(bare)) or not looks_like_text(text, min_plausible=0.9):
            continue
        if must_look_chinese and not _looks_simplified_chinese(text):
            continue
        return encoding
    return None


def _decodes_as_utf8(sample: bytes, *, complete: bool) -> bool:
    return _decode_sample(sample, "utf-8", complete=complete)[1].tolerable(len(sample))


@cache
def _gb2312_characters() -> frozenset[str]:
    # GB2312 holds the ~6 800 characters and symbols of everyday simplified Chinese.
    found = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(found)


def _looks_simplified_chinese(text: str) -> bool:
    """Whether ``text`` reads as simplified Chinese rather than as GB18030-decoded Big5 or EUC-KR.

    Big5 bytes decoded as GB18030 give many characters outside GB2312; EUC-KR bytes give
    GB2312 characters, but Korean separates its words with spaces where Chinese does not.
    """
    non_ascii = [c for c in text if c > "\x7f"]
    if not non_ascii:
        return False
    common = _gb2312_characters()
    in_gb2312 = sum(c in common for c in non_ascii)
    hanzi = sum("\u4e00" <= c <= "\u9fff" for c in non_ascii)
    return (
        in_gb2312 >= 0.9 * len(non_ascii)
        and hanzi >= 0.5 * len(non_ascii)
        and text.count(" ") <= 0.2 * len(non_ascii)
    )


# --------------------------------------------------------------------------------------------
# Normalisation


class _Normaliser:
    """Applies the module's normalisation to text that arrives in pieces; a ``\\r`` at the end of
    a piece waits for the next one, which may start with the ``\\n`` of the same line end."""

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


def _normalise(text: str) -> str:
    return _Normaliser().feed(text, final=True)


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in _HTML_SUFFIXES:
        return True
    start = text.lstrip()[:9].lower()
    return start.startswith(("<!doctype", "<html"))


# --------------------------------------------------------------------------------------------
# HTML

# Elements that start and end a line; those in _PARAGRAPHS are also set off by a blank line, as
# paragraphs are in the plain-text inputs.
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset"
    " figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre"
    " section summary table tbody tfoot thead title tr ul".split()
)
_PARAGRAPHS = frozenset("blockquote h1 h2 h3 h4 h5 h6 hr ol p pre table title ul".split())
# Elements whose content is not text shown to a reader; and page chrome that is not article text
# (GUIDELINES): navigation menus and breadcrumbs (nav), side bars (aside), site footers (footer).
_HIDDEN = frozenset("script style noscript template svg math select nav aside footer".split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._pre = 0
        # Line ends owed to block boundaries (1: new line, 2: blank line), written before the
        # next text so that adjacent boundaries (</li><li>) make one line end, not several.
        self._owed = 0

    def _boundary(self, tag: str) -> None:
        if tag in _PARAGRAPHS:
            self._owed = 2
        elif tag in _BLOCKS:
            self._owed = max(self._owed, 1)

    def _write(self, text: str) -> None:
        if self._owed:
            self.parts.append("\n" * self._owed)
            self._owed = 0
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif not self._hidden:
            if tag == "br":  # a hard line end: <br><br> is how many pages separate paragraphs
                self._write("\n")
            self._boundary(tag)
            self._pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif not self._hidden:
            self._boundary(tag)
            if tag in ("td", "th"):
                self.parts.append(" ")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if not self._pre:
            data = _HTML_SPACE.sub(" ", data)
            if self._owed and data == " ":  # indentation between two blocks
                return
        self._write(data)


def _html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return _EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
