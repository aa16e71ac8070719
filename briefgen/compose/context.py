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
from collections.abc import Callable
from functools import cache, partial
from importlib import resources
from typing import Any

import attrs

from briefgen import names
from briefgen import text as textmod
from briefgen.compose.blocks import Para, Run
from briefgen.errors import Problem, Severity, ThemeError
from briefgen.model import Language, LocalText, Party

__all__ = ["Context", "Named", "keep_together", "labels_for"]

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


@attrs.frozen
class Named:
    """A name a label may ask for in a grammatical form ("За {party:acc}", "{state:gen}"):
    `forms` gives its text in a case ("genitive")."""

    forms: Callable[[str], str]

    def __str__(self) -> str:
        return self.forms("nominative")


class _LabelFormatter(string.Formatter):
    """Fills a label's placeholders; a format spec asks for an inflection ("{state:gen}")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Named):
            case = names.case_of(format_spec)
            if case is None:
                raise ValueError(f"unknown form {format_spec!r} of a name")
            return value.forms(case)
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
    #: Text used in place of a missing translation -> the code of the language it is in
    #: (its runs carry that language; in a marked document a tag follows them).
    marked: dict[str, str] = attrs.field(factory=dict)
    #: The names of parties said so far, by (party, field, case, language, own language):
    #: a plan names each party many times; what saying it warned is in `warnings` already.
    said: dict[tuple[Party, str, str, Language, Language], str] = attrs.field(
        factory=dict, repr=False
    )

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

    def label(self, section: str, key: str, **values: str | Named) -> str:
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

    def language_of(self, value: LocalText | None) -> Language:
        """The language of the text `t()` prints for `value`: the document's, or the one
        it falls back to (a plain string is in the record's own language)."""
        if value is None or value.resolve(self.lang, self.own) is not None:
            return self.lang
        if value.resolve(self.own, self.own) is not None:
            return self.own
        found = value.any()
        return next((lang for lang, text in value.values if text == found), None) or self.own

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
        """`value` as runs, each fallback text in it a run of its own language, followed in
        a marked document by its language tag."""
        texts = sorted((t for t in self.marked if len(t) > 1), key=len, reverse=True)
        if not texts:
            return (Run(text=value),)
        pattern = re.compile("|".join(re.escape(t) for t in texts))
        runs: list[Run] = []
        end = 0
        for match in pattern.finditer(value):
            if match.start() > end:
                runs.append(Run(text=keep_together(value[end : match.start()])))
            code = self.marked[match.group()]
            runs.append(Run(text=keep_together(match.group()), lang=code))
            if self.mark:
                runs.append(Run(text="\u00a0"))
                runs.append(Run(text=code.upper(), tag=True))
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

    # --- names of parties and states ------------------------------------------------------

    def organisation(self, party: Party, field: str) -> str:
        """The party's full name in the nominative: "Ministry of ... of the Republic of ..."."""
        return self.party_name(party, field)

    def named(self, party: Party, field: str) -> Named:
        """The party's full name as a label takes it, in the form the label asks for."""
        return Named(forms=partial(self.party_name, party, field))

    def party_name(self, party: Party, field: str, case: str = "nominative") -> str:
        """The party's full name in this language and `case`.

        The record's `full_name` in that form and language, printed as written; else its
        nominative declined where briefgen can; else the organisation and the state joined
        as the language's `of_state` label says, the state in the form that label asks
        for (from the built-in table of state names) and never twice.
        """
        key = (party, field, case, self.lang, self.own)
        known = self.said.get(key)
        if known is None:
            known = self.said[key] = self._party_name(party, field, case)
        return known

    def _party_name(self, party: Party, field: str, case: str) -> str:
        full = party.full_name
        if full is not None:
            given = getattr(full, case)
            found = given.resolve(self.lang, self.own) if given is not None else None
            if found is not None:
                return self.clean(found)
            nominative = full.nominative
            base = nominative.resolve(self.lang, self.own) if nominative is not None else None
            if base is not None:
                return self._declined(self.clean(base), case, f"{field}.full_name")
        return self._declined(self._composed(party, field), case, f"{field}.full_name")

    def _declined(self, value: str, case: str, field: str) -> str:
        """A name given in the nominative, in `case`: computed where briefgen can, else the
        nominative with a warning that names the field to write the form in."""
        if case == "nominative" or self.code in names.UNDECLINED:
            return value
        if (self.code, case) in names.COMPUTED:
            return textmod.inflect(value, case[:3], self.code)
        self.warnings.append(
            Problem(
                source=self.source,
                path=f"{field}.{case}",
                message=f"no {self.code} {case} of this party's name is given "
                f"(write it here); the nominative is used",
                severity=Severity.WARNING,
            )
        )
        return value

    def _composed(self, party: Party, field: str) -> str:
        organisation = self.t(party.organisation, f"{field}.organisation")
        used = self.language_of(party.organisation)
        if used is not self.lang:
            # The organisation is not written in this language (t() has warned): the whole
            # name in the language it is written in, rather than half in each.
            other = Context(lang=used, own=self.own, source=self.source)
            name = other.party_name(party, field)
            self.warnings.extend(w for w in other.warnings if w not in self.warnings)
            self.marked[name] = used.value
            return name
        if self.names_state(organisation, party):
            return organisation
        phrase = labels_for(self.code)["organisation"]["of_state"]
        spec = next(
            (s or "" for _, name, s, _ in string.Formatter().parse(phrase) if name == "state"), ""
        )
        case = names.case_of(spec) or "nominative"
        if not self.state_resolves(party):
            # A text in another language cannot take this language's word order or case
            # endings: set apart (t() has warned about it).
            return f"{organisation} ({self.state_name(party, field)})"
        state = self.state_name(party, field, case)
        if state is None:
            # A state the table lacks, in a case briefgen cannot compute: set apart rather
            # than in the wrong case, and say how to write it right.
            shown = self.state_name(party, field) or ""
            self.warnings.append(
                Problem(
                    source=self.source,
                    path=f"{field}.state",
                    message=f"the {case} of {shown!r} in {self.code} is not known (the "
                    f"built-in state names: {', '.join(names.codes())}); write the party's "
                    f"full_name in {self.code}",
                    severity=Severity.WARNING,
                )
            )
            return f"{organisation} ({shown})"
        return self.label(
            "organisation",
            "of_state",
            organisation=organisation,
            state=Named(forms=lambda _case: state),
        )

    def state_resolves(self, party: Party) -> bool:
        """The party's state is written in this language, or known to the table in it."""
        entry = names.find_state(party.state.texts())
        own = party.state.resolve(self.lang, self.own)
        if self._from_table(entry, own):
            return True
        return own is not None and not names.is_code(own)

    def _from_table(self, entry: names.State | None, own: str | None) -> bool:
        """The state is named from the table in this language: the record writes it as
        its code, not in this language, or as the table writes it."""
        if entry is None or entry.name(self.code) is None:
            return False
        return own is None or names.is_code(own) or entry.writes(self.code, own)

    def state_name(self, party: Party, field: str, case: str = "nominative") -> str | None:
        """The party's state in this language and `case`, or None when that form is not
        known (a state the table lacks, in a case briefgen cannot compute, or a text in
        another language in any case but the nominative).

        The table's official name when the record writes the state as its code, not in
        this language, or as the table writes it; else the record's text.
        """
        entry = names.find_state(party.state.texts())
        own = party.state.resolve(self.lang, self.own)
        if entry is not None and self._from_table(entry, own):
            found = entry.name(self.code, case)
            if found is None and (self.code, case) in names.COMPUTED:
                found = textmod.inflect(entry.name(self.code) or "", case[:3], self.code)
            if found is None and self.code in names.UNDECLINED:
                found = entry.name(self.code)
            return found
        if own is None or names.is_code(own):
            shown = self.t(party.state, f"{field}.state")
            if names.is_code(shown) and entry is not None:
                shown = entry.name("en") or shown
            return shown if case == "nominative" else None
        text = self.clean(own)
        if self.code == "en" and not text.lower().startswith("the "):
            # The table writes English names as they follow "of", article included.
            text = f"the {text}"
        if case == "nominative" or self.code in names.UNDECLINED:
            return text
        if (self.code, case) in names.COMPUTED:
            return textmod.inflect(text, case[:3], self.code)
        return None

    def state_stems(self, party: Party) -> tuple[str, ...]:
        """Texts that show a text of this language names the party's state."""
        entry = names.find_state(party.state.texts())
        stems: list[str] = []
        if entry is not None:
            stems.extend(entry.stems.get(self.code, ()))
            stems.extend(entry.names.get(self.code, {}).values())
        own = party.state.resolve(self.lang, self.own)
        if own is not None and not names.is_code(own):
            stems.append(own)
        return tuple(s for s in stems if s.strip())

    def names_state(self, text: str, party: Party) -> bool:
        """`text` names the party's state already (in any form): "Embassy of the State of
        Palestine in Baku", "... Азербайджанской Республики"."""
        return any(names.mentioned_at(text, stem) is not None for stem in self.state_stems(party))

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
