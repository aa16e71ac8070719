"""The PDF renderer's per-theme kit: what a theme gives every document, built once.

The registered fonts, reportlab's ParagraphStyle for each named style (per alignment, keep
and indent), colours, and the fragments of reportlab's markup parser per style and emphasis.
Render code refers to styles by name only; the sizes, fonts and colours come from here.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from briefgen.compose.blocks import Run
from briefgen.render.pdf.fonts import fonts_of
from briefgen.theme import Style, Theme

__all__ = ["Kit", "kit_of"]


class Kit:
    """Everything derived from a theme that is the same for every document: fonts, styles."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.fonts = fonts_of(theme.fonts)
        self.frame_width = theme.page.width - theme.page.left - theme.page.right
        self.frame_height = theme.page.height - theme.page.top - theme.page.bottom
        self._pstyles: dict[tuple[str, int, bool, float | None, bool, str], ParagraphStyle] = {}
        self._colours: dict[str, colors.Color] = {}
        self._frags: dict[tuple[str, bool, bool, bool], ParaFrag] = {}

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
        hyphenation: str = "",
    ) -> ParagraphStyle:
        """A cached ParagraphStyle: building one per paragraph costs more than laying it out.

        `hyphenation`: pyphen's dictionary for the paragraph's language ("en_GB"; "" none):
        a word that does not fit at the end of a line is hyphenated ("-" at the line end)."""
        key = (name, alignment, keep, indent, rtl, hyphenation)
        pstyle = self._pstyles.get(key)
        if pstyle is None:
            style = self.style(name)
            pstyle = ParagraphStyle(
                f"{name}/{alignment}/{int(keep)}/{indent}/{int(rtl)}/{hyphenation}",
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
                hyphenationLang=hyphenation,
            )
            self._pstyles[key] = pstyle
        return pstyle

    def emphasis(self, markup: str, run: Run) -> str:
        """`markup` (escaped text) with the run's emphasis: bold, italic, or the shaded small
        `tag` style of a language tag."""
        if run.bold:
            markup = f"<b>{markup}</b>"
        if run.italic:
            markup = f"<i>{markup}</i>"
        if run.tag:
            tag = self.style("tag")
            markup = (
                f'<font size="{tag.size:g}" color="{tag.colour}"'
                + (f' backColor="{tag.fill}"' if tag.fill else "")
                + f">{f'<b>{markup}</b>' if tag.bold else markup}</font>"
            )
        return markup

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
            key = (pstyle.name, run.bold, run.italic, run.tag)
            template = self._frags.get(key)
            if template is None:
                markup = self.emphasis("x", run)
                template = self._frags[key] = ParaParser().parse(markup, pstyle)[1][0]
            frags.append(template.clone(text=text, link=[], us_lines=[]))
        return frags or None


_KITS: dict[str, Kit] = {}


def kit_of(theme: Theme) -> Kit:
    kit = _KITS.get(theme.fingerprint)
    if kit is None:
        if len(_KITS) >= 16:  # a long-lived process trying many themes
            _KITS.pop(next(iter(_KITS)))
        kit = _KITS[theme.fingerprint] = Kit(theme)
    return kit
