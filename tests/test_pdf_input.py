"""PDF e-paper pages (issue 16): pages generated with reportlab read back into the articles they
were made from, in reading order, with the page date and page number; scanned PDFs skipped."""
from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from newsgraph.extract.documents import PagedSource, read_paged_articles  # noqa: E402
from newsgraph.extract.pdf import read_pdf_pages  # noqa: E402
from newsgraph.extract.pipeline import read_articles  # noqa: E402
from newsgraph.extract.reader import read_source  # noqa: E402
from newsgraph.extract.source import InputError  # noqa: E402
import epaper as ep  # noqa: E402  (tests/epaper.py, registered by conftest)

S = ep.STORIES

LAYOUTS = {
    # two columns, headline across both, drawn after the body, photo and caption, credit
    "two_columns": [ep.Page([(S["meeting"], ep.Region(40, 555, 780, 2))])],
    # three columns, two stories stacked, each headline across the three columns
    "three_columns": [ep.Page([(S["two_zones"], ep.Region(40, 555, 780, 3)),
                               (S["project"], ep.Region(40, 555, 440, 3))], label="第3版")],
    # side by side: a two-column story on the left, a one-column story on the right
    "side_by_side": [ep.Page([(S["two_zones"], ep.Region(40, 380, 780, 2)),
                              (S["project"], ep.Region(394, 555, 780, 1))])],
    # headlines drawn before the body, no fake bold (the stream order of other producers)
    "headline_first": [ep.Page([(S["meeting"], ep.Region(40, 555, 780, 3))],
                               fake_bold=False, headline_after_body=False)],
    # a photo inside the first column, its caption between the lines of a paragraph
    "photo_in_column": [ep.Page([(ep.dataclasses.replace(S["meeting"], photo_in=1),
                                  ep.Region(40, 555, 780, 2))])],
    # no rules setting off the header and the footer: the page margins do
    "no_rules": [ep.Page([(S["project"], ep.Region(40, 555, 780, 2))], rules=False)],
    # two pages, each with its own date and page label
    "two_pages": [ep.Page([(S["meeting"], ep.Region(40, 555, 780, 2))]),
                  ep.Page([(S["project"], ep.Region(40, 555, 780, 2))], label="第3版",
                          date_line="2023年7月21日 星期五")],
}


def _write(folder: Path, stem: str, pages) -> tuple[Path, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{stem}.pdf"
    pdf.write_bytes(ep.build_pdf(pages))
    return pdf, [p for p in pages]


def _doubled(text: str) -> Counter:
    return Counter(m.group(0) for m in re.finditer(r"(.)\1", text))


from collections import Counter  # noqa: E402


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_pdf_articles_are_the_generated_texts(tmp_path, layout):
    pages = LAYOUTS[layout]
    pdf = tmp_path / f"{layout}.pdf"
    pdf.write_bytes(ep.build_pdf(pages))
    src = read_source(pdf)
    assert isinstance(src, PagedSource) and src.encoding == "pdf"
    got = read_paged_articles(src)
    expected = []
    for page in pages:
        expected += read_articles(ep.page_text(page), f"{layout}.txt")
    assert [a.title for a in got] == [a.title for a in expected]
    for g, e in zip(got, expected):
        ratio = difflib.SequenceMatcher(None, g.text, e.text, autojunk=False).ratio()
        assert ratio >= 0.99, (g.text, e.text)
        assert _doubled(g.text) == _doubled(e.text)  # fake bold is not read twice
        assert g.date == e.date
    # articles.jsonl records the page each article is printed on
    numbers = [n for n, page in enumerate(pages, 1) for _ in page.stories]
    assert [a.pdf_page for a in got] == numbers
    assert all(a.to_json()["pdf_page"] == n for a, n in zip(got, numbers))
    assert [a.index for a in got] == list(range(len(got)))
    assert len({a.article_id for a in got}) == len(got)


def test_header_and_footer_are_page_metadata(tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(ep.build_pdf(LAYOUTS["two_pages"]))
    pages = list(read_pdf_pages(pdf))
    assert [p.label for p in pages] == ["第2版", "第3版"]
    assert "2023年7月20日" in pages[0].header and "通州时讯" in pages[0].header
    assert "责任编辑" in pages[0].footer
    for p in pages:
        assert "责任编辑" not in p.text and "通州时讯" not in p.text and "星期" not in p.text
    src = read_source(pdf)
    assert [pg.date for pg in src.pages] == ["2023-07-20", "2023-07-21"]
    assert [pg.number for pg in src.pages] == [1, 2]


def test_reading_order_puts_the_headline_before_its_columns(tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(ep.build_pdf(LAYOUTS["three_columns"]))
    text = read_source(pdf).text
    order = [text.index(s) for s in ("“两区”工作领导小组召开全体会议", "本报讯（记者 赵紫楠）",
                                     "会议要求", "台湖镇演艺小镇建设加快推进",
                                     "本报讯（记者 陶涛）", "（通州区融媒体中心供稿）")]
    assert order == sorted(order)


def _graph_json(out: Path) -> str:
    return (out / "graph.json").read_text(encoding="utf-8")


def test_pdf_pages_build_the_graph_of_their_texts(tmp_path):
    from newsgraph.cli import main

    pdfs, txts = tmp_path / "pdf", tmp_path / "txt"
    pdfs.mkdir()
    txts.mkdir()
    for name in ("two_columns", "three_columns", "side_by_side"):
        (pdfs / f"{name}.pdf").write_bytes(ep.build_pdf(LAYOUTS[name]))
        (txts / f"{name}.txt").write_text(ep.page_text(LAYOUTS[name][0]), encoding="utf-8")
    assert main(["build", str(pdfs), "--out", str(tmp_path / "o1"), "--jobs", "1",
                 "--no-html"]) == 0
    assert main(["build", str(txts), "--out", str(tmp_path / "o2"), "--jobs", "1",
                 "--no-html"]) == 0
    from_pdf = _graph_json(tmp_path / "o1").replace(".pdf", ".txt")
    assert ep.without_page_offsets(json.loads(from_pdf)) == \
        ep.without_page_offsets(json.loads(_graph_json(tmp_path / "o2")))
    meetings = [n for n in json.loads(from_pdf)["nodes"] if n["label"] == "Meeting"]
    assert meetings and all(m["date"] for m in meetings)  # the page date dates the meetings
    rows = [json.loads(line) for line in
            (tmp_path / "o1" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["pdf_page"] == 1 for r in rows)
    assert all("pdf_page" not in json.loads(line) for line in
               (tmp_path / "o2" / "articles.jsonl").read_text(encoding="utf-8").splitlines())


def test_scanned_pdf_is_named_and_skipped(tmp_path, capsys):
    from newsgraph.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(ep.scanned_pdf())
    (folder / "page.pdf").write_bytes(ep.build_pdf(LAYOUTS["two_columns"]))
    with pytest.raises(InputError, match="scanned PDF"):
        read_source(folder / "scan.pdf")
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--no-html"]) == 1
    err = capsys.readouterr().err
    assert "scan.pdf" in err and "scanned PDF" in err


@pytest.mark.parametrize("name", ["bad.pdf", "bad.txt"])  # the content decides, not the suffix
def test_damaged_pdf_is_one_clear_error(tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    with pytest.raises(InputError, match=re.escape(name) + r": unreadable PDF"):
        read_source(bad)


def test_large_pdf_is_read_by_the_pdf_reader_not_in_text_blocks(tmp_path, monkeypatch):
    # Files over LARGE_FILE_BYTES are read block by block as text; an e-paper PDF full of
    # photos is often that large, and must still go to the PDF reader whole.
    from newsgraph.workflow import units
    from newsgraph.workflow.corpus import build_corpus

    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(ep.build_pdf(LAYOUTS["two_pages"]))
    monkeypatch.setattr(units, "LARGE_FILE_BYTES", 1000)
    result = build_corpus([pdf], jobs=1)
    assert not result.skipped
    assert [a.pdf_page for a in result.articles] == [1, 2]


def test_pdfminer_quirks_do_not_reach_stderr(tmp_path, caplog):
    data = ep.build_pdf(LAYOUTS["no_rules"]).replace(b"/MediaBox", b"/MediaBoxX", 1)
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(data)
    try:
        read_source(odd)
    except InputError as exc:
        assert str(exc).startswith(f"{odd}: unreadable PDF")
    # pytest's log capture stands in for stderr (where Python prints unhandled warnings)
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]


def test_pdf_whose_glyphs_map_to_no_characters_is_named_not_read_as_garbage(tmp_path,
                                                                             monkeypatch):
    # Some producers embed fonts without a ToUnicode map; pdfminer then gives "(cid:N)" for
    # each glyph.  Such a page is refused by name, never read as "(cid:123)(cid:456)…".
    import pdfplumber.page

    pdf = tmp_path / "cid.pdf"
    pdf.write_bytes(ep.build_pdf(LAYOUTS["no_rules"]))
    chars = pdfplumber.page.Page.chars

    def unmapped(self):
        return [dict(c, text=f"(cid:{ord(c['text'])})") for c in chars.fget(self)]

    monkeypatch.setattr(pdfplumber.page.Page, "chars", property(unmapped))
    with pytest.raises(InputError, match=r"cid\.pdf: PDF text cannot be read"):
        read_source(pdf)
