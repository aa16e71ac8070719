"""Render a Document as a Word file (DOCX): the styles come from the theme's reference.docx.

The renderer presents what compose decided and decides nothing about content. Every look
(font, size, colour, rules, shading, page size and margins) lives in the theme's
`reference.docx`, referred to by style name through `WORD_STYLES` and `TABLE_STYLES`, so a
user who restyles the template in Word sees the change in the next build.

Speed and reproducibility shape the design. python-docx loads the template once per process
(its styles are resolved to ids then, never per paragraph); the body, headers and footers are
written directly as WordprocessingML text, every user text escaped by `_run` (joining strings
is several times faster than building an lxml tree of the same elements); the package is
zipped by hand from entries whose static parts were deflated once, with fixed dates and
attributes, so the same Document always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import struct
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, NamedTuple
from xml.sax.saxutils import escape

from lxml import etree

from briefgen.compose.blocks import (
    STYLES,
    Align,
    Block,
    Cell,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Para,
    Row,
    SignatureBlock,
    Table,
)
from briefgen.errors import RenderError, ThemeError
from briefgen.text import sanitise
from briefgen.theme import Theme

__all__ = ["TABLE_STYLES", "WORD_STYLES", "render"]

#: Our paragraph style names (blocks.STYLES plus page furniture) -> Word style names in
#: reference.docx. The one place where the two vocabularies meet.
WORD_STYLES: Final[dict[str, str]] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "body": "Body Text",
    "meta": "Meta",
    "recital": "Recital",
    "list": "List Text",
    "cell": "Table Text",
    "cell.header": "Table Header",
    "cell.section": "Table Section",
    "cell.label": "Table Label",
    "signature": "Signature",
    "marking": "Marking",
    "annex": "Annex",
    "heading.1": "Heading 1",
    "heading.2": "Heading 2",
    "heading.3": "Heading 3",
    "signature.line": "Signature Line",
    "table.after": "After Table",
    "page.header": "Header",
    "page.footer": "Footer",
    "page.marking": "Classification",
    "page.watermark": "Watermark",
}

#: Table.style -> Word table style names in reference.docx.
TABLE_STYLES: Final[dict[str, str]] = {
    "grid": "Brief Grid",
    "keyvalue": "Brief Key Value",
    "plain": "Brief Plain",
}

_HEADING_LEVELS: Final = 3

# --- WordprocessingML names ------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_W10 = "urn:schemas-microsoft-com:office:word"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_WML = f"{_OFFICE}.wordprocessingml"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_VAL = _w("val")
_PPR, _RPR, _BIDI, _TBLPR, _TCPR, _SHD = map(_w, ("pPr", "rPr", "bidi", "tblPr", "tcPr", "shd"))
_W_ATTR, _TYPE = _w("w"), _w("type")

# Paragraph alignment per base direction. In a bidi paragraph Word (and LibreOffice after it)
# reads left/right as start/end, so "start" is "left" in both directions.
_JC_VALUES: Final[dict[str, str]] = {
    "start": "left",
    "end": "right",
    "center": "center",
    "justify": "both",
}

_TEXT_SPLIT = re.compile(r"([\n\t])")
_PAGE_FIELDS = re.compile(r"(\{page\}|\{pages\})")
_EMU_PER_MM: Final = 36000
_EMU_PER_TWIP: Final = 635
_EPOCH: Final = dt.date(1980, 1, 1)

# --- a deterministic zip writer ----------------------------------------------------------------

# 1980-01-01 00:00:00 in MS-DOS date/time, the earliest a zip can hold: no clock leaks in.
_DOS_DATE: Final = (0 << 9) | (1 << 5) | 1
_DOS_TIME: Final = 0
_EXTERNAL_ATTR: Final = 0o100644 << 16
_MADE_BY: Final = (3 << 8) | 20  # Unix, zip spec 2.0: what zipfile writes


class _Entry(NamedTuple):
    """One zip member, already compressed, so a static part is deflated once per process."""

    name: bytes
    method: int  # 8 deflate, 0 stored
    crc: int
    size: int
    data: bytes


def _entry(name: str, data: bytes, *, deflate: bool = True) -> _Entry:
    if deflate:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        return _Entry(name.encode("ascii"), 8, zlib.crc32(data), len(data), packed)
    return _Entry(name.encode("ascii"), 0, zlib.crc32(data), len(data), data)


def _zip(entries: Iterable[_Entry]) -> bytes:
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for e in entries:
        local = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            e.method,
            _DOS_TIME,
            _DOS_DATE,
            e.crc,
            len(e.data),
            e.size,
            len(e.name),
            0,
        )
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                _MADE_BY,
                20,
                0,
                e.method,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
            + e.name
        )
        chunks += (local, e.name, e.data)
        offset += len(local) + len(e.name) + len(e.data)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the template, loaded once per process -----------------------------------------------------

# Template parts a document keeps; headers, footers, pictures and the body are written per
# document, and anything else in a user's template (comments, glossary) belongs to its body.
_KEPT_RELTYPES: Final = frozenset(
    f"{_RT}/{name}"
    for name in (
        "styles",
        "settings",
        "fontTable",
        "webSettings",
        "theme",
        "numbering",
        "footnotes",
        "endnotes",
    )
) | {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}


class _Template:
    """Everything render needs from a reference.docx, resolved once."""

    def __init__(self, path: Path) -> None:
        import docx  # python-docx is only needed here, once per template and process

        try:
            source = docx.Document(str(path))
        except Exception as exc:  # python-docx raises many types for a bad package
            raise ThemeError(f"{path}: not a readable Word document ({exc})") from exc
        styles_part = source.styles.element
        # Word matches built-in style names without regard to case ("heading 1" as Word writes
        # it, "Heading 1" as LibreOffice does), so the lookup does too; one pass, once.
        by_name: dict[tuple[str, str], etree._Element] = {}
        for element in styles_part.iter(_w("style")):
            name = element.find(_w("name"))
            if name is not None:
                key = (element.get(_TYPE, "paragraph"), name.get(_VAL, "").casefold())
                by_name.setdefault(key, element)
        missing: list[str] = []
        found: dict[str, etree._Element] = {}
        self.style_ids: dict[str, str] = {}
        self.table_ids: dict[str, str] = {}
        self.first_row_shd: dict[str, str] = {}  # shading markup ("" for none)
        self.first_col_shd: dict[str, str] = {}
        self.cell_margin: dict[str, int] = {}
        for ours, word in WORD_STYLES.items():
            style = by_name.get(("paragraph", word.casefold()))
            if style is None:
                missing.append(f"paragraph style {word!r} (for {ours})")
                continue
            found[ours] = style
            self.style_ids[ours] = style.get(_w("styleId"), "")
        for ours, word in TABLE_STYLES.items():
            style = by_name.get(("table", word.casefold()))
            if style is None:
                missing.append(f"table style {word!r} (for {ours} tables)")
                continue
            self.table_ids[ours] = style.get(_w("styleId"), "")
            self.first_row_shd[ours] = _fragment(_conditional_shd(style, "firstRow"))
            self.first_col_shd[ours] = _fragment(_conditional_shd(style, "firstCol"))
            margin = style.find(f"{_TBLPR}/{_w('tblCellMar')}/{_w('left')}")
            self.cell_margin[ours] = int(margin.get(_W_ATTR, "0")) if margin is not None else 0
        if missing:
            raise ThemeError(f"{path}: missing " + "; ".join(missing))

        # For a left-to-right paragraph set among right-to-left ones: whether its style keeps
        # lines to the start (left, or not set) rather than centring or justifying them, and
        # the style's indents swapped (a side the style leaves out is 0, so the style's value
        # does not show through).
        self.starts_lines: dict[str, bool] = {}
        self.mirrored_indent: dict[str, str] = {}
        for ours, style in found.items():
            jc = style.find(f"{_PPR}/{_w('jc')}")
            self.starts_lines[ours] = jc is None or jc.get(_VAL) in ("left", "start")
            ind = style.find(f"{_PPR}/{_w('ind')}")
            if ind is None:
                continue
            swapped = copy.deepcopy(ind)
            for one, other in (("left", "right"), ("start", "end")):
                values = (ind.get(_w(one)), ind.get(_w(other)))
                if values != (None, None):
                    swapped.set(_w(one), values[1] or "0")
                    swapped.set(_w(other), values[0] or "0")
            self.mirrored_indent[ours] = _fragment(swapped)

        # A section row is shaded over the whole cell in the colour its paragraph style gives.
        self.section_shd = _fragment(found["cell.section"].find(f"{_PPR}/{_SHD}"))

        watermark = found["page.watermark"]
        color = watermark.find(f"{_RPR}/{_w('color')}")
        self.watermark_color = color.get(_VAL) if color is not None else None
        fonts = watermark.find(f"{_RPR}/{_w('rFonts')}")
        if fonts is None:
            fonts = styles_part.find(f"{_w('docDefaults')}//{_w('rFonts')}")
        self.watermark_font = fonts.get(_w("ascii")) if fonts is not None else None

        body = source.element.body
        sect = body.find(_w("sectPr"))
        sect = copy.deepcopy(sect) if sect is not None else etree.Element(_w("sectPr"))
        for ref in sect.findall(_w("headerReference")) + sect.findall(_w("footerReference")):
            sect.remove(ref)
        if sect.find(_w("titlePg")) is None:
            # The first page has its own header: the running header starts on page 2.
            _insert_in_order(sect, etree.Element(_w("titlePg")), _SECTPR_AFTER_TITLEPG)
        self.sect_pr = sect
        size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
        if size is None or margins is None:
            raise ThemeError(f"{path}: the section has no page size or margins (w:pgSz, w:pgMar)")
        page_w, page_h = int(size.get(_W_ATTR, "11906")), int(size.get(_w("h"), "16838"))
        self.text_width = (
            page_w
            - int(margins.get(_w("left"), "0"))
            - int(margins.get(_w("right"), "0"))
            - int(margins.get(_w("gutter"), "0"))
        )
        self.text_height = (
            page_h
            - abs(int(margins.get(_w("top"), "0")))
            - abs(int(margins.get(_w("bottom"), "0")))
        )

        # Static parts: deflated now, copied into every document as they are.
        doc_part = source.part
        self.static: list[_Entry] = []
        self.overrides: list[tuple[str, str]] = []
        self.kept_rels: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for rid, rel in sorted(doc_part.rels.items()):
            if rel.is_external or rel.reltype not in _KEPT_RELTYPES:
                continue
            self.kept_rels.append((rid, rel.reltype, rel.target_ref))
            self._keep(rel.target_part, seen)
        self.furniture: dict[tuple[object, ...], list[_Entry]] = {}
        self.content_types: dict[tuple[str, ...], _Entry] = {}

    def table_width(self, style: str) -> int:
        """The text width, plus the cell margins of a borderless table that sits outdented."""
        return self.text_width + (2 * self.cell_margin[style] if style == "plain" else 0)

    def _keep(self, part: object, seen: set[str]) -> None:
        from docx.opc.part import Part

        assert isinstance(part, Part)
        name = str(part.partname)
        if name in seen:
            return
        seen.add(name)
        blob = part.blob
        if part.content_type == f"{_WML}.settings+xml":
            blob = _plain_settings(blob)
        self.static.append(_entry(name.lstrip("/"), blob))
        self.overrides.append((name, part.content_type))
        if part.rels:
            self.static.append(_entry(part.partname.rels_uri.lstrip("/"), part.rels.xml))
            for rel in part.rels.values():
                if not rel.is_external:
                    self._keep(rel.target_part, seen)


def _plain_settings(blob: bytes) -> bytes:
    """Settings without separate even-page headers: every page gets the headers we write."""
    settings = etree.fromstring(blob)
    even = settings.find(_w("evenAndOddHeaders"))
    if even is None:
        return blob
    settings.remove(even)
    return _xml(settings)


def _conditional_shd(style: etree._Element, kind: str) -> etree._Element | None:
    return style.find(f"{_w('tblStylePr')}[@{_TYPE}='{kind}']/{_TCPR}/{_SHD}")


# Children of w:sectPr that come after w:titlePg, in schema order.
_SECTPR_AFTER_TITLEPG: Final = tuple(
    _w(t)
    for t in ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
)
_SECTPR_AFTER_BIDI: Final = _SECTPR_AFTER_TITLEPG[2:]


def _insert_in_order(
    parent: etree._Element, child: etree._Element, successors: Sequence[str]
) -> None:
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return
    parent.append(child)


_TEMPLATES: dict[tuple[str, int, int], _Template] = {}


def _template(theme: Theme) -> _Template:
    path = theme.reference_docx
    try:
        stat = path.stat()
    except OSError as exc:
        raise ThemeError(f"theme {theme.name}: no reference.docx at {path}") from exc
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = _Template(path)
    return template


# --- pictures ---------------------------------------------------------------------------------


class _Picture(NamedTuple):
    """A picture file read once per process: its bytes, type and natural aspect ratio."""

    data: bytes
    ext: str
    content_type: str
    aspect: float  # width / height


_PICTURES: dict[tuple[str, int, int], _Picture] = {}


def _picture(path: str) -> _Picture:
    from docx.image.image import Image as DocxImage

    try:
        stat = Path(path).stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        picture = _PICTURES.get(key)
        if picture is None:
            data = Path(path).read_bytes()
            image = DocxImage.from_blob(data)
            aspect = (image.px_width / (image.horz_dpi or 72)) / (
                image.px_height / (image.vert_dpi or 72)
            )
            ext = "jpeg" if image.ext in ("jpg", "jpeg") else image.ext
            picture = _PICTURES[key] = _Picture(data, ext, image.content_type, aspect)
    except Exception as exc:  # a missing, unreadable or unknown picture
        raise RenderError(f"picture {path}: cannot be used ({exc})") from exc
    return picture


# --- the per-document writer -------------------------------------------------------------------


class _Writer:
    """Builds the parts of one document as WordprocessingML text; holds per-document counters.

    Each method returns the markup of what it builds: text joined in document order is many
    times faster than an lxml tree of the same elements, which matters in bulk builds.
    """

    def __init__(self, template: _Template, document: Document) -> None:
        self.t = template
        self.document = document
        self.pictures: list[tuple[str, _Picture]] = []  # (relationship id, picture)
        self.picture_ids: dict[str, str] = {}
        self.drawing_id = 0
        self.page_break_pending = False

    # paragraphs and runs

    def style_id(self, name: str) -> str:
        try:
            return self.t.style_ids[name]
        except KeyError:
            raise RenderError(
                f"document {self.document.meta.id}: unknown paragraph style {name!r} "
                f"(known: {', '.join(STYLES)})"
            ) from None

    def paragraph(
        self,
        style: str,
        content: str = "",
        *,
        rtl: bool = False,
        align: Align | None = None,
        keep_next: bool = False,
        indent: str = "",
    ) -> str:
        """A paragraph in `style` holding `content` (runs); `indent` is a w:ind element."""
        props = f'<w:pStyle w:val="{self.style_id(style)}"/>'
        if keep_next:
            props += "<w:keepNext/>"
        if self.page_break_pending:
            # Breaking before the next paragraph avoids an empty line at the top of the page.
            props += "<w:pageBreakBefore/>"
            self.page_break_pending = False
        if rtl:
            props += "<w:bidi/>"
        props += indent
        if align is not None:
            props += f'<w:jc w:val="{_JC_VALUES[align]}"/>'
        return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"

    def para(
        self,
        para: Para,
        *,
        keep_next: bool = False,
        label: str | None = None,
        mirror: bool = False,
    ) -> str:
        """A paragraph of runs. With `mirror`, a left-to-right paragraph that sets no alignment
        of its own is laid out like the right-to-left ones around it: its style's left and
        right indents swapped and, unless the style centres or justifies it, against the
        right edge."""
        rtl = para.rtl
        align, indent = para.align, ""
        if mirror and not rtl and align is None:
            indent = self.t.mirrored_indent.get(para.style, "")
            if self.t.starts_lines.get(para.style, True):
                align = "end"
        runs = "" if label is None else _run(label, rtl=rtl, tail="<w:tab/>")
        runs += "".join(
            _run(run.text, bold=run.bold, italic=run.italic, rtl=rtl) for run in para.runs
        )
        return self.paragraph(
            para.style,
            runs,
            rtl=rtl,
            align=align,
            keep_next=keep_next or para.keep_with_next,
            indent=indent,
        )

    # blocks

    def blocks(self, blocks: Iterable[Block]) -> str:
        out: list[str] = []
        after_table = False
        keep = False
        for block in blocks:
            if after_table and not isinstance(block, Heading | PageBreak):
                out.append(self.paragraph("table.after", keep_next=keep))
            after_table = isinstance(block, Table | SignatureBlock)
            keep = isinstance(block, Table) and block.keep_with_next
            if isinstance(block, Para):
                out.append(self.para(block))
            elif isinstance(block, Heading):
                level = min(max(block.level, 1), _HEADING_LEVELS)
                text = _run(block.text, rtl=block.rtl)
                out.append(self.paragraph(f"heading.{level}", text, rtl=block.rtl))
            elif isinstance(block, ListBlock):
                out.extend(self.para(item.para, label=item.label) for item in block.items)
            elif isinstance(block, Table):
                out.append(self.flush_page_break())
                out.append(self.table(block, keep_next=block.keep_with_next))
            elif isinstance(block, SignatureBlock):
                out.append(self.signatures(block))
            elif isinstance(block, Image):
                out.append(self.paragraph("body", self.picture(block), align=block.align))
            elif isinstance(block, PageBreak):
                out.append(self.flush_page_break())
                self.page_break_pending = True
            else:  # pragma: no cover - a new block type compose added
                raise RenderError(f"document {self.document.meta.id}: unknown block {block!r}")
        out.append(self.flush_page_break())
        if after_table:
            out.append(self.paragraph("table.after"))
        return "".join(out)

    def flush_page_break(self) -> str:
        """A pending break that no paragraph can carry becomes a paragraph of its own."""
        if not self.page_break_pending:
            return ""
        self.page_break_pending = False
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    # tables

    @staticmethod
    def widths(columns: Sequence[float], total: int) -> list[int]:
        weights = [max(c, 0.0) for c in columns]
        whole = sum(weights)
        if whole <= 0:
            weights, whole = [1.0] * len(columns), float(len(columns))
        widths = [round(w / whole * total) for w in weights]
        widths[-1] += total - sum(widths)
        return widths

    def table_start(
        self, style: str, widths: Sequence[int], *, rtl: bool, first_row: bool, first_col: bool
    ) -> str:
        """The opening of a table: its properties and grid (the rows follow, then `</w:tbl>`)."""
        props = f'<w:tblStyle w:val="{self.t.table_ids[style]}"/>'
        if rtl:
            props += "<w:bidiVisual/>"
        props += f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        if style == "plain":
            # A borderless table is a layout device: its text lines up with the body text.
            props += f'<w:tblInd w:w="{-self.t.cell_margin[style]}" w:type="dxa"/>'
        flags = 0x0600 | (0x20 if first_row else 0) | (0x80 if first_col else 0)
        props += (
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="{flags:04X}" w:firstRow="{int(first_row)}" w:lastRow="0" '
            f'w:firstColumn="{int(first_col)}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        )
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"

    @staticmethod
    def row(cells: str, header: bool = False) -> str:
        head = "<w:tblHeader/>" if header else ""
        return f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>"

    @staticmethod
    def cell(
        content: str, width: int, *, span: int = 1, merge: str | None = None, shd: str = ""
    ) -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if merge is not None:
            props += f'<w:vMerge w:val="{merge}"/>' if merge else "<w:vMerge/>"
        return f"<w:tc><w:tcPr>{props}{shd}</w:tcPr>{content}</w:tc>"

    def table(self, table: Table, *, keep_next: bool = False) -> str:
        """A table; with keep_next its rows stay on the page of what follows it."""
        ncols = len(table.columns)
        if ncols == 0 or not table.rows:
            return ""
        widths = self.widths(table.columns, self.t.table_width(table.style))
        has_header = any(row.kind == "header" for row in table.rows)
        first_col = table.style == "keyvalue"
        start = self.table_start(
            table.style, widths, rtl=table.rtl, first_row=has_header, first_col=first_col
        )
        header_shd = self.t.first_row_shd[table.style]
        label_shd = self.t.first_col_shd[table.style] if first_col else ""
        # For each grid column that starts a vertical merge: rows still to cover, and its span.
        pending: dict[int, tuple[int, int]] = {}
        rows = "".join(
            self.table_row(table, row, widths, pending, header_shd, label_shd, keep_next)
            for row in table.rows
        )
        return f"{start}{rows}</w:tbl>"

    def table_row(
        self,
        table: Table,
        row: Row,
        widths: Sequence[int],
        pending: dict[int, tuple[int, int]],
        header_shd: str,
        label_shd: str,
        keep_next: bool = False,
    ) -> str:
        ncols = len(widths)
        default_style = {"header": "cell.header", "section": "cell.section"}.get(row.kind, "cell")
        if row.kind == "header":
            shd = header_shd
        elif row.kind == "section":
            shd = self.t.section_shd
        else:
            shd = ""
        cells = list(row.cells)
        out: list[str] = []
        # Compose may list an empty placeholder where a cell from above spans into this row
        # (then the row fills the grid by itself) or leave the position out.
        placeholders = bool(pending) and sum(c.colspan for c in cells) == ncols
        index = 0
        column = 0
        while column < ncols:
            if column in pending:
                remaining, span = pending[column]
                width = sum(widths[column : column + span])
                out.append(
                    self.cell(self.paragraph(default_style), width, span=span, merge="", shd=shd)
                )
                if remaining > 1:
                    pending[column] = (remaining - 1, span)
                else:
                    del pending[column]
                if placeholders:
                    covered = 0
                    while covered < span and index < len(cells):
                        covered += cells[index].colspan
                        index += 1
                column += span
                continue
            cell: Cell = cells[index] if index < len(cells) else Cell()
            index += 1
            span = max(cell.colspan, 1)
            if column + span > ncols or any(c in pending for c in range(column + 1, column + span)):
                raise RenderError(
                    f"table {table.name or '(unnamed)'}, row {row.ref or row.kind}: cells "
                    f"span more than the {ncols} columns"
                )
            if cell.rowspan > 1:
                pending[column] = (cell.rowspan - 1, span)
            content = ""
            if cell.image is not None:
                picture = self.picture(cell.image)
                content = self.paragraph(
                    default_style, picture, align=cell.image.align, keep_next=True
                )
            if cell.paras:
                content += "".join(self.para(para, keep_next=keep_next) for para in cell.paras)
            else:
                content += self.paragraph(default_style)
            out.append(
                self.cell(
                    content,
                    sum(widths[column : column + span]),
                    span=span,
                    merge="restart" if cell.rowspan > 1 else None,
                    shd=shd or (label_shd if column == 0 else ""),
                )
            )
            column += span
        if index < len(cells) and any(c.paras for c in cells[index:]):
            raise RenderError(
                f"table {table.name or '(unnamed)'}, row {row.ref or row.kind}: "
                f"{len(cells) - index} cell(s) beyond the {ncols} columns"
            )
        return self.row("".join(out), header=row.kind == "header")

    # signature blocks

    def signatures(self, block: SignatureBlock) -> str:
        out = [
            self.para(part, keep_next=True)
            if isinstance(part, Para)
            else self.table(part, keep_next=True)
            for part in block.intro
        ]
        out.append(self.flush_page_break())
        if not block.signatures:
            return "".join(out)
        n = len(block.signatures)
        widths = self.widths([1.0] * n, self.t.table_width("plain"))
        # In a right-to-left document the first signature is the right-hand one.
        out.append(
            self.table_start(
                "plain", widths, rtl=self.document.rtl, first_row=False, first_col=False
            )
        )
        captions: list[str] = []
        lines: list[str] = []
        details: list[str] = []
        # In a right-to-left document a left-to-right line (a name in its own language) keeps
        # to the right edge with the Arabic ones, so each signature reads as one block.
        mirror = self.document.rtl
        for width, signature in zip(widths, block.signatures, strict=True):
            caption = "".join(
                self.para(para, keep_next=True, mirror=mirror) for para in signature.caption
            )
            captions.append(
                self.cell(caption or self.paragraph("signature", keep_next=True), width)
            )
            # The line (and a signature picture on it) starts where the caption's text starts.
            rtl = any(para.rtl for para in signature.caption)
            picture = "" if signature.image is None else self.picture(signature.image)
            line = self.paragraph("signature.line", picture, rtl=rtl, keep_next=True)
            lines.append(self.cell(line, width))
            detail = "".join(self.para(para, mirror=mirror) for para in signature.details)
            details.append(self.cell(detail or self.paragraph("signature"), width))
        out += (self.row("".join(cells)) for cells in (captions, lines, details))
        out.append("</w:tbl>")
        return "".join(out)

    # pictures

    def picture(self, image: Image) -> str:
        """A run holding the picture inline, at the image's height (never wider than the text)."""
        picture = _picture(image.path)
        rid = self.picture_ids.get(image.path)
        if rid is None:
            rid = self.picture_ids[image.path] = f"rIdBgImg{len(self.pictures) + 1}"
            self.pictures.append((rid, picture))
        cy = round(image.height_mm * _EMU_PER_MM)
        cx = round(cy * picture.aspect)
        limit = self.t.text_width * _EMU_PER_TWIP
        if cx > limit:
            cx, cy = limit, round(limit / picture.aspect)
        self.drawing_id += 1
        n = self.drawing_id
        return (
            "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>"
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{n}" name="Picture {n}"/><wp:cNvGraphicFramePr>'
            f'<a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{_A}">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic xmlns:pic="{_PIC}"><pic:nvPicPr>'
            f'<pic:cNvPr id="0" name="picture{n}.{picture.ext}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
            f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )

    # page furniture

    def header_part(self, *, running: bool) -> bytes:
        doc = self.document
        texts: list[tuple[str, str]] = []
        if doc.marking:
            texts.append(("page.marking", doc.marking))
        if running and doc.header:
            texts.append(("page.header", doc.header))
        if not texts:
            texts.append(("page.marking", ""))
        paras = []
        for number, (style, text) in enumerate(texts):
            # The watermark is anchored in the first paragraph, before its text.
            runs = self.watermark(doc.watermark) if doc.watermark and number == 0 else ""
            runs += _run(text, rtl=doc.rtl) if text else ""
            paras.append(self.paragraph(style, runs, rtl=doc.rtl))
        return _part("hdr", "".join(paras), _HEADER_NAMESPACES)

    def footer_part(self) -> bytes:
        doc = self.document
        # The page counter sits at the right margin, wherever the template puts the margins.
        props = (
            f'<w:pStyle w:val="{self.style_id("page.footer")}"/>'
            f'<w:tabs><w:tab w:val="right" w:pos="{self.t.text_width}"/></w:tabs>'
        )
        if doc.rtl:
            props += "<w:bidi/>"
        runs = _run(doc.footer, rtl=doc.rtl) if doc.footer else ""
        runs += _run("", tail="<w:tab/>")
        for piece in _PAGE_FIELDS.split(doc.page_label):
            if piece == "{page}":
                runs += _field("PAGE")
            elif piece == "{pages}":
                runs += _field("NUMPAGES")
            elif piece:
                runs += _run(piece, rtl=doc.rtl)
        body = f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"
        if doc.marking:
            body += self.paragraph("page.marking", _run(doc.marking, rtl=doc.rtl), rtl=doc.rtl)
        return _part("ftr", body, _FOOTER_NAMESPACES)

    def watermark(self, text: str) -> str:
        """A diagonal VML text path centred on the page, behind the text (Word's own form)."""
        text = sanitise(text)
        # The text path stretches to its box, so the box keeps the text's proportions.
        width_pt = min(self.t.text_width, self.t.text_height) / 20 * 0.8
        height_pt = min(width_pt / max(len(text), 1) * 1.6, width_pt / 2.5)
        font = self.t.watermark_font
        fill = f' fillcolor="#{self.t.watermark_color}"' if self.t.watermark_color else ""
        font_style = f' style="font-family:&quot;{_attr(font)}&quot;;font-size:1pt"' if font else ""
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
            f"height:{height_pt:.1f}pt;rotation:315;z-index:-251657216;"
            "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
            'mso-position-vertical:center;mso-position-vertical-relative:margin" '
            f'o:allowincell="f"{fill} stroked="f"><v:fill opacity=".5"/>'
            f'<v:textpath{font_style} string="{_attr(text)}"/>'
            '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
        )

    def document_part(self, header_ids: tuple[str, str], footer_ids: tuple[str, str]) -> bytes:
        body = self.blocks(self.document.blocks)
        sect = copy.deepcopy(self.t.sect_pr)
        for index, (tag, kind, rid) in enumerate(
            (
                ("headerReference", "first", header_ids[0]),
                ("headerReference", "default", header_ids[1]),
                ("footerReference", "first", footer_ids[0]),
                ("footerReference", "default", footer_ids[1]),
            )
        ):
            ref = etree.Element(_w(tag))
            ref.set(_TYPE, kind)
            ref.set(f"{{{_R}}}id", rid)
            sect.insert(index, ref)
        if self.document.rtl and sect.find(_BIDI) is None:
            _insert_in_order(sect, etree.Element(_BIDI), _SECTPR_AFTER_BIDI)
        return _part("document", f"<w:body>{body}{_fragment(sect)}</w:body>", _DOCUMENT_NAMESPACES)


# --- markup -----------------------------------------------------------------------------------

_XML_DECLARATION: Final = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_DOCUMENT_NAMESPACES: Final = f'xmlns:w="{_W}" xmlns:r="{_R}" xmlns:wp="{_WP}"'
_HEADER_NAMESPACES: Final = (
    f'xmlns:w="{_W}" xmlns:r="{_R}" xmlns:v="{_V}" xmlns:o="{_O}" xmlns:w10="{_W10}"'
)
_FOOTER_NAMESPACES: Final = f'xmlns:w="{_W}" xmlns:r="{_R}"'
_QUOTE: Final = {'"': "&quot;"}
_BREAKS: Final = {"\n": "<w:br/>", "\t": "<w:tab/>"}


def _part(tag: str, content: str, namespaces: str) -> bytes:
    """A whole XML part: its root `w:<tag>` declaring `namespaces`, holding `content`."""
    return f"{_XML_DECLARATION}<w:{tag} {namespaces}>{content}</w:{tag}>".encode()


def _fragment(element: etree._Element | None) -> str:
    """The markup of a template element inside a part whose root declares w, r and wp."""
    if element is None:
        return ""
    # Placed (as a copy) under such a root, the element is written with those prefixes.
    holder = etree.Element(_w("body"), nsmap={"w": _W, "r": _R, "wp": _WP})
    holder.append(copy.deepcopy(element))
    text = etree.tostring(holder[0], encoding="unicode")
    for prefix, uri in (("w", _W), ("r", _R), ("wp", _WP)):
        text = text.replace(f' xmlns:{prefix}="{uri}"', "")
    return text


def _run(
    text: str, *, bold: bool = False, italic: bool = False, rtl: bool = False, tail: str = ""
) -> str:
    """A run of text (line breaks and tabs as Word's own), then `tail` (markup)."""
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if rtl:
        props += "<w:rtl/>"
    if props:
        props = f"<w:rPr>{props}</w:rPr>"
    body = ""
    if text:
        text = sanitise(text)
        if "\n" not in text and "\t" not in text:
            body = f'<w:t xml:space="preserve">{escape(text)}</w:t>'
        else:
            body = "".join(
                _BREAKS.get(piece) or f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
                for piece in _TEXT_SPLIT.split(text)
                if piece
            )
    return f"<w:r>{props}{body}{tail}</w:r>"


def _field(instruction: str) -> str:
    """A PAGE or NUMPAGES field; "1" stands until the word processor updates it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run('1')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _attr(text: str) -> str:
    """Text for an attribute value in double quotes."""
    return escape(text, _QUOTE)


# --- package parts ---------------------------------------------------------------------------

_HEADER_IDS: Final = ("rIdBgHeaderFirst", "rIdBgHeader")
_FOOTER_IDS: Final = ("rIdBgFooterFirst", "rIdBgFooter")
_FURNITURE_PARTS: Final = (
    ("word/header1.xml", "header"),
    ("word/header2.xml", "header"),
    ("word/footer1.xml", "footer"),
    ("word/footer2.xml", "footer"),
)
_FURNITURE_CACHE_SIZE: Final = 64


def _furniture(template: _Template, writer: _Writer) -> list[_Entry]:
    """Header and footer parts; identical furniture across a bulk run is deflated once."""
    d = writer.document
    key = (d.marking, d.watermark, d.header, d.footer, d.page_label, d.rtl)
    entries = template.furniture.get(key)
    if entries is None:
        footer = writer.footer_part()
        parts = (
            writer.header_part(running=False),
            writer.header_part(running=True),
            footer,
            footer,
        )
        entries = [
            _entry(name, xml) for (name, _), xml in zip(_FURNITURE_PARTS, parts, strict=True)
        ]
        if len(template.furniture) >= _FURNITURE_CACHE_SIZE:
            template.furniture.clear()
        template.furniture[key] = entries
    return entries


def _content_types(template: _Template, extensions: tuple[str, ...]) -> _Entry:
    entry = template.content_types.get(extensions)
    if entry is not None:
        return entry
    root = etree.fromstring(f'<Types xmlns="{_CT}"/>')
    defaults = [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ]
    defaults += [(ext, f"image/{ext}") for ext in extensions]
    for ext, ctype in defaults:
        etree.SubElement(root, f"{{{_CT}}}Default", Extension=ext, ContentType=ctype)
    overrides = [
        ("/docProps/app.xml", f"{_OFFICE}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/word/document.xml", f"{_WML}.document.main+xml"),
    ]
    overrides += [(f"/{name}", f"{_WML}.{kind}+xml") for name, kind in _FURNITURE_PARTS]
    overrides += template.overrides
    for name, ctype in overrides:
        etree.SubElement(root, f"{{{_CT}}}Override", PartName=name, ContentType=ctype)
    entry = template.content_types[extensions] = _entry("[Content_Types].xml", _xml(root))
    return entry


def _relationships(rels: Iterable[tuple[str, str, str]]) -> bytes:
    root = etree.fromstring(f'<Relationships xmlns="{_PKG_RELS}"/>')
    for rid, rtype, target in rels:
        etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship", Id=rid, Type=rtype, Target=target)
    return _xml(root)


_PACKAGE_RELS: Final = _entry(
    "_rels/.rels",
    _relationships(
        (
            ("rId1", f"{_RT}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{_RT}/extended-properties", "docProps/app.xml"),
        )
    ),
)
_APP: Final = _entry(
    "docProps/app.xml",
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>briefgen</Application></Properties>',
)

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _core(document: Document) -> bytes:
    meta = document.meta
    root = etree.Element(
        f"{{{_CP}}}coreProperties",
        nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI},
    )
    for ns, tag, value in (
        (_DC, "title", meta.title),
        (_DC, "subject", meta.subject),
        (_DC, "creator", meta.author),
        (_CP, "keywords", ", ".join(meta.keywords)),
        (_DC, "language", meta.language),
    ):
        if value:
            etree.SubElement(root, f"{{{ns}}}{tag}").text = sanitise(value)
    # The date is the record's, never the clock's: the same record gives the same file.
    stamp = f"{(meta.created or _EPOCH).isoformat()}T00:00:00Z"
    for tag in ("created", "modified"):
        el = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}")
        el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        el.text = stamp
    return _xml(root)


def render(document: Document, theme: Theme) -> bytes:
    """The DOCX bytes of `document` in the Word styles of `theme`; the same input, same bytes."""
    template = _template(theme)
    writer = _Writer(template, document)
    body = writer.document_part(_HEADER_IDS, _FOOTER_IDS)
    furniture = _furniture(template, writer)
    rels = list(template.kept_rels)
    rels += [
        (_HEADER_IDS[0], f"{_RT}/header", "header1.xml"),
        (_HEADER_IDS[1], f"{_RT}/header", "header2.xml"),
        (_FOOTER_IDS[0], f"{_RT}/footer", "footer1.xml"),
        (_FOOTER_IDS[1], f"{_RT}/footer", "footer2.xml"),
    ]
    media: list[_Entry] = []
    for number, (rid, picture) in enumerate(writer.pictures, start=1):
        name = f"media/image{number}.{picture.ext}"
        rels.append((rid, f"{_RT}/image", name))
        # Pictures are already compressed: storing them saves the deflate and loses nothing.
        media.append(_entry(f"word/{name}", picture.data, deflate=False))
    extensions = tuple(sorted({picture.ext for _, picture in writer.pictures}))
    return _zip(
        [
            _content_types(template, extensions),
            _PACKAGE_RELS,
            _entry("docProps/core.xml", _core(document)),
            _APP,
            _entry("word/document.xml", body),
            _entry("word/_rels/document.xml.rels", _relationships(rels)),
            *furniture,
            *template.static,
            *media,
        ]
    )
