"""Tests for newsgraph.extract.reader and the discovery, decoding and source modules it uses:
every fixture is written into tmp_path by the test itself."""
from __future__ import annotations

import codecs
import io
import logging
import os
import pickle
import re
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsgraph.extract import decoding, reader
from newsgraph.extract.discovery import discover
from newsgraph.extract.reader import iter_sources, iter_text_blocks, read_source
from newsgraph.extract.source import InputError, SourceText

ARTICLE = (
    "本报讯（记者 金耀飞）昨天下午，通州区半年工作会议召开。区委书记孟景伟主持会议并讲话，强调，"
    "要深入贯彻党的二十大精神，落实全市半年工作会议精神，进一步巩固好上半年工作成效。"
    "区委副书记、区长郑皓，区人大常委会主任赵玉影出席。\n\n"
    "孟景伟指出，今年以来，全区上下坚持稳中求进工作总基调，经济运行持续恢复向好，"
    "城市副中心高质量发展取得新成效。\n\n"
)

hypothesis_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def expected_normalisation(text: str) -> str:
    """The module's documented normalisation, written out independently of its code."""
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]", "", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# read_source: refusals


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="empty file") as caught:
        read_source(write(tmp_path / "empty.txt", b""))
    assert caught.value.path == tmp_path / "empty.txt"
    assert caught.value.reason == "empty file"


@pytest.mark.parametrize("content", [b" \r\n\t\n", codecs.BOM_UTF8, b"\x00\n" + b" " * 30])
def test_file_without_text_is_refused(tmp_path, content):
    with pytest.raises(InputError, match="empty file"):
        read_source(write(tmp_path / "blank.txt", content))


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (png_bytes(), "PNG image"),
        (zip_bytes(), "ZIP archive"),
    ],
    ids=["png", "zip"],  # a PDF is read as one (tests/test_pdf_input.py)
)
def test_binary_signatures_are_refused(tmp_path, content, kind):
    # A .txt suffix must not matter: the content decides.
    with pytest.raises(InputError, match=re.escape(f"binary file ({kind})")):
        read_source(write(tmp_path / "scan.txt", content))


def test_control_heavy_bytes_are_binary(tmp_path):
    content = bytes(range(32)) * 20 + b"some text"
    with pytest.raises(InputError, match=r"binary file \(\d+% control bytes\)"):
        read_source(write(tmp_path / "blob.txt", content))


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="no such file or folder"):
        discover([tmp_path / "absent"])


def test_folder_is_refused_by_read_source(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)


def test_max_bytes(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE)
    with pytest.raises(InputError, match="too large"):
        read_source(path, max_bytes=10)
    assert read_source(path, max_bytes=len(ARTICLE.encode())).text == ARTICLE


def test_text_in_two_encodings_is_undecodable(tmp_path):
    # Two files concatenated: UTF-8 for the whole detection sample, then GBK.
    utf8_part = (ARTICLE * 200).encode("utf-8")
    assert len(utf8_part) > decoding.SAMPLE_BYTES
    path = write(tmp_path / "joined.txt", utf8_part + (ARTICLE * 20).encode("gbk"))
    with pytest.raises(InputError, match="undecodable as utf-8"):
        read_source(path)
    with pytest.raises(InputError, match="undecodable as utf-8"):
        for _ in iter_text_blocks(path):
            pass


# --------------------------------------------------------------------------------------------
# read_source: encodings


@pytest.mark.parametrize(
    "text",
    ["本报讯", "区委书记孟景伟主持会议并讲话", "通州区召开月度工作点评会。", ARTICLE * 30],
    ids=["3-chars", "short-sentence", "short-with-punctuation", "long"],
)
@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_and_gb18030_chinese(tmp_path, text, codec):
    # charset-normalizer alone reads "本报讯" in GBK as Big5.
    source = read_source(write(tmp_path / "gbk.txt", text.encode(codec)))
    assert source.encoding == "gb18030"
    assert source.text == text


def test_gb18030_with_characters_outside_gb2312(tmp_path):
    # Names such as 朱镕基 use characters that GBK/GB18030 have and GB2312 lacks.
    text = "朱镕基同志和陶喆、张珺、王堃出席会议。" + ARTICLE + "€𠀀"
    source = read_source(write(tmp_path / "rare.txt", text.encode("gb18030")))
    assert (source.encoding, source.text) == ("gb18030", text)


def test_encoding_is_detected_past_a_long_ascii_start(tmp_path):
    ascii_start = "2023-07-01 tongzhou district news digest\n" * 3000  # > 64 KiB
    text = ascii_start + ARTICLE * 3
    source = read_source(write(tmp_path / "late.txt", text.encode("gbk")))
    assert (source.encoding, source.text) == ("gb18030", text)


def test_declared_charset_decides_when_the_ascii_head_is_too_long(tmp_path, monkeypatch):
    # Detection reads at most MAX_PREFIX_BYTES; shrunk here so that the page's ASCII script
    # fills it and only the declaration tells how the rest is encoded.
    monkeypatch.setattr(reader, "MAX_PREFIX_BYTES", decoding.SAMPLE_BYTES)
    script = "<script>" + "var x = 1;\n" * 10_000 + "</script>"
    body = f"<body><p>{ARTICLE}</p></body></html>"
    page = f'<html><head><meta charset="gb2312">{script}</head>{body}'
    source = read_source(write(tmp_path / "page.html", page.encode("gbk")))
    assert source.encoding == "gb18030"
    assert source.text == ARTICLE.strip("\n").replace("\n\n", " ")
    undeclared = f"<html><head>{script}</head>{body}"
    with pytest.raises(InputError, match="undecodable as utf-8"):
        read_source(write(tmp_path / "undeclared.html", undeclared.encode("gbk")))


def test_error_allowance_of_a_large_file_does_not_let_utf8_through(tmp_path):
    # One bad sequence per 10 000 bytes of a 10 GB file would be a million: the sample of a GBK
    # file must still be judged on its own length.
    sample = (ARTICLE * 300).encode("gbk")
    assert decoding.detect_encoding(sample, tmp_path / "huge.txt", complete=False) == "gb18030"


def test_big5_is_not_mistaken_for_gb18030(tmp_path):
    text = "區委書記主持會議並講話，強調要深入貫徹黨的精神，推進城市副中心高質量發展。"
    source = read_source(write(tmp_path / "big5.txt", text.encode("big5")))
    assert source.encoding == "big5"
    assert source.text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(tmp_path, codec):
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    source = read_source(write(tmp_path / "wide.txt", bom + ARTICLE.encode(codec)))
    assert source.encoding == codec[:6]
    assert source.text == ARTICLE


def test_utf16_without_bom_mostly_ascii(tmp_path):
    text = "Tongzhou district meeting, 2023\n孟景伟主持会议\n" * 20
    source = read_source(write(tmp_path / "wide.txt", text.encode("utf-16-le")))
    assert (source.encoding, source.text) == ("utf-16-le", text)


def test_utf8_with_bom(tmp_path):
    source = read_source(write(tmp_path / "bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert source.encoding == "utf-8-sig"
    assert source.text == ARTICLE


def test_mixed_line_endings_and_nul_bytes(tmp_path):
    raw = "标题\r\n\r\n第一段\r第二段\n第三\x00段\x00\r\x00\n\x0c末\ufeff段\r"
    source = read_source(write(tmp_path / "mixed.txt", raw))
    assert source.text == "标题\n\n第一段\n第二段\n第三段\n末段\n"


def test_stray_bytes_are_tolerated_and_replaced(tmp_path):
    good = ARTICLE * 30  # > 10 000 bytes, so one bad sequence is tolerated
    truncated = "会".encode()[:2]  # a character cut off by the end of the file
    data = good.encode() + b"\xff" + good.encode() + truncated
    source = read_source(write(tmp_path / "stray.txt", data))
    assert source.encoding == "utf-8"
    assert source.text == good + "\ufffd" + good + "\ufffd"


def test_bytes_no_encoding_fits_are_undecodable(tmp_path):
    with pytest.raises(InputError, match="undecodable text"):
        read_source(write(tmp_path / "bad.txt", bytes(range(0x80, 0x100)) * 3))


# --------------------------------------------------------------------------------------------
# HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="{charset}">
  <title>通州区召开月度工作点评会</title>
  <style>p {{ color: red; }} .x::before {{ content: "不该出现"; }}</style>
  <script>var s = "<p>不该出现</p>"; if (a < b) {{ document.write(s); }}</script>
</head>
<body>
  <!-- 注释不该出现 -->
  <div class="nav"><a href="/">首页</a> &gt; <a href="/news">要闻</a></div>
  <h1>通州区召开月度工作点评会</h1>
  <p>本报讯(记者&nbsp;金耀飞)昨天下午,
     通州区召开月度工作点评会。</p>
  <p>孟景伟&amp;郑皓出席&#65292;&ldquo;两区&rdquo;工作<br>领导小组召开会议。</p>
  <ul><li>第一项</li><li>第二项</li></ul>
  <table><tr><td>区长</td><td>郑皓</td></tr></table>
  <noscript>请启用脚本</noscript>
</body>
</html>
"""
# The page's main text as trafilatura reads it (issue 16): title, then paragraphs (a <br> ends
# one); the breadcrumb, the script, the style, the comment and the list and table beside the
# paragraphs are not the article's text.
HTML_TEXT = (
    "通州区召开月度工作点评会\n\n"
    "本报讯(记者 金耀飞)昨天下午, 通州区召开月度工作点评会。\n\n"
    "孟景伟&郑皓出席，“两区”工作\n\n领导小组召开会议。"
)


def test_html_page(tmp_path):
    source = read_source(write(tmp_path / "page.html", HTML_PAGE.format(charset="utf-8")))
    assert source.text == HTML_TEXT
    assert source.encoding == "utf-8"


def test_html_page_in_declared_gbk_without_html_suffix(tmp_path):
    # Sniffed from "<!DOCTYPE" although the suffix is .txt; decoded as GB18030.
    page = HTML_PAGE.format(charset="gbk").replace("\n", "\r\n")
    source = read_source(write(tmp_path / "page.txt", page.encode("gbk")))
    assert (source.encoding, source.text) == ("gb18030", HTML_TEXT)


def test_html_without_text_is_empty(tmp_path):
    with pytest.raises(InputError, match="empty file"):
        read_source(write(tmp_path / "blank.htm", "<html><script>x = 1</script></html>"))


@hypothesis_settings
@given(body=st.text())
def test_html_stripping_never_fails(tmp_path, body):
    path = write(tmp_path / "fuzz.html", "<html><body>" + body)
    try:
        source = read_source(path)
    except InputError:
        return
    assert "<body>" not in source.text


# --------------------------------------------------------------------------------------------
# iter_text_blocks


def blocks_of(path: Path, block_chars: int) -> list[tuple[int, str]]:
    blocks = list(iter_text_blocks(path, block_chars=block_chars))
    offset = 0
    for start, block in blocks:
        assert start == offset and block
        offset += len(block)
    return blocks


@pytest.mark.parametrize("block_chars", [1, 7, 50, 10_000])
def test_blocks_join_to_read_source_text_across_read_boundaries(tmp_path, monkeypatch, block_chars):
    # Tiny reads put every boundary (in a character, between \r and \n) between two reads.
    # The sample size twice: the reader reads the head by it, detection judges it.
    monkeypatch.setattr(decoding, "SAMPLE_BYTES", 16)
    monkeypatch.setattr(reader, "SAMPLE_BYTES", 16)
    monkeypatch.setattr(reader, "READ_BYTES", 5)
    raw = ("第一段\r\n\r\n第二段\r\r第三\x00段\n\n" * 20).encode("gb18030")
    path = write(tmp_path / "a.txt", raw)
    blocks = blocks_of(path, block_chars)
    assert "".join(block for _, block in blocks) == read_source(path).text
    assert read_source(path).encoding == "gb18030"


def test_blocks_end_on_blank_lines(tmp_path):
    paragraphs = [f"第{i}段。" + "内容" * (i % 7) for i in range(200)]
    path = write(tmp_path / "a.txt", "\n\n".join(paragraphs) + "\n")
    blocks = blocks_of(path, 60)
    assert all(block.endswith("\n\n") for _, block in blocks[:-1])
    assert all(len(block) <= 60 for _, block in blocks)


def test_blocks_fall_back_to_line_then_hard_cut(tmp_path):
    path = write(tmp_path / "a.txt", "一行\n" * 10 + "长" * 25)
    blocks = [block for _, block in blocks_of(path, 10)]
    assert blocks[0] == "一行\n" * 3  # no blank line: cut after the last newline
    assert "长" * 10 in blocks  # no newline at all: cut at block_chars


def test_blocks_of_html_are_its_text(tmp_path):
    path = write(tmp_path / "page.html", HTML_PAGE.format(charset="utf-8"))
    assert "".join(block for _, block in blocks_of(path, 20)) == HTML_TEXT


def test_blocks_refusals(tmp_path):
    with pytest.raises(ValueError):
        iter_text_blocks(write(tmp_path / "a.txt", "x"), block_chars=0)
    with pytest.raises(InputError, match="empty file"):
        list(iter_text_blocks(write(tmp_path / "empty.txt", b"")))
    with pytest.raises(InputError, match="PNG"):
        list(iter_text_blocks(write(tmp_path / "image.txt", png_bytes())))


@pytest.mark.slow
def test_200_mb_file_in_bounded_memory(tmp_path):
    paragraph = ("区委书记孟景伟主持会议并讲话，强调要深入贯彻党的二十大精神。" * 6 + "\r\n\r\n").encode()
    chunk = paragraph * ((1 << 20) // len(paragraph))
    chunks = 200 * 1024 * 1024 // len(chunk) + 1
    path = tmp_path / "huge.txt"
    try:
        with open(path, "wb") as f:
            for _ in range(chunks):
                f.write(chunk)
        size = path.stat().st_size
        assert size >= 200 * 1024 * 1024

        tracemalloc.start()
        try:
            offset = 0
            blocks = 0
            for start, block in iter_text_blocks(path):
                assert start == offset
                assert len(block) <= 1_000_000
                offset += len(block)
                blocks += 1
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        paragraph_chars = len(paragraph.decode()) - 2  # each \r\n becomes \n
        assert offset == paragraph_chars * (len(chunk) // len(paragraph)) * chunks
        assert blocks >= offset // 1_000_000
        assert peak < 32 * 2**20, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.0f} MiB file"
    finally:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# discover and iter_sources


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", "乙" + ARTICLE)
    write(root / "a.md", "甲" + ARTICLE)
    write(root / "sub" / "c.HTML", "<p>丙</p>")
    write(root / "sub" / "deeper" / "d.markdown", "丁" + ARTICLE)
    write(root / "notes.odt", "not taken")  # .pdf and .docx are walked (issue 16)
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "e.txt", "hidden folder")
    return root


def test_discover_walks_folders_sorted_and_filtered(corpus, tmp_path):
    direct = write(tmp_path / "other.dat", "直接给出的文件")
    found = discover([corpus, direct])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "corpus/a.md",
        "corpus/b.txt",
        "corpus/sub/c.HTML",
        "corpus/sub/deeper/d.markdown",
        "other.dat",
    ]


def test_discover_lists_a_file_once(corpus):
    assert discover([corpus, corpus / "a.md"]) == discover([corpus])


def test_iter_sources_names_relative_to_input_folder(corpus, tmp_path):
    direct = write(tmp_path / "x" / "other.dat", "直接给出的文件")
    sources = list(iter_sources([corpus, str(direct)]))
    assert [s.name for s in sources] == [
        "a.md",
        "b.txt",
        "sub/c.HTML",
        "sub/deeper/d.markdown",
        "other.dat",
    ]
    assert sources[2].text == "丙"
    assert all(isinstance(s, SourceText) for s in sources)


def bad_entry(folder: Path, variant: str) -> Path:
    if variant == "broken-symlink":
        path = folder / "gone.txt"
        path.symlink_to(folder / "deleted.txt")
    elif variant == "fifo":
        path = folder / "pipe.txt"
        os.mkfifo(path)
    elif variant == "permission":
        path = write(folder / "secret.txt", ARTICLE)
        path.chmod(0)
        try:
            with open(path, "rb"):
                pass
        except PermissionError:
            return path
        pytest.skip("running as root, which reads files whatever their mode")
    else:  # binary
        path = write(folder / "image.txt", png_bytes())
    return path


BAD_VARIANTS = {
    "broken-symlink": "broken symbolic link",
    "fifo": "not a regular file (a FIFO)",
    "permission": "unreadable (permission denied)",
    "binary": "binary file (PNG image)",
}


@pytest.mark.parametrize("variant", BAD_VARIANTS)
def test_iter_sources_skips_and_reports_a_bad_file(corpus, variant):
    bad = bad_entry(corpus / "sub", variant)
    errors: list[InputError] = []
    sources = list(iter_sources([corpus], on_error=errors.append))
    assert [s.name for s in sources] == ["a.md", "b.txt", "sub/c.HTML", "sub/deeper/d.markdown"]
    assert [(e.path, e.reason) for e in errors] == [(bad, BAD_VARIANTS[variant])]
    assert str(errors[0]) == f"{bad}: {BAD_VARIANTS[variant]}"


@pytest.mark.parametrize("variant", BAD_VARIANTS)
def test_iter_sources_strict_raises(corpus, variant):
    bad = bad_entry(corpus / "sub", variant)
    with pytest.raises(InputError) as caught:
        list(iter_sources([corpus], strict=True))
    assert caught.value.path == bad


def test_iter_sources_raises_for_a_missing_input_before_reading(corpus, tmp_path):
    # A mistyped argument stops the build (exit code 2) even when bad files are skipped.
    errors: list[InputError] = []
    sources = iter_sources([corpus, tmp_path / "absent"], on_error=errors.append)
    with pytest.raises(InputError, match="absent: no such file or folder"):
        next(sources)
    assert errors == []


def test_iter_sources_logs_when_no_callback(corpus, caplog):
    write(corpus / "empty.txt", b"")
    with caplog.at_level(logging.WARNING, logger=reader.__name__):
        assert len(list(iter_sources([corpus]))) == 4
    assert "empty.txt: empty file" in caplog.text


def test_input_error_pickles():
    error = pickle.loads(pickle.dumps(InputError("a/b.txt", "empty file")))
    assert (error.path, error.reason) == (Path("a/b.txt"), "empty file")
    assert str(error) == "a/b.txt: empty file"


# --------------------------------------------------------------------------------------------
# Properties

# Text without the C0 controls the reader drops, so that it is never taken for binary.
readable_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
    ),
)
GB2312_HANZI = [
    ch
    for lead in range(0xB0, 0xD8)
    for trail in range(0xA1, 0xFF)
    for ch in [bytes((lead, trail)).decode("gb2312", errors="ignore")]
    if ch
]
chinese_text = st.lists(
    st.tuples(
        st.text(alphabet=st.sampled_from(GB2312_HANZI), min_size=1, max_size=30),
        st.sampled_from(
            ["", "，", "。", "、", "“", "”", "《", "》", "\n", "\r\n", "\r", "\n\n", "2023", "GDP"]
        ),
    ),
    min_size=1,
).map(lambda parts: "".join(a + b for a, b in parts))


# Starts that lead into each branch of the detection, followed by anything.
byte_prefixes = st.sampled_from(
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF32_BE,
        b"<!DOCTYPE html><p>",
        b'<html><meta charset="big5">',
        "本报讯\r\n".encode("gbk"),
        "本报讯\n".encode(),
        "utf-16 text".encode("utf-16-le"),
        b"\x00" * 40,
    ]
)
arbitrary_bytes = st.one_of(
    st.binary(max_size=3000),
    st.tuples(byte_prefixes, st.binary(max_size=300)).map(b"".join),
)


@hypothesis_settings
@given(data=arbitrary_bytes)
def test_arbitrary_bytes_read_or_raise_input_error(tmp_path, data):
    path = write(tmp_path / "fuzz.txt", data)
    try:
        source = read_source(path)
    except InputError as exc:
        assert exc.path == path
        with pytest.raises(InputError):
            list(iter_text_blocks(path, block_chars=64))
        return
    assert source.text.strip()
    assert not re.search("[\x00-\x08\x0b-\x1f\ufeff\ud800-\udfff]", source.text)
    source.text.encode("utf-8")  # no lone surrogates
    assert "".join(b for _, b in iter_text_blocks(path, block_chars=64)) == source.text


@hypothesis_settings
@given(text=readable_text)
def test_utf8_text_round_trips(tmp_path, text):
    expected = expected_normalisation(text)
    assume(expected.strip() and not expected.lstrip().startswith("<"))
    source = read_source(write(tmp_path / "fuzz.txt", text.encode("utf-8")))
    assert source.text == expected


@hypothesis_settings
@given(text=chinese_text)
def test_gb18030_chinese_text_round_trips(tmp_path, text):
    data = text.encode("gb18030")
    # Bytes that are valid UTF-8 are read as UTF-8 (a BOM, then UTF-8, come first); among
    # Chinese texts only very short ones, such as "一" (D2 BB), can be both.
    assume(data.isascii() or not is_utf8(data))
    source = read_source(write(tmp_path / "fuzz.txt", data))
    assert source.encoding in ("gb18030", "utf-8")  # utf-8 when it is all ASCII
    assert source.text == expected_normalisation(text)
