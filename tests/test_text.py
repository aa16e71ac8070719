"""Language-aware text: dates, casing, Uzbek marks, sanitising, direction."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.text import (
    az_ordinal_suffix,
    format_date,
    is_rtl,
    lower,
    normalise_uzbek,
    sanitise,
    upper,
)


@pytest.mark.parametrize(
    ("year", "suffix"),
    [
        (2025, "ci"),
        (2026, "cı"),
        (2014, "cü"),
        (2009, "cu"),
        (2010, "cu"),
        (2020, "ci"),
        (2030, "cu"),
        (2040, "cı"),
        (2000, "ci"),
        (2100, "cü"),
        (2003, "cü"),
        (2060, "cı"),
    ],
)
def test_azerbaijani_ordinal_suffix_follows_vowel_harmony(year: int, suffix: str) -> None:
    """The suffix follows the last numeral word: beş -ci, altı -cı, dörd -cü, doqquz -cu."""
    assert az_ordinal_suffix(year) == suffix


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "3 December 2025"),
        ("az", "3 dekabr 2025-ci il"),
        ("ru", "3 декабря 2025 года"),
        ("uz", "2025-yil 3-dekabr"),
        ("ar", "3 ديسمبر 2025"),
    ],
)
def test_official_date_forms(lang: str, expected: str) -> None:
    """Each language writes the date in its official form, month names from CLDR."""
    assert format_date(dt.date(2025, 12, 3), lang) == expected


def test_turkic_casing() -> None:
    """Azerbaijani capitals keep the dot: istiqamət -> İSTİQAMƏT, and I lowers to ı."""
    assert upper("istiqamət", "az") == "İSTİQAMƏT"
    assert lower("IŞIQ", "az") == "ışıq"
    assert upper("istiqamət", "en") == "ISTIQAMƏT"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'zbekiston", "Oʻzbekiston"),
        ("G‘ayrat", "Gʻayrat"),
        ("To’xtayev", "Toʻxtayev"),
        ("Oʻzbekiston", "Oʻzbekiston"),
        ("ma'lumot", "ma'lumot"),
    ],
)
def test_uzbek_marks_are_normalised_to_u02bb(raw: str, expected: str) -> None:
    """Apostrophes after o/g become U+02BB; the tutuq sign elsewhere is left alone."""
    assert normalise_uzbek(raw) == expected


def test_sanitise_removes_what_xml_forbids() -> None:
    """Control characters XML forbids are removed; tabs and newlines stay; CRLF becomes LF."""
    assert sanitise("a\x00b\x0bc\td\r\ne\ufffe") == "abc\td\ne"


def test_direction_follows_the_first_strong_character() -> None:
    """Arabic text is right-to-left even when it starts with digits; Latin is not."""
    assert is_rtl("2025 خطة")
    assert not is_rtl("Plan خطة")
