"""Traditional script: a simplified copy of a text, of the same length, for the rules to match on.

The rules, lexicons and gazetteer are written in simplified characters.  A page printed in
traditional characters (``海安縣委書記劉宗斌主持會議``) is matched on its simplified copy made
with OpenCC's ``t2s`` conversion (phrase-aware: ``乾隆`` stays, ``乾燥`` becomes ``干燥``), while
mentions keep the printed form and offsets: because the copy has the text's length, a span
``[i, j)`` found in the copy is the printed span ``text[i:j]``.

OpenCC's ``t2s`` dictionaries map one character to one character (checked over the whole CJK
unified block when the table is built), but a phrase may in principle map to one of another
length; then the copy is made character by character instead, which keeps the length by
construction.

Source: OpenCC (https://github.com/BYVoid/OpenCC), configuration ``t2s.json``; PyPI ``opencc``.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["to_simplified", "has_traditional"]

# The CJK Unified Ideographs block, where OpenCC's traditional characters lie.
_CJK_FIRST, _CJK_LAST = 0x4E00, 0x9FFF


@lru_cache(maxsize=1)
def _converter():
    import opencc  # lazy: pages in simplified script never need it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, dict[int, str]]:
    """The characters ``t2s`` changes (a regex class) and their one-character images."""
    chars = [chr(c) for c in range(_CJK_FIRST, _CJK_LAST + 1)]
    # One character a line: OpenCC converts each alone, with no phrase around it.
    images = _converter().convert("\n".join(chars)).split("\n")
    table = {ord(a): b for a, b in zip(chars, images) if a != b and len(b) == 1}
    cls = re.compile("[" + "".join(chr(c) for c in sorted(table)) + "]")
    return cls, table


def has_traditional(text: str) -> bool:
    """True when ``text`` holds a character that OpenCC's ``t2s`` changes.

    >>> has_traditional("海安縣委書記"), has_traditional("海安县委书记")
    (True, False)
    """
    return _tables()[0].search(text) is not None


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of exactly the same length.

    Parameters
    ----------
    text : str
        Any text; a text without traditional characters is returned as it is (the same
        object), at the cost of one regex search.

    Returns
    -------
    str
        ``len(result) == len(text)``; ``result[i]`` is the simplified form of ``text[i]`` as
        OpenCC's phrase conversion gives it, or its character conversion where a phrase would
        change the length.

    >>> to_simplified("劉宗斌主持會議並講話")
    '刘宗斌主持会议并讲话'
    """
    if not has_traditional(text):
        return text
    out = _converter().convert(text)
    if len(out) != len(text):
        out = text.translate(_tables()[1])
    return out
