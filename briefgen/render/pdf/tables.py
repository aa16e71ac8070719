"""Tables in the PDF: where a table may break across pages, and how a failure is traced.

- `GridTable` never ends a page on a section row (an area heading without its rows), and
  splits inside a row only when that row cannot stand whole on any page;
- `TableStart` keeps a heading or lead-in paragraph with the start of a table, not all of it;
- every cell flowable of a numbered row carries `briefgen_ref` (table name, row reference),
  passed on to the pieces of a split cell (`pass_ref`), so a layout failure names the row.

Imports platypus: import it only after `fonts.prepare()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError

__all__ = [
    "MAX_ROW_PAGES",
    "GridTable",
    "TableStart",
    "find_table",
    "fit_columns",
    "flatten",
    "pass_ref",
]

#: The most pages one table row may run over (a 3,000-word outcome fills about 9).
MAX_ROW_PAGES = 40


class GridTable(RLTable):  # type: ignore[misc]  # reportlab is untyped
    """A table that never ends a page on a section row (an area heading without its rows),
    and splits inside a row only when that row cannot fit whole on any page.

    `section_rows` holds the indices of section rows; reportlab's NOSPLIT cannot be used,
    because it breaks in-row splitting of very tall rows.
    """

    section_rows: frozenset[int] = frozenset()
    #: The indices of rows after which a page may not end (`compose.blocks.Table.kept`).
    kept_rows: frozenset[int] = frozenset()
    #: Rows move whole to the next page; only a row taller than `whole_rows` splits.
    whole_rows: float = 0.0
    #: The height of the page's frame: a body row taller than it less the header rows can
    #: never stand whole on a page, so it starts where it is and continues on the next.
    page_height: float = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        pieces = self._split_inside(availWidth, availHeight)
        if pieces:
            return pieces
        pieces = self._between_rows(availWidth, availHeight)
        if not pieces and self.whole_rows:
            heights = getattr(self, "_rowHeights", None) or []
            tallest = max((h for h in heights if h is not None), default=0.0)
            if tallest > self.whole_rows:
                pieces = super().split(availWidth, availHeight)  # inside a row, as it must
        if len(pieces) == 2 and self.section_rows:
            last = len(pieces[0]._cellvalues) - 1
            heights = getattr(self, "_rowHeights", None)
            if last in self.section_rows and last <= self.repeatRows:
                return []  # only the header and an area heading would fit: next page
            if last in self.section_rows and heights:
                # Offer only the height of the rows before it: the split moves up one row.
                pieces = self._between_rows(availWidth, sum(heights[:last]) + 0.5)
        return self._pass_sections(self._settle(pieces, availWidth, availHeight), inside=False)

    def _between_rows(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """reportlab's split; between rows only when rows move whole (`whole_rows`)."""
        if not self.whole_rows:
            pieces: list[Flowable] = super().split(availWidth, availHeight)
            return pieces
        self.splitInRow = 0
        try:
            pieces = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = 1
        return pieces

    def _settle(
        self,
        pieces: list[Flowable],
        availWidth: float,  # noqa: N803
        availHeight: float,  # noqa: N803
    ) -> list[Flowable]:
        """Move a split between rows up to the last row after which a page may end
        (`kept_rows`, from `Table.kept`: a small table moves whole, no page holds a lone row
        of a table); with no such row the table starts on the next page. At the top of a
        page the split stands as it is."""
        heights = getattr(self, "_rowHeights", None)
        if len(pieces) != 2 or not heights or availHeight >= self.page_height - 1:
            return pieces
        last = len(pieces[0]._cellvalues) - 1  # the last row on this page
        if last not in self.kept_rows:
            return pieces
        end = last
        while end >= self.repeatRows and end in self.kept_rows:
            end -= 1
        if end < self.repeatRows or None in heights[: end + 1]:
            return []
        again = self._between_rows(availWidth, sum(heights[: end + 1]) + 0.5)
        return again if len(again) == 2 else []

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
            pieces[1].kept_rows = frozenset(
                i - first + self.repeatRows for i in self.kept_rows if i >= first
            ) | frozenset(range(self.repeatRows))
            pieces[1].page_height = self.page_height
            pieces[1].whole_rows = self.whole_rows
        return pieces

    def _culprit(self) -> str:
        # reportlab calls this to word the LayoutError of a table that cannot be split, and
        # its own version fails (TypeError) on the rows it has not measured yet (None).
        heights = [h for h in getattr(self, "_rowHeights", None) or () if h is not None]
        return f"tallest cell {max(heights, default=0.0):0.1f} points"


class TableStart(CondPageBreak):  # type: ignore[misc]  # reportlab is untyped
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


def pass_ref(whole: Flowable, pieces: list[Flowable]) -> None:
    """Give the pieces of a split cell paragraph the row reference of the whole."""
    ref = getattr(whole, "briefgen_ref", None)
    if ref is not None:
        for piece in pieces:
            piece.briefgen_ref = ref


def flatten(contents: object) -> Iterator[object]:
    """The flowables of table cells, which reportlab nests in lists and tuples."""
    if isinstance(contents, list | tuple):
        for item in contents:
            yield from flatten(item)
    else:
        yield contents


def fit_columns(widths: list[float], needs: list[float], cap: float) -> list[float]:
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


def find_table(flowable: object) -> Any:
    if isinstance(flowable, RLTable):
        return flowable
    if isinstance(flowable, TableStart):  # it measures the table that follows it
        return flowable.table
    for child in getattr(flowable, "_content", None) or ():
        found = find_table(child)
        if found is not None:
            return found
    return None
