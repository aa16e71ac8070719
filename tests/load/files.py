"""Writing record files and reading the problems loading them reports, for the load tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.load import load


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write `text` (UTF-8) or bytes to `folder/name` and return the path."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    """The problem lines loading `path` reports (it must fail)."""
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p) for p in info.value.problems]
