"""District mentions: gazetteer names and suffix rules, resolved to one place each.

Rules (issue 3; GUIDELINES.md ``District``):

1. *Gazetteer* — full names and suffixed aliases of divisions down to 乡镇/街道
   (:mod:`newsgraph.extract.gazetteer`), longest match first; bare short names (``通州``,
   ``北京``) only for province-, city- and county-level units.
2. *Suffix* — a 2–6 character stem plus a suffix from ``data/district_suffixes.txt``
   (街道, 镇, 乡, 社区, 村 …) printed right after another district (``新华街道京贸国际城社区``,
   ``西集镇任辛庄村``) or at a clause start / after ``、`` (``潮庄镇、于家务回族乡``), for new
   divisions the gazetteer lacks.  Stems with function characters (全区, 各镇, 农村, 乡村) fail.
3. *Resolution* — a name shared by several places (新华街道) resolves to the one under a division
   the article prints, else under the article's own area (:func:`article_area`: the county it
   prints most, else its city, else its paper's area from the file's other articles and its
   masthead, :func:`page_area_counts`); the corpus's most printed counties only break the
   remaining ties.  A town with no printed county lies in the article's own area.
4. *Parents* — the nearest enclosing division the article prints (skip-level links where the
   one between is not printed: 鹿泉区 → 河北省); the own area links a printed town even when it is
   not printed itself (台湖镇 → 通州区); never an unprinted city or province.
5. *Chrome and short forms* — nothing in breadcrumbs, source/editor/date fields, footers or a
   masthead (:func:`chrome_spans`); a bare short form (河北, 北京) or a two-character county
   (涉县) only as a word of its own that names the place, not as the prefix of an institution,
   company, medium or region (河北工业大学, 北京城市副中心).

``facts.parent`` (:class:`~newsgraph.extract.types.DistrictFacts`) carries the resolved
parent's name (for ``LOCATED_IN``) and ``facts.level`` the level (province, city, county, town,
village).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..schema import Label
from .gazetteer import Place, load_gazetteer
from .lexicon import table, words
from .normalize import fold
from .types import DistrictFacts, Mention

__all__ = ["find_districts", "home_counties", "county_counts", "chrome_spans", "page_area_counts",
           "pass1_counts",
           "article_area", "attach_villages"]

_STEM_STOP = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无乡镇街道社村居委会党政府辖")
_BAD_START = set("的了和在是等各全本该此其这那每多个与及或并对从为向将把被有无到赴来至于据经由以就沿往")
_GENERIC = {"农村", "乡村", "城乡", "新农村", "美丽乡村", "全村", "本村", "该村", "各村", "村村",
            "社区", "各社区", "本社区", "该社区", "示范区", "全区", "城区", "辖区", "园区", "街道"}


@lru_cache(maxsize=1)
def _suffix_re():
    rows = table("district_suffixes.txt")
    levels = {suffix: level for level, suffix in rows}
    alt = "|".join(sorted(map(re.escape, levels), key=len, reverse=True))
    return levels, re.compile(f"(?:{alt})")


# Two-character verbs of movement after which a division's name starts (深入板坝镇, 走进X村).
_MOVE_BEFORE = {"深入", "走进", "来到", "前往", "莅临"}


# Function characters that also open place names: 那 (Zhuang "na", rice field: 那坡, 那洞).
_TOPONYM_START = set("那")


def _bad_start(stem: str, after_district: bool) -> bool:
    """True if ``stem`` opens with a function character (这个村, 各社区).  Printed right after
    its town (板坝镇那洞村, 长安镇弄怀村), a stem that is no dictionary word is a village's own
    name even when it opens with 那 (``_TOPONYM_START``), as many southern place names do."""
    if stem[0] not in _BAD_START:
        return False
    return not (after_district and stem[0] in _TOPONYM_START and len(stem) >= 2
                and not _is_word(stem) and not _stopped(stem[1:]))


def _stopped(stem: str) -> bool:
    """True if ``stem`` holds a function character or a division suffix; 各 and 街 inside
    village names (王各庄村, 光明街村) do not count."""
    for i, c in enumerate(stem):
        if c not in _STEM_STOP:
            continue
        if c == "各" and stem[i + 1:i + 2] == "庄":
            continue
        if c == "街" and 0 < i and stem[i + 1:i + 2] != "道":
            continue
        if c == "府" and (i == 0 or stem[i - 1] != "政"):
            continue  # 南府店村 (but not 区政府)
        return True
    return False


def county_counts(text: str) -> dict[str, int]:
    """How often each county-level division is printed in full in ``text``, in the order of
    first printing (so that merged counts break ties the same way)."""
    return _county_counts(_gazetteer_matches(fold(text), load_gazetteer()))


def _county_counts(matches) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _start, _end, places, full in matches:
        if places[0].level == "county" and full:
            counts[places[0].name] = counts.get(places[0].name, 0) + 1
    return counts


def home_counties(texts) -> list[str]:
    """County-level names printed most often in ``texts`` (an iterable of article texts).

    A district newspaper's own county comes first; used to resolve ambiguous and new towns.
    """
    counts: dict[str, int] = {}
    for text in texts:
        for name, n in county_counts(text).items():
            counts[name] = counts.get(name, 0) + n
    return sorted(counts, key=lambda n: -counts[n])


# Functional zones and state farms that the division table lists beside towns; 高新区 and other
# development zones are no District (GUIDELINES.md: regions that are not divisions).
_ZONE = re.compile(r"(?:示范区|开发区|集聚区|园区|合作区|经济区|试验区|实验区|高新区|经开区|新区|管理区|"
                   r"管委会|林场|农场|牧场|度假区|风景区|景区|保护区)$")


def _acceptable(name: str, places: list[Place], full: bool, home: tuple[str, ...]) -> bool:
    if name in words("district_stopwords.txt") or len(name) < 2:
        return False
    if _ZONE.search(name) and not (name.endswith("新区") and not name.endswith("高新区")
                                   and any(p.level == "county" for p in places)):
        return False
    if full:
        # Two-character counties (涉县, 房县) are checked against the tokens in find_districts.
        return len(name) >= 3 or places[0].level in ("province", "city", "county")
    # Bare short names (通州, 北京) collide with words (合作, 公安, 惠民): only the upper
    # levels, and counties only when they are the article's or the paper's own area.
    return all(p.level in ("province", "city") for p in places) or any(
        p.name in home for p in places)


def _gazetteer_matches(folded: str, gaz, home: tuple[str, ...] = (), found=None
                       ) -> list[tuple[int, int, list[Place], bool]]:
    """Longest-first scan: (start, end, candidate places, is_full_name); ``found`` is
    ``gaz.candidates(folded)`` when the caller has it already."""
    out = []
    n, i = len(folded), 0
    if found is None:
        found = gaz.candidates(folded)
    for start in sorted(found):
        if start < i:
            continue  # inside the previous, longer match
        for size in found[start]:
            if size < 2:
                continue
            cand = folded[start:start + size]
            places = gaz.lookup(cand)
            full = gaz.is_full_name(cand)
            nxt = folded[start + size:start + size + 1]
            if (not full and size >= 2 and nxt and nxt in "县区市" and cand + nxt not in gaz.by_name
                    and len(places) == 1 and places[0].level == "county"
                    and not places[0].name.endswith(nxt) and not _is_word(cand + nxt)
                    and (not _straddles(folded, start) or _aligned(folded, start, start + size))):
                # A county renamed (宁河县 → 宁河区) is still printed with its old suffix.
                out.append((start, start + size + 1, places, True))
                i = start + size + 1
                break
            if not _acceptable(cand, places, full, home):
                continue
            if not full and start + size < n and cand + folded[start + size] in gaz.by_name:
                continue
            if cand.endswith("乡") and folded[start + size:start + size + 1] == "村":
                continue  # 促进乡村振兴: 乡村 is the word
            out.append((start, start + size, places, full))
            i = start + size
            break
    return out


# -- page chrome ------------------------------------------------------------------------------
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
                _masthead_places(stripped, load_gazetteer()):
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


def _masthead_places(folded: str, gaz) -> list[Place]:
    """Places a masthead names (大兴报 → 大兴区), from the text's first lines."""
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


def pass1_counts(text: str) -> tuple[dict[str, int], dict[str, int], dict[int, list[int]]]:
    """:func:`county_counts` and :func:`page_area_counts` of ``text`` from one scan, and the
    scan itself (``{start: [lengths, longest first]}`` of the gazetteer's names in the folded
    ``text``), which :func:`find_districts` takes as ``candidates`` instead of scanning again."""
    gaz = load_gazetteer()
    folded = fold(text)
    found = gaz.candidates(folded)
    matches = _gazetteer_matches(folded, gaz, found=found)
    return _county_counts(matches), _area_counts(folded, gaz, matches), found


def _area_counts(folded: str, gaz, matches) -> dict[str, int]:
    counts: dict[str, int] = {}
    for place in _masthead_places(folded, gaz):
        counts[place.name] = counts.get(place.name, 0) + 100
    for _start, _end, places, full in matches:
        if full and places[0].level in ("county", "city") and len(folded[_start:_end]) >= 3:
            counts[places[0].name] = counts.get(places[0].name, 0) + 1
    return counts


def page_area_counts(text: str) -> dict[str, int]:
    """What an article tells of its paper's own area: the county- and city-level divisions it
    prints in full, counted, with a masthead's place (大兴报 → 大兴区) counted a hundred times.  Summed
    over a page's or a file's articles it gives their area (:func:`article_area`)."""
    # The paper's own area (its masthead) outweighs the places its reports visit.
    gaz = load_gazetteer()
    folded = fold(text)
    return _area_counts(folded, gaz, _gazetteer_matches(folded, gaz))


def article_area(districts: list[Mention], page: list[str] = ()) -> str | None:
    """The article's own area (its 'home'): the county-level division it prints most (ties: the
    first printed), else the city it prints most, else the paper's area ``page`` (from the
    page's or file's other articles and its masthead, :func:`page_area_counts`).  Never the
    corpus's majority: a Shanghai article in a corpus of Tongzhou pages stays in Shanghai."""
    for level in ("county", "city"):
        names = [d.name for d in districts if d.facts.level == level
                 and not d.facts.implied
                 and d.rule in ("gazetteer", "suffix", "gazetteer-short")]
        if names:
            # Of the counties a visit report prints (the guests' and the hosts'), the paper's
            # own comes first (秀山电子报 reporting 庆云县's visit to 秀山).
            if page and page[0] in names:
                return page[0]
            return max(dict.fromkeys(names), key=names.count)
    gaz = load_gazetteer()
    for level in ("county", "city"):
        for name in page:
            if any(p.level == level for p in gaz.lookup(name)):
                return name
    return None


def _choose(places: list[Place], printed: set[str], home: list[str]) -> Place | None:
    def score(p: Place) -> tuple:
        anc = [a.name for a in p.ancestors()]
        in_article = sum(1 for a in anc if a in printed)
        in_home = 0
        for rank, h in enumerate(home[:4]):
            if h in anc or p.name == h:
                in_home = 4 - rank
                break
        return (in_article, in_home, -len(anc))

    best = max(places, key=score)
    s = score(best)
    if s[0] == 0 and s[1] == 0 and best.level == "town" and len(
            {p.parent.name if p.parent else None for p in places}) > 1:
        return None  # one of several towns of that name, with nothing pointing at one
    if s[0] == 0 and s[1] == 0 and best.level == "town" and not home:
        return best
    if s[0] == 0 and s[1] == 0 and best.level == "town":
        return best if len(places) == 1 else None
    return best


_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
_LIST_NEXT = {sfx: re.compile(f"[、和及与][\u4e00-\u9fff]{{2,5}}{sfx}") for sfx in ("村", "社区", "镇", "乡", "街道")}
# Dictionary tags of words that describe or act rather than name (离不开街道, 十大杰出村, 周边村).
_DESCRIPTIVE_TAGS = {"v", "vd", "a", "ad", "f", "t", "d", "p", "c", "u", "r", "m", "j", "q"}


def _descriptive_stem(stem: str, after_district: bool) -> bool:
    """True if a suffix stem is a phrase rather than a place name: a designation word from
    ``data/district_stem_stopwords.txt`` (联系村, 新任街道, 部分镇), or a dictionary word tagged as a
    verb, adjective, locality, time, numeral or function word (选举产生街道, 周边村, 十大杰出村).  A
    single such word printed right under its town stays (开边镇解放村)."""
    from .tokenize import cut

    stops = words("district_stem_stopwords.txt")
    if any(stem.startswith(w) or stem.endswith(w) for w in stops):
        return True
    tab = _dictionary()[1]
    tokens = cut(stem)
    if after_district and len(tokens) == 1:
        return False
    # Locality, time and measure words only where they open the stem (周边村, not 爨底下村).
    return any(len(t) >= 2 and t != "各庄" and (tab.get(t) in _DESCRIPTIVE_TAGS - {"f", "t", "m", "q"} or (
        i == 0 and tab.get(t) in _DESCRIPTIVE_TAGS)) for i, t in enumerate(tokens))


_OWN_POST = re.compile(r"(?:党委|党工委|党总支|党支部|书记|居委会|村委会|党群服务中心|办事处)")


def _nounish(stem: str) -> bool:
    """True if jieba tags every token of ``stem`` as a noun (n, ns, nr, nz, nt, nrt)."""
    from .tokenize import pos

    return all(flag in ("n", "ns", "nr", "nz", "nt", "nrt", "nrfg", "j") for _, flag in pos(stem))


_NOUN_TAGS = {"n", "nt", "nz", "ng", "nr", "nrt", "nrfg", "j", "eng", "vn", "an", "ns", "s"}


def _printed_as_place(folded: str, start: int, end: int, gaz, county_ok: bool) -> bool:
    """A bare short form (北京, 河北) or a two-character county (涉县) names the place itself
    only where jieba reads it as a word of its own and no name of an institution, company or
    medium follows it (北京城市副中心, 河北工业大学, 天津分社, 石家庄华行供热): the next token is
    no noun, or is itself a division (河北巨鹿县, 重庆秀山)."""
    from .tokenize import pos

    if start > 0 and folded[start - 1] in "(（" and folded[end:end + 1] in ")）":
        return False  # 清控文创（北京）文化: a company's seat in its name
    lo = max(0, start - 6)
    window = folded[lo:min(len(folded), end + 8)]
    tokens = pos(window, hmm=False)
    # Unknown words (a company's coined name: 苏州超邦涂料) come out as single characters
    # without jieba's HMM; only then is the slower tagging worth it.
    at = lo
    for w, _ in tokens:
        if at >= end:
            if len(w) == 1 and "\u4e00" <= w <= "\u9fff":
                tokens = pos(window)
            break
        at += len(w)
    at, i, k = lo, 0, None
    for i, (w, flag) in enumerate(tokens):
        if at == start:
            k = i
            break
        at += len(w)
    if k is None:
        return False
    # The token(s) from start must end exactly at end.
    at, j = start, k
    while j < len(tokens) and at < end:
        at += len(tokens[j][0])
        j += 1
    if at != end:
        return False
    word, flag = tokens[k]
    if _ZONE_AFTER.match(folded, end) and j - k == 1:
        return True  # 天水经济技术开发区, 廊坊开发区: a zone printed with its city
    prev_word = tokens[k - 1][0] if k > 0 else ""
    if j - k == 1 and flag not in ("ns",) and not county_ok and prev_word not in _PLACE_BEFORE:
        return False  # 来宾, 长治久安: a word that is no place name here (but 对天水, 来天水)
    if end - start == 2 and gaz.is_full_name(folded[start:end]):
        # 涉县, 房县: a two-character county after a word boundary (not 千年古县, 文旅兴县).
        before = folded[start - 1] if start > 0 else ""
        return flag == "ns" and (not before or not ("\u4e00" <= before <= "\u9fff")
                                 or before in _COUNTY_BEFORE)
    if _ORG_AFTER.match(folded, end):
        return False  # 北京歌华传媒集团, 武汉仟吉食品有限公司: a company's or institution's name
    # Walk over further place names (德州庆云·重庆秀山, 河北巨鹿县): the first other token decides.
    while j < len(tokens):
        nxt, nflag = tokens[j]
        if not ("\u4e00" <= nxt[0] <= "\u9fff"):
            return True
        if gaz.is_full_name(nxt):
            return True
        if nxt in ("地区", "境内", "全境", "全域"):
            return True
        if gaz.lookup(nxt) and nflag == "ns":
            j += 1
            continue
        return nflag not in _NOUN_TAGS
    return True


# Words after which a bare name is the place a movement or relation goes to (来天水, 对天水).
_PLACE_BEFORE = {"在", "到", "赴", "来", "对", "与", "同", "视察", "走进", "来到", "前往", "落户", "扎根",
                 "深入", "来自", "回到", "返回", "离开", "支援", "助力"}
_ZONE_AFTER = re.compile(r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|经开区|工业园区)")
# What may print right before a two-character county: a list mark, a conjunction or
# preposition, a verb of movement, or the suffix of the division above it.
_COUNTY_BEFORE = set("、和与及同为在到赴来至对是将把向从省市州盟旗")
# Heads of organisation names within a few characters after a short form: the short form is
# then the prefix of an institution, company or medium (GUIDELINES.md clarifications).
_ORG_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:有限公司|公司|集团|有限|股份|大学|学院|医院|分社|分行|"
                        r"支行|银行|日报|报社|电视台|研究院|研究所|中学|小学|科技|实业|传媒|电子|"
                        r"纪念馆|博物馆|火车站|站(?![长点])|机场|海关)")


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's word frequencies and tags, loaded (they are empty until jieba initialises)."""
    import jieba
    import jieba.posseg as pseg

    jieba.dt.check_initialized()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab


def _is_word(w: str) -> bool:
    """True if ``w`` is a dictionary word other than a place name (大城市, not 宁河县)."""
    freq, tags = _dictionary()
    return bool(freq.get(w)) and tags.get(w) != "ns"


def _straddles(folded: str, start: int) -> bool:
    """True if a dictionary word runs across ``start`` (科学城 across 科学城|东区)."""
    freq = _dictionary()[0]
    return any(freq.get(folded[start - k:start + 1]) for k in (1, 2) if start - k >= 0)


def _aligned(folded: str, start: int, end: int) -> bool:
    """True if jieba's tokens of the surrounding text have a boundary at ``start``."""
    from .tokenize import pos

    lo = max(0, start - 6)
    at = lo
    for w, _ in pos(folded[lo:end + 4], hmm=False):
        if at == start:
            return True
        if at > start:
            return False
        at += len(w)
    return False


def find_districts(text: str, home: list[str] = (), *, ties: list[str] = (),
                   candidates: dict[int, list[int]] | None = None) -> list[Mention]:
    """Find district mentions in a normalised article text.

    Parameters
    ----------
    text : str
        Article text.
    home : list[str]
        County-level names of the paper's own area, most likely first (the page's or file's
        area, :func:`page_area_counts`); they break ties between towns of one name and admit
        the area's bare short form (``通州``).  The article's own area (:func:`article_area`)
        comes first in any case.
    ties : list[str]
        Further county names (the corpus's most printed) that only break ties between towns of
        one name; never an article's area.
    candidates : dict, optional
        The gazetteer's scan of the folded ``text``, from :func:`pass1_counts` of the same text;
        scanned here when not given.

    Returns
    -------
    list[Mention]
        ``name`` is the full official name; ``facts`` has ``level`` and ``parent`` (or None).
        ``parent`` is the nearest enclosing division the article prints (GUIDELINES.md: a chain
        stops at the highest division printed, a skip-level link goes to the nearest printed
        one); a town or village with none printed lies in the article's own area when the
        gazetteer puts it there or does not know it.  Mentions in page chrome (breadcrumbs,
        source lines, mastheads) are left out.

    Examples
    --------
    >>> [(m.name, m.facts.parent) for m in find_districts("潞城镇、马驹桥镇", ["通州区"])]
    [('潞城镇', '通州区'), ('马驹桥镇', '通州区')]
    """
    gaz = load_gazetteer()
    folded = fold(text)
    chrome = chrome_spans(text)

    def in_chrome(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in chrome)

    # The article's own counties (printed in full, outside chrome) admit their short forms.
    found = gaz.candidates(folded) if candidates is None else candidates
    raw = _gazetteer_matches(folded, gaz, tuple(home[:1]), found)
    own = [ps[0].name for s, e, ps, full in raw
           if full and len(ps) == 1 and ps[0].level == "county" and not in_chrome(s, e)
           and len(folded[s:e]) >= 3]
    area_first = ([home[0]] if home and home[0] in own else
                  [max(dict.fromkeys(own), key=own.count)] if own else [])
    first = tuple(dict.fromkeys(area_first + list(home[:1])))
    hits = raw if first == tuple(home[:1]) else _gazetteer_matches(folded, gaz, first, found)
    kept = []
    for s, e, places, full in hits:
        if in_chrome(s, e):
            continue
        name = folded[s:e]
        if full and len(name) == 3 and s > 0 and name in gaz.by_name and _straddles(folded, s) \
                and not _aligned(
                folded, s, e):
            continue  # 城东区 in 科学城东区
        if not full or len(name) == 2:
            county_ok = any(p.name in own or p.name in home[:1] for p in places)
            if not _printed_as_place(folded, s, e, gaz, county_ok):
                continue
        kept.append((s, e, places, full))
    hits = kept
    printed = {p.name for _, _, ps, full in hits if full for p in ps if p.level != "town"}
    printed |= {folded[s:e] for s, e, _, _ in hits}
    ranked = list(dict.fromkeys(area_first + list(home) + list(ties)))
    chosen = [(s, e, places, full, _choose(places, printed, ranked)) for s, e, places, full in hits]
    printed_names = {pl.name for *_, pl in chosen if pl is not None}
    area = area_first[0] if area_first else (home[0] if home else None)
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for s, e, places, full, place in chosen:
        if place is None:
            name, level, parent = folded[s:e], places[0].level, None
        else:
            name, level = place.name, place.level
            if name.endswith("地区") and folded[s:e].endswith("镇"):
                name = folded[s:e]  # Beijing's 地区办事处 towns are known by their 镇 name
            anc = place.ancestors()
            # The nearest printed one; the article's own area links a printed town even where
            # it is not printed itself (台湖镇 → 通州区).
            parent = next((a.name for a in anc if a.name in printed_names or (
                a.name == area and level in ("town", "village"))), None)
            if parent is None and area and level in ("town", "village") and area != name:
                # A town listed in an article about its area without its own county printed
                # (the table may know it elsewhere only, under an older name) lies in the area.
                parent = area
        if place is None and level == "town" and area:
            parent = area
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[s:e], start=s,
                                end=e, rule="gazetteer" if full else "gazetteer-short",
                                confidence=0.95 if full else 0.75,
                                facts=DistrictFacts(level=level, parent=parent, ancestors=[
                                    a.name for a in anc] if place else [])))
        spans.append((s, e))
    spans += chrome

    # Rule 2: suffix-matched divisions the gazetteer lacks.
    levels, suffix_re = _suffix_re()
    for m in suffix_re.finditer(folded):
        suffix = m.group(0)
        level = levels[suffix]
        if level in ("province", "city", "county"):
            continue  # too many false friends (示范区, 开发区); the gazetteer covers these
        end = m.end()
        if any(s < end and m.start() < e for s, e in spans):
            continue
        # Left context: right after a district mention, or a clause start / 、 / a verb.
        prev = max((mm for mm in mentions if mm.end <= m.start()), key=lambda x: x.end,
                   default=None)
        best = None
        for size in range(2, 7):
            start = m.start() - size
            if start < 0:
                break
            stem = folded[start:m.start()]
            # Nesting needs a higher division right before (镇 → 村), not a sibling (石头社区查看社区).
            after_district = prev is not None and prev.end == start and _RANK.get(
                prev.facts.level, 3) < _RANK.get(level, 3)
            stopped = _stopped(stem)
            if (stopped and after_district and stem[0] in _TOPONYM_START
                    and not _bad_start(stem, True)):
                stopped = False  # 板坝镇那洞村: only the first character, and no word
            if not all("\u4e00" <= c <= "\u9fff" for c in stem) or stopped:
                break
            before = folded[start - 1] if start > 0 else "。"
            clause_start = not ("\u4e00" <= before <= "\u9fff")
            if _bad_start(stem, after_district) or any(a < m.start() and start < b
                                                        for a, b in spans):
                continue
            moved = folded[max(0, start - 2):start] in _MOVE_BEFORE
            if (after_district or clause_start or before in "在到与和及、以为赴来至于就对向从往沿的"
                    or moved):
                best = (start, stem, after_district)
                if after_district or moved:
                    break  # the verb ends the name: 深入板坝镇 is not a name 深入板坝
        if not best:
            continue
        start, stem, after_district = best
        name = stem + suffix
        nxt = folded[end:end + 1]
        if (name in _GENERIC or _bad_start(stem, after_district)
                or (_stopped(stem) and not (after_district and stem[0] in _TOPONYM_START
                                            and not _bad_start(stem, True)))
                or (level == "village" and len(stem) > 5) or suffix == "地区"
                or (suffix in ("乡", "村", "镇") and nxt and nxt in "村镇亲愁土里民庄落级务干域长")
                or (suffix == "镇" and stem.endswith("小"))):
            continue
        enumerated = start > 0 and folded[start - 1] in "、和及与" and prev is not None and (
            prev.facts.level == level)
        # 印象北里社区书记, 任辛庄村党支部: a post of the division's own Party/self-government
        # organisation right after it makes it a division whatever jieba says of the stem.
        own_post = _OWN_POST.match(folded, end) is not None
        # The first of a list of the same divisions (顺庆村、银鹤村和茶园村).
        listed = suffix in _LIST_NEXT and _LIST_NEXT[suffix].match(folded, end) is not None
        if (not after_district and not enumerated and not listed and not own_post
                and suffix != "街道" and not _nounish(stem)):
            continue
        if _descriptive_stem(stem, after_district):
            continue
        parent = prev.name if after_district and prev is not None else None
        if enumerated and prev is not None:
            parent = prev.facts.parent
        if parent is None and level == "town" and area:
            parent = area  # a town the gazetteer lacks lies in the article's own area
        mentions.append(Mention(label=Label.DISTRICT.value, name=name, text=text[start:end],
                                start=start, end=end, rule="suffix",
                                confidence=0.8 if after_district else 0.6,
                                facts=DistrictFacts(level=level, parent=parent)))
        spans.append((start, end))
    _short_forms(folded, text, mentions, spans)
    mentions.sort(key=lambda x: x.start)
    return mentions


_SHORT_NEXT = set("、和与及等三两四五六七八九作的是在,，。;；:：)）」”")
_SUFFIX_STRIP = re.compile(r"(?:回族乡|民族乡|街道|地区|社区|镇|乡|村)$")


def _short_forms(folded: str, text: str, mentions: list[Mention],
                 spans: list[tuple[int, int]]) -> None:
    """Bare stems of towns and villages that the article prints in full: ``新华、北苑、中仓三个
    街道`` after ``新华街道``…; ``台湖`` after ``台湖镇``.  Only where a list mark, a counter or a
    clause mark follows the stem, so that 新华 in 新华社 stays no district."""
    full = {}
    for m in mentions:
        if m.facts.level in ("town", "village"):
            stem = _SUFFIX_STRIP.sub("", m.text)
            if len(stem) >= 2 and stem != m.text:
                full.setdefault(stem, m)
    for stem, m in full.items():
        for hit in re.finditer(re.escape(stem), folded):
            s, e = hit.span()
            if any(a < e and s < b for a, b in spans):
                continue
            if e < len(folded) and folded[e] not in _SHORT_NEXT:
                continue
            mentions.append(Mention(label=Label.DISTRICT.value, name=m.name, text=text[s:e],
                                    start=s, end=e, rule="short-form", confidence=0.7,
                                    facts=replace(m.facts)))
            spans.append((s, e))


def attach_villages(text: str, districts: list[Mention]) -> None:
    """Give communities and villages without a printed parent the division the article puts
    them in: the nearest town-level district printed before them, when the article names one
    town only or the town is in the same sentence; a county printed as ``<county>和<village>``
    (a pairing of partner places) when no town is.  Also marks districts inside 《…》 document
    titles (``facts.in_title``)."""
    towns = [d for d in districts if d.facts.level == "town"]
    names = {d.name for d in towns}
    by_end = {d.end: d for d in districts}
    for d in districts:
        open_title = text.rfind("《", 0, d.start)
        if open_title >= 0 and text.find("》", open_title) > d.start:
            d.facts.in_title = True
        if d.facts.level != "village" or d.facts.parent:
            continue
        before = [t for t in towns if t.end <= d.start]
        pair = by_end.get(d.start - 1) if d.start > 0 and text[d.start - 1] in "和与" else None
        if pair is not None and pair.facts.level == "county":
            d.facts.parent = pair.name
        elif len(names) == 1 and towns:
            d.facts.parent = towns[0].name
        elif before and "。" not in text[before[-1].end:d.start]:
            d.facts.parent = before[-1].name
