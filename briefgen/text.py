"""Language-aware text: sanitising, script direction, Turkic casing, Uzbek oʻ/gʻ.

Everything here is used by compose (and by both renderers where they need it), so a rule
about text lives in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Container, Mapping
from typing import Any, Literal

__all__ = [
    "INVISIBLE_FORMAT",
    "RTL_LANGUAGES",
    "TURKIC_LANGUAGES",
    "az_ordinal_suffix",
    "direction_problem",
    "drop_undrawn",
    "format_date",
    "format_time",
    "format_timeframe",
    "has_rtl_script",
    "inflect",
    "is_rtl",
    "is_rtl_script",
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


#: Format characters that are drawn: the prepended concatenation marks (ARABIC NUMBER SIGN
#: U+0600-U+0605, END OF AYAH U+06DD, SYRIAC ABBREVIATION MARK U+070F, ...) span the digits
#: after them with a visible sign, so a font must have them like any letter.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
_VISIBLE_FORMAT |= frozenset("\U000110bd\U000110cd")

#: Embeddings and overrides (LRE, RLE, PDF, LRO, RLO): they reorder the text after them, and
#: Word and the PDF's bidi step honour them differently ("Republic of <RLO>NAJIABREZA"
#: reads "AZERBAIJAN" in Word). A record may not contain them (`direction_problem`).
_DIRECTION_OVERRIDES = re.compile("[\u202a-\u202e]")

#: Invisible format characters that a font may well lack (DejaVu Sans has none of them):
#: the isolates U+2066-U+2069, ARABIC LETTER MARK U+061C, MONGOLIAN VOWEL SEPARATOR U+180E.
#: They steer ordering or shaping only; a renderer must never draw them (a box).
INVISIBLE_FORMAT = frozenset("\u2066\u2067\u2068\u2069\u061c\u180e")


def needs_glyph(char: str) -> bool:
    """False for whitespace, controls and invisible format characters (ZWJ, direction
    marks, isolates): nothing is drawn for them, so no font needs them. The format
    characters that are drawn (ARABIC NUMBER SIGN U+0600 and the other prepended
    concatenation marks) need a glyph like any letter."""
    if char in _VISIBLE_FORMAT:
        return True
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def drop_undrawn(text: str, covered: Container[int]) -> str:
    """`text` without the invisible characters (format marks, controls) that the font
    (`covered`, its code points) lacks: what a renderer draws after its bidi step, so an
    isolate or U+061C never prints as the font's missing-glyph box. White space (a line
    break, a tab) is kept: the renderer lays it out."""

    def kept(char: str) -> bool:
        return ord(char) in covered or needs_glyph(char) or char.isspace()

    if all(kept(char) for char in set(text)):
        return text
    return "".join(c for c in text if kept(c))


def direction_problem(text: str) -> str | None:
    """Why `text` may not appear in a record (a bidi embedding or override), or None."""
    found = _DIRECTION_OVERRIDES.search(text)
    if found is None:
        return None
    char = found.group()
    return (
        f"contains U+{ord(char):04X} {unicodedata.name(char)}, an invisible character that "
        "reorders the text after it (Word and the PDF would show different text); delete it "
        "(to set the direction of a phrase, wrap it in an isolate, U+2066-U+2068 ... U+2069)"
    )


def is_blank(text: str) -> bool:
    """True when nothing of `text` would show: only whitespace, controls, format marks and
    what `sanitise` removes (lone surrogates, U+FFFE and U+FFFF)."""
    return not any(needs_glyph(char) for char in sanitise(text))


def is_rtl(text: str) -> bool:
    """True when the first strong directional character of `text` is right-to-left."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan,
# Mandaic and their presentation forms, and the historic ones of the SMP), marks included.
_RTL_SCRIPT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def is_rtl_script(char: str) -> bool:
    """True for a character of a right-to-left script, a mark or digit of one included.

    Unlike `is_rtl`, which finds the direction of a paragraph, this tells which characters
    are set upright: right-to-left scripts have no italics, so they always are.
    """
    return _RTL_SCRIPT.match(char) is not None


def has_rtl_script(text: str) -> bool:
    """True when some character of `text` is of a right-to-left script (`is_rtl_script`)."""
    return _RTL_SCRIPT.search(text) is not None


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


_RU_ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие)$")
_RU_ACCUSATIVE = {"ая": "ую", "яя": "юю", "а": "у", "я": "ю"}


def _ru_accusative(value: str) -> str:
    """Russian accusative of an organisation's name, as "За {party:acc}" needs it.

    Organisations are inanimate: the accusative differs from the nominative only for
    feminine adjectives and nouns in -а/-я. The leading adjectives and the head noun change
    (Государственная служба -> Государственную службу, Комиссия -> Комиссию, Палата ->
    Палату); the words after the head noun are its complements in the genitive and stay,
    and masculine and neuter names (Министерство, Комитет, Агентство) stay as written.
    """
    pieces = re.split(r"(\w+)", value)
    for index in range(1, len(pieces), 2):
        word = pieces[index]
        low = word.lower()
        adjective = _RU_ADJECTIVE.search(low) is not None and len(low) > 3
        for ending in ("ая", "яя") if adjective else ("а", "я"):
            if low.endswith(ending):
                new = _RU_ACCUSATIVE[ending]
                if word[-1].isupper():
                    new = new.upper()
                pieces[index] = word[: -len(ending)] + new
                break
        if not adjective:
            break  # the head noun: what follows depends on it
    return "".join(pieces)


def inflect(value: str, spec: str, lang: str) -> str:
    """`value` in the form a label asks for.

    - "gen": genitive (az Respublikası -> Respublikasının; uz Respublikasi -> Respublikasining;
      other languages unchanged: their labels are worded to need no case ending).
    - "acc": accusative (ru Государственная служба -> Государственную службу; other
      languages unchanged).
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
    if spec == "acc":
        return _ru_accusative(value) if lang == "ru" else value
    if spec == "ord":
        digits = value.strip()
        if lang == "az" and digits.isdigit():
            return f"{digits}-{az_ordinal_suffix(int(digits))}"
        if lang == "uz" and digits.isdigit():
            return f"{digits}-"
        return value
    if spec == "upper":
        return upper(value, lang)
    raise ValueError(f"unknown inflection {spec!r} (gen, acc, ord, upper)")


# ---------------------------------------------------------------------------------------------
# Timeframes of initiatives, as records write them in English ("2026 Q3", "annually"), in the
# words of another language. The phrases come from the [timeframe] section of a label file.

_TF_FIXED = {
    "annually": ("annually", "annual", "yearly", "every year", "each year", "once a year"),
    "quarterly": ("quarterly", "every quarter", "each quarter", "once a quarter"),
    "monthly": ("monthly", "every month", "each month", "once a month"),
    "twice_a_year": (
        "twice a year",
        "twice yearly",
        "twice per year",
        "semi-annually",
        "semiannually",
        "biannually",
        "every six months",
    ),
    "as_agreed": (
        "as agreed",
        "as mutually agreed",
        "as agreed by the parties",
        "by agreement",
        "by mutual agreement",
        "upon agreement",
        "to be agreed",
    ),
    "as_needed": ("as needed", "as required", "as necessary", "when needed", "if needed"),
    "ongoing": (
        "ongoing",
        "permanent",
        "permanently",
        "continuous",
        "continuously",
        "constantly",
        "on an ongoing basis",
        "on a permanent basis",
        "on a continuous basis",
    ),
    "regularly": ("regularly", "on a regular basis"),
    "throughout": (
        "throughout the period",
        "throughout the plan period",
        "throughout the period of the plan",
        "throughout the period of validity of the plan",
        "throughout",
        "during the period",
        "during the period of the plan",
        "during the plan period",
    ),
}
_TF_PHRASE = {phrase: key for key, phrases in _TF_FIXED.items() for phrase in phrases}

_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}

_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_MONTH = r"(?P<month>[a-z]+)\.?"
_NTH = r"(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)"
_TF_POINTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("year", rf"{_YEAR}(?:\s+year)?"),
        ("quarter", rf"q(?P<n>[1-4])(?:\s*{_YEAR})?"),
        ("quarter", rf"{_YEAR}\s*,?\s*q(?P<n>[1-4])"),
        ("quarter", rf"{_NTH}\s+quarter(?:\s+(?:of\s+)?{_YEAR})?"),
        ("half", rf"h(?P<n>[12])(?:\s*{_YEAR})?"),
        ("half", rf"{_YEAR}\s*,?\s*h(?P<n>[12])"),
        ("half", rf"{_NTH}\s+half(?:\s+(?:of\s+)?(?:the\s+year\s+)?{_YEAR})?"),
        ("month", rf"{_MONTH}\s+{_YEAR}"),
        ("month", rf"{_YEAR}\s+{_MONTH}"),
        ("date", rf"{_YEAR}-(?P<mm>\d\d)-(?P<dd>\d\d)"),
        ("date", rf"(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+{_YEAR}"),
        ("date", rf"{_MONTH}\s+(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}"),
    )
)
_TF_BY = re.compile(
    r"(?:by|before|until|till|no later than|not later than)\s+(?:the\s+)?"
    r"(?P<end>end\s+of\s+(?:the\s+year\s+)?)?(?P<rest>.+)"
)
_TF_RANGE = re.compile(r"\s*[-–—]\s*|\s+(?:to|until|till)\s+")


class _PhraseFormatter(string.Formatter):
    """Fills a phrase's placeholders; a format spec asks for an inflection ("{year:ord}")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        return inflect(str(value), format_spec, self.lang)


def _tf_point(text: str, year: int | None = None) -> tuple[str, dict[str, Any]] | None:
    """One point in time: ("quarter", {"n": 3, "year": 2026}), ...; None when not one.

    `year` is the year a bare "Q3" or "H1" belongs to (from the other end of a range).
    """
    for kind, pattern in _TF_POINTS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        found = match.groupdict()
        values: dict[str, Any] = {}
        given = found.get("year")
        if given is None and year is None:
            continue
        values["year"] = int(given) if given is not None else year
        if kind in ("quarter", "half"):
            values["n"] = int(found["n"]) if found.get("n") else _ORDINALS[found["nth"]]
            if kind == "half" and values["n"] > 2:
                continue
        if kind in ("month", "date"):
            month = found.get("month")
            number = _EN_MONTHS.get(month) if month else int(found["mm"])
            if number is None:
                continue
            values["month"] = number
        if kind == "date":
            try:
                values["date"] = dt.date(values["year"], values["month"], int(found["dd"]))
            except ValueError:
                return None
        return kind, values
    return None


def format_timeframe(value: str, lang: str, phrases: Mapping[str, str]) -> str | None:
    """A timeframe written as records write it in English, in the words of `lang`.

    Recognises (case-insensitively) quarters ("2026 Q3", "Q3 2026", "third quarter of
    2026"), halves ("2026 H1"), years and ranges of years ("2026–2027", "2026-2027"), months
    ("September 2026"), dates, ranges of any of these ("2026 Q2 – 2027 Q4"), deadlines ("by
    2027", "by the end of 2026", "by 30 June 2026"), and the usual phrases ("annually",
    "quarterly", "monthly", "twice a year", "as agreed", "as needed", "ongoing"/"permanent",
    "regularly", "throughout the period"). `phrases` is the [timeframe] section of the
    language's labels. Returns None when the text is none of these.
    """
    text = " ".join(value.strip().rstrip(".").lower().split())
    fill = _PhraseFormatter(lang)

    def point(kind: str, values: dict[str, Any], key: str | None = None) -> str:
        fields: dict[str, str] = {"year": str(values["year"])}
        if kind == "quarter":
            fields["quarter"] = phrases[f"quarter_{values['n']}"]
        elif kind == "half":
            fields["half"] = phrases[f"half_{values['n']}"]
        elif kind == "month":
            # A month on its own is named in the nominative (ru "сентябрь 2026 года");
            # after "by" in the genitive (ru "до сентября 2026 года").
            standalone = key is None and lang == "ru"
            context: Literal["format", "stand-alone"] = "stand-alone" if standalone else "format"
            fields["month"] = month_name(values["month"], lang, context=context)
        elif kind == "date":
            fields["date"] = format_date(values["date"], lang)
        return fill.format(phrases[key or kind], **fields)

    if text in _TF_PHRASE:
        return phrases[_TF_PHRASE[text]]
    single = _tf_point(text)
    if single is not None:
        return point(*single)
    by = _TF_BY.fullmatch(text)
    if by is not None:
        deadline = _tf_point(by["rest"])
        if deadline is not None:
            kind, values = deadline
            if by["end"] and kind == "year":
                return point(kind, values, "by_end_of_year")
            if not by["end"] and kind in ("year", "month", "date"):
                return point(kind, values, f"by_{kind}")
        return None
    text = text.removeprefix("from ")
    for separator in _TF_RANGE.finditer(text):
        left, right = text[: separator.start()], text[separator.end() :]
        end = _tf_point(right)
        start = _tf_point(left, end[1]["year"] if end else None)
        if start is not None and end is None:
            end = _tf_point(right, start[1]["year"])
        if start is None or end is None:
            continue
        if start[0] == end[0] == "year":
            if start[1]["year"] >= end[1]["year"]:
                continue
            return fill.format(phrases["years"], start=start[1]["year"], end=end[1]["year"])
        return fill.format(phrases["span"], start=point(*start), end=point(*end))
    return None
