"""Page furniture: the headers (marking, running header, DRAFT watermark) and footers.

Two headers and two footers: the first page's (no running header) and the other pages'.
Their lines sit where the PDF draws them (see `Template._place_page`). Documents of a bulk
run mostly share their furniture, so its parts are deflated once per distinct furniture.
"""

from __future__ import annotations

import re
from typing import Final

from briefgen.render.docx.body import Picture, Writer, graphic, picture_at
from briefgen.render.docx.markup import (
    FOOTER_NAMESPACES,
    HEADER_NAMESPACES,
    RT,
    attr,
    field,
    part,
    run,
)
from briefgen.render.docx.package import FURNITURE_PARTS, Entry, entry, relationships
from briefgen.text import sanitise

_PAGE_FIELDS: Final = re.compile(r"(\{page\}|\{pages\})")
_CACHE_SIZE: Final = 64
_EMU_PER_POINT: Final = 12700


def furniture(writer: Writer) -> list[Entry]:
    """Header and footer parts; identical furniture across a bulk run is deflated once.

    A theme's Word letterhead (`letterhead.py`) adds its content after ours in each part,
    with its pictures; the theme's logo is on the first page's header.
    """
    template = writer.t
    d = writer.document
    key = (d.marking, d.watermark, d.header, d.footer, d.page_label, d.rtl)
    entries = template.furniture.get(key)
    if entries is None:
        letterhead = template.letterhead
        extra = letterhead.content if letterhead else ("", "", "", "")
        parts = (
            header_part(writer, running=False, extra=extra[0]),
            header_part(writer, running=True, extra=extra[1]),
            footer_part(writer, extra=extra[2]),
            footer_part(writer, extra=extra[3]),
        )
        entries = [entry(name, xml) for (name, _), xml in zip(FURNITURE_PARTS, parts, strict=True)]
        rels: list[list[tuple[str, str, str]]] = [
            list(letterhead.rels[i]) if letterhead else [] for i in range(4)
        ]
        logo = logo_of(writer)
        if logo is not None:
            rels[0].insert(0, (LOGO_ID, f"{RT}/image", f"media/logo.{logo.ext}"))
            # Pictures are already compressed: stored, not deflated again.
            entries.append(entry(f"word/media/logo.{logo.ext}", logo.data, deflate=False))
        for (name, _), part_rels in zip(FURNITURE_PARTS, rels, strict=True):
            if part_rels:
                folder, base = name.rsplit("/", 1)
                entries.append(entry(f"{folder}/_rels/{base}.rels", relationships(part_rels)))
        if letterhead:
            entries += letterhead.media
        if len(template.furniture) >= _CACHE_SIZE:
            template.furniture.clear()
        template.furniture[key] = entries
    return entries


def header_part(writer: Writer, *, running: bool, extra: str = "") -> bytes:
    """A header: the marking (if any), then the running header on pages after the first,
    then `extra` (a letterhead's header content)."""
    doc = writer.document
    spacing = writer.t.header_spacing[bool(doc.marking)]
    texts: list[tuple[str, str, str]] = []
    if doc.marking:
        texts.append(("page.marking", doc.marking, ""))
    if running and doc.header:
        texts.append(("page.header", doc.header, spacing))
    if not texts:
        texts.append(("page.marking", "", ""))
    paras = []
    for number, (style, text, props) in enumerate(texts):
        # The watermark (and on the first page the theme's logo) is anchored in the first
        # paragraph, before its text.
        runs = watermark(writer, doc.watermark) if doc.watermark and number == 0 else ""
        if number == 0 and not running:
            runs += logo(writer)
        runs += run(text, rtl=doc.rtl) if text else ""
        paras.append(writer.paragraph(style, runs, rtl=doc.rtl, spacing=props))
    box = writer.t.first_header_box
    if box and not running:
        extra = _boxed(extra, box, writer.t.text_width)
    return part("hdr", "".join(paras) + extra, HEADER_NAMESPACES)


def _boxed(content: str, height: int, width: int) -> str:
    """`content` in a borderless one-cell table exactly `height` twips tall (what does not
    fit is clipped), then a paragraph of 1 pt: the first page's header ends where the
    letterhead says the body starts."""
    if not content.endswith("</w:p>"):
        content += "<w:p/>"  # a cell ends with a paragraph
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid><w:tr><w:trPr>'
        f'<w:trHeight w:val="{height}" w:hRule="exact"/></w:trPr><w:tc><w:tcPr>'
        f'<w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc></w:tr></w:tbl>'
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def footer_part(writer: Writer, *, extra: str = "") -> bytes:
    """A footer: `extra` (a letterhead's footer content), its text at the start, the page
    counter at the end, then the marking at the bottom edge."""
    doc = writer.document
    t = writer.t
    # The page counter sits at the right margin, wherever the theme puts the margins.
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{t.text_width}"/></w:tabs>'
    runs = run(doc.footer, rtl=doc.rtl) if doc.footer else ""
    runs += run("", tail="<w:tab/>")
    for piece in _PAGE_FIELDS.split(doc.page_label):
        if piece == "{page}":
            runs += field("PAGE")
        elif piece == "{pages}":
            runs += field("NUMPAGES")
        elif piece:
            runs += run(piece, rtl=doc.rtl)
    spacing = t.footer_spacing[bool(doc.marking)]
    body = extra + writer.paragraph("page.footer", runs, rtl=doc.rtl, tabs=tabs, spacing=spacing)
    if doc.marking:
        body += writer.paragraph("page.marking", run(doc.marking, rtl=doc.rtl), rtl=doc.rtl)
    return part("ftr", body, FOOTER_NAMESPACES)


#: The relationship id of the theme's logo in the first page's header.
LOGO_ID: Final = "rIdBgLogo"


def logo_of(writer: Writer) -> Picture | None:
    """The theme's logo picture, if it has one."""
    path = writer.t.theme.page.logo
    return None if path is None else picture_at(str(path))


def logo(writer: Writer) -> str:
    """The theme's logo on the first page, where the PDF draws it: at the left margin, its
    foot `body`'s space after above the top margin, behind the text."""
    picture = logo_of(writer)
    if picture is None:
        return ""
    page = writer.t.theme.page
    cy = round(page.logo_height * _EMU_PER_POINT)
    cx = round(cy * picture.aspect)
    x = round(page.left * _EMU_PER_POINT)
    top = page.top - writer.t.theme.style("body").space_after - page.logo_height
    y = round(max(top, 0) * _EMU_PER_POINT)
    return (
        "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="1" locked="1" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f"{graphic(1000, LOGO_ID, picture.ext, cx, cy, '<wp:wrapNone/>')}"
        "</wp:anchor></w:drawing></w:r>"
    )


def watermark(writer: Writer, text: str) -> str:
    """Diagonal text centred on the page, behind the text: a VML text path (Word's own form).

    Its size, angle, colour and opacity are the theme's `page.watermark`, as in the PDF.
    """
    t = writer.t
    style = t.watermark_style
    text = sanitise(text)
    # The text path stretches to its box, so the box has the text's proportions: about
    # 0.68 em a letter of a sans bold; it never outgrows the page's text area diagonally.
    width_pt = 0.68 * style.size * max(len(text), 1)
    height_pt = style.size * 0.75
    room = min(t.text_width, t.text_height) / 20 * 1.2
    if width_pt > room:
        width_pt, height_pt = room, height_pt * room / width_pt
    # VML turns clockwise; the theme's angle, like the PDF's, turns anticlockwise.
    rotation = round(-style.angle) % 360
    font = t.watermark_font
    fill = f' fillcolor="#{t.watermark_color}"' if t.watermark_color else ""
    weight = ";font-weight:bold" if style.bold else ""
    font_style = (
        f' style="font-family:&quot;{attr(font)}&quot;;font-size:1pt{weight}"' if font else ""
    )
    return (
        "<w:r><w:rPr><w:noProof/></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>'
        '<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
        '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
        '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
        '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>'
        '<v:f eqn="sum @6 0 @5"/></v:formulas><v:path textpathok="t" '
        'o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
        'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
        '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
        '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape id="BriefgenWatermark" o:spid="_x0000_s1025" type="#_x0000_t136" '
        f'style="position:absolute;margin-left:0;margin-top:0;width:{width_pt:.1f}pt;'
        f"height:{height_pt:.1f}pt;rotation:{rotation};z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:page;"
        'mso-position-vertical:center;mso-position-vertical-relative:page" '
        f'o:allowincell="f"{fill} stroked="f"><v:fill opacity="{style.opacity:g}"/>'
        f'<v:textpath{font_style} string="{attr(text)}"/>'
        '<w10:wrap anchorx="page" anchory="page"/></v:shape></w:pict></w:r>'
    )
