import pytest

from newsgraph.extract.sentences import sentence_at, sentence_spans

TEXT = "第一句。第二句！”\n第三句"


def test_sentence_spans_keep_closing_quotes_and_split_at_lines():
    assert [TEXT[s:e] for s, e in sentence_spans(TEXT)] == ["第一句。", "第二句！”", "第三句"]


@pytest.mark.parametrize("offset, expected", [(0, "第一句。"), (3, "第一句。"), (4, "第二句！”"),
                                              (9, "第二句！”"), (10, "第三句"), (99, "第三句")])
def test_sentence_at(offset, expected):
    spans = sentence_spans(TEXT)
    s, e = sentence_at(spans, offset)
    assert TEXT[s:e] == expected
