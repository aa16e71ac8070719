"""Tests of briefgen.coverage: a character the theme's fonts lack is one error, the same in both formats."""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

from briefgen.coverage import check_fonts, font_problems
from briefgen.errors import InputError, Severity
from briefgen.load import load, load_with_sources
from briefgen.model import LocalText, Plan
from briefgen.pipeline import render
from tests.records import MINIMAL_PLAN, minimal_plan

ROOT = Path(__file__).resolve().parent.parent
AZ_UZ = ROOT / "inputs" / "az-uz-2026"

PLAN = MINIMAL_PLAN + '        outcome: "Report \U0001f732 ready"\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_examples_are_covered() -> None:
    """Every example record is printable in the default theme's fonts."""
    for path in sorted((ROOT / "inputs").rglob("*.yaml")):
        assert [p for p in font_problems(load(path)) if p.severity is Severity.ERROR] == []


def test_a_missing_character_is_located_and_named(tmp_path: Path) -> None:
    """The problem names the file, line, field, the character and what to do."""
    path = write(tmp_path, "plan.yaml", PLAN)
    loaded = load_with_sources(path)
    (problem,) = font_problems(loaded.record, origin=loaded.origin)
    assert str(problem) == (
        f"{path}:11: sections[0].initiatives[0].outcome: cannot print U+1F732 ALCHEMICAL "
        "SYMBOL FOR REGULUS ('\U0001f732') is not in the fonts DejaVuSans.ttf, "
        "DejaVuSans-Bold.ttf, DejaVuSans-Oblique.ttf, DejaVuSans-BoldOblique.ttf; remove the "
        "character, or use a theme whose fonts cover it"
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_both_formats_refuse_with_the_same_error(tmp_path: Path, fmt: str) -> None:
    """DOCX and PDF refuse the same record with the same InputError, before rendering."""
    record = load(write(tmp_path, "plan.yaml", PLAN))
    expected = [str(p) for p in font_problems(record)]
    with pytest.raises(InputError) as info:
        render(record, fmt)  # type: ignore[arg-type]
    assert [str(p) for p in info.value.problems] == expected


def test_a_field_from_a_linked_file_is_located_there(tmp_path: Path) -> None:
    """A character in a linked plan's field is reported at that file's line."""
    write(tmp_path, "plan.yaml", PLAN)
    brief = write(
        tmp_path,
        "brief.yaml",
        "kind: brief\nid: b\nevent: {title: Meeting, start: 2026-01-12T15:00}\nhost: a\n"
        "guest: b\nparties: plan.yaml\ndeliverables:\n  - plan: plan.yaml\n",
    )
    loaded = load_with_sources(brief)
    problems = [str(p) for p in font_problems(loaded.record, origin=loaded.origin)]
    assert problems == [
        f"{tmp_path / 'plan.yaml'}:11: sections[0].initiatives[0].outcome: cannot print "
        + problems[0].split("cannot print ", 1)[1]
    ]


def test_a_record_made_in_code_is_named_by_its_id() -> None:
    """Without a file, the problem names the record's kind and id."""
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    bad = attrs.evolve(plan, title=LocalText({"en": "Plan \ue000"}))
    (problem,) = font_problems(bad)
    assert str(problem).startswith("plan az-uz-mes-2026-2027: title.en: cannot print U+E000 ")


def test_without_an_origin_even_a_loaded_record_is_named_by_its_id(tmp_path: Path) -> None:
    """The file and line come only from the `origin` passed in: no registry of loaded records
    is consulted, so a record loaded from a file but checked alone is named by its id."""
    loaded = load_with_sources(write(tmp_path, "plan.yaml", PLAN))
    (problem,) = font_problems(loaded.record)
    assert str(problem).startswith(
        f"plan {loaded.record.id}: sections[0].initiatives[0].outcome: cannot print U+1F732 "
    )


def runtime_imports(path: Path) -> set[str]:
    """The modules a source file imports when it runs (not those under `if TYPE_CHECKING`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and ast.unparse(branch.test) == "TYPE_CHECKING"
        for statement in branch.body
        for node in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_coverage_reads_no_registry_of_loaded_records() -> None:
    """coverage imports briefgen.load for type checking only: where a record came from
    reaches it as the `origin` argument, never from a process-wide registry."""
    imports = runtime_imports(ROOT / "briefgen" / "coverage.py")
    assert not any(name.startswith("briefgen.load") for name in imports), imports
    assert not any(name.startswith("briefgen.render") for name in imports), imports


def test_controls_and_invisible_characters_are_not_problems() -> None:
    """Characters the sanitiser removes, whitespace and format characters need no glyph."""
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    odd = attrs.evolve(plan, title=LocalText("A\x00\x0b\u200d\u200f\u2028\ufeff\ufffe B"))
    check_fonts(odd)


def test_arabic_needs_only_the_upright_faces() -> None:
    """Arabic (absent from DejaVu's oblique faces) is printable: right-to-left text is upright."""
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    check_fonts(attrs.evolve(plan, preamble=(LocalText("Recital وزارة الخارجية (٢٠٢٥)"),)))


def test_a_title_is_checked_in_capitals() -> None:
    """A title letter whose capital the fonts lack is reported (titles may be set in capitals)."""
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    (problem,) = font_problems(attrs.evolve(plan, title=LocalText("ა")))  # Georgian an
    assert "a capital of this text" in str(problem)
    assert font_problems(attrs.evolve(plan, preamble=(LocalText("ა"),))) == []


def test_arabic_in_an_italic_left_to_right_paragraph_renders() -> None:
    """An English recital (italic) with an Arabic name renders in PDF: the Arabic is set upright."""
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    record = attrs.evolve(plan, preamble=(LocalText("Recalling the visit of الوزير"),))
    assert render(record, "pdf").startswith(b"%PDF")


# ---------------------------------------------------------------------------------------------
# Arabic vowel marks (harakat): kept in both formats, without a warning.

VOWELLED = "مُحَمَّد"


def _vowelled_plan() -> Plan:
    plan = load(AZ_UZ / "plan.yaml")
    assert isinstance(plan, Plan)
    return attrs.evolve(plan, preamble=(LocalText(VOWELLED),))


def test_harakat_are_kept_in_docx() -> None:
    """The DOCX holds the vowel marks as written (Word positions them)."""
    import io
    import zipfile

    data = render(_vowelled_plan(), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert VOWELLED in package.read("word/document.xml").decode("utf-8")


def test_harakat_are_kept_in_the_pdf_without_a_warning() -> None:
    """The PDF draws every vowel mark with the joined letters, and the check warns of
    nothing, for either format."""
    import io
    import unicodedata

    import pypdf

    plan = _vowelled_plan()
    reader = pypdf.PdfReader(io.BytesIO(render(plan, "pdf")))
    text = unicodedata.normalize("NFKD", "".join(p.extract_text() for p in reader.pages))
    for mark in "\u064f\u064e\u0651":
        assert text.count(mark) >= VOWELLED.count(mark), unicodedata.name(mark)
    assert font_problems(plan, fmt="pdf") == []
    assert font_problems(plan, fmt="docx") == []


def test_a_vowel_mark_the_font_lacks_is_refused() -> None:
    """The check looks at the joined text with its marks, as the PDF draws it: a mark the
    fonts lack (U+0656 ARABIC SUBSCRIPT ALEF) is an error, not dropped."""
    plan = attrs.evolve(_vowelled_plan(), preamble=(LocalText("محمد\u0656"),))
    (problem,) = font_problems(plan, fmt="pdf")
    assert problem.severity is Severity.ERROR
    assert "U+0656" in problem.message


@pytest.mark.parametrize(
    "text",
    ["plain", "Şəki oʻgʻil", "Москва", "\U0001f732", "ǰ", "ŉ", "ﬃ", "وزارة", "مَرْحَبًا", "a\x01b"],
)
@pytest.mark.parametrize("field", ["title", "outcome"])
def test_the_quick_look_agrees_with_the_field_by_field_walk(
    monkeypatch: pytest.MonkeyPatch, text: str, field: str
) -> None:
    """font_problems' quick look at all the record's characters finds a problem whenever the
    walk field by field does (capitals of titles included), so skipping the walk loses none."""
    import briefgen.coverage as coverage

    record = plan_with(field, text)
    quick = font_problems(record, fmt="pdf")
    monkeypatch.setattr(coverage, "_all_covered", lambda family, record: False)
    assert quick == font_problems(record, fmt="pdf")


def plan_with(field: str, text: str) -> Plan:
    """The minimal plan with `text` as its title or its initiative's outcome."""
    from briefgen.model import Initiative, Section

    if field == "title":
        return minimal_plan(title=LocalText(text))
    initiative = Initiative(activity=LocalText("x"), outcome=LocalText(text))
    return minimal_plan(sections=(Section(area=LocalText("T"), initiatives=(initiative,)),))


def test_the_stored_maps_of_the_shipped_fonts_are_what_the_files_say() -> None:
    """The shipped fonts' character maps stored beside them equal what reportlab reads from
    each file (rebuild them with briefgen.glyphs.write_shipped_cmaps after a font update)."""
    from briefgen.glyphs import SHIPPED_CMAPS, cmap_of, read_cmap

    fonts = sorted(SHIPPED_CMAPS.parent.glob("*.ttf"))
    assert len(fonts) == 4
    for path in fonts:
        assert cmap_of(path) == read_cmap(path), path.name


def test_checking_the_default_theme_reads_no_font_file() -> None:
    """A check in the default theme imports no reportlab: the maps are stored."""
    import subprocess
    import sys

    code = (
        "import sys; from briefgen.glyphs import faces_of; from briefgen.theme import load_theme; "
        "faces_of(load_theme().fonts); print(any(m.startswith('reportlab') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
