"""Renderers: the contract every output format keeps, and the registry of formats.

The contract. A renderer is a module (or package) with one public function

    render(document: Document, theme: Theme, options: Options | None = None) -> bytes

that returns the whole file. `options` are the build's (`briefgen.options.Options`); a
renderer reads those that concern its format (the PDF's `pdfa` and `signature_fields`) and
leaves the others alone; None means the defaults. It presents what compose decided and
decides nothing about content: no wording, ordering, numbering, language choice or layout
decision that the other format would have to repeat (those live in `briefgen.compose`); it
only maps blocks to its library's objects in the theme's named styles, and draws the page
furniture the Document asks for. It must:

- give the same bytes for the same Document and theme, in any process (no clock, no random
  ids, no dependence on the machine's installed fonts);
- print every character of the Document or fail: never drop or substitute a glyph silently
  (`briefgen.coverage` refuses such records before rendering, for every format alike);
- raise `RenderError` naming the record and the part (table, row, signature) when a valid
  Document cannot be laid out, catching only its library's own layout exceptions at that
  boundary (a bug of ours stays a traceback), and `ThemeError` for an unusable theme;
- change no library's global settings and register nothing when imported: such set-up is
  done on the first `render` call;
- never import another renderer, `briefgen.coverage`, `briefgen.load` or the CLI.

The registry. `FORMATS` maps a format name to its `Format` entry; this is the only place
where a renderer module is named, and it is imported only when a document of that format
is rendered, so `briefgen check` never imports reportlab or python-docx. Adding a format
means: one renderer module and one entry here; the shared render suite
(`tests/render/test_formats.py`) then runs against it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from briefgen.compose.blocks import Document
    from briefgen.options import Options
    from briefgen.theme import Theme

__all__ = ["FORMATS", "Format", "format_named", "render"]

Renderer = Callable[["Document", "Theme", "Options | None"], bytes]


@attrs.frozen(kw_only=True)
class Format:
    """One output format: its name, file extension, media type and renderer module."""

    name: str
    extension: str
    media_type: str
    module: str

    def renderer(self) -> Renderer:
        """The format's `render` function, imported on first use."""
        render_function: Renderer = importlib.import_module(self.module).render
        return render_function


FORMATS: Mapping[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            name="docx",
            extension="docx",
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            module="briefgen.render.docx",
        ),
        Format(
            name="pdf",
            extension="pdf",
            media_type="application/pdf",
            module="briefgen.render.pdf",
        ),
    )
}


def format_named(name: str) -> Format:
    """The format called `name`; a ValueError naming the known formats otherwise."""
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown format {name!r} (formats: {', '.join(FORMATS)})") from None


def render(document: Document, fmt: str, theme: Theme, options: Options | None = None) -> bytes:
    """Render a Document to the bytes of a file in format `fmt`, as the build `options` ask."""
    return format_named(fmt).renderer()(document, theme, options)
