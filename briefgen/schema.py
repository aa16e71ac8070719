"""The JSON Schema (draft 2020-12) of record files, for editor completion and validation.

cattrs has no schema generator (cattrs#397), so the schema is derived here from the same
attrs fields, input keys (field metadata "key") and list minimums the loader uses: the schema
and the loader cannot drift apart. It describes the file as written: dates as ISO strings,
text as a string or a language mapping, links as file names.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping, Sequence
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Literal

import attrs

from briefgen.kinds import kind_named
from briefgen.model import (
    ID_PATTERN,
    Language,
    LocalText,
    PartyId,
    RecordId,
)

__all__ = ["schema"]

_DATE_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
_LINK = {"type": "string", "description": "a record file, relative to this file"}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is RecordId:
            return {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
        if tp is PartyId:
            return {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,31}$"}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
        if tp is dt.datetime:
            return {"type": "string", "pattern": _DATE_TIME}
        if tp is dt.time:
            return {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}
        if tp is LocalText:
            return {"$ref": "#/$defs/LocalText"}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"enum": [member.value for member in tp]}
        if origin is Literal:
            return {"const": args[0]}
        if origin in (UnionType, typing.Union):
            options = [a for a in args if a is not NoneType]
            inner = (
                self.type_schema(options[0])
                if len(options) == 1
                else {"anyOf": [self.type_schema(a) for a in options]}
            )
            return {"anyOf": [inner, {"type": "null"}]} if NoneType in args else inner
        if origin in (tuple, list, Sequence):
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if attrs.has(tp):
            return self.record(tp)
        raise TypeError(f"no schema for {tp!r}")

    def record(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class may refer to itself
            hints = typing.get_type_hints(cls)
            properties: dict[str, Any] = {}
            required: list[str] = []
            for field in attrs.fields(cls):
                key = str(field.metadata.get("key", field.name))
                prop = self.type_schema(hints[field.name])
                if "min_items" in field.metadata:
                    prop = {**prop, "minItems": field.metadata["min_items"]}
                if field.metadata.get("link"):
                    prop = {"anyOf": [prop, _LINK]}
                properties[key] = prop
                if field.default is attrs.NOTHING:
                    required.append(key)
            doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
            self.defs[name] = {
                "type": "object",
                "description": " ".join(doc.split()),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a record file of this kind (a name from `briefgen.kinds.KINDS`)."""
    cls = kind_named(kind).record
    builder = _Builder()
    languages = sorted(lang.value for lang in Language)
    builder.defs["LocalText"] = {
        "description": "text in the record's language, or a mapping of language to text",
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "propertyNames": {"enum": languages},
                "additionalProperties": {"type": "string", "minLength": 1},
                "minProperties": 1,
            },
        ],
    }
    builder.record(cls)
    body = dict(builder.defs.pop(cls.__name__))
    body["required"] = sorted({"kind", *body["required"]})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://briefgen.invalid/schema/{kind}.json",
        "title": f"briefgen {kind}",
        **body,
        "$defs": builder.defs,
    }
