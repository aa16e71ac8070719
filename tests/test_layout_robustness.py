"""Layout robustness: very long words, cells taller than a page, huge tables and titles, in both formats.

Each case renders, or fails with a RenderError that names the record, the section and the
initiative; never a reportlab LayoutError or another traceback. The PDF is read back to
check that it has all its pages and the text; the DOCX is opened with python-docx.

Known limit (the PDF renderer's MAX_ROW_PAGES): one table row may run over at most 40 pages
(a 3,000-word outcome fills about 9); a longer one is refused with a RenderError naming the
record, the table and the initiative, because each page of a split row re-wraps the rest of it.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import attrs
import docx
import pypdf
import pytest

from briefgen.errors import RenderError
from briefgen.kinds import kind_of
from briefgen.model import Initiative, LocalText, Plan, Record, Section
from briefgen.render import render as render_document
from briefgen.theme import load_theme
from tests.records import minimal_plan

FORMATS = ["docx", "pdf"]
WORDS = [
    "cooperation",
    "in",
    "the",
    "field",
    "of",
    "emergency",
    "response",
    "and",
    "civil",
    "protection",
]


def words(n: int) -> str:
    """`n` ordinary words."""
    return " ".join(WORDS[i % len(WORDS)] for i in range(n))


def plan(**changes: object) -> Plan:
    """A small valid plan (id "layout") with the given fields replaced."""
    return minimal_plan(id="layout", **changes)


def with_initiative(**fields: object) -> Plan:
    """A plan whose one initiative has the given fields."""
    values: dict[str, object] = {"activity": LocalText("Joint exercise"), **fields}
    initiative = Initiative(**values)  # type: ignore[arg-type]
    return plan(sections=(Section(area=LocalText("Training"), initiatives=(initiative,)),))


def render(record: Record, fmt: str) -> bytes:
    """The record composed and rendered without the API's record limits
    (`briefgen.load.limits`): these cases go past them on purpose, to hold the renderers
    themselves to bounded, located failures."""
    document = kind_of(record).compose(record, (), None)
    return render_document(document, fmt, load_theme())


def rendered_text(data: bytes, fmt: str) -> tuple[int, str]:
    """(pages, text) of a PDF, or (0, document.xml text) of a DOCX; each must open."""
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        return len(reader.pages), "".join(page.extract_text() for page in reader.pages)
    docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return 0, package.read("word/document.xml").decode("utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())


def kept_in_order(text: str, found: str) -> bool:
    """True when every non-space character of `text` appears in `found`, in order.

    Page furniture (marking, running header, "Page X of Y") comes between the pieces of a
    text that runs over a page break, so a plain substring test would be too strict.
    """
    rest = iter(squeeze(found))
    return all(char in rest for char in squeeze(text))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", [600, 2900])
def test_a_cell_taller_than_a_page_splits(fmt: str, n: int) -> None:
    """A 600- or 2,900-word outcome (just under the text limit: a cell one or several pages
    tall) renders split across pages, every word kept in order."""
    text = words(n)
    data = render(with_initiative(outcome=LocalText(text)), fmt)  # type: ignore[arg-type]
    pages, found = rendered_text(data, fmt)
    assert fmt == "docx" or pages >= 2
    assert kept_in_order(text, found)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "word",
    ["https://example.org/" + "a1b2c3d4e5" * 998, "REF-" + "0123456789" * 1000],
    ids=["url", "reference"],
)
def test_a_10000_character_word_in_a_cell_wraps(fmt: str, word: str) -> None:
    """An unbroken 10,000-character URL or reference number in a cell is cut across lines, not lost."""
    data = render(with_initiative(activity=LocalText(word)), fmt)  # type: ignore[arg-type]
    _, found = rendered_text(data, fmt)
    assert kept_in_order(word, found)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_10000_character_word_in_a_paragraph_wraps(fmt: str) -> None:
    """The same word in a full-width paragraph (a preamble recital) renders."""
    word = "x" * 10_000
    data = render(plan(preamble=(LocalText(word),)), fmt)  # type: ignore[arg-type]
    _, found = rendered_text(data, fmt)
    assert kept_in_order(word, found)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_1000_word_title_renders(fmt: str) -> None:
    """A title of 1,000 words (set in capitals) fills pages, and every word is there."""
    title = words(1000)
    data = render(plan(title=LocalText(title)), fmt)  # type: ignore[arg-type]
    _, found = rendered_text(data, fmt)
    assert kept_in_order(title.upper(), found)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_arabic_cell_taller_than_a_page_splits(fmt: str) -> None:
    """A right-to-left outcome several pages tall splits like a left-to-right one."""
    text = " ".join(["التعاون في مجال الاستجابة لحالات الطوارئ"] * 500)
    data = render(with_initiative(outcome=LocalText(text)), fmt)  # type: ignore[arg-type]
    pages, found = rendered_text(data, fmt)
    assert fmt == "docx" or pages >= 2
    assert "الاستجابة" in found or fmt == "pdf"  # PDF text is shaped presentation forms


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_table_of_2000_rows_renders_every_row(fmt: str) -> None:
    """2,000 initiatives make a long table: every row is rendered, headers repeat in PDF."""
    initiatives = tuple(
        Initiative(activity=LocalText(f"Activity number {n}"), outcome=LocalText(f"Result {n}"))
        for n in range(2000)
    )
    record = plan(sections=(Section(area=LocalText("Training"), initiatives=initiatives),))
    data = render(record, fmt)  # type: ignore[arg-type]
    pages, found = rendered_text(data, fmt)
    for n in (0, 999, 1999):
        assert f"Activity number {n}" in found
    assert fmt == "docx" or pages > 30


def test_a_row_over_the_page_limit_names_record_section_and_initiative() -> None:
    """A row that would run over more than MAX_ROW_PAGES pages is refused quickly with a
    RenderError naming the record, table and row, and saying how long it would be."""
    word = "W" * 400  # cut into lines of a few characters: about 1,000 pages
    record = with_initiative(outcome=LocalText(" ".join([word] * 3000)))
    with pytest.raises(RenderError) as info:
        render(record, "pdf")
    message = str(info.value)
    assert message.startswith("layout: table initiatives, initiative 1.1: "), message
    assert re.search(r"run to \d+ pages; one row may fill at most 40", message), message


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "text",
    ["\u200dلآ", "الوزير \u2066(2025)\u2069 في باكو", "\u2067abc\u2069 وزارة"],
    ids=["zwj-lam-alef", "isolates", "rtl-isolate"],
)
def test_arabic_with_joiners_and_isolates_renders(fmt: str, text: str) -> None:
    """A ZWJ before lam-alef (arabic-reshaper's IndexError) and bidi isolates (python-bidi's
    assertion) in a title, a cell and the running header render instead of crashing."""
    record = with_initiative(outcome=LocalText(text))
    data = render(attrs.evolve(record, title=LocalText(text)), fmt)  # type: ignore[arg-type]
    pages, found = rendered_text(data, fmt)
    assert fmt == "docx" or pages == 1
    # Compared on letters and digits: the PDF holds joined forms (NFKC gives the letters
    # back) in visual order, which extraction may or may not turn back; brackets mirror.
    letters = "".join(c for c in unicodedata.normalize("NFKC", found) if c.isalnum())
    for word in text.split():
        key = "".join(c for c in word if c.isalnum())
        assert key in letters or key[::-1] in letters, (word, found)


def test_an_arabic_cell_split_where_it_already_fits_gives_two_pieces() -> None:
    """Split at a width where the Arabic text fits whole (after being measured narrower), the
    flowable still gives two pieces: reportlab's in-row table split indexes the second (the
    fuzz suite found an IndexError there)."""
    import importlib

    from briefgen.compose.blocks import Para
    from briefgen.pipeline import compose
    from briefgen.theme import load_theme

    # The layout modules import platypus, so reportlab is set up first, as `render` does.
    importlib.import_module("briefgen.render.pdf.fonts").prepare()
    layout_module = importlib.import_module("briefgen.render.pdf.layout")
    styles = importlib.import_module("briefgen.render.pdf.styles")

    layout = layout_module.Layout(compose(plan()), styles.kit_of(load_theme()))
    flowable = layout.para(Para.of("وزارة الخارجية " * 20, "cell"))
    _, narrow = flowable.wrap(60, 10_000)
    _, wide = flowable.wrap(400, 10_000)
    assert wide < narrow
    flowable.wrap(60, 10_000)
    pieces = flowable.split(400, wide + 1)
    assert len(pieces) == 2 and pieces[1].wrap(400, 10)[1] == 0
