"""The corpus of invalid inputs: each file under tests/invalid/ reports exactly its expected lines.

A case is a record file at the top of tests/invalid/ with a sibling `<stem>.expected` holding
the full `FILE:LINE: PATH: MESSAGE` lines, FILE relative to tests/invalid/ (the tests run from
there). Files under tests/invalid/linked/ are only link targets. To add a case, write the file,
check its output by hand with `briefgen check`, and write the lines it should print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.load import FORMATS, load

INVALID = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.is_file() and p.suffix in FORMATS)


def test_the_corpus_is_large_and_complete() -> None:
    """At least 30 cases in YAML, JSON and TOML, each with exactly one expected file."""
    assert len(CASES) >= 30
    assert {p.suffix for p in CASES} == {".yaml", ".json", ".toml"}
    stems = [p.stem for p in CASES]
    assert len(stems) == len(set(stems))
    expected = {p.stem for p in INVALID.glob("*.expected")}
    assert expected == set(stems)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_input_reports_its_expected_lines(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the case fails with exactly the lines of its .expected file, in order."""
    monkeypatch.chdir(INVALID)
    with pytest.raises(InputError) as info:
        load(case.name)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [str(problem) for problem in info.value.problems] == expected
