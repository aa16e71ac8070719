"""Spreadsheets: a plan's matrix of initiatives written in an XLSX workbook or a CSV file.

A plan's `sections` may name a file instead of listing the sections (`sections:
initiatives.xlsx`, or `{file: initiatives.xlsx, sheet: Initiatives}`). `read_matrix` turns
the sheet into the plain data of the sections, as if written in the record, and remembers
the cell of every field, so that a problem found later (by the converter, the record's own
checks, compose) names its cell: `plan.xlsx:Initiatives!D14` or `initiatives.csv:14:4`.

The layout (`grid` reads the cells, `shown` renders numbers and dates as the cells show
them):

- a header row: the first row with an `Activity` column; rows above it (a title) are not
  read. Columns are found by name, in any order, case and spacing ignored: COLUMNS, one
  `Responsible <party id>` per party, a language version as `Activity [az]`;
- a row with an Area and nothing else starts an area; a row with an Area and an activity
  starts one when its Area differs from the area above (so an Area repeated on every row,
  or one merged cell over the area's rows, works); a row without an Area continues the
  area above. Blank rows are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import Problem, Severity
from briefgen.load.sheets.grid import Grid, column_letter, read_grid
from briefgen.model import FieldPath, Language, format_path

__all__ = [
    "COLUMNS",
    "SHEET_SUFFIXES",
    "TEXT_FIELDS",
    "Matrix",
    "column_letter",
    "header",
    "is_sheet_link",
    "read_matrix",
]

#: File extensions a plan's `sections` may name.
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")

#: The text fields of a row, in the order of the matrix (responsible: one per party).
TEXT_FIELDS = ("area", "activity", "timeframe", "venue", "responsible", "outcome")

#: The column names, as headers write them.
COLUMNS = ("Area", "Activity", "Timeframe", "Venue", "Responsible <party>", "Outcome", "Key")


_HEADER = re.compile(
    r"(?P<field>area|activity|timeframe|venue|outcome|key|no|№|responsible(?:\s+(?P<party>.+?))?)"
    r"(?:\s*\[\s*(?P<lang>[^\]]*?)\s*\])?"
)
#: Placeholder data for a cell whose value is unusable (its problem is already reported),
#: so that no second problem ("required field missing") is reported for it.
_UNUSABLE = "\ufffd"


def header(field: str, party: str | None = None, lang: str | None = None) -> str:
    """A column's name: `Activity`, `Responsible az`, `Outcome [uz]`."""
    name = field.capitalize() if party is None else f"Responsible {party}"
    return name if lang is None else f"{name} [{lang}]"


def is_sheet_link(value: object) -> bool:
    """Whether a plan's `sections` value names a spreadsheet rather than listing sections."""
    if isinstance(value, Mapping):
        value = value.get("file")
    return isinstance(value, str)


@attrs.frozen
class _Column:
    field: str
    party: str | None
    lang: str | None


@attrs.define
class Matrix:
    """A sheet read as a plan's sections: their plain data and the cell of every field.

    `problems` are the sheet's own (headers, cells), each at its cell; `broken` is True when
    the sheet could not be read as a matrix at all (no header row, no Activity column), so
    that problems following from it are not reported.
    """

    grid: Grid
    data: list[dict[str, Any]] = attrs.field(factory=list)
    spots: dict[FieldPath, tuple[int, int]] = attrs.field(factory=dict)
    problems: list[tuple[tuple[int, int], Problem]] = attrs.field(factory=list)
    broken: bool = False

    @property
    def name(self) -> str:
        return self.grid.name

    def spot(self, path: FieldPath) -> tuple[int, int] | None:
        """The cell (row, column) of a field path of the sections (`("sections", 0, ...)`),
        or of the nearest field above it that has one."""
        for end in range(len(path), 0, -1):
            found = self.spots.get(path[:end])
            if found is not None:
                return found
        return None

    def place(self, path: FieldPath) -> str | None:
        """Where a field is written, as a user finds it (`Initiatives!D14`, `14:4`)."""
        found = self.spot(path)
        return None if found is None else self.grid.place(*found)

    def problem(
        self, path: FieldPath, message: str, severity: Severity = Severity.ERROR
    ) -> tuple[tuple[int, int], Problem]:
        """A problem about a field of the sections, at its cell, with the cell to sort by."""
        found = self.spot(path) or (0, 0)
        place = self.place(path)
        source = self.name if place is None else f"{self.name}:{place}"
        return found, Problem(
            source=source, path=format_path(path), message=message, severity=severity
        )

    def report(self, row: int, column: int, message: str, path: FieldPath = ()) -> None:
        problem = self.grid.problem(row, column, message, format_path(path) if path else "")
        self.problems.append(((row, column), problem))


def _known_columns(parties: Sequence[str]) -> str:
    names = list(COLUMNS)
    if parties:
        names[names.index("Responsible <party>")] = ", ".join(f"Responsible {p}" for p in parties)
    return ", ".join(names) + "; a language version as Activity [az]"


def _languages() -> str:
    return ", ".join(sorted(lang.value for lang in Language))


def _headers(
    matrix: Matrix, row: int, parties: Sequence[str], refused: set[int]
) -> dict[int, _Column]:
    """The columns of the header row; each bad header is reported at its cell and its
    column added to `refused` (its cells are not reported again)."""
    grid = matrix.grid
    by_party = {p.casefold(): p for p in parties}
    columns: dict[int, _Column] = {}
    seen: dict[_Column, int] = {}
    for (r, column), text in sorted(grid.cells.items()):
        if r != row:
            continue
        message, entry = _header(text, parties, by_party)
        if entry is not None and entry in seen:
            message = f"the column {text!r} is there twice (also at {grid.place(row, seen[entry])})"
        if message is not None or entry is None:
            matrix.report(row, column, message or "")
            refused.add(column)
            continue
        seen[entry] = column
        columns[column] = entry
    return columns


def _header(
    text: str, parties: Sequence[str], by_party: Mapping[str, str]
) -> tuple[str | None, _Column | None]:
    """The column a header names, or the problem with it."""
    match = _HEADER.fullmatch(" ".join(text.split()).casefold())
    if match is None:
        return f"unknown column {text!r} (columns: {_known_columns(parties)})", None
    field = match["field"]
    field = "no" if field == "№" else field.split()[0]
    party, lang = match["party"], match["lang"]
    if field == "responsible":
        if party is None:
            listed = " or ".join(f"Responsible {p}" for p in parties) or "Responsible az"
            return f"name the party of the column: {listed}", None
        if parties and party not in by_party:
            known = ", ".join(parties)
            return f"{text!r}: no party {party!r} in this plan (parties: {known})", None
        party = by_party.get(party, party)
    if lang is not None and field in ("key", "no"):
        return f"{text!r}: a {field} column has no languages", None
    if lang is not None and lang not in {item.value for item in Language}:
        return f"{text!r}: unknown language {lang!r} (languages: {_languages()})", None
    return None, _Column(field=field, party=party, lang=lang)


def _find_header(grid: Grid) -> int | None:
    """The header row: the first of the top rows with an Activity column."""
    rows = sorted({row for row, _ in grid.cells})[:20]
    for row in rows:
        for (r, _), text in grid.cells.items():
            if r == row:
                match = _HEADER.fullmatch(" ".join(text.split()).casefold())
                if match is not None and match["field"] == "activity":
                    return row
    return None


def _value(texts: Mapping[str | None, str], own: str) -> str | dict[str, str] | None:
    """A field's value from its columns' texts: plain, or by language (a plain text with
    language versions is the record's own language)."""
    if not texts:
        return None
    if list(texts) == [None]:
        return texts[None]
    out = {str(lang): text for lang, text in texts.items() if lang is not None}
    if None in texts:
        out = {own: texts[None], **out}
    return out


def read_matrix(
    path: Path,
    name: str,
    *,
    sheet: str | None = None,
    parties: Sequence[str] = (),
    language: str = "en",
) -> Matrix:
    """Read a plan's sections from a sheet; InputError when the file cannot be read at all.

    `parties`: the plan's party ids (a `Responsible` column must name one; empty: not
    checked here). `language`: the record's own language (of the columns without `[xx]`).
    """
    grid = read_grid(path, name, sheet)
    matrix = Matrix(grid=grid)
    head = _find_header(grid)
    if head is None:
        problem = Problem(
            source=name,
            message="no header row: none of the first rows names an Activity column "
            f"(columns: {_known_columns(parties)})",
        )
        matrix.problems.append(((0, 0), problem))
        matrix.broken = True
        return matrix
    refused: set[int] = set()
    columns = _headers(matrix, head, parties, refused)
    fields = {c.field for c in columns.values()}
    first = min(columns, default=1)
    matrix.spots[("sections",)] = (head, first)
    missing = [f for f in ("area", "activity") if f not in fields]
    if missing:
        listed = " and ".join(header(f) for f in missing)
        matrix.report(head, first, f"no {listed} column (columns: {_known_columns(parties)})")
        matrix.broken = True
        return matrix
    unusable = {(r, c): message for r, c, message in grid.problems}
    groups: dict[tuple[str, str | None], dict[str | None, int]] = {}
    for column, entry in sorted(columns.items()):
        groups.setdefault((entry.field, entry.party), {})[entry.lang] = column
    rows: dict[int, dict[int, str]] = {}
    for (row, column), text in grid.cells.items():
        if row > head:
            rows.setdefault(row, {})[column] = text
    for (row, column), message in sorted(unusable.items()):
        if row > head and column in columns and columns[column].field != "no":
            rows.setdefault(row, {})[column] = _UNUSABLE
        else:
            matrix.report(row, column, message)
    nameless: set[int] = set()
    for row in sorted(rows):
        cells = rows[row]
        for column in sorted(cells):
            if column not in columns and column not in nameless and column not in refused:
                nameless.add(column)
                matrix.report(
                    row,
                    column,
                    "a cell in a column without a name; name the column in the header row "
                    f"(row {grid.lines.get(head, head)}) or clear it",
                )
        _row(matrix, row, cells, groups, unusable, language)
    if not matrix.data:
        matrix.report(head, first, "no areas or initiatives below the header row")
        matrix.broken = True
    return matrix


def _row(
    matrix: Matrix,
    row: int,
    cells: Mapping[int, str],
    groups: Mapping[tuple[str, str | None], Mapping[str | None, int]],
    unusable: Mapping[tuple[int, int], str],
    language: str,
) -> None:
    """Add one row to the matrix: an area, an initiative, or both."""
    values: dict[tuple[str, str | None], str | dict[str, str]] = {}
    for group, by_lang in groups.items():
        if group[0] == "no":
            continue
        texts = {lang: cells[col] for lang, col in by_lang.items() if cells.get(col)}
        value = _value(texts, language)
        if value is not None:
            values[group] = value
    if not values:
        return
    area = values.pop(("area", None), None)
    key = values.pop(("key", None), None)
    current = matrix.data[-1] if matrix.data else None
    if area is not None and (not values or current is None or not _same(area, current["area"])):
        section: dict[str, Any] = {"area": area, "initiatives": []}
        if key is not None and not values:
            section["key"] = key
        matrix.data.append(section)
        at: FieldPath = ("sections", len(matrix.data) - 1)
        _spots(matrix, row, at, ("area", None), groups)
        matrix.spots[at] = matrix.spots[(*at, "initiatives")] = matrix.spots[(*at, "area")]
        current = section
    if not values:
        _unusable(matrix, row, cells, groups, unusable, len(matrix.data) - 1, None)
        return
    if current is None:
        column = min(groups[("area", None)].values())
        matrix.report(
            row,
            column,
            "an initiative before any area: write its area in this cell, or an area row above",
        )
        return
    initiative: dict[str, Any] = {}
    for (field, party), value in values.items():
        if party is None:
            initiative[field] = value
        else:
            initiative.setdefault("responsible", {})[party] = value
    if key is not None:
        initiative["key"] = key
    index = len(current["initiatives"])
    current["initiatives"].append(initiative)
    s = len(matrix.data) - 1
    at = ("sections", s, "initiatives", index)
    activity = min(groups[("activity", None)].values())
    matrix.spots[at] = (row, activity)
    for group in groups:
        if group[0] != "area":
            _spots(matrix, row, at, group, groups)
    if ("responsible", None) not in groups:
        responsible = [
            c for (f, _), by in groups.items() if f == "responsible" for c in by.values()
        ]
        if responsible:
            matrix.spots[(*at, "responsible")] = (row, min(responsible))
    _unusable(matrix, row, cells, groups, unusable, s, index)


def _same(area: str | dict[str, str], current: str | dict[str, str]) -> bool:
    """Whether a row's Area cells say the area above (each text given is the same)."""
    if isinstance(area, str) or isinstance(current, str):
        return area == current
    return all(current.get(lang) == text for lang, text in area.items())


def _spots(
    matrix: Matrix,
    row: int,
    at: FieldPath,
    group: tuple[str, str | None],
    groups: Mapping[tuple[str, str | None], Mapping[str | None, int]],
) -> None:
    field, party = group
    base: FieldPath = (*at, field) if party is None else (*at, "responsible", party)
    by_lang = groups[group]
    matrix.spots[base] = (row, by_lang.get(None, min(by_lang.values())))
    for lang, column in by_lang.items():
        if lang is not None:
            matrix.spots[(*base, lang)] = (row, column)


def _unusable(
    matrix: Matrix,
    row: int,
    cells: Mapping[int, str],
    groups: Mapping[tuple[str, str | None], Mapping[str | None, int]],
    unusable: Mapping[tuple[int, int], str],
    section: int,
    index: int | None,
) -> None:
    """Report the row's unusable cells (never-calculated formulas, error values), each with
    the field it was meant for."""
    for (field, party), by_lang in groups.items():
        for lang, column in by_lang.items():
            message = unusable.get((row, column))
            if message is None or cells.get(column) != _UNUSABLE:
                continue
            if field == "area" or index is None:
                base: FieldPath = ("sections", section, field)
            elif party is None:
                base = ("sections", section, "initiatives", index, field)
            else:
                base = ("sections", section, "initiatives", index, "responsible", party)
            matrix.report(row, column, message, base if lang is None else (*base, lang))
