"""Mentions carry typed facts, one dataclass per label (extract/types.py)."""
import dataclasses

import pytest

from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles
from newsgraph.extract.types import (FACTS, DistrictFacts, MeetingFacts, MeetingRef, Mention,
                                     OfficialFacts)

TEXT = ("本报讯 8月14日，通州区半年工作会议召开。区委书记孟景伟主持会议并讲话。区委副书记、区长郑皓出席。"
        "会后，孟景伟到梨园镇调研。")


def test_every_mention_of_an_article_has_its_labels_facts():
    art = read_articles(TEXT, "t.txt")[0]
    ext = extract_article(art, CorpusContext(home=("通州区",)))
    labels = {m.label for m in ext.mentions}
    assert {"Official", "District", "Meeting"} <= labels
    for m in ext.mentions:
        expected = FACTS.get(m.label)
        assert (m.facts is None) if expected is None else type(m.facts) is expected, m
    zheng = next(m for m in ext.mentions if m.name == "郑皓")
    assert zheng.facts.titles == ["区委副书记", "区长"]
    town = next(m for m in ext.mentions if m.name == "梨园镇")
    assert (town.facts.level, town.facts.parent) == ("town", "通州区")
    assert any(m.facts.visit and m.facts.who == "孟景伟" for m in ext.mentions
               if m.label == "Meeting")
    # The meeting ends of relations are references to the article's meeting groups.
    assert all(0 <= r.target.group < len(ext.meetings) for r in ext.relations
               if isinstance(r.target, MeetingRef))


@pytest.mark.parametrize("label, cls", [("Official", OfficialFacts), ("Person", OfficialFacts),
                                        ("District", DistrictFacts), ("Meeting", MeetingFacts)])
def test_a_mention_made_without_facts_gets_its_labels_defaults(label, cls):
    m = Mention(label=label, name="某", text="某", start=0, end=1)
    assert m.facts == cls()
    # Defaults are not shared between mentions (a list field mutated on one stays there).
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            getattr(m.facts, f.name).append("x")
            assert getattr(Mention(label=label, name="某", text="某", start=0, end=1).facts,
                           f.name) == []


def test_a_label_without_facts_carries_none():
    assert Mention(label="Project", name="某项目", text="某项目", start=0, end=3).facts is None
