"""Load record files (YAML, JSON, TOML) into Plan and Brief records, reporting every problem.

The one cattrs converter lives here. It is strict: text fields take only strings, numbers
only numbers, booleans only true/false (no `123 -> "123"`, no `7.9 -> 7`), unknown keys are
refused, dates take a date or an ISO string. YAML is read with the YAML 1.2 core schema, so
`no`, `on` and `012` stay what they look like instead of becoming booleans and octals.

Every problem of a file is collected and raised at once as an `InputError`, each problem
carrying the file, the line of the offending key or value, and the field path.

Links are resolved relative to the linking file: `parties: plan.yaml` takes the parties of
another record, `deliverables: [{plan: plan.yaml}]` loads a plan. Each linked file is loaded
once per call, and a cycle of links is an error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import tomllib
import typing
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import cattrs
import yaml
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from briefgen.errors import InputError, Problem, Severity
from briefgen.images import image_problem
from briefgen.model import (
    Brief,
    FieldPath,
    InvalidRecord,
    Language,
    LocalText,
    PartyId,
    Plan,
    Record,
    RecordId,
    format_path,
    id_problem,
    party_id_problem,
)

__all__ = [
    "FORMATS",
    "Loaded",
    "Origin",
    "converter",
    "discover",
    "load",
    "load_with_sources",
    "origin_of",
    "structure",
    "unstructure",
]

#: File extensions briefgen reads, and the parser for each.
FORMATS: dict[str, str] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

#: Largest YAML node tree (counting every alias expansion) we agree to build.
MAX_NODES = 200_000
#: Largest record file read, in bytes.
MAX_BYTES = 20 * 1024 * 1024

_TOO_DEEP = "nested too deeply (lists or mappings inside each other hundreds of levels deep)"

_KINDS: dict[str, type[Plan] | type[Brief]] = {"plan": Plan, "brief": Brief}


class _StructureError(Exception):
    """A structuring failure located by path, raised by the strict hooks."""


# ---------------------------------------------------------------------------------------------
# Describing values in messages.


def _describe(value: object) -> str:
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


def _strict_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    hint = " (write it in quotes)" if isinstance(value, int | float | dt.date) else ""
    raise _StructureError(f"expected text, got {_describe(value)}{hint}")


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = " (without quotes)" if isinstance(value, str) and value.strip().isdigit() else ""
    raise _StructureError(f"expected a whole number, got {_describe(value)}{hint}")


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _StructureError(f"expected a number, got {_describe(value)}")


def _strict_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _StructureError(f"expected true or false, got {_describe(value)}")


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _StructureError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _StructureError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ("T" in value.upper() or " " in value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _StructureError(f"expected a date and time (YYYY-MM-DDTHH:MM), got {_describe(value)}")


_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def _structure_time(value: object, _: type) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and (match := _TIME.fullmatch(value.strip())):
        return dt.time(int(match[1]), int(match[2]))
    raise _StructureError(f'expected a time of day ("HH:MM" in quotes), got {_describe(value)}')


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
            raise _StructureError(
                f"unknown language {bad[0]!r} (languages: {_language_list()})", (str(bad[0]),)
            )
        if not value:
            raise _StructureError("needs a text in at least one language")
        for key, text in value.items():
            if not isinstance(text, str):
                raise _StructureError(f"expected text, got {_describe(text)}", (str(key),))
        return LocalText(dict(value))
    raise _StructureError(
        f"expected text, or a mapping of language to text, got {_describe(value)}"
    )


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
        raise _StructureError(f"must be one of {listed}; got {_describe(value)}")

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
                raise _StructureError(f"expected a mapping of fields, got {_describe(value)}")
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
                raise _StructureError(f"expected a list, got {_describe(value)}")
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
                raise _StructureError(f"expected a mapping, got {_describe(value)}")
            out: dict[str, Any] = {}
            errors: list[tuple[str | int, Exception]] = []
            for key, entry in value.items():
                if not isinstance(key, str):
                    message = f"expected a text key, got {_describe(key)}"
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


_STRUCTURE_ERRORS = (
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
# Turning converter errors into located problems.


def _problems(exc: BaseException, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Flatten a structuring error into (path, message) pairs."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _problems(sub, (*path, _field_key(exc, note.name)))
        for sub in without:
            yield from _problems(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _problems(sub, (*path, inote.index))
        for sub in without_i:
            yield from _problems(sub, path)
    elif isinstance(exc, _EntryError):
        for where, sub in exc.errors:
            yield from _problems(sub, (*path, where))
    elif isinstance(exc, ForbiddenExtraKeysError):
        keys = [_key(f) for f in attrs.fields(exc.cl)]
        allowed = ", ".join(keys)
        for extra in sorted(exc.extra_fields):
            close = difflib.get_close_matches(str(extra), keys, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield (*path, extra), f"unknown field{hint} (allowed here: {allowed})"
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


# ---------------------------------------------------------------------------------------------
# Parsing files, remembering where things are.


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema scalars (plus YAML 1.1 timestamps, which dates need)."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
         (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    ),
    list("0123456789"),
)


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe scalar readers, with YAML 1.2 integers and dates that may stay text.

    Lists and mappings are built by `_Plain`.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """YAML 1.2 core integers: `012` is twelve (YAML 1.1, and PyYAML, read it as octal ten)."""
        text = str(self.construct_scalar(node))
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-like scalar that is no real date (`2025-13-01`) stays text for the converter.

        PyYAML would raise a bare ValueError with no line; as text it is reported, located,
        by the date hook ("expected a date (YYYY-MM-DD), got text '2025-13-01'").
        """
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


try:
    from yaml._yaml import CParser as _Parser  # libyaml: parsing and composing in C
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class _Loader(_Parser, _Constructor, _Resolver):
    """The fast parser with our resolver and constructor."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def _rejoin_flow_commas(node: yaml.MappingNode, text: str) -> None:
    """Read `{activity: aid, search and rescue, outcome: x}` as the author meant it.

    In a flow mapping a comma ends a plain value, so YAML reads "search and rescue" as a key
    without a value. Such an entry (a plain key of several words, no value, on the same line
    as a plain value before it) can only be the rest of that value: it is joined back, with
    the text exactly as written. A one-word key is left alone, to be reported if unknown.
    """
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        previous = merged[-1][1] if merged else None
        if (
            previous is not None
            and isinstance(previous, yaml.ScalarNode)
            and not previous.style
            and previous.tag == "tag:yaml.org,2002:str"
            and isinstance(key, yaml.ScalarNode)
            and not key.style
            and " " in key.value.strip()
            and isinstance(value, yaml.ScalarNode)
            and value.value == ""
            and not value.style
            and key.start_mark.line == previous.end_mark.line
        ):
            previous.value = text[previous.start_mark.index : key.end_mark.index]
            previous.end_mark = key.end_mark
            continue
        merged.append((key, value))
    node.value = merged


#: Deepest nesting of lists and mappings read (records nest a handful of levels).
MAX_DEPTH = 200


_TAG = "tag:yaml.org,2002:"
#: How each scalar tag a record may hold is read (a plain text is the node's value as is).
_SCALARS: dict[str, Callable[[_Constructor, yaml.ScalarNode], Any]] = {
    _TAG + "null": _Constructor.construct_yaml_null,
    _TAG + "bool": _Constructor.construct_yaml_bool,
    _TAG + "int": _Constructor.construct_yaml_int,
    _TAG + "float": _Constructor.construct_yaml_float,
    _TAG + "timestamp": _Constructor.construct_yaml_timestamp,
}


class _TooManyError(Exception):
    """More values than MAX_NODES once aliases are expanded."""


class _TooDeepError(Exception):
    """Lists and mappings nested more than MAX_DEPTH levels (aliases expanded), and where."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("nested too deeply")
        self.mark = mark


def _is_depth_error(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a parser error is the parser's own nesting limit.

    libyaml 0.2.6 (in PyYAML 6.0.4's wheels) refuses more than 1,000 levels itself, with
    "exceeded maximum nesting depth"; it is the same fact as our MAX_DEPTH, told in our words.
    """
    return "nesting depth" in str(exc.problem or "")


class _Plain:
    """Plain data from a node tree in one walk (PyYAML's constructor is generic and slow).

    Rejoins flow commas, refuses merge keys, duplicate keys and every tag but plain data, and
    measures each list and mapping as if its aliases were expanded: past MAX_NODES values it
    raises _TooManyError (an alias bomb, refused without being expanded), past MAX_DEPTH
    levels _TooDeepError with the line of the list or mapping that goes too deep (for an
    alias, the one holding the alias). An alias gives the same object as its anchor, as with
    PyYAML.
    """

    def __init__(self, loader: _Constructor, text: str) -> None:
        self.loader = loader
        self.text = text
        self.flows = "{" in text  # only a flow mapping can need its commas rejoined
        # A list or mapping already read: its value, values held and levels (aliases expanded).
        self.done: dict[int, tuple[Any, int, int]] = {}
        self.open: set[int] = set()

    def data(self, node: yaml.Node) -> Any:
        return self.value(node, 1)[0]

    def value(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        """(the value of `node` at level `depth`, how many values it holds, how many levels)."""
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _TAG + "str":
                return node.value, 1, 1
            return self.scalar(node), 1, 1
        known = self.done.get(id(node))
        if known is None:
            known = self.done[id(node)] = self.container(node, depth)
        if depth + known[2] - 1 > MAX_DEPTH:
            raise _TooDeepError(None)  # an alias: located by the list or mapping holding it
        return known

    def container(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        if depth > MAX_DEPTH:
            raise _TooDeepError(node.start_mark)
        if id(node) in self.open:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to a list or mapping that holds it", node.start_mark
            )
        self.open.add(id(node))
        try:
            result, count, levels = self.children(node, depth)
        except _TooDeepError as exc:
            if exc.mark is None:
                exc.mark = node.start_mark
            raise
        if count > MAX_NODES:
            raise _TooManyError
        self.open.discard(id(node))
        return result, count, levels

    def children(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        count, levels = 1, 1
        result: list[Any] | dict[Any, Any]
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            result = []
            for child in node.value:
                item, size, height = self.value(child, depth + 1)
                result.append(item)
                count, levels = count + size, max(levels, height + 1)
        elif isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            if self.flows and node.flow_style:
                _rejoin_flow_commas(node, self.text)
            result = {}
            keys: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                key, key_size, key_height = self.value(key_node, depth + 1)
                self.check_key(node, key_node, key, keys)
                keys[key] = key_node
                result[key], size, height = self.value(value_node, depth + 1)
                count += key_size + size
                levels = max(levels, key_height + 1, height + 1)
        else:
            raise _not_allowed(node)
        return result, count, levels

    def scalar(self, node: yaml.ScalarNode) -> Any:
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _not_allowed(node)
        try:
            return make(self.loader, node)
        except ValueError:  # an explicit tag on a value it does not fit: !!int abc
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{node.value!r} is not a valid {node.tag.replace(_TAG, '!!')}",
                node.start_mark,
            ) from None

    @staticmethod
    def check_key(
        mapping: yaml.Node, key_node: yaml.Node, key: Any, keys: dict[Any, yaml.Node]
    ) -> None:
        if key_node.tag == _TAG + "merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys (<<) are not supported", key_node.start_mark
            )
        try:
            first = keys.get(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", key_node.start_mark
            ) from None
        if first is not None:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                mapping.start_mark,
                f"duplicate key {key!r}, first at line {first.start_mark.line + 1}",
                key_node.start_mark,
            )


def _not_allowed(node: yaml.Node) -> yaml.constructor.ConstructorError:
    tag = node.tag.replace(_TAG, "!!")
    return yaml.constructor.ConstructorError(
        None, None, f"tag {tag} is not allowed; only plain data is read", node.start_mark
    )


@attrs.frozen
class _Source:
    """A parsed file: its data, and a way to find the line of a field path."""

    name: str
    data: Any
    locate: Callable[[FieldPath], int | None]


def _yaml_locator(root: yaml.Node | None) -> Callable[[FieldPath], int | None]:
    def locate(path: FieldPath) -> int | None:
        if root is None:
            return None
        node: yaml.Node = root
        line = node.start_mark.line + 1
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        line = key_node.start_mark.line + 1
                        node = value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    return locate


def _toml_locator(text: str) -> Callable[[FieldPath], int | None]:
    """Best-effort lines for TOML (tomllib keeps no positions): scan for keys and tables."""
    lines = text.splitlines()

    def locate(path: FieldPath) -> int | None:
        start, found = 0, None
        prefix: list[str] = []
        for part in path:
            if isinstance(part, int):
                name = ".".join(prefix)
                header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
                count = -1
                for index in range(start, len(lines)):
                    if header.match(lines[index]):
                        count += 1
                        if count == part:
                            start, found = index, index + 1
                            break
                continue
            prefix.append(part)
            key = re.compile(
                rf"""^\s*(?:\[\[?\s*)?(?:[\w.-]+\.)?["']?{re.escape(part)}["']?\s*(?:=|\]|\.)"""
            )
            for index in range(start, len(lines)):
                if key.match(lines[index]):
                    start, found = index, index + 1
                    break
            else:
                return found
        return found

    return locate


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a JSON text (for its lines), or None when YAML cannot read it."""
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.YAMLError:
        node = None
    finally:
        loader.dispose()
    return node


def _json_locator(text: str) -> Callable[[FieldPath], int | None]:
    """Lines for JSON, found through its YAML node tree; built only when a problem needs one."""
    located: list[Callable[[FieldPath], int | None]] = []

    def locate(path: FieldPath) -> int | None:
        if not located:
            located.append(_yaml_locator(_compose(text)))
        return located[0](path)

    return locate


def _duplicate_key_lines(text: str) -> tuple[int | None, int | None]:
    """The lines of the earliest repeated key of a JSON text and of its first use, if found."""
    root = _compose(text)
    found: list[tuple[int, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    found.append((line, seen[key.value]))
                seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(found) if found else (None, None)


def _parse(path: Path, name: str) -> _Source:
    """Read and parse a file; a file that is not valid data raises InputError with its line."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError([Problem(source=name, message=f"not a record file (extensions: {known})")])
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(source=name, message="file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(source=name, message=f"cannot read: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise InputError([Problem(source=name, message=f"larger than {limit} MB; not a record")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = 'UTF-16 text (Notepad\'s "Unicode"); save the file as UTF-8'
        raise InputError([Problem(source=name, line=1, message=message)])
    if b"\x00" in raw[:8192]:
        raise InputError([Problem(source=name, message="binary file, not a text record")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    source=name,
                    line=line,
                    message=f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None
    if fmt == "yaml":
        return _parse_yaml(text, name)
    if fmt == "json":
        try:
            data = json.loads(text, object_pairs_hook=_json_pairs)
        except RecursionError:
            raise InputError([Problem(source=name, message=_TOO_DEEP)]) from None
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise InputError([Problem(source=name, line=exc.lineno, message=message)]) from None
        except ValueError as exc:  # a duplicate key: json keeps no positions, YAML does
            repeated, first = _duplicate_key_lines(text)
            where = f", first at line {first}" if first else ""
            message = f"invalid JSON: {exc}{where}"
            raise InputError([Problem(source=name, line=repeated, message=message)]) from None
        return _Source(name, data, _json_locator(text))
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputError([Problem(source=name, message=_TOO_DEEP)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        at_line = int(match[1]) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        column = f" (column {match[2]})" if match else ""
        raise InputError(
            [Problem(source=name, line=at_line, message=f"invalid TOML: {message}{column}")]
        ) from None
    return _Source(name, data, _toml_locator(text))


def _parse_yaml(text: str, name: str) -> _Source:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = _Plain(loader, text).data(node) if node is not None else None
    except _TooManyError:
        message = (
            f"more than {MAX_NODES} values once aliases are expanded (an alias bomb?); refused"
        )
        raise InputError([Problem(source=name, message=message)]) from None
    except _TooDeepError as exc:
        line = exc.mark.line + 1 if exc.mark else None
        raise InputError([Problem(source=name, line=line, message=_TOO_DEEP)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _is_depth_error(exc):
            line = mark.line + 1 if mark else None
            raise InputError([Problem(source=name, line=line, message=_TOO_DEEP)]) from None
        line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        column = f" (column {mark.column + 1})" if mark else ""
        context = ""
        started = exc.context_mark
        if (  # the parser notices late; where the broken list or mapping starts helps most
            not isinstance(exc, yaml.constructor.ConstructorError)
            and exc.context
            and started is not None
            and mark is not None
            and started.line != mark.line
        ):
            context = f"; {exc.context} that starts at line {started.line + 1}"
        message = f"invalid YAML: {what}{column}{context}"
        raise InputError([Problem(source=name, line=line, message=message)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, by position
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"invalid YAML: character {what} is not allowed (column {column}); remove it"
        raise InputError([Problem(source=name, line=line, message=message)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(source=name, message=f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(source=name, message=_TOO_DEEP)]) from None
    finally:
        loader.dispose()
    return _Source(name, data, _yaml_locator(node))


# ---------------------------------------------------------------------------------------------
# Loading records and their links.


@attrs.frozen
class Origin:
    """Where the values of a loaded record were written: files, lines and followed links.

    It holds no record, so keeping it costs only the parsed files' data.
    """

    root: Path
    files: Mapping[Path, _Source] = attrs.field(repr=False)
    links: Mapping[Path, tuple[tuple[FieldPath, Path, FieldPath], ...]] = attrs.field(repr=False)

    def locate(self, path: FieldPath) -> tuple[str, int | None, FieldPath]:
        """The file, line and field path (in that file) where a field of the record is written.

        A field that came through a link (`parties: plan.yaml`) is found in the linked file.
        """
        file = self.root
        for _ in range(len(self.files) + 1):  # a chain of links is at most as long as the files
            for prefix, target, target_prefix in self.links.get(file, ()):
                if path[: len(prefix)] == prefix:
                    file, path = target, (*target_prefix, *path[len(prefix) :])
                    break
            else:
                break
        source = self.files[file]
        return source.name, source.locate(path), path

    def problem(
        self, path: FieldPath, message: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A Problem about a field of the record, located in the file that holds it."""
        name, line, at = self.locate(path)
        return Problem(
            source=name, line=line, path=format_path(at), message=message, severity=severity
        )


@attrs.frozen
class Loaded:
    """A loaded record and every file it was made from (the record's own file first)."""

    record: Record
    sources: tuple[Path, ...]
    origin: Origin = attrs.field(eq=False, repr=False)


# The origin of every record loaded in this process and still alive, by identity: so that a
# problem found later (a character the fonts lack) can name the file and line of the field.
_ORIGINS: dict[int, tuple[weakref.ref[Any], Origin]] = {}


def _remember(record: Record, origin: Origin) -> None:
    key = id(record)

    def forget(_: object) -> None:
        entry = _ORIGINS.get(key)
        if entry is not None and entry[0]() is None:
            del _ORIGINS[key]

    _ORIGINS[key] = (weakref.ref(record, forget), origin)


def origin_of(record: Record) -> Origin | None:
    """Where a record returned by `load` or `load_with_sources` was read from, if known."""
    entry = _ORIGINS.get(id(record))
    if entry is None or entry[0]() is not record:
        return None
    return entry[1]


def _display(path: Path) -> str:
    """A file name as a user wrote it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Session:
    """One load call: linked files are loaded once each, and cycles are caught."""

    def __init__(self, root: Path | None = None) -> None:
        self.done: dict[Path, Record] = {}
        self.stack: list[Path] = []
        self.sources: dict[Path, None] = {}
        self.linked_problems: list[Problem] = []
        self.root = None if root is None else Path(root).resolve()
        self.parsed: dict[Path, _Source] = {}
        self.links: dict[Path, tuple[tuple[FieldPath, Path, FieldPath], ...]] = {}

    def outside(self, target: Path) -> bool:
        """True when confinement is on and `target` (resolved) is not inside the root."""
        return self.root is not None and not target.is_relative_to(self.root)

    def origin(self, path: Path) -> Origin:
        return Origin(root=path.resolve(), files=dict(self.parsed), links=dict(self.links))

    def load(self, path: Path) -> Record:
        path = path.resolve()
        if path in self.done:
            return self.done[path]
        self.sources[path] = None
        self.stack.append(path)
        try:
            record = self._load(path)
        finally:
            self.stack.pop()
        self.done[path] = record
        return record

    def _load(self, path: Path) -> Record:
        name = _display(path)
        source = _parse(path, name)
        self.parsed[path] = source
        data = source.data
        problems: list[Problem] = []

        def report(at: FieldPath, message: str) -> None:
            problems.append(
                Problem(source=name, line=source.locate(at), path=format_path(at), message=message)
            )

        if not isinstance(data, Mapping):
            message = f"expected a mapping of fields, got {_describe(data)}"
            raise InputError([Problem(source=name, line=1, message=message)])
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in _KINDS:  # a list is no kind (nor hashable)
            message = (
                "required field missing (kind: plan or kind: brief)"
                if "kind" not in data
                else f"must be one of brief, plan; got {_describe(kind)}"
            )
            report(("kind",), message)
            raise InputError(problems)
        data = dict(data)
        own_parties = not isinstance(data.get("parties"), str)
        links: list[tuple[FieldPath, Path, FieldPath]] = []
        broken = self._resolve_links(path, data, report, links)
        self.links[path] = tuple(links)
        try:
            record = structure(data, _KINDS[kind])
        except _STRUCTURE_ERRORS as exc:  # every structuring error becomes a located problem
            for at, message in _problems(exc, ()):
                if not any(at[: len(b)] == b for b in broken):
                    report(at, message)
        else:
            if own_parties:  # linked parties had their images resolved where they were written
                record = _resolve_emblems(path, record, report, self.root)
        if problems:
            problems.sort(key=lambda p: (p.line or 0, p.path))
            raise InputError([*problems, *self.linked_problems])
        return record

    def _resolve_links(
        self,
        path: Path,
        data: dict[str, Any],
        report: Callable[[FieldPath, str], None],
        links: list[tuple[FieldPath, Path, FieldPath]],
    ) -> list[FieldPath]:
        """Replace link strings by the records they name; return the paths of broken links.

        A broken link is reported once; problems that follow from it are not reported again.
        Each link followed is added to `links` as (field path here, file, field path there).
        """
        broken: list[FieldPath] = []
        parties = data.get("parties")
        if isinstance(parties, str):
            linked = self._follow(path, parties, ("parties",), report)
            if linked is None:
                broken.append(("parties",))
                data["parties"] = ()
            else:
                data["parties"] = linked.parties
                links.append((("parties",), self._target(path, parties), ("parties",)))
        deliverables = data.get("deliverables")
        if isinstance(deliverables, list):
            resolved: list[Any] = []
            for index, entry in enumerate(deliverables):
                if isinstance(entry, Mapping) and isinstance(entry.get("plan"), str):
                    at: FieldPath = ("deliverables", index, "plan")
                    linked = self._follow(path, entry["plan"], at, report)
                    if linked is not None and not isinstance(linked, Plan):
                        kind = linked.kind
                        report(at, f"{entry['plan']} is a {kind}; a deliverable must be a plan")
                        linked = None
                    if linked is None:
                        broken.append(("deliverables",))
                        continue
                    target = self._target(path, entry["plan"])
                    links.append((("deliverables", len(resolved), "plan"), target, ()))
                    entry = {**entry, "plan": linked}
                resolved.append(entry)
            data["deliverables"] = resolved
        return broken

    @staticmethod
    def _target(path: Path, link: str) -> Path:
        return (path.parent / link).resolve()

    def _follow(
        self, path: Path, link: str, at: FieldPath, report: Callable[[FieldPath, str], None]
    ) -> Record | None:
        if "\x00" in link or not link.strip():
            report(at, f"{link!r} is not a file name")
            return None
        target = self._target(path, link)
        if self.outside(target):
            report(at, _outside_message(link, target, self.root))
            return None
        if target in self.stack:
            looped = [*self.stack[self.stack.index(target) :], target]
            chain = " -> ".join(_display(p) for p in looped)
            report(at, f"link cycle: {chain}")
            return None
        if not target.is_file():
            looked = _display(target)
            where = "" if looked == link else f" (looked for {looked})"
            report(at, f"linked file {link} not found{where}")
            return None
        try:
            return self.load(target)
        except InputError as exc:
            report(at, f"linked file {link} is invalid (its problems follow)")
            self.linked_problems.extend(p for p in exc.problems if p not in self.linked_problems)
            return None


def _resolve_emblems(
    path: Path,
    record: Record,
    report: Callable[[FieldPath, str], None],
    root: Path | None = None,
) -> Record:
    """Party emblems as absolute paths (they are written relative to the record file).

    With a `root`, an emblem must lie inside it, like a linked record.
    """
    parties = list(record.parties)
    for index, party in enumerate(parties):
        if party.emblem is None:
            continue
        file = (path.parent / party.emblem).resolve()
        if root is not None and not file.is_relative_to(root):
            report(("parties", index, "emblem"), _outside_message(party.emblem, file, root))
            continue
        problem = image_problem(file, party.emblem)
        if problem is not None:
            report(("parties", index, "emblem"), f"{problem} (a path relative to {path.name})")
            continue
        parties[index] = attrs.evolve(party, emblem=str(file))
    return attrs.evolve(record, parties=tuple(parties))


def _outside_message(link: str, target: Path, root: Path | None) -> str:
    shown = "" if _display(target) == link else f" ({_display(target)})"
    return (
        f"{link}{shown} is outside {_display(root or target)}; records may only link to files "
        "inside the folder being built (--allow-outside permits it)"
    )


def load_with_sources(path: str | Path, *, root: str | Path | None = None) -> Loaded:
    """Load one record file and its links; raise InputError listing every problem found.

    `root`: a folder that the file and every file it links to must lie in once symbolic
    links are resolved (None: no confinement).
    """
    session = _Session(None if root is None else Path(root))
    start = Path(path)
    if session.outside(start.resolve()):
        message = _outside_message(str(path), start.resolve(), session.root)
        raise InputError([Problem(source=_display(start), message=message)])
    record = session.load(start)
    origin = session.origin(start)
    _remember(record, origin)
    return Loaded(record=record, sources=tuple(session.sources), origin=origin)


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """The record files named by `paths`: files as given, folders walked recursively.

    Hidden files and folders are skipped; the result is sorted and free of duplicates.
    A path that does not exist raises InputError.
    """
    found: dict[Path, None] = {}
    missing: list[Problem] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            for file in sorted(entry.rglob("*")):
                hidden = any(part.startswith(".") for part in file.relative_to(entry).parts)
                if file.is_file() and file.suffix.lower() in FORMATS and not hidden:
                    found[file] = None
        elif entry.is_file():
            found[entry] = None
        else:
            missing.append(Problem(source=str(entry), message="no such file or folder"))
    if missing:
        raise InputError(missing)
    return list(found)


def load(path: str | Path, *, root: str | Path | None = None) -> Record:
    """Load one record file (YAML, JSON or TOML) into a Plan or a Brief.

    `root`: a folder that the file and its links must lie in (None: no confinement).
    """
    return load_with_sources(path, root=root).record
