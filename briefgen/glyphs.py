"""Glyphs: which characters each face of a theme's font family can print, and Arabic joined
with only the ligatures a face has glyphs for.

Both the font check (`briefgen.coverage`, before anything is rendered) and the PDF renderer
(which joins Arabic letters itself) need this, and must agree on it exactly: a joined form the
check did not see would be dropped silently by reportlab. So it lives here, once, below both.

It reads the TrueType files only (reportlab's `TTFontFile`, imported when a family is first
asked for); it registers nothing with reportlab and changes none of its settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import ThemeError

if TYPE_CHECKING:
    from briefgen.theme import FontFamily

__all__ = ["FACE_NAMES", "Faces", "face_index", "faces_of"]

#: The faces of a family, in the order of `Faces.paths` and `Faces.cmaps`.
FACE_NAMES = ("regular", "bold", "italic", "bold italic")


def face_index(*, bold: bool, italic: bool) -> int:
    """The index of a face in `FACE_NAMES` (and in a `Faces`' paths and cmaps)."""
    return (2 if italic else 0) + (1 if bold else 0)


class Faces:
    """The four faces of a font family: their files, the characters each covers, and an
    Arabic reshaper per face that uses only the ligatures that face has glyphs for."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        from reportlab.pdfbase.ttfonts import TTFontFile  # only when a family is needed

        self.paths = paths
        cmaps: list[frozenset[int]] = []
        for path in paths:
            try:
                cmaps.append(frozenset(TTFontFile(str(path)).charToGlyph))
            except Exception as exc:  # reportlab raises bare TTFError/OSError/struct errors
                raise ThemeError(f"{path}: not a usable TrueType font: {exc}") from exc
        #: The code points each face has a glyph for, in the order of `FACE_NAMES`.
        self.cmaps: tuple[frozenset[int], ...] = tuple(cmaps)
        #: Characters every face covers: the common case, checked as one set difference.
        self.everywhere = frozenset(chr(c) for c in frozenset.intersection(*cmaps))
        self._reshapers: dict[int, Any] = {}

    def reshape(self, face: int, text: str) -> str:
        """Arabic letters of `text` joined (presentation forms) as `face` can print them.

        arabic-reshaper 3.1 fails (IndexError) on a ZWJ before a lam-alef ligature, so such
        text is joined without its (invisible) ZWJs.
        """
        reshaper = self._reshapers.get(face)
        if reshaper is None:
            reshaper = self._reshapers[face] = _reshaper(self.cmaps[face])
        try:
            return str(reshaper.reshape(text))
        except IndexError:
            return str(reshaper.reshape(text.replace("\u200d", "")))


def _reshaper(cmap: frozenset[int]) -> Any:
    """An ArabicReshaper with the default settings, less the ligatures `cmap` lacks."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES
    from arabic_reshaper.reshaper_config import default_config

    # Every key is given so PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE cannot change the
    # output on one machine.
    config: dict[str, Any] = dict(default_config)
    for ligature, (_match, forms) in LIGATURES:
        covered = all(ord(form) in cmap for form in forms if form)
        config[ligature] = bool(config.get(ligature, False)) and covered
    return ArabicReshaper(configuration=config)


_FACES: dict[tuple[Path, ...], Faces] = {}


def faces_of(family: FontFamily) -> Faces:
    """The family's faces, read once per process (reading a face costs ~10 ms)."""
    key = (family.regular, family.bold, family.italic, family.bold_italic)
    faces = _FACES.get(key)
    if faces is None:
        faces = _FACES[key] = Faces(key)
    return faces
