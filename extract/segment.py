"""Split a normalised page into articles.

Newspaper pages carry several articles.  An article starts at a dateline marker
(``本报讯（记者 …）``, ``本报（记者 …）``) or a markdown heading (``#``, ``##``); body paragraphs
that follow a block of headlines start a new article too.  Headlines on PDF pages are printed
before *or after* the body they belong to, so a block of headlines between two articles is cut
at the point that best matches each side's lead (character-bigram overlap).

Page layout (issue 12, pattern 12):

* page chrome (:mod:`newsgraph.extract.chrome`) is never article text; a source/date line gives
  the lines above it to the body below (web articles: headline, source line, body) and dates
  the article; an end marker (``责任编辑``, ``【打印】``, footers) closes the article before it; a
  breadcrumb starts a new web page, the lines right above it are the site's banner; mastheads,
  page numbers and section labels above a page's first article are its header;
* photo captions stay in the article they are printed in and never start one; a headline
  repeated over each photo is one headline; a short line ending in a colon is a lead-in;
* a bracketed credit (``（记者 张三）``) ends an article softly: a lead printed next (``X月X日，``,
  ``本报讯``) opens a new, headline-less article;
* the title is the main headline: the first, unless another line matches the lead far better
  (a kicker above the main headline); deck lines (who attended) are never titles.

Pure functions: text in, :class:`Article` records out.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .chrome import chrome_kind, is_caption, is_section_label
from .dates import printed_date
from .normalize import SENTENCE_PUNCT, fold, is_credit

__all__ = ["Article", "split_articles", "is_headline", "DATELINE"]

#: Dateline that opens a news article: 本报讯（记者 张三 李四）, 本报讯(记者 …), 本报（记者 …）.
DATELINE = re.compile(r"^\s*本报讯?\s*(?:\([^)]{0,40}\))?")
_HEADING = re.compile(r"^#{1,6}\s*")
#: The lead of a news article: a date (``4月28日上午，``, ``2023年5月8日，``, ``13日，``) or an
#: outlet's dateline (``本报讯``, ``天津北方网讯：``, ``某某网消息``) at the start of a paragraph.
LEAD = re.compile(r"^\s*(?:本报讯?|[\u4e00-\u9fff]{2,10}(?:讯|訊|消息)[:：]?)?\s*(?:[(（][^)）]{0,40}[)）])?\s*"
                  r"(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日(?:至\d{1,2}日)?(?:上午|下午|晚|晚上|早上|凌晨|傍晚)?[，,]"
                  r"|^\s*(?:本报讯|本報訊)")


@dataclass
class Article:
    """One article: its title, headlines and body, as one normalised text.

    ``text`` is the headlines (one per line) then a blank line then the body paragraphs
    separated by blank lines; every evidence offset in the graph points into it.
    ``page_start``/``page_end`` are character offsets of the body in the normalised page.
    """

    title: str
    headlines: list[str]
    body: list[str]
    page_start: int = 0
    page_end: int = 0
    index: int = 0
    #: The date printed on the article's source/date line (web pages), ISO; else None.
    date: str | None = None
    text: str = field(init=False, default="")
    body_start: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.finish()

    def finish(self) -> None:
        """Recompute ``text`` and ``body_start`` after headlines or body changed."""
        head = "\n".join(self.headlines)
        body = "\n\n".join(self.body)
        self.text = f"{head}\n\n{body}" if head else body
        self.body_start = len(head) + 2 if head else 0


def is_headline(paragraph: str) -> bool:
    """True for a headline/subtitle paragraph: short, no sentence punctuation, no dateline.

    >>> is_headline("通州区半年工作会议召开"), is_headline("孟景伟主持并讲话 郑皓出席")
    (True, True)
    >>> is_headline("区领导李先侠、吴孔安参加。"), is_headline("会议要求：")
    (False, False)
    """
    if len(paragraph.strip()) > 45:  # fold keeps lengths and what is white space
        return False
    f = fold(paragraph).strip()
    if not f or len(f) > 45 or f.startswith("#") or DATELINE.match(f) and f.startswith("本报"):
        return False
    if f.endswith(":"):
        return False  # a lead-in to what follows (会议要求：, 区人大代表张三：), not a headline
    return not any(ch in SENTENCE_PUNCT for ch in f if ch not in "、:") and not f.endswith("。")


def _long_title(paragraph: str) -> bool:
    """A line that can only be a long title: at most 100 characters, no sentence end, no
    comma-separated clauses (``县人民政府与某集团举行…暨…项目集中签约仪式`` …)."""
    f = fold(paragraph).strip()
    return len(f) <= 100 and not any(ch in f for ch in "。!?;,") and not f.endswith(":")


def _is_lead_in(paragraph: str) -> bool:
    """A short line ending in a colon: it introduces what follows (a list, a quote)."""
    f = fold(paragraph).strip()
    return len(f) <= 45 and f.endswith(":")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\W", "", fold(text))
    return {t[i:i + 2] for i in range(len(t) - 1)}


def _affinity(headline: str, lead: set[str]) -> float:
    """Share of the headline's bigrams found in ``lead`` (the bigrams of an article's lead)."""
    h = _bigrams(headline)
    return len(h & lead) / len(h) if h else 0.0


def _lead(article: dict | None) -> str:
    """The first 300 characters of an article's body, what its headlines are matched against."""
    return "".join(p for _, p in article["body"])[:300] if article else ""


#: A deck line: who attended or spoke (``孟景伟主持并讲话 郑皓出席``, ``张三李四出席活动``).
_DECK = re.compile(r"(?:出席|参加|讲话|主持|点评|致辞|出席活动|参加活动|宣布开工)$")
_TITLE_MARGIN = 0.3


def _main_headline(headlines: list[str], lead_bigrams: Callable[[], set[str]]) -> str:
    """The article's main headline among its headline lines ("" when none can be).

    The first line, unless another matches the lead far better (by :data:`_TITLE_MARGIN` of its
    bigrams): a kicker or slogan printed above the main headline (``起步即冲刺 开局即决战``, or a
    headline block that a page's layout put in another order) shares little with the lead,
    the main headline repeats it.  Deck lines (who attended) and lines ending in a colon (a
    lead-in, ``区人大代表张三：``) are never the main headline.
    """
    def eligible(h: str) -> bool:
        f = fold(h).strip()
        return not (f.endswith(":") or len(f) <= 20 and _DECK.search(f))

    candidates = ([h for h in headlines if eligible(h)]
                  or [h for h in headlines if not fold(h).strip().endswith(":")])
    if len(candidates) <= 1:
        return candidates[0] if candidates else ""
    first, lead = candidates[0], lead_bigrams()
    best = max(candidates, key=lambda h: _affinity(h, lead))
    return best if _affinity(best, lead) > _affinity(first, lead) + _TITLE_MARGIN else first


def _lead_bigrams(article: dict | None) -> set[str]:
    """The bigrams of an article's lead, computed once per article."""
    if article is None:
        return set()
    if "lead_bigrams" not in article:
        article["lead_bigrams"] = _bigrams(_lead(article))
    return article["lead_bigrams"]


def split_articles(page: str) -> list[Article]:
    """Split a normalised page (paragraphs separated by blank lines) into articles.

    Parameters
    ----------
    page : str
        Output of :func:`newsgraph.extract.normalize.normalize_text`.

    Returns
    -------
    list[Article]
        In page order, ``index`` 0..n-1.  A page without any marker is one article whose title
        is its first headline (or its first sentence when it has none).  Never empty for a page
        with text.
    """
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for para in page.split("\n\n"):
        if para.strip():
            paragraphs.append((pos, para))
        pos += len(para) + 2

    # Articles as dicts: heading (markdown) or None, body [(offset, paragraph)], and the
    # headlines printed before (pre) and after (post) them; pending collects headlines until
    # the next article decides where they belong.
    articles: list[dict] = []
    pending: list[str] = []
    groups: list[tuple[int, list[str]]] = []  # (index of the article after the group, lines)
    closed: set[int] = set()  # articles an end marker (责任编辑, 【打印】…) has closed
    loose: list[tuple[int, str]] = []  # captions seen before any open article

    def start(heading: str | None, pre: list[str] | None = None) -> dict:
        art = {"heading": heading, "body": list(loose), "pre": list(pre or []), "post": [],
               "near": list(pending)}  # the headlines printed right above it, for repeats
        loose.clear()
        if pending and pre is None:
            groups.append((len(articles), list(pending)))
        pending.clear()
        articles.append(art)
        return art

    def is_open(art: dict | None) -> bool:
        return art is not None and id(art) not in closed

    current: dict | None = None
    last_offset = -1  # offset of the paragraph before this one
    for offset, para in paragraphs:
        f = fold(para)
        before, last_offset = last_offset, offset
        kind = chrome_kind(para)
        if kind:
            # Chrome is not article text (GUIDELINES); some of it shows where articles meet.
            if kind == "crumb":
                # A new web page: headline-like lines right above are its site banner, unless
                # an open article has a body they can close (headlines printed after it).
                if pending and is_open(current) and current["body"]:
                    current["post"].extend(pending)
                pending.clear()
                if current is not None:
                    closed.add(id(current))
            elif kind == "meta":
                if not pending and current is not None and current["body"] and \
                        current["body"][-1][0] == before and _long_title(current["body"][-1][1]):
                    # A title too long for a headline, printed right above the source line.
                    pending.append(current["body"].pop()[1].strip())
                if pending:
                    # Headline(s), then the source/date line, then the body: a web article.
                    if current is not None and not current["body"] and not current["heading"]:
                        current["pre"] = list(pending)  # the lines before were leftovers
                        pending.clear()
                    else:
                        current = start(None, pre=pending)
                printed = printed_date(para)
                if printed and current is not None and not current["body"]:
                    current.setdefault("date", printed)
            elif kind == "byline" and para.lstrip()[:1] in "（(" and current is not None \
                    and current["body"]:
                # A bracketed credit (（记者 张三）, （X供稿）) closes its article softly: a lead
                # printed next opens a new, maybe headline-less, article.
                current["soft_end"] = True
            elif kind == "end" and current is not None:
                if pending and is_open(current) and current["body"]:
                    current["post"].extend(pending)
                    pending.clear()
                closed.add(id(current))
            continue
        if not pending and (current is None or not is_open(current)) and is_section_label(para):
            continue  # a page's masthead or section label above its first article
        if _HEADING.match(f):
            title = _HEADING.sub("", para).strip()
            if current is not None and not current["body"] and current["heading"] and not pending:
                current["pre"].append(title)  # a sub-heading (### under ##)
                continue
            current = start(title)
        elif is_caption(para) or (is_credit(para) and len(para) <= 60):
            # A photo caption belongs to the article it is printed in; never a headline.
            if is_open(current):
                current["body"].append((offset, para))
            else:
                loose.append((offset, para))
        elif is_headline(para):
            if is_open(current) and para.strip() in (
                    current["pre"] + current["near"] + [current["heading"]]):
                continue  # a headline repeated over each photo of its article
            line = para.strip()
            # An HTML page's <title> (``X_某某县人民政府``) printed again as its heading (``X``).
            pending[:] = [p for p in pending if not (p.startswith(line) and p[len(line):len(line) + 1]
                                                    in ("_", "|", "-", "—", "－", "｜", " "))]
            if line not in pending:
                pending.append(line)
        elif f.startswith("本报") and DATELINE.match(f):
            if current is None or not is_open(current) or any(
                    not _is_lead_in(p) for _, p in current["body"]):
                current = start(None)
            elif pending:  # headlines right after a markdown heading belong to it
                current["pre"].extend(pending)
                pending.clear()
            current["body"].append((offset, para))
        else:
            if current is None or not is_open(current) or (pending and current["body"]) or (
                    current.get("soft_end") and LEAD.match(f)):
                current = start(None)
            elif pending:
                current["pre"].extend(pending)
                pending.clear()
            current["body"].append((offset, para))
            current["soft_end"] = False
    if pending:
        if current is None:
            current = start(None)
            current["pre"].extend(pending)
            groups.clear()
            pending.clear()
        else:
            groups.append((len(articles), list(pending)))

    for after, lines in groups:
        prev = articles[after - 1] if after > 0 else None
        if prev is not None and id(prev) in closed:
            prev = None  # its end marker came before these lines
        nxt = articles[after] if after < len(articles) else None
        best_cut, best_score = 0, -1.0
        lead_prev, lead_next = _lead_bigrams(prev), _lead_bigrams(nxt)
        to_prev = [_affinity(x, lead_prev) for x in lines]
        to_next = [_affinity(x, lead_next) for x in lines]
        for cut in range(len(lines) + 1):  # lines[:cut] → previous article, rest → next
            score = sum(to_prev[:cut]) if prev else (-1.0 if cut else 0.0)
            score += sum(to_next[cut:]) if nxt else (-1.0 if cut < len(lines) else 0.0)
            if score > best_score + 1e-9:
                best_cut, best_score = cut, score
        if prev:
            prev["post"].extend(lines[:best_cut])
        if nxt:
            nxt["pre"] = lines[best_cut:] + nxt["pre"]

    result: list[Article] = []
    for art in articles:
        headlines = ([art["heading"]] if art["heading"] else []) + art["pre"] + art["post"]
        body = [p for _, p in art["body"]]
        if not body and not headlines:
            continue
        title = art["heading"] or (_main_headline(headlines, lambda: _lead_bigrams(art))
                                   if headlines else "")
        if not title and body:
            first = next((p for p in body if not _is_lead_in(p)), body[0])
            title = re.split(r"[。！？!?]", DATELINE.sub("", fold(first)), maxsplit=1)[0][:40]
        title = title or (headlines[0] if headlines else "")
        start_off = art["body"][0][0] if art["body"] else 0
        end_off = (art["body"][-1][0] + len(art["body"][-1][1])) if art["body"] else 0
        result.append(Article(title=title, headlines=headlines, body=body,
                              page_start=start_off, page_end=end_off, index=len(result),
                              date=art.get("date")))
    return result
