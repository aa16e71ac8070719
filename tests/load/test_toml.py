"""Tests of briefgen.load.parse.toml: TOML data, tomllib's errors at their line, lines of fields."""

from __future__ import annotations

import pytest

from briefgen.errors import InputError
from briefgen.load.parse.toml import parse

TEXT = """\
kind = "plan"
title = "Plan"

[[parties]]
id = "a"

[[parties]]
id = "b"
state = "B"

[[sections]]
area = "Training"

[[sections.initiatives]]
activity = "Joint exercise"
"""


def test_a_toml_text_is_its_data() -> None:
    """The data of a TOML text is what tomllib reads."""
    data = parse(TEXT, "p.toml").data
    assert data["parties"] == [{"id": "a"}, {"id": "b", "state": "B"}]
    assert data["sections"][0]["initiatives"] == [{"activity": "Joint exercise"}]


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("title",), 2),
        (("parties", 1), 7),
        (("parties", 1, "state"), 9),
        (("sections", 0, "initiatives", 0, "activity"), 15),
    ],
)
def test_a_field_is_found_at_its_line(path: tuple[str | int, ...], line: int) -> None:
    """Keys and array tables are found by scanning, though tomllib keeps no positions."""
    assert parse(TEXT, "p.toml").locate(path) == line


def test_a_syntax_error_is_at_its_line_and_column() -> None:
    """tomllib's "(at line L, column C)" becomes the problem's line, and the column is kept."""
    with pytest.raises(InputError) as info:
        parse('kind = "plan"\ntitle = \n', "p.toml")
    (problem,) = info.value.problems
    assert (problem.line, problem.message) == (2, "invalid TOML: Invalid value (column 9)")
