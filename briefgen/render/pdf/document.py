"""The PDF document: the page template, the build, and the translation of layout failures.

`build` lays the flowables of `Layout` into a frame on pages drawn by `Furniture`, on a
`NumberedCanvas` (for "Page X of Y"), with invariant metadata from the Document's meta. A
reportlab `LayoutError` becomes a `RenderError` naming the record, the table and the row
(`DocTemplate` remembers the flowable being placed).

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus.doctemplate import LayoutError

from briefgen.compose.blocks import Document
from briefgen.errors import RenderError
from briefgen.render.pdf.furniture import Furniture, NumberedCanvas
from briefgen.render.pdf.layout import Layout, SignatureLine, shorten
from briefgen.render.pdf.styles import kit_of
from briefgen.render.pdf.tables import find_table
from briefgen.theme import Theme

__all__ = ["DocTemplate", "build"]


class DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """Remembers the flowable being placed, so a layout failure can name its table and row."""

    current: Flowable | None = None
    named_table: Flowable | None = None  # the last whole table met; its pieces have no name

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.current = flowables[0] if flowables else None
        table = find_table(self.current)
        if table is not None and hasattr(table, "briefgen_name"):
            self.named_table = table
        super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802
        # A heading kept with a table becomes one KeepTogether holding both: remember that.
        super().handle_keepWithNext(flowables)
        self.current = flowables[0] if flowables else None


def build(
    document: Document, theme: Theme, *, signature_lines: list[SignatureLine] | None = None
) -> bytes:
    """The Document as PDF bytes, laid out in the theme (see `briefgen.render.pdf.render`).

    `signature_lines`, if given, receives where each party's signature line was drawn.
    """
    kit = kit_of(theme)
    layout = Layout(document, kit)
    story = list(layout.flowables(document.blocks))
    if document.summary:  # a reviewer's summary: pages of its own before the document
        story[:0] = [*layout.flowables(document.summary), RLPageBreak()]
    furniture = Furniture(document, layout)
    page = theme.page
    buffer = io.BytesIO()
    meta = document.meta
    doc = DocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=meta.title,
        subject=meta.subject,
        author=meta.author,
        keywords=list(meta.keywords),
        creator="briefgen",
        lang=meta.language,
        initialFontName=kit.fonts.family,
        invariant=1,
    )
    def body(top: float, name: str) -> Frame:
        """The text area from `top` (points below the page's top edge) to the bottom margin."""
        return Frame(
            page.left,
            page.bottom,
            kit.frame_width,
            page.height - top - page.bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    frame = body(page.top, "body")
    templates = [PageTemplate(id="page", frames=[frame], onPage=furniture.on_page)]
    letterhead = theme.letterhead
    if letterhead is not None and letterhead.top > page.top:
        # Below a letterhead, the body of the first page starts lower.
        first = body(letterhead.top, "first")
        templates.insert(
            0,
            PageTemplate(
                id="first", frames=[first], onPage=furniture.on_page, autoNextPageTemplate="page"
            ),
        )
    doc.addPageTemplates(templates)
    maker: Callable[..., Canvas] = partial(NumberedCanvas, furniture=furniture)
    try:
        doc.build(story, canvasmaker=maker)
    except LayoutError as exc:
        # reportlab's word for a flowable that fits no frame. Only this is translated: the
        # input problems reportlab reports otherwise (a cell narrower than its padding) are
        # refused by the layout first, and anything else is a bug that keeps its traceback.
        where = layout.describe_failure(doc.current, doc.named_table)
        raise RenderError(
            f"{meta.id}: {where}cannot lay this out on the page ({shorten(str(exc), 200)})"
        ) from exc
    if signature_lines is not None:
        signature_lines.extend(layout.signature_lines)
    return buffer.getvalue()
