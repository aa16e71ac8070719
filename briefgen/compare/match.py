"""Matching the items of two versions of a list: by stable key, then by content and place.

`match` pairs the items of an old list with those of a new one. An item that carries a
`key` on both sides is paired by it; the others are paired by content: identical texts in
the same order first (difflib's longest matching blocks), then, inside each stretch that
differs, the most alike items in order (a reworded item is one item changed, not a deletion
and an insertion), then alike items anywhere (an item moved). `in_place` tells which pairs
keep their order and which moved.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence

from briefgen.compare.words import similarity

__all__ = ["ALIKE", "in_place", "match"]

#: The least similarity at which two texts are taken for versions of one item.
ALIKE = 0.5


def match(
    old: Sequence[str],
    new: Sequence[str],
    old_keys: Sequence[str | None] = (),
    new_keys: Sequence[str | None] = (),
) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the items that are versions of one item, by old index.

    `old` and `new` are the items' texts; the keys, when given, are each item's stable key
    (None for an item without one). A key given on both sides decides; an item whose key
    the other side lacks is matched by content only with an item without a key.
    """
    okeys = list(old_keys) or [None] * len(old)
    nkeys = list(new_keys) or [None] * len(new)
    pairs: dict[int, int] = {}
    by_key = {key: j for j, key in enumerate(nkeys) if key is not None}
    old_keyed = {key for key in okeys if key is not None}
    for i, key in enumerate(okeys):
        if key is not None and key in by_key:
            pairs[i] = by_key[key]
    taken = set(pairs.values())
    free_old = [
        i for i, key in enumerate(okeys) if i not in pairs and (key is None or key not in by_key)
    ]
    free_new = [
        j for j, key in enumerate(nkeys) if j not in taken and (key is None or key not in old_keyed)
    ]

    def keyless_pair(i: int, j: int) -> bool:
        # Two items that both carry a key are different items, however alike.
        return okeys[i] is None or nkeys[j] is None

    a = [" ".join(old[i].casefold().split()) for i in free_old]
    b = [" ".join(new[j].casefold().split()) for j in free_new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if keyless_pair(free_old[i1 + k], free_new[j1 + k]):
                    pairs[free_old[i1 + k]] = free_new[j1 + k]
        elif tag == "replace":
            start = j1
            for x in range(i1, i2):
                best, best_at = ALIKE, None
                for y in range(start, j2):
                    score = similarity(old[free_old[x]], new[free_new[y]])
                    if score >= best and keyless_pair(free_old[x], free_new[y]):
                        best, best_at = score, y
                if best_at is not None:
                    pairs[free_old[x]] = free_new[best_at]
                    start = best_at + 1
    # What is left may have moved: the most alike pairs first, anywhere in the list.
    rest_old = [i for i in free_old if i not in pairs]
    used = set(pairs.values())
    rest_new = [j for j in free_new if j not in used]
    scored = sorted(
        (
            (-similarity(old[i], new[j]), i, j)
            for i in rest_old
            for j in rest_new
            if keyless_pair(i, j)
        ),
    )
    done_old: set[int] = set()
    done_new: set[int] = set()
    for negative, i, j in scored:
        if -negative < ALIKE:
            break
        if i in done_old or j in done_new:
            continue
        pairs[i] = j
        done_old.add(i)
        done_new.add(j)
    return sorted(pairs.items())


def in_place(pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs that keep their relative order (the longest run in order); the others moved."""
    ordered = sorted(pairs)
    # Longest increasing subsequence of the new indices, in O(n log n).
    tails: list[int] = []
    tail_at: list[int] = []
    previous: list[int] = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        slot = bisect.bisect_left(tails, j)
        if slot == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[slot] = j
            tail_at[slot] = k
        previous[k] = tail_at[slot - 1] if slot else -1
    kept: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(ordered[k])
        k = previous[k]
    return kept
