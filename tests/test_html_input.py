"""Web pages through trafilatura (issue 16): the article's text, title and date from pages in the
genre's shapes; navigation, breadcrumbs, editor lines, print buttons, related news and footers
never reach the article text; the declared charset; two articles on one page; fragments."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.extract.documents import PagedSource, read_paged_articles
from newsgraph.extract.reader import read_source
from newsgraph.extract.source import SourceText

import epaper as ep  # tests/epaper.py, registered by conftest

CHROME = ("首页", "当前位置", "政务公开", "责任编辑", "打印", "关闭", "相关新闻", "分享",
          "字体", "主办单位", "ICP备", "公网安备", "版权所有", "上一篇", "本版新闻", "PDF下载")

EPAPER_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>通州时讯数字报-台湖镇演艺小镇建设加快推进</title>
<meta name="publishdate" content="2023-07-20">
</head><body>
<table class="banner"><tr><td>通州时讯 数字报</td><td>2023年7月20日 星期四</td></tr></table>
<div class="pagebar"><a href="node_2.htm">第01版：要闻</a> <a href="node_3.htm">第02版：综合</a>
<a>上一版</a> <a>下一版</a> <a>PDF下载</a></div>
<table><tr>
<td class="left"><div class="pagelist"><h4>本版新闻</h4><ul>
<li><a href="c1.htm">通州区召开月度工作点评会</a></li><li><a href="c2.htm">台湖镇演艺小镇建设加快推进</a></li>
<li><a href="c3.htm">区领导调研防汛工作</a></li></ul></div></td>
<td class="right"><div class="content">
<h3 class="yinti">文化产业</h3>
<h1>台湖镇演艺小镇建设加快推进</h1>
<h2 class="futi">郑皓调研并提出要求</h2>
<div id="ozoom"><founder-content>
<p>　　本报讯（记者 陶涛）7月18日，区委副书记、区长郑皓到台湖镇调研台湖演艺小镇建设。台湖镇副镇长张治国介绍了项目进展情况。</p>
<p>　　郑皓强调，要坚持高标准规划、高质量建设，加快推进台湖演艺小镇重点项目建设，完善配套服务设施，让群众共享文化发展成果。</p>
</founder-content></div></div>
<div class="prevnext"><a>上一篇</a> <a>下一篇</a></div>
</td></tr></table>
<div class="copyright">通州时讯社版权所有 未经书面授权 不得复制或建立镜像</div>
</body></html>
"""

TWO_ARTICLES = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>要闻_通州时讯</title></head><body>
<nav><a href="/">首页</a> <a href="/yw">要闻</a> <a href="/sz">时政</a></nav>
<main>
<article><h2>通州区“两区”工作领导小组召开全体会议</h2><p class="date">2023-07-19</p>
<p>本报讯（记者 赵紫楠）昨天下午，通州区“两区”工作领导小组召开2023年第一次全体会议，传达学习市“两区”工作领导小组会议精神。区委书记孟景伟主持并讲话。区委副书记、代区长郑皓出席。</p>
<p>会议指出，“两区”建设是推动高质量发展的重要抓手，各项工作取得了积极进展。</p></article>
<article><h2>台湖镇演艺小镇建设加快推进</h2><p class="date">2023-07-18</p>
<p>本报讯（记者 陶涛）7月18日，区委副书记、区长郑皓到台湖镇调研台湖演艺小镇建设。台湖镇副镇长张治国介绍了项目进展情况。</p>
<p>郑皓强调，要坚持高标准规划、高质量建设，加快推进台湖演艺小镇重点项目建设。</p></article>
</main>
<footer>版权所有：通州时讯社 京ICP备05084567号</footer>
</body></html>
"""


def _articles(path: Path):
    src = read_source(path)
    assert isinstance(src, PagedSource)
    return src, read_paged_articles(src)


def _no_chrome(text: str) -> None:
    for word in CHROME:
        assert word not in text, word


def test_government_article_page(tmp_path):
    story = ep.STORIES["meeting"]
    path = tmp_path / "gov.html"
    path.write_text(ep.web_page(story, "2023-07-20"), encoding="utf-8")
    src, arts = _articles(path)
    assert src.pages[0].date == "2023-07-20"  # htmldate: the page's publication date
    assert len(arts) == 1
    art = arts[0]
    assert art.title == "通州区召开月度工作点评会"
    assert art.date == "2023-07-19"  # 昨天下午, against the page's date
    assert "孟景伟点评 郑皓赵玉影张德启参加" in art.text  # the deck under the <h1>
    for para in story.paragraphs:
        assert para[-30:].replace(" ", "") in art.text.replace(" ", "")
    _no_chrome(art.text)
    assert "北京市通州区人民政府" not in src.text


def test_epaper_article_page(tmp_path):
    path = tmp_path / "content_2.htm"
    path.write_text(EPAPER_PAGE, encoding="utf-8")
    src, arts = _articles(path)
    assert src.pages[0].date == "2023-07-20"
    assert [a.title for a in arts] == ["台湖镇演艺小镇建设加快推进"]
    assert arts[0].date == "2023-07-18"  # the lead's 7月18日
    assert "郑皓调研并提出要求" in arts[0].text
    assert arts[0].text.count("台湖镇副镇长张治国") == 1  # the layout table read once
    _no_chrome(arts[0].text)
    assert "通州区召开月度工作点评会" not in src.text  # the page's list of stories


@pytest.mark.parametrize("declared", ["gbk", "gb2312", "GB18030"])
def test_gbk_page_with_meta_charset(tmp_path, declared):
    story = ep.STORIES["project"]
    page = ep.web_page(story, "2023-07-18", charset=declared)
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    src, arts = _articles(path)
    assert src.encoding == "gb18030"
    assert [a.title for a in arts] == ["台湖镇演艺小镇建设加快推进"]
    assert arts[0].date == "2023-07-18"
    assert "台湖镇副镇长张治国介绍了项目进展情况" in arts[0].text
    _no_chrome(arts[0].text)


def test_page_with_two_articles(tmp_path):
    path = tmp_path / "two.html"
    path.write_text(TWO_ARTICLES, encoding="utf-8")
    _, arts = _articles(path)
    assert [a.title for a in arts] == ["通州区“两区”工作领导小组召开全体会议", "台湖镇演艺小镇建设加快推进"]
    assert [a.date for a in arts] == ["2023-07-18", "2023-07-18"]  # 昨天 of 07-19; 7月18日
    assert "孟景伟主持并讲话" in arts[0].text and "孟景伟" not in arts[1].text
    assert "张治国" in arts[1].text
    for a in arts:
        _no_chrome(a.text)


@pytest.mark.parametrize(("markup", "text"), [
    ("<p>丙</p>", "丙"),  # too short for trafilatura
    ("<ul><li>区长 郑皓</li><li>副区长 陈江华</li></ul>", "区长 郑皓\n副区长 陈江华"),  # no paragraph
    ("<div><p>区委书记孟景伟出席。</p><p>丙</p></div>", "区委书记孟景伟出席。\n\n丙"),
])
def test_fragments_trafilatura_rejects_keep_their_text(tmp_path, markup, text):
    path = tmp_path / "frag.html"
    path.write_text(markup, encoding="utf-8")
    src = read_source(path)
    assert isinstance(src, SourceText)
    assert src.text == text


def test_copyright_years_are_not_the_date(tmp_path):
    # htmldate's extensive search would date this page 2023-01-01 from its copyright line.
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>台湖镇演艺小镇建设加快推进</title>"
            "</head><body><div class='content'><h1>台湖镇演艺小镇建设加快推进</h1>"
            "<p>来源：通州时讯 2022年3月5日</p>"
            "<p>本报讯（记者 陶涛）昨天，区委副书记、区长郑皓到台湖镇调研台湖演艺小镇建设。"
            "台湖镇副镇长张治国介绍了项目进展情况。郑皓强调，要坚持高标准规划、高质量建设。</p></div>"
            "<div class='footer'>Copyright © 2019-2023 北京市通州区人民政府 版权所有</div></body></html>")
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    src, arts = _articles(path)
    assert src.pages[0].date == "2022-03-05"
    assert arts[0].date == "2022-03-04"  # 昨天
    undated = tmp_path / "undated.html"
    undated.write_text(page.replace("<p>来源：通州时讯 2022年3月5日</p>", ""), encoding="utf-8")
    src, arts = _articles(undated)
    assert src.pages[0].date is None and arts[0].date is None  # never invented


def test_data_table_rows_are_lines(tmp_path):
    page = ("<html><head><meta charset=utf-8><title>通州区政府领导分工</title></head><body>"
            "<div class=content><h1>通州区政府领导分工</h1><p>发布时间：2023-07-20</p>"
            "<p>根据工作需要，现将区政府领导同志工作分工公布如下。区委副书记、区长郑皓主持区政府全面工作。</p>"
            "<table><tr><th>姓名</th><th>职务</th></tr><tr><td>郑皓</td><td>区长</td></tr>"
            "<tr><td>陈江华</td><td>副区长</td></tr></table>"
            "<p>以上分工自发布之日起执行，请各单位按照分工做好对接。</p></div></body></html>")
    path = tmp_path / "fengong.html"
    path.write_text(page, encoding="utf-8")
    text = read_source(path).text
    assert "\n\n姓名 职务\n郑皓 区长\n陈江华 副区长\n\n" in text
    assert "|" not in text and "---" not in text
