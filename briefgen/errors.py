"""The one exception tree of briefgen, and the Problem that every input error is made of.

    BriefgenError               anything briefgen reports to a user (the CLI catches only this)
     ├── InputError             a record file is unreadable or invalid; carries every Problem found
     ├── ThemeError             a theme folder, its theme.toml, fonts or reference.docx is unusable
     ├── RenderError            a renderer could not lay out a valid record (names the part)
     ├── OutputError            an output file could not be written
     └── SignError              a PDF cannot be signed or verified (key, certificate, field)

Problems are collected, never raised one at a time: a user fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path

import attrs

__all__ = [
    "BriefgenError",
    "InputError",
    "OutputError",
    "Problem",
    "RenderError",
    "Severity",
    "SignError",
    "ThemeError",
    "display",
]


class Severity(Enum):
    """How bad a problem is: errors stop a document, warnings only do under --strict."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, located as precisely as the source allows."""

    source: str
    line: int | None = None
    path: str = ""
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """One line, whatever a file name, key or value holds: line breaks and other control
        characters are escaped, so a file name can never forge a line of a report."""
        source = _one_line(self.source)
        where = source if self.line is None else f"{source}:{self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        if self.path:
            return f"{where}: {_one_line(self.path)}: {prefix}{_one_line(self.message)}"
        return f"{where}: {prefix}{_one_line(self.message)}"


#: Characters that end or hide a line on a terminal: C0 and C1 controls, DEL and the
#: Unicode line and paragraph separators.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def _one_line(text: str) -> str:
    return text.translate(_CONTROLS)


def display(path: Path) -> str:
    """A file name as a user wrote it (a Problem's source): relative to the current folder
    when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class BriefgenError(Exception):
    """Root of every error briefgen reports to a user."""


class InputError(BriefgenError):
    """A record file could not be read, parsed or structured; holds all its problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ThemeError(BriefgenError):
    """A theme (theme.toml, fonts, reference.docx, logo) is missing or invalid."""


class RenderError(BriefgenError):
    """A valid record could not be laid out; the message names the record and the part."""


class OutputError(BriefgenError):
    """An output document could not be written."""


class SignError(BriefgenError):
    """A PDF could not be signed or verified: the message names the file and what is wrong
    (a key, a password, a certificate, a field), and nothing was written."""
