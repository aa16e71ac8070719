"""Tests of briefgen.render.grid: where the cells of a table stand, the same for every format."""

from __future__ import annotations

import pytest

from briefgen.compose.blocks import Cell, Para, Row, Table
from briefgen.errors import RenderError
from briefgen.render.grid import slots


def cell(text: str = "", **spans: int) -> Cell:
    return Cell(paras=(Para.of(text, "cell"),) if text else (), **spans)


def positions(table: Table) -> list[list[tuple[str, int, int, bool]]]:
    """Each row's slots as (text, column, span, starts here)."""
    return [
        [(" ".join(p.text for p in s.cell.paras), s.column, s.span, s.start) for s in row]
        for row in slots(table)
    ]


def test_a_cell_spanning_rows_continues_below_whether_or_not_a_placeholder_is_listed() -> None:
    """A row under a row-spanning cell may list a placeholder there or leave it out: the
    grid is the same."""
    left_out = Table(
        columns=(1, 1, 1),
        rows=(
            Row(cells=(cell("a", rowspan=2), cell("b"), cell("c"))),
            Row(cells=(cell("d"), cell("e"))),
        ),
    )
    listed = Table(
        columns=(1, 1, 1),
        rows=(left_out.rows[0], Row(cells=(Cell(), cell("d"), cell("e")))),
    )
    expected = [
        [("a", 0, 1, True), ("b", 1, 1, True), ("c", 2, 1, True)],
        [("a", 0, 1, False), ("d", 1, 1, True), ("e", 2, 1, True)],
    ]
    assert positions(left_out) == positions(listed) == expected


def test_a_section_row_is_one_cell_across_the_table() -> None:
    """A section row's cell spans every column, whatever its colspan says."""
    table = Table(columns=(1, 1), rows=(Row(kind="section", cells=(cell("Area"),)),))
    assert positions(table) == [[("Area", 0, 2, True)]]


def test_a_row_with_too_few_cells_is_filled_with_empty_ones() -> None:
    """Missing cells at the end of a row stand as empty cells."""
    table = Table(columns=(1, 1, 1), rows=(Row(cells=(cell("a"),)),))
    assert positions(table) == [[("a", 0, 1, True), ("", 1, 1, True), ("", 2, 1, True)]]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((Row(cells=(cell("a", colspan=3),), ref="1.1"),), "row 1.1: the cells do not fit"),
        ((Row(cells=(cell("a", rowspan=2),)),), "row 1: a cell spans past the last row"),
        ((Row(cells=(cell("a"), cell("b"), cell("c"))),), "row 1: 1 cell(s) beyond the table's 2"),
    ],
)
def test_cells_that_cannot_stand_are_refused_naming_table_and_row(
    rows: tuple[Row, ...], message: str
) -> None:
    """A span past the columns or rows, or a cell too many, is a RenderError naming the
    table and the row."""
    with pytest.raises(
        RenderError, match=r"doc: table items, " + message.replace("(", r"\(").replace(")", r"\)")
    ):
        slots(Table(columns=(1, 1), rows=rows, name="items"), "doc")
