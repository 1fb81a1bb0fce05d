"""Personnel changes at congress sessions (rule 4 of :mod:`~newsgraph.extract.officials`):
``任命X为…``, ``免去X的…职务``, ``接受X辞去…职务的请求``, ``决定X为代理县长``,
``A等N名同志的任职议案``, ``X当选为…``; the title is the post given or left.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation
from .person_names import plausible_name, surname_pattern, valid_name, weak_reading
from .scan import finditer_near, windows_around
from .titles import not_official_re, split_title_chain
from .types import Mention, OfficialFacts

__all__ = ["personnel_names"]

_PERSONNEL_ANCHOR = re.compile(r"任命|免去|撤销|辞去|代表资格|议案|当选为|决定|提名|选举|推选")


@lru_cache(maxsize=1)
def _personnel_res() -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    """(anchor, pattern) pairs: each pattern runs only near its own anchor words."""
    surname = surname_pattern()
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


def personnel_names(text: str, folded: str) -> list[Mention]:
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
    not_official = not_official_re()
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
                if start in seen or not valid_name(name) or not plausible_name(name):
                    continue
                if weak_reading(folded, start):
                    continue
                seen.add(start)
                out.append(Mention(label=label.value, name=name, text=text[start:start + len(name)],
                                   start=start, end=start + len(name), rule="personnel",
                                   confidence=0.85,
                                   facts=OfficialFacts(title=title, titles=titles,
                                                       personnel=True)))
    return out
