"""Where the cells of a table stand: one reading of spans for every renderer.

A `Table` lists each row's cells left to right in its own column order. A cell may span
columns (`colspan`) and rows (`rowspan`); a row below a cell that spans into it may list an
empty placeholder at that position (then its cells' spans add up to the column count) or
leave the position out (then it is skipped). A section row is one cell across the table.

`slots` turns that into a grid both renderers draw the same way: for each row, one `Slot`
per position left to right, covering every column once: a cell that starts there, the
continuation of a cell from a row above, or an empty cell where a row lists too few. A table
whose cells cannot stand in its columns is a RenderError naming the table and the row.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from briefgen.compose.blocks import Cell, Table
from briefgen.errors import RenderError

__all__ = ["Slot", "slots"]


class Slot(NamedTuple):
    """A cell as it stands in the grid (a tuple: a table of 300 rows makes thousands).

    `column` and `span`: its first column and how many it covers; `rows`: how many rows it
    covers from this one down; `start`: False where it continues a cell that starts in a row
    above (then `cell` is that cell, to be drawn merged, not again).
    """

    cell: Cell
    column: int
    span: int
    rows: int
    start: bool = True


_EMPTY = Cell()


def slots(table: Table, where: str = "") -> tuple[tuple[Slot, ...], ...]:
    """The grid of `table`: for each row, its slots left to right in column order.

    `where` begins every error message (the document, for instance).
    """
    ncols, nrows = len(table.columns), len(table.rows)
    prefix = f"{where}: " if where else ""
    name = f"{prefix}table {table.name or '(unnamed)'}"
    # Column -> (the cell spanning down into the next rows, rows left, its span).
    above: dict[int, tuple[Cell, int, int]] = {}
    grid: list[tuple[Slot, ...]] = []
    for r, row in enumerate(table.rows):
        at = f"{name}, row {row.ref or r + 1}"
        cells = list(row.cells)
        if row.kind == "section":
            cells = [attrs.evolve(cells[0], colspan=ncols)] if cells else []
        placeholders = bool(above) and sum(c.colspan for c in cells) == ncols
        index = column = 0
        out: list[Slot] = []
        while column < ncols:
            if column in above:
                cell, left, span = above.pop(column)
                out.append(Slot(cell=cell, column=column, span=span, rows=left, start=False))
                if left > 1:
                    above[column] = (cell, left - 1, span)
                if placeholders:  # skip the placeholders listed for the covered positions
                    covered = 0
                    while covered < span and index < len(cells):
                        covered += cells[index].colspan
                        index += 1
                column += span
                continue
            cell = cells[index] if index < len(cells) else _EMPTY
            index += 1
            span = cell.colspan
            taken = any(c in above for c in range(column + 1, column + span))
            if span < 1 or cell.rowspan < 1 or column + span > ncols or taken:
                raise RenderError(f"{at}: the cells do not fit the table's {ncols} columns")
            if r + cell.rowspan > nrows:
                raise RenderError(f"{at}: a cell spans past the last row")
            if cell.rowspan > 1:
                above[column] = (cell, cell.rowspan - 1, span)
            out.append(Slot(cell=cell, column=column, span=span, rows=cell.rowspan))
            column += span
        extra = [c for c in cells[index:] if c.paras or c.image is not None]
        if extra:
            raise RenderError(f"{at}: {len(extra)} cell(s) beyond the table's {ncols} columns")
        grid.append(tuple(out))
    return tuple(grid)
