"""Official mentions: ``title + name``, enumerations after a title, and known names.

Rules (issue 3; GUIDELINES.md ``Official``):

1. *Titled mention* — a post word from ``data/posts.txt`` (区长, 副区长, 主任, 书记, 领导 …)
   followed by a name: a surname from ``data/surnames.txt`` plus one or two characters.  The
   name's length is decided by what follows it: punctuation or a word from the boundary lexicon
   (verbs such as 主持/出席/参加, prepositions such as 在/到); jieba's ``nr`` tag breaks the tie
   when neither length is followed by a boundary.
2. *Enumeration* — ``区领导李先侠、吴孔安、王翔宇参加``: names separated by ``、`` after a title
   share it.
3. *Known name* — a name that a titled mention established anywhere in the corpus is an
   official wherever else it is printed (``孟景伟主持并讲话 郑皓出席``).

Titles whose organisation part names a company, hospital, school, bank, association or the
press (``data/not_official_context.txt``) make a ``Person``, not an ``Official``; so do bylines
(``记者 …``), which carry no post word.  Names inside set phrases that cite a leader's thought or
speech (``…新时代中国特色社会主义思想``, ``…重要论述``) are skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation, words
from .normalize import fold
from .scan import finditer_near, windows_around
from .types import Mention

__all__ = ["find_titled_officials", "find_known_officials", "split_title_chain"]

_NAME_STOP = set("的了和在是等各全区市镇局委会部党办处室组院校厅司省县乡村街道政府长书记主任副"
                 "与及或并对从为向将把被这那其该此本个名位")
_BOUNDARY_WORDS = (
    "在", "到", "赴", "来到", "前往", "率", "带领", "一行", "等", "同志", "对", "就", "与", "和", "及",
    "为", "向", "也", "还", "先后", "分别", "首先", "代表", "是", "的", "围绕", "作", "从", "针对",
    "结合", "现场", "实地", "逐一", "专门", "详细", "认真", "深入", "一同", "共同", "听取", "会见",
    "颁发", "揭牌", "说", "又", "则", "再", "更", "均", "都", "同", "以", "于", "上台", "宣读",
    "讲", "所", "当选", "任", "介绍", "通报", "主持", "出席", "参加", "讲话", "致辞", "点评", "传达",
    "部署", "强调", "指出", "要求", "表示", "说明", "宣布", "总结", "发言", "提出", "希望", "寄语",
    "列席", "陪同", "调研", "参观", "察看", "考察", "看望", "慰问", "走访", "带队", "检查", "见证",
    "一起", "正在", "亲自", "随后", "率先", "来", "去", "拉家常", "用", "通过", "把", "将", "被",
    "接受", "给", "指导", "督导", "围", "坚持", "带头", "作为", "感谢", "一边", "正",
    "多次", "曾", "一直", "已", "已经", "带着", "主动", "积极", "第一时间", "立即", "马上",
)
_CITED = re.compile(r"(?:新时代|思想|重要讲话|重要论述|重要指示|重要批示|回信|同志关于|关于|总书记)")


@lru_cache(maxsize=1)
def _patterns():
    post = alternation("posts.txt")
    surname = alternation("surnames.txt")
    titled = re.compile(f"{post}(?=(?:{surname}))")
    bound = re.compile("(?:" + "|".join(sorted(map(re.escape, set(_BOUNDARY_WORDS)), key=len,
                                                 reverse=True)) + ")")
    not_official = re.compile(alternation("not_official_context.txt"))
    surname_re = re.compile(f"(?:{surname})")
    return titled, bound, not_official, surname_re


def _is_boundary(folded: str, pos: int) -> bool:
    if pos >= len(folded):
        return True
    ch = folded[pos]
    if not ("\u4e00" <= ch <= "\u9fff"):
        return True  # punctuation, space, digit, latin
    return bool(_patterns()[1].match(folded, pos))


def _valid_name(name: str) -> bool:
    return (2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name)
            and not any(c in _NAME_STOP for c in name[1:]))


def _jieba_name(folded: str, pos: int) -> str | None:
    from .tokenize import pos as pos_tags  # lazy: only for names the boundary rule cannot settle

    for word, flag in pos_tags(folded[pos:pos + 8]):
        if flag == "nr" and 2 <= len(word) <= 3:
            return word
        return None
    return None


def _name_at(folded: str, pos: int) -> str | None:
    """The 2- or 3-character name starting at ``pos`` (after a post word), or ``None``."""
    _, _, _, surname_re = _patterns()
    m = surname_re.match(folded, pos)
    if not m:
        return None
    s_len = len(m.group(0))
    for size in (s_len + 1, s_len + 2):
        cand = folded[pos:pos + size]
        if len(cand) == size and _valid_name(cand) and _is_boundary(folded, pos + size):
            return cand
    cand = _jieba_name(folded, pos)
    return cand if cand and _valid_name(cand) else None


_LEAD_VERBS = re.compile(r"^(?:接受|由|向|听取|邀请|陪同|会见|看望|并|和|与|及|以及|等|请|对|为|在|"
                         r"来自|原|时任|现任|担任|作为|据)+")


def split_title_chain(chain: str) -> list[str]:
    """Split a printed title chain into titles: ``区委副书记、区长`` → ``["区委副书记", "区长"]``.

    >>> split_title_chain("城市副中心党工委副书记、管委会副主任、区委副书记、区长")
    ['城市副中心党工委副书记', '管委会副主任', '区委副书记', '区长']
    """
    parts = [p.strip() for p in re.split(r"[、，,]", chain) if p.strip()]
    return [(_LEAD_VERBS.sub("", p.lstrip("“”‘’\"'「」")) or p) for p in parts]


def _title_chain(folded: str, post_start: int, post_end: int) -> tuple[str, int]:
    """The printed title chain ending at ``post_end`` and its start offset."""
    seg_start = max(folded.rfind(ch, 0, post_start) for ch in "。；;：:\n！？!?") + 1
    # Walk back over "、" / "，"-separated pieces as long as each piece ends with a post word.
    post_re = re.compile(alternation("posts.txt") + "$")
    piece_start = max(folded.rfind(ch, seg_start, post_start) for ch in "、，,") + 1
    start = max(piece_start, seg_start)
    while start > seg_start:
        prev_sep = start - 1
        prev_start = max(max(folded.rfind(ch, seg_start, prev_sep) for ch in "、，,") + 1, seg_start)
        piece = folded[prev_start:prev_sep]
        if folded[prev_sep] in "、，," and post_re.search(piece) and len(piece) <= 25:
            start = prev_start
        else:
            break
    # A verb before the title (接受区委书记…, 由区长…) is not part of it.
    lead = _LEAD_VERBS.match(folded, start, post_end)
    if lead:
        start = lead.end()
    return folded[start:post_end], start


def find_titled_officials(text: str) -> list[Mention]:
    """Find officials printed with a title (rule 1) and enumerations after it (rule 2).

    Parameters
    ----------
    text : str
        A normalised article text.

    Returns
    -------
    list[Mention]
        ``label`` is ``Official`` (or ``Person`` for staff of companies, hospitals, schools,
        the press …); ``props["titles"]`` lists the printed titles, ``props["title"]`` the chain
        as printed; offsets point at the name.

    Examples
    --------
    >>> [m.name for m in find_titled_officials("区委副书记、区长郑皓，区人大常委会主任赵玉影出席。")]
    ['郑皓', '赵玉影']
    >>> [m.name for m in find_titled_officials("区领导李先侠、吴孔安、王翔宇参加。")]
    ['李先侠', '吴孔安', '王翔宇']
    """
    folded = fold(text)
    titled, _, not_official, surname_re = _patterns()
    out: list[Mention] = []
    taken: set[int] = set()
    for m in titled.finditer(folded):
        pos = m.end()
        if pos in taken:
            continue
        name = _name_at(folded, pos)
        if not name or _CITED.match(folded, pos + len(name)):
            continue
        chain, chain_start = _title_chain(folded, m.start(), m.end())
        titles = split_title_chain(text[chain_start:m.end()])
        label = Label.PERSON if not_official.search(chain) else Label.OFFICIAL
        names = [(name, pos)]
        end = pos + len(name)
        # Rule 2: 、-separated names after the title share it.
        while end < len(folded) and folded[end] == "、" and surname_re.match(folded, end + 1):
            nxt = _name_at(folded, end + 1)
            if not nxt:
                break
            names.append((nxt, end + 1))
            end = end + 1 + len(nxt)
        for n, start in names:
            taken.add(start)
            if any(o.start == start for o in out):
                continue
            out.append(Mention(label=label.value, name=n, text=text[start:start + len(n)],
                               start=start, end=start + len(n), rule="title+name",
                               confidence=0.95 if len(names) == 1 else 0.9,
                               props={"title": text[chain_start:m.end()], "titles": titles}))
    # Rule 2b: names listed before a collective title, 吴斌、侯健美等区领导参加.
    for m in finditer_near(_listed_before_title_re(), folded, _listed_windows(folded)):
        title = text[m.start("title"):m.end("title")]
        pos = m.start("names")
        for name in m.group("names").split("、"):
            start = pos
            pos += len(name) + 1
            if start in taken or not _valid_name(name):
                continue
            taken.add(start)
            out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[start:start + len(name)],
                               start=start, end=start + len(name), rule="names+等+title",
                               confidence=0.85, props={"title": title, "titles": [title]}))
    # Rule 1b: name followed by its title in brackets, 张娜（区人大代表）.
    for m in finditer_near(_bracket_title_re(), folded, _bracket_windows(folded)):
        start, name = m.start("name"), m.group("name")
        if start in taken or not _valid_name(name):
            continue
        title = text[m.start("title"):m.end("title")]
        label = Label.PERSON if not_official.search(m.group("title")) else Label.OFFICIAL
        taken.add(start)
        out.append(Mention(label=label.value, name=name, text=text[start:start + len(name)],
                           start=start, end=start + len(name), rule="name+(title)",
                           confidence=0.9, props={"title": title,
                                                  "titles": split_title_chain(title)}))
    out.sort(key=lambda x: x.start)
    return out


_COLLECTIVE_TITLE = (r"(?:区|市|县|镇|乡|街道|省|通州区|[\u4e00-\u9fff]{2,4}[区市县])?"
                     r"(?:领导|负责同志|领导同志)")


@lru_cache(maxsize=1)
def _listed_before_title_re():
    surname = alternation("surnames.txt")
    name = f"(?:{surname})[\u4e00-\u9fff]{{1,2}}"
    return re.compile(f"(?<![\u4e00-\u9fff])(?P<names>{name}(?:、{name})+)等"
                      f"(?P<title>{_COLLECTIVE_TITLE})")


_COLLECTIVE_TITLE_MAX = 5 + 4  # 通州区 / a 2–4 character name and 区市县, then 领导同志


@lru_cache(maxsize=1)
def _collective_title_re():
    return re.compile(f"等(?={_COLLECTIVE_TITLE})")  # a look-ahead: overlapping ones all count


def _listed_windows(folded: str):
    """Where ``_listed_before_title_re`` can match (:mod:`~newsgraph.extract.scan`): from the
    start of the run of ideographs and ``、`` before each ``等<collective title>`` to the
    title's longest end."""
    for a in _collective_title_re().finditer(folded):
        start = a.start()
        while start > 0 and (folded[start - 1] == "、" or "\u4e00" <= folded[start - 1] <= "\u9fff"):
            start -= 1
        yield start, min(len(folded), a.end() + _COLLECTIVE_TITLE_MAX)


@lru_cache(maxsize=1)
def _bracket_title_re():
    post = alternation("posts.txt")
    surname = alternation("surnames.txt")
    return re.compile(f"(?<![\u4e00-\u9fff])(?P<name>(?:{surname})[\u4e00-\u9fff]{{1,2}})"
                      rf"\((?P<title>[^()]{{0,30}}?{post})\)")


@lru_cache(maxsize=1)
def _bracket_reach() -> tuple[int, int]:
    """How far a ``_bracket_title_re`` match reaches before and after its ``(``: the longest
    name (surname and two characters) and the longest title with its ``)``."""
    return (max(map(len, words("surnames.txt"))) + 2,
            30 + max(map(len, words("posts.txt"))) + 1)


def _bracket_windows(folded: str):
    before, after = _bracket_reach()
    return windows_around(_OPEN_BRACKET, folded, before, after)


_OPEN_BRACKET = re.compile(r"\(")


def find_known_officials(text: str, known: set[str] | frozenset[str],
                         taken: list[tuple[int, int]] = ()) -> list[Mention]:
    """Find bare mentions of names already known to be officials (rule 3).

    Longest names first; spans overlapping ``taken`` (offsets already claimed by other
    mentions) are skipped.  ``confidence`` is lower for two-character names, which collide with
    ordinary words more often.
    """
    if not known:
        return []
    folded = fold(text)
    claimed = list(taken)
    out: list[Mention] = []
    # One alternation, longest names first, finds every name in one pass (the known set is the
    # same for every article of a corpus, so it is compiled once).
    for m in _known_re(frozenset(known)).finditer(folded):
        s, e = m.span()
        name = m.group(0)
        if any(s < ce and cs < e for cs, ce in claimed) or _CITED.match(folded, e):
            continue
        claimed.append((s, e))
        out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[s:e], start=s,
                           end=e, rule="known-name", confidence=0.8 if len(name) == 2 else 0.85))
    return out


@lru_cache(maxsize=8)
def _known_re(known: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in sorted(known, key=lambda n: (-len(n), n))))
