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

Arabic vowel marks (harakat) are kept in both formats: Word positions them in the DOCX; the
PDF joins the letters with the marks kept (`briefgen.glyphs`), and the joined text, marks
included, is what the check looks up in the fonts, exactly as the PDF draws it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from briefgen.errors import InputError, Problem, Severity
from briefgen.glyphs import FACE_NAMES, Faces, face_index, faces_of
from briefgen.model import Composable, FieldPath, LocalText, format_path, record_texts
from briefgen.text import has_rtl_script, is_rtl_script, needs_glyph, sanitise
from briefgen.theme import Theme, load_theme

if TYPE_CHECKING:
    from briefgen.load import Origin

__all__ = ["check_fonts", "font_problems"]

#: The faces right-to-left text is set in (it has no italics).
_UPRIGHT = (face_index(bold=False, italic=False), face_index(bold=True, italic=False))
_ALL = tuple(range(len(FACE_NAMES)))
_SHOWN = 3  # characters named per field; more are counted
_CAPITALISED = frozenset({"title", "short_title"})


#: A picture's file name is not printed.
_UNPRINTED = frozenset({"emblem"})


def _texts(record: Composable) -> Iterator[tuple[FieldPath, str]]:
    """Every printed text of a record with its field path (input keys, languages under
    LocalText)."""
    for path, value in record_texts(record, skip=_UNPRINTED):
        if isinstance(value, LocalText):
            for lang, text in value.values:
                yield (path if lang is None else (*path, lang.value)), text
        else:
            yield path, value


def _all_covered(family: Faces, record: Composable) -> bool:
    """True when no text of the record can have a problem: no right-to-left script (which
    needs shaping and may carry harakat), and every character, and every capital of one,
    is in every face."""
    text = sanitise("\n".join(text for _, text in _texts(record)))
    if has_rtl_script(text):
        return False
    chars = set(text)
    chars.update("".join(chars).upper())
    if "i" in chars:
        chars.add("İ")
    return not any(needs_glyph(char) for char in chars - family.everywhere)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {name} ({char!r})"


def _missing(family: Faces, path: FieldPath, text: str) -> list[tuple[str, str]]:
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
    if has_rtl_script(text):
        for face in _UPRIGHT:
            for char in sorted(set(family.reshape(face, text))):
                if char not in found and needs_glyph(char) and ord(char) not in family.cmaps[face]:
                    found[char] = (
                        f"{_describe(char)} (a joined form of this Arabic text) is not in the "
                        f"font {family.paths[face].name}"
                    )
    return list(found.items())


def font_problems(
    record: Composable,
    theme: Theme | None = None,
    *,
    fmt: str | None = None,
    origin: Origin | None = None,
) -> list[Problem]:
    """The problems of a record's characters with the theme's fonts, each located.

    Errors: characters no face that may set them has a glyph for (one problem per field,
    naming up to three characters); the same for both formats (`fmt` is accepted for the
    callers that name one). `origin` (the `Origin` of the record's `Loaded`) gives
    the file and line of each field; without one a problem names the record
    (`plan <id>: title.en: ...`).
    """
    family = faces_of((theme or load_theme()).fonts)

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
    for path, text in _texts(record):
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
    return problems


def check_fonts(
    record: Composable, theme: Theme | None = None, *, origin: Origin | None = None
) -> None:
    """Raise InputError when the theme's fonts cannot print some character of the record."""
    errors = [
        p for p in font_problems(record, theme, origin=origin) if p.severity is Severity.ERROR
    ]
    if errors:
        raise InputError(errors)
