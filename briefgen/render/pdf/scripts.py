"""Right-to-left scripts in the PDF: Arabic wrapped in logical order, each line drawn in
visual order.

reportlab's own right-to-left support needs rlbidi, which is not on PyPI. What works:
join the letters (arabic-reshaper, in `briefgen.glyphs`, with the ligatures the face has),
wrap the joined text in logical order, then put each line in visual order with python-bidi's
`bidi.algorithm.get_display` (the top-level `bidi.get_display` does not mirror brackets),
and draw it right-aligned.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

from bidi.algorithm import get_display as _bidi_display
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from briefgen.render.pdf.tables import pass_ref

__all__ = ["RtlText", "get_display", "wrap_logical"]

# python-bidi 0.6 fails an assertion on the isolate controls (U+2066-U+2069), which it does
# not implement; they only steer ordering, which get_display decides for the whole line.
_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))


def get_display(text: str, base_dir: str) -> str:
    """The line in visual order (python-bidi), without the isolates it cannot handle."""
    return str(_bidi_display(text.translate(_ISOLATES), base_dir=base_dir))


def wrap_logical(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap in logical order; a word wider than the line is cut between characters."""
    lines: list[str] = []
    space = pdfmetrics.stringWidth(" ", font, size)
    for hard_line in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in hard_line.split():
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


class RtlText(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Arabic text: shaped, wrapped in logical order, each line drawn in visual order.

    reportlab's own right-to-left support needs rlbidi, which is not on PyPI.
    """

    def __init__(
        self,
        shaped: str,
        pstyle: ParagraphStyle,
        alignment: int,
        lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.shaped = shaped
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
            self._lines = [get_display(line, base_dir="R") for line in logical]
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
            rest = RtlText(self.shaped, self.style, self.alignment, [])
            rest.spaceBefore = 0
            return [self, rest]
        first = RtlText(self.shaped, self.style, self.alignment, self._lines[:fit])
        rest = RtlText(self.shaped, self.style, self.alignment, self._lines[fit:])
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
        for line in self._lines:
            if self.alignment == TA_CENTER:
                canv.drawCentredString(self.width / 2, y, line)
            elif self.alignment == TA_LEFT:
                canv.drawString(0, y, line)
            else:
                canv.drawRightString(self.width, y, line)
            y -= style.leading
