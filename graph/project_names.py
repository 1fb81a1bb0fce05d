"""Project names: which printed names are one project.

* :func:`project_key` — the key of a project node (the name folded, quotes removed).
* :func:`project_canonicals` — within one article, each printed name → the name of the node it
  belongs to (a name with a tail, brackets or a place prefix added is the same project).
* :func:`merge_project_variants` — across the corpus, a project merged into the longer one whose
  key ends with its key (run once by :meth:`newsgraph.graph.build.GraphBuilder.finish`).
"""
from __future__ import annotations

import re
from functools import lru_cache

import networkx as nx

from ..extract.normalize import fold
from ..schema import Label

__all__ = ["bare_project_key", "merge_project_variants", "project_canonicals", "project_key",
           "tail_stripped_key", "variant_index"]

_QUOTES = re.compile(r"[“”‘’\"'《》「」]")


@lru_cache(maxsize=65536)
def project_key(name: str) -> str:
    """The key of the project node printed as ``name``: the name folded
    (:func:`newsgraph.extract.normalize.fold`) with its quotes and title marks removed
    (``“亮点工程”`` → ``亮点工程``).  Memoised: a build asks for the same names often."""
    return _QUOTES.sub("", fold(name))


def bare_project_key(key: str) -> str:
    """The key without parenthesised parts: 通惠河(通州段)水环境综合治理工程 → 通惠河水环境综合治理工程."""
    return re.sub(r"\([^)]*\)", "", key)


# The tail a printed form may add to one project's name: 永兴河第二再生水厂 / …水厂项目,
# 基层党建“亮点工程” / …“亮点工程”项目 (issue 12 pattern 11, variants "+工程").
_PROJECT_TAIL = re.compile(r"(?:[一二三四五六七八九十\d]期)?(?:建设项目|工程项目|项目|工程|建设)$")
# A place in front of a name: 永乐店镇科技小院 is the 科技小院 printed elsewhere with its village.
_PROJECT_PLACE = re.compile(r"^[^\W\d_]{1,6}?(?:省|市|县|区|旗|镇|乡|村|街道)")
_PROJECT_QUOTED = re.compile(r"“([^”]{2,})”")


def tail_stripped_key(key: str) -> str:
    """The key without a ``项目``/``工程``/``建设`` tail, when at least 4 characters remain."""
    stripped = _PROJECT_TAIL.sub("", key)
    return stripped if len(stripped) >= 4 else key


def _same_project(short: str, long: str) -> bool:
    """Whether printed name ``short`` names the project ``long`` names, within one article:
    ``long`` ends with it (a place prefix), is it with a tail or brackets added, or shares its
    quoted name; or ``short`` less a place prefix ends ``long``.  A name that merely starts a
    longer one (怀柔科学城 / 怀柔科学城起步区科学设施平台) names another project."""
    s, l = project_key(short), project_key(long)
    if len(s) < 4 or s == l:
        return False
    rest = _PROJECT_PLACE.sub("", s)
    if len(rest) >= 4 and rest != s and _PROJECT_PLACE.sub("", l) == l and l.endswith(rest) \
            and len(l) > len(rest):
        return True  # (a name with a place of its own in front never folds into another)
    if len(l) <= len(s):
        return False
    if l.endswith(s) or bare_project_key(l) == s or tail_stripped_key(l) == s:
        return True
    qs, ql = _PROJECT_QUOTED.search(fold(short)), _PROJECT_QUOTED.search(fold(long))
    if qs and ql and qs.group(1) == ql.group(1):
        return True
    rest = re.sub(r"平台$", "", _PROJECT_TAIL.sub("", s))  # “科技小院”平台 / 西槐庄科技小院
    return len(rest) >= 4 and rest != s and l.endswith(rest)


def project_canonicals(names: list[str]) -> dict[str, str]:
    """Return ``{printed name: canonical name}`` for the project names of one article: the longest
    name it is a variant of (:func:`_same_project`), followed through chains
    (科技小院平台 → 永乐店镇科技小院 → 西槐庄科技小院)."""
    ordered = sorted(set(names), key=len, reverse=True)
    step = {n: next((p for p in ordered if _same_project(n, p)), n) for n in ordered}
    out = {}
    for n in ordered:
        seen, c = {n}, step[n]
        while step[c] != c and step[c] not in seen:
            seen.add(c)
            c = step[c]
        out[n] = c
    return out


def variant_index(keys: list[str], min_len: int = 6) -> dict[str, list[int]]:
    """The longer forms of project keys: ``{key: [places in keys]}`` of every key of ``keys``
    that ends with it (at least ``min_len`` characters) or whose bare or tail-stripped form it
    is (every one longer than it): a key's candidates for :func:`merge_project_variants` are
    ``index.get(key, [])``.  An index of suffixes, not a scan of every project for every
    project (which took seconds at a few thousand projects, minutes beyond)."""
    longer: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        for start in range(1, len(key) - min_len + 1):
            longer.setdefault(key[start:], []).append(i)
        bare = bare_project_key(key)
        if len(bare) < len(key):
            longer.setdefault(bare, []).append(i)
        stripped = tail_stripped_key(key)
        if len(stripped) < len(key):
            longer.setdefault(stripped, []).append(i)
    return longer


def merge_project_variants(graph: nx.MultiDiGraph, min_len: int = 6) -> nx.MultiDiGraph:
    """Merge a project into a longer project whose key ends with its key (at least
    ``min_len`` characters): ``城市副中心数字化虚拟物业服务平台`` is the same platform as
    ``北京城市副中心数字化虚拟物业服务平台`` — printed names grow by a place prefix, by brackets,
    or by a ``项目``/``工程`` tail (``永兴河第二再生水厂项目``), not by other words.
    The longer name wins; the shorter becomes an alias; edges and evidence move over."""
    projects = sorted((n for n, d in graph.nodes(data=True) if d["label"] == Label.PROJECT.value),
                      key=lambda n: -len(graph.nodes[n]["key"]))
    longer = variant_index([graph.nodes[n]["key"] for n in projects], min_len)
    for short in reversed(projects):
        skey = graph.nodes[short]["key"]
        if len(skey) < min_len or short not in graph:
            continue
        target = next((projects[i] for i in sorted(set(longer.get(skey, ())))
                       if projects[i] in graph), None)
        if target is None:
            continue
        tdata, sdata = graph.nodes[target], graph.nodes[short]
        for alias in [sdata["name"], *sdata["aliases"]]:
            if alias != tdata["name"] and alias not in tdata["aliases"]:
                tdata["aliases"].append(alias)
        tdata["evidence"].extend(sdata["evidence"])
        tdata["confidence"] = max(tdata["confidence"], sdata["confidence"])
        for u, _, d in list(graph.in_edges(short, data=True)):
            if not any(dd["type"] == d["type"] for dd in graph.get_edge_data(u, target, default={}).values()):
                graph.add_edge(u, target, **d)
        for _, v, d in list(graph.out_edges(short, data=True)):
            if v != target and not any(dd["type"] == d["type"] for dd in
                                       graph.get_edge_data(target, v, default={}).values()):
                graph.add_edge(target, v, **d)
        graph.remove_node(short)
    return graph
