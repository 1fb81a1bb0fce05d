import pytest

from newsgraph.extract.projects import find_projects


@pytest.mark.parametrize("text, expected", [
    ("加快推进通惠河（通州段）水环境综合治理工程建设。", ["通惠河（通州段）水环境综合治理工程"]),
    ("孟景伟实地察看通通办服务平台、企业政策兑现服务平台运行情况。", ["通通办服务平台", "企业政策兑现服务平台"]),
    ("要全力推进中德产业园二期工程建设。", ["中德产业园二期工程"]),
    ("京津冀信创小镇暨智能制造基地正式启动", ["京津冀信创小镇", "智能制造基地"]),
    ("组织开展“管家式服务”项目。", ["“管家式服务”项目"]),
    ("按照通州区干部“能力提升计划”安排。", ["通州区干部“能力提升计划”"]),
])
def test_projects(text, expected):
    assert [m.name for m in find_projects(text)] == expected


@pytest.mark.parametrize("text", [
    "确保重点项目再创佳绩。",            # a kind, not a project
    "充分利用好两大平台优势。",          # a counted kind
    "妇幼保健院计划开展义诊。",          # 计划 as a verb
    "适时扩大平台应用范围。",            # a governing verb leaves a bare suffix
    "推进文化数字化重点项目。",          # a generic ending
])
def test_no_project(text):
    assert find_projects(text) == []


def test_project_offsets_point_at_the_printed_name():
    text = "据了解，西槐庄园种植基地已投入使用。"
    for m in find_projects(text):
        assert text[m.start:m.end] == m.name
