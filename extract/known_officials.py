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

__all__ = ["find_known_officials", "warm_known_officials"]


def find_known_officials(text: str, known: set[str] | frozenset[str],
                         taken: list[tuple[int, int]] = (), *, extra: set[str] | frozenset[str] = (),
                         dropped: set[str] | frozenset[str] = ()) -> list[Mention]:
    """Find bare mentions of names already known to be officials (rule 3).

    The names are ``known`` (the corpus's set, whose automaton is built once) with this
    article's ``extra`` names added and its ``dropped`` names removed.  Longest names first
    (leftmost-longest); spans overlapping ``taken`` (offsets already claimed by other mentions)
    are skipped.  A name that is also a dictionary word (甘露, 文献) is found only in an article
    where a titled mention (one of ``taken``) prints it.  ``confidence`` is lower for
    two-character names, which collide with ordinary words more often.
    """
    extra = frozenset(extra) - frozenset(dropped)
    if not known and not extra:
        return []
    folded = fold(text)
    claimed = list(taken)
    titled_here = {folded[cs:ce] for cs, ce in taken}
    out: list[Mention] = []
    for s, e in _name_spans(folded, known, extra, frozenset(dropped)):
        name = folded[s:e]
        if any(s < ce and cs < e for cs, ce in claimed) or CITED.match(folded, e):
            continue
        if is_dictionary_word(name) and name not in titled_here:
            continue  # a word that is a name only where a title introduced it
        claimed.append((s, e))
        out.append(Mention(label=Label.OFFICIAL.value, name=name, text=text[s:e], start=s,
                           end=e, rule="known-name", confidence=0.8 if len(name) == 2 else 0.85))
    return out


def _name_spans(folded: str, known, extra: frozenset[str],
                dropped: frozenset[str]) -> list[tuple[int, int]]:
    """The leftmost-longest matches in ``folded`` of ``(known | extra) - dropped``.

    One automaton of the corpus's names finds them in one pass (``known`` is the same set for
    every article of a corpus, so it is built once).  An article that adds or drops names (a
    name it titles that pass 1 did not see, a person it names) must not cost a new automaton
    of every name of the corpus — a cost that grows with the archive: then all matches of
    ``known`` (overlapping), less the dropped and with the extra names' own, are picked as
    leftmost-longest picks them: the leftmost start, its longest match, then on after it.
    """
    known = known if isinstance(known, frozenset) else frozenset(known)
    if not extra and not dropped:
        return [(s, e) for _, s, e in _corpus_automaton(known, False)
                .find_matches_as_indexes(folded)]
    spans = [(s, e) for _, s, e in
             (_corpus_automaton(known, True).find_matches_as_indexes(folded, overlapping=True)
              if known else ())
             if folded[s:e] not in dropped]
    if extra:  # a few names: built here, not cached (they would push the corpus's out)
        spans += [(s, e) for _, s, e in _build_automaton(extra, True)
                  .find_matches_as_indexes(folded, overlapping=True)]
    spans.sort(key=lambda x: (x[0], x[0] - x[1]))
    picked: list[tuple[int, int]] = []
    end = 0
    for s, e in spans:
        if s >= end:
            picked.append((s, e))
            end = e
    return picked


# The corpus's sets seen last, by identity: a process that gets its own unpickled copy of the
# context (a Dask worker) would otherwise have the lru cache compare two sets of every official
# of the corpus, equal, per article — a cost in the corpus's size.
_BY_IDENTITY: dict[tuple[int, bool], tuple[frozenset[str], object]] = {}


def warm_known_officials(names: frozenset[str]) -> None:
    """Build the automata :func:`find_known_officials` uses for the corpus's ``names`` now
    (both kinds), so that processes forked after this share them instead of each building its
    own (at two million names, a few hundred megabytes and a minute each)."""
    if names:
        _corpus_automaton(names, False)
        _corpus_automaton(names, True)


def _corpus_automaton(names: frozenset[str], overlapping: bool):
    """:func:`_automaton` of the corpus's names, found by the set's identity first."""
    hit = _BY_IDENTITY.get((id(names), overlapping))
    if hit is not None and hit[0] is names:
        return hit[1]
    automaton = _automaton(names, overlapping)  # equal sets compared once per new copy
    if len(_BY_IDENTITY) >= 4:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[(id(names), overlapping)] = (names, automaton)  # the set is held: id stays its
    return automaton


def _build_automaton(names: frozenset[str], overlapping: bool):
    # Leftmost-longest Aho–Corasick matches what an alternation of the names, longest first,
    # finds, in time that does not grow with the number of names (a regex alternation tries
    # every name at every character: the cost grows with the corpus's officials); the
    # overlapping one (every match) is for _name_spans's own pick.
    kind = ahocorasick_rs.MatchKind.Standard if overlapping else \
        ahocorasick_rs.MatchKind.LeftmostLongest
    return ahocorasick_rs.AhoCorasick(sorted(names), matchkind=kind)


_automaton = lru_cache(maxsize=4)(_build_automaton)
