"""Small hand-built Documents for the renderers' edge cases (tall rows, long words, RTL
tables, spans, pictures, rows that cannot be laid out).

They complement `tests.sample_documents`, which holds the documents exercising every block.
Some serve the shared render suite (`tests/render/test_formats.py`), some only the PDF's own
tests (a row taller than a page is the PDF's problem alone).
"""

from __future__ import annotations

from briefgen.compose.blocks import (
    Cell,
    Document,
    Heading,
    Image,
    Meta,
    Para,
    Row,
    Table,
)
from tests.sample_documents import ARABIC_TITLE, cell


def _header() -> Row:
    return Row(
        kind="header",
        cells=(
            cell("No.", "cell.header"),
            cell("Activity", "cell.header"),
            cell("Outcome", "cell.header"),
        ),
    )


def one_table(rows: tuple[Row, ...], *, doc_id: str = "edge", rtl: bool = False) -> Document:
    """A document holding one three-column table under a heading."""
    table = Table(columns=(0.6, 3.0, 3.0), rows=(_header(), *rows), name="initiatives", rtl=rtl)
    return Document(
        meta=Meta(id=doc_id, title="Edge case"),
        blocks=(Heading(text="Initiatives"), table),
        footer="EDGE",
    )


def tall_row_document(words: int = 3000) -> Document:
    """One initiative whose outcome has `words` words: its row is taller than a page."""
    outcome = " ".join(f"outcome{i % 97}" for i in range(words))
    row = Row(ref="initiative 1.1", cells=(cell("1.1"), cell("Exercise"), cell(outcome)))
    return one_table((row,), doc_id="tall")


def long_word_document(length: int = 10_000) -> Document:
    """A cell holding one unbroken word (a URL) of `length` characters."""
    url = "https://example.org/" + "x" * (length - 20)
    row = Row(ref="initiative 1.1", cells=(cell("1.1"), cell(url), cell("Done")))
    return one_table((row,), doc_id="url")


def text_document(text: str, *, doc_id: str = "text", rtl: bool = False) -> Document:
    """A document of one body paragraph."""
    return Document(meta=Meta(id=doc_id, title="Text"), blocks=(Para.of(text, rtl=rtl),))


def rtl_table_document() -> Document:
    """An Arabic table: its columns run right to left."""
    row = Row(
        ref="initiative 1.1",
        cells=(cell("1.1"), cell(ARABIC_TITLE, rtl=True), cell("LAST-COLUMN")),
    )
    return one_table((row,), doc_id="rtl", rtl=True)


def image_document(path: str, height_mm: float = 20.0) -> Document:
    """A document with one picture."""
    return Document(
        meta=Meta(id="image", title="Image"),
        blocks=(Image(path=path, height_mm=height_mm), Para.of("After the image.")),
    )


def spanning_table_document() -> Document:
    """A table whose rows leave out the positions a cell from above spans into."""
    rows = (
        Row(cells=(Cell(paras=(Para.of("A", "cell"),), rowspan=2), cell("B1"), cell("C1"))),
        Row(cells=(cell("B2"), cell("C2"))),
    )
    return one_table(rows, doc_id="spans")


def tall_spanning_document(words: int = 3000) -> Document:
    """A cell spanning two rows and taller than a page: reportlab cannot split it."""
    big = Cell(paras=(Para.of(" ".join(["word"] * words), "cell"),), rowspan=2)
    rows = (
        Row(ref="initiative 1.1", cells=(big, cell("B1"), cell("C1"))),
        Row(ref="initiative 1.2", cells=(cell("B2"), cell("C2"))),
    )
    return one_table(rows)


def overfull_row_document(doc_id: str = "overfull") -> Document:
    """A two-column table whose row "item 3" holds three columns' worth of cells."""
    table = Table(
        columns=(1.0, 1.0),
        name="programme",
        rows=(Row(ref="item 3", cells=(Cell(colspan=2), cell("x"))),),
    )
    return Document(meta=Meta(id=doc_id, title="Overfull"), blocks=(table,))
