"""The Word base of one theme, built once per theme and process: styles, page, static parts.

`template_of(theme)` generates the styles part from the theme (`styles.py`), lays a theme
folder's own `reference.docx` over it, resolves every style id, shading and indent the body
writer needs, places the page furniture, and deflates the static parts once. The cache is
keyed by the theme's fingerprint (and the reference file's size and time), so equal themes,
pickled ones in a worker included, share one Template.
"""

from __future__ import annotations

import copy
from typing import Final

from lxml import etree

from briefgen.render.docx.fonts import FONT_CONTENT_TYPE, FONT_RELATIONSHIP, embedded_fonts
from briefgen.render.docx.letterhead import letterhead_of
from briefgen.render.docx.markup import OFFICE, RT, TYPE, VAL, WML, fragment, w, xml
from briefgen.render.docx.package import Entry, entry, relationships
from briefgen.render.docx.styles import (
    FontFacts,
    after_table_spacing,
    by_style_name,
    font_facts,
    font_table_part,
    merge_reference,
    merge_template,
    settings_part,
    styles_part,
    word_names,
)
from briefgen.theme import NAMED_STYLES, Theme, template_parts

_PPR, _RPR, _SHD, _TCPR, _TBLPR = map(w, ("pPr", "rPr", "shd", "tcPr", "tblPr"))
_W_ATTR: Final = w("w")

#: Relationship ids of the header and footer parts: (first page, other pages).
HEADER_IDS: Final = ("rIdBgHeaderFirst", "rIdBgHeader")
FOOTER_IDS: Final = ("rIdBgFooterFirst", "rIdBgFooter")

_STATIC_PARTS: Final = (
    ("rId1", "styles", "styles.xml"),
    ("rId2", "settings", "settings.xml"),
    ("rId3", "fontTable", "fontTable.xml"),
)


def _twips(points: float) -> int:
    return round(points * 20)


def _spacing(before: float, after: float) -> str:
    return f'<w:spacing w:before="{_twips(max(before, 0))}" w:after="{_twips(max(after, 0))}"/>'


class Template:
    """Everything render needs from a theme's Word base, resolved once."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        font = font_facts(theme.fonts.regular)
        styles = styles_part(theme, font)
        word_theme: bytes | None = None
        if theme.word.template is not None:
            parts = template_parts(theme)
            merge_template(
                styles,
                parts["word/styles.xml"],
                where=f"{theme.source}: docx.template: {theme.word.template.name}",
            )
            word_theme = parts.get("word/theme/theme1.xml")
        if theme.reference_docx is not None:
            merge_reference(styles, theme.reference_docx)
        by_name = by_style_name(styles)

        found: dict[str, etree._Element] = {}
        self.style_ids: dict[str, str] = {}
        self.table_ids: dict[str, str] = {}
        self.first_row_shd: dict[str, str] = {}  # shading markup ("" for none)
        self.first_col_shd: dict[str, str] = {}
        self.cell_margin: dict[str, int] = {}
        tables = {s.name for s in NAMED_STYLES if s.kind == "table"}
        for ours, word in word_names().items():
            if ours in tables:
                kind = ours.split(".", 1)[1]
                style = by_name[("table", word.casefold())]
                self.table_ids[kind] = style.get(w("styleId"), "")
                self.first_row_shd[kind] = fragment(_conditional_shd(style, "firstRow"))
                self.first_col_shd[kind] = fragment(_conditional_shd(style, "firstCol"))
                margin = style.find(f"{_TBLPR}/{w('tblCellMar')}/{w('left')}")
                self.cell_margin[kind] = int(margin.get(_W_ATTR, "0")) if margin is not None else 0
                continue
            style = by_name[("paragraph", word.casefold())]
            found[ours] = style
            self.style_ids[ours] = style.get(w("styleId"), "")

        # For a left-to-right paragraph set among right-to-left ones: whether its style keeps
        # lines to the start (left, or not set) rather than centring or justifying them, and
        # the style's indents swapped (a side the style leaves out is 0, so the style's value
        # does not show through).
        self.starts_lines: dict[str, bool] = {}
        self.mirrored_indent: dict[str, str] = {}
        for ours, style in found.items():
            jc = style.find(f"{_PPR}/{w('jc')}")
            self.starts_lines[ours] = jc is None or jc.get(VAL) in ("left", "start")
            ind = style.find(f"{_PPR}/{w('ind')}")
            if ind is None:
                continue
            swapped = copy.deepcopy(ind)
            for one, other in (("left", "right"), ("start", "end")):
                values = (ind.get(w(one)), ind.get(w(other)))
                if values != (None, None):
                    swapped.set(w(one), values[1] or "0")
                    swapped.set(w(other), values[0] or "0")
            self.mirrored_indent[ours] = fragment(swapped)

        # A language tag (a run of the `tag` style) is formatted directly: it has no Word
        # style of its own, so a user's template cannot hide it.
        tag = theme.style("tag")
        self.tag_bold = tag.bold
        self.tag_look = (
            f'<w:color w:val="{tag.colour.lstrip("#")}"/>'
            f'<w:sz w:val="{round(tag.size * 2)}"/><w:szCs w:val="{round(tag.size * 2)}"/>'
            + (
                f'<w:shd w:val="clear" w:color="auto" w:fill="{tag.fill.lstrip("#")}"/>'
                if tag.fill
                else ""
            )
        )

        # A section row is shaded over the whole cell in the colour its paragraph style gives.
        self.section_shd = fragment(found["cell.section"].find(f"{_PPR}/{_SHD}"))

        # The watermark: colour and font from its Word style, the rest from the theme.
        watermark = found["page.watermark"]
        color = watermark.find(f"{_RPR}/{w('color')}")
        self.watermark_color = color.get(VAL) if color is not None else None
        fonts = watermark.find(f"{_RPR}/{w('rFonts')}")
        if fonts is None:
            fonts = styles.find(f"{w('docDefaults')}//{w('rFonts')}")
        self.watermark_font = fonts.get(w("ascii")) if fonts is not None else None
        self.watermark_style = theme.style("page.watermark")

        # The gap after each kind of table and after the signatures.
        self.after_table = {
            kind: after_table_spacing(theme.style(f"table.{kind}").space_after)
            for kind in self.table_ids
        }
        self.after_signatures = after_table_spacing(theme.style("signature.block").space_after)
        self.signatures_before = theme.style("signature.block").space_before
        self.list_style = theme.style("list")
        # The space before and after each paragraph style, for the gaps between blocks.
        paragraphs = [name for name in found if name in theme.styles]
        self.space_before = {name: theme.style(name).space_before for name in paragraphs}
        self.space_after = {name: theme.style(name).space_after for name in paragraphs}

        self._place_page(theme, font)

        # Static parts: deflated now, copied into every document as they are.
        embedded = embedded_fonts(theme)
        blobs = {
            "styles.xml": xml(styles),
            "settings.xml": settings_part(embed_fonts=bool(embedded)),
            "fontTable.xml": font_table_part(font, [(f.element, f.rid, f.key) for f in embedded]),
        }
        self.static: list[Entry] = []
        self.overrides: list[tuple[str, str]] = []
        self.kept_rels: list[tuple[str, str, str]] = []
        for rid, kind, target in _STATIC_PARTS:
            self.static.append(entry(f"word/{target}", blobs[target]))
            self.overrides.append((f"/word/{target}", f"{WML}.{kind}+xml"))
            self.kept_rels.append((rid, f"{RT}/{kind}", target))
        if embedded:
            self.static.append(
                entry(
                    "word/_rels/fontTable.xml.rels",
                    relationships(
                        [(f.rid, FONT_RELATIONSHIP, f.name.removeprefix("word/")) for f in embedded]
                    ),
                )
            )
            for f in embedded:
                self.static.append(entry(f.name, f.data))
                self.overrides.append((f"/{f.name}", FONT_CONTENT_TYPE))
        if word_theme is not None:  # the template's theme: the fonts and colours it names
            self.static.append(entry("word/theme/theme1.xml", word_theme))
            self.overrides.append(("/word/theme/theme1.xml", f"{OFFICE}.theme+xml"))
            self.kept_rels.append(("rIdBgTheme", f"{RT}/theme", "theme/theme1.xml"))
        # The ministry's Word letterhead: its headers' and footers' content and pictures.
        self.letterhead = letterhead_of(theme)
        if self.letterhead is not None:
            self.overrides += self.letterhead.overrides
        self.furniture: dict[tuple[object, ...], list[Entry]] = {}
        self.content_types: dict[tuple[str, ...], Entry] = {}

    def _place_page(self, theme: Theme, font: FontFacts) -> None:
        """Page size, margins and where the furniture's lines sit, as in the PDF.

        The PDF puts the top marking's cap line at `page.marking` from the top edge, the
        running header's baseline at `page.header`, the footer's baseline at `page.footer`
        and the bottom marking's baseline at `page.marking` from the bottom edge. Word stacks
        the furniture from its header and footer distances, so those distances and the
        spacing of each furniture paragraph are computed to put each line at the same place.
        """
        page = theme.page
        marking = theme.style("page.marking")
        header = theme.style("page.header")
        footer = theme.style("page.footer")
        self.text_width = _twips(page.width - page.left - page.right)
        self.text_height = _twips(page.height - page.top - page.bottom)
        # Header: the marking's line starts where its text reaches up to the PDF's.
        header_top = (
            page.marking + font.ascent * marking.size - (font.line(marking) - font.depth(marking))
        )
        running_top = page.header - (font.line(header) - font.depth(header))
        self.header_spacing = {
            marked: _spacing(
                running_top - header_top - (font.line(marking) if marked else 0),
                header.space_after,
            )
            for marked in (False, True)
        }
        # Footer: the last line (the marking, if any) ends on its baseline's descent.
        footer_bottom = page.marking - font.depth(marking)
        footer_line_bottom = page.footer - font.depth(footer)
        self.footer_spacing = {
            marked: _spacing(
                0, footer_line_bottom - footer_bottom - (font.line(marking) if marked else 0)
            )
            for marked in (False, True)
        }
        # Below a letterhead, the first page's header reaches down to the letterhead's `top`
        # (Word starts the body below a header taller than the top margin): the header holds
        # the marking's line, a box of exactly the rest of the height (the letterhead's
        # content, clipped to it) and a closing paragraph of 1 pt.
        letterhead = theme.letterhead
        box = (
            letterhead.top - header_top - font.line(marking) - 1
            if letterhead and letterhead.top > page.top
            else 0
        )
        self.first_header_box = _twips(box) if box >= 1 else 0
        sizes = f'<w:pgSz w:w="{_twips(page.width)}" w:h="{_twips(page.height)}"/>'
        margins = (
            f'<w:pgMar w:top="{_twips(page.top)}" w:right="{_twips(page.right)}" '
            f'w:bottom="{_twips(page.bottom)}" w:left="{_twips(page.left)}" '
            f'w:header="{_twips(header_top)}" w:footer="{_twips(footer_bottom)}" w:gutter="0"/>'
        )
        refs = "".join(
            f'<w:{tag} w:type="{kind}" r:id="{rid}"/>'
            for tag, kind, rid in (
                ("headerReference", "first", HEADER_IDS[0]),
                ("headerReference", "default", HEADER_IDS[1]),
                ("footerReference", "first", FOOTER_IDS[0]),
                ("footerReference", "default", FOOTER_IDS[1]),
            )
        )
        # The first page has its own header: the running header starts on page 2.
        self.section = {
            rtl: f'<w:sectPr>{refs}{sizes}{margins}<w:cols w:space="708"/><w:titlePg/>'
            f'{"<w:bidi/>" if rtl else ""}<w:docGrid w:linePitch="360"/></w:sectPr>'
            for rtl in (False, True)
        }

    def table_width(self, kind: str) -> int:
        """The text width, plus the cell margins of a borderless table that sits outdented."""
        return self.text_width + (2 * self.cell_margin[kind] if kind == "plain" else 0)


def _conditional_shd(style: etree._Element, kind: str) -> etree._Element | None:
    return style.find(f"{w('tblStylePr')}[@{TYPE}='{kind}']/{_TCPR}/{_SHD}")


_TEMPLATES: dict[tuple[object, ...], Template] = {}
_CACHE_SIZE: Final = 16


def template_of(theme: Theme) -> Template:
    """The Template of `theme`, built on first use in this process."""
    key = (theme.fingerprint, *_stamps(theme))
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) >= _CACHE_SIZE:  # a long-lived process trying many themes
            _TEMPLATES.pop(next(iter(_TEMPLATES)))
        template = _TEMPLATES[key] = Template(theme)
    return template


def _stamps(theme: Theme) -> tuple[int, ...]:
    """Size and modification time of each Word file the theme names: a long-lived process
    (build --watch) builds the template again when one is saved."""
    letterhead = theme.letterhead
    files = (
        theme.reference_docx,
        theme.word.template,
        letterhead.docx if letterhead else None,
    )
    stamps: list[int] = []
    for path in files:
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        stamps += (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    return tuple(stamps)


__all__ = ["FOOTER_IDS", "HEADER_IDS", "Template", "template_of"]
