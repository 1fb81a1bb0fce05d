"""Issue 12: official mentions in the wider genre (patterns 2, 3, 4, 5 and 6).

Short texts in the genre's style with invented names."""
import pytest

from newsgraph.extract.officials import find_known_officials, find_titled_officials, plausible_name


def names(text, label="Official"):
    return [m.name for m in find_titled_officials(text) if m.label == label]


# Pattern 2: name length from the list's structure and the boundary, complete surnames,
# given-name characters that are also title or particle characters.
@pytest.mark.parametrize("text, expected", [
    ("县人大常委会副主任吕保和、姜国文参加。", ["吕保和", "姜国文"]),      # …和 before 、
    ("县人大常委会主任江钦所，副主任牛永芳出席。", ["江钦所", "牛永芳"]),   # …所 before ，
    ("县人大常委会副主任吕保和参加。", ["吕保和"]),                       # 和 before a verb
    ("区委书记王伟和区长李强出席。", ["王伟", "李强"]),                    # 和 joins two officials
    ("中仓社区党总支书记张娜说。", ["张娜"]),                            # 说 ends a 2-character name
    ("区领导庆兆坤、曹子木、达桑卓玛、贾卫华出席。", ["庆兆坤", "曹子木", "达桑卓玛", "贾卫华"]),
    ("县委副书记狄明出席。", ["狄明"]),                                 # 百家姓 surname
    ("校党委书记和志刚与干部谈心。", ["和志刚"]),                        # 和 as a surname
    ("区政协副主席冯波、韩占生、刘会林，秘书长张新跃参加。", ["冯波", "韩占生", "刘会林", "张新跃"]),
    ("县委副书记张光全出席。", ["张光全"]),                              # 全 in a given name
    ("区领导刘长兴、侯书平参加。", ["刘长兴", "侯书平"]),                  # 长, 书 in given names
    ("区领导李先明、尹 圆、黄 莺参加会议。", ["李先明", "尹圆", "黄莺"]),   # padded names
])
def test_name_length_and_surnames(text, expected):
    assert names(text) == expected


def test_padded_name_keeps_printed_offsets():
    text = "区领导李先明、尹 圆参加会议。"
    m = [m for m in find_titled_officials(text) if m.name == "尹圆"][0]
    assert text[m.start:m.end] == m.text == "尹 圆"


# Pattern 5: title lexicon gaps.
@pytest.mark.parametrize("text, name, title", [
    ("区人民法院院长宋春梅，区人民检察院代理检察长侯立列席会议。", "侯立", "区人民检察院代理检察长"),
    ("区人民法院院长宋春梅列席会议。", "宋春梅", "区人民法院院长"),
    ("县法院行政审判庭庭长陈铁林报告了工作。", "陈铁林", "县法院行政审判庭庭长"),
    ("县人大常委会党组成员、二级调研员刘宗文出席。", "刘宗文", "二级调研员"),
    ("清源镇阳尾村第一书记林文山立足村情。", "林文山", "清源镇阳尾村第一书记"),
    ("州长李飞宇、副州长姜学平陪同。", "李飞宇", "州长"),
    ("库伦旗委副书记、旗长王薇出席。", "王薇", "旗长"),
    ("服务站常务副站长张华对站点作了介绍。", "张华", "服务站常务副站长"),
    ("县检察院民行科科长袁卫兵作报告。", "袁卫兵", "县检察院民行科科长"),
])
def test_title_lexicon(text, name, title):
    found = {m.name: m for m in find_titled_officials(text)}
    assert name in found and found[name].label == "Official"
    assert title in found[name].props["titles"]


def test_title_chain_stops_at_the_name_before():
    text = "集团董事长、省商会秘书长林某一行在海关筹备组组长肖岭的陪同下来到县里。"
    assert "肖岭" in names(text)


# Pattern 6: a word after a collective title is no name, and so never becomes known.
@pytest.mark.parametrize("text", [
    "区领导强调，地下空间决不能住人。",
    "要把习近平总书记关于安全生产的重要论述学深悟透。",
    "更好行使委员权利、积极参与提案办理。",
    "区妇联主席、街道工委书记和新任街道妇联主席先后讲话。",
])
def test_words_after_titles_are_no_names(text):
    assert names(text) == []


@pytest.mark.parametrize("word, strict, expected", [
    ("强调", False, False), ("关于", False, False), ("权利", False, False),
    ("文献", False, True), ("甘露", False, True),   # real names that are rarer words
    ("班子", True, False), ("李伟", True, True),
])
def test_plausible_name(word, strict, expected):
    assert plausible_name(word, strict) is expected


def test_known_names_need_a_plausible_titled_mention():
    titled = {m.name for m in find_titled_officials("区领导强调，要抓好安全。区委书记王力出席。")}
    assert titled == {"王力"}
    assert [m.name for m in find_known_officials("会议强调，王力讲话。", titled)] == ["王力"]
