"""Tests of briefgen.load: files of every format to records, strictly, with located problems."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from briefgen.errors import InputError
from briefgen.load import converter, discover, load, load_with_sources, structure, unstructure
from briefgen.model import Brief, Plan, Record
from tests.records import MINIMAL_BRIEF, MINIMAL_PLAN
from tests.strategies import briefs, plans

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
EXAMPLES = sorted(INPUTS.rglob("*.yaml"))
AZ_UZ_PLAN = INPUTS / "az-uz-2026" / "plan.yaml"


def problems_of(path: Path) -> list[str]:
    """The problem lines loading `path` reports (it must fail)."""
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def toml_value(value: Any) -> str:
    """A TOML 1.0 inline rendering of plain data (no TOML writer is a dependency)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    return "[" + ", ".join(toml_value(v) for v in value) + "]"


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


# ---------------------------------------------------------------------------------------------
# The examples and the round trip.


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(INPUTS)))
def test_every_example_loads(path: Path) -> None:
    """Every file in inputs/ loads into the record its kind names."""
    record = load(path)
    assert isinstance(record, Plan if path.stem.startswith("plan") else Brief)


def test_the_examples_are_found() -> None:
    """inputs/ holds the four canonical examples and three translated ones, so the test above cannot pass vacuously."""
    assert len(EXAMPLES) == 7


def test_linked_example_lists_its_sources() -> None:
    """A brief that links a plan is made from both files, its own first."""
    loaded = load_with_sources(INPUTS / "az-uz-2026" / "brief.yaml")
    assert [p.name for p in loaded.sources] == ["brief.yaml", "plan.yaml"]
    assert isinstance(loaded.record, Brief)
    plan = load(AZ_UZ_PLAN)
    assert loaded.record.parties == plan.parties
    assert loaded.record.deliverables[0].plan == plan


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_json_and_toml_give_the_same_record(tmp_path: Path, fmt: str) -> None:
    """The az-uz plan written as JSON or TOML loads to the same record as the YAML."""
    record = load(AZ_UZ_PLAN)
    data = unstructure(record)
    text = json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else to_toml(data)
    assert load(write(tmp_path, f"plan.{fmt}", text)) == record


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(INPUTS)))
def test_examples_round_trip(path: Path) -> None:
    """Unstructuring an example and structuring it again gives the same record."""
    record = load(path)
    assert structure(unstructure(record), type(record)) == record


def _json_round_trip(record: Record) -> Record:
    """Through plain data as a JSON file would hold it (dates as ISO strings)."""
    data = json.loads(json.dumps(unstructure(record), ensure_ascii=False))
    return structure(data, type(record))


@given(plans())
def test_generated_plans_round_trip(plan: Plan) -> None:
    """Any valid plan survives unstructure -> JSON -> structure unchanged."""
    assert _json_round_trip(plan) == plan


@given(briefs())
def test_generated_briefs_round_trip(brief: Brief) -> None:
    """Any valid brief survives unstructure -> JSON -> structure unchanged."""
    assert _json_round_trip(brief) == brief


def test_unstructure_names_the_kind_and_uses_input_keys() -> None:
    """Unstructured data says its kind and writes the period as from/to, as a file does."""
    data = unstructure(load(AZ_UZ_PLAN))
    assert data["kind"] == "plan"
    assert data["period"] == {"from": 2026, "to": 2027}
    assert data["date"] == "2025-11-20"


def test_the_converter_is_strict_about_scalars() -> None:
    """The one converter refuses the coercions cattrs does by default (123 -> "123", 7.9 -> 7)."""
    with pytest.raises(Exception, match="expected text"):
        converter.structure(123, str)
    with pytest.raises(Exception, match="whole number"):
        converter.structure(7.9, int)


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
# Links.


def test_parties_from_another_file(tmp_path: Path) -> None:
    """`parties: plan.yaml` takes the parties of the plan next to the brief."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    brief = load(write(tmp_path, "brief.yaml", MINIMAL_BRIEF + "parties: plan.yaml\n"))
    assert isinstance(brief, Brief)
    assert [p.id for p in brief.parties] == ["a", "b"]


def test_deliverable_plan_is_loaded(tmp_path: Path) -> None:
    """`deliverables: [{plan: plan.yaml}]` puts the loaded plan in the brief."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    text = MINIMAL_BRIEF + "parties: plan.yaml\ndeliverables:\n  - plan: plan.yaml\n"
    brief = load(write(tmp_path, "brief.yaml", text))
    assert isinstance(brief, Brief)
    assert brief.deliverables[0].plan == load(tmp_path / "plan.yaml")


def test_links_are_relative_to_the_linking_file(tmp_path: Path) -> None:
    """A link in a subfolder's file is resolved from that subfolder, whatever the cwd."""
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub, "plan.yaml", MINIMAL_PLAN)
    brief = load(write(sub, "brief.yaml", MINIMAL_BRIEF + "parties: plan.yaml\n"))
    assert isinstance(brief, Brief)


def test_missing_linked_file_is_located(tmp_path: Path) -> None:
    """A link to a file that does not exist is reported at the link's line."""
    path = write(tmp_path, "brief.yaml", MINIMAL_BRIEF + "parties: nowhere.yaml\n")
    assert problems_of(path) == [
        f"{path}:8: parties: linked file nowhere.yaml not found (looked for "
        f"{tmp_path / 'nowhere.yaml'})"
    ]


def test_link_to_a_brief_as_deliverable_is_the_wrong_kind(tmp_path: Path) -> None:
    """A deliverable must be a plan: a link to a brief says so at the link's line."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    other = MINIMAL_BRIEF.replace("id: b", "id: other") + "parties: plan.yaml\n"
    write(tmp_path, "other.yaml", other)
    text = MINIMAL_BRIEF + "parties: plan.yaml\ndeliverables:\n  - plan: other.yaml\n"
    path = write(tmp_path, "brief.yaml", text)
    assert problems_of(path) == [
        f"{path}:10: deliverables[0].plan: other.yaml is a brief; a deliverable must be a plan"
    ]


def test_two_file_cycle_is_an_error(tmp_path: Path) -> None:
    """Two files that link each other are a cycle, reported with the chain of files."""
    plan = "kind: plan\nid: a\ntitle: Plan\nparties: b.yaml\n" + MINIMAL_PLAN.split("\n", 6)[6]
    a = write(tmp_path, "a.yaml", plan)
    write(tmp_path, "b.yaml", MINIMAL_BRIEF + "parties: a.yaml\n")
    lines = problems_of(a)
    assert lines == [
        f"{a}:4: parties: linked file b.yaml is invalid (its problems follow)",
        f"{tmp_path / 'b.yaml'}:8: parties: link cycle: {a} -> {tmp_path / 'b.yaml'} -> {a}",
    ]


def test_a_file_linking_itself_is_a_cycle(tmp_path: Path) -> None:
    """A brief whose parties link to itself is a cycle of one file."""
    path = write(tmp_path, "brief.yaml", MINIMAL_BRIEF + "parties: brief.yaml\n")
    assert problems_of(path) == [f"{path}:8: parties: link cycle: {path} -> {path}"]


def test_linked_file_problems_carry_its_own_name(tmp_path: Path) -> None:
    """The problems of a linked file are reported with that file's name and lines."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN.replace("title: Plan", "title: 7"))
    path = write(tmp_path, "brief.yaml", MINIMAL_BRIEF + "parties: plan.yaml\n")
    assert problems_of(path) == [
        f"{path}:8: parties: linked file plan.yaml is invalid (its problems follow)",
        f"{tmp_path / 'plan.yaml'}:3: title: expected text, or a mapping of language to text, "
        "got number 7",
    ]


def test_a_file_linked_twice_is_loaded_and_reported_once(tmp_path: Path) -> None:
    """Parties and a deliverable from the same bad plan report its problems only once."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN.replace("title: Plan", "title: 7"))
    text = MINIMAL_BRIEF + "parties: plan.yaml\ndeliverables:\n  - plan: plan.yaml\n"
    lines = problems_of(write(tmp_path, "brief.yaml", text))
    assert sum("title: expected text" in line for line in lines) == 1


# ---------------------------------------------------------------------------------------------
# Hostile and unusual files.


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


def test_bom_and_crlf_load(tmp_path: Path) -> None:
    """A file saved by Notepad (UTF-8 BOM, CRLF line ends) loads like any other."""
    data = b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode("utf-8")
    assert load(write(tmp_path, "plan.yaml", data)) == load(write(tmp_path, "p.yaml", MINIMAL_PLAN))


def test_bom_and_crlf_keep_lines(tmp_path: Path) -> None:
    """In a BOM + CRLF file a problem is still reported at its own line."""
    text = MINIMAL_PLAN.replace("title: Plan", "title: 7").replace("\n", "\r\n")
    path = write(tmp_path, "plan.yaml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems_of(path)[0].startswith(f"{path}:3: title: ")


def test_latin1_file_gets_a_clear_error(tmp_path: Path) -> None:
    """A file saved as latin-1 is reported at the line of the first bad byte, asking for UTF-8."""
    text = MINIMAL_PLAN.replace("title: Plan", "title: Fövqəladə").replace("ə", "e")
    path = write(tmp_path, "plan.yaml", text.encode("latin-1"))
    assert problems_of(path) == [f"{path}:3: not UTF-8 (byte 0xf6); save the file as UTF-8"]


def test_binary_file_gets_a_clear_error(tmp_path: Path) -> None:
    """A binary file (here a PNG header) named .yaml is refused as binary."""
    path = write(tmp_path, "plan.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert problems_of(path) == [f"{path}: binary file, not a text record"]


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    """A file of another extension is not read as a record."""
    path = write(tmp_path, "plan.txt", MINIMAL_PLAN)
    expected = f"{path}: not a record file (extensions: .json, .toml, .yaml, .yml)"
    assert problems_of(path) == [expected]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    """Loading a file that does not exist is an InputError, not a traceback."""
    path = tmp_path / "nothing.yaml"
    assert problems_of(path) == [f"{path}: file not found"]


def test_empty_file_is_reported(tmp_path: Path) -> None:
    """An empty file is reported as holding no fields."""
    path = write(tmp_path, "plan.yaml", "")
    assert problems_of(path) == [f"{path}:1: expected a mapping of fields, got nothing (null)"]


def test_file_names_are_shown_relative_to_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file inside the current folder is named as the user would type it."""
    write(tmp_path, "plan.yaml", MINIMAL_PLAN.replace("title: Plan", "title: 7"))
    monkeypatch.chdir(tmp_path)
    assert problems_of(Path("plan.yaml"))[0].startswith("plan.yaml:3: title: ")


# ---------------------------------------------------------------------------------------------
# discover.


def test_discover_walks_folders_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    """Folders are walked recursively; hidden entries and other extensions are skipped."""
    for name in [
        "a.yaml",
        "b.yml",
        "c.json",
        "d.toml",
        "notes.txt",
        "README.md",
        ".hidden.yaml",
        "deep/er/e.YAML",
        ".git/f.yaml",
        "sub/.cache/g.yaml",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: plan\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.yaml", "b.yml", "c.json", "d.toml", "deep/er/e.YAML"]


def test_discover_keeps_files_given_and_drops_duplicates(tmp_path: Path) -> None:
    """A file named directly is kept whatever its extension, once even if also in a folder."""
    write(tmp_path, "a.yaml", "")
    other = write(tmp_path, "x.txt", "")
    found = discover([tmp_path / "a.yaml", tmp_path, other])
    assert found == [tmp_path / "a.yaml", other]


def test_discover_reports_a_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is an InputError naming it."""
    with pytest.raises(InputError) as info:
        discover([tmp_path / "nope"])
    assert [str(p) for p in info.value.problems] == [f"{tmp_path / 'nope'}: no such file or folder"]
