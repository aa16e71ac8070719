"""Tests of briefgen.load.convert: the one strict converter, both ways, and its errors as paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from briefgen.load import load
from briefgen.load.convert import STRUCTURE_ERRORS, converter, flatten_error, structure, unstructure
from briefgen.model import Brief, Plan, Record
from tests.strategies import briefs, plans

INPUTS = Path(__file__).resolve().parents[2] / "inputs"
EXAMPLES = sorted(INPUTS.rglob("*.yaml"))
AZ_UZ_PLAN = INPUTS / "az-uz-2026" / "plan.yaml"


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


def test_every_error_of_a_record_is_one_path_and_message() -> None:
    """A record with several bad fields gives each as (field path in file keys, message)."""
    data = {
        "id": "p",
        "title": 7,
        "binding": "no",
        "period": {"from": 2026.5, "to": 2027},
        "parties": [{"id": "a", "state": "A", "organisation": "Ministry A", "web": "x"}],
        "sections": [{"area": "Training", "initiatives": [{}]}],
    }
    with pytest.raises(STRUCTURE_ERRORS) as info:
        structure(data, Plan)
    assert sorted(flatten_error(info.value), key=str) == sorted(
        [
            (("title",), "expected text, or a mapping of language to text, got number 7"),
            (("binding",), "expected true or false, got text 'no'"),
            (("period", "from"), "expected a whole number, got number 2026.5"),
            (
                ("parties", 0, "web"),
                "unknown field (allowed here: id, state, organisation, short, signatory, emblem, "
                "language)",
            ),
            (("sections", 0, "initiatives", 0, "activity"), "required field missing"),
        ],
        key=str,
    )
