"""Tests of briefgen.load.parse.yaml: YAML 1.2 plain data, bounded, with problems at their line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from briefgen.load import load
from briefgen.load.parse import yaml as yaml_format
from briefgen.model import Plan
from tests.load.files import problems_of, write
from tests.records import MINIMAL_PLAN

TOO_DEEP = "nested too deeply (lists or mappings inside each other hundreds of levels deep)"


# ---------------------------------------------------------------------------------------------
# YAML 1.2.


@pytest.mark.parametrize("word", ["no", "on", "yes", "off", "y", "n"])
def test_yaml_1_1_booleans_stay_text_in_a_text_field(tmp_path: Path, word: str) -> None:
    """`title: no` is the text "no" (YAML 1.2), not the boolean false of YAML 1.1."""
    text = MINIMAL_PLAN.replace("title: Plan", f"title: {word}")
    record = load(write(tmp_path, "plan.yaml", text))
    assert isinstance(record, Plan)
    assert str(record.title) == word


def test_yaml_leading_zero_is_decimal_not_octal(tmp_path: Path) -> None:
    """`reference: 012` is not the octal number 10: a text field refuses it as a number 12."""
    text = MINIMAL_PLAN + "reference: 012\n"
    assert problems_of(write(tmp_path, "plan.yaml", text)) == [
        f"{tmp_path / 'plan.yaml'}:11: reference: expected text, got number 12 (write it in quotes)"
    ]


def test_yaml_no_in_a_boolean_field_says_true_or_false(tmp_path: Path) -> None:
    """`binding: no` is an error that tells the user to write true or false."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN + "binding: no\n")
    assert problems_of(path) == [f"{path}:11: binding: expected true or false, got text 'no'"]


def test_yaml_true_false_load_as_booleans(tmp_path: Path) -> None:
    """`binding: false` is the boolean false."""
    record = load(write(tmp_path, "plan.yaml", MINIMAL_PLAN + "binding: false\n"))
    assert isinstance(record, Plan)
    assert record.binding is False


# ---------------------------------------------------------------------------------------------
# Plain data only, bounded.


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    """A `!!python/object` tag is refused at its line; nothing is constructed."""
    text = MINIMAL_PLAN.replace("title: Plan", "title: !!python/object:os.system {}")
    path = write(tmp_path, "plan.yaml", text)
    assert problems_of(path) == [
        f"{path}:3: invalid YAML: tag !!python/object:os.system is not allowed; "
        "only plain data is read (column 8)"
    ]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A "billion laughs" of nine levels is refused in well under a second, saying why."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "bomb.yaml", "kind: plan\n" + "\n".join(lines) + "\n")
    started = time.perf_counter()
    (line,) = problems_of(path)
    assert time.perf_counter() - started < 1.0
    assert line == (
        f"{path}: more than 200000 values once aliases are expanded (an alias bomb?); refused"
    )


def test_duplicate_yaml_key_names_both_lines(tmp_path: Path) -> None:
    """A key given twice is reported at the second, naming the line of the first."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN + "title: Again\n")
    assert problems_of(path) == [
        f"{path}:11: invalid YAML: duplicate key 'title', first at line 3 (column 1)"
    ]


def test_our_depth_limit_names_the_line_that_goes_too_deep(tmp_path: Path) -> None:
    """A block list 250 levels deep (under any parser's own limit) is refused by ours, at the
    line of the first list past MAX_DEPTH levels."""
    text = "kind: plan\nx:\n" + "".join("  " * i + "-\n" for i in range(250))
    path = write(tmp_path, "plan.yaml", text)
    # The mapping is level 1 and the list on line 3 level 2: level MAX_DEPTH + 1 is on line 202.
    assert yaml_format.MAX_DEPTH == 200
    assert problems_of(path) == [f"{path}:202: {TOO_DEEP}"]


def test_the_parsers_own_depth_limit_is_told_in_our_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the YAML parser itself refuses the nesting (libyaml 0.2.6, in PyYAML 6.0.4, stops
    at 1,000 levels with "exceeded maximum nesting depth"), the user reads our message, with the
    file and the parser's line, whichever PyYAML is installed."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    mark = yaml.Mark(str(path), 0, 6, 1002, None, None)

    def refuse(self: object) -> None:
        raise yaml.scanner.ScannerError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )

    monkeypatch.setattr(yaml_format.Loader, "get_single_node", refuse)
    assert problems_of(path) == [f"{path}:7: {TOO_DEEP}"]


# ---------------------------------------------------------------------------------------------
# Lines.


def test_bom_and_crlf_keep_lines(tmp_path: Path) -> None:
    """In a BOM + CRLF file a problem is still reported at its own line."""
    text = MINIMAL_PLAN.replace("title: Plan", "title: 7").replace("\n", "\r\n")
    path = write(tmp_path, "plan.yaml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems_of(path)[0].startswith(f"{path}:3: title: ")


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("title",), 3),
        (("parties", 1), 6),
        (("sections", 0, "initiatives", 0, "activity"), 10),
        (("sections", 0, "initiatives", 0, "outcome"), 10),  # absent: the nearest enclosing
        (("sections", 3), 7),
    ],
)
def test_a_field_is_found_at_its_line(path: tuple[str | int, ...], line: int) -> None:
    """A field path is located at its key's line, or at the nearest enclosing one."""
    assert yaml_format.parse(MINIMAL_PLAN, "p.yaml").locate(path) == line
