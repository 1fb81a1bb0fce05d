"""Project mentions: printed names ending in 工程, 项目, 平台, 基地, 园区, 小镇, 校区, 计划 ….

Rule (issue 3; GUIDELINES.md ``Project``): at each suffix from ``data/project_suffixes.txt``,
walk back over jieba tokens until a governing verb or function word from
``data/project_left_boundaries.txt`` (推进, 打造, 察看, 的, 在 …), a clause mark, or 22
characters; what lies between is the name.  jieba's part-of-speech tags are not used for the
boundary: inside names they are unreliable (创新, 兑现, 种植 come out as verbs).  Names that name
a kind rather than a project (``data/project_generic.txt``: 重点项目, 服务平台 …), names shorter than
four characters, and ``计划`` without a quoted name (计划 is also the verb "plans to") are dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation, words
from .normalize import fold
from .types import Mention

__all__ = ["find_projects"]

_QUOTES = set("“”‘’\"'()（）《》「」·-—")
_DETERMINERS = re.compile(r"^(?:\d+个|一大批|大量|两大|三大|四大|五大|助力|确保|推进|推动|加快|调研|打造|建设|该|本|此|各|这|那|其|多个|一批|一个|重点|重大|相关|全区|各类|多项|上述|"
                          r"新建|在建|一系列|系列|有关|这些|两个|三个|多|了|的|和|与|及|等)")


_CLAUSE = set(",，。;；:：!！?？、\n")
_NOUNISH = {"n", "nz", "ns", "nt", "nr", "nrt", "nrfg", "vn", "an", "j", "eng", "b", "l"}


def _symbol(token: str) -> bool:
    """Symbols other than quotes and brackets (+, /, %) are no part of a name."""
    return all(not c.isalnum() and c not in _QUOTES for c in token)


@lru_cache(maxsize=1)
def _boundaries() -> frozenset[str]:
    return frozenset(words("project_left_boundaries.txt"))


@lru_cache(maxsize=1)
def _suffix_re():
    entries = sorted(set(words("project_suffixes.txt")) | _facility(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in entries) + ")")


@lru_cache(maxsize=1)
def _all_suffixes() -> tuple[str, ...]:
    return tuple(sorted(set(words("project_suffixes.txt")) | _facility(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _facility() -> frozenset[str]:
    return frozenset(words("project_facility_suffixes.txt"))


# Counted, dated or descriptive phrases (N项…工程, 年度N个…项目, 一大批项目, …型项目).
_COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十两几多])(?:个|项|批)|一大批|大型|"
                      r"(?<![模类新车机造户体典])型$")
# Kinds of a base that need an owner or place in front (西槐庄园种植基地, not 大棚蔬菜基地).
_KIND_BASE = re.compile(r"(?:种植|养殖|蔬菜|教育|实践|培训)基地$")
_PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "eng", "m"}


def _proper(stem: str, numbers: bool = True) -> bool:
    """True if ``stem`` holds a proper-name element: a place, person, brand or organisation
    token, a number or ordinal (第二再生水厂), a quoted name, or a word jieba's dictionary lacks
    (a coined name: 瑶湾, 嘎海山)."""
    from .tokenize import pos
    from .districts import _dictionary

    if re.search(r"[“”‘’\"'《》「」A-Za-z]", stem) or (numbers and re.search(r"[0-9]", stem)):
        return True
    if stem[-1:] in "内外中间旁边":
        return False  # 辖区内学校: a location phrase, not a name
    freq = _dictionary()[0]
    tokens = pos(stem)
    if 2 <= len(stem) <= 3 and not freq.get(stem) and all(
            "\u4e00" <= c <= "\u9fff" for c in stem) and len(tokens) > 1 and all(
            f in ("n", "ns", "nr", "nz", "j", "q", "ng", "zg", "g") for _, f in tokens):
        return True  # a short coined name (方家畈) rather than a word (湿地) or phrase (辖区内)
    for w, flag in tokens:
        if (flag in _PROPER_TAGS and (numbers or flag != "m")) or (len(w) >= 2 and not freq.get(w)):
            return True
    return False


def _designated(bare: str) -> bool:
    """True if ``bare`` opens with the nation or a province-level division (国家…, 北京市…):
    the name of a designation awarded to a place, not of a work."""
    from .gazetteer import load_gazetteer

    if bare.startswith(("国家", "全国")):
        return True
    gaz = load_gazetteer()
    return any(p.level == "province" for k in range(2, 7) for p in gaz.lookup(bare[:k]))


def _kind_only(bare: str, suffix: str) -> bool:
    """True if the name is a place (or nothing) before a kind word: 十堰市工程, 定远县5个项目,
    京蒙协作项目, 县工业园区."""
    stem = bare[:-len(suffix)] if bare.endswith(suffix) else bare
    from .gazetteer import load_gazetteer

    stem = re.sub(r"^[\d年度第“”\"]+", "", stem)
    gaz = load_gazetteer()
    rest = stem[1:] if stem[:1] in ("县", "区", "市", "乡", "镇") else stem
    for k in range(min(len(stem), 9), 1, -1):
        if gaz.lookup(stem[:k]):
            rest = stem[k:]
            break
    kinds = sorted(words("project_kinds.txt"), key=len, reverse=True)
    while rest:  # only kind words, one after another (东西部协作惠民生工程)
        k = next((k for k in kinds if rest.startswith(k)), None)
        if k is None:
            return False
        rest = rest[len(k):]
    return True


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
    for m in _suffix_re().finditer(folded):
        end = m.end()
        # The suffix may be part of a longer word (项目部, 平台化): require a word end.
        if end < len(folded) and folded[end] in "部化式组内外上中里方有公局处队村长" and not (
                folded[end] == "内" and m.group(0).endswith("园")):  # 科技园内: inside the park
            continue
        facility = m.group(0) in _facility()
        if re.match(r"[\u4e00-\u9fff]{0,4}?(?:管委会|管理委员会)(?:党工委)?(?:常务)?副?(?:主任|书记)",
                    folded[end:end + 16]):
            continue  # 中关村科技园通州园管委会主任: a post's title, not a work
        if facility and folded[end:end + 1] in ("城", "镇", "区"):
            continue  # 公园城市: a concept, not a park
        if any(s <= m.start() < e for s, e in exclude):
            continue
        if folded[end:end + 1] in ("”", "’", "\"") and folded.rfind("“", 0, m.start()) > \
                folded.rfind("”", 0, m.start()):
            end += 1  # 基层党建“亮点工程”: keep the closing quote with the name
        clause_start = max(folded.rfind(ch, 0, m.start()) for ch in ",，。;；:：!?\n、") + 1
        # The walk never takes more than 22 characters; tagging a clause's last 32 is enough and
        # keeps jieba's HMM tagger (the costly part of this rule) off the rest of the clause.
        window = folded[max(clause_start, m.start() - 32):m.end()]
        from .tokenize import pos

        tokens = pos(window, hmm=True)
        stops = _boundaries()
        name_tokens: list[str] = []
        for i in range(len(tokens) - 1, -1, -1):
            w, flag = tokens[i]
            if not name_tokens:
                name_tokens.append(w)
                continue
            if flag == "v" and facility and len(w) == 1:
                break  # a facility's name holds no bare verb (居民去公园; 再生水厂 stays)
            if w == "+" and i > 0 and "\u4e00" <= tokens[i - 1][0][-1] <= "\u9fff" and \
                    sum(map(len, name_tokens)) > len(m.group(0)) + 1:
                name_tokens.append(w)  # 互联网+健康帮扶项目
                continue
            if w == "及" and i > 0 and tokens[i - 1][1] in _NOUNISH | {"v", "vn"} and not \
                    _suffix_re().search(tokens[i - 1][0] + "$") and not any(
                    tokens[i - 1][0].endswith(x) for x in _all_suffixes()):
                name_tokens.append(w)  # 十八洞农产品及…中心项目: one work with a joined name
                continue
            if (w in stops or any(c in _CLAUSE for c in w) or _symbol(w)
                    or sum(map(len, name_tokens)) + len(w) > 22):
                break
            # A verb inside a noun phrase (企业政策兑现服务平台, 宋庄艺术创意小镇) stays; a verb that
            # opens the phrase (听取…, 发挥…) governs it and ends the name.
            if flag in ("d", "ad", "p", "c", "u", "r") or (flag in ("v", "vd") and not (
                    i > 0 and (tokens[i - 1][1] in _NOUNISH or tokens[i - 1][0].startswith("第"))
                    and tokens[i - 1][0] not in stops)):
                break
            name_tokens.append(w)
        name = "".join(reversed(name_tokens))
        # The suffix token may run past the suffix (平台运行): cut at the suffix.
        cut = name.rfind(m.group(0))
        if cut < 0:
            continue
        name = name[:cut + len(m.group(0))]
        name = name.lstrip("”’)）、—-―_ ")
        if name.count("“") > name.count("”"):
            name = name.replace("“", "", 1) if name.startswith("“") else name
        # The body that runs it is no part of its name (区民政局基层党建“亮点工程”项目).
        owner = re.match(r"[区县市][\u4e00-\u9fff]{1,4}?(?:局|委|办)(?=[\u4e00-\u9fff“])", name)
        if owner and len(name) - owner.end() >= 6:
            name = name[owner.end():]
        # Balanced brackets: 开发区（航空小镇 names the bracketed 航空小镇.
        for opening, closing in (("(", ")"), ("（", "）")):
            if name.count(opening) > name.count(closing):
                name = name[name.rfind(opening) + 1:]
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
        bare = re.sub(r"[“”‘’\"'《》]", "", name)
        generic = words("project_generic.txt")
        stem = bare[:-len(m.group(0))] if bare.endswith(m.group(0)) else bare
        # Two-character stems only before long or facility endings (纺织产业园, 方家畈水厂).
        if (len(bare) < 4 or len(stem) < 2 or (len(stem) < 3 and not facility
                                                and len(m.group(0)) < 3 and m.group(0) != "小镇")
                or bare in generic
                or _DETERMINERS.match(bare)):
            continue
        ending = next((g[1:] for g in generic if g.startswith("-") and bare.endswith(g[1:])), None)
        if ending and (ending != "生产项目" or not _proper(bare[:-len(ending)], numbers=False)):
            continue  # a kind (文化数字化重点项目), unless an owner or place names it (江苏科利…生产项目)
        if (_COUNTED.search(stem) or "有限公司" in bare or _kind_only(bare, m.group(0))
                or (_designated(bare) and re.search(r"示范(?:区|基地)$", bare))):
            continue  # counted, company-owned, generic or a designation (国家…示范区)
        if (facility or m.group(0) == "改造" or _KIND_BASE.search(bare)) and not _proper(
                _KIND_BASE.sub("", bare) if _KIND_BASE.search(bare) else stem):
            continue  # a kind of facility with no proper name (湿地公园, 大棚蔬菜基地)

        if end > m.end() and text[m.end():end] in ("”", "’", "\"") and (
                name.count("“") > name.count("”") or name.count("‘") > name.count("’")):
            name_end = end
        else:
            name_end = m.end()
        phase = re.match(r"[一二三四五六七八九十\d]期(?:工程|项目)?", folded[name_end:name_end + 5])
        if phase:
            name_end += phase.end()  # 纺织产业园二期: a phase is part of the name
        out.append(Mention(label=Label.PROJECT.value, name=text[start:name_end],
                           text=text[start:name_end], start=start, end=name_end,
                           rule="suffix+tokens", confidence=0.7))
    # One mention per span; a name inside a longer one (中德产业园 in 中德产业园二期工程) is part of it.
    spans = {(p.start, p.end) for p in out}
    kept: dict[tuple[int, int], Mention] = {}
    for p in out:
        inside = any(s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in spans)
        if not inside:
            kept.setdefault((p.start, p.end), p)
    # Variants of one work in one article are one name: X项目 / X工程 where X is printed alone too
    # (军鼎科技园项目 and 军鼎科技园), the shorter printed form naming both.
    found = kept.values()
    plain = {_key(p.name) for p in found}
    for p in found:
        for tail in ("建设项目", "项目", "工程"):
            base = p.name[:-len(tail)] if p.name.endswith(tail) else ""
            if len(base) >= 4 and _key(base) in plain:
                p.name = next(q.name for q in found if _key(q.name) == _key(base))
                break
    return sorted(found, key=lambda p: p.start)


def _key(name: str) -> str:
    return re.sub(r"[“”‘’\"'《》「」]", "", fold(name))
