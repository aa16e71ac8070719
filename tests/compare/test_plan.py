"""Tests of briefgen.compare.plan: `compare(old, new) -> Changes`, read without rendering."""

from __future__ import annotations

import attrs

import briefgen
from briefgen.compare import Changes, compare
from briefgen.model import LocalText
from tests.compare.redlines import NEW, OLD


def versions() -> tuple[briefgen.Plan, briefgen.Plan]:
    old, new = briefgen.load(OLD), briefgen.load(NEW)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    return old, new


def test_the_example_round_counts_every_change() -> None:
    """The two example versions differ by what their header says, item by item."""
    changes = briefgen.compare(*versions())
    assert isinstance(changes, Changes)
    assert changes.counts() == {
        "initiative": {"changed": 2, "inserted": 1, "deleted": 1},
        "provision": {"moved": 1},
        "signatory": {"changed": 1},
    }


def test_a_timeframe_change_is_one_word_in_each_language() -> None:
    """2026 Q3 -> 2026 Q4 is the timeframe of initiative 1.1 changed, one word in en and az."""
    first = compare(*versions()).changes[0]
    assert (first.item, first.kind, first.old, first.new) == (
        "initiative",
        "changed",
        "sections[0].initiatives[0]",
        "sections[0].initiatives[0]",
    )
    words = {
        (t.field, t.language): [(w.op, w.text) for w in t.words if w.op != "equal"]
        for t in first.texts
    }
    assert words == {
        ("timeframe", "en"): [("delete", "Q3"), ("insert", "Q4")],
        ("timeframe", "az"): [("delete", "III"), ("insert", "IV")],
    }


def test_added_and_removed_initiatives_name_their_places() -> None:
    """The new initiative is 2.3 of the new version, the removed one 3.2 of the old."""
    changes = compare(*versions()).changes
    assert [(c.old, c.new) for c in changes if c.kind in ("inserted", "deleted")] == [
        (None, "sections[1].initiatives[2]"),
        ("sections[2].initiatives[1]", None),
    ]


def test_a_reordered_provision_is_moved_not_rewritten() -> None:
    """Swapping two provisions moves one of them and changes no text."""
    moved = [c for c in compare(*versions()).changes if c.kind == "moved"]
    assert [(c.item, c.texts) for c in moved] == [("provision", ())]


def test_a_replaced_signatory_is_that_party_changed() -> None:
    """A new signatory for Uzbekistan is the uz signatory changed, in every language given."""
    (change,) = [c for c in compare(*versions()).changes if c.item == "signatory"]
    assert change.key == "uz"
    assert {(t.field, t.language, t.new) for t in change.texts} == {
        ("name", "en", "Abdulla Kuldashev"),
        ("name", "az", "Abdulla Quldaşev"),
        ("name", "uz", "Abdulla Quldoshev"),
    }


def test_the_same_version_has_no_changes() -> None:
    """A plan compared with itself has no changes, and every item is paired with itself."""
    old, _ = versions()
    changes = compare(old, old)
    assert not changes and changes.counts() == {}
    assert all(a == b for a, b in changes.pairs)


def _with_initiative(plan: briefgen.Plan, s: int, i: int, **fields: object) -> briefgen.Plan:
    sections = list(plan.sections)
    initiatives = list(sections[s].initiatives)
    initiatives[i] = attrs.evolve(initiatives[i], **fields)  # type: ignore[misc]
    sections[s] = attrs.evolve(sections[s], initiatives=tuple(initiatives))
    return attrs.evolve(plan, sections=tuple(sections))


def test_keys_match_a_rewritten_initiative() -> None:
    """An initiative rewritten beyond recognition is still one item changed when both
    versions give it the same key, and a deletion plus an insertion without one."""
    old, _ = versions()
    other = LocalText("Something else entirely: a new subject")
    rewritten = _with_initiative(old, 0, 0, activity=other, outcome=None, venue=None)
    unkeyed = compare(old, rewritten).counts()["initiative"]
    assert unkeyed == {"inserted": 1, "deleted": 1}
    keyed_old = _with_initiative(old, 0, 0, key="quake-exercise")
    keyed_new = _with_initiative(rewritten, 0, 0, key="quake-exercise")
    assert compare(keyed_old, keyed_new).counts() == {"initiative": {"changed": 1}}


def test_an_initiative_key_must_be_unique() -> None:
    """Two initiatives with one key are refused, naming the second."""
    import pytest

    from briefgen.model import InvalidRecord

    old, _ = versions()
    with pytest.raises(InvalidRecord, match="duplicate key 'x'") as caught:
        _with_initiative(_with_initiative(old, 0, 0, key="x"), 0, 1, key="x")
    assert caught.value.problems[0][0] == ("sections", 0, "initiatives", 1, "key")
