"""Issue 12 pattern 11: project suffixes of built works, and filters for generic, counted,
descriptive and governed phrases (texts invented, in the genre's style)."""
import pytest

from newsgraph.extract.projects import find_projects


def names(text):
    return [m.name for m in find_projects(text)]


@pytest.mark.parametrize("text, expected", [
    # missing suffixes: parks, waterworks, reservoirs, roads, bridges, complexes, zones
    ("考察团先后来到青柳河郊野公园、柏岭湿地自然风景区。", ["青柳河郊野公园"]),
    ("此次开工的项目包括清溪第三再生水厂、枫林路小学扩建工程等。", ["清溪第三再生水厂", "枫林路小学扩建工程"]),
    ("代表团还到丰岭县博物馆、石崖山水库等地考察。", ["石崖山水库"]),
    ("沿着正在施工的白马水库环湖公路，一行来到茶园村。", ["白马水库环湖公路"]),
    ("魏某一行先后察看了新河上公路、龙湾钢索吊桥。", ["新河上公路", "龙湾钢索吊桥"]),
    ("包括金桂田园综合体、青山生态园等。", ["金桂田园综合体", "青山生态园"]),
    ("启动建设占地2500亩的冀南文博园。", ["冀南文博园"]),
    ("了解鹿鸣科技园项目进展。", ["鹿鸣科技园项目"]),
    ("工作组来到长丰国际商贸物流园。", ["长丰国际商贸物流园"]),
    ("俯瞰云岭科学城起步区建设现状。", ["云岭科学城"]),
    # 及 joins the parts of one project
    ("包括岭南农产品及苗族文化遗产中心项目。", ["岭南农产品及苗族文化遗产中心项目"]),
    # a bracket opened in the name closes after the suffix
    ("调研了安平经济开发区（航空小镇）建设情况。", ["安平经济开发区（航空小镇）"]),
    # a quoted name may hold 、 and +, and a verb
    ("包括“千、百、十”增收项目等。", ["“千、百、十”增收项目"]),
    ("调研“互联网+远程帮扶”项目运行情况。", ["“互联网+远程帮扶”项目"]),
    ("实地察看滨江路“断头路”打通工程进展。", ["滨江路“断头路”打通工程"]),
    # a phase printed after the suffix
    ("卫浴产业园标准化厂房项目、纺织产业园二期等。", ["卫浴产业园标准化厂房项目", "纺织产业园二期"]),
    # a company name inside a 项目 stays (…公司搬迁改造项目)
    ("推进新林公司搬迁改造项目。", ["新林公司搬迁改造项目"]),
    # verbs inside a name after a noun (…大数据应用感知中心项目)
    ("主会场设在云谷数据应用感知中心项目现场。", ["云谷数据应用感知中心项目"]),
    # a visited science facility
    ("两区领导参观海洋系统数值模拟装置。", ["海洋系统数值模拟装置"]),
    # more built works: treatment plants, hospital campuses, industrial and farm parks
    ("该县投资3亿元建设的城东污水处理厂已投入运行。", ["城东污水处理厂"]),
    ("调研组来到县人民医院新院区建设工地。", ["县人民医院新院区"]),
    ("考察了滨江工业园和青山农业园。", ["滨江工业园", "青山农业园"]),
    # 至 joins the ends of a road
    ("由某局承建的东平至西岭高速公路项目进展顺利。", ["东平至西岭高速公路项目"]),
    # a quoted programme name may have a two-character stem
    ("深入实施“双百工程”，建设美丽乡村。", ["双百工程"]),
    # a named place before a kind is a project; a park's 园区 stays whole
    ("推进河口村土地整理项目。", ["河口村土地整理项目"]),
    ("考察涟源县工业园区。", ["涟源县工业园区"]),
    # a company prefix is cut, the project after it stays
    ("在华泽科技发展有限公司云数据感知中心项目现场举行。", ["云数据感知中心项目"]),
])
def test_pattern11_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "要把2026年民生实事项目办好。",                 # year + generic kind
    "东平县5个项目集中签约。",                      # counted: X县N个项目
    "实施12项水利工程。",                           # counted: N项…工程
    "一大批项目相继落户。",                          # a batch
    "掀起新一轮项目建设热潮。",                      # a batch
    "打造软硬一体的专业型园区。",                    # …型 describes a kind
    "县委书记王某宣布项目开工。",                    # governing verb and subject
    "实地查看项目建设进度。",                        # governing verb
    "主动对接项目单位。",                            # governing verb, modifier after
    "副县长、县工业园区管委会主任出席。",            # X县 + bare kind, an organisation
    "与中国某建集团第二工程有限公司签约。",          # an organisation's name
    "溪口市工程移民中心主任出席。",                  # an organisation's name
    "大棚蔬菜基地要建设完善。",                      # generic facility, no proper name
    "询问了重楼种植基地的规模。",                    # generic facility, no proper name
    "察看民宿院落改造和运营情况。",                  # generic works, no proper name
    "高标准建设国家绿色发展示范区。",                # a designation
    "完成河北省军民融合产业示范基地建设。",          # a designation
    "推动东西部协作项目落地见效。",                  # a cooperation programme's projects
    "社区居民常去台湖公园散步。",                    # a park named in passing (short stem)
    "在某科技有限公司冷链物流园，一场活动举行。",    # a company's site
    "与辖区内学校、企业等机构合作。",                # a school in passing
    "锅炉加装脱硫除尘装置后排放达标。",              # equipment, not visited
    "大家围绕文化旅游项目建设建言献策。",            # a field's projects
    "推动全县农业项目落地。",                        # a field's projects after a place
    "全力推进蓬溪县项目建设。",                      # X县项目: a place before a bare suffix
    "询问了土地整理项目进展。",                      # a kind without a place
    "梳理成民生项目清单。",                          # a modifier: 项目清单
    "形成“6+5+18”平台构架。",                        # numbers name a structure
    "踊跃参与团队大生产项目。",                      # an activity
    "县委、县政府把项目作为第一支撑。",              # bare suffix
    "论坛主题为“郡县治，天下安——强县工程的路径选择”。",  # a slogan, short stem
    "加快建设嘉陵江畔大美公园城市。",                # 公园城市 is a concept
    "县“两重”攻坚行动10月份重点招商项目集中签约。",  # a dated batch
])
def test_pattern11_not_projects(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("在青峰县第二中学分校，书记察看办学条件。", ["青峰县第二中学分校"]),
    ("考察组一行先后来到平川县职业中等专业学校等地。", ["平川县职业中等专业学校"]),
])
def test_visited_campus_is_a_project(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("特别是三星湾大道建成通车，为发展注入活力。", ["三星湾大道"]),              # built
    ("在青湖通用机场，代表团听取了机场运营情况介绍。", ["青湖通用机场"]),    # 在X， leads the visit
    ("一行先后来到北关特色美食街区、城南实验小学等地。", ["北关特色美食街区", "城南实验小学"]),
    ("要把兴文至石岭旅游公路过境的区位优势利用好，加快住房建设。", []),     # a route named in passing
    ("商铺位于城东的世纪大道两侧。", []),                                   # an address
])
def test_roads_and_sites_only_where_visited_or_built(text, expected):
    assert names(text) == expected


def test_reservoir_in_passing_is_not_the_road_round_it():
    text = "沿着正在施工的白马水库环湖公路，一行来到茶园村，要求依托紧邻白马水库的区位谋划发展。"
    assert names(text) == ["白马水库环湖公路"]


def test_campus_named_in_passing_is_not():
    assert names("青峰县第二中学分校的学生参加了比赛。") == []


@pytest.mark.parametrize("text", ["”项目及", "及项目", "（（公园", "）公园）", "第公园", "公司公园",
                                  "学校", "2026年", "县项目"])
def test_edge_texts_never_raise(text):
    for m in find_projects(text):
        assert text[m.start:m.end] == m.name


def test_visited_once_named_again():
    text = "为区政协建成的首个“政协委员之家”揭牌。这处“政协委员之家”设在镇综合文化活动中心。"
    assert names(text) == ["政协委员之家", "政协委员之家"]


def test_suffix_split_by_the_tokenizer(monkeypatch):
    """The suffix may come as two tokens (之/家): the name is still found."""
    from newsgraph.extract import tokenize

    real = tokenize.pos

    def split(text, *, hmm=True):
        out = []
        for w, f in real(text, hmm=hmm):
            out += [("之", "u"), ("家", "q")] if w == "之家" else [(w, f)]
        return out

    monkeypatch.setattr(tokenize, "pos", split)
    assert names("区政协举办“政协委员之家”揭牌仪式。") == ["政协委员之家"]
