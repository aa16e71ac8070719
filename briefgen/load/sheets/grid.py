"""Reading a spreadsheet file into a grid of texts: XLSX (openpyxl) and CSV (UTF-8).

A grid holds, for each non-empty cell, the text the cell shows (stripped, line breaks kept),
its place as a user names it (`Initiatives!D14`, or `14:4` for line and column of a CSV),
and the problems of single cells (a formula never calculated, an error value such as
`#DIV/0!`). A file that cannot be read at all is an InputError naming the file.

Bounds: a file of at most MAX_BYTES; an XLSX of at most MAX_PARTS parts that unpacks to at
most MAX_UNPACKED bytes (a zip bomb is refused from its directory, before anything is
unpacked: zipfile never inflates past the size an entry declares) with a worksheet of at most
MAX_SHEET_BYTES; cells past MAX_ROWS rows or MAX_COLUMNS columns are refused, whatever the
sheet's declared dimension. So a hostile workbook fails in bounded time and memory.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import InputError, Problem
from briefgen.load.parse.source import MAX_BYTES
from briefgen.load.sheets.shown import shown

__all__ = [
    "MAX_COLUMNS",
    "MAX_PARTS",
    "MAX_ROWS",
    "MAX_SHEET_BYTES",
    "MAX_UNPACKED",
    "Grid",
    "read_grid",
]

#: Rows of a sheet read (header and area rows included): the record limits allow 2,000
#: table rows, with room for area rows and blank lines.
MAX_ROWS = 5_000
#: Columns of a sheet read: every field in every language for a dozen parties fits.
MAX_COLUMNS = 200
#: Parts (files) inside an XLSX.
MAX_PARTS = 2_000
#: Bytes an XLSX unpacks to, all parts together.
MAX_UNPACKED = 100 * 1024 * 1024
#: Bytes of the one worksheet read (the cells; texts are in the shared strings part).
MAX_SHEET_BYTES = 40 * 1024 * 1024

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SAVE_AS_XLSX = "save it from Excel or LibreOffice as an Excel Workbook (.xlsx), without a password"
SAVE_AS_UTF8 = (
    'in Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; in LibreOffice '
    'tick "Edit filter settings" and choose the character set "Unicode (UTF-8)"'
)


#: What reading a damaged zip raises (a bad CRC, data that does not inflate, a cut file).
_BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


@attrs.frozen
class Grid:
    """The texts of a sheet's non-empty cells, by (row, column), 1-based.

    `rows` counts from the top of the sheet (XLSX) or is the record number (CSV); `lines`
    gives the line of the file where each CSV record starts. `problems` are the cells that
    hold no usable text, as (row, column, message).
    """

    name: str
    sheet: str | None
    cells: dict[tuple[int, int], str]
    problems: list[tuple[int, int, str]]
    lines: dict[int, int] = attrs.field(factory=dict)

    def place(self, row: int, column: int) -> str:
        """A cell as a user finds it: `Initiatives!D14` in a workbook, `14:4` in a CSV."""
        if self.sheet is None:
            return f"{self.lines.get(row, row)}:{column}"
        return f"{_sheet_ref(self.sheet)}!{column_letter(column)}{row}"

    def problem(self, row: int, column: int, message: str, path: str = "") -> Problem:
        """A Problem at one cell."""
        return Problem(source=f"{self.name}:{self.place(row, column)}", path=path, message=message)


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_ref(sheet: str) -> str:
    """A sheet's name as a formula writes it: quoted when not a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _fail(name: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(source=name, line=line, message=message)])


def read_grid(path: Path, name: str, sheet: str | None = None) -> Grid:
    """The grid of an XLSX sheet (the first one unless `sheet` names one) or of a CSV file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(name, "file not found") from None
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise _fail(name, f"larger than {limit} MB; a matrix of initiatives is far smaller")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise _fail(name, "a CSV file has no sheets; leave `sheet` out")
        return _read_csv(path, name)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name, sheet)
    if suffix in (".xls", ".ods", ".numbers"):
        raise _fail(name, f"a {suffix} file cannot be read; {SAVE_AS_XLSX}")
    raise _fail(name, "not a spreadsheet (extensions: .csv, .xlsx, .xlsm)")


# ---------------------------------------------------------------------------------------------
# CSV


def _csv_text(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(
            name, f'UTF-16 text (Excel\'s "Unicode Text"), not UTF-8 CSV; {SAVE_AS_UTF8}', 1
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = (
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}): saved in a legacy code page such as "
            "Windows-1251 or Windows-1254, which cannot hold ə, ğ or oʻ; save it as UTF-8: "
            f"{SAVE_AS_UTF8}"
        )
        raise _fail(name, message, line) from None


def _read_csv(path: Path, name: str) -> Grid:
    text = _csv_text(path.read_bytes(), name)
    first = text.split("\n", 1)[0]
    # Excel writes `;` where the decimal separator is a comma (most of Europe), tabs for
    # "Unicode Text": the header line says which.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells: dict[tuple[int, int], str] = {}
    lines: dict[int, int] = {}
    problems: list[tuple[int, int, str]] = []
    row = 0
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            row += 1
            lines[row] = start
            if row > MAX_ROWS:
                _beyond(name, f"line {start}", "rows", MAX_ROWS)
            for column, value in enumerate(record, start=1):
                value = _clean(value)
                if not value:
                    continue
                if column > MAX_COLUMNS:
                    _beyond(name, f"{start}:{column}", "columns", MAX_COLUMNS)
                cells[row, column] = value
    except csv.Error as exc:
        raise _fail(name, f"not a valid CSV file: {exc}", reader.line_num) from None
    return Grid(name=name, sheet=None, cells=cells, problems=problems, lines=lines)


def _beyond(name: str, where: str, what: str, limit: int) -> None:
    message = (
        f"the sheet has {what} past {limit:,} (at {where}); a matrix of initiatives may have "
        f"at most that many {what}: delete what is not the matrix, or split the plan"
    )
    raise _fail(name, message)


def _clean(value: str) -> str:
    """A cell's text as the matrix takes it: line breaks kept (as \\n), ends stripped."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# ---------------------------------------------------------------------------------------------
# XLSX


def _read_xlsx(path: Path, name: str, sheet: str | None) -> Grid:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: an .xls, or an encrypted workbook
            raise _fail(
                name, f"a password-protected workbook or an old .xls file; {SAVE_AS_XLSX}"
            ) from None
        raise _fail(name, f"not an XLSX workbook (not a zip archive); {SAVE_AS_XLSX}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _fail(name, f"{len(infos):,} parts inside; a workbook may have {MAX_PARTS:,}")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED:
            raise _fail(
                name,
                f"unpacks to {unpacked // 2**20:,} MB; a workbook may unpack to at most "
                f"{MAX_UNPACKED // 2**20} MB (is it a zip bomb?)",
            )
        sheets = _sheet_parts(archive, name)
        if not sheets:
            raise _fail(name, f"the workbook has no worksheet; {SAVE_AS_XLSX}")
        if sheet is None:
            title, part = next(iter(sheets.items()))
        elif sheet in sheets:
            title, part = sheet, sheets[sheet]
        else:
            listed = ", ".join(repr(s) for s in sheets)
            raise _fail(name, f"no sheet {sheet!r} in the workbook (sheets: {listed})")
        try:
            size = archive.getinfo(part).file_size
        except KeyError:
            raise _fail(name, f"sheet {title!r} is missing from the workbook") from None
        if size > MAX_SHEET_BYTES:
            raise _fail(
                name,
                f"sheet {title!r} unpacks to {size // 2**20:,} MB; a sheet may have at most "
                f"{MAX_SHEET_BYTES // 2**20} MB (delete what is not the matrix)",
            )
        try:
            with archive.open(part) as stream:
                uncalculated = _scan(stream, name)
        except _BROKEN_ZIP as exc:
            raise _fail(name, f"a damaged workbook ({exc}); {SAVE_AS_XLSX}") from None
    return _cells_of(path, name, title, uncalculated)


def _sheet_parts(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """The workbook's worksheets in order, by title, with the part that holds each."""
    from lxml import etree

    parser = _parser()
    try:
        book = etree.fromstring(archive.read("xl/workbook.xml"), parser=parser)
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser=parser)
    except (KeyError, etree.XMLSyntaxError):
        raise _fail(name, f"not an XLSX workbook (no xl/workbook.xml); {SAVE_AS_XLSX}") from None
    except _BROKEN_ZIP as exc:
        raise _fail(name, f"a damaged workbook ({exc}); {SAVE_AS_XLSX}") from None
    targets: dict[str, str] = {}
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        if not str(rel.get("Type", "")).endswith("/worksheet"):
            continue
        target = str(rel.get("Target", ""))
        full = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[str(rel.get("Id"))] = posixpath.normpath(full)
    found: dict[str, str] = {}
    for entry in book.iter(f"{_NS}sheet"):
        rid = entry.get(f"{_REL_NS}id")
        if rid in targets:
            found[str(entry.get("name"))] = targets[str(rid)]
    return found


def _parser() -> Any:
    from lxml import etree

    # No entities, no network, no huge trees: a workbook's XML needs none of them.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


#: Cells that merged ranges may cover, all together (openpyxl makes an object of each).
MAX_MERGED_CELLS = 100_000

_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _scan(stream: Any, name: str) -> dict[tuple[int, int], str]:
    """Read the sheet's XML once, streaming, before openpyxl: the cells holding a formula but
    no value (the workbook was never calculated: written by a program, not saved from Excel
    or LibreOffice), as {(row, column): formula}; and refuse merged ranges past the limits
    (openpyxl makes an object of every merged cell, millions for `A1:A1048576`)."""
    from lxml import etree

    cell_tag, formula_tag, value_tag = f"{_NS}c", f"{_NS}f", f"{_NS}v"
    merge_tag = f"{_NS}mergeCell"
    found: dict[tuple[int, int], str] = {}
    merged = 0
    try:
        for _, element in etree.iterparse(
            stream,
            events=("end",),
            tag=(cell_tag, merge_tag),
            resolve_entities=False,
            no_network=True,
        ):
            if element.tag == merge_tag:
                ref = str(element.get("ref", ""))
                corners = [_REF.fullmatch(part) for part in ref.split(":")]
                if len(corners) == 2 and all(corners):
                    (top, left), (bottom, right) = (
                        (int(m[2]), _column_number(m[1])) for m in corners if m
                    )
                    merged += (bottom - top + 1) * (right - left + 1)
                    if bottom > MAX_ROWS:
                        _beyond(name, f"the merged cells {ref}", "rows", MAX_ROWS)
                    if right > MAX_COLUMNS:
                        _beyond(name, f"the merged cells {ref}", "columns", MAX_COLUMNS)
                    if merged > MAX_MERGED_CELLS:
                        raise _fail(
                            name,
                            f"merged cells cover more than {MAX_MERGED_CELLS:,} cells (at "
                            f"{ref}); unmerge what is not the matrix",
                        )
            else:
                formula = element.find(formula_tag)
                if formula is not None:
                    value = element.find(value_tag)
                    match = _REF.fullmatch(str(element.get("r", "")))
                    if (value is None or not (value.text or "")) and match:
                        found[int(match[2]), _column_number(match[1])] = formula.text or ""
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        raise _fail(name, f"the sheet is not valid XML ({exc}); {SAVE_AS_XLSX}") from None
    return found


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _cells_of(path: Path, name: str, title: str, uncalculated: dict[tuple[int, int], str]) -> Grid:
    import openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns of extensions it drops: not ours
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                path, data_only=True, keep_links=False, keep_vba=False, rich_text=False
            )
    except Exception as exc:  # openpyxl raises whatever its parsers meet: translated here
        raise _fail(name, f"cannot read the workbook ({exc}); {SAVE_AS_XLSX}") from exc
    sheet = book[title]
    grid = Grid(name=name, sheet=title, cells={}, problems=[])
    # The sheet's own cells only (`iter_rows` would create every cell of the declared
    # dimension, billions for a cell at XFD1048576).
    owned: dict[tuple[int, int], Any] = sheet._cells
    for (row, column), cell in sorted(owned.items()):
        if row > MAX_ROWS or column > MAX_COLUMNS:
            if cell.value is None and (row, column) not in uncalculated:
                continue
            what, limit = ("rows", MAX_ROWS) if row > MAX_ROWS else ("columns", MAX_COLUMNS)
            _beyond(name, grid.place(row, column), what, limit)
        if (row, column) in uncalculated:
            formula = uncalculated[row, column]
            grid.problems.append(
                (
                    row,
                    column,
                    f"a formula (={formula}) that was never calculated: the file holds no "
                    "value for it (written by a program, not saved by Excel or LibreOffice); "
                    "open the workbook in one of them and save it, or type the value",
                )
            )
            continue
        if cell.data_type == "e":
            grid.problems.append(
                (row, column, f"the cell shows the error {cell.value}; correct its formula")
            )
            continue
        text = _clean(shown(cell.value, str(cell.number_format or "General")))
        if text:
            grid.cells[row, column] = text
    for merged in sheet.merged_cells.ranges:
        # A merged range shows its first cell's value; people merge an area's cell over its
        # rows, so the value holds for each row of the range (in its first column only:
        # an area row merged across the table stays one area row).
        value = grid.cells.get((merged.min_row, merged.min_col))
        if value is None:
            continue
        for row in range(merged.min_row + 1, min(merged.max_row, MAX_ROWS) + 1):
            grid.cells.setdefault((row, merged.min_col), value)
    return grid
