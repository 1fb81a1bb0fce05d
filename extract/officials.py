"""Official mentions: ``title + name``, enumerations after a title, and known names.

Rules (issue 3, issue 12; GUIDELINES.md ``Official``):

1. *Titled mention* — a post word from ``data/posts.txt`` (区长, 副区长, 主任, 书记, 院长,
   检察长, 二级调研员, 第一书记, 旗长, 领导 …) followed by a name: a surname from
   ``data/surnames.txt`` (《百家姓》 and the common modern surnames, single and compound) plus
   one or two characters.  The name's length is decided by what follows it: punctuation beats a
   boundary word that also ends given names (吕保和、, 江钦所，); a conjunction before a verb
   belongs to the name (吕保和参加); between two boundary words, a name printed with punctuation
   elsewhere in the article, then jieba's ``nr`` tag, then the shorter name.  Two-character
   names padded with spaces (``尹 圆``, PDF layout), names with a middle dot (``奇·达楞太``) and
   four-character minority names (``扎西彭措``) are read too.
1b. ``name（title）``: ``张娜（区人大代表）``.
1c. A post after the name, before a speech verb: ``由…王某主任主持``, ``X副县长表示``.
2. *Enumeration* — ``区领导李先侠、吴孔安、王翔宇参加``: names separated by ``、`` after a title
   share it; each item is the whole text between two ``、`` when that is a plausible name (so a
   rare surname or a minority name does not end the list), the last one ends at a boundary.
2b/2c. Names before the role noun they share: ``吴斌、侯健美等区领导参加``,
   ``A、B…等5名委员作大会发言`` (a printed count equal to the items), ``A、B等县级领导``,
   ``等常委会组成人员出席``, ``X委员表示``.
3. *Known name* — a name that a titled mention established anywhere in the corpus is an
   official wherever else it is printed (``孟景伟主持并讲话 郑皓出席``); a name that is also a
   dictionary word (甘露) only in an article where a title introduced it.
4. *Personnel changes* at congress sessions (``任命X为…``, ``免去X的…职务``, ``接受X辞去…职务
   的请求``, ``决定X为代理县长``, ``A等N名同志的任职议案``, ``X当选为…``): the title is the post
   given or left (``facts.personnel``).

A name must be plausible before it is a mention, and so before it is known: not a function word
or common word of jieba's dictionary (关于, 权利, 强调, 查看), not any dictionary word after a
collective title (``区领导强调``), not a function-word surname that jieba reads as the function
word there (``书记和新任…``).

Titles whose organisation part names a company, hospital, school, bank, association or the
press (``data/not_official_context.txt``) make a ``Person``, not an ``Official``; so do bylines
(``记者 …``), which carry no post word.  Names inside set phrases that cite a leader's thought or
speech (``…新时代中国特色社会主义思想``, ``…重要论述``, ``…视察时的指示精神``) are skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

from ..schema import Label
from .lexicon import alternation, words
from .normalize import fold
from .scan import finditer_near, windows_around
from .types import Mention, OfficialFacts

__all__ = ["find_titled_officials", "find_known_officials", "split_title_chain", "plausible_name",
           "is_dictionary_word"]

# Characters that never stand in a given name (after the surname): particles, pronouns and the
# characters of organisation and post words (区, 委, 局 …).  Characters that do occur in real
# given names (会, 全, 道, 书, 长, 和, 为, 其, 本: 刘会新, 张光全, 纪道清, 侯书文, 刘长勇, 魏和胜,
# 孙其军, 余本军) are not here:
# where they also end a name (吕保和、) the list structure and the boundary after the name decide.
_NAME_STOP = set("的了在是等各区市镇局委部党办处室组院校厅司省县乡村街政府记主副"
                 "与及或并对从向将把被这那该此个名位们")
_BOUNDARY_WORDS = (
    "在", "到", "赴", "来到", "前往", "率", "带领", "一行", "等", "同志", "对", "就", "与", "和", "及",
    "为", "向", "也", "还", "先后", "分别", "首先", "代表", "是", "的", "围绕", "作", "从", "针对",
    "结合", "现场", "实地", "逐一", "专门", "详细", "认真", "深入", "一同", "共同", "听取", "会见",
    "颁发", "揭牌", "说", "又", "则", "再", "更", "均", "都", "同", "以", "于", "上台", "宣读",
    "讲", "所作", "所做", "所说", "所讲", "所提", "当选", "任", "介绍", "通报", "主持", "出席",
    "参加", "讲话", "致辞", "点评", "传达",
    "部署", "强调", "指出", "要求", "表示", "说明", "宣布", "总结", "发言", "提出", "希望", "寄语",
    "列席", "陪同", "调研", "参观", "察看", "考察", "看望", "慰问", "走访", "带队", "检查", "见证",
    "一起", "正在", "亲自", "随后", "率先", "来", "去", "拉家常", "用", "通过", "把", "将", "被",
    "接受", "给", "指导", "督导", "围", "坚持", "带头", "作为", "感谢", "一边", "正",
    "多次", "曾", "一直", "已", "已经", "带着", "主动", "积极", "第一时间", "立即", "马上",
    "委员", "立足", "进行", "辞去", "依次", "致", "汇报", "主讲", "宣誓",
)
# One-character boundaries that join two nouns: a name cannot end before one of them when the
# word after it is a verb or punctuation (吕保和参加 is 吕保和 + 参加, not 吕保 + 和).
_CONJUNCTIONS = set("和与及同跟暨")
# One-character boundary words that also end given names (吕保和, 李志同, 王少为, 刘建任, 张志正,
# 李建均): before one of them a name is cut only when the longer name has no firmer end.
_NAME_FINAL_BOUNDARIES = set("和与及同为任正均来")
_CITED = re.compile(r"(?:新时代|思想|重要讲话|重要论述|重要指示|重要批示|回信|同志关于|关于|总书记)")
# A leader whose past words the article cites (落实省委书记X到某地视察时的指示精神) is no mention
# of an official at the event: the name is followed, inside its clause, by …指示精神 / …讲话精神.
_CITED_SPEECH = re.compile(r"[^，,。；;：:！？!?\n]{0,20}?(?:指示|讲话|批示|回信|论述|寄语)精神")
# jieba tags of words that are never a person's name (prepositions, conjunctions, adverbs,
# pronouns, particles, numerals, measure words, locality words, time words, idioms).
_FUNCTION_TAGS = frozenset({"p", "c", "d", "ad", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                            "m", "mq", "q", "f", "t", "tg", "y", "e", "o", "l", "i", "zg", "dg"})
_COMMON_WORD_FREQ = 3000   # a non-name dictionary word this frequent is no name (权利, 强调)
# Verbs and adjectives are no names from a lower frequency on (查看现场, 应邀出席, 严肃): a
# title is often the subject of the verb after it (局长查看现场).  Rarer ones stay possible
# names (甘露, a real 社区党支部书记).
_VERB_TAGS = frozenset({"v", "vn", "vd", "a", "an", "ad", "vg", "ag"})
_COMMON_VERB_FREQ = 300
_WEAK_SURNAME_FREQ = 20000  # a surname this frequent as a function word (和, 向, 于, 从, 都)


@lru_cache(maxsize=1)
def _patterns():
    post = alternation("posts.txt")
    surname = _surname_pattern()
    # A name after the post: a listed surname, or the first item of a 、-list (庆兆珅、…).
    # (政府旗长候选人张某: a candidate for the post is printed with it.)
    titled = re.compile(f"{post}(?:候选人)?(?=(?:{surname})|[\u4e00-\u9fff]{{3,4}}[、，,]|"
                        f"[\u4e00-\u9fff]{{1,4}}·)")
    bound = re.compile("(?:" + "|".join(sorted(map(re.escape, set(_BOUNDARY_WORDS)), key=len,
                                                 reverse=True)) + ")")
    not_official = re.compile(alternation("not_official_context.txt"))
    surname_re = re.compile(f"(?:{surname})")
    return titled, bound, not_official, surname_re


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(words("surnames.txt"))


@lru_cache(maxsize=1)
def _surname_pattern() -> str:
    """The surnames as a regex: compound ones first, then one class of the single ones (a
    500-way alternation costs the regex compiler and engine far more than a class)."""
    names = sorted(set(words("surnames.txt")), key=len, reverse=True)
    compound = [re.escape(n) for n in names if len(n) > 1]
    single = "".join(n for n in names if len(n) == 1)
    return "(?:" + "|".join(compound + [f"[{single}]"]) + ")"


_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HAN_ITEM = re.compile(r"[\u4e00-\u9fff· ]{1,7}")


def _all_han(s: str) -> bool:
    return _HAN.fullmatch(s) is not None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _boundary(folded: str, pos: int) -> tuple[int, int]:
    """How firmly a name may end at ``pos``: ``(2, 0)`` before punctuation, a space, a digit or
    the end; ``(1, n)`` before a boundary word of ``n`` characters; ``(0, 0)`` otherwise."""
    if pos >= len(folded) or not _is_cjk(folded[pos]):
        return 2, 0
    m = _patterns()[1].match(folded, pos)
    return (1, m.end() - pos) if m else (0, 0)


def _is_boundary(folded: str, pos: int) -> bool:
    return _boundary(folded, pos)[0] > 0


def _valid_name(name: str) -> bool:
    return (2 <= len(name) <= 4 and _all_han(name)
            and not any(c in _NAME_STOP for c in name[1:]))


@lru_cache(maxsize=4096)
def plausible_name(name: str, strict: bool = False) -> bool:
    """Whether ``name`` (surname and given name) can be a person's name and not a word.

    jieba's dictionary decides: a dictionary word that is not tagged as a name (``nr…``) is no
    name when it is a function word (关于, 马上), a common word (权利, 强调: frequency ≥
    3000) or, with ``strict`` (after a collective title such as 区领导, where a verb follows
    as often as a name), any word at all.
    """
    from .tokenize import entry  # lazy: the tokenizer's tables

    e = entry(name)
    if e and not e[1].startswith("nr"):
        freq, tag = e
        if (strict or tag in _FUNCTION_TAGS or freq >= _COMMON_WORD_FREQ
                or (tag in _VERB_TAGS and freq >= _COMMON_VERB_FREQ)):
            return False
    return True


def _common_noun(word: str) -> bool:
    """A frequent dictionary word that is no name or place (居民, 群众, 大会)."""
    from .tokenize import entry

    e = entry(word)
    return bool(e) and e[0] >= 1000 and not e[1].startswith(("nr", "ns", "nz"))


def _is_verb(word: str) -> bool:
    from .tokenize import entry

    e = entry(word)
    return bool(e) and e[1] in _VERB_TAGS


def is_dictionary_word(name: str) -> bool:
    """True when ``name`` is a word of jieba's dictionary not tagged as a name (甘露, 文献):
    such a name is an official where a title introduces it, but it is not looked for in other
    articles (:func:`find_known_officials`), where the word is far more likely than the name."""
    from .tokenize import entry

    e = entry(name)
    return bool(e) and not e[1].startswith("nr")


@lru_cache(maxsize=1024)
def _weak_surname(ch: str) -> bool:
    """A surname that is also a frequent function word (和, 向, 于, 从, 都, 任)."""
    from .tokenize import entry

    e = entry(ch)
    return bool(e) and e[1] in ("p", "c", "d", "r", "u") and e[0] >= _WEAK_SURNAME_FREQ


def _weak_reading(folded: str, pos: int) -> bool:
    """True when the surname at ``pos`` is a function word and jieba reads it as one there
    (和新任…, 向大会作…), not as the start of a name (和志强与…)."""
    if not _weak_surname(folded[pos]):
        return False
    tokens = _first_word(_han_run(folded, pos, 8))
    return bool(tokens) and tokens[0] == folded[pos] and not tokens[1].startswith("nr")


def _han_run(folded: str, pos: int, size: int) -> str:
    """The ideographs from ``pos`` on, at most ``size``: jieba segments each run of them apart,
    so its first words are the same, and a window without digits or letters stays on rjieba's
    path (``tokenize.pos``) instead of loading jieba's own dictionary."""
    m = _HAN.match(folded, pos, pos + size)
    return m.group(0) if m else ""


def _jieba_name(folded: str, pos: int) -> str | None:
    first = _first_word(_han_run(folded, pos, 8))
    if first and first[1].startswith("nr") and 2 <= len(first[0]) <= 3:
        return first[0]
    return None


@lru_cache(maxsize=8192)
def _first_word(run: str) -> tuple[str, str] | None:
    """jieba's first word of a run of ideographs and its tag (HMM on), or ``None``.  Cached:
    pass 2 asks again about the runs pass 1 asked about."""
    if not run:
        return None
    from .tokenize import pos as pos_tags  # lazy: only for names the boundary rule cannot settle

    # jieba's HMM re-reads only runs of one-character words: when the dictionary's route
    # already starts with a longer word, that word stands (and the HMM is not needed).
    plain = pos_tags(run, hmm=False)
    tokens = plain if plain and len(plain[0][0]) > 1 else pos_tags(run)
    return tokens[0] if tokens else None


def _padded(folded: str, pos: int, s_len: int) -> tuple[str, int] | None:
    """A two-character name padded to three columns with spaces (PDF layout): ``尹 圆``."""
    i = pos + s_len
    j = i
    while j < len(folded) and j - i < 2 and folded[j] == " ":
        j += 1
    if j == i or j >= len(folded) or not _is_cjk(folded[j]):
        return None
    if s_len != 1 or folded[j] in _NAME_STOP or (j + 2 < len(folded) and folded[j + 1] == " "
                                                  and _is_cjk(folded[j + 2])):
        return None  # 石 景 山: letter-spaced text, not a padded name
    if not _boundary(folded, j + 1)[0]:
        return None
    return folded[pos] + folded[j], j + 1


def _name_at(folded: str, pos: int, strict: bool = False,
             prefer: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """The name starting at ``pos`` (after a post word or a list's ``、``) and its end.

    The name is a surname and one or two characters, followed by a boundary.  A boundary of
    punctuation beats a boundary word (吕保和、 is 吕保和, though 和 is a boundary word); between
    two boundary words, a name in ``prefer`` (printed unambiguously elsewhere in the article)
    wins, then jieba's name tag, then the longer name when the shorter one would leave a
    conjunction before a verb (吕保和参加), else the shorter.
    """
    surname_re = _patterns()[3]
    m = surname_re.match(folded, pos)
    if not m:
        return None
    # A surname that jieba reads as a function word here (和新任…) starts a name only when
    # punctuation ends it (于庆丰，), and never after a collective title.
    weak = len(m.group(0)) == 1 and _weak_reading(folded, pos)
    if weak and (strict or _common_noun(folded[pos + 1:pos + 3])):
        return None  # 干部和居民。: 和 + a common word
    lens = {len(m.group(0))}
    if len(m.group(0)) > 1 and folded[pos] in _surnames():
        lens.add(1)  # 欧阳明 or 欧 + 阳明: the boundary decides
    cands = []  # (strength, size, name, boundary-word length)
    for s_len in sorted(lens, reverse=True):
        for size in (s_len + 1, s_len + 2):
            cand = folded[pos:pos + size]
            if len(cand) < size or not _valid_name(cand):
                continue
            strength, blen = _boundary(folded, pos + size)
            if strength == 2 and _is_verb(cand):
                continue  # 书记宣誓，: a verb closing the clause, its subject the post
            if strength and not (weak and strength < 2) and plausible_name(cand, strict):
                cands.append((strength, size, cand, blen))
        pad = _padded(folded, pos, s_len)
        if pad and plausible_name(pad[0], strict):
            return pad
    if not cands:
        if weak:
            return None
        cand = _jieba_name(folded, pos)
        if cand and _valid_name(cand) and plausible_name(cand, strict):
            return cand, pos + len(cand)
        return None
    strong = [c for c in cands if c[0] == 2]
    if strong and all(c[0] == 2 or (c[3] == 1 and folded[pos + c[1]] in _NAME_FINAL_BOUNDARIES)
                      for c in cands):
        return strong[0][2], pos + strong[0][1]
    cands.sort(key=lambda c: c[1])
    if len(cands) == 1 or cands[0][0] == 1 and cands[1][0] == 2:
        return cands[0][2], pos + cands[0][1]
    if len(cands) == 1:
        return cands[0][2], pos + cands[0][1]
    for c in cands:
        if c[2] in prefer:
            return c[2], pos + c[1]
    short, long_ = cands[0], cands[-1]
    if (folded[pos + short[1]] in _CONJUNCTIONS and short[3] == 1 and long_[3] >= 2
            and _is_verb(folded[pos + long_[1]:pos + long_[1] + long_[3]])):
        return long_[2], pos + long_[1]  # 吕保和参加; but 李强和委员们: 和 joins two nouns
    jb = _jieba_name(folded, pos)
    for c in cands:
        if c[2] == jb:
            return c[2], pos + c[1]
    return short[2], pos + short[1]


def _list_item(folded: str, pos: int, strict: bool, prefer: frozenset[str] = frozenset()
               ) -> tuple[str, int] | None:
    """The name of an enumeration's item starting at ``pos``: the whole text up to the next
    ``、`` when that is 2–4 characters of a plausible name (padding spaces dropped; a rare
    surname or a minority name of three or four characters, 达桑阿米, needs no surname from
    the list), else the name that the boundary after it decides (the list's last item)."""
    run = _HAN_ITEM.match(folded, pos)
    j = run.end() if run else pos
    if j < len(folded) and folded[j] == "、" and j > pos:
        item = folded[pos:j].replace(" ", "")
        listed = item[0] in _surnames() or item[:2] in _surnames()
        if (2 <= len(item) <= 4 and _all_han(item) and item[0] not in _NAME_STOP
                and not any(c in _NAME_STOP for c in item[1:]) and plausible_name(item, True)
                and (listed or len(item) >= 3) and (len(item) < 4 and listed or _no_words(item))):
            return item, j
    found = _name_at(folded, pos, strict, prefer)
    if found:
        return found
    # A minority name: 奇·达楞太 (printed with a middle dot), or four characters without a
    # listed surname (扎西彭措) when punctuation ends them and jieba finds no word in them.
    m = _DOT_NAME.match(folded, pos)
    if m:
        for end in range(m.start("given") + 1, m.end() + 1):
            if _boundary(folded, end)[0]:
                return folded[pos:end], end
    item = folded[pos:pos + 4]
    if (not strict and len(item) == 4 and _all_han(item)
            and not any(c in _NAME_STOP for c in item) and _boundary(folded, pos + 4)[0] == 2
            and plausible_name(item, True) and _no_words(item, places=True)
            and not is_dictionary_word(item) and len(_plain_tags(item)) > 1):
        return item, pos + 4  # (应邀出席 is one dictionary "name": no four-character name)
    return None


def _plain_tags(text: str) -> list[tuple[str, str]]:
    from .tokenize import pos as pos_tags

    return pos_tags(text, hmm=False)


_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}·(?P<given>[\u4e00-\u9fff]{1,6})")


def _no_words(item: str, places: bool = False) -> bool:
    """True when jieba finds no dictionary word of two or more characters in ``item`` other
    than a name: a name without a listed surname (庆兆珅, 达桑阿米) is made of single
    characters or name words."""
    from .tokenize import pos as pos_tags

    names = ("nr", "ns") if places else ("nr",)  # 扎西 is tagged a place
    return all(len(w) == 1 or f.startswith(names) for w, f in pos_tags(item, hmm=False))


_LEAD_VERBS = re.compile(r"^(?:接受|由|向|听取|邀请|陪同|会见|看望|并|和|与|及|以及|等|请|对|为|在|"
                         r"来自|原|时任|现任|担任|作为|据)+")


def split_title_chain(chain: str) -> list[str]:
    """Split a printed title chain into titles: ``区委副书记、区长`` → ``["区委副书记", "区长"]``.

    >>> split_title_chain("城市副中心党工委副书记、管委会副主任、区委副书记、区长")
    ['城市副中心党工委副书记', '管委会副主任', '区委副书记', '区长']
    """
    parts = [p.strip() for p in re.split(r"[、，,]", chain) if p.strip()]
    return [(_LEAD_VERBS.sub("", p.lstrip("“”‘’\"'「」")) or p) for p in parts]


def _title_chain(folded: str, post_start: int, post_end: int, not_before: int = 0
                 ) -> tuple[str, int]:
    """The printed title chain ending at ``post_end`` and its start offset; it never reaches
    back over ``not_before`` (the end of the name before it: 林勇一行在…组长肖峰)."""
    seg_start = max(folded.rfind(ch, 0, post_start) for ch in "。；;：:\n！？!?") + 1
    if not_before > seg_start:
        seg_start = not_before
        b = _patterns()[1].match(folded, seg_start, post_start)
        while b and b.end() > seg_start:  # 一行在…: boundary words after that name
            seg_start = b.end()
            b = _patterns()[1].match(folded, seg_start, post_start)
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
        the press …); ``facts.titles`` lists the printed titles, ``facts.title`` the chain
        as printed; offsets point at the name.

    Examples
    --------
    >>> [m.name for m in find_titled_officials("区委副书记、区长郑皓，区人大常委会主任赵玉影出席。")]
    ['郑皓', '赵玉影']
    >>> [m.name for m in find_titled_officials("区领导李先侠、吴孔安、王翔宇参加。")]
    ['李先侠', '吴孔安', '王翔宇']
    """
    folded = fold(text)
    titled, bound, not_official, surname_re = _patterns()
    out: list[Mention] = []
    taken: set[int] = set()
    matches = list(titled.finditer(folded))
    # Names printed with punctuation after them settle the length of the same name printed
    # before a boundary word elsewhere in the article (江钦所， … 江钦所为).
    first = [_list_item(folded, m.end(), m.group(0).endswith("领导")) for m in matches]
    prefer = frozenset(r[0] for r in first if r and _boundary(folded, r[1])[0] == 2)
    last_end = 0
    for m, found in zip(matches, first):
        pos = m.end()
        if pos in taken:
            continue
        strict = m.group(0).endswith("领导")  # 区领导强调: a verb follows as often as a name
        if prefer and (not found or _boundary(folded, found[1])[0] < 2):
            found = _list_item(folded, pos, strict, prefer)  # a tie that prefer may settle
        if not found or _CITED.match(folded, found[1]) or _CITED_SPEECH.match(folded, found[1]):
            continue
        name, end = found
        chain, chain_start = _title_chain(folded, m.start(), m.end(), not_before=last_end)
        titles = split_title_chain(text[chain_start:m.end()])
        label = Label.PERSON if not_official.search(chain) else Label.OFFICIAL
        names = [(name, pos, end)]
        # Rule 2: 、-separated names after the title share it; each item is the text between
        # two 、 when that is a name (list structure), the last one ends at a boundary.
        while end < len(folded) and folded[end] == "、":
            nxt = _list_item(folded, end + 1, strict, prefer)
            if not nxt:
                break
            names.append((nxt[0], end + 1, nxt[1]))
            end = nxt[1]
        last_end = end
        for n, start, stop in names:
            taken.add(start)
            if any(o.start == start for o in out):
                continue
            out.append(Mention(label=label.value, name=n, text=text[start:stop],
                               start=start, end=stop, rule="title+name",
                               confidence=0.95 if len(names) == 1 else 0.9,
                               facts=OfficialFacts(title=text[chain_start:m.end()], titles=titles)))
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
                               confidence=0.85, facts=OfficialFacts(title=title, titles=[title])))
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
                           confidence=0.9, facts=OfficialFacts(
                               title=title, titles=split_title_chain(title))))
    # Rule 2c: names listed before the role noun they share, 张某、李某等5名委员作大会发言.
    # Rule 4: names in personnel changes, 任命X为…, 免去X的…职务, 接受X辞去…职务.
    for mention in (_role_after_names(text, folded) + _personnel_names(text, folded)
                    + _post_after_name(text, folded)):
        if mention.start in taken or any(o.start < mention.end and mention.start < o.end
                                         for o in out):
            continue
        taken.add(mention.start)
        out.append(mention)
    out.sort(key=lambda x: x.start)
    return out


# A head's post printed after the name, before what he does: (仪式)由经济开发区王某主任主持.
_POST_AFTER = (r"(?P<post>(?:常务)?副?(?:主任|书记|局长|镇长|乡长|区长|县长|市长|旗长|州长|部长|主席|"
               r"院长|站长|所长|队长|组长|社长|会长|秘书长|检察长|庭长))")
_AFTER_POST_VERBS = r"(?:主持|致辞|讲话|介绍|发言|宣读|作|表示|指出|强调|要求|说)"
_POST_AFTER_ANCHOR = re.compile(r"(?:主任|书记|长|主席)" + _AFTER_POST_VERBS)


@lru_cache(maxsize=1)
def _post_after_re() -> re.Pattern:
    surname = _surname_pattern()
    return re.compile(f"(?:(?<=[由请区局委办镇乡村处所站队部院])|(?<![\u4e00-\u9fff]))"
                      f"(?P<name>(?:{surname})[\u4e00-\u9fff]{{1,2}}?){_POST_AFTER}"
                      f"(?={_AFTER_POST_VERBS})")


def _post_after_name(text: str, folded: str) -> list[Mention]:
    """A name followed by its post and a speech verb (rule 1c): ``由经济开发区王某主任主持``,
    ``会上，张某副县长表示``.  The title is the post as printed."""
    out = []
    for m in finditer_near(_post_after_re(), folded,
                           windows_around(_POST_AFTER_ANCHOR, folded, 9, 0)):
        start, name = m.start("name"), m.group("name")
        if not _valid_name(name) or not plausible_name(name) or _weak_reading(folded, start):
            continue
        title = text[m.start("post"):m.end("post")]
        out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[start:m.end("name")],
                           start=start, end=m.end("name"), rule="name+title", confidence=0.85,
                           facts=OfficialFacts(title=title, titles=[title])))
    return out


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}


def _count(s: str | None) -> int | None:
    """``5`` / ``五`` / ``两`` / ``十一`` as an int; ``None`` when absent."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(s)


# Role nouns that close a list of names printed before them (县级领导, 委员, 政协委员, 代表,
# 常委会组成人员); a specific member title (委员, 代表) may follow a single name (X委员表示).
_ROLE_NOUN = (r"(?P<role>(?:(?:区|市|县|镇|乡|街道|省|旗|州|市、县|县、乡|区、街)?级?"
              r"(?:领导同志|领导|负责同志))|(?:(?:区|市|县|镇|乡|省|州|旗)?(?:政协|人大)?"
              r"(?P<member>委员|代表|常委|执委))|常委会组成人员)")
_ROLE_HEAD = re.compile(r"(?:等|[\d一二两三四五六七八九十]+[名位])?" + _ROLE_NOUN)
# Every role noun holds one of these; its match starts at most 10 characters before it.
_ROLE_ANCHOR = re.compile(r"领导|负责同志|委员|代表|常委|执委|组成人员")
_ROLE_LIST = re.compile(r"(?P<names>[\u4e00-\u9fff· ]+?(?:、[\u4e00-\u9fff· ]+?)*)(?P<deng>等)?"
                        r"(?:(?P<count>\d+|[一二两三四五六七八九十]{1,3})[名位])?")
_LIST_MARKS = frozenset("·、 0123456789")
# What may stand before the first name of such a list, inside its clause: 会上，张某… is the
# common case (punctuation); 参加会议的有张某… and 其中张某… print a lead word.
_LIST_LEAD = re.compile(r"(?:有|由|其中|包括|以及|和|及|与)$")


def _role_after_names(text: str, folded: str) -> list[Mention]:
    """Names listed before a role noun they share (rule 2c, issue 12 pattern 3).

    Shapes: ``A、B、C等委员作大会发言``, ``A、B…5位政协委员依次发言`` (a printed count equal to
    the number of items lets the items stand without a listed surname), ``A、B等县级领导分别
    参加``, ``A、B等常委会组成人员出席``, and a single name before a member title,
    ``X委员表示``.  The role noun must end at a boundary (punctuation or a verb such as 作, 依次,
    分别, 参加).
    """
    out: list[Mention] = []
    for head in finditer_near(_ROLE_HEAD, folded, _role_windows(folded)):
        role_end = head.end()
        if not _is_boundary(folded, role_end):
            continue
        # The run of ideographs, 、, digits and padding before the role noun (at most 60).
        seg_start = head.start()
        floor = max(0, seg_start - 60)
        while seg_start > floor and (_is_cjk(folded[seg_start - 1])
                                     or folded[seg_start - 1] in _LIST_MARKS):
            seg_start -= 1
        if seg_start == head.start() or head.start() - seg_start < 2:
            continue
        m = _ROLE_LIST.fullmatch(folded, seg_start, head.start("role"))
        if not m:
            continue
        items = m.group("names").split("、")
        count = _count(m.group("count"))
        single = len(items) == 1 and not m.group("deng") and count is None
        if single and not head.group("member"):
            continue  # 县领导 alone after a word is no list
        # The first item may carry the clause's lead (参加会议的有张某); keep its name part.
        parsed = []
        pos = seg_start
        for k, item in enumerate(items):
            start = pos
            pos += len(item) + 1
            name = item.replace(" ", "")
            if k == 0 and not _item_name(name, count == len(items)):
                for size in (3, 2):
                    tail = name[-size:]
                    if (len(name) > size and _LIST_LEAD.search(name[:-size])
                            and _item_name(tail, False)):
                        start, name = start + len(item) - size, tail
                        break
                else:
                    if len(items) > 1 and head.group("member") and count is None:
                        continue  # …站长康云和成员白洁、施光海委员: the items after the 、
                    parsed = []
                    break
            elif not _item_name(name, count == len(items)):
                parsed = []
                break
            parsed.append((name, start, start + len(item)))
        if not parsed or (count is not None and count != len(items)):
            continue
        role = text[head.start("role"):head.end("role")]
        for name, start, end in parsed:
            out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[start:end],
                               start=start, end=end, rule="names+role", confidence=0.85,
                               facts=OfficialFacts(title=role, titles=[role])))
    return out


def _role_windows(folded: str):
    """Windows around the role nouns that a boundary follows (the only ones that close a
    list; 领导同志 too, 同志 being a boundary word)."""
    n = len(folded)
    for a in _ROLE_ANCHOR.finditer(folded):
        if _is_boundary(folded, a.end()):
            yield max(0, a.start() - 10), min(n, a.end() + 4)


def _item_name(name: str, counted: bool) -> bool:
    """An item of a list closed by a role noun: a surname name, or (when the printed count
    matches the items) any plausible name of three or four characters."""
    if not (2 <= len(name) <= 4) or not _all_han(name):
        return False
    if any(c in _NAME_STOP for c in name[1:]) or name[0] in _NAME_STOP:
        return False
    if not plausible_name(name, True):
        return False
    listed = name[0] in _surnames() or name[:2] in _surnames()
    if listed and (len(name) < 4 or _no_words(name)):
        return True
    return counted and len(name) >= 3 and _no_words(name)


_PERSONNEL_ANCHOR = re.compile(r"任命|免去|撤销|辞去|代表资格|议案|当选为|决定|提名|选举|推选")


@lru_cache(maxsize=1)
def _personnel_res() -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    """(anchor, pattern) pairs: each pattern runs only near its own anchor words."""
    surname = _surname_pattern()
    n = f"(?:{surname})[\u4e00-\u9fff]{{1,2}}?"
    post = r"(?P<post>[^，,。；;：:！？!?\n（）()]{1,80}?)"
    cn = r"(?:\d+|[一二两三四五六七八九十]{1,3})"
    names = f"(?P<names>{n}(?:同志)?(?:、{n}(?:同志)?)*)"
    appoint = "任命|决定|提名|选举|推选"
    return (
        # 任命A、B等N人为…; 决定任命X同志为…; 决定X为代理县长; 提请任命X同志职务的议案
        (re.compile(appoint),
         re.compile(f"(?:{appoint}){names}(?:等{cn}[名人位](?:同志)?)?"
                    f"(?:为{post}(?=[，,。；;]|$|\n)|(?:同志)(?:的)?职务)")),
        # 免去X的…职务; 免去X同志…职务; 撤销X同志…职务
        (re.compile("免去|撤销"),
         re.compile(f"(?:免去|撤销)(?P<names>{n})"
                    f"(?:同志的?|的|(?=[区县市镇乡省州旗]|人民|中共|政府)){post}职务")),
        # 接受X辞去…职务的请求; X关于辞去…职务的请求
        (re.compile("辞去"),
         re.compile(f"(?:接受|同意)(?P<names>{n})(?:同志)?(?:关于)?辞去{post}职务")),
        (re.compile("关于辞去"),
         re.compile(f"(?:(?<=了)|(?<=审议)|(?<![\u4e00-\u9fff]))(?P<names>{n})(?:同志)?"
                    f"关于辞去{post}职务")),
        # 关于X代表资格的报告
        (re.compile("代表资格"),
         re.compile(f"关于(?P<names>{n})(?:同志)?(?:的)?(?P<post>代表)资格")),
        # A等N名同志的免职议案; A、B两名同志的任职议案
        (re.compile("名同志的"),
         re.compile(f"(?:(?<=[和及与了])|(?<![\u4e00-\u9fff])){names}(?:等{cn}|{cn})名同志的"
                    f"(?:任职|免职|任免|辞职)(?:议案|请求)")),
        # X当选为…
        (re.compile("当选为"),
         re.compile(f"(?<![\u4e00-\u9fff])(?P<names>{n})(?:同志)?当选为{post}"
                    f"(?=[，,。；;]|$|\n)")),
    )


@lru_cache(maxsize=1)
def _post_end_re() -> re.Pattern:
    return re.compile(alternation("posts.txt") + r"(?:候选人)?")


def _personnel_names(text: str, folded: str) -> list[Mention]:
    """Names in personnel changes at congress sessions (issue 12 pattern 4).

    ``任命A、B等N人为…``, ``决定任命X同志为…``, ``决定X为代理县长``, ``免去X的…职务``,
    ``撤销X同志…职务``, ``接受X辞去…职务的请求``, ``X关于辞去…职务的请求``, ``关于X代表资格的
    报告``, ``A等N名同志的任职议案``, ``X当选为…``.  The official's titles are the post given
    or left, as printed (split at ``、``), cut after its last post word; a post with no post
    word is no title and the change is skipped (except in the议案 and 代表资格 shapes, which name
    officials without a post).
    """
    if not _PERSONNEL_ANCHOR.search(folded):
        return []
    not_official = _patterns()[2]
    post_end = _post_end_re()
    out: list[Mention] = []
    seen: set[int] = set()
    for anchor, rx in _personnel_res():
        if not anchor.search(folded):
            continue
        for m in finditer_near(rx, folded, windows_around(anchor, folded, 60, 100)):
            titles: list[str] = []
            title = ""
            if "post" in rx.groupindex and m.group("post") is not None:
                ps, pe = m.span("post")
                if m.group("post") == "代表":  # 关于X代表资格: a deputy of the congress
                    title, titles = text[ps:pe], [text[ps:pe]]
                    ps = pe
                last = None
                for pm in post_end.finditer(folded, ps, pe):
                    last = pm
                if last is not None:
                    title = text[ps:last.end()]
                    titles = [t for t in split_title_chain(title) if post_end.search(t)]
                if not titles:
                    continue
            label = Label.PERSON if title and not_official.search(title) else Label.OFFICIAL
            pos = m.start("names")
            for piece in m.group("names").split("、"):
                start, pos = pos, pos + len(piece) + 1
                name = piece[:-2] if piece.endswith("同志") else piece
                if start in seen or not _valid_name(name) or not plausible_name(name):
                    continue
                if _weak_reading(folded, start):
                    continue
                seen.add(start)
                out.append(Mention(label=label.value, name=name, text=text[start:start + len(name)],
                                   start=start, end=start + len(name), rule="personnel",
                                   confidence=0.85,
                                   facts=OfficialFacts(title=title, titles=titles,
                                                       personnel=True)))
    return out


_COLLECTIVE_TITLE = (r"(?:区|市|县|镇|乡|街道|省|通州区|[\u4e00-\u9fff]{2,4}[区市县])?"
                     r"(?:领导|负责同志|领导同志)")


@lru_cache(maxsize=1)
def _listed_before_title_re():
    surname = _surname_pattern()
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
    surname = _surname_pattern()
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
    mentions) are skipped.  A name that is also a dictionary word (甘露, 文献) is found only in
    an article where a titled mention (one of ``taken``) prints it.  ``confidence`` is lower for two-character names, which collide with
    ordinary words more often.
    """
    if not known:
        return []
    folded = fold(text)
    claimed = list(taken)
    titled_here = {folded[cs:ce] for cs, ce in taken}
    out: list[Mention] = []
    # One automaton finds every name in one pass, leftmost and then longest first (the known
    # set is the same for every article of a corpus, so it is built once).
    for _index, s, e in _known_automaton(frozenset(known)).find_matches_as_indexes(folded):
        name = folded[s:e]
        if any(s < ce and cs < e for cs, ce in claimed) or _CITED.match(folded, e):
            continue
        if is_dictionary_word(name) and name not in titled_here:
            continue  # a word that is a name only where a title introduced it
        claimed.append((s, e))
        out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[s:e], start=s,
                           end=e, rule="known-name", confidence=0.8 if len(name) == 2 else 0.85))
    return out


@lru_cache(maxsize=8)
def _known_automaton(known: frozenset[str]):
    # Leftmost-longest Aho–Corasick matches what an alternation of the names, longest first,
    # finds, in time that does not grow with the number of names (a regex alternation tries
    # every name at every character: the cost grows with the corpus's officials).
    return ahocorasick_rs.AhoCorasick(sorted(known), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
