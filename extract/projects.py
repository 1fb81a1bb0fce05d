"""Project mentions: printed names ending in 工程, 项目, 平台, 基地, 园区, 小镇, 公园, 水厂 ….

Rule (issue 3, issue 12 pattern 11; GUIDELINES.md ``Project``): at each suffix from
``data/project_suffixes.txt``, walk back over jieba tokens until a governing verb or function
word from ``data/project_left_boundaries.txt`` (推进, 打造, 察看, 宣布, 的, 在 …), a clause mark, or
22 characters; what lies between is the name.  jieba's part-of-speech tags are not used for the
boundary: inside names they are unreliable (创新, 兑现, 种植 come out as verbs); a verb stays when
a noun (or a second verb after one) stands before it (海林公司搬迁改造项目).  Inside a quoted part
anything goes (“互联网+健康帮扶”项目, “万、千、百、十”脱贫攻坚项目); ``及`` joins the parts of one
project; a bracket opened in the name closes after the suffix; a phase (二期) after it belongs
to the name.

Endings of ``data/project_visited_suffixes.txt`` (schools, members' houses, roads, bridges,
airports, street blocks) count only in a clause that visits or builds them
(``data/project_visit_verbs.txt``: 先后来到…, 建成通车, ``在X，``), or where the article names a
visited one again.  A suffix followed by an organisation word or a division suffix
(``data/project_right_blockers.txt``: …第三工程有限公司, 十堰市工程移民中心, …茶园村) ends no name.

Dropped: names that name a kind (``data/project_generic.txt``: 重点项目, 服务平台, -协作项目 …, also
after a leading year or place: 2026年民生实事项目, 县工业园区), counted or dated batches (N个…项目,
N项…工程, 一大批项目, 10月份…项目), descriptive ``…型`` kinds, designations (国家…示范区, 北京市…
示范基地), generic facilities without a place (大棚蔬菜基地, 民宿院落改造), a company's own site
(…有限公司冷链物流园), names shorter than four characters or with a stem of fewer than three
(two for a name-like stem of a park or reservoir: 军鼎科技园), and ``计划`` without a quoted name
(计划 is also the verb "plans to").
"""
from __future__ import annotations

import re
from functools import lru_cache, partial

from ..schema import Label
from .lexicon import alternation, words
from .normalize import fold
from .types import Mention

__all__ = ["find_projects"]

_QUOTES = set("“”‘’\"'()（）《》「」·-—")
_DETERMINERS = re.compile(r"^(?:\d+个|大量|两大|三大|四大|五大|助力|确保|推进|推动|加快|调研|打造|建设|该|本|此|各|这|那|其|多个|一批|一个|重点|重大|相关|全区|各类|多项|上述|"
                          r"新建|在建|一系列|系列|有关|这些|两个|三个|多|了|的|和|与|及|等)")


_QUOTE_RE = re.compile(r"[“”‘’\"'《》]")
_CLAUSE = set(",，。;；:：!！?？、\n")
_NOUNISH = {"g", "m", "n", "nz", "ns", "nt", "nr", "nrt", "nrfg", "vn", "an", "j", "eng", "b", "l"}


def _symbol(token: str) -> bool:
    """Symbols other than quotes and brackets (+, /, %) are no part of a name."""
    return all(not c.isalnum() and c not in _QUOTES for c in token)


@lru_cache(maxsize=1)
def _boundaries() -> frozenset[str]:
    return frozenset(words("project_left_boundaries.txt"))


@lru_cache(maxsize=1)
def _suffix_re():
    return re.compile("(?:" + alternation("project_suffixes.txt") + "|"
                      + alternation("project_visited_suffixes.txt") + ")")


@lru_cache(maxsize=1)
def _visited_only() -> frozenset[str]:
    return frozenset(words("project_visited_suffixes.txt"))


@lru_cache(maxsize=1)
def _visit_re():
    return re.compile(alternation("project_visit_verbs.txt"))


@lru_cache(maxsize=1)
def _blocker_re():
    # A suffix followed by an organisation word belongs to the organisation's name
    # (…第三工程有限公司, 十堰市工程移民中心); one followed by a short name and 管委会 too
    # (中关村科技园通州园管理委员会) — but not the park's own 管委会 right after it.
    return re.compile(alternation("project_right_blockers.txt")
                      + r"|[^\W\d_]{1,4}?(?:管理委员会|管委会)")


# Ceremonies whose object is the project printed before them inside a meeting name
# (…暨X项目开工仪式, “X”揭牌仪式): there the project name is printed inside the meeting's.
_CEREMONY = re.compile(r"[”’]?(?:集中)?(?:开工|揭牌|签约|奠基|竣工|投产|启用|开园)")
# Counted, dated or anniversary phrases name a batch, not a project (N项…工程, 年度N个…项目,
# 一大批项目, 新一轮项目, 30周年…项目).
_COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十两几多数]+)(?:个|项|批|类)|\d+周年|\d+月|大批|新一轮")
# A descriptive ``…型`` (专业型园区, 大型…物流园区) describes a kind; 新型 names one.
_DESCRIPTIVE = re.compile(r"(?<![新模造类典体原])型")
# A leading year or place is stripped before the generic check (2026年民生实事项目, 县工业园区).
_LEAD_YEAR = re.compile(r"^(?:\d{2,4}年度?|年度)")
_LEAD_PLACE = re.compile(r"^[^\W\d_]{0,5}?(?:省|市|县|区|旗|镇|乡|村)")
# Designations awarded by a higher level (国家绿色发展示范区, 北京市…示范区, 河北省…示范基地).
_DESIGNATION = re.compile(r"^(?:国家|全国|省级|市级|[^\W\d_]{2,3}[省市])[^\W\d_]*示范(?:区|基地)$")
# Kinds of facility any village has (大棚蔬菜基地, 重楼种植基地, 民宿院落改造): a project only
# with a place in front (西槐庄园种植基地, 中建幸福里西侧道路改造).
_WEAK_HEAD = re.compile(r"(?:种植|养殖|教育|蔬菜)基地$|改造$|示范点$")
_PLACE_CHAR = re.compile(r"[省市县区镇乡村庄屯里“‘]")
# Endings whose names may have a two-character stem (军鼎科技园, 河北文博园).
# A two-character stem must be a name, not a dictionary word (冷链物流园, 静脉产业园 are kinds).
_SHORT_STEM_OK = ("科学城", "工业园", "农业园", "创业园", "产业园", "科技园", "物流园", "生态园", "文博园", "水库", "水厂", "机场")


def _name_like(stem: str) -> bool:
    """A short stem that is a place or a word jieba does not know as a common noun."""
    from .tokenize import pos

    tags = pos(stem, hmm=False)
    if len(tags) != 1:
        return len(tags) > 1
    return tags[0][1] in ("ns", "nz", "nr", "nt", "j", "eng")


def _generic(bare: str, suffix: str, quoted: bool = False) -> bool:
    """Whether ``bare`` (quotes removed) names a kind, a batch or a designation; ``quoted``:
    the printed name holds a quoted part (“千万工程”), which may have a two-character stem."""
    generic = words("project_generic.txt")
    stem = bare[:-len(suffix)] if bare.endswith(suffix) else bare
    min_stem = 2 if quoted or (suffix.endswith(_SHORT_STEM_OK) and _name_like(stem)) else 3
    if (len(bare) < 4 or len(stem) < min_stem or bare in generic or _DETERMINERS.match(bare)
            or bare.startswith("第") or any(bare.endswith(g[1:]) for g in generic if g.startswith("-"))):
        return True
    if not re.search(r"[^\W\d_]", stem):
        return True  # “6+5+18”平台: numbers name a structure, not a project
    if _COUNTED.search(bare) or _DESCRIPTIVE.search(stem) or _DESIGNATION.match(bare):
        return True
    core = _LEAD_YEAR.sub("", bare).lstrip("0123456789")
    if not core or core in generic or _COUNTED.match(core):
        return True
    place = _LEAD_PLACE.match(core)
    rest = core[place.end():] if place else ""
    if rest and (rest in generic or _COUNTED.match(rest)):
        # A bare level word (县工业园区, 全县农业项目) or any place before a bare suffix
        # (定远县项目, 十堰市工程) names no project; a named place before a kind does
        # (河口村土地整理项目).
        unnamed = len(place.group(0)) == 1 or place.group(0)[0] in "全本该我各"
        if unnamed or len(rest) <= 2 or _COUNTED.match(rest):
            return True
    if _WEAK_HEAD.search(bare) and not _PLACE_CHAR.search(stem.replace("小区", "").replace("社区", "")):
        return True
    return False


# 首个“政协委员之家”, 这处…: the ordinal or demonstrative is not part of the name.
_LEAD_ORDINAL = re.compile(r"^(?:首个|首批|首家|首座|这处|此处|该处)")
_PHASE = re.compile(r"[一二三四五六七八九十\d]期(?!工程|项目|建设)")


def _open_quote(folded: str, start: int, end: int) -> int | None:
    """The offset of the “ that opens a quote closed in ``folded[start:end]`` but opened
    before ``start`` (within 20 characters), else None."""
    part = folded[start:end]
    if part.count("”") <= part.count("“"):
        return None
    q = folded.rfind("“", max(0, start - 20), start)
    return q if q >= 0 and "”" not in folded[q:start] else None


def _noun_before(tokens: list[tuple[str, str]], i: int, stops: frozenset[str]) -> bool:
    """Whether the verb at ``tokens[i]`` follows a noun (a closing quote counts), directly or
    after one more verb: 海林公司搬迁改造项目, 凤凰生态公园提档升级建设项目."""
    for j in (i - 1, i - 2):
        if j < 0 or tokens[j][0] in stops:
            return False
        w, flag = tokens[j]
        if flag in _NOUNISH or w in ("”", "’"):
            return True
        if flag not in ("v", "vn"):
            return False
    return False


def _outermost(found: list[Mention]) -> dict[tuple[int, int], Mention]:
    """One mention per span; a name inside a longer one (中德产业园 in 中德产业园二期工程) is
    part of it."""
    spans = {(p.start, p.end) for p in found}
    kept: dict[tuple[int, int], Mention] = {}
    for p in found:
        inside = any(s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in spans)
        if not inside:
            kept.setdefault((p.start, p.end), p)
    return kept


def _ends_with_suffix(word: str) -> bool:
    return any(word.endswith(x) for x in words("project_suffixes.txt"))


def _visited(folded: str, start: int, end: int) -> bool:
    """Whether the clause around ``start:end`` says the place is visited or built (a verb of
    ``data/project_visit_verbs.txt`` between the commas around it: 先后来到A、B, A建成通车), or
    the clause is ``在X，`` leading the visit that follows."""
    s = max(folded.rfind(c, 0, start) for c in ",，。;；!！?？\n") + 1
    e = min((i for i in (folded.find(c, end) for c in ",，。;；!！?？\n") if i >= 0),
            default=len(folded))
    if folded[s:s + 1] == "在" and folded[end:end + 1] in (",", "，"):
        return True
    return bool(_visit_re().search(folded, s, e))


def _walk_name(tokens: list[tuple[str, str]], suffix: str) -> tuple[list[str], int]:
    """The name ending in ``suffix`` at the end of ``tokens`` (a clause's last words, tagged):
    ``(its tokens from the last back, the lowest index of tokens looked at)``."""
    stops = _boundaries()
    name_tokens: list[str] = []
    i = len(tokens) - 1
    while i >= 0:
        w, flag = tokens[i]
        # The suffix itself may come as several tokens (之/家 as well as 之家).
        if sum(map(len, name_tokens)) < len(suffix):
            name_tokens.append(w)
            i -= 1
            continue
        # 及 joins the parts of one project (…产业基地及结算中心项目) unless a whole project
        # name stands before it (A项目及B项目).
        # 至 joins the ends of a road (军店至窑淮一级路项目) like 及.
        if w in ("及", "至"):
            if i == 0 or _ends_with_suffix(tokens[i - 1][0]) or tokens[i - 1][0] in stops:
                break
            name_tokens.append(w)
            i -= 1
            continue
        # Inside a quoted name anything goes (“互联网+健康帮扶”, “万、千、百、十”) but length.
        in_quote = sum(t.count("”") - t.count("“") for t in name_tokens) > 0
        if in_quote and w != "”" and not any(c in "。；;\n" for c in w) \
                and sum(map(len, name_tokens)) + len(w) <= 22:
            name_tokens.append(w)
            i -= 1
            continue
        if (w in stops or any(c in _CLAUSE for c in w) or _symbol(w)
                or sum(map(len, name_tokens)) + len(w) > 22):
            break
        # A verb inside a noun phrase (企业政策兑现服务平台, 宋庄艺术创意小镇) stays; a verb that
        # opens the phrase (听取…, 发挥…) governs it and ends the name.
        if flag in ("d", "ad", "p", "c", "u", "r") or (flag in ("v", "vd") and not (
                _noun_before(tokens, i, stops))):
            break
        name_tokens.append(w)
        i -= 1
    # _noun_before looks two tokens further back than the token the walk stopped at.
    return name_tokens, max(0, i - 2)


def find_projects(text: str, exclude: list[tuple[int, int]] = ()) -> list[Mention]:
    """Find project mentions in a normalised article text.

    Parameters
    ----------
    text : str
        Article text.
    exclude : list of (start, end)
        Spans already claimed (meeting names), where no project is looked for.

    Returns
    -------
    list[Mention]
        One mention per printed name, offsets into ``text``.

    Examples
    --------
    >>> [m.name for m in find_projects("加快推进通惠河（通州段）水环境综合治理工程建设。")]
    ['通惠河（通州段）水环境综合治理工程']
    """
    folded = fold(text)
    out: list[Mention] = []
    deferred: list[re.Match] = []
    visited: list[tuple[str, int, int, int]] = []  # (name, its suffix's end in it, span)
    for m in _suffix_re().finditer(folded):
        end = m.end()
        # The suffix may be part of a longer word (项目部, 平台化): require a word end.
        if end < len(folded) and folded[end] in "部化式组内外上中里方":
            continue
        if _blocker_re().match(folded, end):
            continue
        if any(s <= m.start() < e for s, e in exclude) and not _CEREMONY.match(folded, end):
            continue
        if folded[end:end + 1] in ("”", "’", "\"") and folded.rfind("“", 0, m.start()) > \
                folded.rfind("”", 0, m.start()):
            end += 1  # 基层党建“亮点工程”: keep the closing quote with the name
        clause_start = max(folded.rfind(ch, 0, m.start()) for ch in ",，。;；:：!?\n、") + 1
        # A quoted name may hold 、 or +: “万、千、百、十”脱贫攻坚项目, “互联网+健康帮扶”项目.
        quoted_from = _open_quote(folded, clause_start, m.start())
        if quoted_from is not None:
            clause_start = max(folded.rfind(ch, 0, quoted_from) for ch in ",，。;；:：!?\n、") + 1
        # The walk never takes more than 22 characters; tagging a clause's last 32 is enough and
        # keeps jieba's HMM tagger (the costly part of this rule) off the rest of the clause.
        window = folded[max(clause_start, m.start() - 32):m.end()]
        if len(window) <= len(m.group(0)) + 1:
            continue  # a bare suffix (项目、…): nothing to tag
        if m.group(0) in _visited_only() and not _visited(folded, m.start(), m.end()):
            deferred.append(m)  # tagged only if the article visits the same name elsewhere
            continue
        from .tokenize import pos_from_end

        name_tokens = pos_from_end(window, partial(_walk_name, suffix=m.group(0)))
        name = "".join(reversed(name_tokens))
        # The suffix token may run past the suffix (平台运行): cut at the suffix.
        cut = name.rfind(m.group(0))
        if cut < 0:
            continue
        name = name[:cut + len(m.group(0))]
        name = _LEAD_ORDINAL.sub("", name.lstrip("”’)）、—-"))
        if name.count("“") > name.count("”"):
            name = name.replace("“", "", 1) if name.startswith("“") else name
        start = m.end() - len(name)
        if folded[start:m.end()] != name:
            continue
        if name.count("”") > name.count("“") and name.endswith("”"):
            name = name[:-1]
        if m.group(0) == "计划" and "“" not in name:
            continue  # 计划 is also the verb "plans to"; a programme's name is quoted
        if "暨" in name:  # 京津冀信创小镇暨智能制造基地: two projects launched together
            head, _, name = name.rpartition("暨")
            start = m.end() - len(name)
            head_start = start - 1 - len(head)
            if _suffix_re().search(head + "$") or _suffix_re().fullmatch(head[-2:]) or any(
                    head.endswith(x) for x in words("project_suffixes.txt")):
                out.append(Mention(label=Label.PROJECT.value, name=text[head_start:start - 1],
                                   text=text[head_start:start - 1], start=head_start,
                                   end=start - 1, rule="suffix+tokens", confidence=0.65))
        phase = _PHASE.match(folded, m.end())
        bare = re.sub(r"[“”‘’\"'《》]", "", name) + (phase.group(0) if phase else "")
        quoted = "“" in name or "‘" in name or folded[start - 1:start] in ("“", "‘")
        if _generic(bare, m.group(0), quoted=quoted):
            continue
        if m.group(0) != "项目" and folded[:start].endswith("公司"):
            continue  # a company's site (…有限公司冷链物流园), not a project (GUIDELINES.md)
        if end > m.end() and text[m.end():end] in ("”", "’", "\"") and (
                name.count("“") > name.count("”") or name.count("‘") > name.count("’")):
            name_end = end
        else:
            name_end = m.end()
        if phase and name_end == m.end():
            name_end = phase.end()  # 纺织产业园二期: the phase is part of the name
        opened = name.count("（") + name.count("(") - name.count("）") - name.count(")")
        if opened > 0 and folded[name_end:name_end + 1] in (")", "）"):
            name_end += 1  # 建德经济开发区（航空小镇）: the bracket closes after the suffix
        mention = Mention(label=Label.PROJECT.value, name=text[start:name_end],
                          text=text[start:name_end], start=start, end=name_end,
                          rule="suffix+tokens", confidence=0.7)
        out.append(mention)
        if m.group(0) in _visited_only():
            visited.append((folded[start:name_end], m.end() - start, start, name_end))
    kept = _outermost(out)
    # A campus or members' house visited once is the same project where the article names it
    # again without a visit verb (这处“政协委员之家”设在…); a name inside a longer one (新坝水库 in
    # 新坝水库环湖公路) was not visited itself.
    visited = [(raw, at) for raw, at, s, e in visited if (s, e) in kept]
    again = []
    for m in deferred:
        for raw, at in dict.fromkeys(visited):
            s = m.end() - at
            if s >= 0 and folded.startswith(raw, s):
                again.append(Mention(label=Label.PROJECT.value, name=text[s:s + len(raw)],
                                     text=text[s:s + len(raw)], start=s, end=s + len(raw),
                                     rule="suffix+tokens", confidence=0.7))
                break
    if again:
        kept = _outermost(list(kept.values()) + again)
    return sorted(kept.values(), key=lambda p: p.start)
