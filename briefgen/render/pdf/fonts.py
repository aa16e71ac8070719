"""The PDF renderer's fonts: reportlab's process settings and the theme's registered family.

`prepare()` is the renderer's one-time set-up, run by the first `render` call and never on
import: invariant output (fixed dates and /ID), the default theme's family registered, and
that family made reportlab's base font. The base font must be set before platypus is
imported (`reportlab.lib.styles` reads it then), or unembedded Helvetica leaks in, so the
modules of this package that import platypus are imported only after `prepare()`.

This module itself imports no platypus module.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefgen.errors import ThemeError
from briefgen.glyphs import Faces, face_index, faces_of
from briefgen.theme import FontFamily, load_theme

__all__ = ["Fonts", "fonts_of", "prepare"]


class Fonts:
    """One registered font family: reportlab's name of each face, and its glyphs."""

    def __init__(self, faces: Faces) -> None:
        #: The characters each face covers and Arabic joined for it (shared with the check).
        self.faces = faces
        self.paths: tuple[Path, ...] = self.faces.paths
        self.cmaps: tuple[frozenset[int], ...] = self.faces.cmaps
        self.names: tuple[str, ...] = tuple(_register_face(path) for path in self.paths)
        self.family = self.names[0]
        pdfmetrics.registerFontFamily(
            self.family,
            normal=self.names[0],
            bold=self.names[1],
            italic=self.names[2],
            boldItalic=self.names[3],
        )

    index = staticmethod(face_index)

    def name(self, *, bold: bool, italic: bool) -> str:
        return self.names[face_index(bold=bold, italic=italic)]

    def reshape(self, font_name: str, text: str) -> str:
        """Arabic joined with the ligatures the face registered as `font_name` can print."""
        return self.faces.reshape(self.names.index(font_name), text)


_REGISTERED: dict[str, Path] = {}  # reportlab font name -> file
_FAMILIES: dict[tuple[Path, ...], Fonts] = {}


def _register_face(path: Path) -> str:
    # The name is the file's stem, so the PDF is the same on every machine; a second file
    # with the same stem gets a suffix instead of silently replacing the first.
    name, n = path.stem, 1
    while name in _REGISTERED and _REGISTERED[name] != path:
        n += 1
        name = f"{path.stem}~{n}"
    if name not in _REGISTERED:
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # reportlab raises bare TTFError/OSError/struct errors
            raise ThemeError(f"{path}: not a usable TrueType font: {exc}") from exc
        _REGISTERED[name] = path
    return name


def fonts_of(family: FontFamily) -> Fonts:
    """The family registered once per process (registering costs ~10 ms a face)."""
    faces = faces_of(family)
    fonts = _FAMILIES.get(faces.paths)
    if fonts is None:
        fonts = _FAMILIES[faces.paths] = Fonts(faces)
    return fonts


_prepared = False
_preparing = threading.Lock()  # two threads' first renders: one set-up, the other waits


def prepare() -> None:
    """Set reportlab up for briefgen, once per process (see the module's docstring)."""
    global _prepared
    if _prepared:
        return
    with _preparing:
        if not _prepared:
            rl_config.invariant = 1
            rl_config.canvas_basefontname = fonts_of(load_theme("default").fonts).family
            _prepared = True
