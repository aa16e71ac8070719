"""Tests of briefgen.compare.words: word-level differences and similarity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefgen.compare.words import WordOp, diff_words, similarity, tokens


def test_a_changed_quarter_is_one_word() -> None:
    """'2026 Q3' -> '2026 Q4' deletes and inserts one word; the year and space stand."""
    assert diff_words("2026 Q3", "2026 Q4") == (
        WordOp("equal", "2026 "),
        WordOp("delete", "Q3"),
        WordOp("insert", "Q4"),
    )


def test_identical_texts_are_one_equal_stretch() -> None:
    """Nothing changed: a single stretch both versions share."""
    assert diff_words("Baku", "Baku") == (WordOp("equal", "Baku"),)


@given(st.text(), st.text())
def test_the_changes_rebuild_both_texts(old: str, new: str) -> None:
    """Keeping insertions gives the new text and keeping deletions the old one, for any text."""
    ops = diff_words(old, new)
    assert "".join(op.text for op in ops if op.op != "delete") == new
    assert "".join(op.text for op in ops if op.op != "insert") == old


@given(st.text())
def test_tokens_join_to_the_text(text: str) -> None:
    """Cutting a text into tokens loses nothing."""
    assert "".join(tokens(text)) == text


def test_similarity_counts_shared_words_not_case() -> None:
    """A reworded sentence is alike, an unrelated one is not, and capitals do not matter."""
    old = "Exchange of instructors for courses on high-angle rescue"
    assert similarity(old, old.upper()) == 1.0
    assert similarity(old, "Exchange of instructors for joint courses on water rescue") > 0.6
    assert similarity(old, "Study visit to Baku") < 0.3
