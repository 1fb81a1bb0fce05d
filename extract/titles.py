"""Titles: the organisations that make a titled person no official, and title chains.

A post word comes from ``data/posts.txt``; a title whose organisation part names a company,
hospital, school, bank, association or the press (``data/not_official_context.txt``) makes a
``Person``, not an ``Official`` (:mod:`~newsgraph.extract.officials`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import alternation
from .name_boundaries import boundary_words_re

__all__ = ["not_official_re", "split_title_chain", "title_chain"]


@lru_cache(maxsize=1)
def not_official_re() -> re.Pattern:
    """The words of ``data/not_official_context.txt`` (公司, 医院, 学校, 银行, 记者 …): a title
    they occur in (``.search(title)``) is a non-official's."""
    return re.compile(alternation("not_official_context.txt"))


_LEAD_VERBS = re.compile(r"^(?:接受|由|向|听取|邀请|陪同|会见|看望|并|和|与|及|以及|等|请|对|为|在|"
                         r"来自|原|时任|现任|担任|作为|据)+")


def split_title_chain(chain: str) -> list[str]:
    """Split a printed title chain into titles: ``区委副书记、区长`` → ``["区委副书记", "区长"]``.

    >>> split_title_chain("城市副中心党工委副书记、管委会副主任、区委副书记、区长")
    ['城市副中心党工委副书记', '管委会副主任', '区委副书记', '区长']
    """
    parts = [p.strip() for p in re.split(r"[、，,]", chain) if p.strip()]
    return [(_LEAD_VERBS.sub("", p.lstrip("“”‘’\"'「」")) or p) for p in parts]


def title_chain(folded: str, post_start: int, post_end: int, not_before: int = 0
                ) -> tuple[str, int]:
    """The printed title chain ending at ``post_end`` and its start offset; it never reaches
    back over ``not_before`` (the end of the name before it: 林勇一行在…组长肖峰)."""
    seg_start = max(folded.rfind(ch, 0, post_start) for ch in "。；;：:\n！？!?") + 1
    if not_before > seg_start:
        seg_start = not_before
        b = boundary_words_re().match(folded, seg_start, post_start)
        while b and b.end() > seg_start:  # 一行在…: boundary words after that name
            seg_start = b.end()
            b = boundary_words_re().match(folded, seg_start, post_start)
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
