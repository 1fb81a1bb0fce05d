"""Issue 12, pattern 11: project endings, generic/counted/descriptive filters, variants."""
import pytest

from newsgraph.extract.projects import find_projects


def names(text):
    return [m.name for m in find_projects(text)]


@pytest.mark.parametrize("text, expected", [
    ("考察团一行先后来到青石湾郊野公园、县博物馆。", ["青石湾郊野公园"]),          # 公园
    ("包括柳河第三再生水厂、枣林小学扩建工程等。", ["柳河第三再生水厂", "枣林小学扩建工程"]),  # ordinal
    ("方家岭水厂等基础设施项目建成后。", ["方家岭水厂"]),                         # 2-character stem
    ("翔鹤卫浴产业园标准化厂房项目、纺织产业园二期等。",
     ["翔鹤卫浴产业园标准化厂房项目", "纺织产业园二期"]),                        # 产业园 + phase
    ("随后来到凤岭水库等地考察。", ["凤岭水库"]),                                 # 水库
    ("在密云区第三中学兴隆县分校察看办学条件。", ["密云区第三中学兴隆县分校"]),    # campus
    ("总投资5亿元的江苏科达科技电子产品生产项目签约。", ["江苏科达科技电子产品生产项目"]),
    ("绿源农产品及苗族非物质文化遗产中心项目开工。", ["绿源农产品及苗族非物质文化遗产中心项目"]),
    ("杨国方宣布军鼎科技园项目开工。", ["军鼎科技园项目"]),   # the governing verb stays out
])
def test_facility_and_joined_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "定远县5个项目集中签约。",                  # counted
    "全县2021年第一季度12个重大项目集中开工。",   # counted and generic
    "推动一大批项目落地。",                      # a determiner
    "打造鄂西北大型农产品专业物流园区。",         # descriptive (大型)
    "引进一批示范型项目。",                       # …型项目
    "东西部协作项目进展顺利。",                   # a kind of work
    "十堰市工程建设领域专项整治。",               # X市工程
    "县工业园区管委会负责人介绍。",               # 县 + a kind
    "主动对接项目，做好服务。",
    "早上好多居民去公园锻炼。",                   # a verb in front of a facility
    "加快建设嘉陵江畔大美公园城市。",             # 公园城市 is a concept
    "建设大棚蔬菜基地和草果种植基地。",           # generic facilities, no proper name
    "北京市养老服务社会化示范区创建。",           # a designation
    "中国葛洲坝集团第三工程有限公司。",           # a company
    "中关村科技园通州园管委会主任出席。",         # a post's title
    "实施辖区内学校周边环境整治。",               # a location phrase before a facility
])
def test_generic_counted_or_descriptive_phrases(text):
    assert names(text) == []


def test_brackets_stay_balanced():
    for m in find_projects("调研开发区（航空小镇）工作，察看通惠河（通州段）水环境综合治理工程。"):
        assert m.name.count("（") == m.name.count("）")
