"""Glyphs: which characters each face of a theme's font family can print, and Arabic joined
with only the ligatures a face has glyphs for.

Both the font check (`briefgen.coverage`, before anything is rendered) and the PDF renderer
(which joins Arabic letters itself) need this, and must agree on it exactly: a joined form the
check did not see would be dropped silently by reportlab. So it lives here, once, below both.

It reads the TrueType files only (reportlab's `TTFontFile`, imported when a font file is
first read; the shipped fonts' maps are stored beside them); it registers nothing with
reportlab and changes none of its settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import ThemeError

if TYPE_CHECKING:
    from briefgen.theme import FontFamily

__all__ = [
    "FACE_NAMES",
    "SHIPPED_CMAPS",
    "Faces",
    "cmap_of",
    "face_index",
    "faces_of",
    "read_cmap",
    "write_shipped_cmaps",
]

#: The faces of a family, in the order of `Faces.paths` and `Faces.cmaps`.
FACE_NAMES = ("regular", "bold", "italic", "bold italic")


def face_index(*, bold: bool, italic: bool) -> int:
    """The index of a face in `FACE_NAMES` (and in a `Faces`' paths and cmaps)."""
    return (2 if italic else 0) + (1 if bold else 0)


class Faces:
    """The four faces of a font family: their files, the characters each covers, and an
    Arabic reshaper per face that uses only the ligatures that face has glyphs for."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.paths = paths
        #: The code points each face has a glyph for, in the order of `FACE_NAMES`.
        self.cmaps: tuple[frozenset[int], ...] = tuple(map(cmap_of, paths))
        #: Characters every face covers: the common case, checked as one set difference.
        self.everywhere = frozenset(chr(c) for c in frozenset.intersection(*self.cmaps))
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
    """An ArabicReshaper with the default settings, vowel marks kept, less the ligatures
    `cmap` lacks."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES
    from arabic_reshaper.reshaper_config import default_config

    # Every key is given so PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE cannot change the
    # output on one machine.
    config: dict[str, Any] = dict(default_config)
    # The vowel marks are kept, each after its letter: reordered by python-bidi, each is
    # drawn over its letter (the face's marks have no advance).
    config["delete_harakat"] = False
    config["shift_harakat_position"] = False
    for ligature, (_match, forms) in LIGATURES:
        covered = all(ord(form) in cmap for form in forms if form)
        config[ligature] = bool(config.get(ligature, False)) and covered
    return ArabicReshaper(configuration=config)


#: The character maps of the fonts that ship with briefgen, as code point ranges, so a check
#: of records in the default theme reads no font file (and imports no reportlab). Made by
#: `write_shipped_cmaps`; a test holds it equal to what the font files say.
SHIPPED_CMAPS = Path(__file__).parent / "fonts" / "cmaps.json"


def cmap_of(path: Path) -> frozenset[int]:
    """The code points the TrueType font at `path` has a glyph for."""
    shipped = _shipped().get(path.name)
    if shipped is not None and path.parent == SHIPPED_CMAPS.parent:
        size, ranges = shipped
        if _size(path) == size:
            return frozenset(c for first, last in ranges for c in range(first, last + 1))
    return read_cmap(path)


def read_cmap(path: Path) -> frozenset[int]:
    """The code points of a TrueType font, read from the file (reportlab's parser)."""
    from reportlab.pdfbase.ttfonts import TTFontFile  # only when a font file is read

    try:
        return frozenset(TTFontFile(str(path)).charToGlyph)
    except Exception as exc:  # reportlab raises bare TTFError/OSError/struct errors
        raise ThemeError(f"{path}: not a usable TrueType font: {exc}") from exc


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


_SHIPPED: dict[str, tuple[int, list[tuple[int, int]]]] = {}


def _shipped() -> dict[str, tuple[int, list[tuple[int, int]]]]:
    if not _SHIPPED:
        import json

        try:
            data = json.loads(SHIPPED_CMAPS.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _SHIPPED
        for name, entry in data.items():
            _SHIPPED[name] = (entry["size"], [(a, b) for a, b in entry["ranges"]])
    return _SHIPPED


def write_shipped_cmaps() -> None:
    """Write SHIPPED_CMAPS from the font files beside it (after a font is updated)."""
    import json

    data = {}
    for path in sorted(SHIPPED_CMAPS.parent.glob("*.ttf")):
        ranges: list[list[int]] = []
        for code in sorted(read_cmap(path)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        data[path.name] = {"size": _size(path), "ranges": ranges}
    SHIPPED_CMAPS.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


_FACES: dict[tuple[Path, ...], Faces] = {}


def faces_of(family: FontFamily) -> Faces:
    """The family's faces, read once per process (reading a face costs ~10 ms)."""
    key = (family.regular, family.bold, family.italic, family.bold_italic)
    faces = _FACES.get(key)
    if faces is None:
        faces = _FACES[key] = Faces(key)
    return faces
