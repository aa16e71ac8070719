"""The built-in state names, the grammatical forms and the templates over the parties."""

from __future__ import annotations

import pytest

from briefgen import names
from briefgen.model import Language

CODES = names.codes()


def state(code: str) -> names.State:
    found = names.state_by_code(code)
    assert found is not None, code
    return found


def test_the_table_holds_the_states_of_the_region_and_of_the_examples() -> None:
    """Azerbaijan, its neighbours, Central Asia and the examples' parties are all known."""
    wanted = {"AZ", "UZ", "PS", "KZ", "KG", "TJ", "TM", "TR", "GE", "RU", "IR", "BY", "AM"}
    assert wanted <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_state_has_the_forms_the_labels_need(code: str) -> None:
    """Each state has a nominative in every language, every case in Russian and the genitive
    in Azerbaijani and Uzbek."""
    found = state(code)
    for lang in Language:
        assert found.name(lang.value), f"{code} has no {lang.value} name"
    for case in names.CASES:
        assert found.name("ru", case), f"{code} has no Russian {case}"
    for lang in ("az", "uz"):
        genitive = found.name(lang, "genitive")
        assert genitive and genitive != found.name(lang), f"{code} has no {lang} genitive"


@pytest.mark.parametrize("code", CODES)
def test_each_form_of_a_state_is_recognised_as_naming_it(code: str) -> None:
    """The stems of a state find its name in every form and language, so a title in the
    genitive ("... Азербайджанской Республики") is seen to name the state."""
    found_state = state(code)
    for lang, forms in found_state.names.items():
        stems = found_state.stems[lang]
        assert stems, f"{code} has no {lang} stems"
        for form in forms.values():
            found = [s for s in stems if names.mentioned_at(form, s) is not None]
            assert found, f"{code} {lang}: no stem finds {form!r}"


def test_uzbek_names_write_o_and_g_with_u02bb() -> None:
    """Uzbek oʻ and gʻ are U+02BB in the table, as in every Uzbek text briefgen prints."""
    text = " ".join(form for code in CODES for form in state(code).names["uz"].values())
    assert "Oʻzbekiston" in text and "Qozogʻiston" in text
    assert not any(mark in text for mark in ("'", "\u2018", "\u2019"))


def test_a_state_is_found_by_its_code_or_any_of_its_names() -> None:
    """A code, or a name in any language whatever its case, spacing or article, finds the
    state; anything else finds none."""
    az = state("AZ")
    assert names.find_state(["AZ"]) is az
    assert names.find_state(["Republic of Azerbaijan"]) is az
    assert names.find_state(["the  republic of AZERBAIJAN"]) is az
    assert names.find_state(["Azərbaycan Respublikası"]) is az
    assert names.find_state(["O'zbekiston Respublikasi"]) is state("UZ")
    assert names.find_state(["Republic of Ruritania", "XX"]) is None


def test_a_stem_stands_at_the_start_of_a_word_except_in_arabic() -> None:
    """ "Грузи" finds Georgia in "Грузии" but not in "погрузить"; an Arabic stem is found
    inside a word, where the article or a preposition joins it."""
    assert names.mentioned_at("правительство Грузии", "Грузи") == 14
    assert names.mentioned_at("погрузить", "Грузи") is None
    assert names.mentioned_at("وزارة الخارجية لدولة فلسطين", "فلسطين") is not None
    assert names.mentioned_at("سفارة بفلسطين", "فلسطين") is not None


def test_case_names_are_read_in_full_or_short() -> None:
    """A form is named in full ("genitive") or as label files do ("gen"); none is the nominative."""
    assert names.case_of("genitive") == names.case_of("gen") == "genitive"
    assert names.case_of("ins") == "instrumental"
    assert names.case_of("pre") == "prepositional"
    assert names.case_of("") == "nominative"
    assert names.case_of("genetive") is None


def test_placeholders_are_checked_against_the_parties() -> None:
    """A near miss of a placeholder, a party the plan lacks and an unknown form are each
    refused with what is allowed; other braces ("{page}", "{ 1 }") are text."""
    assert names.placeholder_problems("{party1} and {party2:genitive} of {parties}", 2) == []
    assert names.placeholder_problems("{state2:ins} { 1 } {} {1} {page} {x:y}", 2) == []
    (unknown,) = names.placeholder_problems("Plan of {partner1}", 2)
    assert unknown.startswith("unknown placeholder {partner1}") and "{party1}" in unknown
    (near,) = names.placeholder_problems("{States}", 2)
    assert near.startswith("unknown placeholder {States}")
    (third,) = names.placeholder_problems("{party3}", 2)
    assert third == "{party3}: the plan has 2 parties ({party1} to {party2})"
    (form,) = names.placeholder_problems("{state1:genetive}", 2)
    assert "unknown form 'genetive'" in form and "genitive" in form


def test_fill_gives_each_placeholder_its_party_and_case() -> None:
    """Each placeholder is replaced by the value for its kind, 0-based party index and case."""
    said = names.fill(
        "{party2:gen} / {state1} / {parties:acc} / { x } {page}",
        lambda kind, index, case: f"<{kind} {index} {case}>",
    )
    assert (
        said
        == "<party 1 genitive> / <state 0 nominative> / <parties None accusative> / { x } {page}"
    )
