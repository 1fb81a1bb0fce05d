"""YAML front matter of markdown files: the ``---`` block of keys that static-site tools put
before the text (``title: …``, ``date: …``); metadata, not an article."""
from __future__ import annotations

import re

__all__ = ["MARKDOWN_SUFFIXES", "strip_front_matter"]

#: Suffixes (lower case) of the files whose front matter is dropped.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# Opened by --- on the first line, closed by --- or ... on a line of its own (Jekyll, Hugo,
# Pandoc); at most 200 lines, so that a horizontal rule far down is not taken for the close.
_BLOCK = re.compile(r"\A---[ \t]*\n((?:[^\n]*\n){0,200}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
# A YAML mapping key at the start of a line: a short word (any script) and a colon.
_KEY = re.compile(r"[\w.-]{1,40}[ \t]*:(?:[ \t]|$)")


def strip_front_matter(text: str) -> str:
    """``text`` without its YAML front matter, or ``text`` itself when it has none.

    Front matter is a block at the very start between ``---`` lines (closed by ``---`` or
    ``...``) whose first line is a ``key: value`` pair and whose other lines are pairs, list
    items, indented continuations or comments; a ``---`` rule before prose is kept.

    >>> strip_front_matter("---\\ntitle: 通州区\\ntags: [a]\\n---\\n本报讯……\\n")
    '本报讯……\\n'
    >>> strip_front_matter("---\\n\\n本报讯……\\n")
    '---\\n\\n本报讯……\\n'
    """
    match = _BLOCK.match(text)
    if not match:
        return text
    lines = [line for line in match.group(1).split("\n") if line.strip()]
    if not lines or not _KEY.match(lines[0]):
        return text
    for line in lines[1:]:
        if not (_KEY.match(line) or line[0] in " \t-#"):
            return text
    return text[match.end():]
