"""Consistency between the language versions of a record's texts.

A text written in two or more languages (`{en: ..., az: ...}`) must say the same numbers in
each: years, dates, quarters and ranges, percentages, article and paragraph references, and
the same number of list items. `mismatches` compares every such text of a record, the first
language given against each other one, and names the field and both values ("az says 2027,
en says 2026"); the pipeline reports each as a warning (a failure with `--strict`).

What counts as the same, whatever the script and the local way of writing it:

- digits of any script: `2027`, Arabic-Indic `٢٠٢٧`, Persian `۲۰۲۷`;
- thousands grouped or not (`10 000`, `10,000`, `10000`); ordinal endings dropped (`2025-ci`,
  `3rd`, `2-й`);
- Roman numerals (`III квартал`, `2026-cı ilin III rübü` and `2026 Q3` all say 3), and the
  ordinal words of a quarter or a half-year (`third quarter`, `الربع الثالث`);
- a date written with a month name or in figures (`15 March 2026`, `2026-03-15`,
  `15.03.2026`);
- a percentage as `5%`, `5 %`, `%5` or `5 per cent`.

Numbers written as words ("twenty instructors", "iyirmi") are not compared: a warning is
only given where both versions write figures that differ, so the check stays silent on
faithful translations.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from briefgen.model import FieldPath, Language, LocalText, Record, record_texts

__all__ = ["facts", "mismatches"]

#: A figure: Unicode digits (any script), grouped in thousands or not.
_NUMBER = re.compile(
    r"(?<![\d.,\u066b\u066c])\d{1,3}(?:[ ,.\u00a0\u202f\u066c]\d{3})+(?![\d\u066b]|[.,]\d)|\d+"
)
_PERCENT_AFTER = re.compile(
    r"\s?(?:%|٪|per ?cent|percent|процент\w*|faiz\w*|foiz\w*|بالمائة|بالمئة|في المائة)",
    re.IGNORECASE,
)
_PERCENT_BEFORE = re.compile(r"(?:%|٪)\s?$")
#: A Roman numeral standing as a word (I-XXXIX): quarters, annexes, articles, centuries.
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
#: Dates in figures: ISO (2026-03-15), day first (15.03.2026, 15/03/2026).
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
#: The start of a list item on its own line: a bullet, "1." or "a)".
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–·]|\d+[.)]|[^\W\d_][.)])\s", re.MULTILINE)
_TOKEN = re.compile(r"\d+|[^\W\d_]+")

#: Words naming a quarter or a half-year (lowercase stems), after or before an ordinal.
_PERIOD_WORDS = ("quarter", "half", "квартал", "полугоди", "rüb", "yarım", "chorak", "yarim")
_PERIOD_WORDS_AR = ("ربع", "الربع", "نصف", "النصف")
#: Ordinal words 1-4 (lowercase), as a quarter or half-year is named in words.
_ORDINALS = {
    **dict.fromkeys(["first", "birinci", "birinchi", "الأول", "الاول", "أول"], 1),
    **dict.fromkeys(["second", "ikinci", "ikkinchi", "الثاني", "ثاني"], 2),
    **dict.fromkeys(["third", "üçüncü", "uchinchi", "الثالث", "ثالث"], 3),
    **dict.fromkeys(["fourth", "dördüncü", "toʻrtinchi", "to'rtinchi", "الرابع", "رابع"], 4),
}
_ORDINAL_STEMS_RU = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}


@cache
def _months() -> dict[str, int]:
    """Month names of every language briefgen writes (lowercase) -> month number."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for lang in Language:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, locale=lang.value).items():
                names[name.casefold()] = int(number)
    return names


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _neighbours(tokens: list[str], index: int) -> list[str]:
    return [tokens[j] for j in (index - 1, index + 1) if 0 <= j < len(tokens)]


def _is_period(word: str) -> bool:
    folded = word.casefold()
    return folded.startswith(_PERIOD_WORDS) or folded in _PERIOD_WORDS_AR


@lru_cache(maxsize=4096)
def facts(text: str, lang: Language | None = None) -> tuple[Counter[str], int, bool]:
    """What a text says in figures: the multiset of its numbers (as plain decimal strings,
    "5%" for a percentage), how many list items it has, and whether it names a month."""
    found: Counter[str] = Counter()
    # Dates in figures say a year, a month and a day, as a date with a month name does.
    for match in _ISO_DATE.finditer(text):
        found.update(str(int(g)) for g in match.groups())
    for match in _DAY_FIRST.finditer(text):
        found.update(str(int(g)) for g in match.groups())
    rest = _DAY_FIRST.sub(" ", _ISO_DATE.sub(" ", text))
    for match in _NUMBER.finditer(rest):
        value = str(int(re.sub(r"\D", "", match.group())))
        after = _PERCENT_AFTER.match(rest, match.end())
        before = _PERCENT_BEFORE.search(rest, 0, match.start())
        found[f"{value}%" if after or before else value] += 1
    tokens = _TOKEN.findall(rest)
    months = _months()
    named_month = False
    for index, token in enumerate(tokens):
        folded = token.casefold()
        if folded in months and token != "may":  # "may" is also an English verb
            named_month = True
            if any(n.isdigit() for n in _neighbours(tokens, index)):
                found[str(months[folded])] += 1
        elif token[0] in "IVX" and _ROMAN.fullmatch(token):
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            pronoun = token == "I" and lang is Language.EN and following[:1].islower()
            if not pronoun:
                found[str(_roman(token))] += 1
        elif (folded in _ORDINALS or folded[:4] in _ORDINAL_STEMS_RU) and any(
            _is_period(n) for n in _neighbours(tokens, index)
        ):
            found[str(_ORDINALS.get(folded) or _ORDINAL_STEMS_RU[folded[:4]])] += 1
    return found, len(_LIST_ITEM.findall(text)), named_month


#: Whether a text can say a figure at all: most texts (names, activities) say none, and
#: are passed over without reading them word by word.
_FIGURES = re.compile(
    r"[\d\n%٪IVX]|(?i:quarter|half|квартал|полугод|rüb|yarım|chorak|yarim|ربع|نصف)"
)


def _differ(a: str, b: str, first: Language, second: Language) -> str | None:
    """Why two versions of one text disagree in figures, or None when they agree."""
    if not _FIGURES.search(a) and not _FIGURES.search(b):
        return None
    said_a, items_a, month_a = facts(a, first)
    said_b, items_b, month_b = facts(b, second)
    only_a, only_b = said_a - said_b, said_b - said_a
    if only_a or only_b:
        # A month written as a word the other version does not place next to its number
        # ("2026-cı ilin may ayında"): a lone month number is not taken as a difference.
        months = {str(n) for n in range(1, 13)}
        if not (set(only_a) | set(only_b)) - months and (month_a or month_b):
            return None
        shown_a = ", ".join(sorted(only_a.elements(), key=_order)) or "no such figure"
        shown_b = ", ".join(sorted(only_b.elements(), key=_order)) or "no such figure"
        return f"{first.value} says {shown_a}, {second.value} says {shown_b}"
    if items_a != items_b:
        return f"{first.value} lists {items_a} items, {second.value} lists {items_b}"
    return None


def _order(value: str) -> tuple[int, str]:
    digits = value.rstrip("%")
    return (int(digits) if digits.isdigit() else 0, value)


def mismatches(record: Record) -> list[tuple[FieldPath, str]]:
    """Every text of `record` whose language versions disagree in figures or list items:
    (field path, "az says 2027, en says 2026"), the first language given against each of
    the others."""
    out: list[tuple[FieldPath, str]] = []
    for path, text in record_texts(record):
        if not isinstance(text, LocalText):
            continue
        versions = [(lang, value) for lang, value in text.values if lang is not None]
        if len(versions) < 2:
            continue
        (lead, first), *others = versions
        for lang, value in others:
            message = _differ(first, value, lead, lang)
            if message:
                out.append((path, message))
    return out
