"""LibreOffice Calc, a real spreadsheet program, reads the exported workbook, and the
workbooks it saves are read back with their formulas' values."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from briefgen.export import export_matrix
from briefgen.load import load
from briefgen.load.sheets import read_matrix
from briefgen.model import Plan
from tests.realclient.test_docx_libreoffice import convert

PLAN = Path(__file__).resolve().parents[2] / "inputs" / "az-uz-2026" / "plan.yaml"
CALC = Path("/usr/lib/libreoffice/program/libsclo.so")

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None or not CALC.exists(),
        reason="LibreOffice Calc is not installed: apt-get install libreoffice-calc-nogui",
    ),
]


def test_calc_reads_the_exported_workbook_as_the_exported_csv(tmp_path: Path) -> None:
    """Calc opens the exported workbook and finds, cell for cell, the texts of the CSV export
    (ə, oʻ and all)."""
    plan = load(PLAN)
    assert isinstance(plan, Plan)
    workbook = tmp_path / "matrix.xlsx"
    workbook.write_bytes(export_matrix(plan, "xlsx"))
    # Filter options: comma, double quote, UTF-8 (76), first line 1.
    calc_csv = convert(workbook, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1")
    seen = list(csv.reader(io.StringIO(calc_csv.read_text(encoding="utf-8"))))
    ours = list(csv.reader(io.StringIO(export_matrix(plan, "csv").decode("utf-8-sig"))))
    assert seen == ours
    assert any("Təlim və potensialın gücləndirilməsi" in row for row in seen)


def test_a_workbook_saved_by_calc_has_its_formulas_values(tmp_path: Path) -> None:
    """Formulas a program wrote (never calculated) are refused; once Calc saved the
    workbook, their values are read."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", "Activity", "Timeframe", "Responsible az", "Responsible uz"])
    sheet.append(["Training", "Exercise", '="20"&"26 Q3"', "A", "B"])
    sheet.append([None, "Visit", "=2020+7", "A", "B"])
    written = tmp_path / "written" / "m.xlsx"
    written.parent.mkdir()
    book.save(written)
    before = read_matrix(written, "m.xlsx", parties=["az", "uz"])
    assert [p.source for _, p in before.problems] == ["m.xlsx:Sheet!C2", "m.xlsx:Sheet!C3"]
    saved = convert(written, tmp_path, "xlsx")
    after = read_matrix(saved, "m.xlsx", parties=["az", "uz"])
    assert after.problems == []
    timeframes = [i["timeframe"] for i in after.data[0]["initiatives"]]
    assert timeframes == ["2026 Q3", "2027"]
