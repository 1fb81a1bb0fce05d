"""Villages and towns printed in the genre's movement sentences (issue 12, pattern 13)."""
import pytest

from newsgraph.extract.districts import find_districts


def _found(text):
    return {(d.name, d.facts.parent) for d in find_districts(text, ["龙胜各族自治县"])}


@pytest.mark.parametrize("text, expected", [
    # a town right after a two-character verb of movement
    ("县委书记率队深入板坝镇调研。", {("板坝镇", "龙胜各族自治县")}),
    ("副县长走进泗水乡察看。", {("泗水乡", "龙胜各族自治县")}),
    # a village opening with 那 (a toponym prefix in the south) printed after its town
    ("深入板坝镇那洞村、弄怀村实地调研。", {("那洞村", "板坝镇"), ("弄怀村", "板坝镇")}),
])
def test_divisions_after_movement_words_and_towns(text, expected):
    assert expected <= _found(text)


@pytest.mark.parametrize("text, name", [
    ("到梨园镇这个村调研。", "这个村"),     # a demonstrative is no name
    ("到梨园镇那个社区走访。", "那个社区"),
    ("在伊川县和南府店村交流。", "和南府店村"),  # a conjunction joins, it does not name
    ("到梨园镇各村调研。", "各村"),
])
def test_function_words_after_a_town_open_no_name(text, name):
    assert name not in {n for n, _ in _found(text)}
