"""Tests of the user's guide: the generated field reference is current and complete, and the
commands and links the guide gives exist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from briefgen.kinds import KINDS
from briefgen.schema import DESCRIPTIONS, REFERENCE, reference, schema

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


LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_of_the_guide_lead_to_files(page: Path) -> None:
    """Every relative link in the README and docs/ names a file or folder of the repository."""
    for target, _ in LINK.findall(page.read_text("utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
