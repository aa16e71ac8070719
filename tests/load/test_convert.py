"""Tests of briefgen.load.convert: the one strict converter, both ways, and its errors as paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from briefgen.errors import InputError
from briefgen.load import load
from briefgen.load.convert import STRUCTURE_ERRORS, converter, flatten_error, structure, unstructure
from briefgen.model import Brief, Plan, Record
from tests.records import MINIMAL_PLAN
from tests.strategies import briefs, plans

INPUTS = Path(__file__).resolve().parents[2] / "inputs"
EXAMPLES = sorted(INPUTS.rglob("*.yaml"))
AZ_UZ_PLAN = INPUTS / "az-uz-2026" / "plan.yaml"
MINIMAL_PLAN_DATA = {
    "id": "p",
    "title": "Plan",
    "parties": [
        {"id": "a", "state": "A", "organisation": "Ministry A"},
        {"id": "b", "state": "B", "organisation": "Ministry B"},
    ],
}


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


@pytest.mark.parametrize("key", ["Main goal", "Goal", "Aim", "Note 1"])
def test_a_text_read_as_a_mapping_of_prose_says_to_quote_it(key: str) -> None:
    """`- Main goal: agree ...` in a text field is a mapping by YAML's colon: the message says
    so and asks for quotes, instead of calling the words an unknown language."""
    data = {"area": "Training", "initiatives": [{"activity": {key: "agree on a calendar"}}]}
    with pytest.raises(STRUCTURE_ERRORS) as info:
        structure({**MINIMAL_PLAN_DATA, "sections": [data]}, Plan)
    assert list(flatten_error(info.value)) == [
        (
            ("sections", 0, "initiatives", 0, "activity"),
            f"a colon followed by a space makes a mapping, so '{key}: agree on a calendar' is "
            f"read as a key '{key}' with a value, not as a text; put the text in quotes",
        )
    ]


@pytest.mark.parametrize("key", ["xx", "EN", "az-Latn", "uz_Cyrl", "eng"])
def test_a_language_like_key_is_still_an_unknown_language(key: str) -> None:
    """A key that looks like a language code keeps the unknown-language message, at the key."""
    data = {"area": "Training", "initiatives": [{"activity": {key: "text"}}]}
    with pytest.raises(STRUCTURE_ERRORS) as info:
        structure({**MINIMAL_PLAN_DATA, "sections": [data]}, Plan)
    assert list(flatten_error(info.value)) == [
        (
            ("sections", 0, "initiatives", 0, "activity", key),
            f"unknown language '{key}' (languages: ar, az, en, ru, uz)",
        )
    ]


def test_a_prose_key_in_a_list_of_texts_is_found_at_its_line(tmp_path: Path) -> None:
    """In a file, `- Main goal: agree ...` is reported at the item's line with the quote hint."""
    text = MINIMAL_PLAN.replace(
        "      - activity: Joint exercise",
        "      - activity:\n          Main goal: agree on the calendar",
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:10: sections[0].initiatives[0].activity: a colon followed by a space makes a "
        "mapping, so 'Main goal: agree on the calendar' is read as a key 'Main goal' with a "
        "value, not as a text; put the text in quotes"
    ]


def test_a_plain_text_field_read_as_a_mapping_of_prose_says_to_quote_it() -> None:
    """A text-only field (not per language) given `Letter of: the minister` gets the colon hint."""
    with pytest.raises(STRUCTURE_ERRORS) as info:
        converter.structure({"Letter of": "the minister"}, str)
    assert list(flatten_error(info.value)) == [
        (
            (),
            "a colon followed by a space makes a mapping, so 'Letter of: the minister' is read "
            "as a key 'Letter of' with a value, not as a text; put the text in quotes",
        )
    ]


# --- clauses and their negotiation status ---------------------------------------------------

_SECTION = {"area": "Training", "initiatives": [{"activity": "Joint exercise"}]}


def _clause_problems(clause: object, field: str = "preamble") -> list[tuple[object, str]]:
    data = {**MINIMAL_PLAN_DATA, "sections": [_SECTION], field: [clause]}
    with pytest.raises(STRUCTURE_ERRORS) as info:
        structure(data, Plan)
    return list(flatten_error(info.value))


@pytest.mark.parametrize(
    "written",
    [
        "Agreed recital",
        {"en": "Agreed", "az": "Razılaşdırılıb"},
        {"text": "Proposed", "status": "proposed", "proposed_by": "b"},
        {"text": {"en": "Proposed"}, "proposed_by": "a", "key": "costs"},
        {"proposals": [{"by": "a", "text": "One"}, {"by": "b", "text": {"en": "Two"}}]},
    ],
)
def test_a_clause_is_a_text_or_a_clause_mapping_and_round_trips(written: object) -> None:
    """A recital or provision is a text (plain or per language) or a clause mapping; the
    record unstructures to what was written."""
    data = {**MINIMAL_PLAN_DATA, "sections": [_SECTION], "final_provisions": [written]}
    plan = structure(data, Plan)
    assert isinstance(plan, Plan)
    assert unstructure(plan)["final_provisions"] == [written]


def test_a_plain_text_clause_is_agreed() -> None:
    """A recital written as a text is agreed; one with proposed_by and no status is proposed."""
    data = {
        **MINIMAL_PLAN_DATA,
        "sections": [_SECTION],
        "preamble": ["Agreed", {"text": "Proposed", "proposed_by": "b"}],
    }
    plan = structure(data, Plan)
    assert isinstance(plan, Plan)
    assert [c.standing for c in plan.preamble] == ["agreed", "proposed"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            {"en": "Text", "status": "proposed"},
            [
                (
                    ("preamble", 0),
                    "mixes languages (en) with clause fields (status); write the languages "
                    "under text: ({text: {en: ..., az: ...}, status: ...})",
                )
            ],
        ),
        (
            {"text": "Text", "stauts": "proposed"},
            [
                (
                    ("preamble", 0, "stauts"),
                    "unknown field; did you mean 'status'? (allowed here: text, proposals, "
                    "proposed_by, status, key)",
                )
            ],
        ),
        (
            {"text": "Text", "status": "proposed"},
            [
                (
                    ("preamble", 0, "proposed_by"),
                    "a proposed text needs proposed_by: the id of the party proposing it",
                )
            ],
        ),
        (
            {"text": "Text", "proposed_by": "kz"},
            [(("preamble", 0, "proposed_by"), "'kz' is not a party of this plan (parties: a, b)")],
        ),
        (
            {"proposals": [{"by": "a", "text": "One"}, {"by": "kz", "text": "Two"}]},
            [
                (
                    ("preamble", 0, "proposals", 1, "by"),
                    "'kz' is not a party of this plan (parties: a, b)",
                )
            ],
        ),
        (
            {"text": "One", "proposals": [{"by": "a", "text": "Two"}]},
            [(("preamble", 0, "proposals"), "give either the text or proposals, not both")],
        ),
        (
            {"proposals": [{"by": "a", "text": "One"}], "status": "agreed"},
            [
                (
                    ("preamble", 0, "status"),
                    "competing proposals are not agreed: keep the agreed wording as the text, "
                    "or leave status out",
                )
            ],
        ),
        ({"text": " ", "proposed_by": "a"}, [(("preamble", 0, "text"), "must not be empty")]),
        (" ", [(("preamble", 0), "must not be empty")]),
    ],
)
def test_a_wrong_clause_is_reported_at_its_field(
    clause: object, expected: list[tuple[object, str]]
) -> None:
    """A clause mapping mixed with languages, an unknown field or party, a proposed text
    without its party, text and proposals together: each named at its field."""
    assert _clause_problems(clause) == expected


def test_an_initiative_may_be_proposed_and_hold_competing_wordings() -> None:
    """An initiative takes status and proposed_by; its activity or outcome `proposals:`."""
    initiative = {
        "activity": {"proposals": [{"by": "a", "text": "One"}, {"by": "b", "text": "Two"}]},
        "outcome": "Readiness",
    }
    proposed = {"activity": "Visit", "status": "proposed", "proposed_by": "b"}
    data = {
        **MINIMAL_PLAN_DATA,
        "sections": [{"area": "Training", "initiatives": [initiative, proposed]}],
    }
    plan = structure(data, Plan)
    assert isinstance(plan, Plan)
    assert [i.standing for i in plan.sections[0].initiatives] == ["contested", "proposed"]
    assert unstructure(plan)["sections"][0]["initiatives"][0] == initiative


def test_clause_fields_inside_an_activity_belong_to_the_initiative() -> None:
    """`activity: {text: ..., status: proposed}` says where status goes instead."""
    data = {
        **MINIMAL_PLAN_DATA,
        "sections": [
            {"area": "Training", "initiatives": [{"activity": {"text": "x", "status": "proposed"}}]}
        ],
    }
    with pytest.raises(STRUCTURE_ERRORS) as info:
        structure(data, Plan)
    assert list(flatten_error(info.value)) == [
        (
            ("sections", 0, "initiatives", 0, "activity"),
            "an initiative's text is a text or proposals: [...]; text, status belong to the "
            "initiative itself (status, proposed_by)",
        )
    ]


def test_an_unknown_party_in_a_proposal_is_found_at_its_line(tmp_path: Path) -> None:
    """Loading a file names the file, the line and the field of an unknown proposing party."""
    path = Path(__file__).resolve().parents[1] / "negotiation.yaml"
    text = path.read_text(encoding="utf-8").replace("proposed_by: uz", "proposed_by: kz")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(bad)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("preamble[1].proposed_by", 25)
    assert problem.message == "'kz' is not a party of this plan (parties: az, uz)"
