"""Load record files (YAML, JSON, TOML) into records, reporting every problem at once.

The stage has three jobs, one module (or package) each:

- `parse`: one module per input format (`yaml`, `json`, `toml`), each giving the file's
  plain data and where each field is written; YAML is read with the YAML 1.2 core schema,
  so `no`, `on` and `012` stay what they look like.
- `convert`: the one strict cattrs converter, and its errors as (field path, message).
- `links`: one load session: the kind a file names (from the kinds registry), links between
  files, confinement to a root folder, cycles, emblem pictures.

Every problem of a file is raised at once as an `InputError`, each carrying the file, the
line of the offending key or value, and the field path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.load.convert import converter, structure, unstructure
from briefgen.load.links import Loaded, Origin, load, load_with_sources
from briefgen.load.parse import FORMATS, MAX_BYTES

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "Loaded",
    "Origin",
    "converter",
    "discover",
    "load",
    "load_with_sources",
    "structure",
    "unstructure",
]


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
