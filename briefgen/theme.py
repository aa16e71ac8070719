"""Themes: the look of a document (page, fonts, named styles), read from a theme folder.

A theme folder holds `theme.toml` (PDF page, fonts and styles) and `reference.docx` (the Word
styles the DOCX renderer uses). `default` ships inside the package; `--theme` takes another
name under the package's templates or a path to a folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import ThemeError

__all__ = ["TEMPLATES", "Theme", "load_theme"]

#: The theme folders that ship with briefgen.
TEMPLATES = Path(__file__).parent / "templates"


@attrs.frozen(kw_only=True)
class Theme:
    """A loaded theme folder."""

    name: str
    root: Path
    data: dict[str, Any] = attrs.field(eq=False, repr=False)

    @property
    def reference_docx(self) -> Path:
        """The Word template whose styles the DOCX renderer uses."""
        return self.root / "reference.docx"


def load_theme(theme: str | Path | None = None) -> Theme:
    """Load a theme by name (a folder under the shipped templates) or by folder path."""
    if theme is None:
        theme = "default"
    candidate = Path(theme)
    root = candidate if candidate.is_dir() else TEMPLATES / str(theme)
    if not root.is_dir():
        shipped = ", ".join(sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()))
        raise ThemeError(f"theme {theme!s}: no such folder (shipped themes: {shipped})")
    toml_path = root / "theme.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8")) if toml_path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{toml_path}: {exc}") from exc
    return Theme(name=root.name, root=root.resolve(), data=data)
