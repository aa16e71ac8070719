"""Tests of briefgen.bulk.worker: the one-file build that workers run, with typed results."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from briefgen.bulk.manifest import theme_digest
from briefgen.bulk.worker import Job, build_file
from briefgen.errors import Severity
from briefgen.options import Options
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"


def job(out: Path, **options: object) -> Job:
    """A job as bulk builds make it."""
    return Job(
        options=Options.make(**options),  # type: ignore[arg-type]
        out_dir=str(out),
        theme_digest=theme_digest(load_theme()),
        version="test",
    )


def test_build_file_writes_and_returns_a_picklable_result(tmp_path: Path) -> None:
    """build_file writes the output and returns a picklable result naming it and its hash."""
    result = build_file(str(PLAN), job(tmp_path))
    assert pickle.loads(pickle.dumps(result)) == result
    (output,) = result.outputs
    assert output.name == "az-uz-mes-2026-2027.pdf"
    data = (tmp_path / output.name).read_bytes()
    assert output.sha256 == hashlib.sha256(data).hexdigest()
    assert result.sources == (str(PLAN),)
    assert result.problems == ()
    assert (result.id, result.kind) == ("az-uz-mes-2026-2027", "plan")


def test_the_job_pickles_as_it_is() -> None:
    """A job (the options included) crosses to a worker process unchanged."""
    sent = job(Path("/tmp/out"), lang="az+en", original="uz", formats=["docx"], strict=True)
    assert pickle.loads(pickle.dumps(sent)) == sent


def test_build_file_is_deterministic(tmp_path: Path) -> None:
    """Two builds of one record give the same bytes and the same result."""
    first = build_file(str(PLAN), job(tmp_path / "a"))
    second = build_file(str(PLAN), job(tmp_path / "b"))
    assert first.outputs == second.outputs


def test_build_file_both_formats(tmp_path: Path) -> None:
    """With formats docx and pdf a record writes both, once each."""
    result = build_file(str(PLAN), job(tmp_path, formats=["docx", "pdf", "docx"]))
    assert [o.name for o in result.outputs] == [
        "az-uz-mes-2026-2027.docx",
        "az-uz-mes-2026-2027.pdf",
    ]


def test_build_file_reports_located_problems(tmp_path: Path) -> None:
    """A bad record returns its problems with file and line, and writes nothing."""
    bad = ROOT / "tests" / "invalid" / "bad-status.yaml"
    result = build_file(str(bad), job(tmp_path / "out"))
    assert result.outputs == ()
    assert result.problems[0].line == 4
    assert result.problems[0].path == "status"
    assert result.not_record is False
    assert not (tmp_path / "out").exists()


def test_build_file_flags_a_file_that_is_no_record(tmp_path: Path) -> None:
    """A file without `kind` is flagged as no record, so bulk can tell a linked part."""
    part = tmp_path / "parties.yaml"
    part.write_text("- {id: az}\n", encoding="utf-8")
    assert build_file(str(part), job(tmp_path)).not_record is True
    part.write_text("id: x\n", encoding="utf-8")
    assert build_file(str(part), job(tmp_path)).not_record is True


def test_a_failing_record_leaves_its_previous_output(tmp_path: Path) -> None:
    """When a record breaks, the output of its last good build is left as it was."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLAN, plan)
    out = tmp_path / "out"
    build_file(str(plan), job(out))
    good = (out / "az-uz-mes-2026-2027.pdf").read_bytes()
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: draft", "status: x"))
    assert build_file(str(plan), job(out)).problems
    assert (out / "az-uz-mes-2026-2027.pdf").read_bytes() == good


def test_strict_turns_warnings_into_problems(tmp_path: Path) -> None:
    """With strict, a record with warnings fails and writes nothing."""
    loose = build_file(str(PLAN), job(tmp_path / "a", lang="az"))
    assert loose.warnings and loose.outputs
    strict = build_file(str(PLAN), job(tmp_path / "b", lang="az", strict=True))
    assert strict.problems and not strict.outputs
    assert {p.severity for p in strict.problems} == {Severity.ERROR}


def test_brief_takes_the_first_of_two_languages_and_no_original(tmp_path: Path) -> None:
    """A brief built with --lang az+en --original uz is the one Azerbaijani brief, named so,
    and the build says which options did not apply."""
    brief = ROOT / "inputs" / "az-uz-2026" / "brief.yaml"
    result = build_file(str(brief), job(tmp_path, lang="az+en", original="uz"))
    assert [output.name for output in result.outputs] == ["az-uz-mes-visit-2025-12.az.docx"]
    assert (tmp_path / "az-uz-mes-visit-2025-12.az.docx").is_file()
    notes = [w.message for w in result.warnings if not w.path]
    assert "--lang az+en: a brief is written in 1 language; built in az" in notes
    assert "--original uz does not apply to a brief; ignored" in notes


def test_a_problem_of_compose_names_the_record_file(tmp_path: Path) -> None:
    """An original that is no party of the plan is reported against the record's file."""
    result = build_file(str(PLAN), job(tmp_path, original="ps"))
    (problem,) = result.problems
    assert problem.source.endswith("plan.yaml")
    assert "'ps' is not a party of this plan" in problem.message


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_build_file_refuses_characters_the_fonts_lack(tmp_path: Path, fmt: str) -> None:
    """A character no font covers fails the record with its line and field, whatever the format."""
    record = tmp_path / "p.yaml"
    text = PLAN.read_text("utf-8").replace(
        "Enhanced operational readiness", "Enhanced 中 readiness", 1
    )
    record.write_text(text, "utf-8")
    result = build_file(str(record), job(tmp_path / "out", formats=[fmt]))
    (problem,) = result.problems
    assert problem.path.endswith(".outcome") and problem.line is not None
    assert "U+4E2D" in problem.message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_what_loading_warns_reaches_the_result_and_fails_under_strict(tmp_path: Path) -> None:
    """A YAML trap found while loading (text after #) is a warning of the build, an error
    with --strict."""
    record = tmp_path / "p.yaml"
    text = PLAN.read_text("utf-8").replace(
        "activity: Joint command-post exercise",
        "activity: Joint command-post exercise #2 on site",
        1,
    )
    assert text != PLAN.read_text("utf-8")
    record.write_text(text, "utf-8")
    loose = build_file(str(record), job(tmp_path / "a"))
    assert any("text after # is a comment" in w.message for w in loose.warnings)
    strict = build_file(str(record), job(tmp_path / "b", strict=True))
    assert any("text after # is a comment" in p.message for p in strict.problems)
