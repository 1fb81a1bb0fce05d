import pytest

from newsgraph.extract.districts import find_districts

HOME = ["通州区"]


def found(text, home=HOME):
    return [(m.name, m.facts.parent) for m in find_districts(text, home)]


@pytest.mark.parametrize("text, expected", [
    ("潞城镇、马驹桥镇主要负责同志发言。", [("潞城镇", "通州区"), ("马驹桥镇", "通州区")]),
    # short form of an ethnic township resolves to the full name
    ("于家务乡大力培育社会文明风尚。", [("于家务回族乡", "通州区")]),
    # Beijing's 地区 towns are known by their 镇 name
    ("梨园镇推进楼门院治理。", [("梨园镇", "通州区")]),
    # a community printed after its street: the street is its parent
    ("新华街道京贸国际城社区坚持接诉即办。", [("新华街道", "通州区"), ("京贸国际城社区", "新华街道")]),
    ("宋庄镇小堡村，实地调研。", [("宋庄镇", "通州区"), ("小堡村", "宋庄镇")]),
    # a street the gazetteer does not know yet, in the paper's own area
    ("临河里街道主要负责同志发言。", [("临河里街道", "通州区")]),
    # other provinces: the gazetteer's hierarchy, up to the highest division printed
    ("天津市武清区疾控中心", [("天津市", None), ("武清区", "天津市")]),
    ("廊坊市大厂回族自治县牡丹园小区", [("廊坊市", None), ("大厂回族自治县", "廊坊市")]),
])
def test_find_districts(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "全区上下深入学习贯彻。",          # 全区 is no district
    "打造城市发展样板，推动乡村振兴。",   # 乡村
    "建设国家绿色发展示范区。",         # a functional zone
    "社区工作人员与居民代表协商。",      # bare 社区
])
def test_no_district(text):
    assert found(text) == []


def test_ambiguous_street_resolves_to_the_home_county():
    assert found("新华街道开展活动。") == [("新华街道", "通州区")]
    # … and to another county when the article prints it
    assert ("新华街道", "海勃湾区") in found("乌海市海勃湾区新华街道开展活动。")


def test_offsets_point_at_the_printed_form():
    text = "西集镇、于家务乡党委书记依次发言。"
    for m in find_districts(text, HOME):
        assert text[m.start:m.end] == m.text


def test_short_forms_resolve_when_the_article_prints_the_full_name():
    text = "新华街道、北苑街道作发言。孟景伟指出，新华、北苑两个街道要做好文章。新华社记者报道。"
    got = [(m.text, m.name) for m in find_districts(text, HOME) if m.rule == "short-form"]
    assert got == [("新华", "新华街道"), ("北苑", "北苑街道")]
