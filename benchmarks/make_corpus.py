"""A benchmark corpus that grows like a real archive: replicas of the sample corpora, each with
its own people, villages and projects.

Not a test.  Run from the repository::

    python benchmarks/make_corpus.py --mb N --out DIR [--graph GRAPH.json] [--seed 17]

The source corpora (``../shared/corpus`` and ``../shared/eval/dev2/corpus``) are read with
newsgraph's own reader (:func:`newsgraph.extract.reader.iter_sources`: GB18030 and other
encodings decoded, text normalised, web pages reduced to their main text) and written as UTF-8
``.txt`` files, ``<replica>_<source file stem>.txt`` (five digits of replica), whole replicas until
the folder holds at least N megabytes (10**6 bytes) of text.

In every replica each entity of the source corpora gets a generated name of its own, used for
every occurrence of its name and of its aliases in that replica's text:

- **people** (``Official`` and ``Person`` nodes): a surname of ``data/surnames.txt`` and two
  characters of ``data/given_chars.txt`` — always three characters, because the two-character
  space (surname + one character) would be used up after a few dozen replicas;
- **villages and communities** (``District`` nodes of level ``village``): a stem of three
  characters of ``data/place_chars.txt`` and the suffix of the replaced name from
  ``data/village_suffixes.txt`` (村, 社区, 居委会 …; names with none of them keep their name);
- **projects** (``Project`` nodes): a stem, a theme of ``data/project_themes.txt`` and the
  replaced name's ending: the longest of the extractor's project suffixes it ends with
  (``extract/data/project_suffixes.txt``: 工程, 产业园, 平台 …), else its last two characters
  (names not ending in two Chinese characters keep their name).

An alias that is the traditional-script form of the name (``胡漢軍`` of ``胡汉军``) becomes the
traditional form of the new name; any other alias gets a generated name of its own.  On a page
in traditional script every new name is written in traditional script (OpenCC ``s2t``).

The names come from a build of the source corpora (``graph.json`` nodes' names and aliases by
label; made with ``newsgraph build --jobs 1`` unless ``--graph`` gives one), not from lists of
the data's names.  People's names that are common words (边疆, 文献: jieba's dictionary
frequency 20 or more) and "villages" whose ending is one (农业农村) keep their names.
Occurrences are replaced in one pass, longest name first at each position, so that a name
inside a longer one (``李悦`` in ``李悦华``) is not replaced inside it.

Generated names never repeat, within a replica or across replicas, and never equal a name of the
source corpora: each kind enumerates its space of combinations in an order fixed by ``--seed``
(an affine permutation).  So the number of distinct entities grows linearly with N, and two runs
with the same arguments write byte-identical files.  The spaces hold about 7.6 million people
and 377,720 place stems (villages take one each, projects one per 30: enough for about 1.7 GB
of corpus); a larger N is refused (exit 2).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import opencc
from newsgraph.extract.lexicon import words
from newsgraph.extract.reader import InputError, iter_sources
from newsgraph.extract.script import has_traditional, to_simplified

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCES = (REPO.parent / "shared" / "corpus", REPO.parent / "shared" / "eval" / "dev2" / "corpus")
DEFAULT_SEED = 17

PEOPLE = ("Official", "Person")
_CJK = re.compile(r"[\u4e00-\u9fff]{2}$")


def _data_lines(name: str, data: Path = DATA) -> list[list[str]]:
    """The non-comment lines of ``data/<name>``, each as its items (split on white space),
    duplicates within a line dropped."""
    lines = []
    for raw in (data / name).read_text(encoding="utf-8").splitlines():
        items = raw.split("#", 1)[0].split()
        if items:
            lines.append(list(dict.fromkeys(items)))
    return lines


@dataclass(frozen=True)
class NameParts:
    """The parts generated names are made of (``benchmarks/data/*.txt``)."""

    surnames: tuple[str, ...]
    given: tuple[str, ...]
    places: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    themes: tuple[str, ...]
    village_suffixes: tuple[str, ...]  # longest first

    @classmethod
    def load(cls, data: Path = DATA) -> "NameParts":
        """Read the five data files; ``ValueError`` when place_chars.txt has not three lines."""
        flat = lambda name: tuple(dict.fromkeys(x for line in _data_lines(name, data) for x in line))
        places = tuple(tuple(line) for line in _data_lines("place_chars.txt", data))
        if len(places) != 3:
            raise ValueError(f"{data / 'place_chars.txt'}: needs three lines of characters")
        return cls(surnames=flat("surnames.txt"), given=flat("given_chars.txt"), places=places,
                   themes=flat("project_themes.txt"),
                   village_suffixes=tuple(sorted(flat("village_suffixes.txt"), key=len,
                                                 reverse=True)))


class _Permutation:
    """A fixed pseudo-random order of ``range(size)``: ``k -> (a * k + b) % size`` with ``a``
    coprime to ``size``, so that distinct ``k`` below ``size`` give distinct values."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        a = rng.randrange(size // 3, size) | 1
        while math.gcd(a, size) != 1:
            a += 2
        self.a, self.b = a, rng.randrange(size)

    def __call__(self, k: int) -> int:
        if k >= self.size:
            raise OverflowError
        return (self.a * k + self.b) % self.size


@dataclass
class Namer:
    """Fresh names, never one given before nor one of ``taken`` (the source corpora's names).

    ``person()``, ``village(suffix)`` and ``project(suffix)`` each return a new name; they raise
    ``OverflowError`` when the kind's space is used up.
    """

    parts: NameParts
    seed: int = DEFAULT_SEED
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        p = self.parts
        self._people = _Permutation(len(p.surnames) * len(p.given) ** 2, rng)
        self._stems = _Permutation(math.prod(map(len, p.places)), rng)
        self._counts = {"person": 0, "stem": 0, "project": 0}

    def _next(self, kind: str, permutation: _Permutation) -> int:
        k = self._counts[kind]
        self._counts[kind] = k + 1
        return permutation(k)

    def _fresh(self, make) -> str:
        while True:
            name = make()
            if name not in self.taken:
                self.taken.add(name)
                return name

    def person(self) -> str:
        p = self.parts
        g = len(p.given)

        def make() -> str:
            i = self._next("person", self._people)
            return p.surnames[i // (g * g)] + p.given[i // g % g] + p.given[i % g]

        return self._fresh(make)

    def _stem(self, i: int) -> str:
        a, b, c = self.parts.places
        return a[i // (len(b) * len(c))] + b[i // len(c) % len(b)] + c[i % len(c)]

    def village(self, suffix: str) -> str:
        # Villages take stems from the start of the order, projects from its end, so that no
        # village's stem begins a project's name.
        def make() -> str:
            used_by_projects = -(-self._counts["project"] // len(self.parts.themes))
            if self._counts["stem"] >= self._stems.size - used_by_projects:
                raise OverflowError
            return self._stem(self._next("stem", self._stems)) + suffix

        return self._fresh(make)

    def project(self, suffix: str) -> str:
        themes = self.parts.themes

        def make() -> str:
            k = self._counts["project"]
            self._counts["project"] = k + 1
            stem_k = self._stems.size - 1 - k // len(themes)
            if stem_k < self._counts["stem"]:
                raise OverflowError
            return self._stem(self._stems(stem_k)) + themes[k % len(themes)] + suffix

        return self._fresh(make)


def _common_word(word: str) -> bool:
    """True for a word of jieba's dictionary with a frequency of 20 or more (甘露 147, 农村;
    names such as 张伟 have 0 or none)."""
    return (jieba.get_FREQ(word) or 0) >= 20


def project_suffix(name: str) -> str:
    """The ending a project's new names keep: the longest of the extractor's project suffixes
    (``extract/data/project_suffixes.txt``: 工程, 产业园 …) that ``name`` ends with, else its
    last two characters when both are Chinese, else ``""``."""
    found = [s for s in words("project_suffixes.txt") if name.endswith(s) and len(name) > len(s)]
    if found:
        return max(found, key=len)
    return name[-2:] if _CJK.search(name) else ""


@dataclass(frozen=True)
class Entity:
    """One node of the source build to rename: ``kind`` is ``person``, ``village`` or
    ``project``; ``suffix`` the part its new names keep (empty for people)."""

    kind: str
    name: str
    aliases: tuple[str, ...]
    suffix: str = ""


def entities_from_graph(graph_path: Path, parts: NameParts) -> tuple[list[Entity], set[str]]:
    """The entities to rename, from a node-link ``graph.json``, and every name and alias of its
    nodes (the names generated ones must avoid).  Entities whose name has no suffix to keep are
    left out."""
    data = json.loads(Path(graph_path).read_text(encoding="utf-8"))
    entities, names = [], set()
    for node in data["nodes"]:
        name, aliases = node.get("name") or "", tuple(node.get("aliases") or ())
        names.add(name)
        names.update(aliases)
        label = node.get("label")
        if label in PEOPLE:
            if not _common_word(name):  # 边疆, 文献: replacing them would rewrite prose
                entities.append(Entity("person", name, aliases))
        elif label == "District" and node.get("level") == "village":
            suffix = next((s for s in parts.village_suffixes if name.endswith(s)), None)
            last = jieba.lcut(name, HMM=False)[-1]
            # 农业农村 ends in the word 农村, not in a village's 村.
            if suffix and len(name) > len(suffix) and not (len(last) > len(suffix)
                                                          and _common_word(last)):
                entities.append(Entity("village", name, aliases, suffix))
        elif label == "Project" and project_suffix(name):
            entities.append(Entity("project", name, aliases, project_suffix(name)))
    # A name can be a node under two labels (an Official and a Person): rename it once.
    seen, unique = set(), []
    for e in sorted(entities, key=lambda e: (e.kind, e.name)):
        if e.name not in seen:
            seen.add(e.name)
            unique.append(e)
    return unique, names


_TO_TRADITIONAL = opencc.OpenCC("s2t")


def replica_mapping(entities: list[Entity], namer: Namer) -> dict[str, str]:
    """Old name or alias → new name for one replica (every string once; the first entity that
    has it decides)."""
    mapping: dict[str, str] = {}

    def fresh(e: Entity, old: str) -> str:
        if e.kind == "person":
            return namer.person()
        if e.kind == "village":
            return namer.village(e.suffix)
        return namer.project(project_suffix(old) or e.suffix)

    for e in entities:
        if e.name in mapping:
            continue
        new = mapping[e.name] = fresh(e, e.name)
        for alias in e.aliases:
            if alias in mapping:
                continue
            if to_simplified(alias) == e.name:
                mapping[alias] = _TO_TRADITIONAL.convert(new)
            elif e.kind != "village" or alias.endswith(e.suffix):
                mapping[alias] = fresh(e, alias)
    return mapping


def names_pattern(names) -> re.Pattern:
    """One alternation of the names, longest first, so that at each position the longest name
    wins; white space may stand between two characters (a hard-wrapped line: 任武\\n军)."""
    keys = sorted(set(names), key=lambda s: (-len(s), s))
    return re.compile("|".join(r"\s*".join(map(re.escape, k)) for k in keys))


@dataclass(frozen=True)
class _Occurrence:
    """A name printed in a page: the name, and the white space inside it by position (the
    characters before it)."""

    name: str
    gaps: tuple[tuple[int, str], ...]

    def printed(self, new: str) -> str:
        """``new`` with the same white space at the same positions (the last before its last
        character when ``new`` is shorter)."""
        out, at = [], 0
        for pos, space in self.gaps:
            pos = min(pos, len(new) - 1)
            out += [new[at:pos], space]
            at = pos
        return "".join(out) + new[at:]


def _segments(text: str, pattern: re.Pattern) -> list:
    """``text`` cut into literal strings and :class:`_Occurrence` of the names (found once per
    page: every replica's text is the same but for the names)."""
    parts, at = [], 0
    for m in pattern.finditer(text):
        found, gaps, chars = m.group(0), [], []
        for piece in re.finditer(r"\s+|\S", found):
            if piece.group(0).isspace():
                gaps.append((len(chars), piece.group(0)))
            else:
                chars.append(piece.group(0))
        parts += [text[at:m.start()], _Occurrence("".join(chars), tuple(gaps))]
        at = m.end()
    parts.append(text[at:])
    return parts


def build_source_graph(sources, out: Path) -> Path:
    """``newsgraph build --jobs 1 --no-html`` of ``sources`` into ``out``; its graph.json."""
    subprocess.run([sys.executable, "-m", "newsgraph.cli", "build", *map(str, sources),
                    "--out", str(out), "--no-html", "--jobs", "1", "-q"],
                   check=True, stdout=subprocess.DEVNULL)
    return out / "graph.json"


@dataclass
class CorpusSummary:
    """What :func:`make_corpus` wrote: files, UTF-8 bytes, replicas, entities renamed per
    replica, and the mapping of every replica (``mappings[r][old] = new``)."""

    files: int
    bytes: int
    replicas: int
    entities: int
    mappings: list[dict[str, str]]


def make_corpus(megabytes: float, out: Path, *, sources=SOURCES, graph: Path | None = None,
                seed: int = DEFAULT_SEED, data: Path = DATA) -> CorpusSummary:
    """Write the growing corpus into ``out`` (created; must be empty if it exists).

    Parameters: ``megabytes`` — at least this many 10**6 bytes of UTF-8 text, in whole
    replicas; ``sources`` — the corpora replicated; ``graph`` — a ``graph.json`` of a build of
    ``sources`` to take the names from (default: build one); ``seed`` — the order of generated
    names.  Raises ``FileExistsError`` for a non-empty ``out``, ``InputError`` for a source
    file the reader refuses, ``OverflowError`` when the name spaces are used up.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out}: not empty")
    parts = NameParts.load(data)
    with tempfile.TemporaryDirectory(prefix="make_corpus_") as tmp:
        graph = graph or build_source_graph(sources, Path(tmp) / "src")
        entities, taken = entities_from_graph(graph, parts)
    pages = []
    for src in sources:
        for source in iter_sources([src], strict=True):
            pages.append((Path(source.name).with_suffix("").as_posix().replace("/", "_"),
                          source.text, has_traditional(source.text)))
    names = {e.name for e in entities} | {a for e in entities for a in e.aliases}
    pattern = names_pattern("".join(n.split()) for n in names)
    pages = [(stem, _segments(text, pattern), trad) for stem, text, trad in pages]
    namer = Namer(parts, seed, taken=set(taken))
    out.mkdir(parents=True, exist_ok=True)
    total, files, mappings = 0, 0, []
    while total < megabytes * 1e6:
        replica = len(mappings)
        mapping = replica_mapping(entities, namer)
        mappings.append(mapping)
        traditional = {old: _TO_TRADITIONAL.convert(new) for old, new in mapping.items()}
        for stem, segments, is_traditional in pages:
            use = traditional if is_traditional else mapping
            blob = "".join(
                part if isinstance(part, str) else part.printed(use.get(part.name, part.name))
                for part in segments).encode("utf-8")
            (out / f"{replica:05d}_{stem}.txt").write_bytes(blob)
            total += len(blob)
            files += 1
    return CorpusSummary(files, total, len(mappings), len(entities), mappings)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, required=True, help="size in MB (10**6 bytes of UTF-8)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (new or empty)")
    ap.add_argument("--graph", type=Path, default=None,
                    help="graph.json of a build of the sources to take the names from "
                         "(default: build one, about 20 s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    try:
        s = make_corpus(args.mb, args.out, graph=args.graph, seed=args.seed)
    except (FileExistsError, InputError, OverflowError, OSError) as exc:
        what = "the name spaces are used up; give a smaller --mb" if isinstance(
            exc, OverflowError) else str(exc)
        print(f"make_corpus: {what}", file=sys.stderr)
        return 2
    print(f"{args.out}: {s.files} files, {s.bytes / 1e6:.1f} MB, {s.replicas} replicas of "
          f"{s.entities} renamed entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
