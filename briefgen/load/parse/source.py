"""What every input format shares: the file's text, its size limit, and a parsed source.

A record file is read once, as bytes, up to MAX_BYTES; what is not UTF-8 text (UTF-16,
latin-1, a binary file) is refused here, before any parser sees it, at the line of the first
bad byte. A parser turns the text into a `Source`: the plain data, and a locator that finds
the line of a field path in the file (the formats keep positions differently).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import InputError, Problem
from briefgen.model import FieldPath

__all__ = ["MAX_BYTES", "TOO_DEEP", "Locator", "Source", "read_text"]

#: Largest record file read, in bytes.
MAX_BYTES = 20 * 1024 * 1024

#: The one message for data nested too deeply, whichever limit (ours or a parser's) is met.
TOO_DEEP = "nested too deeply (lists or mappings inside each other hundreds of levels deep)"

#: The line (1-based) where a field path is written in a file, when it can be found.
Locator = Callable[[FieldPath], "int | None"]


@attrs.frozen
class Source:
    """A parsed file: its name as shown to the user, its data, and a way to find lines.

    `spot`: for a file without lines (a spreadsheet), the cell of a field path.
    `warnings`: what the file probably does not mean as written (text after a ` #` taken
    for a comment, a list item folded into the text above), each a located Problem.
    """

    name: str
    data: Any
    locate: Locator
    warnings: tuple[Problem, ...] = ()
    spot: Callable[[FieldPath], str | None] | None = None

    def where(self, path: FieldPath) -> tuple[str, int | None]:
        """The file and line of a field path, for a problem's source and line.

        A file without lines (a spreadsheet) has a `spot` instead, which names the cell;
        the cell is then part of the source: `plan.xlsx:Initiatives!D14`, `plan.csv:14:4`.
        """
        if self.spot is not None:
            place = self.spot(path)
            return (self.name if place is None else f"{self.name}:{place}"), None
        return self.name, self.locate(path)


def read_text(path: Path, name: str) -> str:
    """The text of a record file; InputError for a file that is missing, too large or not UTF-8.

    `name` is the file as problems name it. A UTF-8 byte order mark is dropped.
    """
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
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise InputError([Problem(source=name, line=line, message=message)]) from None
