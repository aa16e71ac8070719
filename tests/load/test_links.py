"""Tests of briefgen.load.links: kinds from the registry, links between files, and origins."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import attrs
import pytest

from briefgen.errors import Severity
from briefgen.kinds import FILE_KINDS as KINDS
from briefgen.load import load, load_with_sources
from briefgen.model import Brief, Plan, Record
from tests.load.files import problems_of, write
from tests.records import MINIMAL_BRIEF, MINIMAL_PLAN

INPUTS = Path(__file__).resolve().parents[2] / "inputs"
AZ_UZ_PLAN = INPUTS / "az-uz-2026" / "plan.yaml"


# ---------------------------------------------------------------------------------------------
# The kind a file names.


def test_a_missing_kind_offers_the_registrys_kinds(tmp_path: Path) -> None:
    """A file without `kind` is told the kinds it may name, as the registry lists them."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN.replace("kind: plan\n", ""))
    assert problems_of(path) == [
        f"{path}:1: kind: required field missing (kind: plan or kind: brief)"
    ]


def test_an_unknown_kind_lists_the_registrys_names(tmp_path: Path) -> None:
    """A kind the registry does not hold is refused with the registry's names, sorted."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN.replace("kind: plan", "kind: memo"))
    assert problems_of(path) == [f"{path}:1: kind: must be one of brief, plan; got text 'memo'"]


def test_the_kinds_come_from_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader names no kind itself: a kind taken out of the registry is refused, and one
    added is offered and structured into its record type."""
    links = importlib.import_module("briefgen.load.links")  # briefgen.load is the function
    plan = write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    no_kind = write(tmp_path, "none.yaml", MINIMAL_PLAN.replace("kind: plan\n", ""))
    monkeypatch.setattr(links, "KINDS", {"brief": KINDS["brief"]})
    assert problems_of(plan) == [f"{plan}:1: kind: must be one of brief; got text 'plan'"]
    assert problems_of(no_kind) == [f"{no_kind}:1: kind: required field missing (kind: brief)"]

    memo = attrs.evolve(KINDS["plan"], name="memo")  # a Plan record under another name
    monkeypatch.setattr(links, "KINDS", {**KINDS, "memo": memo})
    assert problems_of(no_kind) == [
        f"{no_kind}:1: kind: required field missing (kind: plan, kind: brief or kind: memo)"
    ]
    memo_file = write(tmp_path, "memo.yaml", MINIMAL_PLAN.replace("kind: plan\n", "kind: memo\n"))
    real, structured = links.structure, []

    def structure(data: dict[str, Any], cls: type[Record]) -> Record:
        structured.append(cls)
        return real({**data, "kind": "plan"}, cls)  # a Plan holds kind: plan

    monkeypatch.setattr(links, "structure", structure)
    assert isinstance(load(memo_file), Plan)
    assert structured == [Plan]


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
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
# Links.


def test_linked_example_lists_its_sources() -> None:
    """A brief that links a plan is made from both files, its own first."""
    loaded = load_with_sources(INPUTS / "az-uz-2026" / "brief.yaml")
    assert [p.name for p in loaded.sources] == ["brief.yaml", "plan.yaml"]
    assert isinstance(loaded.record, Brief)
    plan = load(AZ_UZ_PLAN)
    assert loaded.record.parties == plan.parties
    assert loaded.record.deliverables[0].plan == plan


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
# Origins: where a field of a loaded record was written.


def test_the_origin_locates_a_field_in_the_records_own_file(tmp_path: Path) -> None:
    """`Loaded.origin` gives the file, line and path of a field of the record."""
    path = write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    origin = load_with_sources(path).origin
    assert origin.locate(("sections", 0, "initiatives", 0, "activity")) == (
        str(path),
        10,
        ("sections", 0, "initiatives", 0, "activity"),
    )


def test_the_origin_follows_links_to_the_linked_file(tmp_path: Path) -> None:
    """A field that came through links is located in the file that holds it."""
    plan = write(tmp_path, "plan.yaml", MINIMAL_PLAN)
    text = MINIMAL_BRIEF + "parties: plan.yaml\ndeliverables:\n  - plan: plan.yaml\n"
    origin = load_with_sources(write(tmp_path, "brief.yaml", text)).origin
    assert origin.locate(("parties", 1, "state")) == (str(plan), 6, ("parties", 1, "state"))
    problem = origin.problem(("deliverables", 0, "plan", "title"), "a message")
    assert str(problem) == f"{plan}:3: title: a message"


def test_each_load_has_its_own_origin(tmp_path: Path) -> None:
    """Two loads of equal records keep their own origins: nothing is looked up by identity."""
    first = load_with_sources(write(tmp_path, "one.yaml", MINIMAL_PLAN))
    second = load_with_sources(write(tmp_path, "two.yaml", "# moved down\n" + MINIMAL_PLAN))
    assert first.record == second.record
    assert first.origin.locate(("title",))[:2] == (str(tmp_path / "one.yaml"), 3)
    assert second.origin.locate(("title",))[:2] == (str(tmp_path / "two.yaml"), 4)


# ---------------------------------------------------------------------------------------------
# Warnings: what the files probably do not mean as written travels with the record.


def test_loaded_carries_the_warnings_of_the_record_and_its_linked_files(tmp_path: Path) -> None:
    """`Loaded.warnings` holds each file's warnings (its own first, then linked files), each
    with the file and line, and the record still loads."""
    plan = write(
        tmp_path,
        "plan.yaml",
        MINIMAL_PLAN.replace("Joint exercise", "Joint exercise #2 on site"),
    )
    text = MINIMAL_BRIEF.replace("title: Meeting", "title: Meeting of ministers #1 priority")
    brief = write(tmp_path, "brief.yaml", text + "parties: plan.yaml\n")
    loaded = load_with_sources(brief)
    assert isinstance(loaded.record, Brief)
    assert [(str(w).split(": warning: ")[0]) for w in loaded.warnings] == [
        f"{brief}:4: event.title",
        f"{plan}:10: sections[0].initiatives[0].activity",
    ]
    assert all(w.severity is Severity.WARNING for w in loaded.warnings)
    assert all("text after # is a comment" in w.message for w in loaded.warnings)


def test_a_record_without_traps_has_no_warnings() -> None:
    """The examples load without warnings."""
    assert load_with_sources(INPUTS / "az-uz-2026" / "brief.yaml").warnings == ()


def test_a_link_written_on_windows_finds_its_file_anywhere(tmp_path: Path) -> None:
    """A record written on Windows separates folders with backslashes (`plans\\plan.yaml`,
    `img\\a.png`): the link names the same file on any system."""
    from PIL import Image as PILImage

    (tmp_path / "plans").mkdir()
    (tmp_path / "img").mkdir()
    PILImage.new("RGB", (8, 8), "navy").save(tmp_path / "img" / "a.png")
    write(tmp_path / "plans", "plan.yaml", MINIMAL_PLAN)
    text = (
        MINIMAL_BRIEF
        + "parties: 'plans\\plan.yaml'\ndeliverables:\n  - plan: 'plans\\plan.yaml'\n"
    )
    brief = load(write(tmp_path, "brief.yaml", text))
    assert isinstance(brief, Brief)
    assert brief.deliverables[0].plan == load(tmp_path / "plans" / "plan.yaml")
    plan = MINIMAL_PLAN.replace("{id: a,", "{id: a, emblem: 'img\\a.png',", 1)
    loaded = load(write(tmp_path, "with-emblem.yaml", plan))
    assert isinstance(loaded, Plan)
    assert loaded.parties[0].emblem == str(tmp_path / "img" / "a.png")
