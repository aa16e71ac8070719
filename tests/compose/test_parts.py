"""Tests of briefgen.compose.parts: the helpers every kind of document uses."""

from __future__ import annotations

import attrs

from briefgen.compose.blocks import HEADING_LEVELS, Heading, Signature, SignatureBlock
from briefgen.compose.context import Context
from briefgen.compose.parts import alternat_warnings, filled, fit_columns, named_in
from briefgen.compose.plan import alternat
from briefgen.load import load
from briefgen.model import Basis, Language, LocalText, Plan


def test_fit_columns_gives_long_text_more_room_but_never_a_word_per_line() -> None:
    """Widths grow with the text and never fall below the longest word of a column."""
    widths = fit_columns(
        [["1.1", "a long activity " * 10, "2026"]], ["No.", "Activity", "Timeframe"]
    )
    assert widths[1] > widths[2] > widths[0] * 0.5
    assert widths[2] >= len("Timeframe") * 0.9


def test_a_heading_level_is_clamped_once_in_the_block() -> None:
    """Levels past the deepest styled one, and below 1, are set at the nearest styled level."""
    assert Heading(text="x", level=7).level == HEADING_LEVELS
    assert Heading(text="x", level=0).level == 1


def _signatures(count: int) -> tuple[Signature, ...]:
    return tuple(Signature(caption=(), details=(), image=None) for _ in range(count))


def test_up_to_three_signatures_stand_on_one_row() -> None:
    """Two or three signatories sign side by side on one row."""
    sigs = _signatures(3)
    assert SignatureBlock(intro=(), signatures=sigs).rows == (sigs,)


def test_four_or_more_signatures_go_two_to_a_row() -> None:
    """Five signatories sign two to a row, the last row padded where reading ends."""
    sigs = _signatures(5)
    rows = SignatureBlock(intro=(), signatures=sigs).rows
    assert rows == ((sigs[0], sigs[1]), (sigs[2], sigs[3]), (sigs[4], None))


def test_a_right_to_left_grid_starts_on_the_right() -> None:
    """In a right-to-left document the first signature is the right-hand one."""
    sigs = _signatures(3)
    rows = SignatureBlock(intro=(), signatures=sigs, rtl=True, per_row=2).rows
    assert rows == ((sigs[1], sigs[0]), (None, sigs[2]))


# --- the parties named in a text -------------------------------------------------------------

_RU_PLAN = "inputs/az-kz-2026/plan-ru.yaml"
_AZ_UZ = "inputs/az-uz-2026/plan.yaml"


def _plan(path: str) -> Plan:
    record = load(path)
    assert isinstance(record, Plan)
    return record


def _ctx(lang: str, plan: Plan) -> Context:
    return Context(lang=Language(lang), own=plan.language, source="t")


def test_filled_gives_each_placeholder_its_name_in_the_form_asked() -> None:
    """{party1:genitive} is the party's genitive as the record writes it, {state2:instrumental}
    the table's official name in that case, {parties} every party, in the document's order."""
    plan = _plan(_RU_PLAN)
    ctx = _ctx("ru", plan)
    text = LocalText({"ru": "{party1:genitive} | {state2:instrumental} | {parties}"})
    assert filled(plan, ctx, text, "title").split(" | ") == [
        "Министерства по чрезвычайным ситуациям Азербайджанской Республики",
        "Республикой Казахстан",
        "Министерство по чрезвычайным ситуациям Азербайджанской Республики и "
        "Министерство по чрезвычайным ситуациям Республики Казахстан",
    ]
    assert not ctx.warnings


def test_a_form_nobody_gave_is_the_nominative_with_a_warning_at_the_field_to_write() -> None:
    """A Russian dative of a party whose record gives none: the nominative, and a warning
    that names parties[i].full_name.dative."""
    plan = _plan(_RU_PLAN)
    ctx = _ctx("ru", plan)
    said = filled(plan, ctx, LocalText({"ru": "{party2:dative}"}), "title")
    assert said == "Министерство по чрезвычайным ситуациям Республики Казахстан"
    assert [w.path for w in ctx.warnings] == ["parties[1].full_name.dative"]


def test_named_in_finds_the_parties_by_their_states_in_any_form() -> None:
    """A Russian title naming the states in the genitive names both parties, in its order;
    two parties of one state are told apart by their organisations only."""
    plan = _plan(_RU_PLAN)
    ctx = _ctx("ru", plan)
    title = "План Министерства Республики Казахстан и Азербайджанской Республики"
    places = named_in(ctx, title, plan.parties)
    assert set(places) == {0, 1} and places[1] < places[0]
    twins = (plan.parties[0], attrs.evolve(plan.parties[0], id="other"))
    assert named_in(ctx, "Азербайджанской Республики", twins) == {}


def test_a_literal_title_in_the_other_order_warns_in_an_original() -> None:
    """In the Uzbek original, a title and a basis written without placeholders that name
    Azerbaijan first are each a warning at their field; the templates of the example are not."""
    plan = _plan(_AZ_UZ)
    fixed = attrs.evolve(
        plan,
        title=LocalText({"en": "Plan between the Republic of Azerbaijan and Uzbekistan"}),
        basis=Basis(title=LocalText("Agreement of Azerbaijan and Uzbekistan")),
    )
    ctx = _ctx("en", plan)
    alternat_warnings(alternat(fixed, "uz"), ctx)
    assert [w.path for w in ctx.warnings] == ["title.en", "basis.title"]
    assert "(az before uz)" in ctx.warnings[0].message
    assert "{party1}" in ctx.warnings[0].message
    ctx = _ctx("en", plan)
    alternat_warnings(alternat(fixed, "az"), ctx)
    alternat_warnings(alternat(plan, "uz"), ctx)
    assert ctx.warnings == []
