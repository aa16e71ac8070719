"""Tests of briefgen.load.parse and its shared source: which files are read, and their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.load import load
from briefgen.load.parse import FORMATS, parse
from tests.load.files import problems_of, write
from tests.records import MINIMAL_PLAN


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_extension_is_parsed_by_its_format(tmp_path: Path, suffix: str) -> None:
    """Every extension of the input-format table is read, whatever its case."""
    text = '{"kind": "plan"}' if FORMATS[suffix] != "toml" else 'kind = "plan"\n'
    path = write(tmp_path, "record" + suffix.upper(), text)
    assert parse(path, path.name).data == {"kind": "plan"}


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    """A file of another extension is not read as a record."""
    path = write(tmp_path, "plan.txt", MINIMAL_PLAN)
    expected = f"{path}: not a record file (extensions: .json, .toml, .yaml, .yml)"
    assert problems_of(path) == [expected]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    """Loading a file that does not exist is an InputError, not a traceback."""
    path = tmp_path / "nothing.yaml"
    assert problems_of(path) == [f"{path}: file not found"]


def test_bom_and_crlf_load(tmp_path: Path) -> None:
    """A file saved by Notepad (UTF-8 BOM, CRLF line ends) loads like any other."""
    data = b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode("utf-8")
    assert load(write(tmp_path, "plan.yaml", data)) == load(write(tmp_path, "p.yaml", MINIMAL_PLAN))


def test_utf16_file_gets_a_clear_error(tmp_path: Path) -> None:
    """A file saved as Notepad's "Unicode" (UTF-16) is refused, saying to save it as UTF-8."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN.encode("utf-16"))
    assert problems_of(path) == [
        f'{path}:1: UTF-16 text (Notepad\'s "Unicode"); save the file as UTF-8'
    ]


def test_latin1_file_gets_a_clear_error(tmp_path: Path) -> None:
    """A file saved as latin-1 is reported at the line of the first bad byte, asking for UTF-8."""
    text = MINIMAL_PLAN.replace("title: Plan", "title: Fövqəladə").replace("ə", "e")
    path = write(tmp_path, "plan.yaml", text.encode("latin-1"))
    assert problems_of(path) == [f"{path}:3: not UTF-8 (byte 0xf6); save the file as UTF-8"]


def test_binary_file_gets_a_clear_error(tmp_path: Path) -> None:
    """A binary file (here a PNG header) named .yaml is refused as binary."""
    path = write(tmp_path, "plan.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert problems_of(path) == [f"{path}: binary file, not a text record"]


def test_a_problem_names_the_file_as_given(tmp_path: Path) -> None:
    """The name passed to parse is the one its problems carry."""
    path = write(tmp_path, "plan.json", "{")
    with pytest.raises(InputError) as info:
        parse(path, "shown.json")
    assert [p.source for p in info.value.problems] == ["shown.json"]
