"""Tests of briefgen.compare.match: pairing the items of two versions of a list."""

from __future__ import annotations

from briefgen.compare.match import in_place, match

A = "Joint exercise on the response to an earthquake"
B = "Exchange of instructors between the academies"
C = "Study visit of specialists to the directorate"
D = "Working group on early warning systems"


def test_unchanged_items_pair_in_order() -> None:
    """The same list gives every item paired with itself."""
    assert match([A, B, C], [A, B, C]) == [(0, 0), (1, 1), (2, 2)]


def test_a_reworded_item_is_the_same_item() -> None:
    """An item with a few words changed pairs with its old version, not deleted and inserted."""
    reworded = "Exchange of instructors between the two training academies"
    assert match([A, B, C], [A, reworded, C]) == [(0, 0), (1, 1), (2, 2)]


def test_inserted_and_deleted_items_stay_unpaired() -> None:
    """An item only one version has is paired with nothing."""
    assert match([A, B, C], [A, C, D]) == [(0, 0), (2, 1)]


def test_a_moved_item_pairs_and_is_out_of_place() -> None:
    """An item moved to the end is still paired, and in_place tells it moved."""
    pairs = match([A, B, C], [A, C, B])
    assert pairs == [(0, 0), (1, 2), (2, 1)]
    assert len(in_place(pairs)) == 2 and (0, 0) in in_place(pairs)


def test_keys_decide_over_content() -> None:
    """Items with the same key pair however unlike, and two different keys never pair."""
    assert match([A, B], [D, B], ["x", "y"], ["x", "z"]) == [(0, 0)]


def test_an_item_given_a_key_later_still_pairs_by_content() -> None:
    """A key on one side only does not stop an item from pairing with its old version."""
    assert match([A, B], [A, B], [None, None], ["a", None]) == [(0, 0), (1, 1)]
