"""Render a Document as a Word file (DOCX) in the look of a theme.

The renderer presents what compose decided and decides nothing about content. The look comes
from the theme's `theme.toml`, the one source of both formats: the Word styles, page size,
margins and furniture positions are generated from it once per theme and process
(`styles.py`, `template.py`), and referred to by style name, so a document's DOCX and PDF
share margins, colours, fonts and sizes. A theme's Word template (`[docx] template`) is the
base of the styles and a theme folder's own `reference.docx` restyles the Word styles whose
names match; a theme's Word letterhead gives the headers and footers their letterhead (see
`briefgen.theme`).

Speed and reproducibility shape the design. The body, headers and footers are written
directly as WordprocessingML text (`body.py`, `furniture.py`; joining strings is several
times faster than building an lxml tree of the same elements), every user text escaped by
`markup.run`; the package is zipped by hand from entries whose static parts were deflated
once, with fixed dates and attributes (`package.py`), so the same Document always gives the
same bytes.

    body.py       blocks, tables, signatures and pictures to markup
    fonts.py      the theme's fonts embedded as Word embeds them (obfuscated parts)
    furniture.py  headers and footers: marking, running header, page counter, watermark
    letterhead.py a theme's Word letterhead: its headers' and footers' content and pictures
    markup.py     namespaces; runs, fields and parts as text
    package.py    the deterministic zip, content types, relationships, core properties
    styles.py     the theme's Word styles, settings and font table
    template.py   the per-theme Word base: resolved style ids, page, static parts (cached)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.compose.blocks import Document
from briefgen.render.docx.body import Writer
from briefgen.render.docx.furniture import furniture, logo_of
from briefgen.render.docx.markup import RT
from briefgen.render.docx.package import (
    APP,
    PACKAGE_RELS,
    Entry,
    content_types,
    core_properties,
    entry,
    relationships,
    zip_entries,
)
from briefgen.render.docx.template import FOOTER_IDS, HEADER_IDS, template_of
from briefgen.theme import Theme

if TYPE_CHECKING:
    from briefgen.options import Options

__all__ = ["render"]


def render(document: Document, theme: Theme, options: Options | None = None) -> bytes:
    """The DOCX bytes of `document` in the look of `theme`; the same input, the same bytes.

    No build option concerns the DOCX alone yet: `options` is taken and left alone.
    """
    template = template_of(theme)
    writer = Writer(template, document)
    body = writer.document_part()
    parts = furniture(writer)
    rels = list(template.kept_rels)
    rels += [
        (HEADER_IDS[0], f"{RT}/header", "header1.xml"),
        (HEADER_IDS[1], f"{RT}/header", "header2.xml"),
        (FOOTER_IDS[0], f"{RT}/footer", "footer1.xml"),
        (FOOTER_IDS[1], f"{RT}/footer", "footer2.xml"),
    ]
    media: list[Entry] = []
    for number, (rid, picture) in enumerate(writer.pictures, start=1):
        name = f"media/image{number}.{picture.ext}"
        rels.append((rid, f"{RT}/image", name))
        # Pictures are already compressed: storing them saves the deflate and loses nothing.
        media.append(entry(f"word/{name}", picture.data, deflate=False))
    logo = logo_of(writer)
    extensions = tuple(
        sorted({picture.ext for _, picture in writer.pictures} | ({logo.ext} if logo else set()))
    )
    types = template.content_types.get(extensions)
    if types is None:
        types = template.content_types[extensions] = content_types(extensions, template.overrides)
    return zip_entries(
        [
            types,
            PACKAGE_RELS,
            core_properties(document),
            APP,
            entry("word/document.xml", body),
            entry("word/_rels/document.xml.rels", relationships(rels)),
            *parts,
            *template.static,
            *media,
        ]
    )
