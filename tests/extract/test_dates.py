import pytest

from newsgraph.extract.dates import article_date, page_date


@pytest.mark.parametrize("text, name, expected", [
    ("北京城市副中心报\n2023年7月20日 星期四\n本报讯", "p1.txt", "2023-07-20"),
    ("本报讯（记者 张三）昨天下午", "2024-03-05_p2.txt", "2024-03-05"),
    ("本报讯（记者 张三）昨天下午", "20240305.txt", "2024-03-05"),
    ("本报讯（记者 张三）昨天下午", "000_9614b1fa397a6d4f.txt", None),   # no date anywhere
])
def test_page_date(text, name, expected):
    assert page_date(text, name) == expected


@pytest.mark.parametrize("lead, page, expected", [
    ("2025-01-23，区委召开会议", None, "2025-01-23"),               # printed full date wins
    ("2024年2月20日，安吉县召开推进会", "2024-02-21", "2024-02-20"),
    ("昨天下午，通州区半年工作会议召开", "2023-07-20", "2023-07-19"),  # relative, page date known
    ("1月16日，区政协召开座谈会", "2023-01-18", "2023-01-16"),
    ("昨天下午，通州区半年工作会议召开", None, None),               # never invented
    ("近日，区委召开会议", None, None),
])
def test_article_date(lead, page, expected):
    assert article_date(lead, page) == expected
