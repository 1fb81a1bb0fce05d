"""Dates of pages and articles: printed absolute dates, and relative ones (昨天下午) resolved
against the page's date when the page's date is known.  Never invents a date.

Relative expressions are parsed with jionlp's time parser (``jionlp.parse_time``), which
takes the page date as its base.
"""
from __future__ import annotations

import contextlib
import io
import re
from datetime import date

__all__ = ["page_date", "article_date", "printed_date"]

_ISO = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-./年](\d{1,2})[-./月](\d{1,2})日?(?!\d)")
_MASTHEAD = re.compile(r"(20\d{2}|19\d{2})年(\d{1,2})月(\d{1,2})日\s*(?:星期|周)[一二三四五六日天]")
_PAGE_WORD = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版|日报|晚报|时报|电子报|日報|晚報|時報|電子報")
_FILE_DATE = re.compile(r"(?<!\d)(20\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")
_RELATIVE = re.compile(r"(?:昨天|昨日|今天|今日|前天|本周[一二三四五六日]|上周[一二三四五六日]|"
                       r"(?<!\d)\d{1,2}月\d{1,2}日)")


def _mk(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def page_date(text: str, file_name: str = "") -> str | None:
    """The page's publication date (ISO ``YYYY-MM-DD``) from a masthead line
    (``2023年7月20日 星期四``), a page-header line among the first lines (``第2版 2023年10月28日``),
    or a date in the file name (``2023-07-20_p1.txt``), else None."""
    m = _MASTHEAD.search(text[:2000])
    if m:
        return _mk(*m.groups())
    # An e-paper page header without a weekday: ``第2版 2023年10月28日``, ``某某日报 2023-10-28``.
    from .chrome import chrome_kind  # here: chrome loads the lexicons, dates is imported early

    for line in [ln for ln in text[:2000].split("\n") if ln.strip()][:12]:
        if chrome_kind(line) == "header" or chrome_kind(line) == "meta" and _PAGE_WORD.search(line):
            found = printed_date(line)
            if found:
                return found
    m = _FILE_DATE.search(file_name)
    return _mk(*m.groups()) if m else None


def printed_date(line: str) -> str | None:
    """The first full date printed in ``line`` (ISO), e.g. a web page's source/date line
    (``发布时间：2019-03-10 01:09``, ``2014年01月27日02:59 来源：…``, ``（2022年9月6日）``), else None."""
    m = _ISO.search(line)
    return _mk(*m.groups()) if m else None


def article_date(lead: str, page: str | None) -> str | None:
    """The date an article's event took place, from its lead (first ~120 characters).

    A full printed date wins; else a relative expression (``昨天下午``, ``1月16日``) resolved
    against ``page`` (ISO date) with jionlp; else None.
    """
    m = _ISO.search(lead)
    if m:
        return _mk(*m.groups())
    rel = _RELATIVE.search(lead)
    if not rel or not page:
        return None
    y, mo, d = (int(x) for x in page.split("-"))
    # jionlp is heavy and prints a banner on import: imported only when a page date makes it
    # useful, with its stdout swallowed.
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp as jio

        try:
            parsed = jio.parse_time(rel.group(0), time_base={"year": y, "month": mo, "day": d})
        except Exception:  # jionlp raises plain exceptions on forms it cannot read
            return None
    start = (parsed or {}).get("time", [None])[0]
    return start[:10] if start else None
