"""Language-aware text: dates, casing, Uzbek marks, sanitising, direction."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.compose.context import labels_for
from briefgen.text import (
    az_ordinal_suffix,
    format_date,
    format_timeframe,
    has_rtl_script,
    inflect,
    is_rtl,
    is_rtl_script,
    lower,
    month_name,
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


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (dt.date(2026, 1, 15), "en", "15 January 2026"),
        (dt.date(2026, 1, 15), "az", "15 yanvar 2026-cı il"),
        (dt.date(2014, 5, 9), "az", "9 may 2014-cü il"),
        (dt.date(2009, 8, 1), "az", "1 avqust 2009-cu il"),
        (dt.date(2020, 3, 1), "az", "1 mart 2020-ci il"),
        (dt.date(2026, 1, 15), "ru", "15 января 2026 года"),
        (dt.date(2026, 9, 1), "ru", "1 сентября 2026 года"),
        (dt.date(2026, 1, 15), "uz", "2026-yil 15-yanvar"),
        (dt.date(2026, 9, 1), "uz", "2026-yil 1-sentabr"),
        (dt.date(2026, 1, 15), "ar", "15 يناير 2026"),
    ],
)
def test_date_forms_for_each_language(day: dt.date, lang: str, expected: str) -> None:
    """Other dates follow the same official forms (az suffix by the year, ru genitive month)."""
    assert format_date(day, lang) == expected


def test_arabic_month_names() -> None:
    """Arabic dates name the twelve months as CLDR's Arabic does, in Arabic script."""
    names = [month_name(m, "ar") for m in range(1, 13)]
    assert names == [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ]
    assert all(is_rtl(name) for name in names)


def test_turkic_casing() -> None:
    """Azerbaijani capitals keep the dot: istiqamət -> İSTİQAMƏT, and I lowers to ı."""
    assert upper("istiqamət", "az") == "İSTİQAMƏT"
    assert lower("IŞIQ", "az") == "ışıq"
    assert upper("istiqamət", "en") == "ISTIQAMƏT"
    assert lower("İSTİQAMƏT", "az") == "istiqamət"
    assert upper("İşıq", "az") == "İŞIQ"


@pytest.mark.parametrize(
    ("name", "accusative"),
    [
        (
            "Государственная служба по чрезвычайным ситуациям",
            "Государственную службу по чрезвычайным ситуациям",
        ),
        ("Министерство по чрезвычайным ситуациям", "Министерство по чрезвычайным ситуациям"),
        ("Национальное агентство", "Национальное агентство"),
        ("Национальный банк", "Национальный банк"),
        ("Комиссия", "Комиссию"),
        ("Высшая аттестационная комиссия", "Высшую аттестационную комиссию"),
        ("Палата представителей", "Палату представителей"),
        ("НАЦИОНАЛЬНАЯ ГВАРДИЯ", "НАЦИОНАЛЬНУЮ ГВАРДИЮ"),
        ("«Служба спасения»", "«Службу спасения»"),
    ],
)
def test_russian_accusative_of_an_organisation(name: str, accusative: str) -> None:
    """ "За {party:acc}" declines the leading feminine words of a Russian organisation's name
    and leaves masculine and neuter names and the genitive complements as written."""
    assert inflect(name, "acc", "ru") == accusative
    assert inflect(name, "acc", "en") == name


def test_turkic_inflection_upper_uses_turkic_casing() -> None:
    """The "upper" inflection of a label capitalises as the language does."""
    assert inflect("istiqamət", "upper", "az") == "İSTİQAMƏT"
    assert inflect("istiqamət", "upper", "en") == "ISTIQAMƏT"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'zbekiston", "Oʻzbekiston"),
        ("G‘ayrat", "Gʻayrat"),
        ("To’xtayev", "Toʻxtayev"),
        ("Oʻzbekiston", "Oʻzbekiston"),
        ("ma'lumot", "ma'lumot"),
        ("o'g'il", "oʻgʻil"),
        ("O’ZBEKISTON", "OʻZBEKISTON"),
        ("o‘quv", "oʻquv"),
        ("Gʼalaba", "Gʻalaba"),
        ("san'at va ma’naviyat", "san'at va ma’naviyat"),
        ("Oʻzbekiston Respublikasi", "Oʻzbekiston Respublikasi"),
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


@pytest.mark.parametrize(
    "char",
    ["و", "\u064e", "٢", "\ufefb", "א", "ܐ", "ހ", "ߊ", "\U00010900"],
    ids=[
        "arabic",
        "fatha",
        "arabic-digit",
        "lam-alef-form",
        "hebrew",
        "syriac",
        "thaana",
        "nko",
        "phoenician",
    ],
)
def test_characters_of_right_to_left_scripts(char: str) -> None:
    """Letters, marks, digits and presentation forms of right-to-left scripts are set upright."""
    assert is_rtl_script(char)
    assert has_rtl_script(f"Plan {char} 2026")


@pytest.mark.parametrize("char", ["a", "ə", "Ж", "2", "(", "\u200d", "ა"])
def test_characters_of_left_to_right_and_neutral_scripts(char: str) -> None:
    """Latin, Cyrillic, Georgian, digits, brackets and joiners are no right-to-left script."""
    assert not is_rtl_script(char)
    assert not has_rtl_script(f"Plan {char} 2026")


def test_a_latin_paragraph_may_hold_right_to_left_script() -> None:
    """Direction (the first strong character) and script are different questions."""
    assert not is_rtl("Recalling the visit of الوزير")
    assert has_rtl_script("Recalling the visit of الوزير")


@pytest.mark.parametrize(
    ("value", "spec", "lang", "expected"),
    [
        ("Azərbaycan Respublikası", "gen", "az", "Azərbaycan Respublikasının"),
        ("Fələstin Dövləti", "gen", "az", "Fələstin Dövlətinin"),
        ("Fövqəladə Hallar Nazirliyi", "gen", "az", "Fövqəladə Hallar Nazirliyinin"),
        ("Saziş", "gen", "az", "Sazişin"),
        ("Memorandum", "gen", "az", "Memorandumun"),
        ("Oʻzbekiston Respublikasi", "gen", "uz", "Oʻzbekiston Respublikasining"),
        ("Republic of Azerbaijan", "gen", "en", "Republic of Azerbaijan"),
        ("Республика Узбекистан", "gen", "ru", "Республика Узбекистан"),
        ("2027", "ord", "az", "2027-ci"),
        ("2026", "ord", "az", "2026-cı"),
        ("2014", "ord", "az", "2014-cü"),
        ("2027", "ord", "uz", "2027-"),
        ("2027", "ord", "en", "2027"),
        ("text", "", "en", "text"),
    ],
)
def test_inflect_gen_and_ord(value: str, spec: str, lang: str, expected: str) -> None:
    """Labels' inflections: az/uz genitive and ordinal years; other languages unchanged."""
    assert inflect(value, spec, lang) == expected


def test_inflect_rejects_an_unknown_spec() -> None:
    """A label asking for an inflection that does not exist is an error, not silence."""
    with pytest.raises(ValueError, match="unknown inflection"):
        inflect("x", "dat", "az")


def timeframe(value: str, lang: str) -> str | None:
    return format_timeframe(value, lang, labels_for(lang)["timeframe"])


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2026 Q3", "az", "2026-cı ilin III rübü"),
        ("Q3 2026", "ru", "III квартал 2026 года"),
        ("2026 q3", "uz", "2026-yil III chorak"),
        ("2026 Q3", "ar", "الربع الثالث من عام 2026"),
        ("2026 Q3", "en", "Q3 2026"),
        ("third quarter of 2026", "az", "2026-cı ilin III rübü"),
        ("2026 H1", "az", "2026-cı ilin birinci yarısı"),
        ("H2 2027", "ru", "II полугодие 2027 года"),
        ("2026 H1", "uz", "2026-yilning birinchi yarmi"),
        ("2026 H1", "ar", "النصف الأول من عام 2026"),
        ("2026", "az", "2026-cı il"),
        ("2026", "ru", "2026 год"),
        ("2026", "uz", "2026-yil"),
        ("2026", "ar", "عام 2026"),
        ("2026–2027", "az", "2026–2027-ci illər"),
        ("2026-2027", "az", "2026–2027-ci illər"),
        ("2026-2027", "ru", "2026–2027 годы"),
        ("2026–2027", "uz", "2026–2027-yillar"),
        ("2026 - 2027", "ar", "2026–2027"),
        ("September 2026", "az", "2026-cı ilin sentyabr ayı"),
        ("september 2026", "ru", "сентябрь 2026 года"),
        ("Sep 2026", "uz", "2026-yil sentabr"),
        ("September 2026", "ar", "سبتمبر 2026"),
        ("annually", "az", "hər il"),
        ("Annually", "ru", "ежегодно"),
        ("quarterly", "uz", "har chorakda"),
        ("monthly", "ar", "شهرياً"),
        ("twice a year", "az", "ildə iki dəfə"),
        ("Twice a year", "ru", "два раза в год"),
        ("as agreed", "az", "razılaşma əsasında"),
        ("As agreed", "ru", "по согласованию"),
        ("as agreed", "uz", "kelishuvga koʻra"),
        ("as agreed", "ar", "حسب الاتفاق"),
        ("ongoing", "az", "daimi"),
        ("Permanent", "ru", "постоянно"),
        ("throughout the period", "uz", "butun davr mobaynida"),
        ("Throughout the period", "ar", "طوال مدة الخطة"),
        ("by 2027", "az", "2027-ci ilədək"),
        ("by 2027", "ru", "до 2027 года"),
        ("by 2027", "uz", "2027-yilgacha"),
        ("by 2027", "ar", "بحلول عام 2027"),
        ("by 30 June 2026", "az", "30 iyun 2026-cı il tarixinədək"),
        ("by 2026-06-30", "ru", "до 30 июня 2026 года"),
        ("By June 30, 2026", "uz", "2026-yil 30-iyungacha"),
        ("by September 2026", "ru", "до сентября 2026 года"),
        ("by the end of 2026", "az", "2026-cı ilin sonunadək"),
        ("2026 Q2 – 2027 Q4", "az", "2026-cı ilin II rübü – 2027-ci ilin IV rübü"),
        ("2026 Q2 – 2027 Q4", "ru", "II квартал 2026 года – IV квартал 2027 года"),
        ("Q3-Q4 2026", "uz", "2026-yil III chorak – 2026-yil IV chorak"),
        ("2026 Q2 – 2027 Q4", "ar", "من الربع الثاني من عام 2026 إلى الربع الرابع من عام 2027"),
    ],
)
def test_format_timeframe_localises_what_records_write(
    value: str, lang: str, expected: str
) -> None:
    """A timeframe written as records write it in English comes out in the target language."""
    assert timeframe(value, lang) == expected


@pytest.mark.parametrize(
    "value",
    ["after the elections", "2026 Q5", "sometime", "", "Q3", "by Q3 2026", "2027–2026"],
)
@pytest.mark.parametrize("lang", ["en", "az", "ru", "uz", "ar"])
def test_format_timeframe_returns_none_for_unrecognised_text(value: str, lang: str) -> None:
    """A timeframe the function does not recognise gives None, never a guess."""
    assert timeframe(value, lang) is None


# ---------------------------------------------------------------------------------------------
# Invisible and direction-changing characters (issue 19, cause 6).


@pytest.mark.parametrize("char", ["\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u180e"])
def test_isolates_and_invisible_marks_need_no_glyph(char: str) -> None:
    """Isolates, ARABIC LETTER MARK and MONGOLIAN VOWEL SEPARATOR are never drawn."""
    from briefgen.text import INVISIBLE_FORMAT, needs_glyph

    assert not needs_glyph(char)
    assert char in INVISIBLE_FORMAT


@pytest.mark.parametrize("char", ["\u0600", "\u0601", "\u0602", "\u0603", "\u0604", "\u0605"])
def test_arabic_number_signs_need_a_glyph(char: str) -> None:
    """The prepended concatenation marks are drawn, so a font lacking them is caught."""
    from briefgen.text import needs_glyph

    assert needs_glyph(char)


def test_drop_undrawn_removes_only_invisible_characters_the_font_lacks() -> None:
    """What the font has stays; invisible characters it lacks go; visible ones stay (to be caught)."""
    from briefgen.text import drop_undrawn

    covered = {ord(c) for c in "ab \u200f"}
    assert drop_undrawn("a\u2067b\u2069 \u200f\u061c", covered) == "ab \u200f"
    assert drop_undrawn("ab", covered) == "ab"
    assert drop_undrawn("\u0600a", covered) == "\u0600a"
    assert drop_undrawn("a\nb\tc\u180e", covered) == "a\nb\tc"  # white space is laid out


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_direction_problem_names_embeddings_and_overrides(char: str) -> None:
    """Each embedding or override is named with its code point and the remedy."""
    from briefgen.text import direction_problem

    message = direction_problem(f"x{char}y") or ""
    assert f"U+{ord(char):04X}" in message and "isolate" in message


@pytest.mark.parametrize("text", ["plain", "\u2067\u0627\u2069", "\u200e\u200f\u061c", ""])
def test_direction_problem_accepts_isolates_and_marks(text: str) -> None:
    """Isolates and marks are no problem."""
    from briefgen.text import direction_problem

    assert direction_problem(text) is None
