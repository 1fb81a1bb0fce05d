"""Meetings of the wider genre (issue 12): visits (pattern 7), events without a meeting suffix
(pattern 8), meetings the officials did not attend (pattern 9).  Invented names and places."""
import pytest

from newsgraph.extract.meeting_groups import merge_meeting_mentions
from newsgraph.extract.meetings import find_meetings
from newsgraph.extract.known_officials import find_known_officials
from newsgraph.extract.officials import find_titled_officials


def groups(text, body_start=0):
    titled = find_titled_officials(text)
    offs = [o for o in titled if o.label == "Official"]
    offs += find_known_officials(text, {o.name for o in offs}, [(m.start, m.end) for m in titled])
    offs.sort(key=lambda o: o.start)
    return merge_meeting_mentions(find_meetings(text, offs, body_start))


def names(text, body_start=0):
    return [max(g, key=lambda m: (not m.facts.generic, len(m.name))).name
            for g in groups(text, body_start)]


def all_names(text):
    return [{m.name for m in g} for g in groups(text)]


# -- pattern 7: visits and inspections ---------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # destination separated from the visit verb by a clause
    ("5月8日，县委书记顾明远率队到青禾镇、柳塘乡，就乡村振兴、安全生产等工作开展调研。",
     ["顾明远到青禾镇、柳塘乡调研"]),
    ("近日，区人大常委会主任王德海带领工作组来到甘泉县，开展东西部协作工作对接。",
     ["王德海到甘泉县调研"]),
    # 深入X、Y等地调研检查
    ("3月2日，副县长祁文杰深入石桥镇、南岗村等地调研检查防汛工作。",
     ["祁文杰到石桥镇、南岗村等地调研"]),
    # 来X参观考察 after 一行 / 率队
    ("6月1日，市政协副主席闵家禾一行来我县调研，听取意见。", ["闵家禾到我县调研"]),
    ("由区委书记柏建忠带队的东河区党政代表团来云岭县参观考察。", ["柏建忠到云岭县调研"]),
    # 率队赴X考察
    ("县长潘晓东率队赴临江市考察产业园区建设。", ["潘晓东到临江市考察产业园区建设调研"]),
    # X专题调研Y…工作 (verb before the destination)
    ("市委书记张建华专题调研北湖经济开发区建设发展工作。", ["张建华到北湖经济开发区调研"]),
    # X调研Y时强调
    ("区委书记贺立群在东坪街道调研时强调，要抓好落实。", ["贺立群到东坪街道调研"]),
    # 以“四不两直”方式…检查: no destination, the printed phrase is the name
    ("9月4日，县委副书记、县长蔺海涛以“四不两直”方式专题检查“厂中厂”安全生产工作。",
     ["蔺海涛以“四不两直”方式专题检查“厂中厂”安全生产工作"]),
    # a delegation not led by a named official is the visitor
    ("10月17日，北江日报社采访团到西岭区开展专题调研并进行座谈。", ["北江日报社采访团到西岭区调研"]),
    ("4月19日，南川县代表团来到东平区对接对口协作工作。", ["南川县代表团到东平区调研"]),
    # the delegation's home is not the venue: 率Y代表团赴Z考察 → Z
    ("7月4日，市委书记孔令武率东山市党政代表团赴西河县考察。", ["孔令武到西河县考察调研"]),
])
def test_visit_names(text, expected):
    got = names(text)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.replace("考察", "").replace("产业园区建设", "") == e.replace("考察", "").replace(
            "产业园区建设", "")


def test_one_visit_per_article_later_sites_fold_into_it():
    text = ("7月1日，县委书记顾明远到青禾镇调研。顾明远一行先后来到青禾镇高家村、柳塘村，"
            "实地察看产业发展。代表团还到县博物馆等地考察。")
    assert names(text) == ["顾明远到青禾镇调研"]


def test_leaders_visiting_separately_get_one_visit_each():
    text = ("近日，区委书记顾明远、区长潘晓东等区领导分头带队检查节前安全生产工作。"
            "顾明远带队来到东坪街道检查安全生产工作。潘晓东来到北湖镇检查防疫工作。")
    got = names(text)
    assert "顾明远到东坪街道调研" in got and "潘晓东到北湖镇调研" in got


def test_the_printed_lead_is_an_alias_of_the_visit():
    text = "近日，区人大常委会主任王德海带领工作组来到甘泉县，开展东西部协作工作对接。"
    (g,) = all_names(text)
    assert "王德海到甘泉县调研" in g
    assert any(n.startswith("王德海带领工作组来到甘泉县") for n in g)


def test_the_visit_is_named_from_the_body_not_the_headline():
    head = "东河区党政代表团来云岭县参观考察\n\n"
    text = head + "7月4日，由区委书记柏建忠带队的东河区党政代表团来云岭县参观考察。"
    assert names(text, body_start=len(head)) == ["柏建忠到云岭县调研"]


@pytest.mark.parametrize("text", [
    "要深入贯彻落实习近平总书记视察北方时的重要讲话精神。",   # a cited visit
    "各级干部要得到群众认可，到基层一线调研。",               # no visitor
])
def test_no_visit(text):
    assert [n for n in names(text) if n.endswith("调研")] == []


# -- pattern 8: events without a meeting suffix, 召开了X ----------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("会议听取了工作报告，并举行了友好村对接签约仪式。", "友好村对接签约仪式"),
    ("会议结束后，召开了北坡镇乡村振兴工作推进会。", "北坡镇乡村振兴工作推进会"),
    ("10月11日，云岭县投资环境说明会暨产业项目签约会在京举行。", "云岭县投资环境说明会暨产业项目签约会"),
    ("9月11日，区政协召开双月民主协商议政会。", "区政协双月民主协商议政会"),
    ("考察团在北坡县召开现场办公会，听取汇报。", "北坡县现场办公会"),
    ("县长柯文来到青禾乡，召开该乡项目建设推进现场办公会。", "项目建设推进现场办公会"),
    ("4月2日，东坪县驻村第一书记述职评议会召开。", "东坪县驻村第一书记述职评议会"),
    ("全市重大项目建设现场会以视频会议形式召开。", "全市重大项目建设现场会"),
    ("1月14日，出席东坪县第十八届人民代表大会第一次会议的代表分组讨论。",
     "东坪县第十八届人民代表大会第一次会议"),
])
def test_events_without_a_classic_trigger_or_suffix(text, expected):
    assert expected in names(text)


# -- pattern 9: not meetings the officials attended -------------------------------------------
@pytest.mark.parametrize("text", [
    "会议传达学习了习近平在省部级主要领导干部专题研讨班上发表的重要讲话精神。",
    "会议传达学习了市委书记在全市经济工作会议上的讲话精神。",
    "上一篇：县政府召开全县春季农业生产工作会议下一篇：县委理论学习中心组召开专题学习会",
    "县长代表县委、县政府对大会召开表示祝贺。",
])
def test_relayed_cited_or_linked_meetings_are_no_nodes(text):
    assert names(text) == []


def test_a_determined_unnamed_forum_folds_into_the_visit():
    text = ("11月7日，区委常委邹立明带领考察组来青禾县考察对接东西部协作工作。"
            "在随后召开的座谈会上，县委副书记贺立群介绍了情况。")
    assert names(text) == ["邹立明到青禾县调研"]


def test_an_unnamed_forum_after_a_site_visit_folds_into_the_visit():
    text = "6月6日，副区长喻立新到北坪街道调研，实地走访后召开座谈会。"
    assert names(text) == ["喻立新到北坪街道调研"]


def test_a_preparatory_meeting_folds_into_its_session():
    text = ("东坪乡召开第九届人民代表大会第二次会议。会议首先召开预备会议，通过了大会议程。")
    assert names(text) == ["东坪乡第九届人民代表大会第二次会议"]


def test_a_session_that_holds_a_named_event_is_its_host():
    text = "1月31日，政协东坪县第十届委员会第二次会议举行“凝心聚力”建言献策大会。"
    got = names(text)
    assert "政协东坪县第十届委员会第二次会议" not in got
    assert any(n.endswith("建言献策大会") for n in got)


def test_a_meeting_followed_by_its_spirit_is_relayed():
    assert names("区委常委会传达全市半年工作会议精神，研究部署工作。") == []


@pytest.mark.parametrize("text, expected", [
    ("12月8日，某某自治县县委书记、县人民政府县长秦立刚到东溪镇调研粮食安全工作。", "秦立刚到东溪镇调研"),
    ("10月11日，县委副书记、县长魏立胜率县财政、交通等部门负责人来到上江乡，察看项目。", "魏立胜到上江乡调研"),
])
def test_a_titled_visitor_names_the_visit_without_an_official_mention(text, expected):
    got = [max(g, key=lambda m: (not m.facts.generic, len(m.name))).name
           for g in merge_meeting_mentions(find_meetings(text, []))]
    assert got == [expected]


def test_leaders_who_go_separately_after_one_headline_activity_get_an_umbrella_node():
    text = ("近日，区委书记顾明远，区长潘晓东，区政协主席王建国等区四套班子领导督导检查节日期间安全生产工作，"
            "各自带队深入一线。顾明远带队来到东坪街道检查安全生产工作。")
    got = names(text)
    assert "区四套班子领导督导检查节日期间安全生产工作" in got
    assert "顾明远到东坪街道调研" in got


def test_an_oath_ceremony_held_by_the_session_folds_into_it():
    text = ("东坪县第十八届人大常委会召开第二十七次会议。会议还举行了宪法宣誓和颁发任命书仪式。")
    assert names(text) == ["东坪县第十八届人大常委会第二十七次会议"]


def test_a_short_form_and_the_formal_name_of_one_forum_are_one_meeting():
    text = ("北坪区政协六届二次会议协商议政座谈会召开。"
            "在中国人民政治协商会议北坪区第六届委员会第二次会议协商议政座谈会上，委员们发言。")
    assert len(names(text)) == 1


def test_a_described_generic_meeting_is_no_node():
    text = "“三塘论坛”是当地党委、政府不定期举办的研讨会，首期主题是乡村振兴。"
    assert "研讨会" not in names(text)


@pytest.mark.parametrize("a, b, same", [
    ("北坪区政协六届二次会议协商议政座谈会", "中国人民政治协商会议北坪区第六届委员会第二次会议协商议政座谈会", True),
    ("北坪区政协六届二次会议协商议政座谈会", "东坪县人大常委会第二次会议协商议政座谈会", False),
])
def test_common_endings(a, b, same):
    from newsgraph.extract.meeting_groups import similar_names
    assert similar_names(a, b) is same


def test_going_to_the_office_to_hold_a_routine_meeting_is_no_visit():
    assert names("县长王建国来到县政府，召开县政府第十次常务会议。") == ["县政府第十次常务会议"]


def test_the_first_of_two_listed_leaders_leads_the_visit():
    assert names("5月8日，区委书记王建国、区长李建华到北湖镇调研。") == ["王建国到北湖镇调研"]


@pytest.mark.parametrize("text", [
    "县委书记王建国强调，各级干部要经常到基层一线调研。",
    "会议要求各单位到现场检查落实情况。",
    "县委书记王建国到任以来，多次深入基层调研。",
])
def test_exhortations_are_no_visits(text):
    assert [n for n in names(text) if n.endswith("调研")] == []


def test_visit_patterns_do_not_backtrack_on_long_topic_runs():
    import time
    text = "区委书记王建国到北湖镇" + "就围绕" * 400 + "。"
    t = time.process_time()
    find_meetings(text, [])
    assert time.process_time() - t < 1.0


def test_habitually_held_meetings_are_mentioned_in_passing():
    assert names("今年以来，区委多次召开区委常委会会议、书记专题会议研究部署巡察工作。") == []


def test_a_visit_in_another_articles_headline_does_not_join_this_one():
    head = "代表团参访东坪区融媒体中心\n区委书记王建国到区数据局调研时强调\n\n"
    text = head + "本报讯 近日，来华访问的北方广播联盟代表团到东坪区融媒体中心参观。"
    got = groups(text, body_start=len(head))
    assert len(got) == 1
    assert not any("王建国" in m.name for m in got[0])


def test_a_talk_between_two_officials_is_a_meeting():
    text = "4月1日，区委书记王建国与东坪县委书记李建华座谈交流，共商协作发展。"
    assert names(text) == ["王建国与李建华座谈交流"]


def test_a_talk_during_a_visit_folds_into_it():
    text = ("4月1日，东坪县领导一行来到北湖区，对接协作工作。区委书记王建国与东坪县委书记李建华座谈交流。")
    got = names(text)
    assert len(got) == 1 and got[0].endswith("调研")
