"""Errors a user can act on: every error the CLI prints names the file (and line and field where they apply)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.errors import InputError, Problem, Severity

ROOT = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"^(?P<file>[^:]+\.(yaml|json|toml)):(?P<line>\d+): (?P<path>[\w.\[\]]+): \S")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit code and the lines printed on stderr."""
    code = main(args)
    return code, capsys.readouterr().err.splitlines()


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one good plan and one broken one; the cwd is its parent."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.yaml").write_text(
        (ROOT / "inputs" / "az-uz-2026" / "plan.yaml").read_text("utf-8"), encoding="utf-8"
    )
    (folder / "bad.yaml").write_text("kind: plan\nid: x\ntitle: 7\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_problem_lines_read_file_line_field_message() -> None:
    """A Problem prints as FILE:LINE: FIELD: MESSAGE, and warnings say so."""
    problem = Problem(source="a.yaml", line=3, path="title", message="expected text")
    assert str(problem) == "a.yaml:3: title: expected text"
    warning = Problem(source="a.yaml", path="x", message="m", severity=Severity.WARNING)
    assert str(warning) == "a.yaml: x: warning: m"
    assert str(InputError([problem, warning])) == f"{problem}\n{warning}"


def test_check_prints_located_problems(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` prints each problem with its file, line and field, then a summary; exit 1."""
    code, lines = run(["check", "in"], capsys)
    assert code == 1
    problems = lines[:-1]
    assert problems and all(LOCATED.match(line) for line in problems), problems
    assert all(line.startswith("in/bad.yaml:") for line in problems)


def test_build_prints_located_problems_and_builds_the_rest(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing record is reported by file, line and field; the good one is built; exit 1."""
    code, lines = run(["build", "in", "-o", "out"], capsys)
    assert code == 1
    assert (
        "in/bad.yaml:3: title: expected text, or a mapping of language to text, got number 7"
        in lines
    )
    assert (records.parent / "out" / "az-uz-mes-2026-2027.pdf").is_file()


def test_a_missing_input_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is named; exit 1."""
    code, lines = run(["build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")], capsys)
    assert code == 1
    assert lines[0] == f"{tmp_path / 'nowhere'}: no such file or folder"


def test_an_unknown_theme_names_it_and_the_shipped_ones(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown theme is named with the themes that exist; exit 1."""
    code, lines = run(["build", "in", "-o", "out", "--theme", "nope"], capsys)
    assert code == 1
    assert any("theme nope: no such folder (shipped themes: default" in line for line in lines)


@pytest.mark.parametrize(
    "args", [["build", "--bogus"], ["build", "--lang", "xx"], ["nothing"], ["schema", "x"]]
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A bad option, argument or command is a usage error: exit 2 with a message."""
    code, lines = run(args, capsys)
    assert code == 2
    assert any(line.startswith("Error: ") for line in lines)


def test_an_output_folder_that_is_a_file_is_a_clear_error(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o FILE` where FILE is not a folder is an error naming it; exit 1, no traceback."""
    (records.parent / "outfile").write_text("", encoding="utf-8")
    code, lines = run(["build", "in", "-o", "outfile"], capsys)
    assert code == 1
    assert any("outfile" in line for line in lines)


@pytest.mark.parametrize("name", ["brief.docx", "plan.PDF"])
def test_an_output_named_like_a_document_is_a_usage_error(
    records: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """`-o plan.pdf` (a file name where a folder is wanted) is refused with exit 2 and a
    hint on how documents are named, and nothing is created."""
    code, lines = run(["build", "in", "-o", name], capsys)
    assert code == 2
    assert any(name in line and "give a folder" in line for line in lines), lines
    assert not (records.parent / name).exists()


def test_a_problem_is_always_one_line() -> None:
    """A file name or key holding a line break or a terminal escape cannot forge a report line."""
    problem = Problem(source="a\nbuilt 9, failed 0.yaml", path="k\rx", message="m\u2028\x1b[2J")
    text = str(problem)
    assert "\n" not in text and "\r" not in text and "\u2028" not in text and "\x1b" not in text
    assert text == "a\\nbuilt 9, failed 0.yaml: k\\rx: m\\u2028\\x1b[2J"
