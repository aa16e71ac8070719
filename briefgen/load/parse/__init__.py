"""Parsing record files: one module per input format, as cattrs' `preconf`.

Each format module has `parse(text, name) -> Source`: the file's plain data and a locator
for the lines of field paths; a text that is not valid data is an InputError at its line.
What the formats share (reading the text, the size limit, `Source`) is in `source`. Adding
a format (a spreadsheet, CSV) means one module here and its extensions in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.load.parse import json, toml, yaml
from briefgen.load.parse.source import MAX_BYTES, TOO_DEEP, Locator, Source, read_text

__all__ = ["FORMATS", "MAX_BYTES", "TOO_DEEP", "Locator", "Source", "parse", "read_text"]

#: File extensions briefgen reads, and the format of each.
FORMATS: dict[str, str] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

#: The parser of each format: (text, name shown in problems) -> Source.
_PARSERS: Mapping[str, Callable[[str, str], Source]] = {
    "yaml": yaml.parse,
    "json": json.parse,
    "toml": toml.parse,
}


def parse(path: Path, name: str) -> Source:
    """Read and parse a record file; a file that is not valid data raises InputError.

    `name` is the file as problems name it.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError([Problem(source=name, message=f"not a record file (extensions: {known})")])
    return _PARSERS[fmt](read_text(path, name), name)
