"""Where a name ends: boundaries after a name, and the name at a position of the text.

A name after a post word or a list's ``、`` is a surname and one or two characters; its length
is decided by what follows it (rule 1 of :mod:`~newsgraph.extract.officials`): punctuation
beats a boundary word that also ends given names, a conjunction before a verb belongs to the
name, then a name printed unambiguously elsewhere, jieba's ``nr`` tag, the shorter name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .person_names import (NAME_STOP, all_han, common_noun, is_dictionary_word, is_han,
                           is_verb, jieba_name, no_words, plausible_name, surname_regex, surnames,
                           valid_name, weak_reading)

__all__ = ["boundary_words_re", "boundary", "is_boundary", "list_item"]

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


@lru_cache(maxsize=1)
def boundary_words_re() -> re.Pattern:
    """The boundary words after a name (在, 率, 一行, 出席, 强调 …), longest first:
    ``boundary_words_re().match(folded, pos)`` is the boundary word starting at ``pos``."""
    return re.compile("(?:" + "|".join(sorted(map(re.escape, set(_BOUNDARY_WORDS)), key=len,
                                                reverse=True)) + ")")


_HAN_ITEM = re.compile(r"[\u4e00-\u9fff· ]{1,7}")


def boundary(folded: str, pos: int) -> tuple[int, int]:
    """How firmly a name may end at ``pos``: ``(2, 0)`` before punctuation, a space, a digit or
    the end; ``(1, n)`` before a boundary word of ``n`` characters; ``(0, 0)`` otherwise."""
    if pos >= len(folded) or not is_han(folded[pos]):
        return 2, 0
    m = boundary_words_re().match(folded, pos)
    return (1, m.end() - pos) if m else (0, 0)


def is_boundary(folded: str, pos: int) -> bool:
    """True when a name may end at ``pos`` of the folded text (:func:`boundary` is not 0)."""
    return boundary(folded, pos)[0] > 0



def _padded(folded: str, pos: int, s_len: int) -> tuple[str, int] | None:
    """A two-character name padded to three columns with spaces (PDF layout): ``尹 圆``."""
    i = pos + s_len
    j = i
    while j < len(folded) and j - i < 2 and folded[j] == " ":
        j += 1
    if j == i or j >= len(folded) or not is_han(folded[j]):
        return None
    if s_len != 1 or folded[j] in NAME_STOP or (j + 2 < len(folded) and folded[j + 1] == " "
                                                  and is_han(folded[j + 2])):
        return None  # 石 景 山: letter-spaced text, not a padded name
    if not boundary(folded, j + 1)[0]:
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
    surname_re = surname_regex()
    m = surname_re.match(folded, pos)
    if not m:
        return None
    # A surname that jieba reads as a function word here (和新任…) starts a name only when
    # punctuation ends it (于庆丰，), and never after a collective title.
    weak = len(m.group(0)) == 1 and weak_reading(folded, pos)
    if weak and (strict or common_noun(folded[pos + 1:pos + 3])):
        return None  # 干部和居民。: 和 + a common word
    lens = {len(m.group(0))}
    if len(m.group(0)) > 1 and folded[pos] in surnames():
        lens.add(1)  # 欧阳明 or 欧 + 阳明: the boundary decides
    cands = []  # (strength, size, name, boundary-word length)
    for s_len in sorted(lens, reverse=True):
        for size in (s_len + 1, s_len + 2):
            cand = folded[pos:pos + size]
            if len(cand) < size or not valid_name(cand):
                continue
            strength, blen = boundary(folded, pos + size)
            if strength == 2 and is_verb(cand):
                continue  # 书记宣誓，: a verb closing the clause, its subject the post
            if strength and not (weak and strength < 2) and plausible_name(cand, strict):
                cands.append((strength, size, cand, blen))
        pad = _padded(folded, pos, s_len)
        if pad and plausible_name(pad[0], strict):
            return pad
    if not cands:
        if weak:
            return None
        cand = jieba_name(folded, pos)
        if cand and valid_name(cand) and plausible_name(cand, strict):
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
            and is_verb(folded[pos + long_[1]:pos + long_[1] + long_[3]])):
        return long_[2], pos + long_[1]  # 吕保和参加; but 李强和委员们: 和 joins two nouns
    jb = jieba_name(folded, pos)
    for c in cands:
        if c[2] == jb:
            return c[2], pos + c[1]
    return short[2], pos + short[1]


def list_item(folded: str, pos: int, strict: bool, prefer: frozenset[str] = frozenset()
              ) -> tuple[str, int] | None:
    """The name of an enumeration's item starting at ``pos``: the whole text up to the next
    ``、`` when that is 2–4 characters of a plausible name (padding spaces dropped; a rare
    surname or a minority name of three or four characters, 达桑阿米, needs no surname from
    the list), else the name that the boundary after it decides (the list's last item)."""
    run = _HAN_ITEM.match(folded, pos)
    j = run.end() if run else pos
    if j < len(folded) and folded[j] == "、" and j > pos:
        item = folded[pos:j].replace(" ", "")
        listed = item[0] in surnames() or item[:2] in surnames()
        if (2 <= len(item) <= 4 and all_han(item) and item[0] not in NAME_STOP
                and not any(c in NAME_STOP for c in item[1:]) and plausible_name(item, True)
                and (listed or len(item) >= 3) and (len(item) < 4 and listed or no_words(item))):
            return item, j
    found = _name_at(folded, pos, strict, prefer)
    if found:
        return found
    # A minority name: 奇·达楞太 (printed with a middle dot), or four characters without a
    # listed surname (扎西彭措) when punctuation ends them and jieba finds no word in them.
    m = _DOT_NAME.match(folded, pos)
    if m:
        for end in range(m.start("given") + 1, m.end() + 1):
            if boundary(folded, end)[0]:
                return folded[pos:end], end
    item = folded[pos:pos + 4]
    if (not strict and len(item) == 4 and all_han(item)
            and not any(c in NAME_STOP for c in item) and boundary(folded, pos + 4)[0] == 2
            and plausible_name(item, True) and no_words(item, places=True)
            and not is_dictionary_word(item) and len(_plain_tags(item)) > 1):
        return item, pos + 4  # (应邀出席 is one dictionary "name": no four-character name)
    return None


def _plain_tags(text: str) -> list[tuple[str, str]]:
    from .tokenize import pos as pos_tags

    return pos_tags(text, hmm=False)

_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}·(?P<given>[\u4e00-\u9fff]{1,6})")
