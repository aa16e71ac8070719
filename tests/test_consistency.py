"""Tests of briefgen.consistency: figures compared across the language versions of a text."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from briefgen.consistency import facts, mismatches
from briefgen.load import load
from briefgen.model import Language, LocalText, Plan

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/examples")  # the canonical examples, where this machine has them
EXAMPLES = [
    *sorted([*ROOT.glob("inputs/*/*.yaml"), *SHARED.glob("*/*.yaml")]),
    ROOT / "tests" / "negotiation.yaml",
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_examples_are_consistent(path: Path) -> None:
    """No example record gives a false warning: their translations say the same figures."""
    assert mismatches(load(path)) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("2026 Q3", "2026-cı ilin III rübü"),
        ("2026 Q3", "III квартал 2026 года"),
        ("2026 Q3", "3-cü rüb, 2026"),
        ("2026 Q3", "الربع الثالث من عام ٢٠٢٦"),
        ("third quarter of 2026", "третий квартал 2026 года"),
        ("2027", "٢٠٢٧"),
        ("2027", "۲۰۲۷"),
        ("15 March 2026", "2026-03-15"),
        ("15 March 2026", "15.03.2026"),
        ("3 dekabr 2025-ci il", "3 декабря 2025 года"),
        ("5%", "%5"),
        ("5 per cent", "5 %"),
        ("10,000 people", "10 000 человек"),
        ("Article 12, paragraph 3", "Статья 12, пункт 3"),
        ("2026 Q2 – 2027 Q4", "2026-cı ilin II rübü – 2027-ci ilin IV rübü"),
        ("1.5 million", "1,5 млн"),
    ],
)
def test_the_same_figures_written_each_language_s_way_agree(one: str, other: str) -> None:
    """Digits of any script, Roman and worded quarters, dates and percentages in their local
    forms say the same figures."""
    assert facts(one, Language.EN)[0] == facts(other, Language.AZ)[0]


@pytest.mark.parametrize(
    ("one", "other", "message"),
    [
        ("2026 Q3", "2027-ci ilin III rübü", "en says 2026, az says 2027"),
        ("2026 Q3", "2026-cı ilin IV rübü", "en says 3, az says 4"),
        ("2026 Q3", "الربع الثالث من عام ٢٠٢٧", "en says 2026, ar says 2027"),
        ("2026 Q3", "۲۰۲۷", "en says 3, 2026, ar says 2027"),
        ("by 5%", "на 15%", "en says 5%, ru says 15%"),
        ("under Article 4", "согласно статье 5", "en says 4, ru says 5"),
        ("- one\n- two\n- three", "- один\n- два", "en lists 3 items, ru lists 2"),
    ],
)
def test_a_planted_mismatch_is_found_with_both_values(one: str, other: str, message: str) -> None:
    """A text whose languages give different figures is named with both values."""
    lang = message.split(", ")[-1].split()[0]
    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan-az-en.yaml")
    assert isinstance(plan, Plan)
    section = plan.sections[1]
    initiative = attrs.evolve(section.initiatives[0], timeframe=LocalText({"en": one, lang: other}))
    changed = attrs.evolve(
        plan,
        sections=(
            plan.sections[0],
            attrs.evolve(section, initiatives=(initiative, *section.initiatives[1:])),
            *plan.sections[2:],
        ),
    )
    assert mismatches(changed) == [(("sections", 1, "initiatives", 0, "timeframe"), message)]


def test_a_plain_text_or_one_language_is_not_compared() -> None:
    """Only texts written in two or more languages are compared."""
    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml")
    assert isinstance(plan, Plan)
    assert mismatches(attrs.evolve(plan, title=LocalText({"en": "Plan 2026"}))) == []


def test_the_english_pronoun_i_is_no_roman_numeral() -> None:
    """The pronoun I before a word in an English text is no figure; in "Annex I" it is 1."""
    assert facts("I note the plan", Language.EN)[0] == facts("plan", Language.AZ)[0]
    assert facts("Annex I", Language.EN)[0] == facts("Əlavə 1", Language.AZ)[0]


def test_a_month_the_other_language_does_not_place_by_its_number_is_no_mismatch() -> None:
    """ "May 2026" and "2026-cı ilin may ayında" agree: the month is not taken for a figure."""
    text = LocalText({"en": "May 2026", "az": "2026-cı ilin may ayında"})
    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan-az-en.yaml")
    assert isinstance(plan, Plan)
    assert mismatches(attrs.evolve(plan, title=text)) == []
