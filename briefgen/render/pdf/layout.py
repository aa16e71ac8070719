"""Block layout of the PDF: a Document's blocks as reportlab flowables.

Paragraphs (reportlab markup built from escaped runs, or text with Arabic as `BidiText`), lists with
hanging labels, tables (`GridTable`, spans, mirrored columns in right-to-left tables,
columns widened for their longest word), pictures and signature blocks, in the theme's
named styles. Every character is checked against the face that prints it, because reportlab
drops what a font lacks without a word. A layout failure is traced to its table and row.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

import attrs
from PIL import Image as PILImage
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from briefgen.compose.blocks import (
    Align,
    Block,
    Cell,
    Document,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Para,
    Run,
    Signature,
    SignatureBlock,
    Table,
)
from briefgen.errors import RenderError
from briefgen.render.grid import slots
from briefgen.render.pdf.scripts import BIDI_MARKS, BidiText, get_display, wrap_logical
from briefgen.render.pdf.styles import Kit
from briefgen.render.pdf.tables import (
    GridTable,
    TableStart,
    find_table,
    fit_columns,
    flatten,
    pass_ref,
)
from briefgen.text import drop_undrawn, has_rtl_script, needs_glyph
from briefgen.theme import UNHYPHENATED, Style

__all__ = ["Layout", "SignatureLine", "shorten"]

_MM = 72 / 25.4

#: pyphen's hyphenation dictionary for each language that has one. A language without one
#: (Azerbaijani, Uzbek, Arabic) is never split inside a word, unless the word alone is wider
#: than its column.
HYPHENATION = {"en": "en_GB", "ru": "ru_RU"}
#: Styles never hyphenated: titles, headings and column headers are set whole.
_LONG_WORD = re.compile(r"\S{40}")


def alignment_of(align: Align, rtl: bool) -> int:
    """reportlab's alignment for a direction-relative one (start is the right in Arabic)."""
    if align == "center":
        return int(TA_CENTER)
    if align == "justify":
        return int(TA_RIGHT if rtl else TA_JUSTIFY)
    start = align == "start"
    return int(TA_LEFT if start != rtl else TA_RIGHT)


def _markup(text: str) -> str:
    """User text as reportlab paragraph markup that prints exactly that text."""
    return escape(text).replace("\n", "<br/>")


def shorten(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters, for an error message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Para(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that remembers its last wrap.

    A table wraps each cell paragraph to measure the row, again to split the table across a
    page and again to draw it, always at the same width: breaking the lines once is enough.
    """

    _wrapped: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        wrapped = self._wrapped
        # reportlab drops the broken lines (blPara) when it splits a paragraph: wrap again then.
        if wrapped is not None and wrapped[0] == availWidth and hasattr(self, "blPara"):
            self.width, self.height = wrapped
            return wrapped
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, height)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        pieces: list[Flowable] = super().split(availWidth, availHeight)
        pass_ref(self, pieces)
        return pieces


@attrs.frozen(kw_only=True)
class SignatureLine:
    """Where a party's signature line was drawn: its page (from 1) and, in points from the
    page's lower left corner, the line's ends `x0`..`x1` at height `y`, and the room to sign
    above it (`room`)."""

    party: str
    page: int
    x0: float
    x1: float
    y: float
    room: float


class _SignatureRow(RLTable):  # type: ignore[misc]  # reportlab is untyped
    """One row of signatures that notes where each signature line lands on the page, so a
    signature field can be laid over it (`briefgen.render.pdf.archive`)."""

    def __init__(
        self,
        *args: Any,
        parties: dict[int, str] | None = None,
        sink: list[SignatureLine] | None = None,
        **kwargs: Any,
    ) -> None:
        # reportlab makes the pieces of a split table by calling the class without these;
        # such pieces note nothing, and `archive` refuses a field whose line is not noted.
        super().__init__(*args, **kwargs)
        self.parties = parties or {}
        self.sink = sink if sink is not None else []

    def draw(self) -> None:
        super().draw()
        # Row 1 holds the room to sign; its lower edge is the line (LINEBELOW of row 1).
        top, bottom = self._rowpositions[1], self._rowpositions[2]
        for column, party in self.parties.items():
            x0, y = self.canv.absolutePosition(self._colpositions[column], bottom)
            x1, _ = self.canv.absolutePosition(self._colpositions[column + 1], bottom)
            self.sink.append(
                SignatureLine(
                    party=party,
                    page=self.canv.getPageNumber(),
                    x0=x0,
                    x1=x1,
                    y=y,
                    room=top - bottom,
                )
            )


class _Marked(_Para):
    """A paragraph of a comparison: a bar in the page's margin by every line that holds an
    insertion or a deletion (an underlined or struck-through stretch)."""

    #: Where the bar stands on the page (its x) and how it is drawn: set by the Layout.
    bar: tuple[float, float, Any] = (0.0, 1.0, None)

    def _changed_lines(self) -> list[int]:
        lines = getattr(getattr(self, "blPara", None), "lines", [])
        changed: list[int] = []
        for index, line in enumerate(lines):
            words = getattr(line, "words", None)
            if words is None:  # a line of one style: marked when the paragraph's one style is
                words = self.frags[:1]
            if any(getattr(frag, "us_lines", None) for frag in words):
                changed.append(index)
        return changed

    def draw(self) -> None:
        super().draw()
        x, width, colour = self.bar
        canvas = self.canv
        left, _ = canvas.absolutePosition(0, 0)  # the bar stands in the page's margin
        leading = self.style.leading
        canvas.saveState()
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(width)
        for index in self._changed_lines():
            top = self.height - index * leading
            canvas.line(x - left, top, x - left, top - leading)
        canvas.restoreState()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            piece.bar = self.bar
        return pieces


class _MarkedBidi(BidiText):
    """Right-to-left text of a comparison. The bidi layout sets a paragraph in one style, so
    a changed paragraph is set as its versions one under the other: the old text struck
    through and the new one underlined, each in its colour (only one of them when the
    paragraph was inserted or deleted whole), with a bar in the margin by every line."""

    #: The versions: (shaped text, "ins" or "del"), in order; each line's kind once wrapped.
    segments: tuple[tuple[str, str], ...] = ()
    kinds: tuple[str, ...] = ()
    colours: dict[str, Any] = {}  # noqa: RUF012 - set per instance by the Layout
    bar: tuple[float, float, Any] = (0.0, 1.0, None)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.segments and (self._lines is None or availWidth != self._wrapped_at):
            style = self.style
            lines: list[str] = []
            kinds: list[str] = []
            for shaped, kind in self.segments:
                for line in wrap_logical(shaped, style.fontName, style.fontSize, availWidth):
                    lines.append(get_display(line, base_dir=self.base_dir))
                    kinds.append(kind)
            self._lines, self.kinds, self._wrapped_at = lines, tuple(kinds), availWidth
        self.width = availWidth
        self.height = len(self._lines or []) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        lines = self._lines or []
        if fit <= 0:
            return []
        fit = min(fit, len(lines))
        pieces = []
        for part, kinds in ((lines[:fit], self.kinds[:fit]), (lines[fit:], self.kinds[fit:])):
            piece = _MarkedBidi(self.shaped, self.style, self.alignment, part, self.base_dir)
            piece.kinds, piece.colours, piece.bar = kinds, self.colours, self.bar
            pieces.append(piece)
        pieces[0].spaceAfter = 0
        pieces[1].spaceBefore = 0
        pieces[1].keepWithNext, pieces[0].keepWithNext = self.keepWithNext, 0
        pass_ref(self, pieces)
        return pieces

    def draw(self) -> None:
        lines = self._lines or []
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize, style.leading)
        left, _ = canvas.absolutePosition(0, 0)
        x, width, bar = self.bar
        alignment = self.alignment
        if alignment == TA_JUSTIFY:
            alignment = TA_RIGHT if self.base_dir == "R" else TA_LEFT
        y = self.height - style.fontSize
        canvas.saveState()
        for line, kind in zip(lines, self.kinds, strict=True):
            length = pdfmetrics.stringWidth(line, style.fontName, style.fontSize)
            start = {TA_CENTER: (self.width - length) / 2, TA_LEFT: 0.0}.get(
                alignment, self.width - length
            )
            colour = self.colours[kind]
            canvas.setFillColor(colour)
            canvas.drawString(start, y, line)
            at = y - style.fontSize * 0.15 if kind == "ins" else y + style.fontSize * 0.3
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(0.5)
            canvas.line(start, at, start + length, at)
            canvas.setStrokeColor(bar)
            canvas.setLineWidth(width)
            top = y + style.fontSize
            canvas.line(x - left, top, x - left, top - style.leading)
            y -= style.leading
        canvas.restoreState()


def _marked(para: Para) -> bool:
    """The paragraph holds a change mark or a link (it is set from markup, never from
    prepared fragments)."""
    return para.change is not None or any(run.change or run.link for run in para.runs)


class Layout:
    """Turns one Document's blocks into flowables, checking every character on the way.

    `signature_lines` fills, as the pages are drawn, with where each signature line landed.
    """

    def __init__(self, document: Document, kit: Kit) -> None:
        self.document = document
        self.kit = kit
        # Per face: the characters it draws, and the bidi marks the ordering drops.
        self._steering: dict[str, frozenset[int]] = {}
        self.signature_lines: list[SignatureLine] = []

        #: The change ids whose first mark has been given its link target.
        self.anchored: set[str] = set()

    def marked(self, markup: str, run: Run) -> str:
        """A run's markup with its change (underlined or struck through in the theme's
        colour; the first mark of a change is a link target) and its link."""
        if run.change is not None:
            look = self.kit.style(
                "change.inserted" if run.change.kind == "ins" else "change.deleted"
            )
            tag = "u" if run.change.kind == "ins" else "strike"
            markup = (
                f'<{tag} color="{look.colour}"><font color="{look.colour}">{markup}</font></{tag}>'
            )
            if run.change.id and run.change.id not in self.anchored:
                self.anchored.add(run.change.id)
                markup = f'<a name="{run.change.id}"/>{markup}'
        if run.link:
            markup = f'<a href="#{run.link}">{markup}</a>'
        return markup

    def bar(self) -> tuple[float, float, Any]:
        style = self.kit.style("change.bar")
        x = self.kit.theme.page.left - style.padding
        return (x, style.rule_width, self.kit.colour(style.rule or style.colour))

    # characters -------------------------------------------------------------------------

    def check(
        self,
        text: str,
        style: Style,
        *,
        bold: bool = False,
        italic: bool = False,
        rtl: bool = False,
    ) -> None:
        """Fail loudly on a character the face lacks, instead of reportlab dropping it."""
        fonts = self.kit.fonts
        index = fonts.index(bold=style.bold or bold, italic=(style.italic or italic) and not rtl)
        cmap = fonts.cmaps[index]
        for char in set(text):
            if ord(char) not in cmap and needs_glyph(char):
                name = unicodedata.name(char, "unnamed character")
                raise RenderError(
                    f"{self.document.meta.id}: cannot print U+{ord(char):04X} {name} ({char!r}) "
                    f"in {shorten(text)!r}: font {fonts.paths[index].name} has no glyph for it"
                )

    def drawable(self, para: Para, style: Style) -> Para:
        """`para` without the invisible characters its faces have no glyph for (an isolate,
        U+061C, U+180E), which reportlab would draw as the missing-glyph box."""
        fonts = self.kit.fonts
        runs = []
        for run in para.runs:
            index = fonts.index(bold=style.bold or run.bold, italic=style.italic or run.italic)
            runs.append(attrs.evolve(run, text=drop_undrawn(run.text, fonts.cmaps[index])))
        if all(new.text == old.text for new, old in zip(runs, para.runs, strict=True)):
            return para
        return attrs.evolve(para, runs=tuple(runs))

    # paragraphs -------------------------------------------------------------------------

    def para(
        self,
        para: Para,
        *,
        keep: bool = False,
        align: Align | None = None,
        indent: float | None = None,
        label: str | None = None,
        label_runs: Sequence[Run] = (),
    ) -> Flowable:
        style = self.kit.style(para.style)
        if label_runs:  # a list label with change marks: the label as it stands now
            kept = [r.text for r in label_runs if r.change is None or r.change.kind == "ins"]
            label = "".join(kept) or "".join(r.text for r in label_runs)
        text = para.text
        # The direction compose decided (by the paragraph's language, not its first letter).
        rtl = para.rtl
        alignment = alignment_of(align or para.align or style.align, rtl)
        keep = keep or para.keep_with_next
        upright = has_rtl_script(text)
        if rtl or upright:
            bold = all(run.bold for run in para.runs) and bool(para.runs)
            if any(run.change is not None for run in para.runs):
                # Each version that has words: an inserted paragraph has no old one.
                versions = [
                    kind
                    for kind, other in (("del", "ins"), ("ins", "del"))
                    if any(r.change is None or r.change.kind != other for r in para.runs)
                ]
                return self.marked_bidi(para, versions, alignment, keep=keep, bold=bold)
            if label:
                text = f"{label} {text}"
            return self.bidi_text(text, para.style, alignment, keep=keep, bold=bold, rtl=rtl)
        # Right-to-left letters are set upright, in a left-to-right paragraph too (the
        # italic faces may lack them): the same rule as the font check before rendering.
        for run in para.runs:
            self.check(run.text, style, bold=run.bold, italic=run.italic, rtl=upright)
        para = self.drawable(para, style)
        hyphenation = ""
        # reportlab does not cut a word it cannot hyphenate (a long URL) once hyphenation
        # is on: such a paragraph is set without it, its long word cut between characters.
        if not para.style.startswith(UNHYPHENATED) and not _LONG_WORD.search(text):
            hyphenation = HYPHENATION.get(para.lang or self.document.meta.language, "")
        pstyle = self.kit.pstyle(
            para.style, alignment, keep=keep, indent=indent, rtl=upright, hyphenation=hyphenation
        )
        bullet = None
        if label is not None:
            self.check(label, style)
            bullet = _markup(label)
        if _marked(para):
            pieces = [self.marked(self.kit.emphasis(_markup(r.text), r), r) for r in para.runs]
            flowable = _Marked("".join(pieces), pstyle, bulletText=bullet)
            flowable.bar = self.bar()
            return flowable
        frags = self.kit.frags(pstyle, para.runs)
        if frags is not None:
            return _Para(None, pstyle, bulletText=bullet, frags=frags)
        pieces = [self.kit.emphasis(_markup(run.text), run) for run in para.runs]
        return _Para("".join(pieces), pstyle, bulletText=bullet)

    def marked_bidi(
        self, para: Para, changes: Collection[str], alignment: int, *, keep: bool, bold: bool
    ) -> Flowable:
        """A right-to-left paragraph of a comparison: its old text, then its new text (the
        versions given in `changes`, "del" for the old and "ins" for the new)."""
        segments: list[tuple[str, str]] = []
        for kind in ("del", "ins"):
            if kind not in changes:
                continue
            drop = "ins" if kind == "del" else "del"
            text = "".join(r.text for r in para.runs if r.change is None or r.change.kind != drop)
            flowable = self.bidi_text(text, para.style, alignment, keep=keep, bold=bold)
            segments.append((flowable.shaped, kind))
        marked = _MarkedBidi(
            segments[0][0], flowable.style, alignment, None, "R" if para.rtl else "L"
        )
        marked.keepWithNext = flowable.keepWithNext
        marked.segments = tuple(segments)
        marked.colours = {
            "ins": self.kit.colour(self.kit.style("change.inserted").colour),
            "del": self.kit.colour(self.kit.style("change.deleted").colour),
        }
        marked.bar = self.bar()
        return marked

    def bidi_text(
        self,
        text: str,
        style_name: str,
        alignment: int,
        *,
        keep: bool = False,
        bold: bool = False,
        rtl: bool = True,
    ) -> Flowable:
        """Text with Arabic in it, in the paragraph's base direction (`rtl`)."""
        style = self.kit.style(style_name)
        self.check(text, style, bold=bold, rtl=True)
        pstyle = self.kit.pstyle(style_name, alignment, keep=keep, rtl=True)
        font = pstyle.fontName
        if bold and not style.bold:
            font = self.kit.fonts.name(bold=True, italic=False)
        shaped = self.kit.fonts.reshape(font, text)
        self.check(shaped, style, bold=bold, rtl=True)
        # The bidi marks steer the ordering and are dropped by it; other invisible
        # characters the face lacks would print as boxes.
        covered = self._steering.get(font)
        if covered is None:
            covered = self.kit.fonts.cmaps[self.kit.fonts.names.index(font)] | BIDI_MARKS
            self._steering[font] = covered
        shaped = drop_undrawn(shaped, covered)
        if font != pstyle.fontName:
            pstyle = ParagraphStyle(pstyle.name + "/b", parent=pstyle, fontName=font)
        return BidiText(shaped, pstyle, alignment, base_dir="R" if rtl else "L")

    def heading(self, heading: Heading) -> Flowable:
        name = f"heading.{heading.level}"
        runs = (Run(text=heading.text, change=heading.change),)
        return self.para(Para(runs=runs, style=name, rtl=heading.rtl), keep=True)

    def list_block(self, block: ListBlock) -> list[Flowable]:
        flowables: list[Flowable] = []
        by_style: dict[str, float] = {}
        for item in block.items:
            style = self.kit.style(item.para.style)
            width = pdfmetrics.stringWidth(item.label, self.kit.font(style), style.size)
            by_style[item.para.style] = max(by_style.get(item.para.style, 0.0), width)
        for item in block.items:
            style = self.kit.style(item.para.style)
            # The text hangs at one indent per list, wide enough for the widest label.
            indent = max(style.indent, by_style[item.para.style] + style.padding)
            flowables.append(
                self.para(item.para, indent=indent, label=item.label, label_runs=item.label_runs)
            )
        return flowables

    # tables -----------------------------------------------------------------------------

    def cell_content(self, cell: Cell) -> Flowable | list[Flowable] | str:
        flowables = [self.para(para) for para in cell.paras]
        if cell.image is not None:
            flowables.insert(0, self.image(cell.image))
        if not flowables:
            return ""
        return flowables[0] if len(flowables) == 1 else flowables

    def table(self, table: Table) -> Flowable:
        kit, doc_id = self.kit, self.document.meta.id
        ncols, nrows = len(table.columns), len(table.rows)
        where = f"{doc_id}: table {table.name or '(unnamed)'}"
        if ncols == 0 or nrows == 0 or any(w <= 0 for w in table.columns):
            raise RenderError(f"{where}: needs columns of positive width and at least one row")
        total = sum(table.columns)
        widths = [kit.frame_width * w / total for w in table.columns]
        tstyle = kit.style(f"table.{table.style}")

        def col(c: int) -> int:  # a right-to-left table runs its columns the other way
            return ncols - 1 - c if table.rtl else c

        inner = 2 * tstyle.padding
        needs = [0.0] * ncols
        grid: list[list[Any]] = [[""] * ncols for _ in range(nrows)]
        commands: list[tuple[Any, ...]] = []
        filled: list[tuple[int, int, str]] = []  # (column, span, row) of each cell with content
        headers = 0
        while headers < nrows and table.rows[headers].kind == "header":
            headers += 1
        for r, (row, placed) in enumerate(zip(table.rows, slots(table, doc_id), strict=True)):
            ref = f", row {row.ref}" if row.ref else f", row {r + 1}"
            for slot in placed:
                if not slot.start:
                    continue  # drawn by the cell above that spans into this row
                cell, c, span = slot.cell, slot.column, slot.span
                if span == 1:
                    needs[c] = max(needs[c], self._widest_word(cell, widths[c] - inner))
                content = self.cell_content(cell)
                if content != "":
                    filled.append((c, span, ref))
                first, last = col(c), col(c + span - 1)
                grid[r][min(first, last)] = content
                if span > 1 or slot.rows > 1:
                    commands.append(
                        ("SPAN", (min(first, last), r), (max(first, last), r + slot.rows - 1))
                    )
                if cell.image is not None:  # a picture stands where the cell aligns it
                    where_image = {"start": "LEFT", "end": "RIGHT"}.get(cell.image.align, "CENTER")
                    if table.rtl and where_image != "CENTER":
                        where_image = "RIGHT" if where_image == "LEFT" else "LEFT"
                    commands.append(
                        ("ALIGN", (min(first, last), r), (min(first, last), r), where_image)
                    )
                if cell.paras and row.kind == "body":
                    fill = kit.style(cell.paras[0].style).fill
                    if fill:
                        commands.append(
                            (
                                "BACKGROUND",
                                (min(first, last), r),
                                (max(first, last), r),
                                kit.colour(fill),
                            )
                        )
            if row.ref:
                for content in grid[r]:
                    for flowable in content if isinstance(content, list) else (content,):
                        if not isinstance(flowable, str):
                            flowable.briefgen_ref = (table.name, row.ref)
            if row.kind != "body":
                fill = kit.style(f"cell.{row.kind}").fill
                if fill:
                    commands.append(("BACKGROUND", (0, r), (-1, r), kit.colour(fill)))
        if headers:
            commands.append(("VALIGN", (0, 0), (-1, headers - 1), "MIDDLE"))
        commands.extend(self._rules(table.style, tstyle, nrows))
        widths = fit_columns(widths, [need + inner for need in needs], kit.frame_width / 4)
        for c, span, ref in filled:
            # reportlab fails (ValueError) on a cell narrower than its padding: say why here.
            if sum(widths[c : c + span]) < inner:
                raise RenderError(
                    f"{where}{ref}: column {c + 1} is narrower than the cell padding of style "
                    f"table.{table.style} ({tstyle.padding:g} pt each side): lower the padding "
                    "in the theme, or widen the column"
                )
        if table.rtl:
            widths.reverse()
        rl_table = GridTable(
            grid,
            colWidths=widths,
            repeatRows=headers,
            splitInRow=1,
            splitByRow=1,
            hAlign="CENTER",
            spaceBefore=tstyle.space_before,
            spaceAfter=tstyle.space_after,
            style=[
                ("FONTNAME", (0, 0), (-1, -1), kit.font(kit.style("cell"))),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), tstyle.padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), tstyle.padding),
                ("TOPPADDING", (0, 0), (-1, -1), tstyle.padding * 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), tstyle.padding),
                *commands,
            ],
        )
        rl_table.section_rows = frozenset(
            r for r, row in enumerate(table.rows) if row.kind == "section"
        )
        rl_table.kept_rows = frozenset(r for r, keep in enumerate(table.kept()) if keep)
        rl_table.page_height = kit.frame_height
        # Rows move whole to the next page, as Word's rows that cannot split; only a row
        # taller than a page splits.
        rl_table.whole_rows = kit.frame_height
        rl_table.briefgen_name = table.name
        return rl_table

    def _widest_word(self, cell: Cell, room: float) -> float:
        """The widest word of a cell's left-to-right text that might not fit in `room`."""
        widest = 0.0
        for para in cell.paras:
            if para.rtl or has_rtl_script(para.text):
                continue  # such lines are wrapped (and long words cut) by BidiText
            style = self.kit.style(para.style)
            for run in para.runs:
                # No DejaVu glyph is wider than 1.3 em: shorter words cannot overflow.
                shortest = room / (style.size * 1.3)
                font = ""
                for word in run.text.split():
                    if len(word) > shortest:
                        font = font or self.kit.fonts.name(
                            bold=style.bold or run.bold, italic=style.italic or run.italic
                        )
                        widest = max(widest, pdfmetrics.stringWidth(word, font, style.size))
        return widest

    def _rules(self, kind: str, style: Style, nrows: int) -> list[tuple[Any, ...]]:
        if not style.rule:
            return []
        colour = self.kit.colour(style.rule)
        if kind == "grid":
            return [("GRID", (0, 0), (-1, -1), style.rule_width, colour)]
        # key-value: rules between the rows only, a lighter form than a data grid
        return [
            ("LINEABOVE", (0, 0), (-1, 0), style.rule_width, colour),
            ("LINEBELOW", (0, 0), (-1, -1), style.rule_width, colour),
        ]

    # images and signatures --------------------------------------------------------------

    def image(self, image: Image, *, max_height: float | None = None) -> Flowable:
        try:
            reader = ImageReader(image.path)
            width, height = reader.getSize()
        except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
            # What PIL raises for a missing, unreadable, foreign, truncated or huge file.
            raise RenderError(
                f"{self.document.meta.id}: image {image.path}: cannot read it: {exc}"
            ) from exc
        target = image.height_mm * _MM
        if max_height is not None:
            target = min(target, max_height)
        flowable = RLImage(image.path, width=target * width / height, height=target)
        start, end = ("RIGHT", "LEFT") if self.document.rtl else ("LEFT", "RIGHT")
        flowable.hAlign = {"start": start, "end": end}.get(image.align, "CENTER")
        return flowable

    def signature_block(self, block: SignatureBlock) -> Flowable:
        kit = self.kit
        rule = kit.style("signature.rule")
        flowables: list[Flowable] = [
            self.para(part) if isinstance(part, Para) else self.table(part) for part in block.intro
        ]
        for row in block.rows:  # the grid compose decided, left to right
            flowables.append(self._signatures(row, block.per_row, rule))
        return KeepTogether(flowables)

    def _signatures(self, sigs: Sequence[Signature | None], per_row: int, rule: Style) -> Flowable:
        kit = self.kit
        gap = rule.padding
        width = (kit.frame_width - gap * (per_row - 1)) / per_row
        widths: list[float] = []
        rows: list[list[Any]] = [[], [], []]
        commands: list[tuple[Any, ...]] = []
        parties: dict[int, str] = {}
        for i in range(per_row):
            if i:
                widths.append(gap)
                for row in rows:
                    row.append("")
            widths.append(width)
            c = len(widths) - 1
            sig = sigs[i] if i < len(sigs) else None
            if sig is None:
                for row in rows:
                    row.append("")
                continue
            rows[0].append([self.para(p) for p in sig.caption] or "")
            rows[1].append(self.image(sig.image, max_height=rule.space_before) if sig.image else "")
            rows[2].append([self.para(p) for p in sig.details] or "")
            commands.append(
                ("LINEBELOW", (c, 1), (c, 1), rule.rule_width, kit.colour(rule.rule or rule.colour))
            )
            if sig.party:
                parties[c] = sig.party
        table = _SignatureRow(
            rows,
            parties=parties,
            sink=self.signature_lines,
            colWidths=widths,
            rowHeights=[None, rule.space_before, None],
            hAlign="CENTER",
            style=[
                ("FONTNAME", (0, 0), (-1, -1), kit.font(kit.style("signature"))),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("ALIGN", (0, 1), (-1, 1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 2), (-1, 2), rule.space_after),
                *commands,
            ],
            spaceBefore=kit.style("signature.block").space_before,
            spaceAfter=kit.style("signature.block").space_after,
        )
        return table

    # the flow ---------------------------------------------------------------------------

    def lead_in(self, block: Block) -> Flowable | None:
        """The flowable of a heading or kept-with-next paragraph, else None."""
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, Para) and block.keep_with_next:
            return self.para(block)
        if isinstance(block, Table) and block.keep_with_next:
            return self.table(block)
        return None

    def flowables(self, blocks: Iterable[Block]) -> Iterator[Flowable]:
        blocks = list(blocks)
        skip_to = 0
        for index, block in enumerate(blocks):
            if index < skip_to:
                continue
            # Headings and lead-in paragraphs right before a table are kept with the table's
            # START (header and first rows) rather than with all of it.
            end = index
            while (
                end < len(blocks)
                and isinstance(blocks[end], Heading | Para | Table)
                and (
                    isinstance(blocks[end], Heading)
                    or getattr(blocks[end], "keep_with_next", False)
                )
            ):
                end += 1
            following = blocks[end] if end < len(blocks) else None
            if end > index and isinstance(following, Table):
                leads = [f for f in map(self.lead_in, blocks[index:end]) if f is not None]
                for lead in leads:
                    lead.keepWithNext = 0
                table = self.table(following)
                headers = sum(1 for row in following.rows if row.kind == "header")
                first_body = next(
                    (i for i, row in enumerate(following.rows) if row.kind == "body"),
                    len(following.rows) - 1,
                )
                cap = 4 * self.kit.style("cell").leading
                yield TableStart(leads, table, max(headers, first_body + 1), cap)
                yield from leads
                yield table
                skip_to = end + 1
            elif isinstance(block, Para):
                yield self.para(block)
            elif isinstance(block, Heading):
                yield self.heading(block)
            elif isinstance(block, ListBlock):
                yield from self.list_block(block)
            elif isinstance(block, Table):
                yield self.table(block)
            elif isinstance(block, Image):
                yield self.image(block)
            elif isinstance(block, SignatureBlock):
                yield self.signature_block(block)
            elif isinstance(block, PageBreak):
                yield RLPageBreak()
            else:  # pragma: no cover - the Block union is closed
                raise RenderError(f"{self.document.meta.id}: unknown block {block!r}")

    def describe_failure(self, flowable: Flowable | None, whole: Flowable | None) -> str:
        """Where a layout failed: the table and, if it can be told, the row.

        The culprit is the tallest cell that carries a row reference (cells are measured by
        the time layout fails); a cell split across pages passes its reference on. A piece
        of a split table has lost its name, so the cells carry the table's name too, and
        when reportlab has moved the culprit out of the piece, the `whole` table it came
        from is searched instead.
        """
        table = find_table(flowable)
        if table is None:
            return ""
        for candidate in (table, whole):
            if candidate is None:
                continue
            tallest: tuple[float, tuple[str, str]] | None = None
            for row in candidate._cellvalues:
                for cell_flowable in flatten(row):
                    ref = getattr(cell_flowable, "briefgen_ref", None)
                    height = getattr(cell_flowable, "height", 0.0) or 0.0
                    if ref and (tallest is None or height > tallest[0]):
                        tallest = (height, ref)
            if tallest is not None:
                name, ref = tallest[1]
                return f"table {name or '(unnamed)'}, {ref}: "
        name = getattr(table, "briefgen_name", "") or getattr(whole, "briefgen_name", "")
        return f"table {name or '(unnamed)'}: "
