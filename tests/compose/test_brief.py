"""Compose of briefs, tested on the Document as plain data (nothing is rendered)."""

from __future__ import annotations

import attrs
import pytest

from briefgen.compose.blocks import Heading, PageBreak, Para, Table
from briefgen.compose.brief import compose_brief
from briefgen.load import load
from briefgen.model import (
    Action,
    Brief,
    BriefStatus,
    Language,
    LocalText,
    Recommendation,
    TalkingPoint,
    TalkingPointKind,
)
from tests.compose.test_plan import all_text


@pytest.fixture(scope="module")
def az_uz() -> Brief:
    record = load("inputs/az-uz-2026/brief.yaml")
    assert isinstance(record, Brief)
    return record


def headings(brief: Brief, level: int = 1) -> list[str]:
    return [
        b.text for b in compose_brief(brief).blocks if isinstance(b, Heading) and b.level == level
    ]


def test_sections_come_in_ministry_order(az_uz: Brief) -> None:
    """Purpose and the decision asked first, then objectives, the meeting, the points,
    background, what to do next."""
    assert headings(az_uz) == [
        "Purpose",
        "Recommendations",
        "Summary",
        "Our objectives",
        "Their likely objectives",
        "Participants",
        "Programme",
        "Talking points",
        "Background",
        "Last contact",
        "Agreements",
        "Risks and handling",
        "Plan of Joint Actions between the Ministry of Emergency Situations of the Republic of "
        "Azerbaijan and the Ministry of Emergency Situations of the Republic of Uzbekistan for 2026–2027",
    ]


def test_sections_without_data_are_left_out() -> None:
    """The short courtesy-call brief has no empty heading for what it does not give."""
    brief = load("inputs/az-ps-2026/brief.yaml")
    assert isinstance(brief, Brief)
    found = headings(brief)
    for absent in (
        "Summary",
        "Participants",
        "Programme",
        "Background",
        "Agreements",
        "Risks and handling",
    ):
        assert absent not in found
    assert found[:3] == ["Purpose", "Our objectives", "Talking points"]


def test_talking_points_are_grouped_proactive_reactive_defensive(az_uz: Brief) -> None:
    """Groups come proactive, then if raised, then defensive, whatever the record's order."""
    points = (
        TalkingPoint(topic=_t("D"), kind=TalkingPointKind.DEFENSIVE, points=(_t("d"),)),
        TalkingPoint(topic=_t("R"), kind=TalkingPointKind.REACTIVE, points=(_t("r"),)),
        TalkingPoint(topic=_t("P"), kind=TalkingPointKind.PROACTIVE, points=(_t("p"),)),
    )
    brief = attrs.evolve(az_uz, talking_points=points)
    assert headings(brief, 2)[-3:] == ["Points to make", "If raised", "Defensive points"]
    assert headings(brief, 3)[-3:] == ["P", "R", "D"]


def test_header_block_names_reader_writer_and_action(az_uz: Brief) -> None:
    """The header block is a key-value table: To, From, Date, Reference, Action required, Version, Cleared by."""
    table = compose_brief(az_uz).blocks[1]
    assert isinstance(table, Table) and table.style == "keyvalue"
    labels = [r.cells[0].paras[0].text for r in table.rows]
    assert labels == ["To", "From", "Date", "Reference", "Action required", "Version", "Cleared by"]
    values = [r.cells[1].paras[0].text for r in table.rows]
    assert (
        values[1] == "Leyla Məmmədova, Head of Division, International Relations Department, "
        "+994\u00a012\u00a0512\u00a000\u00a000"  # a telephone number stays on one line
    )
    assert values[4] == "For signature"
    assert values[5] == "Draft, version 2"


def test_event_line_gives_kind_time_venue_format_and_press(az_uz: Brief) -> None:
    """The line under the title says what, when, where, in which format and with which press."""
    line = compose_brief(az_uz).blocks[3]
    assert isinstance(line, Para)
    assert line.text == (
        "Official visit · 3\u00a0December 2025, 10:00–11:30 · Ministry of Emergency Situations, Baku · "
        "On the margins of the 26th International Conference of Heads of Fire and Rescue Services · "
        "Format: delegations · Press: photo opportunity"
    )


def test_participants_host_side_first(az_uz: Brief) -> None:
    """One table per side, host first, each headed by organisation and state."""
    assert headings(az_uz, 2)[:2] == [
        "Ministry of Emergency Situations of the Republic of Azerbaijan",
        "Ministry of Emergency Situations of the Republic of Uzbekistan",
    ]


def test_programme_is_grouped_by_day(az_uz: Brief) -> None:
    """Each day of the programme is a section row followed by its items in time order."""
    table = next(
        b for b in compose_brief(az_uz).blocks if isinstance(b, Table) and b.name == "programme"
    )
    kinds = [r.kind for r in table.rows]
    assert kinds == ["header", "section", "body", "body", "body", "body", "section", "body"]
    assert table.rows[1].cells[0].paras[0].text == "3\u00a0December 2025"


def decision_table(brief: Brief) -> Table:
    blocks = compose_brief(brief).blocks
    index = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Recommendations"
    )
    table = blocks[index + 1]
    assert isinstance(table, Table) and table.name == "recommendations"
    return table


def test_the_kind_of_document_stands_above_everything(az_uz: Brief) -> None:
    """The first line says what the document is ("BRIEFING NOTE"), in the brief's language."""
    first = compose_brief(az_uz).blocks[0]
    assert isinstance(first, Para) and first.style == "doctype" and first.text == "BRIEFING NOTE"
    az = attrs.evolve(az_uz, language=Language.AZ)
    top = compose_brief(az).blocks[0]
    assert isinstance(top, Para) and top.text == "ARAYIŞ"


def test_recommendations_are_a_decision_box_on_page_one(az_uz: Brief) -> None:
    """Each recommendation, its verb in bold, with Agreed / Not agreed / Discuss boxes to
    tick, and a last row for the reader's initials and the date; before the first break."""
    blocks = compose_brief(az_uz).blocks
    table = decision_table(az_uz)
    assert blocks.index(table) < next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))
    header = [c.paras[0].text for c in table.rows[0].cells]
    assert header == ["No.", "Recommendation", "Agreed", "Not agreed", "Discuss"]
    sign = table.rows[2]
    assert [c.paras[0].text for c in sign.cells[2:]] == ["\u2610"] * 3
    runs = sign.cells[1].paras[0].runs
    assert runs[0].text == "Sign" and runs[0].bold and not runs[1].bold
    last = table.rows[-1]
    assert len(last.cells) == 1 and last.cells[0].colspan == 5
    assert last.cells[0].paras[0].text.startswith("Initials:")
    assert "Date:" in last.cells[0].paras[0].text


def test_no_recommendations_no_decision_box(az_uz: Brief) -> None:
    """A brief that asks nothing of its reader has no decision table."""
    brief = attrs.evolve(az_uz, recommendations=())
    assert "Recommendations" not in headings(brief)


@pytest.mark.parametrize(
    ("action", "verb", "warned"),
    [
        (Action.INFORMATION, "Sign", "set action: signature"),
        (Action.INFORMATION, "Approve", "set action: decision"),
        (None, "Agree", "set action: decision"),
        (Action.INFORMATION, "Note", None),
        (Action.SIGNATURE, "Sign", None),
        (Action.DECISION, "Approve", None),
    ],
)
def test_action_required_agrees_with_the_recommendations(
    az_uz: Brief, action: Action | None, verb: str, warned: str | None
) -> None:
    """ "For information" while a recommendation says "Sign" is a contradiction warned at
    the action field; an action that matches what is asked is silent."""
    rec = Recommendation(verb=LocalText(verb), text=LocalText("the plan."))
    brief = attrs.evolve(az_uz, action=action, recommendations=(rec,))
    found = [w for w in compose_brief(brief).warnings if w.path == "action"]
    if warned is None:
        assert found == []
    else:
        assert len(found) == 1 and warned in found[0].message


def test_the_verb_is_read_in_every_language(az_uz: Brief) -> None:
    """A Russian "Подписать" asks for a signature as the English "Sign" does."""
    rec = Recommendation(verb=LocalText({"ru": "Подписать"}), text=LocalText("план."))
    brief = attrs.evolve(az_uz, action=Action.INFORMATION, recommendations=(rec,))
    assert any("signature" in w.message for w in compose_brief(brief).warnings)


def test_for_signature_with_nothing_to_sign_is_warned(az_uz: Brief) -> None:
    """ "For signature" when no recommendation asks to sign and nothing is annexed."""
    rec = Recommendation(verb=LocalText("Note"), text=LocalText("the background."))
    brief = attrs.evolve(az_uz, action=Action.SIGNATURE, recommendations=(rec,), deliverables=())
    found = [w for w in compose_brief(brief).warnings if w.path == "action"]
    assert len(found) == 1 and "nothing to sign" in found[0].message


def test_annex_shows_the_plan_to_be_signed(az_uz: Brief) -> None:
    """The linked plan is an annex on a new page with its status and its initiatives."""
    blocks = compose_brief(az_uz).blocks
    index = next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))
    assert isinstance(blocks[index + 1], Para) and blocks[index + 1].text == "Annex 1"  # type: ignore[union-attr]
    table = blocks[index + 4]
    assert isinstance(table, Table) and table.name == "initiatives"
    text = all_text(compose_brief(az_uz))
    assert "Joint command-post exercise on the response to a major earthquake" in text


def test_watermark_only_for_drafts(az_uz: Brief) -> None:
    """A draft brief has the DRAFT watermark; a final one does not."""
    assert compose_brief(az_uz).watermark == "DRAFT"
    assert compose_brief(attrs.evolve(az_uz, status=BriefStatus.FINAL)).watermark is None


def test_every_record_string_reaches_the_document(az_uz: Brief) -> None:
    """Purpose, summary, points, background and risks all appear in the document."""
    text = all_text(compose_brief(az_uz))
    for value in (*az_uz.summary, *az_uz.objectives, *az_uz.background):
        assert str(value) in text
    for point in az_uz.talking_points:
        for line in point.points:
            assert str(line) in text
    assert "Gʻayrat Toʻxtayev" in text


def _t(value: str):  # type: ignore[no-untyped-def]
    from briefgen.model import LocalText

    return LocalText(value)


def test_programme_items_without_a_time_open_their_day(az_uz: Brief) -> None:
    """An item without a time sorts before the timed items of its day instead of failing."""
    untimed = attrs.evolve(az_uz.programme[2], time=None)
    brief = attrs.evolve(az_uz, programme=(*az_uz.programme[:2], untimed, *az_uz.programme[3:]))
    table = next(
        b for b in compose_brief(brief).blocks if isinstance(b, Table) and b.name == "programme"
    )
    body = [r for r in table.rows if r.kind == "body"]
    assert str(untimed.item) in " ".join(p.text for c in body[0].cells for p in c.paras)
