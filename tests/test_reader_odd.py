"""Odd inputs to the reader (issue 13, items 6 and 9): UTF-16 without a BOM, NUL-riddled
UTF-8, names with control characters, markdown front matter, an output folder inside an
input folder.  Every fixture is written into tmp_path by the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.extract.discovery import discover
from newsgraph.extract.reader import iter_text_blocks, read_source
from newsgraph.extract.source import InputError

ARTICLE = (
    "通州区召开城市更新工作推进会\n\n"
    "本报讯（记者 金耀飞）昨天下午，通州区半年工作会议召开。区委书记孟景伟主持会议并讲话，强调，"
    "要深入贯彻党的二十大精神，落实全市半年工作会议精神，进一步巩固好上半年工作成效。"
    "区委副书记、区长郑皓，区人大常委会主任赵玉影出席。\n\n"
    "孟景伟指出，今年以来，全区上下坚持稳中求进工作总基调，经济运行持续恢复向好，"
    "城市副中心高质量发展取得新成效。\n\n"
)
TRADITIONAL = "區委書記孟景偉主持會議並講話，強調要鞏固上半年工作成效。區長鄭皓出席。\n\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("text", [ARTICLE, ARTICLE * 40, TRADITIONAL * 3, "孟景伟\n" * 12],
                         ids=["article", "long", "traditional", "names"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_a_bom_is_read(tmp_path, codec, text):
    path = write(tmp_path / "wide.txt", text.encode(codec))
    source = read_source(path)
    assert (source.encoding, source.text) == (codec, text)
    assert "".join(block for _, block in iter_text_blocks(path)) == text


def test_utf8_with_a_nul_after_every_character_is_read_as_utf8(tmp_path):
    data = b"".join(c.encode("utf-8") + b"\x00" for c in ARTICLE)
    source = read_source(write(tmp_path / "nul.txt", data))
    assert source.encoding == "utf-8"
    assert source.text == ARTICLE  # the NULs are dropped, as documented


def test_gb18030_with_nuls_is_read_as_gb18030(tmp_path):
    data = b"".join(c.encode("gb18030") + b"\x00" for c in ARTICLE)
    source = read_source(write(tmp_path / "nul.txt", data))
    assert source.encoding == "gb18030"
    assert source.text == ARTICLE


def test_a_decode_into_rare_blocks_is_refused_not_built(tmp_path):
    """Bytes that decode only into private-use and rare CJK characters: refused, never read as
    garbage."""
    data = "".join(chr(0xE000 + i % 6000) + chr(0x3400 + i % 6000) for i in range(3000))
    with pytest.raises(InputError, match="undecodable|binary"):
        source = read_source(write(tmp_path / "odd.txt", data.encode("utf-16-le")))
        pytest.fail(f"read as {source.encoding}: {source.text[:20]!r}")


@pytest.mark.parametrize("name", ["new\nline.txt", "tab\there.txt", "bell\x07.txt",
                                  "esc\x1b[31m.txt"])
def test_a_name_with_control_characters_stays_on_one_line(tmp_path, name):
    path = write(tmp_path / name, b"")
    with pytest.raises(InputError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.isprintable(), repr(message)
    assert repr(name)[1:-1] in message  # escaped as repr escapes it


def test_a_plain_name_is_printed_as_is(tmp_path):
    path = write(tmp_path / "通州 区.txt", b"")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: empty file"


FRONT = "---\ntitle: 通州区召开城市更新工作推进会\ndate: 2023-07-18\ntags: [news]\n---\n"


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_markdown_front_matter_is_not_text(tmp_path, suffix):
    path = write(tmp_path / f"a{suffix}", FRONT + ARTICLE)
    assert read_source(path).text == ARTICLE
    assert "".join(block for _, block in iter_text_blocks(path)) == ARTICLE


@pytest.mark.parametrize("text", [
    "---\n\n" + ARTICLE,                 # a rule, not front matter: no closing fence
    ARTICLE + "---\ntitle: x\n---\n",   # not at the start
    "---\n" + ARTICLE + "\n---\n",      # prose, not YAML keys
], ids=["rule", "later", "prose"])
def test_what_is_not_front_matter_stays(tmp_path, text):
    path = write(tmp_path / "a.md", text)
    assert read_source(path).text == text


def test_front_matter_of_a_txt_file_stays(tmp_path):
    path = write(tmp_path / "a.txt", FRONT + ARTICLE)
    assert read_source(path).text == FRONT + ARTICLE


def test_discover_leaves_out_an_excluded_folder(tmp_path):
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / "out" / "graph.html", "<html><body>x</body></html>")
    write(tmp_path / "in" / "out" / "notes.txt", ARTICLE)
    assert discover([tmp_path / "in"], exclude=[tmp_path / "in" / "out"]) == [
        tmp_path / "in" / "a.txt"]
    assert len(discover([tmp_path / "in"])) == 3


def test_an_output_folder_inside_the_input_folder_is_not_read(tmp_path):
    from newsgraph.cli import main

    src = write(tmp_path / "in" / "a.txt", ARTICLE).parent
    out = src / "out"
    args = ["build", str(src), "--out", str(out), "--jobs", "1"]
    assert main(args) == 0
    first = (out / "articles.jsonl").read_bytes()
    assert main(args) == 0  # graph.html of the first build is now below the input folder
    assert (out / "articles.jsonl").read_bytes() == first


def test_the_skipped_line_of_a_name_with_a_newline_is_one_line(tmp_path, capsys):
    from newsgraph.cli import main

    src = write(tmp_path / "in" / "a.txt", ARTICLE).parent
    write(src / "bad\nname.txt", b"")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--no-html"]) == 1
    skipped = [line for line in capsys.readouterr().err.splitlines() if "name.txt" in line]
    assert skipped == [f"skipped: {src}/bad\\nname.txt: empty file"]


def test_traditional_text_builds_its_entities(tmp_path):
    """Matched on an OpenCC t2s copy (extract/script.py): the officials are found."""
    from newsgraph.workflow import build_corpus

    path = write(tmp_path / "t.txt", "通州區召開半年工作會議\n\n本報訊 " + TRADITIONAL)
    names = {d["name"] for _, d in build_corpus([path]).graph.nodes(data=True)}
    assert {"孟景伟", "郑皓"} <= names  # one node per person, named in simplified script
