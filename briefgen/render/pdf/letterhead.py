"""The ministry's letterhead under the first page of the PDF.

A theme's `[letterhead] pdf` is a one-page PDF, or a PNG or JPEG picture, of the page's
size. A picture is drawn by the page furniture before anything else on the first page
(`draw_picture`); a PDF page is laid under the first page after reportlab has written the
document (`underlay`, with pikepdf, a post-processing step of its own), scaled to the page.
Either way the letterhead lies under everything the page carries, the classification marking
at the top edge included. The body of the first page starts at the letterhead's `top`
(the first page's frame, `document.build`).

`underlay` keeps the output deterministic: the same document and theme give the same bytes
(a fixed resource name, and a document id derived from the content).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from briefgen.errors import ThemeError
from briefgen.theme import Theme, letterhead_pdf

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["draw_picture", "is_picture", "underlay"]


def is_picture(theme: Theme) -> bool:
    """Whether the theme's PDF letterhead is a picture (PNG or JPEG) rather than a PDF."""
    letterhead = theme.letterhead
    return (
        letterhead is not None
        and letterhead.pdf is not None
        and letterhead.pdf.suffix.lower() != ".pdf"
    )


def draw_picture(canv: Canvas, theme: Theme) -> None:
    """Draw a picture letterhead over the whole page (call first, on the first page)."""
    letterhead = theme.letterhead
    assert letterhead is not None and letterhead.pdf is not None
    page = theme.page
    canv.drawImage(str(letterhead.pdf), 0, 0, width=page.width, height=page.height, mask="auto")


def underlay(pdf: bytes, theme: Theme) -> bytes:
    """`pdf` with the theme's PDF letterhead laid under its first page (unchanged when the
    theme has none, or a picture one). A letterhead that is no readable one-page PDF is a
    ThemeError naming the theme file and key."""
    letterhead = theme.letterhead
    if letterhead is None or letterhead.pdf is None or is_picture(theme):
        return pdf
    import pikepdf

    where = f"{theme.source}: letterhead.pdf: {letterhead.pdf.name}"
    blob = letterhead_pdf(theme)
    try:
        source = pikepdf.open(io.BytesIO(blob))
    except pikepdf.PdfError as exc:
        raise ThemeError(f"{where}: not a readable PDF ({exc})") from exc
    with source, pikepdf.open(io.BytesIO(pdf)) as document:
        if len(source.pages) != 1:
            raise ThemeError(f"{where}: has {len(source.pages)} pages; a letterhead is one page")
        if source.is_encrypted:
            raise ThemeError(f"{where}: is encrypted; save it without a password")
        first = document.pages[0]
        page = source.pages[0]
        form = document.copy_foreign(page.as_form_xobject())
        # Under a fixed resource name (pikepdf's own underlay picks a random one, and the
        # bytes would differ from run to run), scaled from the letterhead's page to ours.
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        _, _, width, height = (float(v) for v in first.mediabox)
        sx, sy = width / (x1 - x0), height / (y1 - y0)
        first.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/BgLetterhead"))
        draw = f"q {sx:.6f} 0 0 {sy:.6f} {-x0 * sx:.4f} {-y0 * sy:.4f} cm /BgLetterhead Do Q\n"
        first.contents_add(pikepdf.Stream(document, draw.encode("ascii")), prepend=True)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()
