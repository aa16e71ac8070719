"""PDF renderer: lays a Document out with reportlab platypus and returns the PDF's bytes.

It decides nothing about content; it maps blocks to flowables in the theme's named styles
and draws the page furniture (marking, watermark, running header, footer, "Page X of Y").

What it guarantees, because reportlab does not by itself:
- the same Document and theme give the same bytes, in any process (`rl_config.invariant`);
- only the theme's embedded TrueType fonts appear (no unembedded Helvetica);
- every character is printable in the theme's font, or a RenderError names it (reportlab
  would drop it silently);
- Arabic is shaped (arabic-reshaper), wrapped in logical order and put in visual order line
  by line (python-bidi), right-aligned, wherever it appears;
- a layout failure is a RenderError naming the document, the table and the row.

Importing this package changes nothing: reportlab's settings are made and the fonts
registered on the first `render` call (`fonts.prepare`), and only then is platypus imported.

The modules, by job:
- `fonts`: reportlab's process settings and the theme's registered font family;
- `scripts`: right-to-left text (Arabic wrapped in logical order, drawn in visual order);
- `styles`: the per-theme kit (paragraph styles, colours, parsed fragments);
- `furniture`: what every page carries, and the canvas that knows the page total;
- `tables` and `layout`: the Document's blocks as flowables;
- `document`: the page template, the build, and layout failures as RenderError;
- `letterhead`: the theme's letterhead under the first page (a post-processing step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.compose.blocks import Document
    from briefgen.theme import Theme

__all__ = ["render"]


def render(document: Document, theme: Theme) -> bytes:
    """The Document as PDF bytes, laid out in the theme; the same input gives the same bytes."""
    from briefgen.render.pdf.fonts import prepare

    prepare()  # before anything imports platypus, which reads the base font name then
    from briefgen.render.pdf.document import build
    from briefgen.render.pdf.letterhead import underlay

    # Post-processing of the written PDF, each step a function of its own module.
    return underlay(build(document, theme), theme)
