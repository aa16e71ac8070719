"""Names of states and parties: the built-in state names, grammatical forms, templates.

- The official names of the states of the region in each language and in the forms the
  labels and templates ask for (`briefgen/data/states.toml`), found by a party's state as
  written ("Republic of Azerbaijan", "Azərbaycan Respublikası") or by its ISO 3166-1 code
  (`state: AZ`).
- The grammatical forms (cases) a name is asked for in, by their full name ("genitive") or
  their short one in label files ("gen").
- The placeholders of a title or basis written as a template over the parties
  (`{party1}`, `{party2:genitive}`, `{state1}`, `{parties}`): found, checked and filled
  here, so that the model and compose read them the same way.

Nothing here knows a record: `model` checks with it and `compose` fills with it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources

import attrs

from briefgen.text import normalise_uzbek

__all__ = [
    "CASES",
    "COMPUTED",
    "HINT",
    "UNDECLINED",
    "State",
    "case_of",
    "codes",
    "fill",
    "find_state",
    "is_code",
    "mentioned_at",
    "placeholder_problems",
    "placeholders",
    "state_by_code",
]

#: The grammatical forms a party's or a state's name may be given and asked in.
CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")
_SHORT = {case[:3]: case for case in CASES}
_SHORT["ins"] = "instrumental"
_SHORT["pre"] = "prepositional"

#: The forms briefgen computes from the nominative (`briefgen.text.inflect`): the
#: Azerbaijani and Uzbek genitive suffixes, the Russian accusative of an organisation.
COMPUTED = frozenset({("az", "genitive"), ("uz", "genitive"), ("ru", "accusative")})
#: Languages whose names do not change with their role in the sentence.
UNDECLINED = frozenset({"en", "ar"})


def case_of(spec: str) -> str | None:
    """The case a form spec names ("gen" or "genitive" -> "genitive", "" -> "nominative"),
    or None when it names none."""
    if spec == "":
        return "nominative"
    spec = spec.lower()
    return spec if spec in CASES else _SHORT.get(spec)


# ---------------------------------------------------------------------------------------------
# The states.


@lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    """A name as it is compared: case, spacing, Uzbek marks and a leading "the" ignored."""
    folded = " ".join(normalise_uzbek(text).casefold().split())
    return folded.removeprefix("the ")


@attrs.frozen
class State:
    """A state's official names: per language, each form's text and the stems that show a
    text names it."""

    code: str
    names: Mapping[str, Mapping[str, str]]
    stems: Mapping[str, tuple[str, ...]]

    def name(self, lang: str, case: str = "nominative") -> str | None:
        """The name in `lang` and `case`, or None when the table does not give it."""
        return self.names.get(lang, {}).get(case)

    def writes(self, lang: str, text: str) -> bool:
        """True when `text` is one of this state's names in `lang` (any form)."""
        folded = _fold(text)
        return any(_fold(form) == folded for form in self.names.get(lang, {}).values())


@cache
def _states() -> dict[str, State]:
    raw = resources.files("briefgen").joinpath("data", "states.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    states: dict[str, State] = {}
    for code, languages in data.items():
        names: dict[str, dict[str, str]] = {}
        stems: dict[str, tuple[str, ...]] = {}
        for lang, forms in languages.items():
            stems[lang] = tuple(forms.get("mentions", ()))
            names[lang] = {case: str(forms[case]) for case in CASES if case in forms}
        states[code] = State(code=code, names=names, stems=stems)
    return states


@cache
def _by_name() -> dict[str, State]:
    return {
        _fold(form): state
        for state in _states().values()
        for forms in state.names.values()
        for form in forms.values()
    }


_CODE = re.compile(r"[A-Z]{2}")


def is_code(text: str) -> bool:
    """True when a state is written as the code of a state the table knows (`AZ`); any
    other text, "EU" or "UK" included, is a name, printed as written."""
    return _CODE.fullmatch(text.strip()) is not None and text.strip() in _states()


def codes() -> tuple[str, ...]:
    """The codes of the states the table knows, sorted."""
    return tuple(sorted(_states()))


def state_by_code(code: str) -> State | None:
    """The state of an ISO 3166-1 alpha-2 code, or None when the table lacks it."""
    return _states().get(code.strip().upper())


def find_state(texts: Iterable[str]) -> State | None:
    """The state a party's state field names: by its code, or by any of its names as
    written in any language (case, spacing and a leading "the" aside)."""
    return _find(tuple(texts))


@lru_cache(maxsize=256)
def _find(texts: tuple[str, ...]) -> State | None:
    for text in texts:
        found = state_by_code(text) if is_code(text) else _by_name().get(_fold(text))
        if found is not None:
            return found
    return None


def mentioned_at(text: str, stem: str) -> int | None:
    """Where `stem` first stands in `text` at the start of a word (anywhere in a word for
    Arabic, which joins its article and prepositions to the name), case aside; else None."""
    if not stem.strip():
        return None
    found = _stem_pattern(stem).search(_haystack(text))
    return None if found is None else found.start()


@lru_cache(maxsize=256)
def _haystack(text: str) -> str:
    return normalise_uzbek(text).casefold()


@lru_cache(maxsize=1024)
def _stem_pattern(stem: str) -> re.Pattern[str]:
    needle = normalise_uzbek(stem).casefold()
    boundary = "" if re.search("[\u0600-\u06ff]", needle) else r"(?<!\w)"
    return re.compile(boundary + re.escape(needle))


# ---------------------------------------------------------------------------------------------
# Templates over the parties.

#: A placeholder: a word in braces that starts as the placeholders do ("party", "state"),
#: with a form after a colon ("{party1:genitive}"); a near miss ("{partner1}", "{states}")
#: is an error, any other brace ("{page}", "{ 1 }") is text.
_PLACEHOLDER = re.compile(r"\{((?i:part|stat)[A-Za-z0-9_]*)(?::([^{}]*))?\}")
_NAMED = re.compile(r"(party|state)([1-9][0-9]?)|(parties)")

HINT = (
    "a title or basis names the parties with {party1}, {party2}, ..., their states with "
    "{state1}, {state2}, ..., all parties with {parties}, each optionally in a form: "
    "{party1:genitive}"
)


def placeholders(text: str) -> list[str]:
    """The placeholders of a template, as written ("party1:genitive")."""
    return [match.group()[1:-1] for match in _PLACEHOLDER.finditer(text)]


def placeholder_problems(text: str, parties: int) -> list[str]:
    """Why the placeholders of `text` cannot be filled for a plan of `parties` parties."""
    problems: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        name, spec = match.group(1), match.group(2)
        named = _NAMED.fullmatch(name)
        if named is None:
            problems.append(f"unknown placeholder {match.group()}: {HINT}")
            continue
        if named.group(2) is not None and int(named.group(2)) > parties:
            problems.append(
                f"{match.group()}: the plan has {parties} parties ({{{named.group(1)}1}} to "
                f"{{{named.group(1)}{parties}}})"
            )
        if spec is not None and case_of(spec) is None:
            problems.append(f"{match.group()}: unknown form {spec!r} (forms: {', '.join(CASES)})")
    return problems


def fill(text: str, value: Callable[[str, int | None, str], str]) -> str:
    """`text` with each placeholder replaced by `value(kind, index, case)`: kind "party",
    "state" or "parties", the 0-based party index (None for "parties"), the case.

    The placeholders must have passed `placeholder_problems`.
    """

    def replace(match: re.Match[str]) -> str:
        named = _NAMED.fullmatch(match.group(1))
        case = case_of(match.group(2) or "")
        if named is None or case is None:  # pragma: no cover - refused when the record is made
            return match.group()
        if named.group(3):
            return value("parties", None, case)
        return value(named.group(1), int(named.group(2)) - 1, case)

    return _PLACEHOLDER.sub(replace, text)
