"""A theme's letterhead on the first page of both formats: the Word letterhead's headers and
footers kept in the DOCX with their pictures (`render/docx/letterhead.py`), the PDF
letterhead laid under page 1 of the PDF (`render/pdf/letterhead.py`), the body of page 1
starting below `top_mm`, and the classification marking at the top edge above it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from briefgen.errors import ThemeError
from briefgen.render import render
from briefgen.theme import load_theme
from tests.letterheads import ADDRESS, LATER, MINISTRY, REPUBLIC, TOP_MM, letterhead_theme
from tests.sample_documents import sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
NS = {"w": W}
MM = 72 / 25.4


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return letterhead_theme(tmp_path_factory.mktemp("letterhead") / "ministry")


@pytest.fixture(scope="module")
def docx(folder: Path) -> zipfile.ZipFile:
    blob = render(sample_document(), "docx", load_theme(folder))
    return zipfile.ZipFile(io.BytesIO(blob))


def texts(part: bytes) -> list[str]:
    """The text of each paragraph of a part, in order."""
    root = etree.fromstring(part)
    return ["".join(p.itertext()) for p in root.iter(f"{{{W}}}p")]


def test_the_docx_first_header_holds_the_marking_then_the_letterhead(
    docx: zipfile.ZipFile,
) -> None:
    """Page 1's header starts with the marking, then the letterhead's emblem and names; the
    later pages' header is the letterhead's other one, after our running header."""
    first = [t for t in texts(docx.read("word/header1.xml")) if t]
    assert first == ["FOR OFFICIAL USE ONLY", REPUBLIC, MINISTRY]
    later = [t for t in texts(docx.read("word/header2.xml")) if t]
    assert later[0] == "FOR OFFICIAL USE ONLY" and later[-1] == LATER
    assert MINISTRY not in later


def test_the_docx_footers_carry_the_letterhead_s_address(docx: zipfile.ZipFile) -> None:
    """Both footers hold the letterhead's address above our footer line and the marking."""
    for name in ("word/footer1.xml", "word/footer2.xml"):
        lines = [t for t in texts(docx.read(name)) if t]
        assert lines[0] == ADDRESS and lines[-1] == "FOR OFFICIAL USE ONLY"


def test_the_letterhead_s_picture_is_in_the_docx_with_its_relationship(
    docx: zipfile.ZipFile, folder: Path
) -> None:
    """The emblem of the first header is a media part of the DOCX, reached through the
    header's relationships by the id its drawing names, with a picture content type."""
    rels = etree.fromstring(docx.read("word/_rels/header1.xml.rels"))
    images = {r.get("Id"): r.get("Target") for r in rels if r.get("Type") == IMAGE}
    header = etree.fromstring(docx.read("word/header1.xml"))
    embeds = {
        value
        for element in header.iter()
        for name, value in element.attrib.items()
        if name.endswith("}embed")
    }
    assert embeds and embeds <= set(images)
    target = images[next(iter(embeds))]
    assert docx.read(f"word/{target}") == (folder / "emblem.png").read_bytes()
    types = docx.read("[Content_Types].xml").decode()
    assert re.search(rf'PartName="/word/{re.escape(target)}" ContentType="image/png"', types)


def test_the_docx_first_header_reaches_down_to_top_mm(docx: zipfile.ZipFile) -> None:
    """The letterhead stands in a box of exact height, so page 1's header ends at top_mm:
    the header's distance, the marking's line, the box and a closing 1 pt add up to it."""
    header = etree.fromstring(docx.read("word/header1.xml"))
    row = header.find(".//w:trHeight", NS)
    assert row is not None and row.get(f"{{{W}}}hRule") == "exact"
    document = etree.fromstring(docx.read("word/document.xml"))
    margin = document.find(".//w:pgMar", NS)
    assert margin is not None
    theme_marking = load_theme().style("page.marking")
    line = max(theme_marking.leading, 1.164 * theme_marking.size)  # DejaVu's Windows metrics
    total = (
        int(margin.get(f"{{{W}}}header", "0")) + line * 20 + int(row.get(f"{{{W}}}val", "0")) + 20
    )
    assert abs(total - TOP_MM * MM * 20) < 20  # within a point


def test_the_letterhead_keeps_no_styles_of_its_own(docx: zipfile.ZipFile) -> None:
    """The letterhead's text keeps its direct formatting, never our style of the same id
    (its "Header" would take our running header's rule)."""
    header = etree.fromstring(docx.read("word/header1.xml"))
    table = header.find(".//w:tbl", NS)
    assert table is not None and table.find(".//w:pStyle", NS) is None


def test_without_a_letterhead_the_docx_has_no_box(tmp_path: Path) -> None:
    """The default theme's first header is the marking alone."""
    with zipfile.ZipFile(io.BytesIO(render(sample_document(), "docx", load_theme()))) as plain:
        assert b"<w:tbl>" not in plain.read("word/header1.xml")
        assert "word/_rels/header2.xml.rels" not in plain.namelist()


@pytest.fixture(scope="module")
def pdf(folder: Path) -> bytes:
    return render(sample_document(), "pdf", load_theme(folder))


def test_the_pdf_letterhead_is_under_page_1_only(pdf: bytes) -> None:
    """Page 1 carries the letterhead's names and address; page 2 does not."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0].extract_text()
        second = document.pages[1].extract_text()
    assert MINISTRY in first and REPUBLIC in first and ADDRESS in first
    assert MINISTRY not in second and ADDRESS not in second


def test_the_pdf_letterhead_is_drawn_first_and_the_marking_above_it(pdf: bytes) -> None:
    """The letterhead's words come first in page 1's content (under everything else); the
    marking sits at the top edge above the letterhead's names; the body starts below
    top_mm."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        drawn = "".join(char["text"] for char in page.chars)  # in the order of the content
    assert drawn.startswith(f"{REPUBLIC}{MINISTRY}{ADDRESS}")
    marking = next(w for w in words if w["text"] == "OFFICIAL")
    ministry = next(w for w in words if w["text"] == "MINISTRY")
    assert marking["bottom"] < ministry["top"] < TOP_MM * MM
    furniture = set(" ".join((REPUBLIC, MINISTRY, ADDRESS, "FOR OFFICIAL USE ONLY")).split())
    height = float(page.height)
    body_tops = [
        w["top"] for w in words if w["text"] not in furniture and w["bottom"] < height - 25 * MM
    ]
    assert min(body_tops) >= TOP_MM * MM - 1


def test_page_2_of_the_pdf_starts_at_the_top_margin(pdf: bytes) -> None:
    """Only the first page is lowered: page 2's body starts at the theme's top margin."""
    top = load_theme().page.top
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[1].extract_words()
    header_bottom = load_theme().page.header + 2
    body = [w["top"] for w in words if w["top"] > header_bottom and w["bottom"] < 270 * MM]
    assert top - 2 <= min(body) < TOP_MM * MM - 10


def test_the_pdf_with_a_letterhead_is_deterministic(folder: Path, pdf: bytes) -> None:
    """The same document and theme give the same bytes, letterhead laid under and all."""
    assert render(sample_document(), "pdf", load_theme(folder)) == pdf


def test_a_png_letterhead_is_drawn_under_page_1(tmp_path: Path) -> None:
    """A picture letterhead covers page 1 and only page 1, drawn before the text."""
    folder = letterhead_theme(tmp_path / "png", pdf="letterhead.png")
    blob = render(sample_document(), "pdf", load_theme(folder))
    with pdfplumber.open(io.BytesIO(blob)) as document:
        first, second = document.pages[0], document.pages[1]
        full = [i for i in first.images if i["width"] > first.width - 1]
        assert full and abs(full[0]["height"] - first.height) < 1
        assert not [i for i in second.images if i["width"] > second.width - 1]


def test_a_letterhead_pdf_of_two_pages_is_a_theme_error(tmp_path: Path) -> None:
    """A letterhead is one page: two are refused, naming the theme file and key."""
    from reportlab.pdfgen.canvas import Canvas

    folder = letterhead_theme(tmp_path / "two")
    canvas = Canvas(str(folder / "letterhead.pdf"))
    canvas.showPage()
    canvas.showPage()
    canvas.save()
    with pytest.raises(
        ThemeError, match=r"theme\.toml: letterhead\.pdf: letterhead\.pdf: has 2 pages"
    ):
        render(sample_document(), "pdf", load_theme(folder))


def _rewrite(path: Path, name: str, change: callable) -> None:  # type: ignore[valid-type]
    """Rewrite one part of a zip file."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_a_letterhead_with_an_embedded_object_is_a_theme_error(tmp_path: Path) -> None:
    """A header that needs another kind of part (an OLE object) is refused by name."""
    folder = letterhead_theme(tmp_path / "ole")
    docx = folder / "letterhead.docx"
    with zipfile.ZipFile(docx) as archive:
        rels_name = next(
            n for n in archive.namelist() if re.fullmatch(r"word/_rels/header\d\.xml\.rels", n)
        )
    _rewrite(
        docx,
        rels_name,
        lambda data: data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdOle" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/oleObject" Target="embeddings/x.bin"/></Relationships>',
        ),
    )
    with pytest.raises(
        ThemeError, match=r"letterhead\.docx: letterhead\.docx: word/header\d\.xml holds oleObject"
    ):
        render(sample_document(), "docx", load_theme(folder))


def test_a_letterhead_with_a_linked_picture_is_a_theme_error(tmp_path: Path) -> None:
    """A picture linked from the web (not embedded) is refused: nothing is fetched."""
    folder = letterhead_theme(tmp_path / "linked")
    docx = folder / "letterhead.docx"
    with zipfile.ZipFile(docx) as archive:
        rels_name = next(
            n
            for n in archive.namelist()
            if n.startswith("word/_rels/header") and b"image" in archive.read(n)
        )
    _rewrite(
        docx,
        rels_name,
        lambda data: re.sub(
            rb'Target="media/[^"]+"',
            b'Target="http://example.org/x.png" TargetMode="External"',
            data,
        ),
    )
    with pytest.raises(ThemeError, match="a linked picture"):
        render(sample_document(), "docx", load_theme(folder))
