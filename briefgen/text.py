"""Language-aware text: sanitising, script direction, Turkic casing, Uzbek oʻ/gʻ.

Everything here is used by compose (and by both renderers where they need it), so a rule
about text lives in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

__all__ = [
    "RTL_LANGUAGES",
    "TURKIC_LANGUAGES",
    "az_ordinal_suffix",
    "format_date",
    "format_time",
    "inflect",
    "is_rtl",
    "lower",
    "month_name",
    "normalise_uzbek",
    "sanitise",
    "upper",
]

RTL_LANGUAGES = frozenset({"ar"})
TURKIC_LANGUAGES = frozenset({"az", "tr", "crh"})

# C0 controls except tab, newline and carriage return, DEL-adjacent C1 controls, lone
# surrogates and the non-characters U+FFFE/U+FFFF: XML 1.0 forbids them and reportlab would
# pass them into the PDF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def sanitise(text: str) -> str:
    """Remove characters no document may contain; normalise line ends to \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def is_rtl(text: str) -> bool:
    """True when the first strong directional character of `text` is right-to-left."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def upper(text: str, lang: str) -> str:
    """Capitals as the language writes them: Azerbaijani i -> İ, ı -> I."""
    if lang in TURKIC_LANGUAGES:
        text = text.replace("i", "İ")
    return text.upper()


def lower(text: str, lang: str) -> str:
    """Lower case as the language writes it: Azerbaijani I -> ı, İ -> i."""
    if lang in TURKIC_LANGUAGES:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


# An ASCII apostrophe, U+2018, U+2019 or U+02BC after o/g (either case) is the Uzbek
# letter mark U+02BB (oʻ, gʻ). Other apostrophes (the tutuq sign) are left alone.
_UZ_MARK = re.compile("([OoGg])['\u2018\u2019\u02bc`]")


def normalise_uzbek(text: str) -> str:
    """Write Uzbek oʻ and gʻ with U+02BB, whatever apostrophe the input used."""
    return _UZ_MARK.sub("\\1\u02bb", text)


# ---------------------------------------------------------------------------------------------
# Dates in each language's official form (month names from CLDR via Babel).

# The Azerbaijani ordinal suffix follows the vowel of the last numeral word of the year:
# 2025 (beş) -ci, 2026 (altı) -cı, 2014 (dörd) -cü, 2009 (doqquz) -cu.
_AZ_UNITS = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cu"}
_AZ_TENS = {1: "cu", 2: "ci", 3: "cu", 4: "cı", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cı"}


def az_ordinal_suffix(number: int) -> str:
    """The suffix of an Azerbaijani ordinal numeral: 2025-ci, 2026-cı, 2014-cü, 2009-cu."""
    if number % 10:
        return _AZ_UNITS[number % 10]
    if number % 100:
        return _AZ_TENS[(number // 10) % 10]
    if number % 1000:
        return "cü"  # yüz
    return "ci"  # min


_BABEL_LOCALES = {"en": "en", "az": "az", "ru": "ru", "uz": "uz", "ar": "ar"}


def month_name(
    month: int, lang: str, *, context: Literal["format", "stand-alone"] = "format"
) -> str:
    """The month's name in `lang` as CLDR gives it (genitive for Russian dates)."""
    from babel.dates import get_month_names

    names = get_month_names("wide", context=context, locale=_BABEL_LOCALES.get(lang, "en"))
    return str(names[month])


def format_date(value: dt.date, lang: str) -> str:
    """A date in the official form of `lang`.

    en "3 December 2025"; az "3 dekabr 2025-ci il"; ru "3 декабря 2025 года";
    uz "2025-yil 3-dekabr"; ar "3 ديسمبر 2025".
    """
    month = month_name(value.month, lang)
    if lang == "az":
        return f"{value.day} {month} {value.year}-{az_ordinal_suffix(value.year)} il"
    if lang == "ru":
        return f"{value.day} {month} {value.year} года"
    if lang == "uz":
        return f"{value.year}-yil {value.day}-{month}"
    return f"{value.day} {month} {value.year}"


def format_time(value: dt.time) -> str:
    """A time of day as ministries write it: 24-hour, HH:MM."""
    return f"{value.hour:02d}:{value.minute:02d}"


# ---------------------------------------------------------------------------------------------
# Inflection that label files ask for with a format spec: "{state:gen} {organisation}".

_AZ_HARMONY = dict(zip("aıouəeiöü", "ııuuiiiüü", strict=True))
_AZ_VOWELS = frozenset("aıoueəiöü")


def _az_genitive(value: str) -> str:
    """Azerbaijani genitive of a name: Respublikası -> Respublikasının, Dövlət -> Dövlətin."""
    word = value.rstrip()
    letters = [c for c in lower(word, "az") if c.isalpha()]
    if not letters:
        return value
    vowel = next((c for c in reversed(letters) if c in _AZ_VOWELS), "e")
    harmony = _AZ_HARMONY[vowel]
    return f"{word}{'n' if letters[-1] in _AZ_VOWELS else ''}{harmony}n"


def inflect(value: str, spec: str, lang: str) -> str:
    """`value` in the form a label asks for.

    - "gen": genitive (az Respublikası -> Respublikasının; uz Respublikasi -> Respublikasining;
      other languages unchanged: their labels are worded to need no case ending).
    - "ord": an ordinal numeral (az 2025 -> 2025-ci, uz 2025 -> 2025-yil's "2025-"; en unchanged).
    - "upper": capitals as the language writes them.
    - "": unchanged.
    """
    if spec == "":
        return value
    if spec == "gen":
        if lang == "az":
            return _az_genitive(value)
        if lang == "uz":
            return f"{value}ning"
        return value
    if spec == "ord":
        digits = value.strip()
        if lang == "az" and digits.isdigit():
            return f"{digits}-{az_ordinal_suffix(int(digits))}"
        if lang == "uz" and digits.isdigit():
            return f"{digits}-"
        return value
    if spec == "upper":
        return upper(value, lang)
    raise ValueError(f"unknown inflection {spec!r} (gen, ord, upper)")
