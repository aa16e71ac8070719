"""Tests of briefgen.load.sheets: a plan's matrix of initiatives read from XLSX and CSV."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

import briefgen
from briefgen.load import load, load_with_sources
from briefgen.load.sheets import grid as grid_module
from briefgen.load.sheets.shown import shown
from briefgen.model import Plan
from tests.load.files import problems_of, write

INPUTS = Path(__file__).resolve().parents[2] / "inputs" / "az-uz-2026"


def _plan_with(source: Path, folder: Path, sections: str, name: str = "plan.yaml") -> Path:
    """A copy of the plan at `source` in `folder`, its sections replaced by `sections`."""
    text = source.read_text(encoding="utf-8")
    start, end = text.index("\nsections:"), text.index("\nfinal_provisions:")
    return write(folder, name, text[:start] + f"\nsections: {sections}\n" + text[end:])


def _sections(source: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return list(data["sections"])


def _hand_written(path: Path) -> None:
    """plan-az-en.yaml's matrix laid out as people do in Excel: a title row, columns in
    their own order and case, the Area merged over its rows, a blank row between areas."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Initiatives"
    sheet.append(["Plan of joint actions 2026-2027"])
    sheet.append(
        [
            "AREA",
            "area [az]",
            "  Activity ",
            "Activity [az]",
            "Responsible AZ",
            "Responsible az [az]",
            "Responsible uz",
            "Responsible uz [az]",
            "Timeframe",
            "Timeframe [az]",
            "Venue",
            "Venue [az]",
            "Outcome",
            "Outcome [az]",
        ]
    )
    number = 3  # the row written next
    for section in _sections(INPUTS / "plan-az-en.yaml"):
        area = section["area"]  # type: ignore[index]
        first = number
        for initiative in section["initiatives"]:  # type: ignore[index]
            row: list[object] = [area["en"], area["az"]] if number == first else [None, None]
            for field in ("activity", "az", "uz", "timeframe", "venue", "outcome"):
                value = (
                    initiative["responsible"][field]
                    if field in ("az", "uz")
                    else initiative.get(field)
                )
                if value is None:
                    row += [None, None]
                elif isinstance(value, dict):
                    row += [value["en"], value["az"]]
                else:
                    row += [value, None]
            row[2] = f"  {row[2]} "  # spaces around a text are not kept
            for column, value in enumerate(row, start=1):
                sheet.cell(row=number, column=column, value=value)
            number += 1
        sheet.merge_cells(start_row=first, end_row=number - 1, start_column=1, end_column=1)
        sheet.merge_cells(start_row=first, end_row=number - 1, start_column=2, end_column=2)
        number += 1  # a blank row between areas
    book.save(path)


def test_a_hand_written_workbook_builds_the_same_pdf_as_the_yaml(tmp_path: Path) -> None:
    """A workbook with merged Area cells, columns in any order and case, an `Activity [az]`
    column, a title row and blank rows gives the plan of the YAML example, and its PDF."""
    _hand_written(tmp_path / "matrix.xlsx")
    linked = _plan_with(INPUTS / "plan-az-en.yaml", tmp_path, "matrix.xlsx")
    from_sheet, from_yaml = load(linked), load(INPUTS / "plan-az-en.yaml")
    assert isinstance(from_sheet, Plan) and isinstance(from_yaml, Plan)
    assert from_sheet.sections == from_yaml.sections
    assert briefgen.render(from_sheet, "pdf") == briefgen.render(from_yaml, "pdf")


def test_a_csv_with_the_area_on_every_row_gives_the_same_sections(tmp_path: Path) -> None:
    """A CSV written by Excel in a comma-decimal locale (`;`, a byte order mark), with the Area
    repeated on every row and a line break inside a quoted cell, reads as the YAML does."""
    lines = ["Area;Activity;Timeframe;Venue;Responsible az;Responsible uz;Outcome"]
    expected = _sections(INPUTS / "plan.yaml")
    for section in expected:
        for initiative in section["initiatives"]:  # type: ignore[index]
            cells = [
                section["area"]["en"],  # type: ignore[index]
                initiative["activity"],
                initiative.get("timeframe", ""),
                initiative.get("venue", ""),
                initiative["responsible"]["az"],
                initiative["responsible"]["uz"],
                initiative.get("outcome", ""),
            ]
            lines.append(";".join('"' + c.replace('"', '""') + '"' for c in cells))
    lines[1] = lines[1].replace("Joint command-post exercise", "Joint command-post\nexercise")
    write(tmp_path, "matrix.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    plan = load(_plan_with(INPUTS / "plan.yaml", tmp_path, "matrix.csv"))
    assert isinstance(plan, Plan)
    assert [str(s.area) for s in plan.sections] == [s["area"]["en"] for s in expected]  # type: ignore[index]
    first = plan.sections[0].initiatives[0]
    assert str(first.activity).startswith("Joint command-post\nexercise on the response")
    assert [len(s.initiatives) for s in plan.sections] == [3, 2, 2]


def _broken_workbook(path: Path) -> None:
    """A workbook with an unknown header, a formula never calculated, an error value, a
    party the plan does not have and an initiative without its activity."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Initiatives"
    sheet.append(["Area", "Activity", "Budget", "Timeframe", "Responsible az", "Responsible xx"])
    sheet.append(["Training"])
    sheet.append([None, "Joint exercise", None, "2026 Q3", "Crisis Management Center"])
    sheet.append([None, "Exchange of instructors", None, "=YEAR(TODAY())", "Academy"])
    sheet.append([None, None, None, "2027", "Academy"])
    sheet.append([None, "Study visit", None, "=1/0", "Academy"])
    book.save(path)
    # openpyxl writes no cached values; give D6 the error value Excel would have cached.
    _patched(
        path,
        lambda xml: re.sub(
            r'<c r="D6"[^>]*><f>1/0</f><v\s*/?>(?:</v>)?</c>',
            '<c r="D6" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            xml,
        ),
    )


def test_every_problem_of_the_record_and_its_workbook_is_reported_at_once(tmp_path: Path) -> None:
    """The record's own problem and every problem of its workbook come in one report, the
    workbook's each at its cell and field, in the order of the cells."""
    _broken_workbook(tmp_path / "plan.xlsx")
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "plan.xlsx")
    path.write_text(path.read_text(encoding="utf-8").replace("version: ", "versio: "), "utf-8")
    lines = problems_of(path)
    assert len(lines) == 6
    assert lines[0].startswith(f"{path}:7: versio: unknown field; did you mean 'version'?")
    x = f"{tmp_path / 'plan.xlsx'}:Initiatives"
    assert lines[1:] == [
        f"{x}!C1: unknown column 'Budget' (columns: Area, Activity, Timeframe, Venue, "
        "Responsible az, Responsible uz, Outcome, Key; a language version as Activity [az])",
        f"{x}!F1: 'Responsible xx': no party 'xx' in this plan (parties: az, uz)",
        f"{x}!D4: sections[0].initiatives[1].timeframe: a formula (=YEAR(TODAY())) that was "
        "never calculated: the file holds no value for it (written by a program, not saved "
        "by Excel or LibreOffice); open the workbook in one of them and save it, or type the "
        "value",
        f"{x}!B5: sections[0].initiatives[2].activity: required field missing",
        f"{x}!D6: sections[0].initiatives[3].timeframe: the cell shows the error #DIV/0!; "
        "correct its formula",
    ]


def test_check_and_build_report_the_workbooks_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen check` and `briefgen build` print the workbook's problems at their cells."""
    from briefgen.cli import main

    _broken_workbook(tmp_path / "plan.xlsx")
    _plan_with(INPUTS / "plan.yaml", tmp_path, "plan.xlsx")
    for command in (["check", str(tmp_path)], ["build", str(tmp_path), "-o", str(tmp_path / "o")]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "plan.xlsx:Initiatives!D6: sections[0].initiatives[3].timeframe:" in err
        assert "plan.xlsx:Initiatives!C1: unknown column 'Budget'" in err


def test_a_csv_in_a_windows_code_page_is_refused_with_how_to_save_it(tmp_path: Path) -> None:
    """A CSV saved in Windows-1251 (Excel's older "CSV") is refused at its first non-UTF-8
    byte, saying so and how to save it as UTF-8."""
    text = "Area,Activity\nОбучение,Совместные учения\n"
    write(tmp_path, "matrix.csv", text.encode("cp1251"))
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "matrix.csv")
    assert problems_of(path) == [
        f"{tmp_path / 'matrix.csv'}:2: not UTF-8 (byte 0xce): saved in a legacy code page "
        "such as Windows-1251 or Windows-1254, which cannot hold ə, ğ or oʻ; save it as UTF-8: "
        'in Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; in '
        'LibreOffice tick "Edit filter settings" and choose the character set "Unicode '
        '(UTF-8)"'
    ]


def test_csv_problems_name_the_line_and_column(tmp_path: Path) -> None:
    """A CSV cell's problem names the line where its record starts and its column, counting
    a quoted line break."""
    text = 'Area,Activity,Venue\nTraining\n,"Joint\nexercise",Baku\n,,Tashkent\n'
    write(tmp_path, "matrix.csv", text)
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "matrix.csv")
    assert problems_of(path) == [
        f"{tmp_path / 'matrix.csv'}:5:2: sections[0].initiatives[1].activity: required field "
        "missing"
    ]


def test_cells_hold_what_they_show() -> None:
    """Numbers and dates read as their number format shows them; a locale's short date ISO."""
    assert shown(2026.0, "General") == "2026"
    assert shown(0.1 + 0.2, "General") == "0.3"
    assert shown(0.25, "0%") == "25%"
    assert shown(1234.5, "#,##0.00") == "1,234.50"
    assert shown(3.14159, '0.0" km"') == "3.1 km"
    assert shown(dt.datetime(2026, 3, 15), "mm-dd-yy") == "2026-03-15"
    assert shown(dt.datetime(2026, 3, 15), "mmmm yyyy") == "March 2026"
    assert shown(dt.datetime(2026, 3, 15, 9, 5), "d mmm yyyy hh:mm") == "15 Mar 2026 09:05"
    assert shown(dt.datetime(2026, 3, 15), "dd.mm.yyyy") == "15.03.2026"


def test_a_date_cell_is_a_timeframe_as_shown(tmp_path: Path) -> None:
    """A date typed in a Timeframe cell is read as the cell shows it, and a number as typed."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", "Activity", "Timeframe", "Responsible az", "Responsible uz"])
    sheet.append(["Training", "Exercise", dt.datetime(2026, 3, 15), "A", "B"])
    sheet.append([None, "Visit", 2027, "A", "B"])
    sheet["C2"].number_format = "mmmm yyyy"
    book.save(tmp_path / "m.xlsx")
    plan = load(_plan_with(INPUTS / "plan.yaml", tmp_path, "m.xlsx"))
    assert isinstance(plan, Plan)
    timeframes = [str(i.timeframe) for i in plan.sections[0].initiatives]
    assert timeframes == ["March 2026", "2027"]


def test_the_workbook_is_an_input_and_later_problems_find_its_cells(tmp_path: Path) -> None:
    """The workbook is among the record's inputs (an incremental build sees it change), and
    a problem found after loading is located at the field's cell."""
    _hand_written(tmp_path / "matrix.xlsx")
    path = _plan_with(
        INPUTS / "plan-az-en.yaml", tmp_path, "{file: matrix.xlsx, sheet: Initiatives}"
    )
    loaded = load_with_sources(path)
    assert (tmp_path / "matrix.xlsx").resolve() in loaded.sources
    problem = loaded.origin.problem(("sections", 1, "initiatives", 0, "timeframe", "az"), "x")
    assert (problem.source, problem.line) == (f"{tmp_path / 'matrix.xlsx'}:Initiatives!J7", None)
    assert problem.path == "sections[1].initiatives[0].timeframe.az"


def test_an_incremental_build_rebuilds_when_the_workbook_changes(tmp_path: Path) -> None:
    """A second build is skipped until the workbook changes, then the record is rebuilt."""
    folder = tmp_path / "in"
    folder.mkdir()
    _hand_written(folder / "matrix.xlsx")
    _plan_with(INPUTS / "plan-az-en.yaml", folder, "matrix.xlsx")
    out = tmp_path / "out"
    assert briefgen.build([folder], out, jobs=1).built
    assert not briefgen.build([folder], out, jobs=1).built
    book = openpyxl.load_workbook(folder / "matrix.xlsx")
    sheet = book.active
    assert sheet is not None
    sheet["I3"] = "2026 Q4"
    book.save(folder / "matrix.xlsx")
    assert briefgen.build([folder], out, jobs=1).built


def test_a_sheet_outside_the_folder_being_built_is_refused(tmp_path: Path) -> None:
    """A workbook link obeys the confinement of other links."""
    inside = tmp_path / "in"
    inside.mkdir()
    _hand_written(tmp_path / "matrix.xlsx")
    path = _plan_with(INPUTS / "plan-az-en.yaml", inside, "../matrix.xlsx")
    with pytest.raises(briefgen.InputError) as info:
        load_with_sources(path, root=inside)
    (problem,) = info.value.problems
    assert problem.path == "sections"
    assert "is outside" in problem.message


def test_a_named_sheet_must_exist(tmp_path: Path) -> None:
    """A sheet the workbook does not have is refused with the sheets it has."""
    _hand_written(tmp_path / "matrix.xlsx")
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "{file: matrix.xlsx, sheet: Plan}")
    assert problems_of(path) == [
        f"{tmp_path / 'matrix.xlsx'}: no sheet 'Plan' in the workbook (sheets: 'Initiatives')"
    ]


def test_a_key_column_gives_areas_and_initiatives_their_keys(tmp_path: Path) -> None:
    """A Key column names the area of an area row and the initiative of every other row,
    so `briefgen compare` matches them across versions."""
    write(
        tmp_path,
        "m.csv",
        "Area,Key,Activity,Responsible az\nTraining,tr\n,k1,Exercise,A\n,k2,Course,B\n",
    )
    plan = load(_plan_with(INPUTS / "plan.yaml", tmp_path, "m.csv"))
    assert isinstance(plan, Plan)
    (section,) = plan.sections
    assert section.key == "tr"
    assert [i.key for i in section.initiatives] == ["k1", "k2"]


def _patched(path: Path, sheet_xml: Callable[[str], str]) -> None:
    """Rewrite the first worksheet's XML of the workbook at `path`."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = sheet_xml(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


@pytest.mark.parametrize(
    ("xml", "where"),
    [
        (
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>',
            "rows past 5,000 (at Sheet!XFD1048576)",
        ),
        (
            '<row r="3"><c r="ZZ3" t="inlineStr"><is><t>wide</t></is></c></row>',
            "columns past 200 (at Sheet!ZZ3)",
        ),
        ("merge", "rows past 5,000 (at the merged cells A3:A1048576)"),
    ],
)
def test_a_sheet_past_the_row_or_column_limit_fails_at_once(
    tmp_path: Path, xml: str, where: str
) -> None:
    """A cell, or a merged range, at the far end of what Excel allows is refused in bounded
    time, naming where, whatever dimension the sheet declares."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", "Activity"])
    book.save(tmp_path / "m.xlsx")

    def far(text: str) -> str:
        text = text.replace('<dimension ref="A1:B1"/>', '<dimension ref="A1:XFD1048576"/>')
        if xml == "merge":
            return text.replace(
                "</sheetData>",
                '</sheetData><mergeCells count="1"><mergeCell ref="A3:A1048576"/></mergeCells>',
                1,
            )
        return text.replace("</sheetData>", xml + "</sheetData>")

    _patched(tmp_path / "m.xlsx", far)
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.xlsx")
    started = time.perf_counter()
    lines = problems_of(path)
    assert time.perf_counter() - started < 5
    assert lines == [
        f"{tmp_path / 'm.xlsx'}: the sheet has {where}; a matrix of initiatives may have at "
        f"most that many {where.split()[0]}: delete what is not the matrix, or split the plan"
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook that would unpack to more than the limit is refused from its directory."""
    monkeypatch.setattr(grid_module, "MAX_UNPACKED", 1024 * 1024)
    _hand_written(tmp_path / "m.xlsx")
    with zipfile.ZipFile(tmp_path / "m.xlsx", "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(2 * 1024 * 1024))
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.xlsx")
    assert problems_of(path) == [
        f"{tmp_path / 'm.xlsx'}: unpacks to 2 MB; a workbook may unpack to at most 1 MB (is it "
        "a zip bomb?)"
    ]


def test_an_xls_or_encrypted_workbook_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """An OLE file (an old .xls renamed, or a password-protected workbook) is refused."""
    write(tmp_path, "m.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.xlsx")
    assert problems_of(path) == [
        f"{tmp_path / 'm.xlsx'}: a password-protected workbook or an old .xls file; save it "
        "from Excel or LibreOffice as an Excel Workbook (.xlsx), without a password"
    ]


def test_sheet_texts_count_against_the_record_limits(tmp_path: Path) -> None:
    """A cell longer than a text may be is refused at its cell, as in a YAML record."""
    long = "x" * 20_001
    write(tmp_path, "m.csv", f"Area,Activity,Responsible az\nTraining\n,{long},A\n".encode())
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.csv")
    assert problems_of(path) == [
        f"{tmp_path / 'm.csv'}:3:2: sections[0].initiatives[0].activity: a text of 20,001 "
        "characters; a text may have at most 20,000 (move long material to an annex file, or "
        "split it)"
    ]


def test_sections_as_other_text_say_what_they_may_be(tmp_path: Path) -> None:
    """`sections:` holding a text that names no spreadsheet is refused, saying what it may
    be; a sheet link with an unknown key lists the keys it takes."""
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "TBD")
    (line,) = problems_of(path)
    assert line.endswith(
        "sections: expected a list of sections, or a workbook or CSV file (.xlsx, .xlsm, "
        ".csv) that holds them; got text 'TBD'"
    )
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "{file: m.xlsx, tab: A}")
    (line,) = problems_of(path)
    assert line.endswith("sections.tab: unknown field (allowed here: file, sheet)")


def test_a_workbook_whose_parts_lie_about_their_size_is_refused(tmp_path: Path) -> None:
    """A part that inflates past the size it declares is cut there (zipfile reads no more)
    and refused as damaged, not read."""
    _hand_written(tmp_path / "m.xlsx")
    data = (tmp_path / "m.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "m.xlsx") as archive:
        size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    real, fake = size.to_bytes(4, "little"), (size // 2).to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory
    (tmp_path / "m.xlsx").write_bytes(data.replace(real, fake))
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.xlsx")
    (line,) = problems_of(path)
    assert line.startswith(f"{tmp_path / 'm.xlsx'}: a damaged workbook (Bad CRC-32")


def test_a_sheet_with_only_its_header_is_one_problem(tmp_path: Path) -> None:
    """A sheet with a header row and nothing below is said once, at the header row."""
    write(tmp_path, "m.csv", "Area,Activity,Responsible az\n\n")
    path = _plan_with(INPUTS / "plan.yaml", tmp_path, "m.csv")
    assert problems_of(path) == [
        f"{tmp_path / 'm.csv'}:1:1: no areas or initiatives below the header row"
    ]
