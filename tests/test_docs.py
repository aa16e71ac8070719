"""Tests of the user's guide: the generated field reference is current and complete, and the
commands and links the guide gives exist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from briefgen.kinds import FILE_KINDS as KINDS
from briefgen.schema import DESCRIPTIONS, PLACES, REFERENCE, reference, schema

ROOT = Path(__file__).resolve().parent.parent
GUIDE = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_the_committed_field_reference_is_current() -> None:
    """docs/reference.md is what scripts/field-reference writes now (run it after changing a
    field, a description or a skeleton)."""
    committed = (ROOT / REFERENCE).read_text("utf-8")
    assert committed == reference(), "docs/reference.md is stale: run bash scripts/field-reference"


def properties(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(record, key) of every field of every record of a kind's schema."""
    found = {(document["title"], key) for key in document["properties"]}
    for name, node in document["$defs"].items():
        found |= {(name, key) for key in node.get("properties", {})}
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_is_in_the_reference_with_its_description(kind: str) -> None:
    """Each field of the schema has a row in the reference carrying its description (a
    plan's fields, reachable from a brief through a deliverable, in the plan's table)."""
    section = reference()
    document = schema(kind)
    for record, key in properties(document):
        node = document["$defs"].get(record, document)
        description = node["properties"][key]["description"]
        assert re.search(rf"`[^`]*\b{re.escape(key)}` \|[^\n]*{re.escape(description)}", section), (
            record,
            key,
        )


def test_every_description_is_of_a_field() -> None:
    """No description outlives its field (a renamed field keeps no stale line)."""
    used = set()
    for kind in KINDS:
        document = schema(kind)
        for record, key in properties(document):
            record = record if record in document["$defs"] else KINDS[kind].record.__name__
            used.add(f"{record}.{key}" if f"{record}.{key}" in DESCRIPTIONS else key)
    assert set(DESCRIPTIONS) - used == set()


def test_every_top_level_field_says_where_it_shows() -> None:
    """Each field of a record has a place in its document in the reference, and no place is
    of a field that is gone."""
    expected = {
        f"{kind.record.__name__}.{key}"
        for kind in KINDS.values()
        for key in schema(kind.name)["properties"]
    }
    assert set(PLACES) == expected


LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_of_the_guide_lead_to_files(page: Path) -> None:
    """Every relative link in the README and docs/ names a file or folder of the repository."""
    for target, _ in LINK.findall(page.read_text("utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def code_blocks(page: str, language: str) -> list[str]:
    """The fenced code blocks of one language in a page of the guide."""
    text = (ROOT / page).read_text("utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_tutorial_s_brief_checks_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Following the tutorial: `new brief visit.yaml`, the filled brief it shows, `check`,
    then `build` writes outputs/<id>.docx, the file the tutorial names."""
    from briefgen.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief", "visit.yaml"]) == 0
    filled = next(b for b in code_blocks("docs/tutorial.md", "yaml") if "id: az-kz" in b)
    Path("visit.yaml").write_text(filled, encoding="utf-8")
    assert main(["check", "visit.yaml"]) == 0, capsys.readouterr().err
    assert "checked 1 files: 1 valid, 0 with problems" in capsys.readouterr().err
    assert main(["build", "visit.yaml", "-j", "1"]) == 0
    assert (tmp_path / "outputs" / "az-kz-visit-2026.docx").is_file()
    assert "outputs/az-kz-visit-2026.docx" in (ROOT / "docs/tutorial.md").read_text("utf-8")


def test_the_python_api_example_builds_briefs_from_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The how-to's script, given a meetings.csv, writes a record per row and builds them."""
    monkeypatch.chdir(tmp_path)
    Path("meetings.csv").write_text(
        "id,title,start,party\n"
        "drr-az-kz,Meeting with Kazakhstan,2026-06-03T14:30,kz\n"
        "drr-az-tr,Meeting with Türkiye,2026-06-03T15:30,tr\n",
        encoding="utf-8",
    )
    script = next(b for b in code_blocks("docs/how-to/python-api.md", "python") if "csv" in b)
    call = '"outputs/conference")'
    assert call in script
    script = script.replace(call, '"outputs/conference", jobs=1)')  # no pool in a test
    exec(
        compile(script, "api", "exec"),
        {},
    )
    built = sorted(p.name for p in (tmp_path / "outputs" / "conference").iterdir())
    assert [name for name in built if name.endswith(".docx")] == [
        "drr-az-kz.docx",
        "drr-az-tr.docx",
    ]
