"""Issue 12: official mentions in the wider genre (patterns 2, 3, 4, 5 and 6).

Short texts in the genre's style with invented names."""
import pytest

from newsgraph.extract.known_officials import find_known_officials
from newsgraph.extract.officials import find_titled_officials
from newsgraph.extract.person_names import plausible_name


def names(text, label="Official"):
    return [m.name for m in find_titled_officials(text) if m.label == label]


# Pattern 2: name length from the list's structure and the boundary, complete surnames,
# given-name characters that are also title or particle characters.
@pytest.mark.parametrize("text, expected", [
    ("县人大常委会副主任吕保和、姜国文参加。", ["吕保和", "姜国文"]),      # …和 before 、
    ("县人大常委会主任江钦所，副主任牛永芳出席。", ["江钦所", "牛永芳"]),   # …所 before ，
    ("县人大常委会副主任吕保和参加。", ["吕保和"]),                       # 和 before a verb
    ("区委书记王伟和区长李强出席。", ["王伟", "李强"]),                    # 和 joins two officials
    ("主任王伟、副主任李强和委员们出席。", ["王伟", "李强"]),              # 和 before a noun
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
    assert title in found[name].facts.titles


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


# Pattern 3: the title after the name; lists closed by a role noun.
@pytest.mark.parametrize("text, expected, title", [
    ("会上，张德明、杨学文、任培华、滕安平、来荣等5名委员依次作大会发言。",
     ["张德明", "杨学文", "任培华", "滕安平", "来荣"], "委员"),
    ("座谈会上，胡汉林、赵璐雪、李巍、万志刚、王海涛5位政协委员依次发言。",
     ["胡汉林", "赵璐雪", "李巍", "万志刚", "王海涛"], "政协委员"),
    ("会上，吴一、郑二等委员作大会发言。", ["吴一", "郑二"], "委员"),
    ("张勤华、胡燕、骆德明、朱斌等县级领导分别参加分组讨论。", ["张勤华", "胡燕", "骆德明", "朱斌"], "县级领导"),
    ("会议期间，王大海、李小河等代表参加。", ["王大海", "李小河"], "代表"),
    ("副主任康丽、郑伟、陈朝等常委会组成人员出席。", ["康丽", "郑伟", "陈朝"], "副主任"),
    ("活动现场，个人工作站站长张雨、孙菽委员参加。", ["张雨", "孙菽"], None),
    ("会上，施光海委员表示，要建好委员之家。", ["施光海"], "委员"),
    ("\n\n区领导庆兆林、达桑卓玛、贾卫华出席。", ["庆兆林", "达桑卓玛", "贾卫华"], "区领导"),
    ("冯立（区委常委、副区长），区法院院长陈赞出席。", ["冯立", "陈赞"], None),
])
def test_role_after_names(text, expected, title):
    found = [m for m in find_titled_officials(text) if m.label == "Official"]
    assert [m.name for m in found] == expected
    if title:
        assert all(title in m.facts.titles for m in found[:2])


@pytest.mark.parametrize("text", [
    "会议期间，居民代表发言。",            # a group, no name
    "全体委员参加会议。",
    "村民代表、党员代表参加。",
    "代表资格审查委员会关于个别代表辞职情况的报告。",
    "深入落实省委书记林某山到本县视察时的指示精神。",  # a cited leader
])
def test_role_nouns_without_names(text):
    assert names(text) == []


# Pattern 4: names in personnel changes; the title is the post given or left.
@pytest.mark.parametrize("text, expected", [
    ("会议任命张勇为某新区人民政府副区长、代理区长，任命张铁林为某新区人民政府副区长。",
     {"张勇": ["某新区人民政府副区长", "代理区长"], "张铁林": ["某新区人民政府副区长"]}),
    ("会议决定接受宗国平辞去某新区人民政府区长职务的请求。", {"宗国平": ["某新区人民政府区长"]}),
    ("免去路正同志的常务副县长职务，免去孟凡同志的副县长职务；任命邢晟同志为政府副县长。",
     {"路正": ["常务副县长"], "孟凡": ["副县长"], "邢晟": ["政府副县长"]}),
    ("会议免去林彤同志某区人民法院审判员职务，撤销梁志光同志某区人民法院审判员职务。",
     {"林彤": ["某区人民法院审判员"], "梁志光": ["某区人民法院审判员"]}),
    ("免去何戎同志某区人民检察院检察员、检察委员会委员职务。",
     {"何戎": ["某区人民检察院检察员", "检察委员会委员"]}),
    ("决定免去王强的区人民政府副区长职务。", {"王强": ["区人民政府副区长"]}),
    ("会议审议了郑红关于辞去县政府副县长职务的请求。", {"郑红": ["县政府副县长"]}),
    ("会议决定任命黄育同志为某县人民政府副县长、代理县长。", {"黄育": ["某县人民政府副县长", "代理县长"]}),
    ("会议决定纪道为代理县长。", {"纪道": ["代理县长"]}),
    ("会议任命甲乙、丙丁等2人为县人民法院审判员。", {}),   # 甲/丙 are no surnames
    ("会议任命王甲、李乙等2人为县人民法院审判员。", {"王甲": ["县人民法院审判员"], "李乙": ["县人民法院审判员"]}),
    ("会议表决通过了王兰等6名同志的免职议案和宁书等10名同志的任职议案。", {"王兰": [], "宁书": []}),
    ("区人大常委会代表资格审查委员会关于袁淑代表资格的报告。", {"袁淑": ["代表"]}),
    ("\n芦秀当选为街道妇联主席，", {"芦秀": ["街道妇联主席"]}),
    ("会议任命了一批干部为科级干部。", {}),
])
def test_personnel_changes(text, expected):
    found = {m.name: m.facts.titles for m in find_titled_officials(text) if m.label == "Official"}
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    ("通辽市委副书记、市长奇·达楞木参加有关活动。", ["奇·达楞木"]),          # middle-dot name
    ("某县委常委、常务副县长扎西多吉，县委常委、副县长郑军参加。", ["扎西多吉", "郑军"]),
    ("某旗委副书记、政府旗长候选人张永明出席。", ["张永明"]),                # 候选人
    ("仪式由经济开发区王彦林主任主持。", ["王彦林"]),                      # post after the name
    ("会上，李四平副县长表示，要抓好落实。", ["李四平"]),
    ("县委副书记出席会议，县长主持会议。", []),                             # no name
    ("会议由主任主持。", []),
])
def test_minority_names_and_post_after_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "局长查看现场。",          # a verb after a post (查看 + boundary word 现场)
    "县长应邀出席。",
    "书记宣誓，",
    "区领导班子成员、各部门负责人参加。",
    "各位领导和群众，",
])
def test_verbs_and_words_after_posts_are_no_names(text):
    assert names(text) == []


def test_dictionary_word_names_do_not_spread_to_other_articles():
    titled = find_titled_officials("社区党支部书记甘露介绍，居民很满意。")
    assert [m.name for m in titled] == ["甘露"]
    # In another article the word is just a word …
    assert find_known_officials("天降甘露，王力讲话。", {"甘露", "王力"}) [0].name == "王力"
    assert [m.name for m in find_known_officials("天降甘露，王力讲话。", {"甘露", "王力"})] == ["王力"]
    # … in its own article (where a title introduced it) the name is found again.
    text = "社区党支部书记甘露介绍，甘露说。"
    taken = [(m.start, m.end) for m in find_titled_officials(text)]
    assert [m.name for m in find_known_officials(text, {"甘露"}, taken)] == ["甘露"]


@pytest.mark.parametrize("text, expected", [
    ("看望基层干部和居民。", []),                      # 和 + a common word
    ("村干部王大山说。", ["王大山"]),                    # 干部 as a title
    ("机关干部刘 娟、社区居委会副主任张莹当选为街道妇联副主席。", ["刘娟", "张莹"]),
    ("要加强干部队伍建设，干部群众一起干。", []),
])
def test_cadres(text, expected):
    assert names(text) == expected
