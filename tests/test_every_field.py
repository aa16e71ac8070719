"""No field a user fills vanishes: a plan and a brief with every text field filled (each with
a text of its own) print every one of those texts, in both formats.

The records are built from the model's own field types, so a field added later is filled
(and checked) too; a text that compose prints in another form (capitals for titles, a
localised timeframe) is given in a form compose prints as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import typing
import unicodedata
import zipfile
from collections import abc
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

import attrs
import pypdf
import pytest
from lxml import etree

from briefgen.load import load_with_sources
from briefgen.model import Brief, LocalText, PartyId, Plan, RecordId
from briefgen.pipeline import render

_COUNTER = itertools.count(1)

#: Fields given a fixed value (ids, references between fields, values with rules), by
#: field name, or by (class name, field name) where a name means two things.
FIXED: dict[str | tuple[str, str], Any] = {
    "kind": None,  # the class's own (a file says it; see the test)
    "id": "rec",
    "host": "a",
    "guest": "b",
    "emblem": None,  # a picture, not a text (tests/test_images.py)
    "language": None,  # each record's default; a party's own language is left to compose
    "columns": None,  # the default table: the other fields show under the activity
    "status": None,  # a draft, every clause agreed
    "proposed_by": None,  # agreed: tests/compose/test_plan.py prints proposals
    "proposals": None,
    "key": None,  # names a clause across versions; not printed
    "authentic_languages": ["en"],
    "prevailing_language": "en",
    "copies": 2,
    ("Period", "from"): 2026,
    ("Period", "to"): 2027,
    ("Event", "start"): "2026-01-12T10:00",
    ("Event", "end"): "2026-01-12T12:00",
}


def token() -> str:
    """A text of its own, that no label contains and that breaks nowhere."""
    return f"Zq{next(_COUNTER):03d}x"


def value(tp: Any, key: str, tokens: list[tuple[str, str]]) -> Any:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (UnionType, typing.Union):
        return value(next(a for a in args if a is not NoneType), key, tokens)
    if tp is LocalText or tp in (str, RecordId, PartyId):
        tokens.append((token(), key))
        return tokens[-1][0]
    if tp is dt.date:
        return "2026-01-10"
    if tp is dt.datetime:
        return "2026-01-12T10:00"
    if tp is dt.time:
        return "10:00"
    if tp is int:
        return 1
    if tp is bool:
        return True
    if isinstance(tp, type) and issubclass(tp, Enum):
        return next(iter(tp)).value
    if origin in (tuple, list, abc.Sequence):
        return [value(args[0], f"{key}[0]", tokens)]
    if origin in (dict, abc.Mapping):
        return {party: value(args[1], f"{key}.{party}", tokens) for party in ("a", "b")}
    if attrs.has(tp):
        return filled(tp, tokens, key)
    raise TypeError(f"no value for {key}: {tp!r}")


def filled(cls: type, tokens: list[tuple[str, str]], at: str = "") -> dict[str, Any]:
    """Plain data of a `cls` record with every field given; `tokens` gets each text given,
    with its field path."""
    hints = typing.get_type_hints(cls)
    data: dict[str, Any] = {}
    for field in attrs.fields(cls):
        key = str(field.metadata.get("key", field.name))
        path = f"{at}.{key}" if at else key
        fixed = FIXED.get((cls.__name__, key), FIXED.get(key, ...))
        if fixed is not ...:
            if fixed is not None:
                data[key] = fixed
            continue
        if key == "parties":
            party = typing.get_args(hints[field.name])[0]
            data[key] = [
                {**filled(party, tokens, f"{path}[{i}]"), "id": pid}
                for i, pid in enumerate(("a", "b"))
            ]
            continue
        data[key] = value(hints[field.name], path, tokens)
    return data


def texts_of(data: bytes, fmt: str) -> str:
    """Every text of a document, whitespace and soft hyphens left out."""
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "".join(page.extract_text() or "" for page in reader.pages)
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
            text = "".join(
                node.text or ""
                for name in parts
                for node in etree.fromstring(archive.read(name)).iter(w)
            )
    return "".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


@pytest.mark.parametrize("kind", [Plan, Brief], ids=["plan", "brief"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_every_filled_field_is_printed(kind: type, fmt: str, tmp_path: Path) -> None:
    """Each text field of the record, filled with a text of its own, is found in the output,
    or loading the record said that its kind does not print it."""
    tokens: list[tuple[str, str]] = []
    data = {"kind": "plan" if kind is Plan else "brief", **filled(kind, tokens)}
    if kind is Plan:  # a second page, where the running header (the short title) stands
        data["preamble"] += ["A recital that fills the first page of the plan. " * 6] * 12
    file = tmp_path / "record.json"
    file.write_text(json.dumps(data), "utf-8")
    loaded = load_with_sources(file)
    printed = texts_of(render(loaded.record, fmt), fmt)
    # Fields a kind does not print are said when loading (a brief's party signatories).
    warned = {w.path for w in loaded.warnings}
    # An attached plan is a record of its own (checked as a plan); a brief summarises it.
    checked = [
        (t, path)
        for t, path in tokens
        if not path.startswith("deliverables") and not any(path.startswith(w) for w in warned)
    ]
    # Titles are printed in capitals, so their token is looked for in capitals too.
    lost = [path for t, path in checked if t not in printed and t.upper() not in printed]
    assert not lost, f"{len(lost)} of {len(checked)} filled texts are not printed: {lost}"
