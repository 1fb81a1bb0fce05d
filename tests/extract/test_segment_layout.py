"""Issue 12 pattern 12: articles on a page, and page chrome that is not article text."""
import pytest

from newsgraph.extract.chrome import chrome_kind, is_caption, is_section_label
from newsgraph.extract.normalize import normalize_text, undouble_runs
from newsgraph.extract.segment import split_articles


def arts(raw: str):
    return split_articles(normalize_text(raw))


@pytest.mark.parametrize("line, kind", [
    ("首页 > 新闻中心 > 县区动态", "crumb"),
    ("当前位置：首页 > 要闻资讯 > 正文", "crumb"),
    ("某某网 > 县市频道 > 某县新闻", "crumb"),
    ("首頁 > 政務 > 各區動態", "crumb"),
    ("2019-03-10 01:09  来源：某县人大常委会办公室", "meta"),
    ("发布时间：2023-04-20来源：某区融媒体中心", "meta"),
    ("2021-10-11 21:35", "meta"),
    ("（2022年9月6日）", "meta"),
    ("時間：2022-12-28  來源：某某微信公眾號", "meta"),
    ("责任编辑：县人大办", "end"),
    ("（编辑：某某网）", "end"),
    ("【打印】【关闭】", "end"),
    ("【打印本頁】【關閉窗口】", "end"),
    ("上一篇：县政府召开全县春季农业生产工作会议", "end"),
    ("主办单位：某市人民政府办公室", "end"),
    ("邮编: 741000  地址: 某市某区某路1号", "end"),
    ("京ICP备05000000号", "end"),
    ("某某日报", "header"),
    ("第2版 要闻", "header"),
    ("综合新闻  03", "header"),
    ("2023年10月28日 星期六", "header"),
    ("记者：欧阳明", "byline"),
    ("■ 融媒体记者 张明", "byline"),
    ("（记者 王明 李华）", "byline"),
    ("（区人大办供稿）", "byline"),
    ("分享到：微信 微博 QQ空间", "ui"),
    ("字号：大 中 小", "ui"),
    ("0571-58000000", "ui"),
])
def test_chrome_kinds(line, kind):
    assert chrome_kind(line) == kind


@pytest.mark.parametrize("line", [
    "区委书记王明主持会议并讲话。",
    "本报讯（记者 王明）",
    "区政协召开双月民主协商议政会",
    "会议听取了区政府关于2023年工作的报告，常委会组成人员进行了审议。",
    "县政府听取工作汇报",
    "王明：当好产业发展“领头雁”",
])
def test_article_text_is_not_chrome(line):
    assert chrome_kind(line) is None


@pytest.mark.parametrize("line, expected", [
    ("某某报", True), ("县域新闻", True), ("今日某县", True), ("北京市某区  政务动态", True),
    ("区委召开月度工作点评会", False), ("王明到某镇调研", False),
])
def test_section_labels(line, expected):
    assert is_section_label(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("图为会议现场。", True), ("开工仪式现场 张明摄", True), ("大会现场。 (某县总工会供图)", True),
    ("图为王明讲话。  本报记者/摄", True), ("王明到某镇调研", False),
])
def test_captions(line, expected):
    assert is_caption(line) is expected


EPAPER = """某某日报

要闻  A2

本报讯（记者 王明）5月8日上午，某某区第一次妇女代表大会在区政府会议室召开。区委书记李华出席会议并讲话。

图为代表投票。  本报记者/摄

会议选举产生了区妇联执委会。

选举产生区妇联执委会

某某区召开第一次妇女代表大会

本报讯（通讯员 区政协办）9月11日，区政协召开双月协商会。区政协主席赵强主持会议。

区政协召开双月协商会

本版编辑：要闻部
"""


def test_epaper_header_is_not_an_article_and_captions_stay_in_their_article():
    got = arts(EPAPER)
    assert len(got) == 2
    assert all("某某日报" not in a.text and "要闻  A2" not in a.text for a in got)
    assert got[0].headlines == ["选举产生区妇联执委会", "某某区召开第一次妇女代表大会"]
    assert "图为代表投票" in got[0].text and "会议选举产生" in got[0].text
    assert got[1].title == "区政协召开双月协商会"
    assert "本版编辑" not in got[1].text


WEB = """某某区人民政府
当前位置：首页 > 新闻中心 > 要闻

县十七届人大常委会召开第十七次会议
发布时间：2019-03-10 01:09  来源：某县人大常委会办公室

3月7日上午，县十七届人大常委会第十七次会议召开。县人大常委会主任王明主持会议。

责任编辑：县人大办

县政府召开常务会议
2026-01-20 10:33  来源：某某新闻网

1月16日，县长李华主持召开县政府常务会议。

【打印本页】【关闭窗口】
上一篇：县政府召开全县春季农业生产工作会议
主办单位：某县人民政府  京ICP备05000000号
"""


def test_web_page_chrome_lines_and_meta_line_split():
    got = arts(WEB)
    assert [a.title for a in got] == ["县十七届人大常委会召开第十七次会议", "县政府召开常务会议"]
    for a in got:
        for chrome in ("来源", "责任编辑", "首页", "某某区人民政府", "打印", "上一篇", "ICP"):
            assert chrome not in a.text


@pytest.mark.parametrize("raw, title", [
    # a headline printed over each photo of its article is one article
    ("某县举行重点项目集中开工仪式\n\n3月11日，某县重点项目集中开工仪式举行。\n\n"
     "某县举行重点项目集中开工仪式\n\n县领导王明、李华出席开工仪式。\n\n"
     "某县举行重点项目集中开工仪式\n\n仪式上，县委书记王明宣布项目开工。", "某县举行重点项目集中开工仪式"),
    # a lead after an end marker opens the next, headline-less article
    ("某县召开会议\n\n1月3日，某县召开会议。\n\n【打印】【关闭】\n\n"
     "4月28日上午，某县召开表彰大会。县委书记王明讲话。", None),
])
def test_repeated_headlines_and_end_markers(raw, title):
    got = arts(raw)
    if title:
        assert len(got) == 1 and got[0].title == title
    else:
        assert len(got) == 2 and got[1].body[0].startswith("4月28日上午")


@pytest.mark.parametrize("raw, expected", [
    ("王明强调王明强调，，要抓好落实。", "王明强调，要抓好落实。"),
    ("七月的草原七月的草原,,代表团一行来到", "七月的草原,代表团一行来到"),
    ("本报讯 4月2日，某县妇女\n代表大会召开4月2日，\n某县妇女代表大会召开。。县长王明出席。",
     "本报讯4月2日，某县妇女代表大会召开。县长王明出席。"),
    ("研究研究，再定。", "研究研究，再定。"),
])
def test_doubled_bold_runs(raw, expected):
    assert normalize_text(raw) == expected


def test_undouble_runs_needs_doubled_punctuation():
    assert undouble_runs("看看看看，好") == "看看看看，好"


@pytest.mark.parametrize("raw, expected", [
    ("2 0 2 3年 某 某 区 第 一 批 重 大 项 目 集 中 开 工", "2023年某某区第一批重大项目集中开工"),
    ("某 某 区 一 季 度 “ 开 门 红 ” 工 作 调 度 会 召 开", "某某区一季度“开门红”工作调度会召开"),
    ("区领导王明、李 华、赵  强参加会议。", "区领导王明、李华、赵强参加会议。"),
    ("王明主持并讲话 李华出席", "王明主持并讲话 李华出席"),
])
def test_spaced_headlines_and_padded_names(raw, expected):
    assert normalize_text(raw) == expected


def test_chrome_line_is_not_joined_to_its_headline():
    page = normalize_text("某区代表团来某县参观考察\n2015-07-08 09:40:12  来源：某某网\n\n某某网讯：7月4日下午，代表团来访。")
    assert page.split("\n\n")[0] == "某区代表团来某县参观考察"


@pytest.mark.parametrize("raw, title", [
    # a kicker above the main headline shares little with the lead
    ("本报讯 1月31日上午，2023年某某区第一批重大项目集中开工仪式举行。区长王明宣布开工。\n\n"
     "起步即冲刺 开局即决战\n\n2023年某某区第一批重大项目集中开工", "2023年某某区第一批重大项目集中开工"),
    # a deck line (who attended) is never the title
    ("本报讯 日前，全市重大项目建设现场会召开。市委书记王明出席会议。\n\n"
     "王明宣布开工 李华讲话\n\n全市重大项目建设现场会召开", "全市重大项目建设现场会召开"),
    # a line ending in a colon is a lead-in, not a headline
    ("区人大代表王明：\n\n本报讯 在某某社区，区人大代表王明正在与居民交谈。", "在某某社区,区人大代表王明正在与居民交谈"),
    # the first headline stays the title when the others match the lead no better
    ("某某区召开月度工作点评会\n\n王明点评 李华参加\n\n本报讯 昨天下午，某某区召开月度工作点评会。",
     "某某区召开月度工作点评会"),
])
def test_main_headline(raw, title):
    assert arts(raw)[0].title == title


@pytest.mark.parametrize("raw, headlines", [
    ("某乡召开\n第九届人民代表大会第二次会议\n\n本报讯 6月9日，某乡第九届人民代表大会第二次会议召开。",
     ["某乡召开第九届人民代表大会第二次会议"]),
    ("县长王明到某某乡\n召 开 现 场 办 公 会\n\n本报讯 10月11日，县长王明到某某乡召开现场办公会。",
     ["县长王明到某某乡召开现场办公会"]),
    ("某区考察组来某县\n对 接 东 西 部 协 作\n\n本报讯 11月7日，某区考察组来某县考察。",
     ["某区考察组来某县对接东西部协作"]),
    ("县人大常委会召开第二十八次会议\n任命王明为代理县长\n\n本报讯 13日，县人大常委会第二十八次会议召开。",
     ["县人大常委会召开第二十八次会议", "任命王明为代理县长"]),
    ("某县半年工作会议召开\n大干三季度 决战四季度\n\n本报讯 昨天下午，某县半年工作会议召开。",
     ["某县半年工作会议召开", "大干三季度 决战四季度"]),
])
def test_headline_broken_over_two_lines_is_joined(raw, headlines):
    assert arts(raw)[0].headlines == headlines


@pytest.mark.parametrize("meta, date", [
    ("发布时间：2019-03-10 01:09  来源：某县人大常委会办公室", "2019-03-10"),
    ("2014年01月27日02:59  来源：某某日报", "2014-01-27"),
    ("（2022年9月6日）", "2022-09-06"),
    ("来源：某某融媒体中心", None),
])
def test_source_date_line_dates_its_article(meta, date):
    got = arts(f"某县召开常务会议\n{meta}\n\n县长王明主持召开县政府常务会议。")
    assert len(got) == 1 and got[0].date == date and "来源" not in got[0].text


def test_web_article_date_resolves_relative_lead():
    from newsgraph.extract.pipeline import read_articles
    recs = read_articles("市领导检查安全生产\n2014年01月27日02:59  来源：某某日报\n\n昨天下午，市委书记王明检查安全生产。",
                         "x.txt")
    assert recs[0].date == "2014-01-26"


@pytest.mark.parametrize("between, n", [
    ("（记者 王明）", 2),       # a bracketed credit ends the article: the next lead opens one
    ("（某县融媒体中心供稿）", 2),
    ("", 1),                   # without it, a dated paragraph goes on the same article
])
def test_headline_less_articles_split_at_their_leads(between, n):
    raw = ("1月3日，某县召开县委常委会会议。县委书记李华主持会议。\n\n" + (between + "\n\n" if between else "")
           + "4月28日上午，某县召开表彰大会。县长王明讲话。")
    got = arts(raw)
    assert len(got) == n
    if n == 2:
        assert got[1].body[0].startswith("4月28日上午") and "记者" not in got[0].text + got[1].text


def test_credit_followed_by_more_text_does_not_split():
    got = arts("1月3日，某县召开会议。\n\n（记者 王明）\n\n会议强调，要抓好落实。")
    assert len(got) == 1


def test_second_epaper_page_header_after_an_end_marker():
    raw = ("本报讯 1月3日，某县召开会议。县委书记李华主持。\n\n某县召开会议\n\n本版编辑：要闻部\n\n"
           "某某报\n\n县域新闻\n\n本报讯 1月4日，某镇召开会议。镇长王明讲话。\n\n某镇召开会议")
    got = arts(raw)
    assert [a.title for a in got] == ["某县召开会议", "某镇召开会议"]
    assert "某某报" not in got[1].text and "县域新闻" not in got[1].text


@pytest.mark.parametrize("line", ["听取汇报", "喜报", "安全通报"])
def test_words_ending_in_bao_are_not_mastheads(line):
    assert not is_section_label(line)


@pytest.mark.parametrize("raw, expected", [
    ("区领导：王明、李  宏、赵强", "区领导：王明、李宏、赵强"),
    ("出席：王明、李　宏", "出席：王明、李宏"),
    ("王明主持 李华出席", "王明主持 李华出席"),
])
def test_padded_names_in_lists_without_full_stop(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("区委书记王\u200b明主持会议。", "区委书记王明主持会议。"),
    ("区委书记王明&nbsp;主持会议&amp;讲话。<br>", "区委书记王明主持会议&讲话。"),
    ("<p>县长李华出席。</p>", "县长李华出席。"),
    ("县长\u00a0李华出席会议并讲话，强调要抓好落实。", "县长李华出席会议并讲话，强调要抓好落实。"),
    ("指数<5的地区占三成。", "指数<5的地区占三成。"),
])
def test_html_residue_in_plain_text(raw, expected):
    assert normalize_text(raw) == expected


def test_html_title_repeated_as_heading_is_one_headline():
    got = arts("县政府召开常务会议_某某县人民政府\n\n县政府召开常务会议\n\n1月16日，县长王明主持召开县政府常务会议。")
    assert got[0].headlines == ["县政府召开常务会议"]


def test_html_navigation_and_footer_are_not_text(tmp_path):
    from newsgraph.extract.reader import read_source
    page = ("<html><body><nav><ul><li>首页</li><li>政务公开</li></ul></nav><h1>县政府召开常务会议</h1>"
            "<p>1月16日，县长王明主持召开县政府常务会议。</p><aside>热点新闻</aside>"
            "<footer>主办：某某县人民政府</footer></body></html>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    text = read_source(tmp_path / "p.html").text
    assert text == "县政府召开常务会议\n\n1月16日，县长王明主持召开县政府常务会议。"


@pytest.mark.parametrize("line", ["首页 / 新闻中心 / 乡镇动态", "您现在的位置：首页→新闻中心→要闻", "网站首页 -> 政务公开"])
def test_breadcrumbs_with_other_separators(line):
    assert chrome_kind(line) == "crumb"


@pytest.mark.parametrize("raw, n", [
    # a colon line inside an article is a lead-in, it does not open a new article
    ("本报讯 1月3日，某县召开会议。县委书记李华讲话。\n\n会议要求：\n\n一要提高站位，二要压实责任。", 1),
    ("## 某某人物\n\n区人大代表王明：\n\n本报讯（记者 李华）在某某社区，区人大代表王明正在与居民交谈。", 1),
])
def test_lines_ending_in_a_colon_are_not_headlines(raw, n):
    got = arts(raw)
    assert len(got) == n
    assert all(not h.endswith(("：", ":")) for a in got for h in a.headlines)


@pytest.mark.parametrize("raw, first, second", [
    # a headline printed inside a sentence that a column break cut: the sentence goes on after it
    ("本报讯 1月3日，某县召开县委常委会会议，县委书记\n李华主持会议并讲话，县长\n\n某镇举行集中开工仪式\n\n"
     "赵强出席。会议强调，要抓好落实。",
     "本报讯1月3日，某县召开县委常委会会议，县委书记李华主持会议并讲话，县长赵强出席。会议强调，要抓好落实。",
     "某镇举行集中开工仪式"),
    # a sentence cut by a blank line without a headline goes on as before
    ("会议指出，要坚持\n\n问题导向，抓好落实。", "会议指出，要坚持问题导向，抓好落实。", None),
])
def test_column_break_does_not_move_text(raw, first, second):
    paras = normalize_text(raw).split("\n\n")
    assert paras[0] == first
    assert (paras[1] if len(paras) > 1 else None) == second


LONG = "某某县人民政府与某某集团有限公司举行现代化养殖深加工一体化项目暨产业园区基础设施建设项目集中签约仪式"


def test_title_too_long_for_a_headline_above_a_source_line():
    raw = (f"县政府召开常务会议\n2026-01-20 10:33  来源：某某新闻网\n\n1月16日，县长王明主持召开常务会议。\n\n"
           f"{LONG}\n发布时间：2021-03-04  来源：某县融媒体中心\n\n3月2日，某某县与某某集团举行签约仪式。")
    got = arts(raw)
    assert [a.title for a in got] == ["县政府召开常务会议", LONG]
    assert LONG not in got[0].text


@pytest.mark.parametrize("line, split", [
    ("县政府召开常务会议2026-01-20 10:33  来源：某某网", ("县政府召开常务会议", "2026-01-20 10:33  来源：某某网")),
    ("某县重大项目集中开工 总投资69.3亿元【字号：大 中 小】", ("某县重大项目集中开工 总投资69.3亿元", "【字号：大 中 小】")),
    ("区人大常委会举行第二十八次会议发布时间：2015-03-20", ("区人大常委会举行第二十八次会议", "发布时间：2015-03-20")),
    ("县人大常委会第十次会议于2023年5月8日", None),   # a wrapped line ending in a date
    ("某县第十届人民代表大会2023年5月8日召开", None),
])
def test_headline_fused_with_its_source_line(line, split):
    from newsgraph.extract.chrome import split_trailing_chrome
    assert split_trailing_chrome(line) == split


@pytest.mark.parametrize("line", ["圖為會議現場。  本報記者/攝", "開工儀式現場 王明攝", "大會現場。（某縣總工會供圖）"])
def test_traditional_script_captions(line):
    assert is_caption(line)


@pytest.mark.parametrize("page, date", [
    ("某某日报\n第2版 2023年10月28日\n\n本报讯 昨天下午，某县召开会议。", "2023-10-28"),
    ("某某日报  2023-10-28\n\n本报讯 昨天下午，某县召开会议。", "2023-10-28"),
    ("某某日报\n2023年10月28日 星期六\n\n本报讯 昨天下午，某县召开会议。", "2023-10-28"),
    ("县政府召开常务会议\n2026-01-20 10:33 来源：某某网\n\n1月16日，县长王明主持会议。", None),  # an article's date
])
def test_page_header_gives_the_page_date(page, date):
    from newsgraph.extract.dates import page_date
    assert page_date(page) == date
    assert all("2023" not in a.text for a in arts(page))


@pytest.mark.parametrize("line, kind", [("2号线开通", None), ("要闻A1", "header"), ("2  要闻", "header"),
                                        ("县域新闻 07", "header"), ("喜迎国庆70", None)])
def test_section_with_page_number(line, kind):
    assert chrome_kind(line) == kind
