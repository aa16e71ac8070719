"""Label files: every language has the English keys, placeholders and real wording."""

from __future__ import annotations

import re
import string
import tomllib
from importlib import resources

import pytest

from briefgen.compose.context import Context, labels_for
from briefgen.model import Language

LANGUAGES = [lang.value for lang in Language]
OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def raw_labels(lang: str) -> dict[str, dict[str, str]]:
    text = resources.files("briefgen").joinpath("labels", f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(text)


def keys(lang: str) -> set[str]:
    return {f"[{section}] {key}" for section, table in raw_labels(lang).items() for key in table}


def placeholders(phrase: str) -> set[str]:
    """The names a phrase fills ("{state:gen}" counts as "state")."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None}


def outside_placeholders(phrase: str) -> str:
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(phrase))


def every_label(lang: str) -> list[tuple[str, str, str]]:
    return [
        (section, key, str(value))
        for section, table in raw_labels(lang).items()
        for key, value in table.items()
    ]


@pytest.mark.parametrize("lang", OTHERS)
def test_label_file_has_exactly_the_english_keys(lang: str) -> None:
    """A label file lacking a key of en.toml, or having one en.toml lacks, fails naming it."""
    english, other = keys("en"), keys(lang)
    assert not english - other, f"{lang}.toml misses {sorted(english - other)}"
    assert not other - english, f"{lang}.toml has keys en.toml lacks: {sorted(other - english)}"


@pytest.mark.parametrize("lang", OTHERS)
def test_each_label_fills_the_placeholders_of_the_english_one(lang: str) -> None:
    """Each label names the same placeholders as its English counterpart (inflections aside)."""
    english = raw_labels("en")
    for section, key, phrase in every_label(lang):
        wanted = placeholders(english[section][key])
        assert placeholders(phrase) == wanted, f"{lang}.toml [{section}] {key}: {phrase!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_label_is_empty(lang: str) -> None:
    """Every label has wording (blank values would print nothing where a word belongs)."""
    for section, key, phrase in every_label(lang):
        assert phrase.strip(), f"{lang}.toml [{section}] {key} is empty"


@pytest.mark.parametrize("lang", list(Language))
def test_every_label_formats_through_a_context(lang: Language) -> None:
    """Every label of every language fills its placeholders, inflections included, without error."""
    ctx = Context(lang=lang, own=Language.EN, source="test")
    samples = {"state": "Respublikası", "end": "2027", "start": "2026", "year": "2026"}
    for section, key, phrase in every_label(lang.value):
        values = {name: samples.get(name, "X") for name in placeholders(phrase)}
        filled = ctx.label(section, key, **values)
        assert filled.strip()
        assert "{" not in filled


def test_labels_are_read_as_strings_per_section() -> None:
    """labels_for gives every section of the file as a table of strings (copies keys too)."""
    labels = labels_for("az")
    assert labels["copies"]["2"] == "iki"
    assert labels["timeframe"]["quarter_3"] == "III"


def test_uzbek_labels_write_o_and_g_with_u02bb() -> None:
    """Uzbek oʻ and gʻ use U+02BB: no ASCII apostrophe, U+2018 or U+2019 anywhere, no bare mark."""
    for section, key, phrase in every_label("uz"):
        assert not re.search("['\u2018\u2019`]", phrase), f"[{section}] {key}: {phrase!r}"
        assert not re.search("[OoGg]\u02bc", phrase), f"[{section}] {key}: tutuq after o/g"
    text = " ".join(phrase for _, _, phrase in every_label("uz"))
    assert "oʻ" in text and "gʻ" in text


# Roman numerals (quarters: "III квартал") are the only Latin letters Russian and Arabic use.
_LATIN_WORD = re.compile(r"\b(?![IVX]+\b)[A-Za-z]+\b")


@pytest.mark.parametrize("lang", ["ru", "ar"])
def test_russian_and_arabic_labels_have_no_latin_words(lang: str) -> None:
    """No Latin word is left in a Cyrillic or Arabic label outside its placeholders."""
    for section, key, phrase in every_label(lang):
        words = _LATIN_WORD.findall(outside_placeholders(phrase))
        assert not words, f"{lang}.toml [{section}] {key}: {words}"


# Words the Latin-script languages share with English (Azerbaijani "format", "plan").
_SHARED = {"format", "plan"}


@pytest.mark.parametrize("lang", ["az", "uz"])
def test_latin_script_labels_have_no_english_words(lang: str) -> None:
    """No word of the English labels is left in an Azerbaijani or Uzbek label."""
    english = {
        word.lower()
        for _, _, phrase in every_label("en")
        for word in re.findall(r"[A-Za-z]{3,}", outside_placeholders(phrase))
    } - _SHARED
    for section, key, phrase in every_label(lang):
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", outside_placeholders(phrase))}
        assert not words & english, f"{lang}.toml [{section}] {key}: {sorted(words & english)}"
