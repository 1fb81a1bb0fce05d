"""Load the rule lexicons kept as data files in ``extract/data/``.

Each ``.txt`` file holds one entry per line (or several separated by spaces), ``#`` starts a
comment.  Loaded once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["words", "table", "alternation"]


def _lines(name: str) -> list[str]:
    text = resources.files("newsgraph.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.split("#", 1)[0].strip() for ln in text.splitlines() if ln.split("#", 1)[0].strip()]


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """Entries of ``data/<name>`` (whitespace-separated words on each line), in file order."""
    return tuple(w for ln in _lines(name) for w in ln.split())


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated ``data/<name>`` file."""
    return tuple(tuple(f.strip() for f in ln.split("\t")) for ln in _lines(name))


@lru_cache(maxsize=None)
def alternation(name: str) -> str:
    """A regex alternation of ``words(name)``, longest first, escaped: ``(?:副区长|区长|…)``."""
    entries = sorted(set(words(name)), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in entries) + ")"
