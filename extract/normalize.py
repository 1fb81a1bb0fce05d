"""Normalise PDF-extracted newspaper text into clean paragraphs.

The rules repair what PDF extraction of Chinese newspaper pages does to text:

* bold runs printed twice (``历经一年建设历经一年建设，，``) are undoubled line by line;
* lines broken at the column width are rejoined, also across a blank line when the sentence
  visibly goes on (the previous line is full and ends without a sentence-final mark);
* spaced-out headlines (``坚 持 惠 民``) and spaces between CJK characters and digits inside
  running text (``2023 年``) are removed; single spaces between headline clauses are kept;
* full- and half-width punctuation are *kept as printed*; :func:`fold` gives a same-length view
  with the two unified, for matching, so that offsets found on the folded text are valid on the
  printed one.

All functions are pure: ``str`` in, ``str`` out.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

__all__ = ["normalize_text", "undouble_line", "is_doubled_line", "fold", "is_credit"]

#: Marks after which a sentence may end (printed or folded forms).
SENTENCE_END = "。！？!?；;…"
#: Closing marks that may follow a sentence end.
CLOSERS = "”’」』）)】》\"'"
#: Characters that never start a printed line in Chinese typesetting (禁则).
NO_LINE_START = "，,。.、；;：:！!？?）)」』”’】》…"

_FOLD_TABLE = {}
for _cp in list(range(0xFF01, 0xFF5F)) + [0x3000]:
    _folded = unicodedata.normalize("NFKC", chr(_cp))
    if len(_folded) == 1:
        _FOLD_TABLE[_cp] = _folded
_FOLD_TABLE.update({ord("「"): "“", ord("」"): "”", ord("『"): "‘", ord("』"): "’"})
# The same table as a lookup array over the Basic Multilingual Plane, for long texts: numpy
# maps a whole article in one step, about ten times faster than str.translate's per-character
# dict lookups (the rules fold every article several times).
_FOLD_LUT = np.arange(0x10000, dtype=np.uint32)
for _cp, _to in _FOLD_TABLE.items():
    _FOLD_LUT[_cp] = ord(_to)
_NUMPY_FOLD_MIN = 96  # where numpy's fixed cost (about 4 µs) is repaid


def fold(text: str) -> str:
    """Return ``text`` with full-width ASCII forms and ideographic spaces folded to half-width.

    The result has exactly the same length as ``text`` (one character for one), so a match at
    ``[i, j)`` on the folded text is the printed span ``text[i:j]``.

    >>> fold("本报讯（记者 陶涛），２０２３")
    '本报讯(记者 陶涛),2023'
    """
    if len(text) < _NUMPY_FOLD_MIN:
        return text.translate(_FOLD_TABLE)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = np.where(codes < 0x10000, _FOLD_LUT[np.minimum(codes, 0xFFFF)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _undouble(line: str, max_run: int = 40) -> tuple[str, int, int]:
    """Greedy parse of ``line`` as runs printed twice; return (text, paired chars, unpaired)."""
    out, i, n = [], 0, len(line)
    paired = unpaired = 0
    while i < n:
        best = 0
        for size in range(min(max_run, (n - i) // 2), 0, -1):
            if line[i:i + size] == line[i + size:i + 2 * size]:
                best = size
                break
        if best:
            out.append(line[i:i + best])
            paired += best
            i += 2 * best
        else:
            if not line[i].isspace():
                unpaired += 1
            out.append(line[i])
            i += 1
    return "".join(out), paired, unpaired


def is_doubled_line(line: str) -> bool:
    """True if ``line`` reads as bold PDF text whose runs were extracted twice.

    A line counts as doubled when at least 90 % of its non-space characters pair up with an
    identical run right after them, and it has at least six characters: ordinary prose has
    only occasional reduplications (``研究研究``), never a whole line of them.
    """
    stripped = line.strip()
    if len(stripped) < 6:
        return False
    # Cheap gate: a doubled line starts with a doubled run within its first three characters
    # (a run at p of some size ≤ half, repeated at p + size: its first character recurs there).
    half = min(40, len(stripped) // 2)
    if not any(_doubled_run_at(stripped, p, half) for p in range(3)):
        return False
    _, paired, unpaired = _undouble(stripped)
    return paired >= 3 and unpaired <= 0.1 * (paired + unpaired)


def _doubled_run_at(s: str, p: int, max_size: int) -> bool:
    """True if ``s[p:p + size] == s[p + size:p + 2 * size]`` for some size in 1..max_size."""
    j = s.find(s[p], p + 1, p + max_size + 1)
    while j >= 0:
        size = j - p
        if s[p:j] == s[j:j + size]:
            return True
        j = s.find(s[p], j + 1, p + max_size + 1)
    return False


def undouble_line(line: str) -> str:
    """Undo PDF bold doubling in one line: ``产生订单产生订单318318笔笔。。`` → ``产生订单318笔。``.

    Lines that are not doubled (see :func:`is_doubled_line`) are returned unchanged.
    """
    if not is_doubled_line(line):
        return line
    text, _, _ = _undouble(line.strip())
    return text


_SPACED_OUT = re.compile(r"^(?:[\u3400-\u9fff][ \u3000])+[\u3400-\u9fff]$")
_CJK_SPACE_DIGIT = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[0-9A-Za-z])|"
                              r"(?<=[0-9A-Za-z%])[ \u3000]+(?=[\u3400-\u9fff])")
_CJK_SPACE_CJK = re.compile(r"(?<=[\u3400-\u9fff，。、；：“”（）])[ \u3000]+(?=[\u3400-\u9fff，。、；：“”（）])")


def _clean_line(line: str) -> str:
    line = line.strip(" \t\u3000\ufeff")
    if _SPACED_OUT.match(line):
        return re.sub(r"[ \u3000]", "", line)
    return undouble_line(line)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


#: Punctuation that only running text has (quotes and brackets also occur in headlines).
SENTENCE_PUNCT = set("，。、；：！？,;:!?")


def _has_punct(line: str) -> bool:
    return any(ch in SENTENCE_PUNCT for ch in line)


def _is_marker(line: str) -> bool:
    f = fold(line[:4])  # fold maps character for character: the head is enough
    return f.startswith("#") or f.startswith("本报讯") or f.startswith("本报记者")


def is_credit(line: str) -> bool:
    """True for photo and text credits (``记者 唐建/摄``); they end a caption, not a sentence.

    Photo and text credits (``记者 唐建/摄``) end a caption, never a sentence half."""
    if line.rstrip()[-1:] not in ("摄", "文", "影", "图"):
        return False  # what every credit ends with; fold changes none of them
    f = fold(line).rstrip()
    return f.endswith(("/摄", "/文", "摄影", "制图")) or bool(re.search(r"记者\s*\S{2,4}\s*摄$", f))


def _unbalanced_quote(line: str) -> bool:
    return line.count("“") > line.count("”")


def _unbalanced(line: str) -> bool:
    return line.count("(") + line.count("（") > line.count(")") + line.count("）")  # as folded


def _join_block(lines: list[str]) -> list[str]:
    """Join the lines of one blank-line-separated block into one or more paragraphs."""
    # A block that ends a sentence is prose even where a narrow column leaves short lines
    # without punctuation; only blocks of stacked headlines keep their lines apart.
    prose = _ends_sentence(lines[-1]) and len(lines) > 1
    paragraphs: list[str] = []
    for line in lines:
        if not paragraphs:
            paragraphs.append(line)
            continue
        prev = paragraphs[-1]
        # Two punctuation-free short lines in a row are stacked headlines, not one sentence.
        headline_pair = (not _has_punct(line) and not _has_punct(prev[-40:]) and len(line) <= 40
                         and not _is_marker(prev) and not _unbalanced(prev))
        if _is_marker(line) or (headline_pair and not prose):
            paragraphs.append(line)
        elif _ends_sentence(prev) and not _has_punct(line) and len(line) <= 40:
            paragraphs.append(line)  # a headline printed right under a body line
        else:
            paragraphs[-1] = prev + line
    return paragraphs


def _continues(prev_block: list[str], next_block: list[str]) -> bool:
    """True when a blank line falls inside a sentence (a page-column break)."""
    last, first = prev_block[-1], next_block[0]
    if (_is_marker(first) or fold(last[:1]) == "#" or _ends_sentence(last)
            or last.endswith(("：", ":")) or is_credit(last)):
        return False
    if first[0] in NO_LINE_START or _unbalanced_quote(last):
        return True
    if not _has_punct(last) and len(last) <= 40 and (
            len(prev_block) == 1 or _ends_sentence(prev_block[-2])):
        return False  # a headline
    # Prose (a block with commas or full stops) that stops without ending its sentence goes on
    # in the next block, however short its last line; headlines carry no such marks.
    return any(ch in "，,。；;" for ch in "".join(prev_block))


def normalize_text(raw: str) -> str:
    """Normalise one page (or article) of raw text into paragraphs separated by blank lines.

    Parameters
    ----------
    raw : str
        Decoded text, any line endings.

    Returns
    -------
    str
        Paragraphs separated by ``"\\n\\n"``; headlines are paragraphs of their own. Printed
        punctuation (full- or half-width) is kept.

    Examples
    --------
    >>> normalize_text("区委书记孟景伟主持会议并讲话，强\\n调要深入贯彻。")
    '区委书记孟景伟主持会议并讲话，强调要深入贯彻。'
    >>> normalize_text("历经一年建设历经一年建设，，平台平台\\n")
    '历经一年建设，平台'
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        line = _clean_line(line)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    merged: list[list[str]] = []
    for block in blocks:
        if merged and _continues(merged[-1], block):
            merged[-1] = merged[-1] + block
        else:
            merged.append(block)
    paragraphs: list[str] = []
    for block in merged:
        for para in _join_block(block):
            if _has_punct(para) and len(para) > 40 and fold(para[:1]) != "#":
                para = _CJK_SPACE_CJK.sub("", para)
            para = _CJK_SPACE_DIGIT.sub("", para)
            paragraphs.append(para)
    return "\n\n".join(paragraphs)
