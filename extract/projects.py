"""Project mentions: printed names ending in 工程, 项目, 平台, 基地, 园区, 小镇, 校区, 计划 ….

Rule (issue 3; GUIDELINES.md ``Project``): at each suffix from ``data/project_suffixes.txt``,
walk back over jieba tokens while they can be part of a proper name (nouns, place and
organisation names, abbreviations, numbers, latin, quotes and brackets) and stop at a verb,
preposition, particle or clause mark.  Names shorter than four characters, generic ones
(``重点项目``, ``该平台``) and names starting with a determiner are dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation
from .normalize import fold
from .types import Mention

__all__ = ["find_projects"]

_NAME_FLAGS = {"n", "nz", "ns", "nt", "nr", "nrt", "nrfg", "vn", "an", "j", "m", "eng", "b", "x",
               "l", "i", "nw", "f", "s"}
_QUOTES = set("“”‘’\"'()（）《》「」·-—")
_DETERMINERS = re.compile(r"^(?:\d+个|两大|三大|四大|五大|助力|确保|推进|推动|加快|调研|打造|建设|该|本|此|各|这|那|其|多个|一批|一个|重点|重大|相关|全区|各类|多项|上述|"
                          r"新建|在建|一系列|系列|有关|这些|两个|三个|多|了|的|和|与|及|等)")
_GENERIC = {"重点项目", "重大项目", "服务项目", "民生工程", "重点工程", "建设项目", "产业项目",
            "服务平台", "工作平台", "数字平台", "交流平台", "合作平台", "信息平台", "平台", "项目",
            "示范区", "一把手工程", "实事项目", "民生实事项目", "培训计划", "工作计划", "行动计划"}


@lru_cache(maxsize=1)
def _suffix_re():
    return re.compile(alternation("project_suffixes.txt"))


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
    import jieba.posseg as pseg

    folded = fold(text)
    out: list[Mention] = []
    for m in _suffix_re().finditer(folded):
        end = m.end()
        # The suffix may be part of a longer word (项目部, 平台化): require a word end.
        if end < len(folded) and folded[end] in "部化式组内外上中里方":
            continue
        if any(s <= m.start() < e for s, e in exclude):
            continue
        if folded[end:end + 1] in ("”", "’", "\"") and folded.rfind("“", 0, m.start()) > \
                folded.rfind("”", 0, m.start()):
            end += 1  # 基层党建“亮点工程”: keep the closing quote with the name
        clause_start = max(folded.rfind(ch, 0, m.start()) for ch in ",，。;；:：!?\n、") + 1
        window = folded[clause_start:m.end()]
        tokens = pseg.lcut(window, HMM=True)
        name_tokens: list[str] = []
        for tok in reversed(tokens):
            w, flag = tok.word, tok.flag
            if not name_tokens:
                name_tokens.append(w)  # the token that holds the suffix
                continue
            if flag in _NAME_FLAGS or all(c in _QUOTES for c in w):
                if flag == "x" and not all(c in _QUOTES for c in w):
                    break
                name_tokens.append(w)
                continue
            break
        name = "".join(reversed(name_tokens))
        # The suffix token may run past the suffix (平台运行): cut at the suffix.
        cut = name.rfind(m.group(0))
        if cut < 0:
            continue
        name = name[:cut + len(m.group(0))]
        name = name.lstrip("”’)）、")
        if name.count("“") > name.count("”"):
            name = name.replace("“", "", 1) if name.startswith("“") else name
        start = m.end() - len(name)
        if folded[start:m.end()] != name:
            continue
        if name.count("”") > name.count("“") and name.endswith("”"):
            name = name[:-1]
        if m.group(0) == "计划" and "“" not in name:
            continue  # 计划 is also the verb "plans to"; a programme's name is quoted
        bare = re.sub(r"[“”‘’\"'《》]", "", name)
        if len(bare) < 4 or bare in _GENERIC or _DETERMINERS.match(bare):
            continue
        if end > m.end() and text[m.end():end] in ("”", "’", "\"") and (
                name.count("“") > name.count("”") or name.count("‘") > name.count("’")):
            name_end = end
        else:
            name_end = m.end()
        out.append(Mention(label=Label.PROJECT.value, name=text[start:name_end],
                           text=text[start:name_end], start=start, end=name_end,
                           rule="suffix+tokens", confidence=0.7))
    return out
