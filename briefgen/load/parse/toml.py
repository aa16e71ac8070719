"""TOML record files: tomllib's data, and best-effort lines by scanning for keys and tables.

tomllib keeps no positions; its own errors name a line and column, which are moved from the
message into the problem's line.
"""

from __future__ import annotations

import re
import tomllib

from briefgen.errors import InputError, Problem
from briefgen.load.parse.source import TOO_DEEP, Locator, Source
from briefgen.model import FieldPath

__all__ = ["parse"]


def parse(text: str, name: str) -> Source:
    """The data of a TOML text; InputError at the line tomllib names."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputError([Problem(source=name, message=TOO_DEEP)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        at_line = int(match[1]) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        column = f" (column {match[2]})" if match else ""
        raise InputError(
            [Problem(source=name, line=at_line, message=f"invalid TOML: {message}{column}")]
        ) from None
    return Source(name, data, _locator(text))


def _locator(text: str) -> Locator:
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
