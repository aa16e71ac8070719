"""Conversion: the one configured cattrs converter, and its errors as located problems.

The converter is strict: text fields take only strings, numbers only numbers, booleans only
true/false (no `123 -> "123"`, no `7.9 -> 7`), unknown keys are refused with the allowed
ones, dates take a date or an ISO string. A field's validator runs as soon as the field is
structured, so that every problem of a record is reported at once; `flatten_error` turns
whatever the converter raises into (field path, message) pairs, which the loader locates.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from briefgen.model import (
    Clause,
    FieldPath,
    InvalidRecord,
    Language,
    LocalText,
    PartyId,
    Proposals,
    Record,
    RecordId,
    Wording,
    id_problem,
    party_id_problem,
)

__all__ = [
    "STRUCTURE_ERRORS",
    "converter",
    "describe",
    "flatten_error",
    "structure",
    "unstructure",
]


class _StructureError(Exception):
    """A structuring failure located by path, raised by the strict hooks."""


# ---------------------------------------------------------------------------------------------
# Describing values in messages.


def describe(value: object) -> str:
    """A value as a message shows it: its kind, and the value when it is short."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, dt.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


# ---------------------------------------------------------------------------------------------
# The converter.


#: A key that could be meant as a language: a code (`xx`, `EN`, `az-Latn`, `uz_Cyrl`).
_LANGUAGE_LIKE = re.compile(r"(?:[a-z]{2,3}|[A-Z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*")


def _is_prose_key(key: object) -> bool:
    """Whether a key is words a colon cut from a text (`Main goal`), not a language code."""
    return isinstance(key, str) and not _LANGUAGE_LIKE.fullmatch(key)


def _colon_message(key: object, value: object) -> str:
    """Why `- Main goal: agree ...` is a mapping, not a text, and what to do."""
    shown = f"{key}: {value}" if isinstance(value, str) else str(key)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return (
        f"a colon followed by a space makes a mapping, so {shown!r} is read as a key "
        f"{key!r} with a value, not as a text; put the text in quotes"
    )


def _strict_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and len(value) == 1:
        ((key, text),) = value.items()
        if _is_prose_key(key):  # `reference:` and, on the next line, `Letter no: 5`
            raise _StructureError(_colon_message(key, text))
    hint = " (write it in quotes)" if isinstance(value, int | float | dt.date) else ""
    raise _StructureError(f"expected text, got {describe(value)}{hint}")


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = " (without quotes)" if isinstance(value, str) and value.strip().isdigit() else ""
    raise _StructureError(f"expected a whole number, got {describe(value)}{hint}")


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _StructureError(f"expected a number, got {describe(value)}")


def _strict_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _StructureError(f"expected true or false, got {describe(value)}")


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _StructureError(f"expected a date (YYYY-MM-DD), got {describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _StructureError(f"expected a date (YYYY-MM-DD), got {describe(value)}")


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ("T" in value.upper() or " " in value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _StructureError(f"expected a date and time (YYYY-MM-DDTHH:MM), got {describe(value)}")


_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def _structure_time(value: object, _: type) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and (match := _TIME.fullmatch(value.strip())):
        return dt.time(int(match[1]), int(match[2]))
    raise _StructureError(f'expected a time of day ("HH:MM" in quotes), got {describe(value)}')


def _checked_str(problem: Callable[[str], str | None]) -> Callable[[object, type], str]:
    def structure(value: object, tp: type) -> str:
        text = _strict_str(value, tp)
        message = problem(text)
        if message:
            raise _StructureError(message)
        return text

    return structure


def _language_list() -> str:
    return ", ".join(sorted(lang.value for lang in Language))


def _structure_localtext(value: object, _: type) -> LocalText:
    if isinstance(value, LocalText):
        return value
    if isinstance(value, str):
        return LocalText(value)
    if isinstance(value, Mapping):
        allowed = {lang.value for lang in Language}
        bad = [k for k in value if k not in allowed]
        if bad:
            key = bad[0]
            if _is_prose_key(key):
                raise _StructureError(_colon_message(key, value[key]))
            raise _StructureError(
                f"unknown language {key!r} (languages: {_language_list()})", (str(key),)
            )
        if not value:
            raise _StructureError("needs a text in at least one language")
        for key, text in value.items():
            if not isinstance(text, str):
                raise _StructureError(f"expected text, got {describe(text)}", (str(key),))
        return LocalText(dict(value))
    raise _StructureError(f"expected text, or a mapping of language to text, got {describe(value)}")


#: The keys of a clause written as a mapping (`{text: ..., status: proposed, ...}`).
_CLAUSE_KEYS = tuple(f.name for f in attrs.fields(Clause))
_LANGUAGE_KEYS = frozenset(lang.value for lang in Language)


def _clause_keys(value: Mapping[Any, Any]) -> list[str]:
    """The keys of `value` that make it a clause mapping rather than a language mapping: a
    clause field, or a word close to one (`stauts`), so that its error names the fields."""
    return [
        str(key)
        for key in value
        if key in _CLAUSE_KEYS
        or (
            isinstance(key, str)
            and key not in _LANGUAGE_KEYS
            and difflib.get_close_matches(key, _CLAUSE_KEYS, n=1, cutoff=0.75)
        )
    ]


def _mixed_message(languages: Sequence[str], fields: Sequence[str]) -> str:
    return (
        f"mixes languages ({', '.join(languages)}) with clause fields ({', '.join(fields)}); "
        "write the languages under text: ({text: {en: ..., az: ...}, status: ...})"
    )


def _clause_hook(conv: cattrs.Converter) -> Callable[[Any, type], Clause]:
    """A recital or provision: a text (a string, or a language mapping) is an agreed clause;
    a mapping with clause fields (text, status, proposed_by, proposals, key) is a clause."""
    fields: Callable[[Any, type], Clause] = _attrs_structure(conv)(Clause)

    def structure(value: object, tp: type) -> Clause:
        if isinstance(value, Clause):
            return value
        if isinstance(value, Mapping) and (named := _clause_keys(value)):
            languages = [str(k) for k in value if k in _LANGUAGE_KEYS]
            if languages:
                raise _StructureError(_mixed_message(languages, named))
            return fields(value, tp)
        text = _structure_localtext(value, LocalText)
        try:
            return Clause(text=text)
        except InvalidRecord as exc:  # a blank text: at the text itself, not at `.text`
            raise InvalidRecord([(path[1:], message) for path, message in exc.problems]) from None

    return structure


def _wording_hook(conv: cattrs.Converter) -> Callable[[Any, type], Wording | None]:
    """An activity or outcome: a text, or `{proposals: [...]}` (competing wordings)."""
    proposals: Callable[[Any, type], Proposals] = _attrs_structure(conv)(Proposals)

    def structure(value: object, tp: type) -> Wording | None:
        if value is None and tp != Wording:
            return None
        if isinstance(value, LocalText | Proposals):
            return value
        if isinstance(value, Mapping) and (named := _clause_keys(value)):
            languages = [str(k) for k in value if k in _LANGUAGE_KEYS]
            if languages:
                raise _StructureError(_mixed_message(languages, named))
            others = [k for k in named if k != "proposals"]
            if others:
                raise _StructureError(
                    f"an initiative's text is a text or proposals: [...]; {', '.join(others)} "
                    "belong to the initiative itself (status, proposed_by)"
                )
            return proposals(value, Proposals)
        return _structure_localtext(value, LocalText)

    return structure


def _unstructure_clause(conv: cattrs.Converter) -> Callable[[Clause], Any]:
    """A clause as written: its text alone when it is an agreed text with no key."""
    fields = _attrs_unstructure(conv)(Clause)

    def unstructure(clause: Clause) -> Any:
        if clause.text is not None and clause == Clause(text=clause.text):
            return _unstructure_localtext(clause.text)
        return fields(clause)

    return unstructure


def _unstructure_localtext(text: LocalText) -> str | dict[str, str]:
    if text.plain:
        return text.values[0][1]
    return {"" if lang is None else lang.value: value for lang, value in text.values}


def _enum_hook(cls: type[Enum]) -> Callable[[object, type], Enum]:
    allowed = [member.value for member in cls]

    def structure(value: object, _: type) -> Enum:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            for member in cls:
                if member.value == value:
                    return member
        listed = ", ".join(allowed)
        raise _StructureError(f"must be one of {listed}; got {describe(value)}")

    return structure


def _is_sequence(tp: Any) -> bool:
    return typing.get_origin(tp) in (tuple, list, Sequence)


def _is_mapping(tp: Any) -> bool:
    origin: Any = typing.get_origin(tp)
    return origin in (dict, Mapping)


def _key(field: attrs.Attribute[Any]) -> str:
    """The name of a field in the input file."""
    return str(field.metadata.get("key", field.name))


def _attrs_structure(conv: cattrs.Converter) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(cls: type) -> Callable[[Any, type], Any]:
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {
            f.name: override(
                rename=_key(f) if _key(f) != f.name else None,
                struct_hook=_validated(conv, f) if f.validator is not None else None,
            )
            for f in attrs.fields(cls)
            if _key(f) != f.name or f.validator is not None
        }
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, **overrides
        )

        def structure(value: Any, tp: type) -> Any:
            if isinstance(value, cls):  # an already loaded, linked record part
                return value
            if not isinstance(value, Mapping):
                raise _StructureError(f"expected a mapping of fields, got {describe(value)}")
            return inner(value, tp)

        return structure

    return factory


def _validated(conv: cattrs.Converter, field: attrs.Attribute[Any]) -> Callable[[Any, Any], Any]:
    """The field's own hook, then its validator.

    A field validator (blank text, too few entries, a bad id) otherwise runs only when the
    whole record is built, that is only once every other field of the record is valid: a
    blank title would be reported only after a bad party was fixed. Run here, its problem is
    reported together with the others. Invariants across fields still wait for the record.
    """
    hook = conv.get_structure_hook(field.type)
    validator = field.validator
    if validator is None:
        return hook

    def structure(value: Any, tp: Any) -> Any:
        result = hook(value, tp)
        try:
            validator(None, field, result)
        except InvalidRecord as exc:  # located at the field; cattrs adds the field itself
            raise InvalidRecord([(path[1:], message) for path, message in exc.problems]) from None
        return result

    return structure


def _attrs_unstructure(conv: cattrs.Converter) -> Callable[[type], Callable[[Any], Any]]:
    def factory(cls: type) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {
            f.name: override(rename=_key(f)) for f in attrs.fields(cls) if _key(f) != f.name
        }
        return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)

    return factory


def _sequence_hook(conv: cattrs.Converter) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(tp: type) -> Callable[[Any, type], Any]:
        (item_type, *_rest) = typing.get_args(tp) or (Any,)
        item = conv.get_structure_hook(item_type)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _StructureError(f"expected a list, got {describe(value)}")
            out: list[Any] = []
            errors: list[tuple[int, Exception]] = []
            for index, entry in enumerate(value):
                try:
                    out.append(item(entry, item_type))
                except Exception as exc:  # collected, then raised together with their index
                    errors.append((index, exc))
            if errors:
                raise _EntryError(errors)
            return tuple(out)

        return structure

    return factory


def _mapping_hook(conv: cattrs.Converter) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(tp: type) -> Callable[[Any, type], Any]:
        _key_type, value_type = typing.get_args(tp)
        value_hook = conv.get_structure_hook(value_type)

        def structure(value: Any, _: type) -> dict[str, Any]:
            if not isinstance(value, Mapping):
                raise _StructureError(f"expected a mapping, got {describe(value)}")
            out: dict[str, Any] = {}
            errors: list[tuple[str | int, Exception]] = []
            for key, entry in value.items():
                if not isinstance(key, str):
                    message = f"expected a text key, got {describe(key)}"
                    errors.append((str(key), _StructureError(message)))
                    continue
                try:
                    out[key] = value_hook(entry, value_type)
                except Exception as exc:  # collected, then raised together with their key
                    errors.append((key, exc))
            if errors:
                raise _EntryError(errors)
            return out

        return structure

    return factory


class _EntryError(Exception):
    """Errors below a list or mapping, each with its index or key."""

    def __init__(self, errors: Sequence[tuple[str | int, Exception]]) -> None:
        super().__init__("invalid entries")
        self.errors = list(errors)


#: What structuring a record raises for bad data (anything else is a bug of ours).
STRUCTURE_ERRORS = (
    ClassValidationError,
    IterableValidationError,
    InvalidRecord,
    _StructureError,
    _EntryError,
)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(RecordId, _checked_str(id_problem))
    conv.register_structure_hook(PartyId, _checked_str(party_id_problem))
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(dt.time, _structure_time)
    conv.register_structure_hook(LocalText, _structure_localtext)
    conv.register_unstructure_hook(LocalText, _unstructure_localtext)
    conv.register_structure_hook(Clause, _clause_hook(conv))
    conv.register_unstructure_hook(Clause, _unstructure_clause(conv))
    wording = _wording_hook(conv)
    conv.register_structure_hook_func(lambda t: t == Wording or t == Wording | None, wording)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_unstructure_hook(dt.time, lambda t: t.strftime("%H:%M"))
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Enum), _enum_hook
    )
    conv.register_structure_hook_factory(_is_sequence, _sequence_hook(conv))
    conv.register_structure_hook_factory(_is_mapping, _mapping_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _attrs_structure(conv))
    conv.register_unstructure_hook_factory(attrs.has, _attrs_unstructure(conv))
    return conv


#: The one converter: files' plain data <-> records.
converter = _make_converter()


def structure(data: Mapping[str, Any], cls: type[Record]) -> Record:
    """Build a record from plain data, raising the converter's own errors."""
    return converter.structure(data, cls)


def unstructure(record: Record) -> dict[str, Any]:
    """Plain data for a record: what a file holding it would contain."""
    data: dict[str, Any] = converter.unstructure(record)
    data["kind"] = record.kind  # omitted as a default, but every file names its kind
    return data


# ---------------------------------------------------------------------------------------------
# Turning converter errors into problems.


def flatten_error(exc: BaseException, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Flatten a structuring error into (path, message) pairs."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from flatten_error(sub, (*path, _field_key(exc, note.name)))
        for sub in without:
            yield from flatten_error(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from flatten_error(sub, (*path, inote.index))
        for sub in without_i:
            yield from flatten_error(sub, path)
    elif isinstance(exc, _EntryError):
        for where, sub in exc.errors:
            yield from flatten_error(sub, (*path, where))
    elif isinstance(exc, ForbiddenExtraKeysError):
        keys = [_key(f) for f in attrs.fields(exc.cl)]
        allowed = ", ".join(keys)
        # YAML reads some keys as other values (2025-01-01 a date, ~ null, 1.5 a number):
        # sorted and named by their text, and said when they are no text at all.
        for extra in sorted(exc.extra_fields, key=str):
            shown = "null" if extra is None else str(extra)
            close = difflib.get_close_matches(shown, keys, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            kind = "" if isinstance(extra, str) else f" (read as {describe(extra)})"
            yield (*path, shown), f"unknown field{kind}{hint} (allowed here: {allowed})"
    elif isinstance(exc, InvalidRecord):
        for sub_path, message in exc.problems:
            yield (*path, *sub_path), message
    elif isinstance(exc, _StructureError):
        sub_path = exc.args[1] if len(exc.args) > 1 else ()
        yield (*path, *sub_path), str(exc.args[0])
    elif isinstance(exc, KeyError):
        yield path, "required field missing"
    else:
        yield path, str(exc) or type(exc).__name__


def _field_key(exc: ClassValidationError, name: str) -> str:
    """The input key for an attribute named in a class validation error."""
    cls = getattr(exc, "cl", None)
    if cls is not None and attrs.has(cls):
        for field in attrs.fields(cls):
            if field.name == name:
                return _key(field)
    return name
