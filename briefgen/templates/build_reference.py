"""Build the default theme's Word template, `default/reference.docx`, from the style table below.

The DOCX renderer takes every paragraph and table style from this file, so a user can restyle
Heading 1 or the data table in Word, save, and see the change in the next build. This script
is the reviewable source of the shipped look; it is deterministic (fixed zip dates, fixed part
order), and it also writes `default/styles.xml`, a pretty-printed copy of `word/styles.xml`, so a
style change shows up as a readable diff.

    python briefgen/templates/build_reference.py            # rebuild reference.docx + styles.xml
    python briefgen/templates/build_reference.py --dump     # only refresh styles.xml (after a
                                                            # restyle saved from Word)

The template is deliberately lean: no stylesWithEffects.xml, no thumbnail, no theme part and no
latent-style table, because every static byte is stored in every document the renderer writes.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).parent
DEFAULT = HERE / "default"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FONT = "DejaVu Sans"

# The palette of the default theme: dark navy headings, blue-grey table header, grey section rows.
NAVY = "1F3864"
GREY_TEXT = "595959"
RULE = "7F7F7F"
LIGHT_RULE = "BFBFBF"
HEADER_FILL = "D5DCE4"
SECTION_FILL = "EDEDED"
LABEL_FILL = "F2F2F2"
MARKING_RED = "A50021"
WATERMARK_GREY = "C8C8C8"

# A4 with a 2.5 cm binding margin on the left, 2 cm elsewhere (twentieths of a point).
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 1134, 1134, 1418, 1134
HEADER_DIST = FOOTER_DIST = 567


def _fonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _para_style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    priority: int | None = None,
    qformat: bool = True,
    default: bool = False,
) -> str:
    default_attr = ' w:default="1"' if default else ""
    parts = [
        f'<w:style w:type="paragraph"{default_attr} w:styleId="{style_id}">',
        f'<w:name w:val="{name}"/>',
    ]
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _border(side: str, color: str, size: int = 4) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'


def _no_border(side: str) -> str:
    return f'<w:{side} w:val="nil"/>'


def _cell_margins() -> str:
    return (
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="68" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="68" w:type="dxa"/></w:tblCellMar>'
    )


def _table_style(style_id: str, name: str, borders: str, conditional: str = "") -> str:
    return (
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{_cell_margins()}</w:tblPr>"
        f"{conditional}</w:style>"
    )


def styles_xml() -> bytes:
    """The styles part: document defaults plus every style the renderer refers to."""
    body_spacing = '<w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/>'
    cell_spacing = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    styles = [
        # Defaults: one face for every script, so Azerbaijani, Cyrillic and Arabic match.
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{_fonts()}{_size(21)}<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        f"<w:pPrDefault><w:pPr>{body_spacing}</w:pPr></w:pPrDefault></w:docDefaults>",
        _para_style(
            "Normal",
            "Normal",
            based_on=None,
            default=True,
            priority=0,
            ppr="<w:widowControl/>",
        ),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        f"{_cell_margins()}</w:tblPr></w:style>",
        _para_style(
            "Title",
            "Title",
            next_style="Subtitle",
            priority=10,
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
            '<w:jc w:val="center"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>{_size(30)}',
        ),
        _para_style(
            "Subtitle",
            "Subtitle",
            next_style="BodyText",
            priority=11,
            ppr='<w:keepNext/><w:spacing w:before="0" w:after="60"/><w:jc w:val="center"/>',
            rpr=f'<w:color w:val="404040"/>{_size(22)}',
        ),
    ]
    for level, (size, before, after, extra) in enumerate(
        ((26, 300, 120, ""), (23, 220, 100, ""), (21, 160, 80, "<w:i/><w:iCs/>")), start=1
    ):
        styles.append(
            _para_style(
                f"Heading{level}",
                f"heading {level}",
                next_style="BodyText",
                priority=9,
                ppr=f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" '
                f'w:after="{after}"/><w:outlineLvl w:val="{level - 1}"/>',
                rpr=f'<w:b/><w:bCs/>{extra}<w:color w:val="{NAVY}"/>{_size(size)}',
            )
        )
    styles += [
        _para_style(
            "BodyText",
            "Body Text",
            priority=1,
            ppr=f'{body_spacing}<w:jc w:val="both"/>',
        ),
        _para_style(
            "Meta",
            "Meta",
            next_style="BodyText",
            ppr='<w:spacing w:before="0" w:after="240"/><w:jc w:val="center"/>',
            rpr=f'<w:color w:val="{GREY_TEXT}"/>{_size(18)}',
        ),
        _para_style(
            "Recital",
            "Recital",
            next_style="Recital",
            ppr=f'{body_spacing}<w:ind w:firstLine="567"/><w:jc w:val="both"/>',
        ),
        # The label (bullet or number) is text followed by a tab; the hanging indent is the
        # tab stop, so labels line up without Word's numbering engine.
        _para_style(
            "ListText",
            "List Text",
            next_style="ListText",
            ppr='<w:tabs><w:tab w:val="left" w:pos="425"/></w:tabs>'
            '<w:spacing w:before="0" w:after="80" w:line="264" w:lineRule="auto"/>'
            '<w:ind w:left="425" w:hanging="425"/><w:jc w:val="both"/>',
        ),
        _para_style(
            "TableText",
            "Table Text",
            ppr=cell_spacing,
            rpr=_size(18),
        ),
        _para_style(
            "TableHeader",
            "Table Header",
            based_on="TableText",
            ppr='<w:keepNext/><w:jc w:val="center"/>',
            rpr="<w:b/><w:bCs/>",
        ),
        # The renderer also copies this shading onto the whole section cell.
        _para_style(
            "TableSection",
            "Table Section",
            based_on="TableText",
            ppr=f'<w:keepNext/><w:shd w:val="clear" w:color="auto" w:fill="{SECTION_FILL}"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>',
        ),
        _para_style(
            "TableLabel",
            "Table Label",
            based_on="TableText",
            rpr='<w:b/><w:bCs/><w:color w:val="404040"/>',
        ),
        # The small gap after a table: Word has no "space after" for tables, and a paragraph
        # between two tables also keeps Word from joining them into one.
        _para_style(
            "AfterTable",
            "After Table",
            qformat=False,
            ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=_size(12),
        ),
        _para_style(
            "Signature",
            "Signature",
            # Centred, as in the PDF; the indents keep a gutter between signatures side by side.
            ppr='<w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/>'
            '<w:ind w:left="170" w:right="170"/><w:jc w:val="center"/>',
        ),
        # An empty paragraph whose bottom border is the line to sign on.
        _para_style(
            "SignatureLine",
            "Signature Line",
            based_on="Signature",
            ppr="<w:keepNext/><w:pBdr>"
            f'<w:bottom w:val="single" w:sz="6" w:space="1" w:color="{RULE}"/></w:pBdr>'
            '<w:spacing w:before="720" w:after="60"/><w:ind w:left="170" w:right="170"/>',
        ),
        _para_style(
            "Marking",
            "Marking",
            ppr='<w:spacing w:before="120" w:after="120"/><w:jc w:val="right"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>',
        ),
        _para_style(
            "Annex",
            "Annex",
            next_style="Heading1",
            ppr='<w:keepNext/><w:spacing w:before="0" w:after="240"/><w:jc w:val="right"/>',
            rpr=f"<w:b/><w:bCs/>{_size(22)}",
        ),
        _para_style(
            "Header",
            "header",
            priority=99,
            qformat=False,
            ppr="<w:pBdr>"
            f'<w:bottom w:val="single" w:sz="4" w:space="1" w:color="{LIGHT_RULE}"/></w:pBdr>'
            '<w:spacing w:before="0" w:after="0"/><w:jc w:val="right"/>',
            rpr=f'<w:color w:val="{GREY_TEXT}"/>{_size(17)}',
        ),
        _para_style(
            "Footer",
            "footer",
            priority=99,
            qformat=False,
            ppr='<w:spacing w:before="0" w:after="0"/>',
            rpr=f'<w:color w:val="{GREY_TEXT}"/>{_size(17)}',
        ),
        # The classification printed at the top and bottom of every page.
        _para_style(
            "Classification",
            "Classification",
            ppr='<w:spacing w:before="0" w:after="60"/><w:jc w:val="center"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{MARKING_RED}"/>{_size(18)}',
        ),
        # Never applied to text: the renderer reads the font and colour of the DRAFT watermark.
        _para_style(
            "Watermark",
            "Watermark",
            qformat=False,
            rpr=f'<w:color w:val="{WATERMARK_GREY}"/>',
        ),
        _table_style(
            "BriefGrid",
            "Brief Grid",
            "".join(
                _border(side, RULE)
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            ),
            '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
            '<w:vAlign w:val="center"/></w:tcPr></w:tblStylePr>',
        ),
        _table_style(
            "BriefKeyValue",
            "Brief Key Value",
            _border("top", LIGHT_RULE)
            + _no_border("left")
            + _border("bottom", LIGHT_RULE)
            + _no_border("right")
            + _border("insideH", LIGHT_RULE)
            + _no_border("insideV"),
            '<w:tblStylePr w:type="firstCol"><w:tcPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/></w:tcPr>'
            "</w:tblStylePr>",
        ),
        _table_style(
            "BriefPlain",
            "Brief Plain",
            "".join(
                _no_border(side)
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            ),
        ),
    ]
    xml = f'<w:styles xmlns:w="{W}" xmlns:r="{R}">' + "".join(styles) + "</w:styles>"
    return _serialise(etree.fromstring(xml))


def document_xml() -> bytes:
    """An empty body whose section properties give the page: A4, margins, header distance."""
    xml = (
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:p/>'
        f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DIST}" w:footer="{FOOTER_DIST}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>'
    )
    return _serialise(etree.fromstring(xml))


def settings_xml() -> bytes:
    xml = (
        f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/>'
        # A line ended by a manual break is not stretched in justified text (Word's
        # doNotExpandShiftReturn; LibreOffice honours it too).
        '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-GB" w:bidi="ar-SA"/></w:settings>'
    )
    return _serialise(etree.fromstring(xml))


def font_table_xml() -> bytes:
    # Family "swiss" lets Word substitute another sans where DejaVu Sans is not installed.
    xml = (
        f'<w:fonts xmlns:w="{W}"><w:font w:name="{FONT}"><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )
    return _serialise(etree.fromstring(xml))


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.fromstring(f'<Relationships xmlns="{PKG_RELS}"/>')
    for rid, rtype, target in rels:
        etree.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=rid, Type=rtype, Target=target)
    return _serialise(root)


def _content_types() -> bytes:
    root = etree.fromstring(f'<Types xmlns="{CT}"/>')
    for ext, ctype in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(root, f"{{{CT}}}Default", Extension=ext, ContentType=ctype)
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    for part, ctype in (
        ("/word/document.xml", f"{wml}.document.main+xml"),
        ("/word/styles.xml", f"{wml}.styles+xml"),
        ("/word/settings.xml", f"{wml}.settings+xml"),
        ("/word/fontTable.xml", f"{wml}.fontTable+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ):
        etree.SubElement(root, f"{{{CT}}}Override", PartName=part, ContentType=ctype)
    return _serialise(root)


def _core_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<dc:title>briefgen reference styles</dc:title><dc:creator>briefgen</dc:creator>"
        b'<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        b'<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
        b"</cp:coreProperties>"
    )


def _app_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"><Application>briefgen</Application></Properties>'
    )


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build() -> bytes:
    """The reference.docx bytes (deterministic)."""
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types()),
        (
            "_rels/.rels",
            _relationships(
                [
                    ("rId1", f"{REL}/officeDocument", "word/document.xml"),
                    (
                        "rId2",
                        "http://schemas.openxmlformats.org/package/2006/relationships/"
                        "metadata/core-properties",
                        "docProps/core.xml",
                    ),
                    ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", _core_xml()),
        ("docProps/app.xml", _app_xml()),
        ("word/document.xml", document_xml()),
        (
            "word/_rels/document.xml.rels",
            _relationships(
                [
                    ("rId1", f"{REL}/styles", "styles.xml"),
                    ("rId2", f"{REL}/settings", "settings.xml"),
                    ("rId3", f"{REL}/fontTable", "fontTable.xml"),
                ]
            ),
        ),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def pretty_styles(docx: Path) -> bytes:
    """`word/styles.xml` of a .docx, indented for review."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/styles.xml"))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--dump",
        action="store_true",
        help="only rewrite styles.xml from the existing reference.docx",
    )
    args = parser.parse_args(argv)
    target = DEFAULT / "reference.docx"
    if not args.dump:
        target.write_bytes(build())
    (DEFAULT / "styles.xml").write_bytes(pretty_styles(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
