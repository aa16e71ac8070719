"""Tests of briefgen.load.parse.yaml: YAML 1.2 plain data, bounded, with problems at their line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from briefgen.errors import InputError
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
        f"{path}: aliases (*name) repeat more than 200000 values once expanded (an alias bomb?); "
        "refused"
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


# ---------------------------------------------------------------------------------------------
# Texts a comma cuts inside { }: an error, as every YAML tool reads them.


def test_a_comma_in_a_text_inside_braces_is_an_error_saying_to_quote_it(tmp_path: Path) -> None:
    """`{activity: aid, search and rescue, ...}` is refused at its line, naming the cut text."""
    text = MINIMAL_PLAN.replace(
        "- activity: Joint exercise",
        "- {activity: Workshops on medical aid, search and rescue, outcome: Better aid}",
    )
    path = write(tmp_path, "plan.yaml", text)
    assert problems_of(path) == [
        f"{path}:10: invalid YAML: inside {{ }} a comma ends a text, so 'search and rescue' is "
        "read as a key without a value; put the text of activity in quotes (column 20)"
    ]


def test_every_text_a_comma_cuts_is_reported_at_once(tmp_path: Path) -> None:
    """Two flow mappings with a cut text give two problems, each at its own line."""
    text = MINIMAL_PLAN.replace(
        "- activity: Joint exercise",
        "- {activity: Aid, search and rescue}\n      - {activity: Drills, first aid kits}",
    )
    lines = problems_of(write(tmp_path, "plan.yaml", text))
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines] == ["10", "11"]


@pytest.mark.parametrize(
    "entry",
    [
        '{activity: "Workshops on aid, search and rescue", outcome: x}',  # quoted: one text
        "{activity: Workshops, outcome: x}",  # no cut text
        "{activity: Workshops on aid, outcome: x}",  # a comma before a real key
    ],
)
def test_a_flow_mapping_without_a_cut_text_loads(tmp_path: Path, entry: str) -> None:
    """A quoted text with commas, or commas that separate real entries, load as written."""
    text = MINIMAL_PLAN.replace("- activity: Joint exercise", f"- {entry}")
    assert isinstance(load(write(tmp_path, "plan.yaml", text)), Plan)


def test_a_one_word_key_after_a_comma_is_left_to_the_converter(tmp_path: Path) -> None:
    """`{activity: Drills, Baku}`: a one-word key may be a misspelt field, reported as unknown."""
    text = MINIMAL_PLAN.replace("- activity: Joint exercise", "- {activity: Drills, Baku}")
    (line,) = problems_of(write(tmp_path, "plan.yaml", text))
    assert "Baku: unknown field" in line


# ---------------------------------------------------------------------------------------------
# Warnings: texts YAML reads otherwise than they look.


def warnings_of(text: str) -> list[str]:
    """The warnings parsing a YAML text gives, as printed."""
    return [str(w) for w in yaml_format.parse(text, "p.yaml").warnings]


def test_a_comment_inside_a_list_item_is_a_warning_at_its_line() -> None:
    """`- Propose exercise #2 on site #priority` warns that the text after # is a comment."""
    assert warnings_of("points:\n  - Agree\n  - Propose exercise #2 on site #priority\n") == [
        "p.yaml:3: points[1]: warning: text after # is a comment; put the text in quotes "
        "('#2 on site #priority' is not part of 'Propose exercise')"
    ]


def test_a_comment_inside_a_value_line_is_a_warning() -> None:
    """A value line of running text cut by ` #` warns at its line, with the field path."""
    assert warnings_of("event:\n  title: Visit of the minister #1 priority\n") == [
        "p.yaml:2: event.title: warning: text after # is a comment; put the text in quotes "
        "('#1 priority' is not part of 'Visit of the minister')"
    ]


def test_a_single_word_cut_by_a_glued_hash_is_a_warning() -> None:
    """`- Exercise #2`: one word of text, and a # glued to what follows, as no comment is."""
    assert len(warnings_of("points:\n  - Exercise #2\n")) == 1


def test_a_comment_at_the_end_of_a_multi_line_text_is_found_at_its_line() -> None:
    """A plain text over two lines cut by ` #` on its second line warns at that line."""
    (line,) = warnings_of("points:\n  - Propose a joint\n    exercise on site #2\n")
    assert line.startswith("p.yaml:3: points[0]: warning: text after # is a comment")


@pytest.mark.parametrize(
    "text",
    [
        "# a comment on its own line\ntitle: Joint exercise\n",
        "title: 'Joint exercise' # after a quoted text\n",
        'title: "Joint exercise" #2\n',
        "count: 12 # a number\n",
        "date: 2026-01-12 # a date\n",
        "timeframe: 2026 Q3 # a number with a unit, not prose\n",
        "status: draft # an id-like word\n",
        "id: az-uz-2026 #2\n",
        "title: Plan # one word, and a comment written as one\n",
        "title: Joint exercise  # set apart: two spaces, a space after #\n",
        "title: Joint exercise\t# set apart by a tab\n",
        "title: Joint exercise #\n",
        "parties: # a comment after a key\n  - a\n",
        "list: [Joint exercise, b] # a comment after brackets\n",
    ],
)
def test_a_comment_that_cuts_no_running_text_gives_no_warning(text: str) -> None:
    """No warning for a comment on its own line, after a quoted text, a number, a date, an
    id-like word, a single word, a key, brackets, or set apart as comments are written."""
    assert warnings_of(text) == []


def test_an_alias_of_a_cut_text_is_warned_about_once() -> None:
    """A text cut by a comment and used again through an alias warns once, at its anchor."""
    assert warnings_of("a: &x Joint exercise #2\nb: *x\n") == [
        "p.yaml:1: a: warning: text after # is a comment; put the text in quotes "
        "('#2' is not part of 'Joint exercise')"
    ]


def test_a_list_item_indented_one_space_too_far_is_a_warning() -> None:
    """`   - Second` under `  - First` is folded into the first item: a warning at its line."""
    assert warnings_of("points:\n  - First point\n   - Second point\n  - Third\n") == [
        "p.yaml:3: points[0]: warning: this '- ' line is read as more of the text above, not "
        "as a new list item: line up its '-' with the one above (or put the text in quotes)"
    ]


def test_a_text_over_several_lines_without_items_gives_no_warning() -> None:
    """A plain text continued on the next lines, none starting with '- ', is no trap."""
    assert warnings_of("title: A long title\n  continued here - with a dash\n  and here\n") == []


def test_the_examples_give_no_warnings() -> None:
    """The files in inputs/ are written without traps."""
    inputs = Path(__file__).resolve().parents[2] / "inputs"
    for path in sorted(inputs.rglob("*.yaml")):
        assert yaml_format.parse(path.read_text(encoding="utf-8"), path.name).warnings == ()


# ---------------------------------------------------------------------------------------------
# Parser errors in plain words, at the line of the mistake.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'kind: plan\ntitle: "Plan\nid: p\n',
            "p.yaml:2: invalid YAML: a quoted text starting on line 2 is never closed (column 8)",
        ),
        (
            'kind: plan\nid: p\ntitle: "Plan\nparties:\n  - a\nsections:\n  - area: "Training"\n',
            "p.yaml:3: invalid YAML: a quoted text starting on line 3 is never closed: it runs "
            'on to the " on line 7; close it on line 3 (column 8)',
        ),
        (
            "kind: plan\nparties:\n\t- a\n",
            "p.yaml:3: invalid YAML: a tab character is not allowed for indentation; indent "
            "with spaces (column 1)",
        ),
        (
            "kind: plan\nparties:\n  - a\n\t- b\n",
            "p.yaml:4: invalid YAML: a tab character is not allowed for indentation; indent "
            "with spaces (column 1)",
        ),
        (
            "kind: plan\ntitle: Plan\n  id: p\n",
            "p.yaml:3: invalid YAML: the indentation of this line does not match the lines "
            "above (column 5)",
        ),
        (
            "kind: plan\nparties:\n  - a\n - b\n",
            "p.yaml:4: invalid YAML: the indentation of this line does not match the lines "
            "above (column 2)",
        ),
        (
            "kind: plan\nparties:\n  - a\n  id: p\n",
            "p.yaml:4: invalid YAML: the indentation of this line does not match the lines "
            "above; the list above starts on line 3 (column 3)",
        ),
        (
            "kind: plan\ntitle: Visit: day one\n",
            "p.yaml:2: invalid YAML: a colon followed by a space makes a mapping, and this text "
            "already is a value; put the text in quotes (column 13)",
        ),
        (
            "kind: plan\ntitle: Plan\nsome text\nid: p\n",
            "p.yaml:3: invalid YAML: this line is not `key: value` (a colon and a space are "
            "missing), nor indented under the line above as more of its text (column 1)",
        ),
        (
            "kind: plan\ntitle: 'Minister's visit'\n",
            "p.yaml:2: invalid YAML: text follows the closing ' of a quoted text; put the whole "
            "text in quotes (inside '...' write an apostrophe as '') (column 18)",
        ),
        (
            "kind: plan\ntitle: @home\n",
            "p.yaml:2: invalid YAML: a text cannot start with @; put the text in quotes (column 8)",
        ),
        (
            "kind: plan\npoints:\n  - *important*\n",
            "p.yaml:3: invalid YAML: a text cannot start with * or &; put the text in quotes "
            "(column 5)",
        ),
        (
            'kind: plan\nfolder: "C:\\path"\n',
            "p.yaml:2: invalid YAML: a backslash in a text in double quotes starts an escape "
            "(\\n, \\t); write \\\\ for a backslash, or use single quotes (column 12)",
        ),
        (
            "kind: plan\nparties: [a, b\nid: p\n",
            "p.yaml:2: invalid YAML: the [ on line 2 is not closed with ] (or a comma is "
            "missing between its entries) (column 10)",
        ),
        (
            "kind: plan\n---\nkind: brief\n",
            "p.yaml:2: invalid YAML: a second document starts here (a line ---); a record file "
            "holds one",
        ),
    ],
)
def test_a_common_parser_error_is_told_in_plain_words_at_its_line(text: str, expected: str) -> None:
    """Each common scanner or parser error reads as a sentence, at the line of the mistake
    (an unclosed quote at its opening quote, not where the parser noticed it)."""
    with pytest.raises(InputError) as info:
        yaml_format.parse(text, "p.yaml")
    assert [str(p) for p in info.value.problems] == [expected]
