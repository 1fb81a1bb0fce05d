"""Known names (rule 3 of :mod:`~newsgraph.extract.officials`): a name that a titled mention
established anywhere in the corpus is an official wherever else it is printed.
"""
from __future__ import annotations

from functools import lru_cache

import ahocorasick_rs

from ..schema import Label
from .normalize import fold
from .person_names import CITED, is_dictionary_word
from .types import Mention

__all__ = ["find_known_officials"]


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
        if any(s < ce and cs < e for cs, ce in claimed) or CITED.match(folded, e):
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
