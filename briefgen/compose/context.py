"""What every compose step needs: the language, its fixed wording, and text resolution.

A `Context` turns record values into the strings a document prints, in one language:
LocalText in that language (falling back to the record's own language with a warning),
labels from `briefgen/labels/<lang>.toml`, dates in the official form, sanitised text.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import attrs

from briefgen import text as textmod
from briefgen.compose.blocks import Para, Run
from briefgen.errors import Problem, Severity, ThemeError
from briefgen.model import Language, LocalText, Party

__all__ = ["Context", "keep_together", "labels_for"]

_NBSP = "\u00a0"
#: Spaces where a line must not break (README "No-break rules"), each as a pattern whose
#: match is the space itself: the sign and its number ("№ 5"), a day or count and the word
#: or unit after it ("3 December", "3 декабря", "20 km", "5 %"), a year and its quarter or
#: its word ("2026 Q3", "2025-ci il", "2025 года"), a spaced dash between numbers ("2026 –
#: 2027" never starts a line with the dash), an initial and what follows ("A. B. Surname").
_KEEP = re.compile(
    # Each alternative matches one space; the look-ahead first fails fast everywhere else.
    r"(?= )(?:"
    r"(?<=(?<!\w)№) (?=\d)"
    r"|(?<=(?<!\w)No\.) (?=\d)"
    r"|(?:(?<=(?<![\d.,:/])\d)|(?<=(?<![\d.,:/])\d\d)|(?<=(?<![\d.,:/])\d\d\d))"
    r" (?=[^\W\d_]|%|‰|°)"
    r"|(?<=\d) (?=(?:Q[1-4]|г\.|года|гг\.|yil|yilda)\b)"
    r"|(?<=\d-c[iıuü]) (?=il\b)"
    r"|(?<=\d) (?=[–—] ?\d)"
    r"|(?<=(?<!\w)[^\W\d_a-zа-яəöüçşğıі]\.) (?=[^\W\d_])"
    r")"
)
#: A telephone number: "+994 12 345 67 89" stays on one line.
_PHONE = re.compile(r"\+\d[\d ()]{6,}\d")


def keep_together(text: str) -> str:
    """`text` with no-break spaces where a line must not break (see `_KEEP`), so both
    formats keep "№ 5", "3 December", "20 km", "2026 Q3" and telephone numbers on one
    line (Word and reportlab never break at U+00A0)."""
    if " " not in text:
        return text
    text = _KEEP.sub(_NBSP, text)
    if "+" in text:
        text = _PHONE.sub(lambda m: m.group().replace(" ", _NBSP), text)
    return text


@cache
def labels_for(lang: str) -> dict[str, dict[str, str]]:
    """The fixed wording of one language, from its label file (read once per process)."""
    try:
        raw = resources.files("briefgen").joinpath("labels", f"{lang}.toml").read_text("utf-8")
    except FileNotFoundError:
        raise ThemeError(
            f"no label file for language {lang!r} (briefgen/labels/{lang}.toml)"
        ) from None
    data: dict[str, Any] = tomllib.loads(raw)
    return {section: {str(k): str(v) for k, v in table.items()} for section, table in data.items()}


def script_of(value: str) -> str:
    """The script of the first letter of `value` ("LATIN", "CYRILLIC", "ARABIC", ...)."""
    for char in value:
        if char.isalpha():
            return unicodedata.name(char, "UNKNOWN").split(" ")[0]
    return "UNKNOWN"


class _LabelFormatter(string.Formatter):
    """Fills a label's placeholders; a format spec asks for an inflection ("{state:gen}")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        return textmod.inflect(str(value), format_spec, self.lang)


@attrs.define
class Context:
    """Composing one document in one language.

    `lang` is the document's language; `own` is the record's language, in which its plain
    strings are written. Warnings (a text missing in `lang`) are collected in `warnings`.
    """

    lang: Language
    own: Language
    source: str
    warnings: list[Problem] = attrs.field(factory=list)
    #: The fields whose text is not in `lang` (the record's own text was used instead).
    fallbacks: list[str] = attrs.field(factory=list)
    #: Mark each such text in the document with a language tag (a draft is marked; a
    #: finished record with such text fails unless the user allows it).
    mark: bool = False
    #: Text used in place of a missing translation -> the code of the language it is in.
    marked: dict[str, str] = attrs.field(factory=dict)

    @property
    def code(self) -> str:
        """The language code, e.g. "en"."""
        return self.lang.value

    @property
    def rtl(self) -> bool:
        """The document's language is written right to left."""
        return self.code in textmod.RTL_LANGUAGES

    def unique_warnings(self) -> tuple[Problem, ...]:
        """The warnings collected so far, each once."""
        return tuple(dict.fromkeys(self.warnings))

    def warn(self, field: str, message: str) -> None:
        """A warning about the record at `field` (located at its line by the build)."""
        self.warnings.append(
            Problem(source=self.source, path=field, message=message, severity=Severity.WARNING)
        )

    def label(self, section: str, key: str, **values: str) -> str:
        """A fixed phrase of the document's language, with its placeholders filled."""
        table = labels_for(self.code)
        try:
            phrase = table[section][key]
        except KeyError:
            raise ThemeError(
                f"briefgen/labels/{self.code}.toml: no label [{section}] {key}"
            ) from None
        return _LabelFormatter(self.code).format(phrase, **values) if values else phrase

    def enum(self, section: str, value: Any) -> str:
        """The label of an enum member (its value is the key)."""
        return self.label(section, str(value.value))

    def t(self, value: LocalText | None, field: str = "") -> str:
        """The text of `value` in the document's language ("" for None)."""
        if value is None:
            return ""
        found = value.resolve(self.lang, self.own)
        if found is None:
            found = value.resolve(self.own, self.own)
            if found is None:
                found = value.any()
            self.fallbacks.append(field)
            # The language of the text used instead: a plain string is the record's own.
            used = next((lang for lang, text in value.values if text == found), None)
            code = (used or self.own).value
            if self.mark:
                self.marked[self.clean(found)] = code
            self.warnings.append(
                Problem(
                    source=self.source,
                    path=field,
                    message=f"no {self.code} text; the {code} text is used",
                    severity=Severity.WARNING,
                )
            )
        return self.clean(found)

    def timeframe(self, value: LocalText | None, field: str) -> str:
        """A timeframe in the document's language ("" for None).

        The record's text in that language when it has one; else the localised form of its
        own text when `text.format_timeframe` recognises it ("2026 Q3", "annually"), without
        a warning; else the fallback of `t()`, with its warning.
        """
        if value is None:
            return ""
        if value.resolve(self.lang, self.own) is None:
            written = value.get(Language.EN) or value.resolve(self.own, self.own) or value.any()
            phrases = labels_for(self.code).get("timeframe")
            localised = phrases and textmod.format_timeframe(written, self.code, phrases)
            if localised:
                return self.clean(localised)
        return self.t(value, field)

    def clean(self, value: str) -> str:
        """Text as it may appear in a document: sanitised, Uzbek marks normalised."""
        value = textmod.sanitise(value)
        return textmod.normalise_uzbek(value) if self.code == "uz" else value

    def native(self, value: LocalText | None, party: Party) -> str | None:
        """The text in the party's own language when that is in another script.

        A reader cannot transliterate Arabic or Cyrillic names; a signature block shows them
        as the party writes them.
        """
        if value is None:
            return None
        lang = party_language(party)
        if lang is None or lang is self.lang:
            return None
        own = value.get(lang)
        # What t() shows (it has warned already if it had to fall back).
        shown = value.resolve(self.lang, self.own) or value.resolve(self.own, self.own)
        shown = shown or value.any()
        if own is None or script_of(own) == script_of(shown):
            return None
        return self.clean(own)

    def date(self, value: dt.date | None) -> str:
        """A date in the document language's official form."""
        return "" if value is None else textmod.format_date(value, self.code)

    def upper(self, value: str) -> str:
        """Capitals as the document's language writes them."""
        return textmod.upper(value, self.code)

    def is_rtl(self, value: str) -> bool:
        """The base direction of a paragraph of this language: right to left in a
        right-to-left language whatever its first letter ("UNDRR ..." in an Arabic recital),
        else right to left only when the text starts in a right-to-left script (an Arabic
        name quoted on its own in an English document)."""
        return self.rtl or textmod.is_rtl(value)

    def para(
        self, value: str, style: str = "body", *, rtl: bool | None = None, **kwargs: Any
    ) -> Para:
        """A paragraph of plain text in this language, right to left as `is_rtl` says (or
        as `rtl` and `lang` say, for a text in another language).

        In a marked document, each text used in place of a missing translation is followed
        by a tag naming its language, so a draft never looks finished.
        """
        runs = self.tagged(value) if self.marked else (Run(text=keep_together(value)),)
        direction = self.is_rtl(value) if rtl is None else rtl
        kwargs.setdefault("lang", self.code)
        return Para(runs=runs, style=style, rtl=direction, **kwargs)

    def tagged(self, value: str) -> tuple[Run, ...]:
        """`value` as runs, each fallback text in it followed by its language tag."""
        texts = sorted((t for t in self.marked if len(t) > 1), key=len, reverse=True)
        if not texts:
            return (Run(text=value),)
        pattern = re.compile("|".join(re.escape(t) for t in texts))
        runs: list[Run] = []
        end = 0
        for match in pattern.finditer(value):
            if match.start() > end:
                runs.append(Run(text=keep_together(value[end : match.start()])))
            runs.append(Run(text=keep_together(match.group())))
            runs.append(Run(text="\u00a0"))
            runs.append(Run(text=self.marked[match.group()].upper(), tag=True))
            end = match.end()
        if end < len(value) or not runs:
            runs.append(Run(text=keep_together(value[end:])))
        return tuple(runs)

    def join(self, parts: list[str]) -> str:
        """Parts joined by the document's separator, empty parts left out."""
        return self.label("document", "separator").join(p for p in parts if p)

    def reference_version(self, reference: str | None, version: str | None) -> list[str]:
        """ "Ref. X" and "Version Y" for a footer or a status line (each only when given)."""
        return [
            self.label("document", "reference", reference=self.clean(reference))
            if reference
            else "",
            self.label("document", "version", version=self.clean(version)) if version else "",
        ]

    def enumerate(self, items: list[str]) -> str:
        """ "A, B and C" in the document's language."""
        if len(items) <= 1:
            return "".join(items)
        comma = self.label("document", "list_comma")
        conjunction = self.label("document", "and")
        # Arabic و is written joined to the word it introduces.
        joiner = "" if self.code == "ar" else " "
        return f"{comma.join(items[:-1])} {conjunction}{joiner}{items[-1]}"

    def organisation(self, party: Party, field: str) -> str:
        """The party's full name: "Ministry of ... of the Republic of ..."."""
        organisation = self.t(party.organisation, f"{field}.organisation")
        state = self.t(party.state, f"{field}.state")
        if not state or state.lower() in organisation.lower():
            return organisation
        if party.state.resolve(self.lang, self.own) is None:
            # A fallback text cannot take this language's word order or case endings.
            return f"{organisation} ({state})"
        return self.label("organisation", "of_state", organisation=organisation, state=state)

    def short(self, party: Party, field: str) -> str:
        """The party's short name (its organisation when it has none)."""
        if party.short is not None:
            return self.t(party.short, f"{field}.short")
        return self.t(party.organisation, f"{field}.organisation")


def party_language(party: Party) -> Language | None:
    """The party's own language: its `language` field, else its id when that is a language
    code (`az`, `uz`), else none.

    Never guessed from the languages its texts happen to be given in: a record with Russian
    texts for every party would otherwise make every party Russian-speaking, and print an
    Azerbaijani minister's name in Cyrillic in an English plan.
    """
    if party.language is not None:
        return party.language
    return next((lang for lang in Language if lang.value == party.id), None)
