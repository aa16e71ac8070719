"""Page furniture of the PDF: what every page carries besides the body.

The watermark, the classification marking at the top and bottom, the running header (from
the second page), the footer text and rule, the logo on the first page, and "Page X of Y":
`NumberedCanvas` keeps every page until `save()`, when the total is known. Arabic furniture
is joined and put in visual order like body text.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from briefgen.compose.blocks import Document
from briefgen.render.pdf.letterhead import draw_picture, is_picture
from briefgen.render.pdf.scripts import get_display
from briefgen.text import drop_undrawn, has_rtl_script
from briefgen.theme import Style

if TYPE_CHECKING:
    from briefgen.render.pdf.layout import Layout

__all__ = ["Furniture", "NumberedCanvas"]


class Furniture:
    """Draws what every page carries; the page total is drawn when the canvas is saved."""

    def __init__(self, document: Document, layout: Layout) -> None:
        self.document = document
        self.layout = layout
        kit = layout.kit
        self.kit = kit
        self.page = kit.theme.page
        texts = (document.marking, document.watermark, document.header, document.footer)
        for text, style in zip(texts, ("marking", "watermark", "header", "footer"), strict=True):
            if text:
                layout.check(text, kit.style(f"page.{style}"))
        label = document.page_label.replace("{page}", "0").replace("{pages}", "0")
        layout.check(label, kit.style("page.footer"))

    def _text(self, text: str, style: Style) -> tuple[str, str]:
        """(text to draw, font) for one line of furniture, Arabic put in visual order."""
        rtl = self.document.rtl
        upright = has_rtl_script(text)
        font = self.kit.font(style, rtl=upright)
        if upright or rtl:
            text = get_display(self.kit.fonts.reshape(font, text), base_dir="R" if rtl else "L")
        # Invisible characters the face has no glyph for would print as boxes.
        return drop_undrawn(text, self.kit.fonts.cmaps[self.kit.fonts.names.index(font)]), font

    def on_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Under the content: watermark, markings, running header, footer text, logo."""
        document, page, kit = self.document, self.page, self.kit
        canv.saveState()
        if doc.page == 1 and is_picture(kit.theme):  # a picture letterhead, under everything
            draw_picture(canv, kit.theme)
        if document.watermark:
            style = kit.style("page.watermark")
            text, font = self._text(document.watermark, style)
            canv.saveState()
            canv.setFillColor(kit.colour(style.colour), alpha=style.opacity)
            canv.setFont(font, style.size)
            canv.translate(page.width / 2, page.height / 2)
            canv.rotate(style.angle)
            canv.drawCentredString(0, -style.size * 0.35, text)
            canv.restoreState()
        if document.marking:
            style = kit.style("page.marking")
            text, font = self._text(document.marking, style)
            ascent = pdfmetrics.getAscent(font, style.size)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            canv.drawCentredString(page.width / 2, page.height - page.marking - ascent, text)
            canv.drawCentredString(page.width / 2, page.marking, text)
        if document.header and doc.page > 1:
            style = kit.style("page.header")
            text, font = self._text(document.header, style)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            y = page.height - page.header
            self._draw_aligned(canv, text, y, start=True)
            if style.rule:
                canv.setStrokeColor(kit.colour(style.rule))
                canv.setLineWidth(style.rule_width)
                rule_y = y - style.padding
                canv.line(page.left, rule_y, page.width - page.right, rule_y)
        style = kit.style("page.footer")
        if style.rule:
            canv.setStrokeColor(kit.colour(style.rule))
            canv.setLineWidth(style.rule_width)
            rule_y = page.footer + style.size + style.padding
            canv.line(page.left, rule_y, page.width - page.right, rule_y)
        if document.footer:
            text, font = self._text(document.footer, style)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            self._draw_aligned(canv, text, page.footer, start=True)
        if page.logo is not None and doc.page == 1:
            canv.drawImage(
                str(page.logo),
                page.left,
                page.height - page.top + kit.style("body").space_after,
                height=page.logo_height,
                width=None,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
        canv.restoreState()

    def draw_page_label(self, canv: Canvas, number: int, total: int) -> None:
        """'Page X of Y' at the footer's end, once the total is known."""
        if not self.document.page_label:
            return
        style = self.kit.style("page.footer")
        label = self.document.page_label.replace("{page}", str(number))
        text, font = self._text(label.replace("{pages}", str(total)), style)
        canv.saveState()
        canv.setFillColor(self.kit.colour(style.colour))
        canv.setFont(font, style.size)
        self._draw_aligned(canv, text, self.page.footer, start=False)
        canv.restoreState()

    def _draw_aligned(self, canv: Canvas, text: str, y: float, *, start: bool) -> None:
        # In a right-to-left document the start of a line is on the right.
        if start != self.document.rtl:
            canv.drawString(self.page.left, y, text)
        else:
            canv.drawRightString(self.page.width - self.page.right, y, text)


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas that keeps each page until save(), when the page total is known."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []
        self._targets: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **where: Any) -> None:  # noqa: N802  # reportlab's name
        # A link target (`<a name>`) belongs to the page it stands on, which is only written
        # in save(): bound now, every target would point at the first page.
        self._targets.append((key, where))

    def showPage(self) -> None:  # noqa: N802  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._targets = []
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw_page_label(self, number, total)
            for key, where in state["_targets"]:
                Canvas.bookmarkPage(self, key, **where)
            Canvas.showPage(self)
        Canvas.save(self)
