"""The format-neutral document: the blocks compose produces and every renderer presents.

Everything a reader sees is decided before this point: wording, order, numbering, labels,
dates, which column comes first, which text is right-to-left. A renderer maps each block to
its format and decides nothing about content. Style names refer to named styles of the
theme (`STYLES` lists those a paragraph may take); a renderer must support every one.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

import attrs

from briefgen.errors import Problem
from briefgen.theme import NAMED_STYLES

__all__ = [
    "HEADING_LEVELS",
    "SIGNATURES_PER_ROW",
    "SMALL_TABLE",
    "STYLES",
    "Align",
    "Block",
    "Cell",
    "Change",
    "Document",
    "Heading",
    "Image",
    "ListBlock",
    "ListItem",
    "Meta",
    "PageBreak",
    "Para",
    "Row",
    "Run",
    "Signature",
    "SignatureBlock",
    "Table",
]

#: The styles compose may give a paragraph (`Para.style`): the "paragraph" entries of the
#: theme's one table of named styles, where each is described.
STYLES: tuple[str, ...] = tuple(s.name for s in NAMED_STYLES if s.kind == "paragraph")

#: start = left for left-to-right text, right for right-to-left text.
Align: TypeAlias = Literal["start", "center", "end", "justify"]


@attrs.frozen(kw_only=True)
class Change:
    """A tracked change (a comparison of two versions): text inserted or deleted, by whom
    and when. `id` names the change a summary links to ("change-3"); the first text that
    carries it is where the link leads."""

    kind: Literal["ins", "del"]
    author: str
    date: dt.date | None = None
    id: str = ""


@attrs.frozen(kw_only=True)
class Run:
    """A stretch of text with one emphasis.

    `tag`: a small shaded label (the theme's `tag` style) that compose puts after a text of
    a draft that is not in the document's language, naming the language it is in ("EN").
    `change`: the run was inserted or deleted (a comparison). `link`: the `Change.id` this
    run leads to when clicked (a summary of changes). `lang`: the code of the run's
    language when it is not its paragraph's (a text used in place of a missing
    translation), so a word processor spell-checks and hyphenates it as what it is.
    """

    text: str
    bold: bool = False
    italic: bool = False
    tag: bool = False
    change: Change | None = None
    link: str = ""
    lang: str = ""


@attrs.frozen(kw_only=True)
class Para:
    """A paragraph: runs in a named style.

    `rtl`: the paragraph's base direction is right to left, decided by its language (an
    Arabic paragraph that starts with "UNDRR" is right to left all the same). `lang`: the
    code of the language it is written in ("ru"); "" is the document's (`Meta.language`).
    """

    runs: tuple[Run, ...]
    style: str = "body"
    rtl: bool = False
    lang: str = ""
    align: Align | None = None  # None: the style's own alignment
    keep_with_next: bool = False
    #: The whole paragraph was inserted or deleted (a comparison); its runs carry it too.
    change: Change | None = None

    @classmethod
    def of(cls, text: str, style: str = "body", **kwargs: object) -> Para:
        """A paragraph of one plain run."""
        return cls(runs=(Run(text=text),), style=style, **kwargs)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        """The plain text of all runs."""
        return "".join(run.text for run in self.runs)


#: The heading levels a theme styles (heading.1 to heading.3); deeper levels are set as the
#: deepest one.
HEADING_LEVELS = 3


def _heading_level(level: int) -> int:
    return min(max(int(level), 1), HEADING_LEVELS)


@attrs.frozen(kw_only=True)
class Heading:
    """A section heading; level 1 is the highest, levels past HEADING_LEVELS are set at the
    deepest one (the one place the level is clamped). Numbering, if any, is in the text."""

    text: str
    level: int = attrs.field(default=1, converter=_heading_level)
    rtl: bool = False
    lang: str = ""  # as Para.lang
    change: Change | None = None  # the heading was inserted or deleted (a comparison)


@attrs.frozen(kw_only=True)
class ListItem:
    """One list entry: its label ("•", "1.", "2.3") hangs to the left of the paragraph.

    `label_runs`, in a comparison, is the label with its change marks (the old number
    deleted, the new one inserted); empty, the label is `label` as it stands.
    """

    label: str
    para: Para
    label_runs: tuple[Run, ...] = ()


@attrs.frozen(kw_only=True)
class ListBlock:
    """A bulleted or numbered list; compose has chosen every label."""

    items: tuple[ListItem, ...]


@attrs.frozen(kw_only=True)
class Image:
    """A picture (an emblem or a logo), at a fixed height; the path is absolute."""

    path: str
    height_mm: float = 18.0
    align: Align = "center"


@attrs.frozen(kw_only=True)
class Cell:
    """A table cell; spans are counted in grid columns and rows.

    `image`, when given, stands above the paragraphs (a party's emblem over its name).
    """

    paras: tuple[Para, ...] = ()
    colspan: int = 1
    rowspan: int = 1
    image: Image | None = None


@attrs.frozen(kw_only=True)
class Row:
    """A table row.

    header rows come first and repeat on every page; a section row is one full-width cell
    that heads a group (an area of the plan); body rows never split across pages in DOCX.
    `ref` names the row for error messages ("initiative 2.1"). `change`: the whole row was
    inserted or deleted (a comparison); the runs of its cells carry it too.
    """

    cells: tuple[Cell, ...]
    kind: Literal["header", "section", "body"] = "body"
    ref: str = ""
    change: Change | None = None


#: A table of at most this many body rows moves whole to the next page rather than split.
SMALL_TABLE = 5


@attrs.frozen(kw_only=True)
class Table:
    """A table whose columns are relative widths (compose fits them to the content).

    style: "grid" is a data table with rules and a shaded header, "keyvalue" a two-column
    label/value table, "plain" a borderless layout table whose rows split across pages
    only when taller than a page (side-by-side text, emblems).
    """

    columns: tuple[float, ...]
    rows: tuple[Row, ...]
    style: Literal["grid", "keyvalue", "plain"] = "grid"
    name: str = ""  # for error messages ("initiatives", "programme")
    rtl: bool = False  # columns run right to left (an Arabic table)
    keep_with_next: bool = False  # stays on the page of the block that follows

    def kept(self) -> tuple[bool, ...]:
        """For each row, whether a page may not end after it (the breaking rules both
        formats keep): not after a header or a section row; not inside a small table
        (SMALL_TABLE body rows or fewer), which moves whole; not after the first body row
        nor before the last, so no page holds a lone row of the table. A row taller than a
        page breaks the rule where it must. The rows of a "plain" table (side-by-side text)
        are paragraphs, not records: only its header and section rows keep."""
        body = [i for i, row in enumerate(self.rows) if row.kind == "body"]
        if self.style == "plain" or not body:
            keep = [row.kind != "body" for row in self.rows]
        elif len(body) <= SMALL_TABLE:
            keep = [True] * len(self.rows)
        else:
            keep = [row.kind != "body" for row in self.rows]
            keep[body[0]] = keep[body[-2]] = True
        if keep:
            keep[-1] = False
        return tuple(keep)


@attrs.frozen(kw_only=True)
class Signature:
    """One signatory: caption above the signature line, details (name, rank, title) below.

    `party` is the id of the party that signs here (it names the PDF's signature field).
    """

    caption: tuple[Para, ...]
    details: tuple[Para, ...]
    image: Image | None = None
    party: str = ""


#: The most signatures side by side on one row; more go two to a row.
SIGNATURES_PER_ROW = 3


def _per_row(block: SignatureBlock) -> int:
    count = len(block.signatures)
    return max(count, 1) if count <= SIGNATURES_PER_ROW else 2


@attrs.frozen(kw_only=True)
class SignatureBlock:
    """The signing formula and the signatures side by side, never split across pages.

    Signatures are in reading order (the first party first). The intro is the signing
    formula: paragraphs, or in a parallel document a table of its versions side by side.
    `per_row` signatures stand on each row (all of them up to SIGNATURES_PER_ROW, else two);
    `rtl` puts the first signature on the right. `rows` is the grid as the page shows it,
    left to right: the one layout every renderer draws.
    """

    intro: tuple[Para | Table, ...]
    signatures: tuple[Signature, ...]
    per_row: int = attrs.field(default=attrs.Factory(_per_row, takes_self=True))
    rtl: bool = False

    @property
    def rows(self) -> tuple[tuple[Signature | None, ...], ...]:
        """Rows of `per_row` cells, left to right on the page; None is an empty cell (the
        last row of an odd count, on the side where reading ends)."""
        grid: list[tuple[Signature | None, ...]] = []
        for start in range(0, len(self.signatures), self.per_row):
            row: list[Signature | None] = list(self.signatures[start : start + self.per_row])
            row += [None] * (self.per_row - len(row))
            grid.append(tuple(reversed(row)) if self.rtl else tuple(row))
        return tuple(grid)


@attrs.frozen(kw_only=True)
class PageBreak:
    """Start a new page (before an annex)."""


Block: TypeAlias = Heading | Para | ListBlock | Table | Image | SignatureBlock | PageBreak


@attrs.frozen(kw_only=True)
class Meta:
    """Document properties: the renderer writes them into the file (core properties, PDF info)."""

    id: str
    title: str
    subject: str = ""
    author: str = ""
    created: dt.date | None = None
    language: str = "en"
    keywords: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Document:
    """A whole document: page furniture plus the flow of blocks.

    - marking: classification text printed at the top AND bottom of every page.
    - watermark: large diagonal text on every page (e.g. "DRAFT"), or None.
    - header: running header from the second page on (a short title), or None.
    - footer: text on the left of every footer (reference, version).
    - page_label: the page counter, with {page} and {pages} replaced by real page numbers
      (PAGE/NUMPAGES fields in DOCX).
    - rtl: the document's base direction is right to left.
    - warnings: what compose had to fall back on (e.g. a text missing in the language).
    - fallbacks: the record fields whose text is not in the document's language.
    - summary: what a reviewer reads before the document and that is no part of its text
      (a comparison's summary of changes, linking to each change). The PDF prints it on
      pages of its own before the document; a DOCX leaves it out, as Word lists tracked
      changes itself and the text must stay exactly the document's.
    """

    meta: Meta
    blocks: tuple[Block, ...]
    marking: str | None = None
    watermark: str | None = None
    header: str | None = None
    footer: str = ""
    page_label: str = "Page {page} of {pages}"
    rtl: bool = False
    warnings: tuple[Problem, ...] = attrs.field(default=(), eq=False, repr=False)
    fallbacks: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    summary: tuple[Block, ...] = ()
