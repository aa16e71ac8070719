"""Tests of briefgen.load.parse.json: JSON data, refused duplicate keys, lines of fields."""

from __future__ import annotations

import pytest

from briefgen.errors import InputError
from briefgen.load.parse.json import parse

TEXT = """\
{
  "kind": "plan",
  "parties": [
    {"id": "a"},
    {
      "id": "b",
      "state": "B"
    }
  ]
}
"""


def test_a_json_text_is_its_data() -> None:
    """The data of a JSON text is what the json module reads."""
    assert parse(TEXT, "p.json").data == {
        "kind": "plan",
        "parties": [{"id": "a"}, {"id": "b", "state": "B"}],
    }


@pytest.mark.parametrize(
    ("path", "line"),
    [(("kind",), 2), (("parties", 0), 4), (("parties", 1, "state"), 7), (("parties", 5), 3)],
)
def test_a_field_is_found_at_its_line(path: tuple[str | int, ...], line: int) -> None:
    """A field path is located at its key's line, or at the nearest enclosing one."""
    assert parse(TEXT, "p.json").locate(path) == line


def test_a_duplicate_key_names_both_lines() -> None:
    """A key given twice is refused at the second, naming the line of the first."""
    with pytest.raises(InputError) as info:
        parse('{\n  "id": "a",\n  "title": "x",\n  "id": "b"\n}\n', "p.json")
    assert [str(p) for p in info.value.problems] == [
        "p.json:4: invalid JSON: duplicate key 'id', first at line 2"
    ]


def test_a_syntax_error_is_at_its_line_and_column() -> None:
    """Broken JSON is reported where the json module stopped."""
    with pytest.raises(InputError) as info:
        parse('{\n  "id": "a",\n}\n', "p.json")
    assert [str(p) for p in info.value.problems] == [
        "p.json:3: invalid JSON: Expecting property name enclosed in double quotes (column 1)"
    ]
