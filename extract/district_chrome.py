"""Page chrome in an article text, where no District is read (GUIDELINES.md clarifications):
breadcrumbs, banners, share/print bars, footers, source/editor/date fields and mastheads; and
the places a masthead names (大兴报 → 大兴区), which tell a paper's own area.
"""
from __future__ import annotations

import re

from .gazetteer import Place, load_gazetteer
from .normalize import fold

__all__ = ["chrome_spans", "masthead_places"]

# Lines of site and page furniture (GUIDELINES.md clarifications: page chrome names no District):
# breadcrumbs, site banners, print/close/share bars, ICP and address footers.
_CHROME_LINE = re.compile(
    r"(?:当前位置|当前的位置|您的位置|你的位置|首[页頁]\s*>|>\s*正文|ICP|网站标识码|邮编|郵編|地址[:：]|"
    r"版权所有|主办单位|主办[:：]|打印本[页頁]|【打印|【关闭|关闭窗口|關閉窗口|分享到|扫一扫|"
    r"字[体號号体][:：]|【字|浏览次数|点击数|阅读数)")
# Source, editor and date fields: chrome from the field name to the line end ("…揭牌来源：区政协").
_CHROME_TAIL = re.compile(
    r"(?:信息来源|来源|來源|责任编辑|責任編輯|本版编辑|本版责编|编辑|編輯|责编|責編|作者|发布时间|"
    r"发布日期|發布時間)\s*[:：]")
# A paper's or site's masthead: a short line naming the outlet (大兴报, 今日房县, 涟水新闻网), maybe
# followed by the section and page number.
_MASTHEAD = re.compile(
    r"^\s*(今日)?([\u4e00-\u9fff]{2,6}?)(?:日报|晚报|电子报|时报|报|新闻网|新闻|在线|融媒|网)"
    r"(?:\s.*)?$")


def _lines(folded: str):
    pos = 0
    for line in folded.split("\n"):
        yield pos, line
        pos += len(line) + 1


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Spans of page chrome in an article text (offsets into ``text``): whole lines of
    breadcrumbs, banners, share/print bars and footers; source/editor/date fields to the line
    end; a masthead line (``大兴报  要闻  第2版``, ``上海虹口`` as the first line)."""
    folded = fold(text)
    out = []
    first = True
    for pos, line in _lines(folded):
        stripped = line.strip()
        if not stripped:
            continue
        if first and len(stripped) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", stripped) and \
                masthead_places(stripped, load_gazetteer()):
            out.append((pos, pos + len(line)))  # a banner of place names (上海虹口)
            first = False
            continue
        first = False
        if (len(line) <= 120 and _CHROME_LINE.search(line)) or (
                len(stripped) <= 24 and _MASTHEAD.match(line)):
            out.append((pos, pos + len(line)))
            continue
        m = _CHROME_TAIL.search(line)
        if m:
            out.append((pos + m.start(), pos + len(line)))
    return out


def masthead_places(folded: str, gaz) -> list[Place]:
    """Places a masthead names (大兴报 → 大兴区), from the text's first lines.

    ``folded`` is the folded article text (:func:`~newsgraph.extract.normalize.fold`), ``gaz``
    the gazetteer (:func:`~newsgraph.extract.gazetteer.load_gazetteer`).  Returns the
    province-, city- or county-level places named without ambiguity, in the order found (the
    first four lines only; the first line also as a banner of place names, 上海虹口).
    """
    out = []
    for k, (_pos, line) in enumerate(_lines(folded)):
        if k > 3:
            break
        stripped = line.strip()
        m = _MASTHEAD.match(line) if len(stripped) <= 24 else None
        stems = [m.group(2)] if m else []
        if k == 0 and 2 <= len(stripped) <= 8 and not m:
            stems = [stripped[i:j] for i in range(len(stripped))
                     for j in range(i + 2, len(stripped) + 1)]
        for stem in stems:
            for cand in (stem, stem[-2:], stem[-3:]):
                places = [p for p in gaz.lookup(cand) if p.level in ("province", "city", "county")]
                if len(places) == 1:
                    out.append(places[0])
                    break
    return out
