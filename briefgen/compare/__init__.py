"""Comparing two versions of one plan: the change model and how items are matched.

`compare(old, new) -> Changes` is plain data (tested without rendering); the redline
composer (`briefgen.compose.redline`) turns it into a document with change marks.
"""

from briefgen.compare.changes import (
    ITEMS,
    KINDS,
    Changes,
    ItemChange,
    TextChange,
)
from briefgen.compare.plan import compare
from briefgen.compare.words import WordOp, diff_words
from briefgen.model import Comparison

__all__ = [
    "ITEMS",
    "KINDS",
    "Changes",
    "Comparison",
    "ItemChange",
    "TextChange",
    "WordOp",
    "compare",
    "diff_words",
]
