"""Right-to-left scripts in the PDF: Arabic wrapped in logical order, each line drawn in
visual order.

reportlab's own right-to-left support needs rlbidi, which is not on PyPI. What works:
join the letters (arabic-reshaper, in `briefgen.glyphs`, with the ligatures the face has and
the vowel marks kept), wrap the joined text in logical order, then put each line in visual
order with the full Unicode bidirectional algorithm, bracket pairs included (`get_display`: the
levels from python-bidi's Rust implementation, which pairs brackets but does not mirror
them; reordered and mirrored here), with the paragraph's base direction: right to left
for a paragraph of a right-to-left language whatever its first letter, left to right for
an English paragraph quoting Arabic.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

import re

from bidi import get_display as _rust_display
from bidi.algorithm import get_display as _legacy_display
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from briefgen.render.pdf.tables import pass_ref

__all__ = ["BIDI_MARKS", "BidiText", "get_display", "wrap_logical"]

#: The invisible marks that steer the bidirectional ordering: the isolates (U+2066-U+2069),
#: the Arabic letter mark (U+061C) and the left-to-right and right-to-left marks. They take
#: part in the ordering (the Rust levels honour them, as Word does) and are then dropped:
#: they have no glyph to draw. (The legacy pure-Python `bidi.algorithm` of python-bidi 0.6
#: fails an assertion on the isolates.)
BIDI_MARKS = frozenset([*range(0x2066, 0x206A), 0x061C, 0x200E, 0x200F])
_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))
_MARKS = dict.fromkeys(BIDI_MARKS)
_LEVEL = re.compile(r"Level\(\s*(\d+),\s*\)")


def _levels(text: str, base_dir: str) -> list[int] | None:
    """The resolved embedding level of each character (rules up to I2 of UAX #9, bracket
    pairs included), from python-bidi's Rust implementation (unicode-bidi), or None when
    its report cannot be read.

    Its `get_display` pairs brackets but does not mirror them, and the legacy
    `bidi.algorithm` mirrors but does not pair them ("(Ministry ... (Republic"): so the
    levels come from the first, and reordering and mirroring are done here. The levels are
    read from its debug report, one per UTF-8 byte.
    """
    report = str(_rust_display(text, base_dir=base_dir, debug=True))
    start, end = report.find("levels:"), report.find("paragraphs:")
    if start < 0 or end < 0:
        return None
    by_byte = [int(level) for level in _LEVEL.findall(report, start, end)]
    levels: list[int] = []
    offset = 0
    for char in text:
        if offset >= len(by_byte):
            return None
        levels.append(by_byte[offset])
        code = ord(char)
        offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return levels if offset == len(by_byte) else None


def get_display(text: str, base_dir: str) -> str:
    """One line in visual order: the Unicode bidirectional algorithm (UAX #9) with the
    paragraph's base direction ("R" or "L"), bracket pairs included, each character of a
    right-to-left run mirrored ("(" drawn as ")")."""
    levels = _levels(text, base_dir)
    if levels is None:  # pragma: no cover - a python-bidi whose report we cannot read
        return str(_legacy_display(text.translate(_ISOLATES), base_dir=base_dir))
    base = 1 if base_dir == "R" else 0
    # L1: white space at the end of the line takes the paragraph's level.
    end = len(text)
    while end and text[end - 1] in " \t":
        end -= 1
        levels[end] = base
    items = list(zip(text, levels, strict=True))
    odd = [level for level in levels if level % 2]
    if odd:
        # L2: from the highest level down to the lowest odd one, reverse every run of
        # characters at that level or higher.
        for level in range(max(levels), min(odd) - 1, -1):
            i, count = 0, len(items)
            while i < count:
                if items[i][1] < level:
                    i += 1
                    continue
                j = i
                while j < count and items[j][1] >= level:
                    j += 1
                items[i:j] = items[i:j][::-1]
                i = j
    # L4: a mirrored character at a right-to-left level is drawn as its mirror image.
    drawn = "".join(MIRRORED.get(char, char) if level % 2 else char for char, level in items)
    return drawn.translate(_MARKS)


#: Where a line may break: white space, but not the no-break spaces (U+00A0, U+2007, U+202F)
#: that compose puts where two words must stay on one line ("№ 5", "3 December").
_BREAKABLE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def wrap_logical(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap in logical order; a word wider than the line is cut between characters."""
    lines: list[str] = []
    space = pdfmetrics.stringWidth(" ", font, size)
    for hard_line in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in _BREAKABLE.split(hard_line.strip()):
            if not word:
                continue
            w = pdfmetrics.stringWidth(word, font, size)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                piece = ""
                for char in word:
                    if piece and pdfmetrics.stringWidth(piece + char, font, size) > width:
                        lines.append(piece)
                        piece = ""
                    piece += char
                current, used = [piece], pdfmetrics.stringWidth(piece, font, size)
                continue
            needed = w if not current else used + space + w
            if current and needed > width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                current.append(word)
                used = needed
        lines.append(" ".join(current))
    return lines


class BidiText(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Text with Arabic in it: shaped, wrapped in logical order, each line put in visual
    order with the paragraph's base direction (`base_dir` "R" or "L") and drawn.

    reportlab's own right-to-left support needs rlbidi, which is not on PyPI.
    """

    def __init__(
        self,
        shaped: str,
        pstyle: ParagraphStyle,
        alignment: int,
        lines: list[str] | None = None,
        base_dir: str = "R",
    ) -> None:
        super().__init__()
        self.shaped = shaped
        self.base_dir = base_dir
        self.style = pstyle
        self.alignment = alignment
        self.spaceBefore = pstyle.spaceBefore
        self.spaceAfter = pstyle.spaceAfter
        self.keepWithNext = pstyle.keepWithNext
        self._lines = lines
        self._wrapped_at = -1.0 if lines is None else float("nan")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._lines is None or (availWidth != self._wrapped_at and self._wrapped_at >= 0):
            style = self.style
            logical = wrap_logical(self.shaped, style.fontName, style.fontSize, availWidth)
            self._lines = [get_display(line, base_dir=self.base_dir) for line in logical]
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self._lines):
            # Measured at another width it did not fit; at this one it does. A table cell
            # split expects two pieces (reportlab indexes [1]): the rest is empty.
            rest = BidiText(self.shaped, self.style, self.alignment, [], self.base_dir)
            rest.spaceBefore = 0
            return [self, rest]
        first = BidiText(self.shaped, self.style, self.alignment, self._lines[:fit], self.base_dir)
        rest = BidiText(self.shaped, self.style, self.alignment, self._lines[fit:], self.base_dir)
        first.spaceAfter = 0
        rest.spaceBefore = 0
        rest.keepWithNext = self.keepWithNext
        first.keepWithNext = 0
        pass_ref(self, [first, rest])
        return [first, rest]

    def draw(self) -> None:
        assert self._lines is not None
        canv, style = self.canv, self.style
        canv.setFont(style.fontName, style.fontSize, style.leading)
        canv.setFillColor(style.textColor)
        # First baseline as Paragraph puts it, so Arabic lines up with Latin in a row.
        y = self.height - style.fontSize
        alignment = self.alignment
        if alignment == TA_JUSTIFY:  # set flush to the side the lines start from
            alignment = TA_RIGHT if self.base_dir == "R" else TA_LEFT
        for line in self._lines:
            if alignment == TA_CENTER:
                canv.drawCentredString(self.width / 2, y, line)
            elif alignment == TA_LEFT:
                canv.drawString(0, y, line)
            else:
                canv.drawRightString(self.width, y, line)
            y -= style.leading
