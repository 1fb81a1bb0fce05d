"""A file over LARGE_FILE_BYTES is read block by block and cut into pages (issue 13, item 5):
it must give exactly the articles a whole read gives, in every encoding — the cuts may depend
on the text only, never on how many bytes a read returned or how many characters they made."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.extract import reader
from newsgraph.extract.pipeline import read_articles
from newsgraph.workflow import units

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
DEV2 = SHARED / "eval" / "dev2" / "corpus"


def corpus_text(folder: Path) -> str:
    pages = [reader.read_source(p).text for p in sorted(folder.glob("*.txt"))]
    return "\n\n".join(pages * 2)


def articles_of_pages(path: Path, name: str) -> list[tuple]:
    """Pass 1's articles of a large file: its pages split one by one, then renumbered."""
    file = units.FileUnit(path, name, path.stat().st_size)
    out, base, offset = [], 0, 0
    for page, pdate in units.large_file_pages(file):
        records = read_articles(page, name, pdate=pdate)
        units.renumber(records, base, offset)
        base += len(records)
        offset += len(page)
        out += records
    return [(a.article_id, a.title, a.text, a.date) for a in out]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
@pytest.mark.parametrize("folder", [CORPUS, DEV2], ids=["corpus", "dev2"])
@pytest.mark.parametrize("reads", [3001, 65536])
@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16"])
def test_pages_give_the_articles_of_a_whole_read(tmp_path, monkeypatch, codec, reads, folder):
    text = corpus_text(folder)
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode(codec))
    whole = read_articles(reader.read_source(path).text, "big.txt")
    expected = [(a.article_id, a.title, a.text, a.date) for a in whole]
    assert len(expected) > 20
    # Small pages (as large as the blocks, as at full size) and small reads: many cuts, at
    # places that differ by encoding unless the cuts follow the text alone.
    monkeypatch.setattr(units, "PAGE_CHARS", 6000)
    monkeypatch.setattr(reader, "READ_BYTES", reads)
    assert articles_of_pages(path, "big.txt") == expected


