"""Characters the theme's fonts cannot print: found in the record, before anything is rendered.

The policy, the same for DOCX and PDF (README "Characters the fonts do not cover"):

- Every character of every text of a record must have a glyph in the theme's fonts: in all
  four faces (regular, bold, italic, bold italic), because compose decides which face a
  text is set in; a character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
  NKo and their presentation forms) needs only the regular and bold faces, because right-
  to-left text is always set upright. Titles are also checked in capitals, since they may
  be set in capitals.
- A character that is missing is an error (InputError) naming the file, line, field and the
  character (U+XXXX NAME), and what to do: remove it, or use a theme whose fonts cover it.
  Both formats refuse the same record with the same message; neither substitutes a glyph.
  (reportlab would drop the character silently; Word would borrow another font.)
- Not checked: characters the sanitiser removes (control characters), whitespace and
  invisible format characters (ZWJ, direction marks), which need no glyph.

Arabic vowel marks (harakat): the DOCX keeps them (Word positions them); the PDF leaves them
out, because reportlab cannot position combining marks and arabic-reshaper removes them
before shaping. `font_problems(..., fmt="pdf")` returns a warning naming each field that
loses them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from briefgen.errors import InputError, Problem, Severity, ThemeError
from briefgen.model import FieldPath, LocalText, Record, format_path
from briefgen.text import needs_glyph, sanitise
from briefgen.theme import Theme, load_theme

if TYPE_CHECKING:
    from briefgen.load import Origin

__all__ = ["HARAKAT", "RTL_SCRIPT", "check_fonts", "font_problems", "is_rtl_script"]

#: Characters of right-to-left scripts: set upright, so only the upright faces need them.
RTL_SCRIPT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
#: Arabic vowel and other marks that arabic-reshaper removes before shaping (PDF only).
HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff]"
)

_FACES = ("regular", "bold", "italic", "bold italic")
_UPRIGHT = (0, 1)
_ALL = (0, 1, 2, 3)
_SHOWN = 3  # characters named per field; more are counted
_CAPITALISED = frozenset({"title", "short_title"})


def is_rtl_script(char: str) -> bool:
    """True for a character of a right-to-left script (it is always set upright)."""
    return RTL_SCRIPT.match(char) is not None


class _Family:
    """The characters each face of a font family covers, and reshapers that match them."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        from reportlab.pdfbase.ttfonts import TTFontFile  # only when text is checked

        self.paths = paths
        cmaps: list[frozenset[int]] = []
        for path in paths:
            try:
                cmaps.append(frozenset(TTFontFile(str(path)).charToGlyph))
            except Exception as exc:  # reportlab raises bare TTFError/OSError/struct errors
                raise ThemeError(f"{path}: not a usable TrueType font: {exc}") from exc
        self.cmaps = tuple(cmaps)
        #: Characters every face covers: the common case, checked as one set difference.
        self.everywhere = frozenset(chr(c) for c in frozenset.intersection(*cmaps))
        self._reshapers: dict[int, Any] = {}

    def reshape(self, face: int, text: str) -> str:
        """Arabic joined as the PDF renderer joins it for this face."""
        reshaper = self._reshapers.get(face)
        if reshaper is None:
            from arabic_reshaper import ArabicReshaper
            from arabic_reshaper.ligatures import LIGATURES
            from arabic_reshaper.reshaper_config import default_config

            cmap = self.cmaps[face]
            config: dict[str, Any] = dict(default_config)
            for ligature, (_match, forms) in LIGATURES:
                covered = all(ord(form) in cmap for form in forms if form)
                config[ligature] = bool(config.get(ligature, False)) and covered
            reshaper = self._reshapers[face] = ArabicReshaper(configuration=config)
        try:
            shaped: str = reshaper.reshape(text)
        except IndexError:  # arabic-reshaper 3.1 on a ZWJ before lam-alef; as the PDF does
            shaped = reshaper.reshape(text.replace("\u200d", ""))
        return shaped


_FAMILIES: dict[tuple[Path, ...], _Family] = {}


def _family(theme: Theme) -> _Family:
    fonts = theme.fonts
    key = (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic)
    family = _FAMILIES.get(key)
    if family is None:
        family = _FAMILIES[key] = _Family(key)
    return family


#: Each record class's printed fields: (attribute, input key); a picture's file name is left out.
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _fields(cls: Any) -> tuple[tuple[str, str], ...]:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = tuple(
            (field.name, str(field.metadata.get("key", field.name)))
            for field in attrs.fields(cls)
            if field.name != "emblem"
        )
    return known


def _texts(value: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a record with its field path (input keys, languages under LocalText)."""
    if isinstance(value, LocalText):
        for lang, text in value.values:
            yield (path if lang is None else (*path, lang.value)), text
    elif isinstance(value, str):
        yield path, value
    elif attrs.has(type(value)):
        for name, key in _fields(type(value)):
            yield from _texts(getattr(value, name), (*path, key))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))


def _all_covered(family: _Family, record: Record) -> bool:
    """True when no text of the record can have a problem: no right-to-left script (which
    needs shaping and may carry harakat), and every character, and every capital of one,
    is in every face."""
    text = sanitise("\n".join(text for _, text in _texts(record, ())))
    if RTL_SCRIPT.search(text):
        return False
    chars = set(text)
    chars.update("".join(chars).upper())
    if "i" in chars:
        chars.add("İ")
    return not any(needs_glyph(char) for char in chars - family.everywhere)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {name} ({char!r})"


def _missing(family: _Family, path: FieldPath, text: str) -> list[tuple[str, str]]:
    """(character, what lacks it) for each character of `text` some needed face lacks."""
    text = sanitise(text)
    checked = [text]
    if any(part in _CAPITALISED for part in path[-2:]):
        # A title may be set in capitals, Turkic ones included (i -> İ).
        checked.append(text.upper())
        if "i" in text:
            checked.append("İ")
    found: dict[str, str] = {}
    for piece in checked:
        for char in sorted(set(piece) - family.everywhere):
            if char in found or not needs_glyph(char):
                continue
            faces = _UPRIGHT if is_rtl_script(char) else _ALL
            lacking = [f for f in faces if ord(char) not in family.cmaps[f]]
            if lacking:
                files = ", ".join(family.paths[f].name for f in lacking)
                capital = "" if char in text else " (a capital of this text, for titles)"
                found[char] = f"{_describe(char)}{capital} is not in the fonts {files}"
    if RTL_SCRIPT.search(text):
        for face in _UPRIGHT:
            for char in sorted(set(family.reshape(face, text))):
                if char not in found and needs_glyph(char) and ord(char) not in family.cmaps[face]:
                    found[char] = (
                        f"{_describe(char)} (a joined form of this Arabic text) is not in the "
                        f"font {family.paths[face].name}"
                    )
    return list(found.items())


def font_problems(
    record: Record,
    theme: Theme | None = None,
    *,
    fmt: str | None = None,
    origin: Origin | None = None,
) -> list[Problem]:
    """The problems of a record's characters with the theme's fonts, each located.

    Errors: characters no face that may set them has a glyph for (one problem per field,
    naming up to three characters). With `fmt="pdf"`, also warnings for fields whose Arabic
    vowel marks the PDF leaves out. `origin` (a `briefgen.load.Origin`; found by itself for
    a record made by `load`) gives the file and line of each field; without one a problem
    names the record.
    """
    from briefgen.load import origin_of  # the renderers use this module too; keep it light

    family = _family(theme or load_theme())
    if origin is None:
        origin = origin_of(record)

    def problem(path: FieldPath, message: str, severity: Severity) -> Problem:
        if origin is not None:
            return origin.problem(path, message, severity)
        return Problem(
            source=f"{record.kind} {record.id}",
            path=format_path(path),
            message=message,
            severity=severity,
        )

    problems: list[Problem] = []
    if _all_covered(family, record):
        return problems
    for path, text in _texts(record, ()):
        missing = _missing(family, path, text)
        if missing:
            named = "; ".join(what for _, what in missing[:_SHOWN])
            more = len(missing) - _SHOWN
            extra = f"; and {more} more characters" if more > 0 else ""
            message = (
                f"cannot print {named}{extra}; remove the character, or use a theme whose "
                "fonts cover it"
            )
            problems.append(problem(path, message, Severity.ERROR))
        if fmt == "pdf" and HARAKAT.search(text):
            message = (
                "Arabic vowel marks (harakat) are left out of the PDF, which cannot position "
                "them; the DOCX keeps them"
            )
            problems.append(problem(path, message, Severity.WARNING))
    return problems


def check_fonts(
    record: Record, theme: Theme | None = None, *, origin: Origin | None = None
) -> None:
    """Raise InputError when the theme's fonts cannot print some character of the record."""
    errors = [
        p for p in font_problems(record, theme, origin=origin) if p.severity is Severity.ERROR
    ]
    if errors:
        raise InputError(errors)
