"""Whether a decoded sample reads as text or as the garbage a wrong encoding makes of it.

A wrong guess rarely fails to decode: UTF-16 turns any even run of bytes into characters, so
UTF-8 bytes with NULs between them, or Chinese UTF-16 read with the wrong byte order, "decode"
cleanly into Hangul, rare CJK extensions, private-use and unassigned code points.  Text in the
inputs' languages uses few blocks: ASCII, Latin-1, general punctuation, the CJK symbols and
punctuation, the unified ideographs of the Basic Multilingual Plane (simplified and
traditional) and full-width forms.  :func:`plausible_share` is the share of a sample's
characters in those blocks; :func:`suspect_share` that of characters text almost never holds.
"""
from __future__ import annotations

import re

__all__ = ["plausible_share", "suspect_share", "looks_like_text"]

#: Code point ranges ``[lo, hi]`` of the characters ordinary text in the inputs' languages
#: uses.  U+2000–U+200F (typographic spaces) are left out: the byte-swapped ASCII space.
_PLAUSIBLE = (
    (0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E),  # tab, line ends, printable ASCII
    (0xA0, 0xFF),                              # Latin-1 (·, ×, é …)
    (0x2010, 0x2027), (0x2030, 0x205E),        # dashes, quotes, ellipsis, ‰, ※
    (0x2160, 0x217F), (0x2460, 0x24FF),        # Roman numerals, circled numbers
    (0x3000, 0x303F),                          # CJK symbols and punctuation (、。《》【】)
    (0x3040, 0x30FF),                          # kana (Japanese names, ・)
    (0x4E00, 0x9FFF),                          # CJK unified ideographs
    (0xFF00, 0xFFEF),                          # full-width forms (，：（）０-９)
)
#: CJK extension A, Yi, surrogates and private use, the specials, and CJK extension B and the
#: planes above it: where a wrong decode lands and text hardly goes.
_SUSPECT = ((0x3400, 0x4DBF), (0xA000, 0xA4CF), (0xD800, 0xF8FF), (0xFFF0, 0xFFFF),
            (0x20000, 0x10FFFF))


def _class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern:
    return re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]")


_PLAUSIBLE_CHARS = _class(_PLAUSIBLE)
_SUSPECT_CHARS = _class(_SUSPECT)
_NON_ASCII = re.compile("[^\x00-\x7f]")


def plausible_share(text: str) -> float:
    """Share (0–1) of the characters of ``text`` in the blocks ordinary text uses.

    >>> plausible_share("通州区召开会议。Meeting 2023\\n")
    1.0
    >>> plausible_share("\\ue000\\u3400中") < 0.5
    True
    """
    return len(_PLAUSIBLE_CHARS.findall(text)) / len(text) if text else 0.0


def suspect_share(text: str) -> float:
    """Share (0–1) of the non-ASCII characters of ``text`` in blocks text almost never uses
    (private use, surrogates, CJK extension A, Yi, the supplementary planes)."""
    wide = len(_NON_ASCII.findall(text))
    return len(_SUSPECT_CHARS.findall(text)) / wide if wide else 0.0


def looks_like_text(text: str, *, min_plausible: float = 0.95) -> bool:
    """Whether ``text`` (a decoded sample, NULs and other control characters counted against
    it) reads as text: at least ``min_plausible`` of it in the ordinary blocks."""
    return plausible_share(text) >= min_plausible
