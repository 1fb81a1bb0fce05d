"""ATTENDED / SPOKE_AT in the wider genre (issue 12): personnel business at congress sessions
(pattern 4), visits (pattern 7) and the attendance and speech verbs (pattern 10).  Invented
names and places."""
import pytest

from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles
from newsgraph.extract.types import MeetingRef


def relations(text, known=()):
    art = read_articles(text, "t.txt")[0]
    ext = extract_article(art, CorpusContext(known_officials=frozenset(known), home=("东坪县",)))
    names = {MeetingRef(i): max(g, key=lambda m: (not m.facts.generic, len(m.name))).name
             for i, g in enumerate(ext.meetings)}
    out = set()
    for r in ext.relations:
        if r.type in ("ATTENDED", "SPOKE_AT"):
            out.add((r.type, r.source[1], names[r.target] if isinstance(r.target, MeetingRef)
                      else r.target[1]))
    return out


SESSION = "本报讯 8月14日，县十六届人大常委会第三十一次会议召开。县人大常委会主任王建国主持会议。"


# -- pattern 4: personnel changes are no presence, the oath is ---------------------------------
@pytest.mark.parametrize("sentence, name", [
    ("会议表决通过了人事任免决议：任命李文华同志为县政府副县长。", "李文华"),
    ("会议决定免去张国庆同志的副县长职务。", "张国庆"),
    ("会议决定接受刘海洋辞去县人民政府县长职务的请求。", "刘海洋"),
    ("受县人大常委会主任赵德明委托，副主任王建国主持会议。", "赵德明"),
])
def test_appointed_removed_or_delegating_officials_did_not_attend(sentence, name):
    rels = relations(SESSION + sentence, known={name, "王建国"})
    assert not any(r[1] == name for r in rels)
    assert ("ATTENDED", "王建国", "县十六届人大常委会第三十一次会议") in rels


def test_an_oath_at_the_session_is_attendance():
    text = SESSION + "新任命的副县长李文华进行宪法宣誓。"
    rels = relations(text, known={"李文华", "王建国"})
    assert ("ATTENDED", "李文华", "县十六届人大常委会第三十一次会议") in rels
    assert not any(r[0] == "SPOKE_AT" and r[1] == "李文华" for r in rels)


# -- pattern 7: the visitor attended the visit ------------------------------------------------
def test_the_leader_of_a_visit_with_a_separated_destination_attended_it():
    text = "本报讯 5月8日，县委书记顾明远率队到青禾镇、柳塘乡，就乡村振兴工作开展调研。县委常委王德海陪同。"
    rels = relations(text)
    assert ("ATTENDED", "顾明远", "顾明远到青禾镇、柳塘乡调研") in rels
    assert ("ATTENDED", "王德海", "顾明远到青禾镇、柳塘乡调研") in rels


# -- pattern 10: attendance and speech verbs ---------------------------------------------------
FORUM = "本报讯 4月2日，东坪县项目建设推进会召开。"


@pytest.mark.parametrize("sentence, name, spoke", [
    ("县委常委、常务副县长王建平汇报了全县项目建设情况。", "王建平", True),
    ("县委常委、组织部部长夏文杰宣读了表彰决定。", "夏文杰", True),
    ("各乡镇党委书记代表、青禾镇党委书记林春生作表态发言。", "林春生", True),
    ("县委常委、宣传部部长唐文辉说，要加强宣传。", "唐文辉", True),
    ("副县长曹明远作书面发言。", "曹明远", False),
])
def test_speech_verbs(sentence, name, spoke):
    rels = relations(FORUM + sentence)
    assert (("SPOKE_AT", name, "东坪县项目建设推进会") in rels) is spoke
    assert (("ATTENDED", name, "东坪县项目建设推进会") in rels) is spoke


def test_inspecting_is_attendance():
    text = "本报讯 3月2日，副县长祁文杰到石桥镇视察防汛工作。"
    rels = relations(text)
    assert ("ATTENDED", "祁文杰", "祁文杰到石桥镇调研") in rels


def test_a_pronoun_sentence_inside_the_text_speaks_for_the_last_official():
    text = "本报讯 7月9日，市委书记顾明远到北湖区调研，用了整整一天时间。他强调，要守住生态定位。"
    rels = relations(text)
    assert ("SPOKE_AT", "顾明远", "顾明远到北湖区调研") in rels


CEREMONY = "本报讯 1月31日上午，东坪县第一批重大项目集中开工仪式在北湖项目现场举行。"


@pytest.mark.parametrize("sentence, name, spoke", [
    # the speech verb opens the next clause (宣布开工 counts, DECISIONS.md)
    ("县委副书记、县长刘建平出席仪式，宣布第一批重大项目正式集中开工。", "刘建平", True),
    # a list that shares the verb through 先后
    ("县委常委、副县长王建国，以及青禾镇党委书记李春生先后作表态发言。", "王建国", True),
    # a greeting on behalf of a body
    ("市委书记张建华代表市委、市政府对代表团的到来表示欢迎。", "张建华", True),
    # signing is presence only
    ("县委常委、常务副县长王建军代表县政府与企业签署项目协议。", "王建军", False),
])
def test_more_speech_shapes(sentence, name, spoke):
    rels = relations(CEREMONY + sentence)
    meeting = "东坪县第一批重大项目集中开工仪式"
    assert ("ATTENDED", name, meeting) in rels
    assert (("SPOKE_AT", name, meeting) in rels) is spoke


def test_a_meeting_held_during_a_visit_takes_the_official_who_attends_the_meeting():
    text = ("本报讯 10月25日，县委常委、副县长乔立华率队来到北湖县，对接协作工作，并召开两地协作工作联席会议。"
            "北湖县副县长马建平出席会议。")
    rels = relations(text)
    assert ("ATTENDED", "马建平", "两地协作工作联席会议") in rels
    assert not any(r[1] == "马建平" and r[2].endswith("调研") for r in rels)


def test_an_official_quoted_by_pronoun_also_attended():
    text = FORUM + "县委常委、副县长王建国出席。王建国代表县政府欢迎各位来宾。他表示，要抓好项目。"
    rels = relations(text)
    assert ("SPOKE_AT", "王建国", "东坪县项目建设推进会") in rels
    assert ("ATTENDED", "王建国", "东坪县项目建设推进会") in rels


def test_a_speech_verb_in_a_later_clause_of_the_same_subject():
    text = ("本报讯 近日，区长吴建华到北湖镇调研。"
            "吴建华首先来到北湖镇东坪村，沿途察看河道整治情况，要求加快推进工程建设。")
    rels = relations(text)
    assert ("SPOKE_AT", "吴建华", "吴建华到北湖镇调研") in rels


def test_no_speech_when_another_subject_takes_over():
    text = ("本报讯 近日，区长吴建华到北湖镇调研。"
            "吴建华首先来到北湖镇东坪村，镇党委书记介绍情况，要求加快推进工程建设。")
    rels = relations(text)
    assert ("SPOKE_AT", "吴建华", "吴建华到北湖镇调研") not in rels


def test_our_county_in_a_meeting_name_is_the_printed_county():
    text = ("本报讯 3月11日，我县举行2020年第一批重点项目集中开工仪式。商城县委书记李建国宣布项目开工。")
    rels = relations(text)
    assert ("SPOKE_AT", "李建国", "商城县2020年第一批重点项目集中开工仪式") in rels


def test_an_event_held_as_part_of_a_meeting_does_not_take_the_next_sentence():
    text = ("本报讯 7月12日，全国村务论坛第九次执委会议在东坪县举行。会议听取了工作报告，并举行了友好村对接签约仪式。"
            "北坪村党委书记王建国为新增执委颁发了聘书。")
    rels = relations(text)
    assert ("ATTENDED", "王建国", "全国村务论坛第九次执委会议") in rels
    assert ("ATTENDED", "王建国", "友好村对接签约仪式") not in rels


def test_names_before_a_shared_verb_all_spoke():
    text = FORUM + ("青禾镇党委书记王建国和北坪村党支部书记李建华、东坪村党支部书记张建军，以及群众代表，"
                    "结合工作实际，分别作了发言。副县长赵建平出席，县委常委刘建设、孙建民分别发言。")
    rels = relations(text)
    for name in ("王建国", "李建华", "张建军", "刘建设", "孙建民"):
        assert ("SPOKE_AT", name, "东坪县项目建设推进会") in rels
    assert ("SPOKE_AT", "赵建平", "东坪县项目建设推进会") not in rels


def test_a_pronoun_with_a_venue_lead_speaks():
    text = FORUM + "县委副书记王建国出席。他在随后的表态发言中表示，要抓好落实。"
    rels = relations(text)
    assert ("SPOKE_AT", "王建国", "东坪县项目建设推进会") in rels


@pytest.mark.parametrize("sentence, name", [
    ("会议听取了县长刘建平所作的政府工作报告。", "刘建平"),
    ("县财政局局长王建军作关于财政预算执行情况的说明。", "王建军"),
])
def test_reports_and_explanations_are_speech(sentence, name):
    rels = relations(SESSION + sentence, known={name, "王建国"})
    assert ("SPOKE_AT", name, "县十六届人大常委会第三十一次会议") in rels
