"""The format-neutral blocks: the breaking rules a Table gives both renderers."""

from __future__ import annotations

from typing import Literal

import pytest

from briefgen.compose.blocks import SMALL_TABLE, Cell, Para, Row, Table


def table(kinds: str, style: Literal["grid", "keyvalue", "plain"] = "grid") -> Table:
    """A table with one row per letter of `kinds`: h(eader), s(ection), b(ody)."""
    names = {"h": "header", "s": "section", "b": "body"}
    rows = tuple(
        Row(kind=names[k], cells=(Cell(paras=(Para.of(f"row {i}"),)),))  # type: ignore[arg-type]
        for i, k in enumerate(kinds)
    )
    return Table(columns=(1.0,), rows=rows, style=style)


def test_a_small_table_keeps_every_row_but_the_last() -> None:
    """Up to SMALL_TABLE body rows, no page may end inside the table: it moves whole."""
    assert SMALL_TABLE == 5
    assert table("hbbbbb").kept() == (True, True, True, True, True, False)


def test_no_page_holds_a_lone_row() -> None:
    """In a longer table a page may not end after a header or area row, after the first body
    row, or before the last one."""
    kept = table("hsbbbsbbb").kept()
    assert kept == (True, True, True, False, False, True, False, True, False)


def test_plain_tables_keep_only_their_headers_and_sections() -> None:
    """Side-by-side text is paragraphs, not records: its rows may end a page anywhere."""
    assert table("hbbb", style="plain").kept() == (True, False, False, False)


@pytest.mark.parametrize("kinds", ["", "h", "hs"])
def test_a_table_without_body_rows_may_end_after_its_last_row(kinds: str) -> None:
    """Whatever the rows, a page may end after the last one."""
    kept = table(kinds).kept()
    assert len(kept) == len(kinds) and kept[-1:] != (True,)
