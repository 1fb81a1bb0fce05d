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
from collections.abc import Callable
from functools import lru_cache

from ..schema import Label
from .lexicon import alternation
from .name_boundaries import boundary, list_item
from .normalize import fold
from .official_lists import listed_before_title_re, listed_windows, role_after_names
from .person_names import CITED, surname_pattern, valid_name
from .personnel import personnel_names
from .scan import finditer_near
from .titles import not_official_re, split_title_chain, title_chain
from .titles_after_name import bracket_title_re, bracket_windows, post_after_name
from .types import Mention, OfficialFacts

__all__ = ["find_titled_officials", "TITLED_RULES", "title_then_names", "names_before_title",
           "name_then_bracketed_title"]

# A leader whose past words the article cites (落实省委书记X到某地视察时的指示精神) is no mention
# of an official at the event: the name is followed, inside its clause, by …指示精神 / …讲话精神.
_CITED_SPEECH = re.compile(r"[^，,。；;：:！？!?\n]{0,20}?(?:指示|讲话|批示|回信|论述|寄语)精神")


@lru_cache(maxsize=1)
def _patterns():
    post = alternation("posts.txt")
    surname = surname_pattern()
    # A name after the post: a listed surname, or the first item of a 、-list (庆兆珅、…).
    # (政府旗长候选人张某: a candidate for the post is printed with it.)
    titled = re.compile(f"{post}(?:候选人)?(?=(?:{surname})|[\u4e00-\u9fff]{{3,4}}[、，,]|"
                        f"[\u4e00-\u9fff]{{1,4}}·)")
    return titled, not_official_re()


def find_titled_officials(text: str) -> list[Mention]:
    """Find officials printed with a title: the :data:`TITLED_RULES` in order (rules 1, 2,
    2b, 1b, 2c, 4 and 1c of the module docstring), a name found once.

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
    out: list[Mention] = []
    taken: set[int] = set()
    for _, rule, skip in TITLED_RULES:
        for mention in rule(text, folded):
            if mention.start in taken or (skip == "overlap" and any(
                    o.start < mention.end and mention.start < o.end for o in out)):
                continue
            taken.add(mention.start)
            out.append(mention)
    out.sort(key=lambda x: x.start)
    return out


def title_then_names(text: str, folded: str) -> list[Mention]:
    """Rules 1 and 2: a title and the name after it, and the names listed after that one
    (``区领导李先侠、吴孔安、王翔宇参加``); each start once, in text order.

    ``text`` is the article, ``folded`` its :func:`~newsgraph.extract.normalize.fold` (same
    length).
    """
    titled, not_official = _patterns()
    out: list[Mention] = []
    taken: set[int] = set()
    matches = list(titled.finditer(folded))
    # Names printed with punctuation after them settle the length of the same name printed
    # before a boundary word elsewhere in the article (江钦所， … 江钦所为).
    first = [list_item(folded, m.end(), m.group(0).endswith("领导")) for m in matches]
    prefer = frozenset(r[0] for r in first if r and boundary(folded, r[1])[0] == 2)
    last_end = 0
    for m, found in zip(matches, first):
        pos = m.end()
        if pos in taken:
            continue
        strict = m.group(0).endswith("领导")  # 区领导强调: a verb follows as often as a name
        if prefer and (not found or boundary(folded, found[1])[0] < 2):
            found = list_item(folded, pos, strict, prefer)  # a tie that prefer may settle
        if not found or CITED.match(folded, found[1]) or _CITED_SPEECH.match(folded, found[1]):
            continue
        name, end = found
        chain, chain_start = title_chain(folded, m.start(), m.end(), not_before=last_end)
        titles = split_title_chain(text[chain_start:m.end()])
        label = Label.PERSON if not_official.search(chain) else Label.OFFICIAL
        names = [(name, pos, end)]
        # Rule 2: 、-separated names after the title share it; each item is the text between
        # two 、 when that is a name (list structure), the last one ends at a boundary.
        while end < len(folded) and folded[end] == "、":
            nxt = list_item(folded, end + 1, strict, prefer)
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
    return out


def names_before_title(text: str, folded: str) -> list[Mention]:
    """Rule 2b: names listed before a collective title, ``吴斌、侯健美等区领导参加``."""
    out = []
    for m in finditer_near(listed_before_title_re(), folded, listed_windows(folded)):
        title = text[m.start("title"):m.end("title")]
        pos = m.start("names")
        for name in m.group("names").split("、"):
            start = pos
            pos += len(name) + 1
            if valid_name(name):
                out.append(Mention(label=Label.OFFICIAL.value, name=name,
                                   text=text[start:start + len(name)], start=start,
                                   end=start + len(name), rule="names+等+title",
                                   confidence=0.85, facts=OfficialFacts(title=title,
                                                                        titles=[title])))
    return out


def name_then_bracketed_title(text: str, folded: str) -> list[Mention]:
    """Rule 1b: a name followed by its title in brackets, ``张娜（区人大代表）``."""
    not_official = _patterns()[1]
    out = []
    for m in finditer_near(bracket_title_re(), folded, bracket_windows(folded)):
        start, name = m.start("name"), m.group("name")
        if not valid_name(name):
            continue
        title = text[m.start("title"):m.end("title")]
        label = Label.PERSON if not_official.search(m.group("title")) else Label.OFFICIAL
        out.append(Mention(label=label.value, name=name, text=text[start:start + len(name)],
                           start=start, end=start + len(name), rule="name+(title)",
                           confidence=0.9, facts=OfficialFacts(
                               title=title, titles=split_title_chain(title))))
    return out


#: The rules of :func:`find_titled_officials`, in the order they run: ``(name, rule, skip)``,
#: where ``rule(text, folded) -> [Mention]`` and a mention is dropped when an earlier one
#: starts where it starts (``skip="start"``) or, with ``skip="overlap"``, overlaps it.  A new
#: list shape (a committee-member list) is one function and one row here.
TITLED_RULES: list[tuple[str, Callable[[str, str], list[Mention]], str]] = [
    ("title_then_names", title_then_names, "start"),            # rules 1 and 2
    ("names_before_title", names_before_title, "start"),        # rule 2b
    ("name_then_bracketed_title", name_then_bracketed_title, "start"),  # rule 1b
    ("role_after_names", role_after_names, "overlap"),          # rule 2c: 张某、李某等5名委员
    ("personnel_names", personnel_names, "overlap"),            # rule 4: 任命X为…
    ("post_after_name", post_after_name, "overlap"),            # rule 1c: X副县长表示
]
