"""Tests of briefgen.pipeline: one record through the kind's rule, the checks, compose and render."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from briefgen.errors import InputError
from briefgen.load import load_with_sources
from briefgen.model import BriefStatus, PlanStatus
from briefgen.options import Options
from briefgen.pipeline import make, prepare, render
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "inputs" / "az-uz-2026" / "brief.yaml"
PLAN = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"


@pytest.mark.parametrize(
    ("path", "status"), [(BRIEF, BriefStatus.FINAL), (PLAN, PlanStatus.SIGNED)]
)
def test_a_finished_record_with_untranslated_text_fails_with_every_field(
    path: Path, status: object
) -> None:
    """A final brief or signed plan asked for in a language it lacks fails, naming each field
    at its line; --allow-fallback builds it."""
    loaded = load_with_sources(path)
    record = attrs.evolve(loaded.record, status=status)
    options = Options.make(lang="az")
    with pytest.raises(InputError) as caught:
        prepare(record, options, load_theme(), origin=loaded.origin)
    problems = caught.value.problems
    assert len(problems) > 5
    assert all("not written in az" in p.message and p.line for p in problems)
    allowed = prepare(record, Options.make(lang="az", allow_fallback=True), load_theme())
    assert allowed.document.fallbacks


def test_a_draft_with_untranslated_text_builds_with_warnings() -> None:
    """A draft may fall back; every field that did is a warning."""
    loaded = load_with_sources(PLAN)
    prepared = prepare(loaded.record, Options.make(lang="az"), load_theme())
    assert prepared.document.fallbacks
    assert len(prepared.warnings) >= len(prepared.document.fallbacks)


def test_make_renders_each_format_asked_for_under_its_name() -> None:
    """make gives one named output per format, in the order asked."""
    loaded = load_with_sources(PLAN)
    made = make(loaded.record, Options.make(formats=["docx", "pdf"]), load_theme())
    assert [(o.name, o.format) for o in made.outputs] == [
        ("az-uz-mes-2026-2027.docx", "docx"),
        ("az-uz-mes-2026-2027.pdf", "pdf"),
    ]
    assert made.outputs[0].data[:2] == b"PK" and made.outputs[1].data[:5] == b"%PDF-"


def test_render_refuses_what_is_no_record() -> None:
    """The API's render names the problem when handed something that is no record."""
    with pytest.raises(TypeError, match="not a briefgen record"):
        render("plan.yaml", "pdf")  # type: ignore[arg-type]


def test_render_takes_a_theme_by_name() -> None:
    """render accepts a theme name, as build does."""
    loaded = load_with_sources(PLAN)
    assert render(loaded.record, "pdf", theme="default")[:5] == b"%PDF-"


NEGOTIATION = ROOT / "tests" / "negotiation.yaml"


@pytest.mark.parametrize("status", [PlanStatus.INITIALLED, PlanStatus.SIGNED])
def test_a_finished_plan_with_unagreed_clauses_is_refused_listing_each(status: PlanStatus) -> None:
    """An initialled or signed plan with a clause not yet agreed fails, naming every such
    clause at its line, whatever the options."""
    loaded = load_with_sources(NEGOTIATION)
    record = attrs.evolve(loaded.record, status=status)
    with pytest.raises(InputError) as caught:
        prepare(record, Options.make(allow_fallback=True), load_theme(), origin=loaded.origin)
    problems = caught.value.problems
    assert [(p.path, p.line) for p in problems] == [
        ("preamble[1]", 23),
        ("sections[0].initiatives[1]", 36),
        ("sections[0].initiatives[2]", 45),
        ("final_provisions[1]", 55),
    ]
    assert f"the plan is {status.value}, but this recital is proposed by uz" in problems[0].message
    assert "initiative is contested (proposals by az, uz)" in problems[2].message


def test_a_draft_with_unagreed_clauses_builds() -> None:
    """The same plan as a draft prepares, with no warning."""
    loaded = load_with_sources(NEGOTIATION)
    prepared = prepare(loaded.record, Options.make(), load_theme(), origin=loaded.origin)
    assert prepared.warnings == ()


def _planted(tmp_path: Path) -> Path:
    """The negotiation plan with its Arabic timeframe of initiative 1.2 a year early."""
    text = NEGOTIATION.read_text(encoding="utf-8")
    planted = text.replace("ar: الربع الثاني من عام ٢٠٢٧", "ar: الربع الثاني من عام ٢٠٢٦")
    assert planted != text
    path = tmp_path / "plan.yaml"
    path.write_text(planted, encoding="utf-8")
    return path


def test_a_figure_that_differs_between_languages_is_a_located_warning(tmp_path: Path) -> None:
    """A year that one language version says differently is a warning at the field's line
    naming both values; --strict makes it a failure."""
    loaded = load_with_sources(_planted(tmp_path))
    prepared = prepare(loaded.record, Options.make(), load_theme(), origin=loaded.origin)
    (warning,) = prepared.warnings
    assert str(warning).endswith(
        "plan.yaml:40: sections[0].initiatives[1].timeframe: warning: en says 2027, ar says 2026"
    )
    with pytest.raises(InputError):
        prepare(loaded.record, Options.make(strict=True), load_theme(), origin=loaded.origin)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_brackets_print_in_both_formats(fmt: str) -> None:
    """The bracketed proposals and their parties are in the rendered file's text."""
    import io

    record = load_with_sources(NEGOTIATION).record
    data = render(record, fmt, lang="en")
    if fmt == "pdf":
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        from docx import Document

        document = Document(io.BytesIO(data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    flat = " ".join(text.replace("\u00a0", " ").split())
    assert "[Noting the results of the joint exercise of 2025] (UZ)" in flat
    assert "[This Plan takes effect on the date of its signature.] (AZ)" in flat
    assert "[This Plan takes effect 30 days after its signature.] (UZ)" in flat
