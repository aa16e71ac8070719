"""Tests of briefgen.schema: a valid draft 2020-12 schema that agrees with the loader."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given

from briefgen.load import unstructure
from briefgen.load.parse import parse
from briefgen.load.parse.yaml import parse as parse_yaml
from briefgen.model import Brief, Plan
from briefgen.schema import schema
from tests.strategies import briefs, plans

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").rglob("*.yaml"))
#: Every record file in inputs/, whatever its format.
INPUT_FILES = sorted(
    p for p in (ROOT / "inputs").rglob("*") if p.suffix in {".yaml", ".yml", ".json", ".toml"}
)
INVALID = ROOT / "tests" / "invalid"
VALIDATORS = {
    kind: jsonschema.Draft202012Validator(
        schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for kind in ("plan", "brief")
}


def iso(data: Any) -> Any:
    """Plain data as a JSON file holds it: dates and times as ISO strings."""
    if isinstance(data, dict):
        return {key: iso(value) for key, value in data.items()}
    if isinstance(data, list):
        return [iso(value) for value in data]
    if isinstance(data, dt.date | dt.time):
        return data.isoformat()
    return data


def file_data(path: Path) -> Any:
    """A record file parsed (not structured): links stay file names."""
    return iso(parse(path, path.name).data)


def errors(kind: str, data: Any) -> list[str]:
    """Every error message, including those inside anyOf branches."""
    found: list[str] = []
    pending = list(VALIDATORS[kind].iter_errors(data))
    while pending:
        error = pending.pop()
        found.append(error.message)
        pending.extend(error.context or ())
    return found


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    """The schema of each kind is itself a valid draft 2020-12 schema."""
    document = schema(kind)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def plain_data(path: Path) -> Any:
    """A record file as any other tool reads it: PyYAML's safe loader, json or tomllib."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".toml":
        return tomllib.loads(text)
    return iso(yaml.safe_load(text))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_validates(path: Path) -> None:
    """Each example file, as written (links as file names), validates against its kind's schema."""
    data = file_data(path)
    assert errors(data["kind"], data) == []


@pytest.mark.parametrize("path", INPUT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_input_file_read_by_a_plain_yaml_loader_validates(path: Path) -> None:
    """Each file in inputs/, read by a plain loader (as an editor's schema check reads it, not
    by briefgen), validates against `briefgen schema <kind>`: briefgen reads nothing otherwise."""
    data = plain_data(path)
    assert errors(data["kind"], data) == []


def test_the_input_files_are_found() -> None:
    """inputs/ holds the seven examples, so the test above cannot pass vacuously."""
    assert len(INPUT_FILES) == 7


def test_examples_use_links() -> None:
    """The examples include `parties: plan.yaml`, so the link form is exercised above."""
    assert any(isinstance(file_data(path).get("parties"), str) for path in EXAMPLES)


@given(plans())
def test_generated_plans_validate(plan: Plan) -> None:
    """Any valid plan, unstructured, validates against the plan schema."""
    assert errors("plan", unstructure(plan)) == []


@given(briefs())
def test_generated_briefs_validate(brief: Brief) -> None:
    """Any valid brief, unstructured (deliverable plans inline), validates against the schema."""
    assert errors("brief", unstructure(brief)) == []


@pytest.mark.parametrize(
    ("case", "kind", "needle"),
    [
        ("unknown-key-top.yaml", "plan", "'parites' was unexpected"),
        ("json-unknown-key.json", "plan", "'flag' was unexpected"),
        ("bad-status.yaml", "plan", "'approved' is not one of"),
        ("bad-event-kind.yaml", "brief", "'official visit' is not one of"),
        ("missing-title.yaml", "plan", "'title' is a required property"),
        ("missing-host.yaml", "brief", "'host' is a required property"),
        ("one-party.yaml", "plan", "is too short"),
        ("version-unquoted.yaml", "plan", "0.3 is not valid"),
        ("unknown-language.yaml", "plan", "is not valid"),
    ],
)
def test_invalid_corpus_files_are_rejected_by_the_schema(case: str, kind: str, needle: str) -> None:
    """Files the loader refuses for their shape are refused by the schema too."""
    found = errors(kind, file_data(INVALID / case))
    assert any(needle in message for message in found), found


def test_schema_names_enum_values_and_input_keys() -> None:
    """The schema lists the allowed values of an enum and uses `from`/`to` for a period."""
    document = schema("plan")
    assert document["properties"]["status"]["enum"] == ["draft", "initialled", "signed"]
    assert set(document["$defs"]["Period"]["properties"]) == {"from", "to"}
    assert document["required"] == ["id", "kind", "parties", "sections", "title"]


def every_field_missing(
    node: dict[str, Any], defs: dict[str, Any], data: list[Any], path: str
) -> list[str]:
    """The fields of the schema `node` that none of `data` (values at `path`) shows."""
    while "$ref" in node:
        node = defs[node["$ref"].rpartition("/")[2]]
    missing: list[str] = []
    for option in node.get("anyOf", ()):
        missing += every_field_missing(option, defs, data, path)
    if node.get("type") == "array":
        items = [x for item in data if isinstance(item, list) for x in item]
        missing += every_field_missing(node["items"], defs, items, f"{path}[]")
    elif node.get("type") == "object":
        mappings = [item for item in data if isinstance(item, dict)]
        if mappings and "kind" in node.get("properties", {}) and path:
            return missing  # a linked record of another kind
        for key, prop in node.get("properties", {}).items():
            values = [m[key] for m in mappings if key in m]
            if mappings and not values:
                missing.append(f"{path}{key}")
            missing += every_field_missing(prop, defs, values, f"{path}{key}.")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            values = [v for m in mappings for v in m.values()]
            missing += every_field_missing(extra, defs, values, f"{path}<key>.")
    return missing


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_the_skeleton_shows_every_field(kind: str) -> None:
    """Every field of the schema is in the skeleton `briefgen new` writes, live or commented
    out (a brief leaves out the party fields it does not print)."""
    from briefgen.kinds import KINDS
    from briefgen.schema import skeleton_data

    document = schema(kind)
    missing = every_field_missing(document, document["$defs"], [skeleton_data(kind)], "")
    unprinted = {f"parties.{name}" for name in KINDS[kind].unprinted_party_fields}
    assert {m.replace("[]", "") for m in missing} - unprinted == set()


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_the_skeleton_with_every_optional_field_validates_once_filled(kind: str) -> None:
    """Uncommenting every optional field of a skeleton and filling its "" gives a file the
    schema accepts: each commented line is valid as it stands."""
    from briefgen.schema import skeleton
    from tests.test_cli import fill

    text = fill(skeleton(kind, uncomment=True))
    data = iso(parse_yaml(text, f"{kind}.yaml").data)
    assert errors(kind, data) == []


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_every_optional_section_of_the_skeleton_has_a_hint(kind: str) -> None:
    """The first line of each commented-out field or block says in a comment what it is."""
    from briefgen.schema import skeleton

    lines = skeleton(kind).splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    previous = ""
    for line in lines[start:]:
        opens = line.lstrip().startswith("# ") and not previous.lstrip().startswith("#")
        assert not opens or re.search(r"\S\s+# \S", line.lstrip()[2:]), f"no hint: {line!r}"
        previous = line


def test_clauses_in_negotiation_validate_and_a_mixed_mapping_does_not() -> None:
    """A plan with proposed and competing clauses validates; a mapping that mixes languages
    and clause fields does not, as the loader refuses it."""
    data = file_data(ROOT / "tests" / "negotiation.yaml")
    assert errors("plan", data) == []
    data["preamble"].append({"en": "Noting", "status": "proposed", "proposed_by": "az"})
    assert errors("plan", data) != []
