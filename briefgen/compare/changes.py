"""The change model: what differs between two versions of one plan, as plain data.

`Changes` lists each item of the plan (a recital, an initiative, a provision, a signatory,
...) that was inserted, deleted, changed or moved, with the word-level differences of each
of its texts in each language, and every pair of items matched across the versions (changed
or not), by their field paths. It knows nothing of documents: the redline composer reads it
to align the two documents, tests read it without rendering anything.
"""

from __future__ import annotations

import typing
from collections import Counter
from typing import Literal, TypeAlias

import attrs

from briefgen.compare.words import WordOp, diff_words

__all__ = ["ITEMS", "KINDS", "Changes", "ItemChange", "TextChange"]

#: The items of a plan that are compared, in the order a summary names them.
Item: TypeAlias = Literal[
    "title",
    "basis",
    "recital",
    "section",
    "initiative",
    "provision",
    "signing",
    "signatory",
]
ITEMS: tuple[Item, ...] = typing.get_args(Item)

#: What happened to an item between the versions.
ChangeKind: TypeAlias = Literal["changed", "inserted", "deleted", "moved"]
KINDS: tuple[ChangeKind, ...] = ("changed", "inserted", "deleted", "moved")


@attrs.frozen(kw_only=True)
class TextChange:
    """One text of an item (a field, in one language) that reads differently.

    `field` is the item's field ("activity", "responsible.uz", "text" for a recital or
    provision); `language` the code of the language ("en"); old or new is "" for a text
    one version lacks.
    """

    field: str
    language: str
    old: str
    new: str

    @property
    def words(self) -> tuple[WordOp, ...]:
        """The word-level changes from old to new."""
        return diff_words(self.old, self.new)


@attrs.frozen(kw_only=True)
class ItemChange:
    """An item inserted, deleted, changed (a text of it reads differently) or moved (and
    perhaps changed too: `texts` says). `old` and `new` are its field paths in each version
    ("sections[1].initiatives[0]"; None on the side that lacks it)."""

    item: Item
    kind: ChangeKind
    old: str | None
    new: str | None
    key: str | None = None
    texts: tuple[TextChange, ...] = ()


@attrs.frozen(kw_only=True)
class Changes:
    """Every change between two versions of the plan `id`, in the new version's order."""

    id: str
    changes: tuple[ItemChange, ...]
    #: Every item matched across the versions, changed or not: (old path, new path).
    pairs: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def count(self, item: Item, kind: ChangeKind) -> int:
        """How many items of a kind ("initiative") had this change ("inserted")."""
        return sum(1 for c in self.changes if c.item == item and c.kind == kind)

    def counts(self) -> dict[Item, dict[ChangeKind, int]]:
        """The number of changes of each kind, per item, leaving out what did not happen."""
        tally = Counter((c.item, c.kind) for c in self.changes)
        return {
            item: {kind: tally[item, kind] for kind in KINDS if tally[item, kind]}
            for item in ITEMS
            if any(tally[item, kind] for kind in KINDS)
        }

    def new_path(self, old: str) -> str | None:
        """The path in the new version of the item at `old` in the old one, when matched."""
        return dict(self.pairs).get(old)
