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
- `archive`: the finished file as an archive or a signing ministry asks (PDF/A-2b, signature
  fields), a step on the written bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.compose.blocks import Document
    from briefgen.options import Options
    from briefgen.render.pdf.layout import SignatureLine
    from briefgen.theme import Theme

__all__ = ["render"]


def render(document: Document, theme: Theme, options: Options | None = None) -> bytes:
    """The Document as PDF bytes, laid out in the theme; the same input gives the same bytes.

    Of the build `options`, `pdfa` (None: the theme's `[pdf] pdfa`) and `signature_fields`
    apply (`briefgen.render.pdf.archive`).
    """
    from briefgen.render.pdf.fonts import prepare

    prepare()  # before anything imports platypus, which reads the base font name then
    from briefgen.render.pdf.document import build
    from briefgen.render.pdf.letterhead import underlay

    pdfa = theme.pdf.pdfa if options is None or options.pdfa is None else options.pdfa
    fields = options is not None and options.signature_fields
    lines: list[SignatureLine] = []
    # Post-processing of the written PDF, each step a function of its own module: the
    # letterhead under page 1, then the archive (PDF/A and fields), checked last.
    data = underlay(build(document, theme, signature_lines=lines), theme)
    if pdfa or fields:
        from briefgen.render.pdf.archive import finish

        data = finish(data, document, pdfa=pdfa, signature_lines=lines if fields else None)
    return data
