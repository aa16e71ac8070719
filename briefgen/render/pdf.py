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
"""

# The order of the first statements matters: invariant output, then the fonts, then the base
# font name, and only then platypus, whose modules read the base font name when imported.

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config

rl_config.invariant = 1

from arabic_reshaper import ArabicReshaper  # noqa: E402
from arabic_reshaper.ligatures import LIGATURES  # noqa: E402
from arabic_reshaper.reshaper_config import default_config  # noqa: E402
from bidi.algorithm import get_display as _bidi_display  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from briefgen.compose.blocks import (  # noqa: E402
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
    Run,
    Signature,
    SignatureBlock,
    Table,
)
from briefgen.coverage import RTL_SCRIPT  # noqa: E402
from briefgen.errors import RenderError, ThemeError  # noqa: E402
from briefgen.text import is_rtl, needs_glyph  # noqa: E402
from briefgen.theme import FontFamily, Style, Theme, load_theme  # noqa: E402

__all__ = ["render"]


# --- fonts ----------------------------------------------------------------------------------


class _Fonts:
    """One registered font family: reportlab names and the characters each face covers."""

    def __init__(self, family: FontFamily) -> None:
        paths = (family.regular, family.bold, family.italic, family.bold_italic)
        self.paths: tuple[Path, ...] = paths
        self.names: tuple[str, ...] = tuple(_register_face(path) for path in paths)
        self.family = self.names[0]
        pdfmetrics.registerFontFamily(
            self.family,
            normal=self.names[0],
            bold=self.names[1],
            italic=self.names[2],
            boldItalic=self.names[3],
        )
        self.cmaps: tuple[frozenset[int], ...] = tuple(
            frozenset(pdfmetrics.getFont(name).face.charToGlyph) for name in self.names
        )

    @staticmethod
    def index(*, bold: bool, italic: bool) -> int:
        return (2 if italic else 0) + (1 if bold else 0)

    def name(self, *, bold: bool, italic: bool) -> str:
        return self.names[self.index(bold=bold, italic=italic)]


_REGISTERED: dict[str, Path] = {}  # reportlab font name -> file
_FAMILIES: dict[tuple[Path, ...], _Fonts] = {}


def _register_face(path: Path) -> str:
    # The name is the file's stem, so the PDF is the same on every machine; a second file
    # with the same stem gets a suffix instead of silently replacing the first.
    name, n = path.stem, 1
    while name in _REGISTERED and _REGISTERED[name] != path:
        n += 1
        name = f"{path.stem}~{n}"
    if name not in _REGISTERED:
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # reportlab raises bare TTFError/OSError/struct errors
            raise ThemeError(f"{path}: not a usable TrueType font: {exc}") from exc
        _REGISTERED[name] = path
    return name


def _fonts_of(family: FontFamily) -> _Fonts:
    """The family registered once per process (registering costs ~10 ms a face)."""
    key = (family.regular, family.bold, family.italic, family.bold_italic)
    fonts = _FAMILIES.get(key)
    if fonts is None:
        fonts = _FAMILIES[key] = _Fonts(family)
    return fonts


rl_config.canvas_basefontname = _fonts_of(load_theme("default").fonts).family

from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus import Image as RLImage  # noqa: E402
from reportlab.platypus import PageBreak as RLPageBreak  # noqa: E402
from reportlab.platypus import Table as RLTable  # noqa: E402
from reportlab.platypus.doctemplate import LayoutError  # noqa: E402
from reportlab.platypus.paraparser import ParaFrag, ParaParser  # noqa: E402

_MM = 72 / 25.4


# --- the per-theme kit: styles built once ----------------------------------------------------


class _Kit:
    """Everything derived from a theme that is the same for every document: fonts, styles."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.fonts = _fonts_of(theme.fonts)
        self.frame_width = theme.page.width - theme.page.left - theme.page.right
        self.frame_height = theme.page.height - theme.page.top - theme.page.bottom
        self._pstyles: dict[tuple[str, int, bool, float | None, bool], ParagraphStyle] = {}
        self._colours: dict[str, colors.Color] = {}
        self._reshapers: dict[str, ArabicReshaper] = {}
        self._frags: dict[tuple[str, bool, bool], ParaFrag] = {}

    def style(self, name: str) -> Style:
        return self.theme.style(name)

    def colour(self, hex_colour: str) -> colors.Color:
        colour = self._colours.get(hex_colour)
        if colour is None:
            colour = self._colours[hex_colour] = colors.HexColor(hex_colour)
        return colour

    def font(self, style: Style, *, rtl: bool = False) -> str:
        # DejaVu's oblique faces have no Arabic, and Arabic has no italics: RTL text is upright.
        return self.fonts.name(bold=style.bold, italic=style.italic and not rtl)

    def pstyle(
        self,
        name: str,
        alignment: int,
        *,
        keep: bool = False,
        indent: float | None = None,
        rtl: bool = False,
    ) -> ParagraphStyle:
        """A cached ParagraphStyle: building one per paragraph costs more than laying it out."""
        key = (name, alignment, keep, indent, rtl)
        pstyle = self._pstyles.get(key)
        if pstyle is None:
            style = self.style(name)
            pstyle = ParagraphStyle(
                f"{name}/{alignment}/{int(keep)}/{indent}/{int(rtl)}",
                fontName=self.font(style, rtl=rtl),
                fontSize=style.size,
                leading=style.leading,
                textColor=self.colour(style.colour),
                alignment=alignment,
                spaceBefore=style.space_before,
                spaceAfter=style.space_after,
                leftIndent=style.indent if indent is None else indent,
                bulletIndent=0,
                bulletFontName=self.font(style),
                bulletFontSize=style.size,
                keepWithNext=int(keep or style.keep_with_next),
                splitLongWords=1,
                allowWidows=1,
                allowOrphans=0,
            )
            self._pstyles[key] = pstyle
        return pstyle

    def frags(self, pstyle: ParagraphStyle, runs: Sequence[Run]) -> list[ParaFrag] | None:
        """The fragments reportlab's markup parser would make of these runs, without parsing.

        Parsing the markup is a tenth of the rendering time, and text with no line breaks
        needs none of it: each run is a copy of a fragment parsed once per style and emphasis.
        None means "use markup" (a line break, or no text at all).
        """
        frags: list[ParaFrag] = []
        last = len(runs) - 1
        for i, run in enumerate(runs):
            text = run.text
            if "\n" in text:
                return None
            # The markup path strips the paragraph's outer whitespace; so must this one.
            if i == 0:
                text = text.lstrip()
            if i == last:
                text = text.rstrip()
            if not text:
                continue
            key = (pstyle.name, run.bold, run.italic)
            template = self._frags.get(key)
            if template is None:
                markup = "x"
                if run.bold:
                    markup = f"<b>{markup}</b>"
                if run.italic:
                    markup = f"<i>{markup}</i>"
                template = self._frags[key] = ParaParser().parse(markup, pstyle)[1][0]
            frags.append(template.clone(text=text, link=[], us_lines=[]))
        return frags or None

    def reshaper(self, font_name: str) -> ArabicReshaper:
        """A reshaper that uses only the ligatures this font has glyphs for."""
        reshaper = self._reshapers.get(font_name)
        if reshaper is None:
            cmap = self.fonts.cmaps[self.fonts.names.index(font_name)]
            # Every key is given so PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE cannot change
            # the output on one machine.
            config: dict[str, Any] = dict(default_config)
            for ligature, (_match, forms) in LIGATURES:
                covered = all(ord(form) in cmap for form in forms if form)
                config[ligature] = bool(config.get(ligature, False)) and covered
            reshaper = self._reshapers[font_name] = ArabicReshaper(configuration=config)
        return reshaper


_KITS: dict[str, _Kit] = {}


def _kit_of(theme: Theme) -> _Kit:
    kit = _KITS.get(theme.fingerprint)
    if kit is None:
        if len(_KITS) >= 16:  # a long-lived process trying many themes
            _KITS.pop(next(iter(_KITS)))
        kit = _KITS[theme.fingerprint] = _Kit(theme)
    return kit


def _alignment(align: Align, rtl: bool) -> int:
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


def _shorten(text: str, limit: int = 60) -> str:
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
        _pass_ref(self, pieces)
        return pieces


def _pass_ref(whole: Flowable, pieces: list[Flowable]) -> None:
    """Give the pieces of a split cell paragraph the row reference of the whole."""
    ref = getattr(whole, "briefgen_ref", None)
    if ref is not None:
        for piece in pieces:
            piece.briefgen_ref = ref


# --- right-to-left text ----------------------------------------------------------------------

# python-bidi 0.6 fails an assertion on the isolate controls (U+2066-U+2069), which it does
# not implement; they only steer ordering, which get_display decides for the whole line.
_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))


def get_display(text: str, base_dir: str) -> str:
    """The line in visual order (python-bidi), without the isolates it cannot handle."""
    return str(_bidi_display(text.translate(_ISOLATES), base_dir=base_dir))


def reshape(reshaper: ArabicReshaper, text: str) -> str:
    """Arabic joined; arabic-reshaper 3.1 fails (IndexError) on a ZWJ before a lam-alef
    ligature, so such text is joined without its (invisible) ZWJs."""
    try:
        return str(reshaper.reshape(text))
    except IndexError:
        return str(reshaper.reshape(text.replace("\u200d", "")))


def _wrap_logical(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap in logical order; a word wider than the line is cut between characters."""
    lines: list[str] = []
    space = pdfmetrics.stringWidth(" ", font, size)
    for hard_line in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in hard_line.split():
            w = pdfmetrics.stringWidth(word, font, size)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                piece = ""
                for char in word:
                    if piece and pdfmetrics.stringWidth(piece + char, font, size) > width:
                        lines.append(piece)
                        piece = ""
                    piece += char
                current, used = [piece], pdfmetrics.stringWidth(piece, font, size)
                continue
            needed = w if not current else used + space + w
            if current and needed > width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                current.append(word)
                used = needed
        lines.append(" ".join(current))
    return lines


class _RtlText(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Arabic text: shaped, wrapped in logical order, each line drawn in visual order.

    reportlab's own right-to-left support needs rlbidi, which is not on PyPI.
    """

    def __init__(
        self,
        shaped: str,
        pstyle: ParagraphStyle,
        alignment: int,
        lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.shaped = shaped
        self.style = pstyle
        self.alignment = alignment
        self.spaceBefore = pstyle.spaceBefore
        self.spaceAfter = pstyle.spaceAfter
        self.keepWithNext = pstyle.keepWithNext
        self._lines = lines
        self._wrapped_at = -1.0 if lines is None else float("nan")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._lines is None or (availWidth != self._wrapped_at and self._wrapped_at >= 0):
            style = self.style
            logical = _wrap_logical(self.shaped, style.fontName, style.fontSize, availWidth)
            self._lines = [get_display(line, base_dir="R") for line in logical]
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self._lines):
            # Measured at another width it did not fit; at this one it does. A table cell
            # split expects two pieces (reportlab indexes [1]): the rest is empty.
            rest = _RtlText(self.shaped, self.style, self.alignment, [])
            rest.spaceBefore = 0
            return [self, rest]
        first = _RtlText(self.shaped, self.style, self.alignment, self._lines[:fit])
        rest = _RtlText(self.shaped, self.style, self.alignment, self._lines[fit:])
        first.spaceAfter = 0
        rest.spaceBefore = 0
        rest.keepWithNext = self.keepWithNext
        first.keepWithNext = 0
        _pass_ref(self, [first, rest])
        return [first, rest]

    def draw(self) -> None:
        assert self._lines is not None
        canv, style = self.canv, self.style
        canv.setFont(style.fontName, style.fontSize, style.leading)
        canv.setFillColor(style.textColor)
        # First baseline as Paragraph puts it, so Arabic lines up with Latin in a row.
        y = self.height - style.fontSize
        for line in self._lines:
            if self.alignment == TA_CENTER:
                canv.drawCentredString(self.width / 2, y, line)
            elif self.alignment == TA_LEFT:
                canv.drawString(0, y, line)
            else:
                canv.drawRightString(self.width, y, line)
            y -= style.leading


# --- page furniture --------------------------------------------------------------------------


class _Furniture:
    """Draws what every page carries; the page total is drawn when the canvas is saved."""

    def __init__(self, document: Document, layout: _Layout) -> None:
        self.document = document
        self.layout = layout
        kit = layout.kit
        self.kit = kit
        self.page = kit.theme.page
        texts = (document.marking, document.watermark, document.header, document.footer)
        for text, style in zip(texts, ("marking", "watermark", "header", "footer"), strict=True):
            if text:
                layout.check(text, kit.style(f"page.{style}"))
        label = document.page_label.replace("{page}", "0").replace("{pages}", "0")
        layout.check(label, kit.style("page.footer"))

    def _text(self, text: str, style: Style) -> tuple[str, str]:
        """(text to draw, font) for one line of furniture, Arabic put in visual order."""
        rtl = is_rtl(text)
        font = self.kit.font(style, rtl=rtl)
        if rtl:
            text = get_display(reshape(self.kit.reshaper(font), text), base_dir="R")
        return text, font

    def on_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Under the content: watermark, markings, running header, footer text, logo."""
        document, page, kit = self.document, self.page, self.kit
        canv.saveState()
        if document.watermark:
            style = kit.style("page.watermark")
            text, font = self._text(document.watermark, style)
            canv.saveState()
            canv.setFillColor(kit.colour(style.colour), alpha=style.opacity)
            canv.setFont(font, style.size)
            canv.translate(page.width / 2, page.height / 2)
            canv.rotate(style.angle)
            canv.drawCentredString(0, -style.size * 0.35, text)
            canv.restoreState()
        if document.marking:
            style = kit.style("page.marking")
            text, font = self._text(document.marking, style)
            ascent = pdfmetrics.getAscent(font, style.size)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            canv.drawCentredString(page.width / 2, page.height - page.marking - ascent, text)
            canv.drawCentredString(page.width / 2, page.marking, text)
        if document.header and doc.page > 1:
            style = kit.style("page.header")
            text, font = self._text(document.header, style)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            y = page.height - page.header
            self._draw_aligned(canv, text, y, start=True)
            if style.rule:
                canv.setStrokeColor(kit.colour(style.rule))
                canv.setLineWidth(style.rule_width)
                rule_y = y - style.padding
                canv.line(page.left, rule_y, page.width - page.right, rule_y)
        style = kit.style("page.footer")
        if style.rule:
            canv.setStrokeColor(kit.colour(style.rule))
            canv.setLineWidth(style.rule_width)
            rule_y = page.footer + style.size + style.padding
            canv.line(page.left, rule_y, page.width - page.right, rule_y)
        if document.footer:
            text, font = self._text(document.footer, style)
            canv.setFillColor(kit.colour(style.colour))
            canv.setFont(font, style.size)
            self._draw_aligned(canv, text, page.footer, start=True)
        if page.logo is not None and doc.page == 1:
            canv.drawImage(
                str(page.logo),
                page.left,
                page.height - page.top + kit.style("body").space_after,
                height=page.logo_height,
                width=None,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
        canv.restoreState()

    def draw_page_label(self, canv: Canvas, number: int, total: int) -> None:
        """'Page X of Y' at the footer's end, once the total is known."""
        if not self.document.page_label:
            return
        style = self.kit.style("page.footer")
        label = self.document.page_label.replace("{page}", str(number))
        text, font = self._text(label.replace("{pages}", str(total)), style)
        canv.saveState()
        canv.setFillColor(self.kit.colour(style.colour))
        canv.setFont(font, style.size)
        self._draw_aligned(canv, text, self.page.footer, start=False)
        canv.restoreState()

    def _draw_aligned(self, canv: Canvas, text: str, y: float, *, start: bool) -> None:
        # In a right-to-left document the start of a line is on the right.
        if start != self.document.rtl:
            canv.drawString(self.page.left, y, text)
        else:
            canv.drawRightString(self.page.width - self.page.right, y, text)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas that keeps each page until save(), when the page total is known."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw_page_label(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


#: The most pages one table row may run over (a 3,000-word outcome fills about 9).
MAX_ROW_PAGES = 40


class _GridTable(RLTable):  # type: ignore[misc]  # reportlab is untyped
    """A table that never ends a page on a section row (an area heading without its rows),
    and splits inside a row only when that row cannot fit whole on any page.

    `section_rows` holds the indices of section rows; reportlab's NOSPLIT cannot be used,
    because it breaks in-row splitting of very tall rows.
    """

    section_rows: frozenset[int] = frozenset()
    #: Rows move whole to the next page; only a row taller than `whole_rows` splits.
    whole_rows: float = 0.0
    #: The height of the page's frame: a body row taller than it less the header rows can
    #: never stand whole on a page, so it starts where it is and continues on the next.
    page_height: float = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.whole_rows:
            self.splitInRow = 0
            try:
                pieces: list[Flowable] = super().split(availWidth, availHeight)
            finally:
                self.splitInRow = 1
            heights = getattr(self, "_rowHeights", None) or []
            tallest = max((h for h in heights if h is not None), default=0.0)
            if pieces or tallest <= self.whole_rows:
                return pieces
        pieces = self._split_inside(availWidth, availHeight)
        if pieces:
            return pieces
        pieces = super().split(availWidth, availHeight)
        if len(pieces) == 2 and self.section_rows:
            last = len(pieces[0]._cellvalues) - 1
            heights = getattr(self, "_rowHeights", None)
            if last in self.section_rows and last <= self.repeatRows:
                return []  # only the header and an area heading would fit: next page
            if last in self.section_rows and heights:
                # Offer only the height of the rows before it: the split moves up one row.
                pieces = super().split(availWidth, sum(heights[:last]) + 0.5)
        return self._pass_sections(pieces, inside=False)

    def _split_inside(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split inside the first row that does not fit, when it cannot fit on any page.

        reportlab splits between rows first, so such a row would leave the rest of this page
        blank, or (after an area row, which must not end a page) fail outright.
        """
        if not self.page_height:
            return []
        heights = getattr(self, "_rowHeights", None)
        if heights is None:  # split without a wrap first; a wrap has measured the rows
            self._calc(availWidth, availHeight)
            heights = self._rowHeights
        used, n = 0.0, 0
        for height in heights:
            if height is None or used + height > availHeight:
                break
            used, n = used + height, n + 1
        if n < self.repeatRows or n >= len(heights) or heights[n] is None:
            return []
        header = sum(h or 0.0 for h in heights[: self.repeatRows])
        if heights[n] <= self.page_height - header:
            return []
        pages = heights[n] / (self.page_height - header)
        if pages > MAX_ROW_PAGES:
            # Each page of a split row re-wraps the rest of it: past this, time grows fast.
            raise LayoutError(
                f"the row would run to {pages:.0f} pages; one row may fill at most "
                f"{MAX_ROW_PAGES}: shorten its text or move it to an annex"
            )
        return self._pass_sections(self._splitRows(availHeight, doInRowSplit=1), inside=True)

    def _pass_sections(self, pieces: list[Flowable], *, inside: bool) -> list[Flowable]:
        """Give the second piece the indices of its section rows (after its header rows)."""
        if len(pieces) == 2:
            # After an in-row split the first piece also holds the top of the split row.
            first = len(pieces[0]._cellvalues) - (1 if inside else 0)
            pieces[1].section_rows = frozenset(
                i - first + self.repeatRows for i in self.section_rows if i >= first
            )
            pieces[1].page_height = self.page_height
            pieces[1].whole_rows = self.whole_rows
        return pieces


class _TableStart(CondPageBreak):  # type: ignore[misc]  # reportlab is untyped
    """Keep a lead-in (a heading, "have agreed as follows:") with the START of a table.

    reportlab keeps a keep-with-next paragraph with the whole next flowable, so a table
    shorter than a page jumps to the next page and leaves a half-empty one. This breaks the
    page only when the lead-in, the header rows and the first body row do not fit.
    """

    def __init__(self, leads: list[Flowable], table: Flowable, rows: int, cap: float) -> None:
        super().__init__(0)
        self.leads = leads
        self.table = table
        self.rows = rows
        self.cap = cap  # a row taller than this splits anyway: its first lines are enough

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lead = sum(
            f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            for f in self.leads
        )
        self.table.wrap(availWidth, availHeight)
        heights = getattr(self.table, "_rowHeights", None) or []
        # reportlab measures a long table only as far as the space offered: an unmeasured
        # row (None) is below the fold, so count it as a full cap.
        rows = sum(self.cap if h is None else min(h, self.cap) for h in heights[: self.rows])
        self.height = lead + rows + self.table.getSpaceBefore()
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """Remembers the flowable being placed, so a layout failure can name its table and row."""

    current: Flowable | None = None
    named_table: Flowable | None = None  # the last whole table met; its pieces have no name

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.current = flowables[0] if flowables else None
        table = _find_table(self.current)
        if table is not None and hasattr(table, "briefgen_name"):
            self.named_table = table
        super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802
        # A heading kept with a table becomes one KeepTogether holding both: remember that.
        super().handle_keepWithNext(flowables)
        self.current = flowables[0] if flowables else None


# --- blocks to flowables ---------------------------------------------------------------------


class _Layout:
    """Turns one Document's blocks into flowables, checking every character on the way."""

    def __init__(self, document: Document, kit: _Kit) -> None:
        self.document = document
        self.kit = kit

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
                    f"in {_shorten(text)!r}: font {fonts.paths[index].name} has no glyph for it"
                )

    # paragraphs -------------------------------------------------------------------------

    def para(
        self,
        para: Para,
        *,
        keep: bool = False,
        align: Align | None = None,
        indent: float | None = None,
        label: str | None = None,
    ) -> Flowable:
        style = self.kit.style(para.style)
        text = para.text
        rtl = para.rtl or is_rtl(text)
        alignment = _alignment(align or para.align or style.align, rtl)
        keep = keep or para.keep_with_next
        if rtl:
            bold = all(run.bold for run in para.runs) and bool(para.runs)
            if label:
                text = f"{label} {text}"
            return self.rtl_text(text, para.style, alignment, keep=keep, bold=bold)
        # Right-to-left letters are set upright, in a left-to-right paragraph too (the
        # italic faces may lack them): the same rule as briefgen.coverage checks.
        upright = RTL_SCRIPT.search(text) is not None
        for run in para.runs:
            self.check(run.text, style, bold=run.bold, italic=run.italic, rtl=upright)
        pstyle = self.kit.pstyle(para.style, alignment, keep=keep, indent=indent, rtl=upright)
        bullet = None
        if label is not None:
            self.check(label, style)
            bullet = _markup(label)
        frags = self.kit.frags(pstyle, para.runs)
        if frags is not None:
            return _Para(None, pstyle, bulletText=bullet, frags=frags)
        pieces = []
        for run in para.runs:
            piece = _markup(run.text)
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            pieces.append(piece)
        return _Para("".join(pieces), pstyle, bulletText=bullet)

    def rtl_text(
        self, text: str, style_name: str, alignment: int, *, keep: bool = False, bold: bool = False
    ) -> Flowable:
        style = self.kit.style(style_name)
        self.check(text, style, bold=bold, rtl=True)
        pstyle = self.kit.pstyle(style_name, alignment, keep=keep, rtl=True)
        font = pstyle.fontName
        if bold and not style.bold:
            font = self.kit.fonts.name(bold=True, italic=False)
        shaped = reshape(self.kit.reshaper(font), text)
        self.check(shaped, style, bold=bold, rtl=True)
        if font != pstyle.fontName:
            pstyle = ParagraphStyle(pstyle.name + "/b", parent=pstyle, fontName=font)
        return _RtlText(shaped, pstyle, alignment)

    def heading(self, heading: Heading) -> Flowable:
        name = f"heading.{min(max(heading.level, 1), 3)}"
        return self.para(Para.of(heading.text, name, rtl=heading.rtl), keep=True)

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
            flowables.append(self.para(item.para, indent=indent, label=item.label))
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
        covered: set[tuple[int, int]] = set()
        headers = 0
        while headers < nrows and table.rows[headers].kind == "header":
            headers += 1
        for r, row in enumerate(table.rows):
            ref = f", row {row.ref}" if row.ref else f", row {r + 1}"
            if row.kind == "section":
                cells: Sequence[Cell] = row.cells[:1]
                spans = [(0, ncols)]
            else:
                cells = row.cells
                spans = self._place(row, r, ncols, covered, f"{where}{ref}")
            for cell, (c, span) in zip(cells, spans, strict=True):
                if (r, c) in covered:
                    continue  # the placeholder under a cell spanning rows
                if span == 1:
                    needs[c] = max(needs[c], self._widest_word(cell, widths[c] - inner))
                if r + cell.rowspan > nrows:
                    raise RenderError(f"{where}{ref}: a cell spans past the last row")
                content = self.cell_content(cell)
                first, last = col(c), col(c + span - 1)
                grid[r][min(first, last)] = content
                if span > 1 or cell.rowspan > 1:
                    commands.append(
                        ("SPAN", (min(first, last), r), (max(first, last), r + cell.rowspan - 1))
                    )
                    covered.update(
                        (rr, cc)
                        for rr in range(r, r + cell.rowspan)
                        for cc in range(c, c + span)
                        if (rr, cc) != (r, c)
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
        widths = _fit_columns(widths, [need + inner for need in needs], kit.frame_width / 4)
        if table.rtl:
            widths.reverse()
        rl_table = _GridTable(
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
        rl_table.page_height = kit.frame_height
        if table.style == "plain":
            rl_table.whole_rows = kit.frame_height
        rl_table.briefgen_name = table.name
        return rl_table

    def _widest_word(self, cell: Cell, room: float) -> float:
        """The widest word of a cell's left-to-right text that might not fit in `room`."""
        widest = 0.0
        for para in cell.paras:
            if para.rtl:
                continue  # Arabic lines are wrapped (and long words cut) by _RtlText
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

    def _place(
        self, row: Row, r: int, ncols: int, covered: set[tuple[int, int]], where: str
    ) -> list[tuple[int, int]]:
        """The first column and width of each cell of a row.

        A row may list placeholders for the positions a cell from above spans into (then its
        spans add up to the column count) or leave them out (then they are skipped).
        """
        with_placeholders = sum(cell.colspan for cell in row.cells) == ncols
        places: list[tuple[int, int]] = []
        c = 0
        for cell in row.cells:
            if not with_placeholders:
                while (r, c) in covered:
                    c += 1
            if cell.colspan < 1 or cell.rowspan < 1 or c + cell.colspan > ncols:
                raise RenderError(f"{where}: the cells do not fit the table's {ncols} columns")
            places.append((c, cell.colspan))
            c += cell.colspan
        return places

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
        except Exception as exc:  # reportlab/PIL raise many kinds for a bad file
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
        sigs = block.signatures
        per_row = len(sigs) if len(sigs) <= 3 else 2
        for start in range(0, len(sigs), per_row):
            row: list[Signature | None] = list(sigs[start : start + per_row])
            if self.document.rtl:  # the first signature is the right-hand one
                row = [*([None] * (per_row - len(row))), *reversed(row)]
            flowables.append(self._signatures(row, per_row, rule))
        return KeepTogether(flowables)

    def _signatures(self, sigs: Sequence[Signature | None], per_row: int, rule: Style) -> Flowable:
        kit = self.kit
        gap = rule.padding
        width = (kit.frame_width - gap * (per_row - 1)) / per_row
        widths: list[float] = []
        rows: list[list[Any]] = [[], [], []]
        commands: list[tuple[Any, ...]] = []
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
        table = RLTable(
            rows,
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
                yield _TableStart(leads, table, max(headers, first_body + 1), cap)
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
        table = _find_table(flowable)
        if table is None:
            return ""
        for candidate in (table, whole):
            if candidate is None:
                continue
            tallest: tuple[float, tuple[str, str]] | None = None
            for row in candidate._cellvalues:
                for cell_flowable in _flatten(row):
                    ref = getattr(cell_flowable, "briefgen_ref", None)
                    height = getattr(cell_flowable, "height", 0.0) or 0.0
                    if ref and (tallest is None or height > tallest[0]):
                        tallest = (height, ref)
            if tallest is not None:
                name, ref = tallest[1]
                return f"table {name or '(unnamed)'}, {ref}: "
        name = getattr(table, "briefgen_name", "") or getattr(whole, "briefgen_name", "")
        return f"table {name or '(unnamed)'}: "


def _flatten(contents: object) -> Iterator[object]:
    """The flowables of table cells, which reportlab nests in lists and tuples."""
    if isinstance(contents, list | tuple):
        for item in contents:
            yield from _flatten(item)
    else:
        yield contents


def _fit_columns(widths: list[float], needs: list[float], cap: float) -> list[float]:
    """Widen columns too narrow for their widest word, taking the room from the others.

    Only words up to `cap` wide are honoured: a long URL wraps instead of squeezing the rest.
    The total width does not change.
    """
    needs = [min(need, cap) for need in needs]
    short = [max(0.0, need - width) for need, width in zip(needs, widths, strict=True)]
    spare = [max(0.0, width - need) for need, width in zip(needs, widths, strict=True)]
    deficit, slack = sum(short), sum(spare)
    if deficit <= 0 or slack <= 0:
        return widths
    share = min(deficit, slack)
    return [
        width + s * share / deficit - p * share / slack
        for width, s, p in zip(widths, short, spare, strict=True)
    ]


def _find_table(flowable: object) -> Any:
    if isinstance(flowable, RLTable):
        return flowable
    if isinstance(flowable, _TableStart):  # it measures the table that follows it
        return flowable.table
    for child in getattr(flowable, "_content", None) or ():
        found = _find_table(child)
        if found is not None:
            return found
    return None


# --- entry point -----------------------------------------------------------------------------


def render(document: Document, theme: Theme) -> bytes:
    """The Document as PDF bytes, laid out in the theme; the same input gives the same bytes."""
    kit = _kit_of(theme)
    layout = _Layout(document, kit)
    story = list(layout.flowables(document.blocks))
    furniture = _Furniture(document, layout)
    page = theme.page
    buffer = io.BytesIO()
    meta = document.meta
    doc = _DocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=meta.title,
        subject=meta.subject,
        author=meta.author,
        keywords=list(meta.keywords),
        creator="briefgen",
        lang=meta.language,
        initialFontName=kit.fonts.family,
        invariant=1,
    )
    frame = Frame(
        page.left,
        page.bottom,
        kit.frame_width,
        page.height - page.top - page.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture.on_page)])
    maker: Callable[..., Canvas] = partial(_NumberedCanvas, furniture=furniture)
    try:
        doc.build(story, canvasmaker=maker)
    except (LayoutError, ValueError, TypeError) as exc:
        # reportlab reports a layout that cannot work (a cell narrower than its padding, a
        # flowable taller than any frame) as LayoutError or ValueError; while describing a
        # split table's culprit for that LayoutError it can fail with a TypeError itself
        # (Table._culprit: max() over row heights that include None).
        where = layout.describe_failure(doc.current, doc.named_table)
        raise RenderError(
            f"{meta.id}: {where}cannot lay this out on the page ({_shorten(str(exc), 200)})"
        ) from exc
    return buffer.getvalue()
