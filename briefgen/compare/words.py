"""Word-level differences between two texts, and the similarity that matches items.

A text is cut into tokens (words, runs of spaces, single punctuation marks), so that
"2026 Q3" -> "2026 Q4" changes one token and the spaces around it stand. The same cut serves
the change model and the redline composer, which marks the runs of a paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from typing import Literal, TypeAlias

import attrs

__all__ = ["WordOp", "diff_words", "similarity", "tokens"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

#: What a stretch of words does between the old text and the new one.
Op: TypeAlias = Literal["equal", "insert", "delete"]


@attrs.frozen
class WordOp:
    """A stretch of text that both versions share ("equal"), or that only the new one
    ("insert") or only the old one ("delete") holds."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """The words, spaces and punctuation of `text`, in order; joined they give `text`."""
    return _TOKEN.findall(text)


def opcodes(
    old: Sequence[Hashable], new: Sequence[Hashable]
) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes between two token lists (no junk heuristics: every word counts)."""
    return list(difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes())


def diff_words(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level changes that turn `old` into `new`: deletions before insertions."""
    a, b = tokens(old), tokens(new)
    ops: list[WordOp] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if ops and ops[-1].op == op:
            ops[-1] = WordOp(op, ops[-1].text + text)
        else:
            ops.append(WordOp(op, text))

    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return tuple(ops)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0 to 1: the share of words they have in common, in order."""
    a = re.findall(r"\w+", old.casefold())
    b = re.findall(r"\w+", new.casefold())
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
