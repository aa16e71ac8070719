"""Tests of briefgen.export and `briefgen export`: the matrix as a fill-in workbook or CSV."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import briefgen
from briefgen.cli import main
from briefgen.errors import InputError
from briefgen.export import export_matrix
from briefgen.load import converter, load
from briefgen.load.sheets import read_matrix
from briefgen.model import Initiative, LocalText, Plan, Section
from tests.strategies import plans

INPUTS = Path(__file__).resolve().parent.parent / "inputs" / "az-uz-2026"


def _plan(name: str = "plan.yaml") -> Plan:
    plan = load(INPUTS / name)
    assert isinstance(plan, Plan)
    return plan


def _linked(folder: Path, source: Path, sheet: str) -> Path:
    """A copy of the plan at `source` whose sections name the file `sheet` beside it."""
    text = source.read_text(encoding="utf-8")
    start, end = text.index("\nsections:"), text.index("\nfinal_provisions:")
    path = folder / source.name
    path.write_text(text[:start] + f"\nsections: {sheet}\n" + text[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("name", ["plan.yaml", "plan-az-en.yaml"])
def test_export_then_build_gives_the_same_bytes(tmp_path: Path, fmt: str, name: str) -> None:
    """A plan built from its exported matrix is the plan built from its YAML, byte for byte,
    in both formats."""
    plan = _plan(name)
    (tmp_path / f"matrix.{fmt}").write_bytes(export_matrix(plan, fmt))
    again = load(_linked(tmp_path, INPUTS / name, f"matrix.{fmt}"))
    assert isinstance(again, Plan)
    assert again.sections == plan.sections
    for output in ("pdf", "docx"):
        assert briefgen.render(again, output) == briefgen.render(plan, output)


def test_the_workbook_is_laid_out_to_fill_in() -> None:
    """The header row is styled and frozen, the columns are sized, each language of the
    record has its column, and timeframes and bodies are offered as drop-downs that allow
    any text."""
    book = openpyxl.load_workbook(io.BytesIO(export_matrix(_plan(), "xlsx")))
    sheet = book["Initiatives"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:7] == [
        "Area [en]",
        "Area [az]",
        "Area [uz]",
        "Activity",
        "Activity [az]",
        "Activity [uz]",
        "Timeframe",
    ]
    assert "Responsible uz [az]" in headers and headers[-1] == "Outcome [uz]"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["D"].width == 48
    assert book["Lists"].sheet_state == "hidden"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    timeframe = validations[f"G2:G{sheet.max_row + 500}"]
    assert timeframe.type == "list" and not timeframe.showErrorMessage
    offered = [c.value for c in book["Lists"]["A"][1:]]
    assert {"2026 Q3", "2027", "annually", "as agreed"} <= set(offered)
    responsible = headers.index("Responsible az") + 1
    letter = openpyxl.utils.get_column_letter(responsible)
    column = (
        validations[f"{letter}2:{letter}{sheet.max_row + 500}"].formula1.split("!")[1].split(":")[0]
    )
    bodies = [c.value for c in book["Lists"][column.replace("$", "")[0]][1:]]
    assert "Crisis Management Center" in bodies


def test_the_export_is_deterministic_and_the_csv_is_utf8_for_excel() -> None:
    """Exporting twice gives the same bytes; the CSV starts with the byte order mark Excel
    needs to read UTF-8, and keeps ə and oʻ."""
    plan = _plan()
    assert export_matrix(plan, "xlsx") == export_matrix(plan, "xlsx")
    data = export_matrix(plan, "csv")
    assert data.startswith(b"\xef\xbb\xbfArea [en],Area [az],")
    assert "Təlim və potensialın gücləndirilməsi" in data.decode("utf-8-sig")


def test_a_text_like_a_formula_stays_text(tmp_path: Path) -> None:
    """An activity beginning with "=" is written as text, not as a formula, and comes back."""
    plan = _plan()
    section = plan.sections[0]
    first = attrs.evolve(section.initiatives[0], activity=LocalText("=SUM(A1) is no formula"))
    plan = attrs.evolve(
        plan, sections=(attrs.evolve(section, initiatives=(first,)), *plan.sections[1:])
    )
    (tmp_path / "m.xlsx").write_bytes(export_matrix(plan, "xlsx"))
    again = load(_linked(tmp_path, INPUTS / "plan.yaml", "m.xlsx"))
    assert isinstance(again, Plan)
    assert again.sections[0].initiatives[0].activity == LocalText("=SUM(A1) is no formula")


def test_a_text_a_cell_would_not_keep_is_refused_at_its_field() -> None:
    """A text with a space at its end (a cell strips it) is refused, naming the field."""
    plan = _plan()
    section = plan.sections[0]
    first: Initiative = attrs.evolve(section.initiatives[0], venue=LocalText("Baku "))
    plan = attrs.evolve(plan, sections=(attrs.evolve(section, initiatives=(first,)),))
    with pytest.raises(InputError) as info:
        export_matrix(plan, "csv", source="plan.yaml")
    assert [str(p) for p in info.value.problems] == [
        "plan.yaml: sections[0].initiatives[0].venue: begins or ends with a space or line "
        "break, which a cell does not keep; remove it from the record first"
    ]


def test_the_export_command_writes_the_file_and_keeps_existing_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen export PLAN -o FILE` writes the matrix, refuses to overwrite without
    --force, and refuses a brief and a file name that is no spreadsheet."""
    out = tmp_path / "m.xlsx"
    assert main(["export", str(INPUTS / "plan.yaml"), "-o", str(out)]) == 0
    assert out.read_bytes() == export_matrix(_plan(), "xlsx")
    assert "sections: m.xlsx" in capsys.readouterr().err
    assert main(["export", str(INPUTS / "plan.yaml"), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["export", str(INPUTS / "plan.yaml"), "-o", str(out), "--force"]) == 0
    assert main(["export", str(INPUTS / "brief.yaml"), "-o", str(tmp_path / "b.csv")]) == 2
    assert "only a plan has a matrix" in capsys.readouterr().err
    assert main(["export", str(INPUTS / "plan.yaml"), "-o", str(tmp_path / "m.ods")]) == 2
    assert "must end in .xlsx or .csv" in capsys.readouterr().err


def _by_language(sections: tuple[Section, ...]) -> list[object]:
    """Sections with each text as a mapping: the order of a text's languages aside (a sheet's
    columns have one order for every row)."""
    return [
        (
            dict(s.area.values),
            [
                (
                    dict(i.activity.values),
                    *(dict(t.values) if t else None for t in (i.timeframe, i.venue, i.outcome)),
                    {k: dict(v.values) for k, v in i.responsible.items()},
                )
                for i in s.initiatives
            ],
        )
        for s in sections
    ]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_any_plan_comes_back_from_its_export(tmp_path: Path, fmt: str, plan: Plan) -> None:
    """Any valid plan's matrix, exported and read back, has the same texts in the same
    places; a text with spaces at its ends, or a matrix under negotiation, is refused by the
    export instead."""
    negotiated = any(
        i.status is not None
        or i.proposed_by is not None
        or not isinstance(i.activity, LocalText)
        or not isinstance(i.outcome, LocalText | None)
        for section in plan.sections
        for i in section.initiatives
    )
    if negotiated:
        with pytest.raises(InputError):
            export_matrix(plan, fmt)
        return
    spaced = any(
        text != text.strip()
        for section in plan.sections
        for value in (section.area, *_initiative_texts(section))
        for text in value.texts()
    )
    if spaced:
        with pytest.raises(InputError):
            export_matrix(plan, fmt)
        return
    data = export_matrix(plan, fmt)
    (tmp_path / f"m.{fmt}").write_bytes(data)
    matrix = read_matrix(
        tmp_path / f"m.{fmt}",
        "m",
        parties=[p.id for p in plan.parties],
        language=plan.language.value,
    )
    assert [str(p) for _, p in matrix.problems] == []
    sections = converter.structure(matrix.data, tuple[Section, ...])
    assert _by_language(sections) == _by_language(plan.sections)


def _initiative_texts(section: Section) -> list[LocalText]:
    return [
        text
        for i in section.initiatives
        for text in (i.activity, i.timeframe, i.venue, i.outcome, *i.responsible.values())
        if isinstance(text, LocalText)
    ]


def test_a_matrix_under_negotiation_is_refused_at_its_fields() -> None:
    """The layout has no column for an initiative's status or for competing wordings: such
    a plan is refused, each field named, rather than exported as if agreed."""
    plan = load("tests/negotiation.yaml")
    assert isinstance(plan, Plan)
    with pytest.raises(InputError) as info:
        export_matrix(plan, "xlsx")
    paths = [p.path for p in info.value.problems]
    assert paths and all(p.startswith("sections[") for p in paths)
    assert all("under negotiation" in p.message for p in info.value.problems)


def test_keys_are_exported_and_read_back(tmp_path: Path) -> None:
    """A plan whose areas and initiatives have keys gets a Key column, and reading the
    export back gives every key to its item."""
    plan = _plan()
    sections = tuple(
        attrs.evolve(
            s,
            key=f"area-{n}",
            initiatives=tuple(
                attrs.evolve(i, key=f"item-{n}-{m}") for m, i in enumerate(s.initiatives)
            ),
        )
        for n, s in enumerate(plan.sections)
    )
    keyed = attrs.evolve(plan, sections=sections)
    data = export_matrix(keyed, "csv")
    assert data.decode("utf-8-sig").splitlines()[0].endswith(",Key")
    (tmp_path / "m.csv").write_bytes(data)
    matrix = read_matrix(
        tmp_path / "m.csv", "m", parties=[p.id for p in plan.parties], language=plan.language.value
    )
    assert [str(p) for _, p in matrix.problems] == []
    back = converter.structure(matrix.data, tuple[Section, ...])
    assert [s.key for s in back] == [s.key for s in sections]
    assert [i.key for s in back for i in s.initiatives] == [
        i.key for s in sections for i in s.initiatives
    ]
