"""Tests of briefgen.model: records made in Python keep their invariants; LocalText behaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from briefgen.model import (
    DEFAULT_COLUMNS,
    Brief,
    Clause,
    ClauseStatus,
    Column,
    Event,
    Initiative,
    InvalidRecord,
    Language,
    LocalText,
    Party,
    Period,
    Plan,
    Proposal,
    Proposals,
    Section,
    Signing,
    Standing,
    format_path,
)


def party(key: str) -> Party:
    return Party(id=key, state=LocalText(key.upper()), organisation=LocalText(f"Ministry {key}"))


def plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "p",
        "title": LocalText("Plan"),
        "parties": (party("a"), party("b")),
        "sections": (
            Section(area=LocalText("Training"), initiatives=(Initiative(activity=LocalText("x")),)),
        ),
    }
    return Plan(**{**fields, **changes})


def brief(**changes: Any) -> Brief:
    fields: dict[str, Any] = {
        "id": "b",
        "event": Event(title=LocalText("Meeting"), start=dt.datetime(2026, 1, 12, 15)),
        "host": "a",
        "guest": "b",
        "parties": (party("a"), party("b")),
    }
    return Brief(**{**fields, **changes})


def problems(make: Any, **changes: Any) -> list[tuple[str, str]]:
    """The (path, message) pairs that making the record raises."""
    with pytest.raises(InvalidRecord) as info:
        make(**changes)
    return [(format_path(path), message) for path, message in info.value.problems]


def test_valid_records_can_be_made() -> None:
    """The helpers' minimal plan and brief are valid, so the failures below are the changes'."""
    assert plan().id == "p"
    assert brief().party("b").id == "b"


def test_plan_with_one_party() -> None:
    """A plan needs at least two parties."""
    assert problems(plan, parties=(party("a"),)) == [("parties", "needs at least 2 parties, got 1")]


def test_plan_without_sections() -> None:
    """A plan needs at least one section."""
    assert problems(plan, sections=()) == [("sections", "needs at least 1 section, got 0")]


def test_section_without_initiatives() -> None:
    """A section needs at least one initiative."""
    assert problems(Section, area=LocalText("x"), initiatives=()) == [
        ("initiatives", "needs at least 1 initiative, got 0")
    ]


def test_duplicate_party_ids() -> None:
    """Party ids are unique; the second use is named."""
    assert problems(plan, parties=(party("a"), party("b"), party("a"))) == [
        ("parties[2].id", "duplicate party id 'a'")
    ]


def test_responsible_key_must_name_a_party() -> None:
    """An initiative's responsible keys name parties of the plan."""
    initiative = Initiative(activity=LocalText("x"), responsible={"c": LocalText("Academy")})
    sections = (Section(area=LocalText("Training"), initiatives=(initiative,)),)
    assert problems(plan, sections=sections) == [
        (
            "sections[0].initiatives[0].responsible.c",
            "'c' is not a party of this plan (parties: a, b)",
        )
    ]


def test_responsible_body_must_not_be_blank() -> None:
    """A responsible body given as blank text is refused, naming the party key."""
    assert problems(Initiative, activity=LocalText("x"), responsible={"a": LocalText(" ")}) == [
        ("responsible.a", "must not be empty")
    ]


def test_columns_must_include_activity_once() -> None:
    """A chosen table has the activity column and lists no column twice."""
    assert problems(plan, columns=(Column.AREA, Column.AREA)) == [
        ("columns", "a column is listed twice"),
        ("columns", "must include 'activity'"),
    ]


def test_default_columns() -> None:
    """A plan that does not choose its columns gets the default table."""
    assert plan().table_columns == DEFAULT_COLUMNS
    assert plan(columns=(Column.ACTIVITY,)).table_columns == (Column.ACTIVITY,)


def test_brief_host_must_be_a_party() -> None:
    """Host and guest name parties of the brief."""
    assert problems(brief, host="x") == [("host", "'x' is not a party (parties: a, b)")]


def test_brief_guest_cannot_be_the_host() -> None:
    """The guest and the host are different parties."""
    assert problems(brief, guest="a") == [("guest", "the guest cannot also be the host ('a')")]


def test_brief_participants_must_be_parties() -> None:
    """Delegations are listed under party ids."""
    assert problems(brief, participants={"z": ()}) == [
        ("participants.z", "'z' is not a party (parties: a, b)")
    ]


def test_period_from_after_to() -> None:
    """A period's from is not after its to; the problem is put on `to`."""
    assert problems(Period, start=2027, end=2026) == [("to", "2026 is before from (2027)")]


def test_period_implausible_year() -> None:
    """Years outside 1900-2200 are typos, named by their input key."""
    assert problems(Period, start=26, end=2027) == [
        ("from", "26 is not a plausible year (1900-2200)")
    ]


def test_signing_prevailing_language_must_be_authentic() -> None:
    """The prevailing language is one of the authentic languages."""
    assert problems(
        Signing, authentic_languages=(Language.AZ, Language.UZ), prevailing_language=Language.EN
    ) == [("prevailing_language", "'en' is not one of the authentic languages (az, uz)")]


def test_signing_copies_and_repeated_languages() -> None:
    """Copies are 1-20 and no authentic language is listed twice; both are reported."""
    assert problems(Signing, copies=0, authentic_languages=(Language.EN, Language.EN)) == [
        ("copies", "0 is not between 1 and 20"),
        ("authentic_languages", "a language is listed twice"),
    ]


def test_event_end_before_start() -> None:
    """An event does not end before it starts."""
    start = dt.datetime(2026, 1, 12, 15)
    assert problems(
        Event, title=LocalText("x"), start=start, end=start - dt.timedelta(minutes=30)
    ) == [("end", "2026-01-12T14:30:00 is before start (2026-01-12T15:00:00)")]


def test_event_time_zones_on_both_or_neither() -> None:
    """Start and end both carry a time zone or both do not (they cannot be compared otherwise)."""
    start = dt.datetime(2026, 1, 12, 15, tzinfo=dt.UTC)
    assert problems(Event, title=LocalText("x"), start=start, end=dt.datetime(2026, 1, 12, 16)) == [
        ("end", "give a time zone on both start and end, or on neither")
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("../../x", "'../../x' is not a valid id"),
        ("CON", "'CON' is not a valid id"),
        ("con", "'con' is a device name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9"),
        ("x.", "not ending with '.'"),
        ("a/b", "'a/b' is not a valid id (1-100 of lowercase letters"),
        ("lpt1.plan", "'lpt1.plan' is a device name on Windows"),
        ("Plan", "'Plan' is not a valid id"),
        ("", "'' is not a valid id"),
        ("-x", "'-x' is not a valid id"),
        ("x" * 101, "is not a valid id"),
    ],
)
def test_bad_record_ids(bad: str, message: str) -> None:
    """A record id names an output file, so only safe file names are ids."""
    ((path, got),) = problems(plan, id=bad)
    assert path == "id"
    assert message in got


def test_good_record_ids() -> None:
    """Lowercase letters, digits, '.', '_' and '-' up to 100 characters make an id."""
    for good in ["a", "az-uz-mes-2026-2027", "v1.2_final", "9" * 100, "console"]:
        assert plan(id=good).id == good


def test_bad_party_id() -> None:
    """A party id is a short lowercase key starting with a letter."""
    assert problems(Party, id="1a", state=LocalText("A"), organisation=LocalText("B")) == [
        (
            "id",
            "'1a' is not a valid party id (1-32 of lowercase letters, digits, '_', '-', "
            "starting with a letter)",
        )
    ]


@pytest.mark.parametrize("text", [LocalText(""), LocalText("  "), LocalText({"en": "x", "az": ""})])
def test_blank_required_text(text: LocalText) -> None:
    """A required text is not blank in any language."""
    ((path, message),) = problems(plan, title=text)
    assert path in ("title", "title.az")
    assert message == "must not be empty"


@pytest.mark.parametrize("text", ["\x01\x02", "\u200b", "\u200e \u2066\u2069", "\ufffe"])
def test_text_with_nothing_visible_is_refused(text: str) -> None:
    """A text of only control or format characters (nothing would print: an empty list item,
    a blank title) is refused, saying why it counts as empty."""
    ((path, message),) = problems(plan, title=LocalText(text))
    assert path == "title"
    assert message.startswith("has no visible character")


def test_blank_text_in_a_list_names_its_index() -> None:
    """A blank entry of a list of texts is named by its index."""
    assert problems(plan, preamble=(LocalText("ok"), LocalText(""))) == [
        ("preamble[1]", "must not be empty")
    ]


def test_records_are_frozen_and_keyword_only() -> None:
    """Records cannot be changed after they are made, nor made positionally."""
    record = plan()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.id = "q"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Period(2026, 2027)  # type: ignore[misc]


def test_invalid_record_is_a_value_error_with_a_readable_message() -> None:
    """InvalidRecord reads as `path: message` pairs and is a ValueError."""
    error = InvalidRecord([(("sections", 1, "initiatives", 0, "outcome"), "bad"), (("id",), "x")])
    assert isinstance(error, ValueError)
    assert str(error) == "sections[1].initiatives[0].outcome: bad; id: x"


# ---------------------------------------------------------------------------------------------
# LocalText.


def test_plain_local_text() -> None:
    """A plain string is kept under the language None and reads as the record's language."""
    text = LocalText("Baku")
    assert text.plain
    assert text.languages == frozenset({None})
    assert text.get(None) == "Baku"
    assert text.get(Language.EN) is None
    assert text.resolve(Language.AZ, own=Language.AZ) == "Baku"
    assert text.resolve(Language.EN, own=Language.AZ) is None
    assert str(text) == "Baku"


def test_mapping_local_text() -> None:
    """A mapping keeps each language; resolve finds the one asked for, never another."""
    text = LocalText({"en": "Baku", "az": "Bakı"})
    assert not text.plain
    assert text.languages == frozenset({Language.EN, Language.AZ})
    assert text.get(Language.AZ) == "Bakı"
    assert text.resolve(Language.EN, own=Language.AZ) == "Baku"
    assert text.resolve(Language.RU, own=Language.RU) is None
    assert list(text.texts()) == ["Baku", "Bakı"]


def test_local_text_any_prefers_plain_then_english() -> None:
    """`any` gives the plain value, else English, else the first written."""
    assert LocalText({"az": "Bakı", "en": "Baku"}).any() == "Baku"
    assert LocalText({"az": "Bakı", "ru": "Баку"}).any() == "Bakı"


def test_local_text_accepts_language_members_and_refuses_unknown_codes() -> None:
    """Keys are Language members or their codes; an unknown code is a ValueError."""
    assert LocalText({Language.UZ: "Toshkent"}) == LocalText({"uz": "Toshkent"})
    with pytest.raises(ValueError, match="fr"):
        LocalText({"fr": "Bakou"})


def test_local_text_equality_and_hash() -> None:
    """Equal texts compare and hash equal, so records holding them do too."""
    assert LocalText("x") == LocalText("x")
    assert LocalText("x") != LocalText({"en": "x"})
    assert hash(LocalText({"en": "a"})) == hash(LocalText({"en": "a"}))


@pytest.mark.parametrize("value", ["p1.az", "p1.az.v2", "plan.uz-original", "a.b.en"])
def test_an_id_whose_dotted_part_reads_as_an_option_is_refused(value: str) -> None:
    """Plan 'p1.az' would share the name p1.az.pdf with the Azerbaijani version of plan 'p1'."""
    from briefgen.model import id_problem

    assert "would read as a language or an original" in (id_problem(value) or "")


@pytest.mark.parametrize("value", ["p1.v2", "p-original", "az-uz.2026", "p1.az-x"])
def test_other_dotted_ids_are_fine(value: str) -> None:
    """Dots that make no option-like part stay allowed."""
    from briefgen.model import id_problem

    assert id_problem(value) is None


def test_a_title_placeholder_the_plan_cannot_fill_is_located() -> None:
    """An unknown placeholder or a party the plan lacks is refused at the text's language."""
    sections = (
        Section(area=LocalText("Area"), initiatives=(Initiative(activity=LocalText("A")),)),
    )
    with pytest.raises(InvalidRecord) as caught:
        Plan(
            id="p",
            title=LocalText({"en": "Plan of the {party1} and {party3}", "ru": "План {partner}"}),
            parties=(party("a"), party("b")),
            sections=sections,
        )
    paths = [format_path(path) for path, _ in caught.value.problems]
    assert paths == ["title.en", "title.ru"]
    assert "the plan has 2 parties" in caught.value.problems[0][1]


def test_a_clause_placeholder_the_plan_cannot_fill_is_located() -> None:
    """Recitals and provisions are templates over the parties too: a bad placeholder is
    refused at the clause's text or proposal."""
    from briefgen.model import Clause, ClauseStatus, Proposal

    sections = (
        Section(area=LocalText("Area"), initiatives=(Initiative(activity=LocalText("A")),)),
    )
    with pytest.raises(InvalidRecord) as caught:
        Plan(
            id="p",
            title=LocalText("Plan"),
            parties=(party("a"), party("b")),
            sections=sections,
            preamble=(LocalText("Between {state1} and {state3},"),),
            final_provisions=(
                Clause(
                    text=LocalText({"en": "The {partner1} agrees."}),
                    status=ClauseStatus.PROPOSED,
                    proposed_by="a",
                ),
                Clause(proposals=(Proposal(by="b", text=LocalText("{party9} pays.")),)),
            ),
        )
    paths = [format_path(path) for path, _ in caught.value.problems]
    assert paths == [
        "preamble[0]",
        "final_provisions[0].text.en",
        "final_provisions[1].proposals[0].text",
    ]


def test_a_full_name_needs_a_form() -> None:
    """A full name with no form at all is refused; any one form is enough."""
    from briefgen.model import NameForms

    with pytest.raises(InvalidRecord, match="at least one form"):
        NameForms()
    assert NameForms(genitive=LocalText({"ru": "Министерства"})).nominative is None


def test_a_text_given_for_a_clause_is_an_agreed_clause() -> None:
    """`Plan(preamble=(LocalText(...),))` still makes a plan: each text an agreed clause."""
    made = plan(preamble=(LocalText("Guided by"),), final_provisions=(LocalText("Costs"),))
    assert made.preamble == (Clause(text=LocalText("Guided by")),)
    assert made.final_provisions[0].agreed
    assert str(made.preamble[0]) == "Guided by"


def test_a_clause_has_a_text_or_proposals_and_a_status_that_fits() -> None:
    """A clause needs its text or proposals, not both; proposed needs its party; competing
    proposals cannot be agreed."""
    assert problems(Clause) == [("text", "needs a text, or the parties' proposals")]
    one = (Proposal(by="a", text=LocalText("One")),)
    assert problems(Clause, text=LocalText("x"), proposals=one) == [
        ("proposals", "give either the text or proposals, not both")
    ]
    assert problems(Clause, text=LocalText("x"), status=ClauseStatus.PROPOSED) == [
        ("proposed_by", "a proposed text needs proposed_by: the id of the party proposing it")
    ]
    assert problems(Clause, proposals=one, status=ClauseStatus.AGREED)[0][0] == "status"
    assert problems(Clause, proposals=one, proposed_by="a")[0][0] == "proposed_by"


def test_a_proposing_party_must_be_a_party_of_the_plan() -> None:
    """proposed_by and a proposal's by name a party of the plan, or the plan is refused."""
    proposed = Clause(text=LocalText("x"), proposed_by="kz")
    contested = Initiative(activity=Proposals(proposals=(Proposal(by="zz", text=LocalText("y")),)))
    section = Section(area=LocalText("Training"), initiatives=(contested,))
    assert problems(plan, preamble=(proposed,), sections=(section,)) == [
        ("preamble[0].proposed_by", "'kz' is not a party of this plan (parties: a, b)"),
        (
            "sections[0].initiatives[0].activity.proposals[0].by",
            "'zz' is not a party of this plan (parties: a, b)",
        ),
    ]


def test_standings_count_every_recital_initiative_and_provision() -> None:
    """Each clause stands agreed, proposed (by its party) or contested (by every party
    proposing a wording), in reading order."""
    two = Proposals(
        proposals=(
            Proposal(by="a", text=LocalText("One")),
            Proposal(by="b", text=LocalText("Two")),
        )
    )
    initiatives = (
        Initiative(activity=LocalText("x")),
        Initiative(activity=LocalText("y"), proposed_by="b"),
        Initiative(activity=LocalText("z"), outcome=two),
    )
    made = plan(
        preamble=(LocalText("Agreed"), Clause(text=LocalText("P"), proposed_by="a")),
        sections=(Section(area=LocalText("Training"), initiatives=initiatives),),
        final_provisions=(Clause(proposals=two.proposals),),
    )
    assert made.standings() == (
        Standing(("preamble", 0), "agreed"),
        Standing(("preamble", 1), "proposed", ("a",)),
        Standing(("sections", 0, "initiatives", 0), "agreed"),
        Standing(("sections", 0, "initiatives", 1), "proposed", ("b",)),
        Standing(("sections", 0, "initiatives", 2), "contested", ("a", "b")),
        Standing(("final_provisions", 0), "contested", ("a", "b")),
    )


def test_an_initiative_with_competing_wordings_cannot_be_agreed() -> None:
    """status: agreed on an initiative whose activity holds proposals is refused."""
    two = Proposals(proposals=(Proposal(by="a", text=LocalText("One")),))
    assert problems(Initiative, activity=two, status=ClauseStatus.AGREED) == [
        ("status", "its activity or outcome holds competing proposals, so it is not agreed")
    ]
