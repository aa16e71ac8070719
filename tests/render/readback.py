"""Reading a rendered file back as plain facts, one reader per output format.

The shared render suite (`tests/render/test_formats.py`) states each behaviour once and asks
the reader of each format in `briefgen.render.FORMATS` for the facts it checks: the text of the
flow, the page furniture, the tables, the direction of a paragraph, the pictures, the
document properties and the page size. A format without a reader here fails every test of
the suite (`reader_for` raises), so adding a format means adding its reader.

The facts are the same for every format, but a word processor's file has no pages of its
own: Word lays them out when it opens the file. So a DOCX reads back as one `PageRead` per
kind of page (the first page, the following pages), whose page counter holds `{page}` and
`{pages}` where the file holds PAGE and NUMPAGES fields; a PDF reads back as its real pages.

Text comes back in logical (reading) order with compatibility forms folded (NFKC), so
Arabic drawn as joined presentation forms in visual order in a PDF reads as the letters a
DOCX stores. Compare text through `squash` (no whitespace): lines break where the layout
puts them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal, NamedTuple, Protocol

import attrs
import pdfplumber
import pypdf
from bidi.algorithm import get_display
from lxml import etree

from briefgen.theme import Theme

__all__ = [
    "READERS",
    "PageRead",
    "Reader",
    "TableRead",
    "reader_for",
    "squash",
]

Direction = Literal["ltr", "rtl", "mixed"]
MM_PER_POINT = 25.4 / 72


def squash(text: str) -> str:
    """Text compared without whitespace, compatibility forms folded (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def collapse(text: str) -> str:
    """Whitespace runs (line breaks inside a cell) as one space."""
    return " ".join(text.split())


@attrs.frozen(kw_only=True)
class PageRead:
    """One page as a reader sees it: the lines above and below the text area and the
    watermark. `number` is None for a format whose pages the reading program lays out
    (DOCX): the entry then stands for every page of its kind and its page counter holds the
    placeholders `{page}` and `{pages}` where the file holds fields."""

    number: int | None
    total: int | None
    top: tuple[str, ...]
    bottom: tuple[str, ...]
    watermarks: tuple[str, ...]

    def counter(self, label: str) -> str:
        """The page label as this page must print it (`{page}`, `{pages}` filled in)."""
        if self.number is None or self.total is None:
            return label
        return label.replace("{page}", str(self.number)).replace("{pages}", str(self.total))


@attrs.frozen(kw_only=True)
class TableRead:
    """A table as a grid, each row left to right as the page shows it (the first column of
    a right-to-left table is last). A cell's text has its whitespace collapsed; None marks a
    grid position covered by a cell spanning into it. `header_rows` is the number of leading
    rows repeated on every page, None when the format cannot tell (a PDF table on one page)."""

    rows: tuple[tuple[str | None, ...], ...]
    header_rows: int | None


class Reader(Protocol):
    """What the shared suite asks of every format."""

    def lines(self, data: bytes, theme: Theme) -> list[str]:
        """The lines of the flow (no page furniture) in reading order: a PDF's drawn lines,
        a DOCX's paragraphs split at their line breaks."""

    def pages(self, data: bytes, theme: Theme) -> list[PageRead]:
        """The furniture of every page (see PageRead)."""

    def tables(self, data: bytes) -> list[TableRead]:
        """Every ruled table in document order (a PDF's borderless tables cannot be found)."""

    def direction(self, data: bytes, text: str) -> Direction:
        """The direction in which the paragraph (or line) holding `text` reads."""

    def images(self, data: bytes) -> list[tuple[float, float]]:
        """(width, height) in millimetres of every picture placed in the flow."""

    def metadata(self, data: bytes) -> dict[str, str]:
        """The document properties: title, subject, author."""

    def page_size(self, data: bytes) -> tuple[float, float]:
        """(width, height) of the (first) page in millimetres."""

    def side_margins(self, data: bytes) -> tuple[float, float]:
        """(left, right) margins of the (first) page's text area in millimetres."""


# --- PDF ------------------------------------------------------------------------------------


def _rotated(obj: Mapping[str, Any]) -> bool:
    """A character drawn at an angle: the watermark's letters."""
    return obj.get("object_type") == "char" and abs(float(obj["matrix"][1])) > 1e-6


def _upright(obj: Mapping[str, Any]) -> bool:
    return not _rotated(obj)


def logical(visual: str) -> str:
    """A line drawn in visual order (as the PDF renderer draws Arabic) in reading order,
    compatibility forms folded. The Unicode bidi algorithm reverses right-to-left runs, so
    applying it to a visual line gives the logical one for the lines we draw."""
    return unicodedata.normalize("NFKC", get_display(visual))


@attrs.frozen
class _Stroke:
    """Characters drawn one after another on one baseline: a line of a paragraph or cell."""

    chars: tuple[Mapping[str, Any], ...]

    @property
    def top(self) -> float:
        return min(float(c["top"]) for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(float(c["bottom"]) for c in self.chars)

    @property
    def visual(self) -> str:
        """The characters left to right, a space where the pen jumped (between cells)."""
        out: list[str] = []
        for previous, char in zip((None, *self.chars), self.chars, strict=False):
            if previous is not None and _jumped(previous, char) and not char["text"].isspace():
                out.append(" ")
            out.append(str(char["text"]))
        return " ".join("".join(out).split())

    @property
    def text(self) -> str:
        return logical(self.visual)

    def words(self) -> list[tuple[str, float]]:
        """(logical text, left edge) of each word, left to right."""
        groups: list[list[Mapping[str, Any]]] = [[]]
        for char in self.chars:
            if char["text"].isspace() or (groups[-1] and _jumped(groups[-1][-1], char)):
                groups.append([])
            if not char["text"].isspace():
                groups[-1].append(char)
        return [
            (logical("".join(str(c["text"]) for c in group)), min(float(c["x0"]) for c in group))
            for group in groups
            if group
        ]


def _jumped(previous: Mapping[str, Any], char: Mapping[str, Any]) -> bool:
    """Whether the pen moved ahead between two characters by more than a space's width."""
    return float(char["x0"]) - float(previous["x1"]) > 0.2 * float(char["size"])


def _strokes(chars: Iterable[Mapping[str, Any]]) -> list[_Stroke]:
    """The upright characters of a page, in the order they are drawn, cut into strokes: a new
    stroke where the baseline changes or the pen jumps back or far ahead."""
    strokes: list[list[Mapping[str, Any]]] = []
    for char in chars:
        if _rotated(char):
            continue
        if strokes:
            last = strokes[-1][-1]
            same_line = abs(float(char["bottom"]) - float(last["bottom"])) < 0.5
            gap = float(char["x0"]) - float(last["x1"])
            if same_line and -0.5 < gap < 2 * float(char["size"]):
                strokes[-1].append(char)
                continue
        strokes.append([char])
    return [_Stroke(tuple(s)) for s in strokes]


#: A table row as grid positions (None: covered by a spanning cell).
Grid = tuple[str | None, ...]


class _Piece(NamedTuple):
    """The part of a table pdfplumber finds on one page."""

    page: int
    opens_page: bool
    closes_page: bool
    rows: list[Grid]


class PdfReader:
    """Reads a PDF with pdfplumber (characters in drawing order, ruled tables, pictures) and
    pypdf (document information, page boxes). The theme's margins tell the text area from
    the furniture; the watermark is the text drawn at an angle."""

    STRICT_LINES: ClassVar[dict[str, str]] = {
        "vertical_strategy": "lines_strict",
        "horizontal_strategy": "lines_strict",
    }

    @staticmethod
    def _pages(data: bytes) -> Iterator[Any]:
        """The pages, while the file is open."""
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            yield from pdf.pages

    @staticmethod
    def _bands(page: Any, theme: Theme) -> tuple[float, float]:
        """Where the text area of `page` begins and ends: the furniture is outside."""
        return theme.page.top, float(page.height) - theme.page.bottom

    def lines(self, data: bytes, theme: Theme) -> list[str]:
        out: list[str] = []
        for page in self._pages(data):
            top, bottom = self._bands(page, theme)
            out += [s.text for s in _strokes(page.chars) if s.bottom > top and s.top < bottom]
        return dehyphenate([line for line in out if line])

    def pages(self, data: bytes, theme: Theme) -> list[PageRead]:
        found = []
        for page in self._pages(data):
            top, bottom = self._bands(page, theme)
            strokes = _strokes(page.chars)
            found.append(
                PageRead(
                    number=int(page.page_number),
                    total=len(page.pdf.pages),
                    top=tuple(s.text for s in strokes if s.bottom <= top),
                    bottom=tuple(s.text for s in strokes if s.top >= bottom),
                    watermarks=tuple(
                        text
                        for text in [logical("".join(c["text"] for c in page.chars if _rotated(c)))]
                        if text
                    ),
                )
            )
        return found

    def tables(self, data: bytes) -> list[TableRead]:
        """Tables as pdfplumber finds them from their rules, one piece per page. A piece that
        opens a page continues the table that closed the previous page when both have the
        same columns; the leading rows every continuing piece repeats are the header rows."""
        pieces: list[_Piece] = []
        for number, page in enumerate(self._pages(data)):
            found = sorted(
                page.filter(_upright).find_tables(self.STRICT_LINES), key=lambda t: t.bbox[1]
            )
            for index, table in enumerate(found):
                rows = [
                    tuple(None if cell is None else collapse(logical_lines(cell)) for cell in row)
                    for row in table.extract()
                ]
                pieces.append(_Piece(number, index == 0, index == len(found) - 1, rows))
        tables: list[list[list[Grid]]] = []
        previous: _Piece | None = None
        for piece in pieces:
            continues = (
                previous is not None
                and previous.page == piece.page - 1
                and previous.closes_page
                and piece.opens_page
                and len(previous.rows[0]) == len(piece.rows[0])
            )
            if continues:
                tables[-1].append(piece.rows)
            else:
                tables.append([piece.rows])
            previous = piece
        return [self._joined(parts) for parts in tables]

    @staticmethod
    def _joined(parts: list[list[Grid]]) -> TableRead:
        first, *rest = parts
        if not rest:
            return TableRead(rows=tuple(first), header_rows=None)
        repeated = min(_common_prefix(first, part) for part in rest)
        rows = [*first]
        for part in rest:
            rows += part[repeated:]
        return TableRead(rows=tuple(rows), header_rows=repeated)

    def direction(self, data: bytes, text: str) -> Direction:
        """Whether the first word of `text` stands right of its last word on the line that
        holds the whole text (word positions on the page, not the order of extraction)."""
        words = text.split()
        if len(words) < 2:
            raise ValueError(f"the direction of {text!r} needs two words to tell")
        first, last = squash(words[0]), squash(words[-1])
        for page in self._pages(data):
            for stroke in _strokes(page.chars):
                placed = {squash(word): x for word, x in stroke.words()}
                if first in placed and last in placed and squash(text) in squash(stroke.text):
                    return "rtl" if placed[first] > placed[last] else "ltr"
        raise LookupError(f"no line holds {text!r}")

    def images(self, data: bytes) -> list[tuple[float, float]]:
        return [
            (float(image["width"]) * MM_PER_POINT, float(image["height"]) * MM_PER_POINT)
            for page in self._pages(data)
            for image in page.images
        ]

    def metadata(self, data: bytes) -> dict[str, str]:
        info = pypdf.PdfReader(io.BytesIO(data)).metadata or {}
        return {
            key: str(info.get(name) or "")
            for key, name in (("title", "/Title"), ("subject", "/Subject"), ("author", "/Author"))
        }

    def page_size(self, data: bytes) -> tuple[float, float]:
        box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
        return float(box.width) * MM_PER_POINT, float(box.height) * MM_PER_POINT

    def side_margins(self, data: bytes) -> tuple[float, float]:
        """From the rules of the first page: a full-width table's borders and the footer rule
        run from margin to margin."""
        for page in self._pages(data):
            rules = page.lines
            assert rules, "the first page has no rules to measure the text area by"
            left = min(float(rule["x0"]) for rule in rules)
            right = float(page.width) - max(float(rule["x1"]) for rule in rules)
            return left * MM_PER_POINT, right * MM_PER_POINT
        raise AssertionError("the PDF has no pages")


def logical_lines(text: str) -> str:
    """Each line of a visual text in reading order, words hyphenated at a line end joined."""
    return _HYPHENATED.sub("", "\n".join(logical(line) for line in text.split("\n")))


#: A hyphen the PDF puts at a line end to break a word ("exer-" + "cise"): a letter, the
#: hyphen, the line break, a lower-case letter.
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-\n(?=[a-zа-яёəöüçşğı])")


def dehyphenate(lines: list[str]) -> list[str]:
    """Lines with the hyphen of a word broken at a line end moved: "exer-", "cise ..." read
    as "exercise", "..." (the PDF hyphenates by language)."""
    return _HYPHENATED.sub("", "\n".join(lines)).split("\n") if lines else lines


def _common_prefix(first: list[tuple[str | None, ...]], other: list[tuple[str | None, ...]]) -> int:
    count = 0
    for a, b in zip(first, other, strict=False):
        if a != b:
            break
        count += 1
    return count


# --- DOCX -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "v": "urn:schemas-microsoft-com:vml",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EMU_PER_MM = 36_000
MM_PER_TWIP = 25.4 / 1440
#: What a page-number field stands for in a page label.
FIELDS = {"PAGE": "{page}", "NUMPAGES": "{pages}", "SECTIONPAGES": "{pages}"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text as a reader sees it: breaks are newlines, tabs are tabs, a PAGE or
    NUMPAGES field is `{page}` or `{pages}` (the result Word cached in it is left out)."""
    out: list[str] = []
    instruction: list[str] | None = None  # inside a complex field: its instruction so far
    for el in p.iter(w("t"), w("br"), w("tab"), w("fldChar"), w("instrText"), w("fldSimple")):
        if el.tag == w("fldSimple"):
            out.append(FIELDS.get(_field_name(el.get(w("instr"), "")), ""))
        elif any(a.tag == w("fldSimple") for a in el.iterancestors()):
            continue  # a simple field's cached result
        elif el.tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                instruction = []
            elif kind == "end" and instruction is not None:
                out.append(FIELDS.get(_field_name("".join(instruction)), ""))
                instruction = None
        elif instruction is not None:
            if el.tag == w("instrText"):
                instruction.append(el.text or "")
            # else: a complex field's cached result
        elif el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("br"):
            out.append("\n")
        elif el.tag == w("tab") and (parent := el.getparent()) is not None and parent.tag == w("r"):
            out.append("\t")
    return "".join(out)


class DocxReader:
    """Reads a DOCX package's XML with lxml: the body, the section's header and footer parts,
    VML watermarks, table rows with w:tblHeader, w:bidi and w:rtl, pictures, core properties."""

    @staticmethod
    def _part(data: bytes, name: str) -> etree._Element:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return etree.fromstring(archive.read(name))

    def _body(self, data: bytes) -> etree._Element:
        return self._part(data, "word/document.xml")

    def lines(self, data: bytes, theme: Theme) -> list[str]:
        return [
            line
            for p in self._body(data).iter(w("p"))
            for line in paragraph_text(p).split("\n")
            if line.strip()
        ]

    def pages(self, data: bytes, theme: Theme) -> list[PageRead]:
        """The first page and the following pages (one entry when the first page has no
        furniture of its own), from the body's last section properties."""
        body = self._body(data)
        sect = body.find("w:body/w:sectPr", NS)
        assert sect is not None, "the body has no section properties"
        rels = self._part(data, "word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}

        def furniture(tag: str, kind: str) -> etree._Element | None:
            for ref in sect.findall(f"w:{tag}", NS):
                if ref.get(w("type")) == kind:
                    target = str(targets[ref.get(f"{{{R}}}id")]).lstrip("/")
                    return self._part(
                        data, target if target.startswith("word/") else f"word/{target}"
                    )
            return None

        def page(kind: str) -> PageRead:
            header, footer = furniture("headerReference", kind), furniture("footerReference", kind)
            return PageRead(
                number=None,
                total=None,
                top=_texts(header),
                bottom=_texts(footer),
                watermarks=tuple(
                    str(path.get("string"))
                    for path in ([] if header is None else header.iterfind(".//v:textpath", NS))
                    if path.get("string")
                ),
            )

        kinds = ["first", "default"] if sect.find("w:titlePg", NS) is not None else ["default"]
        return [page(kind) for kind in kinds]

    def tables(self, data: bytes) -> list[TableRead]:
        return [_table(tbl) for tbl in self._body(data).iter(w("tbl"))]

    def direction(self, data: bytes, text: str) -> Direction:
        """rtl when the paragraph holding `text` is w:bidi and all its runs w:rtl; ltr when
        neither; mixed otherwise."""
        for p in self._body(data).iter(w("p")):
            if squash(text) in squash(paragraph_text(p)):
                bidi = p.find("w:pPr/w:bidi", NS)
                bidi_on = bidi is not None and bidi.get(w("val"), "1") not in ("0", "false")
                runs = [r for r in p.iter(w("r")) if r.find("w:t", NS) is not None]
                rtl = [r.find("w:rPr/w:rtl", NS) is not None for r in runs]
                if bidi_on and all(rtl):
                    return "rtl"
                if not bidi_on and not any(rtl):
                    return "ltr"
                return "mixed"
        raise LookupError(f"no paragraph holds {text!r}")

    def images(self, data: bytes) -> list[tuple[float, float]]:
        return [
            (int(e.get("cx", 0)) / EMU_PER_MM, int(e.get("cy", 0)) / EMU_PER_MM)
            for e in self._body(data).iterfind(".//wp:extent", NS)
        ]

    def metadata(self, data: bytes) -> dict[str, str]:
        core = self._part(data, "docProps/core.xml")

        def value(path: str) -> str:
            found = core.find(path, NS)
            return "" if found is None else found.text or ""

        return {
            "title": value("dc:title"),
            "subject": value("dc:subject"),
            "author": value("dc:creator"),
        }

    def page_size(self, data: bytes) -> tuple[float, float]:
        size = self._body(data).find("w:body/w:sectPr/w:pgSz", NS)
        assert size is not None, "the section has no page size"
        return int(size.get(w("w"))) * MM_PER_TWIP, int(size.get(w("h"))) * MM_PER_TWIP

    def side_margins(self, data: bytes) -> tuple[float, float]:
        margins = self._body(data).find("w:body/w:sectPr/w:pgMar", NS)
        assert margins is not None, "the section has no margins"
        left, right = (int(margins.get(w(side), 0)) for side in ("left", "right"))
        return left * MM_PER_TWIP, right * MM_PER_TWIP


def _texts(part: etree._Element | None) -> tuple[str, ...]:
    if part is None:
        return ()
    return tuple(t for t in (paragraph_text(p) for p in part.iter(w("p"))) if t.strip())


def _table(tbl: etree._Element) -> TableRead:
    rows: list[tuple[str | None, ...]] = []
    flags: list[bool] = []
    for tr in tbl.findall("w:tr", NS):
        cells: list[str | None] = []
        for tc in tr.findall("w:tc", NS):
            span = tc.find("w:tcPr/w:gridSpan", NS)
            merge = tc.find("w:tcPr/w:vMerge", NS)
            continued = merge is not None and merge.get(w("val"), "continue") == "continue"
            text = collapse("\n".join(paragraph_text(p) for p in tc.findall("w:p", NS)))
            cells.append(None if continued else text)
            cells += [None] * (int(span.get(w("val"))) - 1 if span is not None else 0)
        visual = tbl.find("w:tblPr/w:bidiVisual", NS) is not None
        rows.append(tuple(reversed(cells)) if visual else tuple(cells))
        header = tr.find("w:trPr/w:tblHeader", NS)
        flags.append(header is not None and header.get(w("val"), "1") not in ("0", "false"))
    leading = next((n for n, flag in enumerate(flags) if not flag), len(flags))
    return TableRead(rows=tuple(rows), header_rows=leading)


# --- the registry ---------------------------------------------------------------------------

#: Format name (as in briefgen.render.FORMATS) -> its reader.
READERS: Mapping[str, Reader] = {"docx": DocxReader(), "pdf": PdfReader()}


def reader_for(fmt: str) -> Reader:
    """The reader of format `fmt`; a LookupError saying where to add one otherwise."""
    try:
        return READERS[fmt]
    except KeyError:
        raise LookupError(
            f"format {fmt!r} has no reader: add one to tests/render/readback.py (READERS) so "
            "that the shared render suite can check it"
        ) from None
