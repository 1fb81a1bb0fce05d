"""The extraction components, in the order they run over a :class:`~newsgraph.extract.doc.Doc`.

Each component is a function ``(doc) -> None`` that reads what earlier components found and
adds its own mentions, relations or resolutions to the document; :data:`PIPELINE` lists them
by name, in order, in one place.  A rule is added by writing a component and registering it
with :func:`component` (``before=``/``after=`` place it); it is tested alone by running
:func:`run` with ``only=``/``exclude=``.

>>> [name for name, _ in PIPELINE][:3]
['titled_officials', 'known_officials', 'districts']
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..schema import Label
from .district_area import article_area, attach_villages
from .districts import find_districts
from .doc import Doc
from .known_officials import find_known_officials
from .locations import location_relations
from .meeting_groups import merge_meeting_mentions
from .meeting_names import name_generic_from_title, own_place_names
from .meetings import find_meetings
from .officials import find_titled_officials
from .organizations import HOME_SUFFIXES, find_organizations
from .projects import find_projects
from .relations import attendance_relations
from .types import DistrictFacts, Mention

__all__ = ["PIPELINE", "Component", "component", "run"]

Component = Callable[[Doc], None]

#: ``[(name, component)]`` in running order.
PIPELINE: list[tuple[str, Component]] = []


def component(name: str, *, before: str | None = None, after: str | None = None
              ) -> Callable[[Component], Component]:
    """Register a component under ``name``, at the end of :data:`PIPELINE` or right
    ``before``/``after`` the named one.

    Raises
    ------
    ValueError
        ``name`` is registered already, or ``before``/``after`` names no component.
    """
    def register(fn: Component) -> Component:
        names = [n for n, _ in PIPELINE]
        if name in names:
            raise ValueError(f"a component named {name!r} is registered already")
        anchor = before or after
        if anchor is not None and anchor not in names:
            raise ValueError(f"no component named {anchor!r} to place {name!r} next to")
        at = len(PIPELINE) if anchor is None else names.index(anchor) + (after is not None)
        PIPELINE.insert(at, (name, fn))
        return fn
    return register


def run(doc: Doc, *, only: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> Doc:
    """Run the registered components over ``doc``, in order; ``only``/``exclude`` select
    them by name (for tests).  Returns ``doc``."""
    only = None if only is None else set(only)
    exclude = set(exclude)
    for name, fn in PIPELINE:
        if (only is None or name in only) and name not in exclude:
            fn(doc)
    return doc


# -- officials ---------------------------------------------------------------------------------

@component("titled_officials")
def titled_officials(doc: Doc) -> None:
    """Officials and persons printed with a title (:func:`find_titled_officials`), or those
    pass 1 found on the record (taken once: a second extraction finds them again)."""
    titled, doc.article.titled = doc.article.titled, None
    if titled is None:
        titled = find_titled_officials(doc.match_text)
    doc.persons = [m for m in titled if m.label == Label.PERSON.value]
    doc.officials = [m for m in titled if m.label == Label.OFFICIAL.value]


@component("known_officials")
def known_officials(doc: Doc) -> None:
    """Names established as officials anywhere in the corpus, printed here without a title
    (:func:`find_known_officials`); a name this article gives a non-official title is not."""
    person_names = {p.name for p in doc.persons}
    corpus = doc.context.known_officials
    # The corpus's own set, with what the article adds and drops given apart: a set made per
    # article would cost time in the number of the corpus's officials, which grows with the
    # corpus, and a new automaton of them all (find_known_officials builds one per set).
    extra = {o.name for o in doc.officials} - corpus - person_names
    dropped = {n for n in person_names if n in corpus}
    taken = [(m.start, m.end) for m in doc.officials + doc.persons]
    doc.officials += find_known_officials(doc.match_text, corpus, taken, extra=extra,
                                          dropped=dropped)
    doc.officials.sort(key=lambda m: m.start)


# -- places ------------------------------------------------------------------------------------

@component("districts")
def districts(doc: Doc) -> None:
    """Administrative divisions (:func:`find_districts`), resolved against the paper's own
    area: the article's file's (its other articles, its masthead), not the corpus's, whose
    counties only break ties between towns (a context made by hand with no areas gives its
    home as the area)."""
    context = doc.context
    doc.page_area = list(context.areas[doc.article.source] if doc.article.source in context.areas
                         else context.home)
    # The scan pass 1 made of the same text, taken once (a second extraction scans again).
    found, doc.article.gazetteer = doc.article.gazetteer, None
    doc.districts = find_districts(doc.match_text, doc.page_area, ties=list(context.home),
                                   candidates=found)


@component("villages")
def villages(doc: Doc) -> None:
    """Communities and villages without a printed parent get the division the article puts
    them in (:func:`attach_villages`)."""
    attach_villages(doc.match_text, doc.districts)


# -- meetings and projects ---------------------------------------------------------------------

@component("meetings")
def meetings(doc: Doc) -> None:
    """Meeting mentions (:func:`find_meetings`), and a generic one named from the headline;
    they are grouped by meeting once the article's area is known (``meeting_groups``)."""
    found = find_meetings(doc.match_text, doc.officials, doc.article.body_start)
    if not any(m.facts.visit for m in found):
        name_generic_from_title(found, doc.title)
    doc.meeting_mentions = found


@component("projects")
def projects(doc: Doc) -> None:
    """Projects (:func:`find_projects`) outside meeting names; a name that is a district's
    name is no project.  A visit's mentions do not hide projects: they span the sites
    visited, which are often the projects."""
    found = find_projects(doc.match_text, [(m.start, m.end) for m in doc.meeting_mentions
                                           if not m.facts.visit])
    district_names = {d.name for d in doc.districts}
    doc.projects = [p for p in found if p.name not in district_names]


# -- article-level resolution ------------------------------------------------------------------

@component("home")
def home(doc: Doc) -> None:
    """The article's own area (:func:`article_area`): the county it prints most, else its
    city, else its paper's area."""
    doc.home = article_area(doc.districts, doc.page_area)


@component("meeting_groups")
def meeting_groups(doc: Doc) -> None:
    """``我县``/``我区`` in a meeting name becomes the county the article prints
    (:func:`own_place_names`), then the mentions of one meeting are grouped
    (:func:`merge_meeting_mentions`)."""
    printed = any(d.facts.level == "county" for d in doc.districts)
    own_place_names(doc.meeting_mentions, doc.home if printed else None)
    doc.meetings = merge_meeting_mentions(doc.meeting_mentions)


@lru_cache(maxsize=64)
def _home_post(home_: str) -> re.Pattern:
    """Titles of the home county's own bodies, printed with the county's bare suffix:
    区委书记, 区政协主席, 区水务局局长 in a 区 paper; 县委书记, 县长 in a 县 paper."""
    c = re.escape(home_[-1]) if home_ and home_[-1] in HOME_SUFFIXES else "区"
    return re.compile(f"^(?:{c}委|{c}政府|{c}人大|{c}政协|{c}长|副{c}长|代{c}长|常务副{c}长|{c}领导|"
                      f"{c}纪委|{c}监委|{c}[\u4e00-\u9fff]{{1,8}}?(?:局|委|办|部|院|会|中心))")


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}


@component("posts")
def post_districts(doc: Doc) -> None:
    """Record, for each title of an official, the district whose post it is (``facts.posts``:
    ``[(title, district or None)]``): the most specific district printed in the title
    (``台湖镇副镇长`` → 台湖镇, ``中仓街道中仓社区党总支书记`` → 中仓社区), or the article's home county
    for the district-level bodies printed as ``区…`` (``区委书记``, ``区政协主席``, ``区水务局局长``)."""
    for o in doc.officials:
        posts = []
        for title in o.facts.titles:
            inside = [d for d in doc.districts if d.text and d.text in title]
            if inside:
                best = max(inside, key=lambda d: _LEVEL_RANK.get(d.facts.level, 3))
                posts.append((title, best.name))
            elif doc.home and _home_post(doc.home).match(title):
                posts.append((title, doc.home))
            else:
                posts.append((title, None))
        o.facts.posts = posts


# -- relations ---------------------------------------------------------------------------------

@component("attendance")
def attendance(doc: Doc) -> None:
    """``ATTENDED`` and ``SPOKE_AT`` (:func:`attendance_relations`)."""
    doc.relations += attendance_relations(doc.match_text, doc.sentences, doc.officials,
                                          doc.meetings, doc.article.body_start)


@component("locations")
def locations(doc: Doc) -> None:
    """``LOCATED_IN`` (:func:`location_relations`)."""
    doc.relations += location_relations(doc.sentences, doc.districts, doc.meetings,
                                        doc.projects, doc.home, doc.match_text)


@component("implied_home")
def implied_home(doc: Doc) -> None:
    """The fallback home district is an entity of the article too (a district paper's area)
    when a relation points at it and the article does not print it."""
    home_ = doc.home
    if not home_ or home_ in {d.name for d in doc.districts}:
        return
    if any(r.target == (Label.DISTRICT.value, home_) for r in doc.relations):
        anchor = doc.relations[-1]
        doc.districts.append(Mention(label=Label.DISTRICT.value, name=home_, text="",
                                     start=anchor.start, end=anchor.start, rule="home-district",
                                     confidence=0.5,
                                     facts=DistrictFacts(level="county", implied=True)))


# -- organisations -----------------------------------------------------------------------------

@component("organizations")
def organizations(doc: Doc) -> None:
    """The bodies the officials' posts are in (:func:`find_organizations`: ``区民政局局长`` →
    ``西城区民政局``), with ``HOLDS_POSITION`` from each official to them."""
    found, held = find_organizations(doc.match_text, doc.officials, doc.districts, doc.home,
                                     doc.article.date)
    doc.others += found
    doc.relations += held
