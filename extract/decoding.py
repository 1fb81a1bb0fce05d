"""Decoding input files: which codec a file is in, and decoding it with few errors tolerated.

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

A file that is binary (a known signature, many control bytes) or undecodable is refused with an
:class:`~newsgraph.extract.source.InputError`.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from .html_text import HTML_SUFFIXES
from .plausible import looks_like_text, plausible_share, suspect_share
from .source import InputError

__all__ = ["SAMPLE_BYTES", "NON_ASCII", "Decoder", "detect_encoding"]

#: Bytes of the head that detection judges (64 KiB), from the first non-ASCII byte on.
# Detection looks at the head of the file only, so that read_source and iter_text_blocks (which
# cannot look further ahead) agree on the encoding of every file.
SAMPLE_BYTES = 64 * 1024
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
#: A byte outside ASCII: where detection starts to look (the ASCII before it tells nothing).
NON_ASCII = re.compile(rb"[\x80-\xff]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
# Lone surrogates: the mark left by _MARK_UNDECODABLE, or produced by a codec; either way they
# cannot be encoded again, so they never leave this module.
_SURROGATES = re.compile("[\ud800-\udfff]+")
_DECLARED_CHARSET = re.compile(
    rb"""<(?:meta[^>]*?charset|\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)

_MARK_UNDECODABLE = "newsgraph-reader-mark"
codecs.register_error(_MARK_UNDECODABLE, lambda exc: ("\udfff", exc.end))


class Decoder:
    """An incremental decoder that turns undecodable byte sequences into U+FFFD and counts them.

    ``Decoder(encoding)`` takes a Python codec name.  ``decode(data, final=False)`` returns the
    text of the bytes fed so far that make whole characters (with ``final``, a character cut off
    by the end of the file becomes U+FFFD without counting as an error); ``errors`` counts the
    undecodable sequences, ``first_error_at`` is the character offset of the first (or None).
    ``tolerable(size)``: at most one error per 10 000 bytes of a ``size``-byte input;
    ``check(path, size)`` raises :class:`~newsgraph.extract.source.InputError` when not.
    """

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


def _decode_sample(sample: bytes, encoding: str, *, complete: bool) -> tuple[str, Decoder]:
    decoder = Decoder(encoding)
    return decoder.decode(sample, final=complete), decoder


def detect_encoding(prefix: bytes, path: Path, *, complete: bool) -> str:
    """Return the codec for a file from its first bytes ``prefix``, in the order the module
    docstring gives.

    Parameters
    ----------
    prefix : bytes
        The head of the file: at least :data:`SAMPLE_BYTES` from its first non-ASCII byte, or
        all of it (the reader reads at most 8 MiB).
    path : Path
        The file, for its suffix (a web page's declared charset) and for the error.
    complete : bool
        ``prefix`` is the whole file.

    Returns
    -------
    str
        A Python codec name (``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"``, ``"utf-16-le"`` …).

    Raises
    ------
    InputError
        For a binary file (a known signature, or over 10 % control bytes that are no UTF-16 or
        NUL-riddled text) or an undecodable one (no candidate fits).
    """
    for signature, kind in _SIGNATURES:
        if prefix.startswith(signature):
            raise InputError(path, f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if prefix.startswith(bom):
            return encoding
    head = prefix[:SAMPLE_BYTES]
    control_bytes = len(head.translate(None, _NOT_CONTROL_BYTES))
    if control_bytes > _MAX_CONTROL_SHARE * len(head):
        encoding = _utf16_without_bom(head) or _nul_riddled(head)
        if encoding is None:
            share = control_bytes * 100 // len(head)
            raise InputError(path, f"binary file ({share}% control bytes)")
        return encoding

    declared = None
    match = _DECLARED_CHARSET.search(prefix[:4096])
    if match and (path.suffix.lower() in HTML_SUFFIXES or prefix.lstrip().startswith(b"<")):
        declared = _codec_name(match.group(1).decode("ascii"))
    first = NON_ASCII.search(prefix)
    if first is None:
        # ASCII so far: any ASCII-compatible encoding fits; only a declaration says which one
        # the rest of the file is in.
        return declared if declared and not complete else "utf-8"

    # The ASCII before the first non-ASCII byte tells nothing about the encoding.
    sample = prefix[first.start() : first.start() + SAMPLE_BYTES]
    sample_complete = complete and first.start() + SAMPLE_BYTES >= len(prefix)
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
