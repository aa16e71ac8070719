"""Tests of briefgen.compose.parts: the helpers every kind of document uses."""

from __future__ import annotations

from briefgen.compose.blocks import HEADING_LEVELS, Heading, Signature, SignatureBlock
from briefgen.compose.parts import fit_columns


def test_fit_columns_gives_long_text_more_room_but_never_a_word_per_line() -> None:
    """Widths grow with the text and never fall below the longest word of a column."""
    widths = fit_columns(
        [["1.1", "a long activity " * 10, "2026"]], ["No.", "Activity", "Timeframe"]
    )
    assert widths[1] > widths[2] > widths[0] * 0.5
    assert widths[2] >= len("Timeframe") * 0.9


def test_a_heading_level_is_clamped_once_in_the_block() -> None:
    """Levels past the deepest styled one, and below 1, are set at the nearest styled level."""
    assert Heading(text="x", level=7).level == HEADING_LEVELS
    assert Heading(text="x", level=0).level == 1


def _signatures(count: int) -> tuple[Signature, ...]:
    return tuple(Signature(caption=(), details=(), image=None) for _ in range(count))


def test_up_to_three_signatures_stand_on_one_row() -> None:
    """Two or three signatories sign side by side on one row."""
    sigs = _signatures(3)
    assert SignatureBlock(intro=(), signatures=sigs).rows == (sigs,)


def test_four_or_more_signatures_go_two_to_a_row() -> None:
    """Five signatories sign two to a row, the last row padded where reading ends."""
    sigs = _signatures(5)
    rows = SignatureBlock(intro=(), signatures=sigs).rows
    assert rows == ((sigs[0], sigs[1]), (sigs[2], sigs[3]), (sigs[4], None))


def test_a_right_to_left_grid_starts_on_the_right() -> None:
    """In a right-to-left document the first signature is the right-hand one."""
    sigs = _signatures(3)
    rows = SignatureBlock(intro=(), signatures=sigs, rtl=True, per_row=2).rows
    assert rows == ((sigs[1], sigs[0]), (None, sigs[2]))
