from newsgraph.extract.normalize import normalize_text
from newsgraph.extract.segment import is_headline, split_articles

PAGE_HEADLINE_AFTER = """本报讯（记者 金耀飞）昨天下午，通州区半年工作会议召开。区委书记孟景伟主持会议并讲话。

通州区半年工作会议召开

孟景伟主持并讲话 郑皓出席

本报讯（记者 金耀飞）昨天下午，通州区召开双拥工作领导小组会。区委书记孟景伟强调，要继续发扬优良传统。
"""

MARKDOWN_PAGE = """# 通州区召开月度工作点评会

孟景伟点评 郑皓参加

本报讯(记者 陶涛)近日,通州区召开月度工作点评会。

## 宋庄当代水墨同盟邀请展开展

日前,“墨分五色——宋庄当代水墨同盟邀请展”在宋庄当代艺术文献馆开展。
"""


def test_dateline_starts_articles_and_headline_printed_after_body_goes_back():
    arts = split_articles(normalize_text(PAGE_HEADLINE_AFTER))
    assert len(arts) == 2
    assert arts[0].title == "通州区半年工作会议召开"
    assert "孟景伟主持并讲话 郑皓出席" in arts[0].headlines
    assert arts[1].body[0].startswith("本报讯")


def test_markdown_headings_start_articles():
    arts = split_articles(normalize_text(MARKDOWN_PAGE))
    assert [a.title for a in arts] == ["通州区召开月度工作点评会", "宋庄当代水墨同盟邀请展开展"]
    assert arts[0].headlines[1] == "孟景伟点评 郑皓参加"


def test_text_without_marker_is_one_article():
    arts = split_articles(normalize_text("区政协开展民主监督协商活动\n\n近日，区政协组织开展活动。委员们实地调研。"))
    assert len(arts) == 1
    assert arts[0].title == "区政协开展民主监督协商活动"


def test_article_text_is_headlines_then_body():
    art = split_articles(normalize_text(PAGE_HEADLINE_AFTER))[0]
    assert art.text.startswith("\n".join(art.headlines))
    assert art.text[art.body_start:].startswith("本报讯")


def test_is_headline():
    assert is_headline("通州区“两区”工作领导小组召开全体会议")
    assert not is_headline("区领导李先侠、吴孔安参加，并讲话。")
    assert not is_headline("本报讯（记者 陶涛）")
