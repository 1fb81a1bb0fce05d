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

import html
import re
import unicodedata

import numpy as np

from .chrome import chrome_kind, split_trailing_chrome

__all__ = ["normalize_text", "undouble_line", "undouble_runs", "is_doubled_line", "fold", "is_cjk",
           "is_credit"]

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
    global _last_fold
    if len(text) < _NUMPY_FOLD_MIN:
        return text.translate(_FOLD_TABLE)
    last = _last_fold
    if last[0] is text:
        # The extractors of one article each fold the same text object (the Doc's
        # match_text): folded once, not once per extractor.
        return last[1]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = np.where(codes < 0x10000, _FOLD_LUT[np.minimum(codes, 0xFFFF)], codes)
    out = folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    _last_fold = (text, out)  # one tuple: a reader in another thread sees a matching pair
    return out


_last_fold: tuple[str | None, str] = (None, "")


def is_cjk(ch: str) -> bool:
    """True for CJK unified ideographs (including extension A and compatibility ideographs)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


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
#: A two-character name padded to three in a list (``王明、李  宏、赵强``), wherever the list is.
_PADDED_LIST_NAME = re.compile(r"(?<=[、，,：:])([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?=[、，,。；;）)]|$)")
_CJK_SPACE_CJK = re.compile(r"(?<=[\u3400-\u9fff，。、；：“”（）])[ \u3000]+(?=[\u3400-\u9fff，。、；：“”（）])")


def _spaced_out(line: str) -> bool:
    """A headline set letter-spaced: ``坚 持 惠 民``, also with digits and quotes
    (``2 0 2 3年 大 兴 区 第 一 批``, ``“ 开 门 红 ” 工 作``): at least five space-separated pieces,
    none longer than two characters, most of them one."""
    if _SPACED_OUT.match(line):
        return True
    if line.count(" ") + line.count("\u3000") < 4 or len(line) > 120:
        return False
    pieces = line.replace("\u3000", " ").split()
    return (len(pieces) >= 5 and all(len(p) <= 2 for p in pieces)
            and sum(len(p) == 1 for p in pieces) >= 0.7 * len(pieces)
            and sum(is_cjk(ch) for ch in line) >= 4)


#: HTML left in scraped plain text: tags of inline and paragraph elements, entities, no-break
#: and zero-width spaces (which would split a name in two).
_RESIDUE_TAG = re.compile(r"</?(?:br|p|div|span|font|strong|b|i|em|a|img|section|u)\b[^<>]{0,300}>", re.I)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060]")


def _strip_residue(line: str) -> str:
    """Remove HTML residue from a plain-text line: tags, entities (``&nbsp;``, ``&amp;``,
    ``&#20013;``), no-break spaces (made plain spaces) and zero-width characters."""
    if "<" in line:
        line = _RESIDUE_TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    if "\u00a0" in line:
        line = line.replace("\u00a0", " ")
    if "\u200b" in line or "\u200c" in line or "\u200d" in line or "\u2060" in line:
        line = _ZERO_WIDTH.sub("", line)
    return line


def _clean_line(line: str) -> str:
    line = _strip_residue(line).strip(" \t\u3000\ufeff")
    if _spaced_out(line):
        return re.sub(r"[ \u3000]", "", line)
    return undouble_line(line)


#: Doubled punctuation, the trace of a bold run printed twice: ``喻华锋强调喻华锋强调，，``.
_DOUBLED_PUNCT = re.compile(r"([，,。；;：:！!？?])\1")
_DOUBLED_RUN = re.compile(r"(\S.{1,39}?)\1([，,。；;：:！!？?])\2")


def undouble_runs(text: str) -> str:
    """Undo PDF bold doubling inside a paragraph: a run printed twice and followed by its
    punctuation printed twice (``七月的库伦七月的库伦，，余卫国一行`` → ``七月的库伦，余卫国一行``).

    Whole doubled lines are :func:`undouble_line`'s; this catches the bold lead-in of a paragraph
    (a speaker and his verb, a lead sentence) whose doubling spans a line end or stops mid-line.
    Only runs closed by a doubled mark are touched: ordinary text never doubles ``，，``.
    """
    if not _DOUBLED_PUNCT.search(text):
        return text
    return _DOUBLED_RUN.sub(r"\1\2", text)


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
    after_chrome = False
    for line in lines:
        # Page chrome (breadcrumbs, source/date lines, editor credits …) stands alone: joined to
        # a headline or a body line it would become article text (GUIDELINES: it is none).
        kind = chrome_kind(line) if len(line) <= 120 else None
        if kind in ("byline", "meta") and paragraphs and _mid_sentence(paragraphs[-1]):
            kind = None  # a wrapped column line that merely looks like a credit or a date
        if not paragraphs or kind or after_chrome:
            paragraphs.append(line)
            after_chrome = bool(kind) or _ends_caption(line)
            continue
        prev = paragraphs[-1]
        # Two punctuation-free short lines in a row are stacked headlines, not one sentence.
        headline_pair = (not _has_punct(line) and not _has_punct(prev[-40:]) and len(line) <= 40
                         and not _is_marker(prev) and not _unbalanced(prev))
        if headline_pair and not prose and _headline_goes_on(prev, line):
            paragraphs[-1] = prev + line  # one headline set on two lines
        elif _is_marker(line) or (headline_pair and not prose):
            paragraphs.append(line)
        elif _ends_sentence(prev) and not _has_punct(line) and len(line) <= 40:
            paragraphs.append(line)  # a headline printed right under a body line
        elif _ends_caption(prev):
            paragraphs.append(line)  # a caption ends with its credit
            continue
        else:
            paragraphs[-1] = prev + line
    return paragraphs


_CREDIT_END = re.compile(r"(?:[/／]\s*[摄攝]|[摄攝]影|供图|供圖|制图|製圖)\s*[)）]?$")


def _ends_caption(line: str) -> bool:
    """A caption line closed by its photo credit (``大会现场。（X供图）``, ``图为…  本报记者/摄``)."""
    return len(line) <= 80 and bool(_CREDIT_END.search(line))


_HEADLINE_CONTINUATION = re.compile(r"^(?:暨|到|赴|来(?!自)|召开|举行|对接)[\u4e00-\u9fff]")
_HEADLINE_OPEN_END = re.compile(r"(?:召开|举行)$")
_MEETING_END = re.compile(r"(?:会议|大会|会|论坛|仪式|典礼)$")


def _headline_goes_on(prev: str, line: str) -> bool:
    """True when two stacked headline lines are one headline broken at the column width.

    The second line goes on from the first when it opens with what cannot start a headline of
    its own — a destination or a verb phrase whose subject is on the line above (``到X考察``,
    ``来X对接…``, ``召开现场办公会``, ``暨…部署会``) — or when the first ends with ``召开``/``举行``
    and the second is the meeting's name (``X乡召开`` / ``第九届人民代表大会第二次会议``).
    A subtitle (``任命X为代理县长``, ``总投资58亿元``) stays a line of its own.
    """
    if len(prev) > 30 or len(line) > 30 or " " in line or "\u3000" in line or _is_marker(prev):
        return False
    if _HEADLINE_CONTINUATION.match(line):
        return True
    return bool(_HEADLINE_OPEN_END.search(prev) and _MEETING_END.search(line))


def _mid_sentence(text: str) -> bool:
    """True when ``text`` is prose that stops inside a sentence."""
    return _has_punct(text[-60:]) and not _ends_sentence(text) and not text.endswith(("：", ":"))


def _headline_block(block: list[str]) -> bool:
    """A block of one to three short lines without sentence punctuation (stacked headlines)."""
    return (len(block) <= 3 and block[0][:1] not in NO_LINE_START and not _is_marker(block[0])
            and all(len(line) <= 30 and not _has_punct(line) and not is_credit(line) for line in block))


def _continues(prev_block: list[str], next_block: list[str]) -> bool:
    """True when a blank line falls inside a sentence (a page-column break)."""
    last, first = prev_block[-1], next_block[0]
    if chrome_kind(last) or chrome_kind(first) in ("crumb", "end", "header", "ui"):
        return False
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
            split = split_trailing_chrome(line) if len(line) <= 120 else None
            blocks[-1].extend(split or (line,))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    merged: list[list[str]] = []
    held: list[list[str]] = []  # headline blocks printed inside a sentence broken by a column
    for block in blocks:
        goes_on = bool(merged) and _continues(merged[-1], block)
        if goes_on and _headline_block(block):
            held.append(block)  # the sentence may go on after it: the headline waits
            continue
        if goes_on:
            merged[-1] = merged[-1] + block
        merged.extend(held)
        held = []
        if not goes_on:
            merged.append(block)
    merged.extend(held)
    paragraphs: list[str] = []
    for block in merged:
        for para in _join_block(block):
            para = undouble_runs(para)
            # Spaces inside running text are PDF padding (names set as ``李  宏``); a short
            # sentence counts as running text too, a headline's clause spaces are kept.
            if _has_punct(para) and (len(para) > 40 or _ends_sentence(para)) and fold(para[:1]) != "#":
                para = _CJK_SPACE_CJK.sub("", para)
            elif "、" in para and fold(para[:1]) != "#":
                para = _PADDED_LIST_NAME.sub(r"\1\2", para)
            para = _CJK_SPACE_DIGIT.sub("", para)
            paragraphs.append(para)
    return "\n\n".join(paragraphs)
