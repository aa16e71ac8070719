"""The build manifest: which inputs made each output, so unchanged outputs are not rebuilt.

The manifest is `<out>/.briefgen-manifest.json`. It maps each output file name to

- `record`: the record file it was built from, and `sources`: that file and every file it
  links, in load order (paths relative to the output folder, so a project can be moved);
- `inputs`: the sha256 of everything the output depends on: the content of every source, the
  theme (its settings, its fonts and every file in its folder), the build options as they
  apply to the record's kind, and briefgen's version (`Options.key`);
- `sha256`: the output's own sha256, so an output edited or truncated by hand is rebuilt;
- the record's `id` and `kind`, the output's `format`, and the record's `warnings`, which an
  unchanged build reports again.

It is written atomically with sorted keys, so the same build writes the same manifest. A
manifest that cannot be read is treated as empty: everything is rebuilt, nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import Problem, Severity, ThemeError
from briefgen.theme import Theme

__all__ = [
    "MANIFEST_NAME",
    "Entry",
    "Manifest",
    "file_digest",
    "problem_data",
    "problem_from",
    "theme_digest",
]

#: The manifest's file name inside the output folder.
MANIFEST_NAME = ".briefgen-manifest.json"

#: Bumped when the meaning of the manifest's fields changes; an older manifest is ignored.
_SCHEMA = 2

_CHUNK = 1 << 20


def file_digest(path: str | Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_small(path: Path) -> str:
    """The text of a regular file of at most MAX_MANIFEST_BYTES; OSError or ValueError else."""
    # Opened without blocking: a FIFO in the manifest's place must not hang the build.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _DamagedError(f"{path} is not a regular file")
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise _DamagedError(f"{path} is larger than {MAX_MANIFEST_BYTES} bytes")
    return data.decode("utf-8")


def _plain_name(name: object) -> bool:
    """True for an output name briefgen writes: a plain file name inside the output folder."""
    return (
        isinstance(name, str)
        and bool(name)
        and name not in (".", "..", MANIFEST_NAME)
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def theme_digest(theme: Theme) -> str:
    """A sha256 of everything a theme contributes to an output.

    Theme.fingerprint covers the settings; this adds the bytes of every file in the theme's
    folder (reference.docx, a logo), of the logo and the four font faces, wherever they live, and
    leaves out where the theme is installed, so moving a project does not rebuild it.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps(theme.data, sort_keys=True, default=str).encode())
    files: list[Path] = []
    for path in theme.root.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        files.append(path)
        if len(files) > MAX_THEME_FILES:
            raise ThemeError(
                f"{theme.root}: more than {MAX_THEME_FILES:,} files in the theme folder; a "
                "theme folder holds theme.toml, fonts, a logo and reference.docx"
            )
    for path in sorted(files):
        digest.update(f"\0{path.relative_to(theme.root).as_posix()}\0".encode())
        digest.update(_theme_file_digest(path).encode())
    # The logo may lie outside the theme folder (`logo = "../crest.png"`): its bytes count
    # wherever it is, so replacing it rebuilds every output that shows it.
    if theme.page.logo is not None:
        digest.update(b"\0logo\0")
        digest.update(_theme_file_digest(theme.page.logo).encode())
    fonts = theme.fonts
    for face in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        digest.update(f"\0font:{face.name}\0".encode())
        digest.update(_theme_file_digest(face).encode())
    return digest.hexdigest()


#: Most files a theme folder may hold (each is hashed on every build).
MAX_THEME_FILES = 1_000


def _theme_file_digest(path: Path) -> str:
    """A theme file's sha256; a file that is no regular file or cannot be read (a link to
    /proc/self/mem, a device) is a ThemeError naming it, before any record is built."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ThemeError(f"{path}: not a regular file; a theme folder holds only files")
        return file_digest(path)
    except OSError as exc:
        raise ThemeError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def problem_data(problem: Problem) -> dict[str, Any]:
    """A Problem as plain data (for the manifest and for results from worker processes)."""
    return {
        "source": problem.source,
        "line": problem.line,
        "path": problem.path,
        "message": problem.message,
        "severity": problem.severity.value,
    }


def problem_from(data: Mapping[str, Any]) -> Problem:
    """The Problem that `problem_data` made plain."""
    return Problem(
        source=data["source"],
        line=data["line"],
        path=data["path"],
        message=data["message"],
        severity=Severity(data["severity"]),
    )


@attrs.frozen(kw_only=True)
class Entry:
    """What one output was built from; paths are relative to the output folder.

    `lang` and `original` are the options it was built with (as they applied to its kind),
    so a later build can tell its own outputs from those of other options.
    """

    record: str
    id: str
    kind: str
    format: str
    sources: tuple[str, ...]
    inputs: str
    sha256: str
    lang: str | None = None
    original: str | None = None
    warnings: tuple[dict[str, Any], ...] = ()

    def data(self) -> dict[str, Any]:
        """The entry as it is stored."""
        stored: dict[str, Any] = {
            "record": self.record,
            "id": self.id,
            "kind": self.kind,
            "format": self.format,
            "sources": list(self.sources),
            "inputs": self.inputs,
            "sha256": self.sha256,
        }
        for key in ("lang", "original"):
            if getattr(self, key) is not None:
                stored[key] = getattr(self, key)
        if self.warnings:
            stored["warnings"] = list(self.warnings)
        return stored


#: A manifest larger than this is not read (it would describe millions of outputs).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

_TEXT_FIELDS = ("record", "id", "kind", "format", "inputs", "sha256")
_PROBLEM_FIELDS: dict[str, type | tuple[type, ...]] = {
    "source": str,
    "line": (int, type(None)),
    "path": str,
    "message": str,
}


class _DamagedError(ValueError):
    """The manifest file is not one briefgen wrote."""


def _text(value: object) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise _DamagedError(repr(value))
    return value


def _warning(value: object) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {*_PROBLEM_FIELDS, "severity"}:
        raise _DamagedError(repr(value))
    for key, kind in _PROBLEM_FIELDS.items():
        if not isinstance(value[key], kind) or isinstance(value[key], bool):
            raise _DamagedError(repr(value))
    Severity(value["severity"])  # a ValueError for an unknown severity
    return value


def _entry(raw: object) -> Entry:
    """An Entry from stored data, every field checked; _DamagedError (a ValueError) if not."""
    if not isinstance(raw, dict):
        raise _DamagedError(repr(raw))
    texts = {key: _text(raw[key]) for key in _TEXT_FIELDS}
    sources = raw["sources"]
    if not isinstance(sources, list):
        raise _DamagedError(repr(sources))
    lang, original = (None if raw.get(k) is None else _text(raw[k]) for k in ("lang", "original"))
    warnings = raw.get("warnings", [])
    if not isinstance(warnings, list):
        raise _DamagedError(repr(warnings))
    return Entry(
        **texts,
        lang=lang,
        original=original,
        sources=tuple(_text(source) for source in sources),
        warnings=tuple(_warning(w) for w in warnings),
    )


class Manifest:
    """The manifest of one output folder: output name -> Entry."""

    def __init__(self, folder: Path, entries: Mapping[str, Entry] | None = None) -> None:
        self.folder = folder
        self.path = folder / MANIFEST_NAME
        self.entries: dict[str, Entry] = dict(entries or {})
        self._saved = _hash(self._text())  # to write only on change; a hash, not the text
        self._real: Path | None = None  # the folder resolved, when first needed

    @classmethod
    def read(cls, folder: str | Path) -> Manifest:
        """The manifest in `folder`, or an empty one if there is none or it is unusable.

        Only a regular file of at most MAX_MANIFEST_BYTES is read, and every field of every
        entry is checked: a damaged manifest (a list where a name belongs, a NUL in a path,
        an unknown severity, an output name outside the folder) is treated as empty, so
        everything is rebuilt and nothing is lost.
        """
        folder = Path(folder)
        try:
            data = json.loads(_read_small(folder / MANIFEST_NAME))
            if not isinstance(data, dict) or data.get("manifest") != _SCHEMA:
                return cls(folder)
            outputs = data["outputs"]
            if not isinstance(outputs, dict):
                return cls(folder)
            entries = {}
            for name, raw in outputs.items():
                if not _plain_name(name):
                    return cls(folder)
                entries[name] = _entry(raw)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return cls(folder)
        return cls(folder, entries)

    def relative(self, path: str | Path) -> str:
        """A path as the manifest stores it: relative to the output folder, with slashes."""
        if self._real is None:
            self._real = self.folder.resolve()
        return Path(os.path.relpath(Path(path).resolve(), self._real)).as_posix()

    def absolute(self, stored: str) -> Path:
        """The file a stored path names."""
        return (self.folder / stored).resolve()

    def by_record(self) -> dict[str, list[tuple[str, Entry]]]:
        """Output names and entries grouped by the record file they were built from."""
        grouped: dict[str, list[tuple[str, Entry]]] = {}
        for name, entry in sorted(self.entries.items()):
            grouped.setdefault(entry.record, []).append((name, entry))
        return grouped

    def prune(self) -> None:
        """Forget outputs that no longer exist."""
        for name in [n for n in self.entries if not (self.folder / n).is_file()]:
            del self.entries[name]

    def _text(self) -> str:
        outputs = {name: entry.data() for name, entry in self.entries.items()}
        data = {"manifest": _SCHEMA, "outputs": outputs}
        return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    def save(self, write: Callable[[Path, bytes], None]) -> bool:
        """Write the manifest with `write` (an atomic writer) if it changed; True if written."""
        text = self._text()
        if _hash(text) == self._saved and self.path.is_file():
            return False
        write(self.path, text.encode("utf-8"))
        self._saved = _hash(text)
        return True

    def update(self, items: Iterable[tuple[str, Entry]]) -> None:
        """Record the entries of outputs just built or found unchanged."""
        self.entries.update(items)
