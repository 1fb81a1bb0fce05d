"""Page chrome: the lines of a web or e-paper page that are not article text.

GUIDELINES (clarifications added with dev2): site banners, breadcrumbs, mastheads,
source/outlet/date lines, ``责任编辑``, ``【打印】【关闭】``, footers and addresses are not article
text and yield no entities.  :func:`chrome_kind` classifies one line (or one normalised
paragraph) by its shape; the kind also says what the line tells about the page's layout:

``"crumb"``
    a breadcrumb (``首页 > 新闻中心 > 要闻``, ``当前位置：…``): a new web page begins; headline-like
    lines right above it are the site's banner.
``"meta"``
    a source/date line (``2015-07-08 09:40 来源：天津北方网``, ``发布时间：…``, ``（2022年9月6日）``):
    printed between an article's headline and its body, so the lines above it are that
    article's headlines.
``"end"``
    an editor credit, print/close buttons, related-article lists, site footers (``责任编辑：…``,
    ``【打印】【关闭】``, ``上一篇：``, ``ICP备``, ``主办单位：``): the article before it is over.
``"header"``
    an e-paper page header: masthead (``X日报``), page number (``第2版``, ``要闻A1``), the date
    line with its weekday (``2023年10月28日 星期六``).
``"byline"``
    reporter and source credits (``记者：张三``, ``（记者 张三 李四）``, ``（区人大办供稿）``):
    never a title, no structural meaning.
``"ui"``
    other interface text (``分享到``, ``扫一扫``, ``字号：大 中 小``, phone numbers, rules ``————``).

Pure functions on short strings; long lines (running text) are never chrome.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import words

__all__ = ["chrome_kind", "is_chrome", "is_section_label", "is_caption", "split_trailing_chrome"]

_MAX_CHROME = 120  # no chrome line is longer; running text often is
_DATELINES = ("本报讯", "本报（", "本报(", "本報訊", "本報（", "本報(")

_SEP = r"(?:>>|[>＞»›])"
_CRUMB_HOME = re.compile(r"(?:首页|首頁|主页|主頁|网站首页|当前位置|當前位置|现在的位置|現在的位置|您的位置|你的位置|"
                         r"所在位置)\s*[:：]?\s*.{0,30}?(?:" + _SEP + r"|→|/|／|-{1,2}>)")
_CRUMB_SPLIT = re.compile(r"\s*" + _SEP + r"\s*")

_DATE = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
_TIME = r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
#: A line that is a date (and time), optionally in brackets, optionally with an outlet name.
_BARE_DATE = re.compile(r"^[（(]?\s*" + _DATE + r"\s*(?:" + _TIME + r")?\s*[)）]?"
                        r"(?:\s*[\u4e00-\u9fff\w·\-]{2,16})?$")
_META_WORDS = (r"(?:信息来源|信息來源|来源|來源|发布时间|发布日期|發布時間|發佈時間|发布于|發布於|"
               r"时间|時間|日期|作者|浏览次数|瀏覽次數|浏览量|点击数|點擊數|点击量|阅读数|閱讀數|"
               r"阅读量|本文字数)")
_META = re.compile(r"(?:^|[\s|｜]|" + _DATE + r"|" + _TIME + r")" + _META_WORDS + r"\s*[:：]")
_META_START = re.compile(r"^(?:" + _DATE + r"|" + _META_WORDS + r"\s*[:：])")
_WEEKDAY_DATE = re.compile(_DATE + r"\s*(?:星期|周|週)[一二三四五六日天]")

_END = re.compile(
    r"(?:责任编辑|責任編輯|责编|責編|本版编辑|本版編輯|文章编辑|排版编辑|编辑|編輯|审核|審核|校对|校對|"
    r"图片拍摄|監製|监制)\s*[:：]"
    r"|[【\[]\s*(?:打印|关闭|關閉|纠错|糾錯)|打印本页|打印本頁|打印本篇|打印此页|关闭窗口|關閉窗口"
    r"|上一篇\s*[:：]|下一篇\s*[:：]|(?:相关|相關)(?:新闻|新聞|文章|阅读|閱讀|链接|鏈接|词条|詞條)"
    r"|ICP|公网安备|公網安備|网站标识码|網站標識碼|版权所有|版權所有|主办单位|主辦單位|承办单位|承辦單位"
    r"|网站声明|網站聲明|网站地图|網站地圖|联系我们|聯繫我們|邮编\s*[:：]|郵編\s*[:：]|地址\s*[:：]"
    r"|邮发代号|郵發代號|新闻热线|新聞熱線|举报电话|舉報電話|主办$|主辦$"
)
_FONT_SIZE = re.compile(r"大\s*中\s*小")
_PHONE = re.compile(r"^[\d\-—–\s()（）+]{7,}$")
_RULE = re.compile(r"^[\s\-—–_=~·•*.。…]+$")

_REPORTER = r"(?:记者|記者|通讯员|通訊員|特约记者|特約記者|实习生|實習生)"
_BYLINE = re.compile(r"^[■●◆▲□\s]*[\u4e00-\u9fff]{0,8}" + _REPORTER + r"\s*[:：]?\s*[\u4e00-\u9fff]{2,4}"
                     r"(?:[\s、，,]+(?:" + _REPORTER + r"\s*[:：]?\s*)?[\u4e00-\u9fff]{2,4})*\s*$")
_BRACKETED = re.compile(r"^(?:[(（][^()（）]{1,30}(?:[(（][^()（）]{0,8}[)）][^()（）]{0,30})?[)）]\s*)+$")
_OUTLET_BYLINE = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:消息|讯|訊)\s*[(（][^()（）]*" + _REPORTER
                            + r"[^()（）]*[)）]$")

_PAPER = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:日报|晚报|时报|电子报|日報|晚報|時報|電子報)"
                    r"(?:\s*[·•]\s*\S{2,10}|\s*" + _DATE + r".{0,20})?$")
_PAGE_NO = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版|^[A-Z]?\d{1,2}\s*版$")
_SECTION_PAGE = re.compile(r"^(?:(?P<a>[\u4e00-\u9fff]{2,6})\s*[A-Z]?\d{1,2}|[A-Z]?\d{1,2}\s*(?P<b>[\u4e00-\u9fff]{2,6}))$")
#: Section names of e-paper pages and site channels (``县域新闻``, ``乡镇传真``, ``政务动态``), and
#: site names (``建德新闻网``, ``河北县区在线``): recognised only at the top of a page.
_SECTION = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:新闻|新聞|要闻|要聞|传真|傳真|观察|觀察|动态|動態|时政|時政|"
                      r"快讯|快訊|视点|視點|聚焦|资讯|資訊|频道|頻道|综合|綜合|专版|專版|"
                      r"新闻网|新聞網|在线|在線|融媒|之窗)$")

#: A paper's name alone (``X报``, ``今日X县``): a masthead at the top of a page, a headline elsewhere
#: (``…工作汇报``).
_TOP_PAPER = re.compile(r"[\u4e00-\u9fff]{1,6}(?<![汇匯简簡通喜捷举舉申公预預回情电電海画畫快])(?:报|報)"
                        r"|今日[\u4e00-\u9fff]{2,4}")


@lru_cache(maxsize=1)
def _ui_words() -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words("page_chrome.txt"), key=len, reverse=True)))


def _section_page(line: str) -> bool:
    """A section name with its page number (``综合新闻 03``, ``要闻A1``, ``2 要闻``); not a short
    headline with a number (``2号线开通``)."""
    m = _SECTION_PAGE.match(line)
    return bool(m) and bool(_SECTION.match(m.group("a") or m.group("b")))


def _is_crumb(line: str) -> bool:
    if _CRUMB_HOME.search(line):
        return True
    parts = [p for p in _CRUMB_SPLIT.split(line) if p]
    # 寧德網 > 縣市頻道 > 壽寧新聞: three or more short segments (the last may be a fused title).
    return len(parts) >= 3 and all(len(p) <= 14 for p in parts[:-1])


@lru_cache(maxsize=8192)  # normalisation and segmentation ask about the same lines
def chrome_kind(line: str) -> str | None:
    """The kind of page chrome ``line`` is (see the module docstring), or None for article text.

    >>> chrome_kind("首页 > 新闻中心 > 县区动态"), chrome_kind("2015-07-08 09:40  来源：天津北方网")
    ('crumb', 'meta')
    >>> chrome_kind("责任编辑：县人大办"), chrome_kind("第2版 要闻"), chrome_kind("（记者 张三）")
    ('end', 'header', 'byline')
    >>> chrome_kind("区委书记张三主持会议。") is None
    True
    """
    s = line.strip(" \t\u3000")
    if not s or len(s) > _MAX_CHROME or s.startswith(_DATELINES):
        return None  # 本报讯（记者 …） opens an article: a dateline, not chrome
    if ("，" in s or "," in s) and (len(s) > 30 or s[0] not in "（([【"):
        return None  # a sentence, not a label (commas only in a bracketed credit list)
    if "。" in s[:-1]:
        return None
    if any(c in s for c in ">＞»›→/／") and _is_crumb(s):
        return "crumb"
    if _WEEKDAY_DATE.search(s) or _PAGE_NO.search(s) or _PAPER.match(s) or (
            _section_page(s)):
        return "header"
    if s.endswith("。") and len(s) > 20:
        return None
    if _BARE_DATE.match(s) or (_META_START.match(s) or _META.search(s)) and "。" not in s:
        return "meta"
    if _END.search(s):
        return "end"
    if _BYLINE.match(s) or _BRACKETED.match(s) or _OUTLET_BYLINE.match(s):
        return "byline"
    if _FONT_SIZE.search(s) or _PHONE.match(s) or _RULE.match(s) or _ui_words().search(s):
        return "ui"
    return None


def is_chrome(line: str) -> bool:
    """True when :func:`chrome_kind` gives a kind."""
    return chrome_kind(line) is not None


def is_section_label(line: str) -> bool:
    """A page's section or site label (``县域新闻``, ``北京市朝阳区 政务动态``, ``今日X县``): chrome
    only where it stands at the top of a page, above the first article."""
    s = re.sub(r"[\s\u3000]+", "", line)
    return 2 <= len(s) <= 14 and bool(_SECTION.match(s) or _TOP_PAPER.fullmatch(s))


_CAPTION_CREDIT = re.compile(r"(?:[/／]\s*[摄攝]|[摄攝]影|供图|供圖|制图|製圖|[\u4e00-\u9fff]{2,4}\s*[摄攝])\s*[)）]?$")


def is_caption(line: str) -> bool:
    """A photo caption (``图为…``) or a caption ending in its credit (``开工仪式现场 张三摄``,
    ``大会现场。(X供图)``): article text, but never a headline."""
    s = line.strip(" \t\u3000")
    if not s or len(s) > 80:
        return False
    return s.startswith(("图为", "圖為", "上图", "下图", "上圖", "下圖")) or bool(_CAPTION_CREDIT.search(s))


#: Where a source/date or interface tail starts on a line that begins with a headline.
_TRAILING = re.compile(
    _DATE + r"\s*(?:" + _TIME + r"|(?:来源|來源|作者|编辑|編輯|浏览|瀏覽|发布|發布)|[|｜])"
    r"|(?:发布时间|发布日期|發布時間|發佈時間|信息来源|来源|來源|时间|時間|作者)\s*[:：]"
    r"|[【\[]\s*(?:字[号体號體]|打印|关闭|關閉)|字[号体號體]\s*[:：]")


def split_trailing_chrome(line: str) -> tuple[str, str] | None:
    """Split a headline printed on one line with its source/date or interface tail
    (``县政府召开常务会议2026-01-20 10:33 来源：某某网``, ``…开工【字号：大 中 小】``) into
    ``(headline, tail)``; None when the line is not of that shape."""
    s = line.strip(" \t\u3000")
    if len(s) > _MAX_CHROME or len(s) < 10 or "，" in s or "。" in s:
        return None
    m = _TRAILING.search(s, 6)
    if not m:
        return None
    head, tail = s[:m.start()].rstrip(" \t\u3000"), s[m.start():]
    if len(head) < 6 or chrome_kind(head) or not chrome_kind(tail):
        return None
    return head, tail
