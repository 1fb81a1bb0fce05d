"""Gazetteer of China's administrative divisions down to 乡镇/街道 level.

Source: the division table that the PyPI package ``jionlp`` ships
(``jionlp/dictionary/china_location.zip``: province → city → county → town → village, with
codes and short names for the upper three levels).  Only the file is read — jionlp itself is not
imported here — and villages/communities are left out (they are matched by suffix rules with the
town printed before them, see :mod:`newsgraph.extract.districts`).

Aliases added on top of the table, because the press prints them:

* Beijing's 地区办事处 towns (``梨园地区``) are printed as ``梨园镇``;
* ethnic townships and counties lose their ethnic part (``于家务回族乡`` ↔ ``于家务乡``,
  ``大厂回族自治县`` ↔ ``大厂县``);
* provinces, cities and counties have their table short name (``北京``, ``通州``).
"""
from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

__all__ = ["Place", "Gazetteer", "load_gazetteer", "LEVELS"]

#: Levels from the top; ``village`` is used for suffix-matched communities and villages.
LEVELS = ("province", "city", "county", "town", "village")

_ETHNIC = re.compile(r"(?:回族|满族|蒙古族|朝鲜族|壮族|苗族|彝族|土家族|藏族|维吾尔族|瑶族|白族|"
                     r"侗族|哈尼族|黎族|傣族|畲族|傈僳族|仡佬族|东乡族|拉祜族|水族|佤族|纳西族|"
                     r"羌族|土族|仫佬族|锡伯族|柯尔克孜族|达斡尔族|景颇族|毛南族|撒拉族|布朗族|"
                     r"塔吉克族|阿昌族|普米族|鄂温克族|怒族|京族|基诺族|德昂族|保安族|俄罗斯族|"
                     r"裕固族|乌孜别克族|门巴族|鄂伦春族|独龙族|塔塔尔族|赫哲族|高山族|珞巴族|"
                     r"各族)+")


@dataclass(frozen=True)
class Place:
    """One administrative division.

    ``name`` is the official full name (``于家务回族乡``), ``level`` one of :data:`LEVELS`,
    ``parent`` the enclosing division (``None`` for provinces).
    """

    name: str
    level: str
    parent: "Place | None" = None
    code: str = ""

    def ancestors(self) -> list["Place"]:
        """Enclosing divisions from the nearest up: ``[通州区, 北京市]`` for 潞城镇."""
        out, p = [], self.parent
        while p is not None:
            if p.name != self.name and (not out or p.name != out[-1].name):  # 北京市 ⊃ 北京市
                out.append(p)
            p = p.parent
        return out


class Gazetteer:
    """Name → :class:`Place` index with aliases.

    Parameters
    ----------
    places : iterable of (Place, list of alias strings)
    """

    def __init__(self, places):
        self.by_name: dict[str, list[Place]] = {}
        self.short: dict[str, list[Place]] = {}
        for place, aliases in places:
            self.by_name.setdefault(place.name, []).append(place)
            for alias in aliases:
                if alias and alias != place.name:
                    self.short.setdefault(alias, []).append(place)
        suffixed = tuple("省市区县镇乡") + ("街道", "地区", "自治州")
        names = set(self.by_name) | {a for a in self.short if len(a) >= 3 and (
            a.endswith(suffixed) or (a.endswith("州") and any(
                p.name.endswith("自治州") for p in self.short[a])))}
        self.max_len = max((len(n) for n in names), default=0)
        self._full_names = names
        # One Aho–Corasick automaton over every name and alias: a text is scanned once for all
        # of them, instead of trying lengths at every character.  ahocorasick-rs (Rust) scans
        # about six times faster than pyahocorasick here: the root has thousands of children.
        self.automaton = ahocorasick_rs.AhoCorasick(sorted(set(self.by_name) | set(self.short)))

    def candidates(self, text: str) -> dict[int, list[int]]:
        """``{start: [lengths, longest first]}`` of every name or alias found in ``text``."""
        found: dict[int, list[int]] = {}
        for _index, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            found.setdefault(start, []).append(end - start)
        for sizes in found.values():
            sizes.sort(reverse=True)
        return found

    def lookup(self, name: str) -> list[Place]:
        """All places whose full name or a full-form alias (``梨园镇``) is ``name``."""
        if name not in self.by_name and name not in self.short:
            return []
        return self.by_name.get(name, []) + [p for p in self.short.get(name, [])
                                             if p not in self.by_name.get(name, [])]

    def is_full_name(self, name: str) -> bool:
        """True if ``name`` is a full name or a suffixed alias (not a bare short name)."""
        return name in self._full_names


def _data_path() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jionlp package is not installed (pip install jionlp)")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"


def _aliases(name: str, level: str, short: str) -> list[str]:
    out = []
    if short and len(short) >= 2:
        out.append(short)
    plain = _ETHNIC.sub("", name) if "族" in name else name
    if plain != name and len(plain) >= 3:
        out.append(plain)  # 于家务回族乡 → 于家务乡, 大厂回族自治县 → 大厂自治县
        if plain.endswith("自治县"):
            out.append(plain[:-3] + "县")
    if level == "town" and name.endswith("地区") and len(name) >= 4:
        out.append(name[:-2] + "镇")
    if level == "city" and name.endswith("自治州") and short and len(short) >= 2:
        out.append(short + "州")  # 黔东南苗族侗族自治州 is printed 黔东南州
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the gazetteer (about 45,000 divisions down to 乡镇/街道); cached per process.

    Raises
    ------
    RuntimeError
        If the ``jionlp`` package (the data's source) is not installed.
    """
    with zipfile.ZipFile(_data_path()) as zf:
        member = next(n for n in zf.namelist() if n.endswith(".txt"))
        text = io.TextIOWrapper(zf.open(member), encoding="utf-8").read()
    stack: list[Place] = []
    places = []
    # Lines indented by at most three tabs: villages (four) are 15 lines in 16 of the file.
    for line in re.findall(r"^\t{0,3}[^\t\n][^\n]*", text, re.M):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        name = fields[0].strip()
        if not name:
            continue
        code = fields[1] if len(fields) > 1 else ""
        short = fields[2] if len(fields) > 2 else ""
        level = LEVELS[depth]
        parent = stack[depth - 1] if depth > 0 and len(stack) >= depth else None
        place = Place(name=name, level=level, parent=parent, code=code)
        del stack[depth:]
        stack.append(place)
        places.append((place, _aliases(name, level, short)))
    return Gazetteer(places)
