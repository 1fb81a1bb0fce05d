"""A folder mixing .txt, .md, .html, .pdf and .docx (issue 16): each read by its reader, counted
per format in the summary and ``--report``; generated PDF pages and web pages build the graph
of the texts they were made from."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from newsgraph.cli import main  # noqa: E402
from newsgraph.extract.documents import input_format  # noqa: E402
from newsgraph.extract.reader import read_source  # noqa: E402
import epaper as ep  # noqa: E402  (tests/epaper.py, registered by conftest)

S = ep.STORIES


def _docx(path: Path, title: str, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))


def _graph(out: Path) -> dict:
    text = (out / "graph.json").read_text(encoding="utf-8")
    return ep.without_page_offsets(json.loads(text.replace(".pdf", ".txt").replace(".html", ".txt")))


def test_pdf_and_web_pages_build_the_graph_of_their_texts(tmp_path):
    made, texts = tmp_path / "made", tmp_path / "texts"
    made.mkdir()
    texts.mkdir()
    pdf_page = ep.Page([(S["two_zones"], ep.Region(40, 380, 780, 2)),
                        (S["project"], ep.Region(394, 555, 780, 1))])
    (made / "a_page.pdf").write_bytes(ep.build_pdf([pdf_page]))
    (texts / "a_page.txt").write_text(ep.page_text(pdf_page), encoding="utf-8")
    web = ep.Page([(S["meeting"], None)])
    (made / "b_web.html").write_text(ep.web_page(S["meeting"], "2023-07-20"), encoding="utf-8")
    (texts / "b_web.txt").write_text(ep.page_text(web), encoding="utf-8")
    assert main(["build", str(made), "--out", str(tmp_path / "o1"), "--jobs", "1",
                 "--no-html"]) == 0
    assert main(["build", str(texts), "--out", str(tmp_path / "o2"), "--jobs", "1",
                 "--no-html"]) == 0
    g1, g2 = _graph(tmp_path / "o1"), _graph(tmp_path / "o2")
    assert g1 == g2
    assert sum(n["label"] == "Meeting" for n in g1["nodes"]) >= 2


def test_mixed_folder_counts_per_format(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, story, columns in (("p1", "meeting", 2), ("p2", "project", 3)):
        page = ep.Page([(S[story], ep.Region(40, 555, 780, columns))])
        (folder / f"{name}.pdf").write_bytes(ep.build_pdf([page]))
    (folder / "scan.pdf").write_bytes(ep.scanned_pdf())
    (folder / "w1.html").write_text(ep.web_page(S["two_zones"], "2023-07-19"), encoding="utf-8")
    gbk_page = ep.web_page(S["project"], "2023-07-18", charset="gbk")
    (folder / "w2.htm").write_bytes(gbk_page.encode("gbk"))
    (folder / "t.txt").write_text(S["meeting"].text(), encoding="utf-8")
    (folder / "n.md").write_text("# " + S["project"].text(), encoding="utf-8")
    _docx(folder / "notice.docx", S["two_zones"].headlines[0], S["two_zones"].paragraphs)
    assert [input_format(p) for p in sorted(folder.iterdir())] == [
        "md", "docx", "pdf", "pdf", "pdf", "txt", "html", "html"]
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--no-html", "--report"])
    assert code == 1  # the scanned PDF is skipped
    out, err = capsys.readouterr()
    assert "scan.pdf: scanned PDF" in err
    assert "from 7 file(s) (txt 1, md 1, html 2, pdf 2, docx 1), 1 skipped (pdf 1)" in out
    table = out[out.index("inputs by format:"):].splitlines()
    assert table[2].split() == ["txt", "1", "0"]
    assert table[5].split() == ["pdf", "2", "1"]
    assert table[6].split() == ["docx", "1", "0"]


def test_docx_notice_is_read_as_paragraphs(tmp_path):
    path = tmp_path / "notice.docx"
    _docx(path, "关于召开全区安全生产工作会议的通知", ["各镇人民政府、各街道办事处：", "定于2023年7月20日召开会议。"])
    src = read_source(path)
    assert src.encoding == "docx"
    assert src.text == "关于召开全区安全生产工作会议的通知\n\n各镇人民政府、各街道办事处：\n\n定于2023年7月20日召开会议。"
