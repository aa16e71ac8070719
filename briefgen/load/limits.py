"""Limits: how much one record may hold, so that any record builds in bounded time and memory.

The limits are checked on a file's plain data, before it is structured, so a record past
them is refused at once (in well under a second), at the field that crosses the limit:

- MAX_TEXT_CHARS characters in one text (each language of a text counts on its own);
- MAX_LIST_ITEMS entries in one list (the initiatives of a section, the sections, a
  brief's agenda, ...): each becomes a table row or a paragraph;
- MAX_RECORD_ITEMS list entries and MAX_RECORD_CHARS characters of text in the whole
  record, counting every file it links (a linked plan is printed with it).

With these, the largest record renders in about 10 seconds and 200 MB on one core (PDF;
DOCX is several times faster): measured on 2,000 table rows, and on 400,000 characters in
1,000 rows. Texts that embed bidi embeddings or overrides (U+202A-U+202E) are refused here
too (`briefgen.text.direction_problem`), at their field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from briefgen.errors import Problem
from briefgen.model import FieldPath, Record, format_path
from briefgen.text import direction_problem

__all__ = [
    "MAX_LIST_ITEMS",
    "MAX_RECORD_CHARS",
    "MAX_RECORD_ITEMS",
    "MAX_TEXT_CHARS",
    "Budget",
    "record_problems",
]

#: Characters in one text: about seven pages of running text in one paragraph.
MAX_TEXT_CHARS = 20_000
#: Entries in one list: a table of a thousand rows is some forty pages.
MAX_LIST_ITEMS = 1_000
#: List entries in one record, its linked files included.
MAX_RECORD_ITEMS = 2_000
#: Characters of text in one record, its linked files included (about 120 pages).
MAX_RECORD_CHARS = 400_000

#: Bidi problems reported per file at most (the rest are said in one line).
_MAX_REPORTED = 20


class Budget:
    """What the files of one load session have used of the record limits."""

    def __init__(self) -> None:
        self.chars = 0
        self.items = 0

    def check(self, data: Any, report: Callable[[FieldPath, str], None]) -> bool:
        """Report every limit crossed and every forbidden character in `data` (a file's plain
        data), each at its field; True when something was reported.

        Walks without recursion, so a deeply nested file costs no stack.
        """
        found = 0
        overrides = 0
        stack: list[tuple[FieldPath, Any]] = [((), data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                size = len(value)
                if size > MAX_TEXT_CHARS:
                    report(
                        path,
                        f"a text of {size:,} characters; a text may have at most "
                        f"{MAX_TEXT_CHARS:,} (move long material to an annex file, or split it)",
                    )
                    found += 1
                    continue
                self.chars += size
                if self.chars > MAX_RECORD_CHARS:
                    report(
                        path,
                        f"the record passes {MAX_RECORD_CHARS:,} characters of text here; a "
                        "record (with the files it links) may have at most that: split it",
                    )
                    return True
                problem = direction_problem(value) if size else None
                if problem is not None:
                    overrides += 1
                    if overrides <= _MAX_REPORTED:
                        report(path, problem)
                    found += 1
            elif isinstance(value, list | tuple):
                if len(value) > MAX_LIST_ITEMS:
                    report(
                        path,
                        f"{len(value):,} entries; a list may have at most {MAX_LIST_ITEMS:,} "
                        "(split the record, or the list into several sections)",
                    )
                    found += 1
                    continue
                self.items += len(value)
                if self.items > MAX_RECORD_ITEMS:
                    report(
                        path,
                        f"the record passes {MAX_RECORD_ITEMS:,} list entries here (table "
                        "rows, items); a record (with the files it links) may have at most "
                        "that: split it",
                    )
                    return True
                stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
            elif isinstance(value, Mapping):
                items = list(value.items())
                for key, item in reversed(items):
                    if isinstance(key, str) and direction_problem(key):
                        overrides += 1
                        if overrides <= _MAX_REPORTED:
                            report((*path, key), f"the key {direction_problem(key)}")
                        found += 1
                    plain = isinstance(key, str | int) and not isinstance(key, bool)
                    at = key if plain else str(key)
                    stack.append(((*path, at), item))
        if overrides > _MAX_REPORTED:
            report((), f"and {overrides - _MAX_REPORTED:,} more texts with such characters")
        return found > 0


def record_problems(record: Record, source: str) -> list[Problem]:
    """The limits crossed and forbidden characters in a record made in Python (the API's
    records, which no file brought through the loader), each at its field of `source`."""
    from briefgen.load.convert import converter

    problems: list[Problem] = []

    def report(path: FieldPath, message: str) -> None:
        problems.append(Problem(source=source, path=format_path(path), message=message))

    Budget().check(converter.unstructure(record), report)
    return problems
