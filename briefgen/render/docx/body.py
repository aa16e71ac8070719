"""The body: blocks to WordprocessingML, one document at a time.

`Writer` holds the per-document counters (pictures, drawing ids, a pending page break) and
returns the markup of what it builds; every paragraph refers to a Word style by the id the
Template resolved once, and the few direct properties it writes (a list's wider hanging
indent, a mirrored line in a right-to-left signature, the gap after a table) are derived
from the theme too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from briefgen.compose.blocks import (
    STYLES,
    Align,
    Block,
    Change,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Para,
    Row,
    Run,
    SignatureBlock,
    Table,
)
from briefgen.errors import RenderError
from briefgen.render.docx.markup import DOCUMENT_NAMESPACES, JC_VALUES, PIC, A, part, tracked
from briefgen.render.docx.markup import run as text_run
from briefgen.render.docx.styles import AFTER_TABLE, after_table_spacing
from briefgen.render.docx.template import Template
from briefgen.render.grid import Slot, slots

_EMU_PER_MM: Final = 36000
_EMU_PER_TWIP: Final = 635
# A list label's width per character, in em, for the hanging indent (as the PDF, which
# measures the label, widens it for a long label such as "12.3").
_NARROW: Final = frozenset(".,:;()[]ijl!|'\" ")
_NARROW_EM: Final = 0.35
_WIDE_EM: Final = 0.66


class Picture(NamedTuple):
    """A picture file read once per process: its bytes, type and natural aspect ratio."""

    data: bytes
    ext: str
    content_type: str
    aspect: float  # width / height


_PICTURES: dict[tuple[str, int, int], Picture] = {}


def picture_at(path: str) -> Picture:
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
            picture = _PICTURES[key] = Picture(data, ext, image.content_type, aspect)
    except Exception as exc:  # a missing, unreadable or unknown picture
        raise RenderError(f"picture {path}: cannot be used ({exc})") from exc
    return picture


def graphic(n: int, rid: str, ext: str, cx: int, cy: int, wrap: str = "") -> str:
    """The inside of a wp:inline (or, after its position, of a wp:anchor, with its `wrap`)
    showing picture `rid` at cx by cy EMU."""
    return (
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f"{wrap}"
        f'<wp:docPr id="{n}" name="Picture {n}"/><wp:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks xmlns:a="{A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{A}">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic xmlns:pic="{PIC}"><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="picture{n}.{ext}"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic>"
    )


# --- the per-document writer -------------------------------------------------------------------


class Writer:
    """Builds the parts of one document as WordprocessingML text; holds per-document counters.

    Each method returns the markup of what it builds: text joined in document order is many
    times faster than an lxml tree of the same elements, which matters in bulk builds.
    """

    def __init__(self, template: Template, document: Document) -> None:
        self.t = template
        self.document = document
        self.pictures: list[tuple[str, Picture]] = []  # (relationship id, picture)
        self.picture_ids: dict[str, str] = {}
        self.drawing_id = 0
        self.page_break_pending = False
        self.change_id = 0  # the w:id of the last tracked change

    # tracked changes (a comparison)

    def tracked(self, change: Change | None, content: str = "") -> str:
        """`content` inside the tracked change `change` (as it is when None); with no content,
        the mark that goes into a paragraph's or a row's properties ("" when None)."""
        if change is None:
            return content
        self.change_id += 1
        return tracked(change.kind, self.change_id, change.author, change.date, content)

    def mark(self, change: Change | None) -> str:
        """A paragraph's run properties marking it inserted or deleted ("" for none)."""
        return "" if change is None else f"<w:rPr>{self.tracked(change)}</w:rPr>"

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
        tabs: str = "",
        spacing: str = "",
        mark: str = "",
    ) -> str:
        """A paragraph in `style` holding `content` (runs); `indent`, `tabs` and `spacing` are
        w:ind, w:tabs and w:spacing elements that override the style's; `mark` the run
        properties of the paragraph mark (a tracked insertion or deletion)."""
        props = f'<w:pStyle w:val="{self.style_id(style)}"/>'
        if keep_next:
            props += "<w:keepNext/>"
        if self.page_break_pending:
            # Breaking before the next paragraph avoids an empty line at the top of the page.
            props += "<w:pageBreakBefore/>"
            self.page_break_pending = False
        props += tabs
        if rtl:
            props += "<w:bidi/>"
        props += spacing + indent
        if align is not None:
            props += f'<w:jc w:val="{JC_VALUES[align]}"/>'
        props += mark
        return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"

    def para(
        self,
        para: Para,
        *,
        keep_next: bool = False,
        label: str | None = None,
        label_runs: Sequence[Run] = (),
        mirror: bool = False,
        hang: tuple[str, str] = ("", ""),
        gap: float = 0.0,
        last: bool = False,
    ) -> str:
        """A paragraph of runs, `gap` points below the block before it (see `before`).

        With `mirror`, a left-to-right paragraph that sets no alignment of its own is laid
        out like the right-to-left ones around it: its style's left and right indents
        swapped and, unless the style centres or justifies it, against the right edge.
        `hang` is the tabs and indent of a list whose labels need more room than the style
        gives."""
        rtl = para.rtl
        align = para.align
        tabs, indent = hang
        if mirror and not rtl and align is None:
            indent = self.t.mirrored_indent.get(para.style, "")
            if self.t.starts_lines.get(para.style, True):
                align = "end"
        lang = para.lang or self.document.meta.language
        runs = ""
        if label_runs:  # a label with change marks: its runs, then the tab unmarked
            for one in label_runs:
                runs += self.tracked(one.change, text_run(one.text, rtl=rtl, lang=lang))
            # The tab goes with the paragraph when the whole item is inserted or deleted.
            tab = text_run("", rtl=rtl, tail="<w:tab/>", lang=lang)
            runs += tab if para.change is None else self.tracked(para.change, tab)
        elif label is not None:
            runs = text_run(label, rtl=rtl, tail="<w:tab/>", lang=lang)
        final = len(para.runs) - 1
        for number, one in enumerate(para.runs):
            text = one.text
            # Line breaks at either end of a paragraph would be empty lines; the PDF drops
            # them (reportlab strips a paragraph's outer whitespace), so does Word's copy.
            if number == 0:
                text = text.lstrip("\n")
            if number == final:
                text = text.rstrip("\n")
            if one.tag:
                markup = text_run(
                    text, bold=self.t.tag_bold, rtl=rtl, look=self.t.tag_look, lang=lang
                )
            else:
                markup = text_run(
                    text, bold=one.bold, italic=one.italic, rtl=rtl, lang=one.lang or lang
                )
            runs += markup if one.change is None else self.tracked(one.change, markup)
        return self.paragraph(
            para.style,
            runs,
            rtl=rtl,
            align=align,
            keep_next=keep_next or para.keep_with_next,
            indent=indent,
            tabs=tabs,
            spacing=self.spacing(para.style, gap, last=last),
            mark=self.mark(para.change),
        )

    def spacing(self, style: str, gap: float, *, last: bool = False) -> str:
        """The spacing of a paragraph that follows a gap of `gap` points, "" for the style's
        own. As in the PDF: where the space after one block and the space before the next
        meet, the larger one stands (Word would add them); at the top of the flow, of a page
        or of a table cell the space before is dropped (`gap` is infinite); the last
        paragraph of a cell (`last`) has no space after."""
        props = ""
        if gap > 0:
            space = self.t.space_before.get(style, 0.0)
            if space > 0:
                props += f' w:before="{round(max(space - gap, 0) * 20)}"'
        if last and self.t.space_after.get(style, 0.0) > 0:
            props += ' w:after="0"'
        return f"<w:spacing{props}/>" if props else ""

    def cell_paras(
        self, paras: Sequence[Para], *, keep_next: bool = False, mirror: bool = False
    ) -> str:
        """The paragraphs of a table cell, without space above the first or below the last
        (a cell's padding spaces it, as in the PDF)."""
        last = len(paras) - 1
        return "".join(
            self.para(
                para,
                keep_next=keep_next,
                mirror=mirror,
                gap=math.inf if number == 0 else 0.0,
                last=number == last,
            )
            for number, para in enumerate(paras)
        )

    # blocks

    def blocks(self, blocks: Iterable[Block]) -> str:
        out: list[str] = []
        after_table = ""  # the spacing of the gap after the table just written
        keep = False
        space_after = self.t.space_after
        gap = math.inf  # the space below the block before: none at the top
        for block in blocks:
            if after_table and not isinstance(block, Heading | PageBreak):
                out.append(self.paragraph(AFTER_TABLE, keep_next=keep, spacing=after_table))
            elif after_table:
                gap = 0.0  # a heading's own space before stands in for the gap
            if isinstance(block, Table):
                after_table = self.t.after_table[block.style]
            elif isinstance(block, SignatureBlock):
                after_table = self.t.after_signatures
            else:
                after_table = ""
            keep = isinstance(block, Table) and block.keep_with_next
            if self.page_break_pending:
                gap = math.inf
            if isinstance(block, Para):
                out.append(self.para(block, gap=gap))
                gap = space_after.get(block.style, 0.0)
            elif isinstance(block, Heading):
                lang = block.lang or self.document.meta.language
                text = self.tracked(block.change, text_run(block.text, rtl=block.rtl, lang=lang))
                style = f"heading.{block.level}"
                spacing = self.spacing(style, gap)
                mark = self.mark(block.change)
                out.append(self.paragraph(style, text, rtl=block.rtl, spacing=spacing, mark=mark))
                gap = space_after[style]
            elif isinstance(block, ListBlock):
                hang = self.hanging_indent(block)
                for item in block.items:
                    out.append(
                        self.para(
                            item.para,
                            label=item.label,
                            label_runs=item.label_runs,
                            hang=hang,
                            gap=gap,
                        )
                    )
                    gap = space_after.get(item.para.style, 0.0)
            elif isinstance(block, Table):
                out.append(self.flush_page_break())
                out.append(self.table(block, keep_next=block.keep_with_next))
                gap = self.t.theme.style(f"table.{block.style}").space_after
            elif isinstance(block, SignatureBlock):
                out.append(self.signatures(block, gap))
                gap = self.t.theme.style("signature.block").space_after
            elif isinstance(block, Image):
                out.append(self.paragraph("body", self.picture(block), align=block.align))
                gap = space_after["body"]
            elif isinstance(block, PageBreak):
                out.append(self.flush_page_break())
                self.page_break_pending = True
            else:  # pragma: no cover - a new block type compose added
                raise RenderError(f"document {self.document.meta.id}: unknown block {block!r}")
        out.append(self.flush_page_break())
        if after_table:
            # Word needs a paragraph after a table that ends the body; nothing follows it, so
            # it is as low as Word allows, or a full page would end on a blank one.
            out.append(self.paragraph(AFTER_TABLE, spacing=after_table_spacing(0)))
        return "".join(out)

    def hanging_indent(self, block: ListBlock) -> tuple[str, str]:
        """The tabs and indent of a list whose widest label does not fit the style's hanging
        indent, widened as the PDF widens it (label width plus the style's padding); empty
        when the style's own indent is wide enough."""
        style = self.t.list_style
        widest = max(
            (
                sum(_NARROW_EM if char in _NARROW else _WIDE_EM for char in item.label)
                for item in block.items
                if item.para.style == "list"
            ),
            default=0.0,
        )
        need = widest * style.size + style.padding
        if need <= style.indent:
            return ("", "")
        at = round(need * 20)
        return (
            f'<w:tabs><w:tab w:val="left" w:pos="{at}"/></w:tabs>',
            f'<w:ind w:left="{at}" w:hanging="{at}"/>',
        )

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
    def row(cells: str, header: bool = False, mark: str = "") -> str:
        """A table row; `mark` is a tracked insertion or deletion of the whole row."""
        head = "<w:tblHeader/>" if header else ""
        return f"<w:tr><w:trPr><w:cantSplit/>{head}{mark}</w:trPr>{cells}</w:tr>"

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
        kept = table.kept()  # where a page may not end: the rows keep with the next
        rows = "".join(
            self.table_row(row, placed, widths, header_shd, label_shd, keep_next or keep)
            for row, placed, keep in zip(
                table.rows, slots(table, self.document.meta.id), kept, strict=True
            )
        )
        return f"{start}{rows}</w:tbl>"

    def table_row(
        self,
        row: Row,
        placed: Sequence[Slot],
        widths: Sequence[int],
        header_shd: str,
        label_shd: str,
        keep_next: bool = False,
    ) -> str:
        default_style = {"header": "cell.header", "section": "cell.section"}.get(row.kind, "cell")
        if row.kind == "header":
            shd = header_shd
        elif row.kind == "section":
            shd = self.t.section_shd
        else:
            shd = ""
        out: list[str] = []
        for slot in placed:  # where compose's cells stand (briefgen.render.grid)
            width = sum(widths[slot.column : slot.column + slot.span])
            if not slot.start:  # the continuation of a cell from a row above
                out.append(
                    self.cell(
                        self.paragraph(default_style), width, span=slot.span, merge="", shd=shd
                    )
                )
                continue
            cell = slot.cell
            content = ""
            if cell.image is not None:
                picture = self.picture(cell.image)
                content = self.paragraph(
                    default_style, picture, align=cell.image.align, keep_next=True
                )
            if cell.paras:
                content += self.cell_paras(cell.paras, keep_next=keep_next)
            else:
                content += self.paragraph(default_style)
            out.append(
                self.cell(
                    content,
                    width,
                    span=slot.span,
                    merge="restart" if slot.rows > 1 else None,
                    shd=shd or (label_shd if slot.column == 0 else ""),
                )
            )
        return self.row("".join(out), header=row.kind == "header", mark=self.tracked(row.change))

    # signature blocks

    def signatures(self, block: SignatureBlock, gap: float = 0.0) -> str:
        """The signing formula, then the signatures side by side, `gap` points below the
        block before."""
        out: list[str] = []
        for intro in block.intro:
            if isinstance(intro, Para):
                out.append(self.para(intro, keep_next=True, gap=gap))
                gap = self.t.space_after.get(intro.style, 0.0)
            else:
                out.append(self.table(intro, keep_next=True))
                gap = self.t.theme.style("table.plain").space_after
        out.append(self.flush_page_break())
        if not block.signatures:
            return "".join(out)
        # The signatures stand the block's space before below the formula (the larger of
        # the two gaps, as in the PDF).
        room = self.t.signatures_before - gap
        if room > 0:
            out.append(
                self.paragraph(AFTER_TABLE, keep_next=True, spacing=after_table_spacing(room))
            )
        widths = self.widths([1.0] * block.per_row, self.t.table_width("plain"))
        # The grid compose decided, left to right as on the page (in a right-to-left
        # document its first signature is already the right-hand one).
        out.append(self.table_start("plain", widths, rtl=False, first_row=False, first_col=False))
        # In a right-to-left document a left-to-right line (a name in its own language) keeps
        # to the right edge with the Arabic ones, so each signature reads as one block.
        mirror = self.document.rtl
        for index, grid_row in enumerate(block.rows):
            # Every row but the last keeps with the next: the block never splits.
            more = index < len(block.rows) - 1
            captions: list[str] = []
            lines: list[str] = []
            details: list[str] = []
            for width, signature in zip(widths, grid_row, strict=True):
                if signature is None:
                    empty = self.cell(self.paragraph("signature", keep_next=True), width)
                    captions.append(empty)
                    lines.append(empty)
                    details.append(empty)
                    continue
                caption = self.cell_paras(signature.caption, keep_next=True, mirror=mirror)
                captions.append(
                    self.cell(caption or self.paragraph("signature", keep_next=True), width)
                )
                # The line (and a picture on it) starts where the caption's text starts.
                rtl = any(para.rtl for para in signature.caption)
                picture = "" if signature.image is None else self.picture(signature.image)
                line = self.paragraph("signature.rule", picture, rtl=rtl, keep_next=True)
                lines.append(self.cell(line, width))
                detail = self.cell_paras(signature.details, keep_next=more, mirror=mirror)
                details.append(
                    self.cell(detail or self.paragraph("signature", keep_next=more), width)
                )
            out += (self.row("".join(cells)) for cells in (captions, lines, details))
        out.append("</w:tbl>")
        return "".join(out)

    # pictures

    def picture(self, image: Image) -> str:
        """A run holding the picture inline, at the image's height (never wider than the text)."""
        picture = picture_at(image.path)
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
            f"{graphic(n, rid, picture.ext, cx, cy)}</wp:inline></w:drawing></w:r>"
        )

    # the whole body

    def document_part(self) -> bytes:
        """`word/document.xml`: the blocks, then the section (page, headers, footers)."""
        body = self.blocks(self.document.blocks)
        section = self.t.section[self.document.rtl]
        return part("document", f"<w:body>{body}{section}</w:body>", DOCUMENT_NAMESPACES)
