"""The DOCX renderer: structure and text read back from the package with python-docx and lxml."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from briefgen.compose.blocks import (
    STYLES,
    Cell,
    Document,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Meta,
    Para,
    Row,
    Run,
    Signature,
    SignatureBlock,
    Table,
)
from briefgen.errors import RenderError, ThemeError
from briefgen.render.docx import render
from briefgen.render.docx.styles import signature_gutter
from briefgen.templates import word_styles
from briefgen.theme import NAMED_STYLES, Theme, load_theme
from tests.sample_documents import ARABIC_NAME, ARABIC_TITLE, png, sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "v": "urn:schemas-microsoft-com:vml",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
ROOT = Path(__file__).resolve().parents[2]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme()


@pytest.fixture(scope="module")
def sample(theme: Theme) -> bytes:
    return render(sample_document(), theme)


def part(package: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read(name))


def parts(package: bytes, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith(prefix))
        return [etree.fromstring(archive.read(n)) for n in names]


def paragraph_text(p: etree._Element) -> str:
    """The text of a paragraph as a reader sees it: breaks are newlines, tabs are tabs."""
    out: list[str] = []
    for el in p.iter(w("t"), w("br"), w("tab")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("br"):
            out.append("\n")
        elif el.getparent() is not None and el.getparent().tag == w("r"):
            out.append("\t")
    return "".join(out)


def body_paragraphs(package: bytes) -> list[str]:
    return [paragraph_text(p) for p in part(package, "word/document.xml").iter(w("p"))]


def all_paras(document: Document) -> Iterator[Para]:
    """Every paragraph of a Document, wherever it sits."""
    for block in document.blocks:
        if isinstance(block, Para):
            yield block
        elif isinstance(block, Heading):
            yield Para.of(block.text)
        elif isinstance(block, ListBlock):
            yield from (item.para for item in block.items)
        elif isinstance(block, Table):
            yield from (p for row in block.rows for cell in row.cells for p in cell.paras)
        elif isinstance(block, SignatureBlock):
            for part in block.intro:
                if isinstance(part, Para):
                    yield part
                else:
                    yield from (p for row in part.rows for cell in row.cells for p in cell.paras)
            for signature in block.signatures:
                yield from signature.caption
                yield from signature.details


def test_every_string_of_the_sample_appears_as_a_paragraph(sample: bytes) -> None:
    """Each Para of the Document is one Word paragraph with the same text (lists: label, tab)."""
    found = body_paragraphs(sample)
    for para in all_paras(sample_document()):
        assert any(text == para.text or text.endswith("\t" + para.text) for text in found), (
            para.text
        )


def test_special_characters_arrive_unescaped_and_unreshaped(sample: bytes) -> None:
    """Markup-like text, ampersands, Azerbaijani, Uzbek oʻ and Arabic are stored as plain text."""
    text = "\n".join(body_paragraphs(sample))
    for needle in (
        "<b>markup</b> & R&D;",
        "İSTİQAMƏT, ə ğ ı ş",
        "Oʻzbekiston, Gʻijduvon",
        ARABIC_NAME,
        ARABIC_TITLE,
        "(R&D <area> 1)",
    ):
        assert needle in text


def test_python_docx_opens_the_package(sample: bytes) -> None:
    """python-docx reads the output: content types, relationships and parts are consistent."""
    document = docx.Document(io.BytesIO(sample))
    assert len(document.tables) == 3
    assert document.sections[0].different_first_page_header_footer


def test_every_named_style_resolves_to_a_template_style(theme: Theme) -> None:
    """A paragraph in each of STYLES renders with a distinct Word style defined in the template."""
    document = Document(
        meta=Meta(id="styles", title="Styles"),
        blocks=tuple(Para.of(name, name) for name in STYLES),
    )
    package = render(document, theme)
    defined = {el.get(w("styleId")) for el in part(package, "word/styles.xml").iter(w("style"))}
    used = [
        p.find("w:pPr/w:pStyle", NS).get(w("val"))
        for p in part(package, "word/document.xml").iter(w("p"))
        if p.find("w:pPr/w:pStyle", NS) is not None
    ][: len(STYLES)]
    assert len(set(used)) == len(STYLES)
    assert set(used) <= defined


def test_unknown_style_names_fail_loudly(theme: Theme) -> None:
    """A style name outside STYLES is a compose bug, reported as a RenderError."""
    document = Document(meta=Meta(id="bad", title="Bad"), blocks=(Para.of("x", "nonsense"),))
    with pytest.raises(RenderError, match="nonsense"):
        render(document, theme)


def test_header_rows_repeat_and_no_row_splits(sample: bytes) -> None:
    """Header rows carry w:tblHeader; every row of every table carries w:cantSplit."""
    doc = part(sample, "word/document.xml")
    initiatives = doc.findall(".//w:tbl", NS)[1]
    rows = initiatives.findall("w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows[:3]] == [True, True, False]
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in doc.iter(w("tr")))


def test_spans_become_grid_spans_and_vertical_merges(sample: bytes) -> None:
    """colspan is w:gridSpan, rowspan is vMerge restart then continue; each row fills the grid."""
    tbl = part(sample, "word/document.xml").findall(".//w:tbl", NS)[1]
    first, second, section = tbl.findall("w:tr", NS)[:3]

    def props(row: etree._Element) -> list[tuple[str | None, str | None]]:
        out = []
        for tc in row.findall("w:tc", NS):
            span = tc.find("w:tcPr/w:gridSpan", NS)
            merge = tc.find("w:tcPr/w:vMerge", NS)
            out.append(
                (
                    span.get(w("val")) if span is not None else None,
                    None if merge is None else merge.get(w("val"), "continue"),
                )
            )
        return out

    assert props(first) == [
        (None, "restart"),
        (None, "restart"),
        (None, "restart"),
        ("2", None),
        (None, "restart"),
    ]
    assert props(second) == [
        (None, "continue"),
        (None, "continue"),
        (None, "continue"),
        (None, None),
        (None, None),
        (None, "continue"),
    ]
    assert props(section) == [("6", None)]
    grid = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    for row in tbl.findall("w:tr", NS):
        assert sum(
            int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) for tc in row.findall("w:tc", NS)
        ) == sum(grid)


def test_column_widths_follow_relative_columns_over_the_text_width(sample: bytes) -> None:
    """The grid is fixed-layout and its columns keep the Document's proportions."""
    tbl = part(sample, "word/document.xml").findall(".//w:tbl", NS)[1]
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    grid = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    columns = (0.6, 3.2, 1.2, 1.8, 1.8, 2.6)
    for width, column in zip(grid, columns, strict=True):
        assert width / sum(grid) == pytest.approx(column / sum(columns), abs=0.001)


def test_table_styles_come_from_the_template(sample: bytes) -> None:
    """grid/keyvalue/plain tables refer to the template's table styles; section rows are shaded."""
    doc = part(sample, "word/document.xml")
    styles = [t.find("w:tblPr/w:tblStyle", NS).get(w("val")) for t in doc.iter(w("tbl"))]
    assert styles == ["BriefKeyValue", "BriefGrid", "BriefPlain"]
    section = doc.findall(".//w:tbl", NS)[1].findall("w:tr", NS)[2]
    header = doc.findall(".//w:tbl", NS)[1].findall("w:tr", NS)[0]
    section_fill = section.find("w:tc/w:tcPr/w:shd", NS).get(w("fill"))
    header_fill = header.find("w:tc/w:tcPr/w:shd", NS).get(w("fill"))
    assert section_fill != header_fill


def test_footer_has_page_and_numpages_fields(sample: bytes) -> None:
    """Every footer holds the footer text and real PAGE and NUMPAGES fields."""
    footers = parts(sample, "word/footer")
    assert len(footers) == 2
    for footer in footers:
        instructions = [i.text.strip() for i in footer.iter(w("instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert "MES-IRD/2025/PL-041 · Version 0.3" in paragraph_text(footer.find("w:p", NS))
        assert "Page 1 of 1" in paragraph_text(footer.find("w:p", NS))


def test_watermark_only_when_set(theme: Theme, sample: bytes) -> None:
    """A draft has a diagonal VML text path in both headers; a final document has none."""
    for header in parts(sample, "word/header"):
        paths = header.findall(".//v:textpath[@string]", NS)
        assert [p.get("string") for p in paths] == ["DRAFT"]
        assert "rotation:315" in header.find(".//v:shape", NS).get("style")
    final = render(sample_document(draft=False), theme)
    assert all(h.find(".//v:shape", NS) is None for h in parts(final, "word/header"))


def test_paragraph_properties_follow_schema_order(theme: Theme) -> None:
    """pStyle, keepNext, pageBreakBefore, bidi and jc appear in the order the schema demands."""
    order = ["pStyle", "keepNext", "pageBreakBefore", "bidi", "jc"]
    package = render(sample_document(), theme)
    for ppr in part(package, "word/document.xml").iter(w("pPr")):
        tags = [etree.QName(child).localname for child in ppr]
        known = [t for t in tags if t in order]
        assert known == sorted(known, key=order.index)


def test_lists_hang_their_label_without_word_numbering(sample: bytes) -> None:
    """A list item is its label, a tab and the text, in the list style; no w:numPr."""
    doc = part(sample, "word/document.xml")
    assert doc.find(".//w:numPr", NS) is None
    items = [p for p in doc.iter(w("p")) if paragraph_text(p).startswith("1.\t")]
    assert items[0].find("w:pPr/w:pStyle", NS).get(w("val")) == "ListText"


def test_signature_block_keeps_with_its_formula(sample: bytes) -> None:
    """The signing formula keeps with the next paragraph; the signature table never splits."""
    doc = part(sample, "word/document.xml")
    formula = next(p for p in doc.iter(w("p")) if paragraph_text(p).startswith("Done at Baku"))
    assert formula.find("w:pPr/w:keepNext", NS) is not None
    signatures = doc.findall(".//w:tbl", NS)[2]
    rows = signatures.findall("w:tr", NS)
    assert len(rows) == 3
    assert len(rows[0].findall("w:tc", NS)) == 2
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in rows[0].iter(w("p")))
    lines = rows[1].findall("w:tc/w:p/w:pPr/w:pStyle", NS)
    assert {s.get(w("val")) for s in lines} == {"SignatureLine"}


@pytest.mark.parametrize(("kinds", "kept"), [("hbbbbb", "TTTTTF"), ("hsbbbsbbb", "TTTFFTFTF")])
def test_rows_where_no_page_may_end_keep_with_the_next(theme: Theme, kinds: str, kept: str) -> None:
    """Every paragraph of a row after which no page may end (`Table.kept`: headers, area
    rows, a small table, the first and the last-but-one rows) keeps with the next, the way
    Word and LibreOffice keep a row with the one after it; other rows do not."""
    names = {"h": "header", "s": "section", "b": "body"}
    rows = tuple(
        Row(kind=names[k], cells=(Cell(paras=(Para.of(f"r{i}"),)),))  # type: ignore[arg-type]
        for i, k in enumerate(kinds)
    )
    document = Document(
        meta=Meta(id="keep", title="Keep"),
        blocks=(Table(columns=(1.0,), rows=rows), Para.of("After.")),
    )
    table = part(render(document, theme), "word/document.xml").find(".//w:tbl", NS)
    found = "".join(
        "T" if row.find("w:tc/w:p/w:pPr/w:keepNext", NS) is not None else "F"
        for row in table.findall("w:tr", NS)
    )
    assert found == kept


def test_page_break_starts_the_annex_on_a_new_page(sample: bytes) -> None:
    """The paragraph after a PageBreak carries pageBreakBefore (no empty line on the new page)."""
    doc = part(sample, "word/document.xml")
    annex = next(p for p in doc.iter(w("p")) if paragraph_text(p) == "Annex 1")
    assert annex.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_core_properties_match_meta(sample: bytes) -> None:
    """Title, subject, author, language and both dates come from meta, at midnight UTC."""
    props = docx.Document(io.BytesIO(sample)).core_properties
    assert props.title == "Meeting with the Minister of Emergency Situations of Uzbekistan"
    assert props.subject == "Briefing note"
    assert props.author == "Leyla Məmmədova"
    assert props.language == "en"
    midnight = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    assert props.created == props.modified == midnight


def test_documents_without_a_date_get_a_fixed_one(theme: Theme) -> None:
    """With no created date the properties carry a fixed epoch, never the clock."""
    package = render(Document(meta=Meta(id="n", title="n"), blocks=()), theme)
    props = docx.Document(io.BytesIO(package)).core_properties
    assert props.created == dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def test_zip_entries_have_fixed_dates_and_order(sample: bytes) -> None:
    """Every entry is dated 1980-01-01 and [Content_Types].xml comes first."""
    with zipfile.ZipFile(io.BytesIO(sample)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert not any(n.filename.endswith(("thumbnail.jpeg", "stylesWithEffects.xml")) for n in infos)


def test_xml_forbidden_characters_do_not_crash(theme: Theme) -> None:
    """Control characters, U+FFFE and lone surrogates anywhere in the text are dropped."""
    bad = "a\x00b\x0bc\x1f\ufffe\ud800d\r\ne"
    document = Document(
        meta=Meta(id="bad", title=bad, subject=bad, author=bad),
        blocks=(
            Heading(text=bad),
            Para(runs=(Run(text=bad, bold=True),)),
            ListBlock(items=(ListItem(label=bad, para=Para.of(bad, "list")),)),
            Table(columns=(1.0,), rows=(Row(cells=(Cell(paras=(Para.of(bad, "cell"),)),)),)),
            SignatureBlock(
                intro=(Para.of(bad),),
                signatures=(Signature(caption=(Para.of(bad, "signature"),), details=()),),
            ),
        ),
        marking=bad,
        watermark=bad,
        header=bad,
        footer=bad,
        page_label=bad + " {page}",
    )
    package = render(document, theme)
    assert "abcd\ne" in body_paragraphs(package)
    assert docx.Document(io.BytesIO(package)).core_properties.title == "abcd\ne"


def test_images_are_embedded_once_at_their_height(theme: Theme, tmp_path: Path) -> None:
    """An Image block becomes an inline picture of the given height; a repeated file is one part."""
    emblem = tmp_path / "emblem.png"
    emblem.write_bytes(png(40, 20, (0x80, 0x80, 0x80)))
    image = Image(path=str(emblem), height_mm=10.0)
    document = Document(
        meta=Meta(id="img", title="img"),
        blocks=(
            image,
            SignatureBlock(
                intro=(),
                signatures=(Signature(caption=(), details=(), image=image),),
            ),
        ),
    )
    package = render(document, theme)
    extents = part(package, "word/document.xml").findall(".//wp:extent", NS)
    assert [(int(e.get("cx")), int(e.get("cy"))) for e in extents] == [(720000, 360000)] * 2
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert [n for n in archive.namelist() if n.startswith("word/media/")] == [
            "word/media/image1.png"
        ]
    assert len(docx.Document(io.BytesIO(package)).inline_shapes) == 2


def restyled_theme(folder: Path, old: bytes, new: bytes) -> Theme:
    """A copy of the default theme holding a reference.docx (the generated styles, as Word
    would save them) with `old` replaced by `new` in its styles."""
    root = Path(shutil.copytree(load_theme().root, folder / "theme"))
    with zipfile.ZipFile(io.BytesIO(word_styles.starter_docx())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert old in members["word/styles.xml"], old
    members["word/styles.xml"] = members["word/styles.xml"].replace(old, new, 1)
    with zipfile.ZipFile(root / "reference.docx", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return load_theme(root)


def style_element(package: bytes, style_id: str) -> etree._Element:
    return next(
        s
        for s in part(package, "word/styles.xml").iter(w("style"))
        if s.get(w("styleId")) == style_id
    )


def test_the_shipped_theme_has_no_word_file() -> None:
    """The default theme is theme.toml alone: its Word styles are generated, not committed."""
    assert load_theme().reference_docx is None
    assert not (ROOT / "briefgen" / "templates" / "default" / "reference.docx").exists()


def test_word_styles_follow_the_theme(theme: Theme, sample: bytes) -> None:
    """Sizes, colours, bold, alignment, spacing and line height of the Word styles are the
    theme's (the values the PDF draws with)."""
    for name, style_id in (("title", "Title"), ("heading.1", "Heading1"), ("meta", "Meta")):
        style = theme.style(name)
        element = style_element(sample, style_id)
        assert element.find("w:rPr/w:sz", NS).get(w("val")) == str(round(style.size * 2))
        assert element.find("w:rPr/w:color", NS).get(w("val")) == style.colour.lstrip("#")
        assert (element.find("w:rPr/w:b", NS) is not None) == style.bold
        spacing = element.find("w:pPr/w:spacing", NS)
        assert spacing.get(w("before")) == str(round(style.space_before * 20))
        assert spacing.get(w("after")) == str(round(style.space_after * 20))
        assert spacing.get(w("line")) == str(round(style.leading * 20))
        assert spacing.get(w("lineRule")) == "atLeast"
    assert style_element(sample, "Title").find("w:pPr/w:jc", NS).get(w("val")) == "center"
    fonts = part(sample, "word/styles.xml").find("w:docDefaults//w:rFonts", NS)
    assert fonts.get(w("ascii")) == fonts.get(w("cs")) == "DejaVu Sans"


def test_table_styles_carry_the_theme_rules_padding_and_fills(theme: Theme, sample: bytes) -> None:
    """The grid's borders, cell margins and header shading, the key-value table's label
    shading and the plain table's missing rules come from the theme."""
    grid = style_element(sample, "BriefGrid")
    table = theme.style("table.grid")
    top = grid.find("w:tblPr/w:tblBorders/w:top", NS)
    assert top.get(w("color")) == table.rule.lstrip("#")
    assert top.get(w("sz")) == str(round(table.rule_width * 8))
    left = grid.find("w:tblPr/w:tblCellMar/w:left", NS)
    assert left.get(w("w")) == str(round(table.padding * 20))
    fill = grid.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(w("fill"))
    assert fill == theme.style("cell.header").fill.lstrip("#")
    keyvalue = style_element(sample, "BriefKeyValue")
    label = keyvalue.find("w:tblStylePr[@w:type='firstCol']/w:tcPr/w:shd", NS).get(w("fill"))
    assert label == theme.style("cell.label").fill.lstrip("#")
    assert keyvalue.find("w:tblPr/w:tblBorders/w:left", NS).get(w("val")) == "nil"
    plain = style_element(sample, "BriefPlain")
    assert {b.get(w("val")) for b in plain.find("w:tblPr/w:tblBorders", NS)} == {"nil"}


def test_the_section_is_the_theme_page(theme: Theme, sample: bytes) -> None:
    """w:pgSz and w:pgMar are the theme's page size and margins; the first page has its own
    header."""
    sect = part(sample, "word/document.xml").find(".//w:body/w:sectPr", NS)
    page = theme.page
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    for side in ("top", "bottom", "left", "right"):
        assert margins.get(w(side)) == str(round(getattr(page, side) * 20))
    assert sect.find("w:titlePg", NS) is not None


def test_a_reference_docx_restyles_the_styles_it_names(tmp_path: Path) -> None:
    """A theme folder's reference.docx (restyled in Word) replaces the generated styles of
    the same names; the others stay generated."""
    theme = restyled_theme(tmp_path, b'w:val="1F3864"', b'w:val="FF0000"')
    package = render(sample_document(), theme)
    assert style_element(package, "Title").find("w:rPr/w:color", NS).get(w("val")) == "FF0000"
    heading = style_element(package, "Heading1").find("w:rPr/w:color", NS)
    assert heading.get(w("val")) == "1F3864"


def test_a_reference_docx_without_our_styles_gets_the_generated_ones(tmp_path: Path) -> None:
    """A style the reference.docx lacks (renamed away) is generated from the theme."""
    theme = restyled_theme(tmp_path, b'w:val="Brief Grid"', b'w:val="Something Else"')
    package = render(sample_document(), theme)
    names = [
        s.find("w:name", NS).get(w("val"))
        for s in part(package, "word/styles.xml").iter(w("style"))
    ]
    assert "Brief Grid" in names
    tables = part(package, "word/document.xml").iter(w("tblStyle"))
    assert "BriefGrid" in {t.get(w("val")) for t in tables}


def test_style_names_match_without_regard_to_case(tmp_path: Path) -> None:
    """A template saved by LibreOffice names Word's "heading 1" "Heading 1"; both match."""
    theme = restyled_theme(
        tmp_path,
        b'<w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>',
        b'<w:name w:val="Heading 1"/><w:basedOn w:val="Nonesuch"/>',
    )
    package = render(sample_document(), theme)
    heading = style_element(package, "Heading1")
    assert heading.find("w:name", NS).get(w("val")) == "Heading 1"
    assert heading.find("w:basedOn", NS) is None  # a link to a style we lack is dropped


def test_an_unreadable_reference_docx_is_a_theme_error(tmp_path: Path) -> None:
    """A reference.docx that is not a Word file is never silently ignored."""
    root = Path(shutil.copytree(load_theme().root, tmp_path / "theme"))
    (root / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(ThemeError, match=r"reference\.docx: not a readable Word document"):
        render(sample_document(), load_theme(root))


def test_the_reviewable_styles_dump_is_deterministic_and_complete() -> None:
    """word_styles.py prints the same styles every time, with every Word style we name."""
    dump = word_styles.pretty_styles()
    assert dump == word_styles.pretty_styles()
    for named in NAMED_STYLES:
        if named.word is not None:
            assert f'w:val="{named.word}"'.encode() in dump


@given(
    text=st.text(max_size=40),
    level=st.integers(-2, 6),
    colspan=st.integers(0, 3),
    rowspan=st.integers(0, 3),
    rtl=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_any_text_and_spans_give_a_readable_package(
    text: str, level: int, colspan: int, rowspan: int, rtl: bool
) -> None:
    """Arbitrary text, heading levels and spans give an openable file or a clear RenderError."""
    cell = Cell(paras=(Para.of(text, "cell", rtl=rtl),), colspan=colspan, rowspan=rowspan)
    document = Document(
        meta=Meta(id="fuzz", title=text, author=text),
        blocks=(
            Heading(text=text, level=level, rtl=rtl),
            Para(runs=(Run(text=text, italic=True), Run(text=text, bold=True)), rtl=rtl),
            Table(columns=(1.0, 2.0, 3.0), rows=(Row(cells=(cell,)), Row(cells=(cell, cell)))),
        ),
        marking=text or None,
        watermark=text or None,
        footer=text,
        rtl=rtl,
    )
    try:
        package = render(document, load_theme())
    except RenderError as exc:
        # Only a row whose spans cannot fit the grid (briefgen.render.grid) may fail, and
        # it says so.
        assert colspan * 2 > 3 or rowspan > 1 or colspan < 1 or rowspan < 1
        assert "columns" in str(exc) or "last row" in str(exc)
        return
    assert len(docx.Document(io.BytesIO(package)).tables) == 1


def test_parallel_plan_sets_each_clause_beside_its_translation(theme: Theme) -> None:
    """An az+en plan prints every text of both languages; clause rows never split and stay in order."""
    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import bilingual_plan

    document = compose_parallel(bilingual_plan(recitals=5), [Language.AZ, Language.EN])
    package = render(document, theme)
    body = part(package, "word/document.xml")
    printed = set(body_paragraphs(package))
    assert all(para.text in printed for para in all_paras(document) if para.text)
    for tr in body.iter(w("tr")):
        assert tr.find(f"{w('trPr')}/{w('cantSplit')}") is not None
    recital = next(tr for tr in body.iter(w("tr")) if paragraph_text(tr).startswith("R3az"))
    left, right = (paragraph_text(tc) for tc in recital.iter(w("tc")))
    assert left.startswith("R3az ") and right.startswith("R3en ")


def test_parallel_lead_in_rows_keep_with_what_follows(theme: Theme) -> None:
    """The closing formula row and the "Final provisions" row keep with the next paragraph."""
    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import bilingual_plan

    document = compose_parallel(bilingual_plan(), [Language.AZ, Language.EN])
    body = part(render(document, theme), "word/document.xml")
    for start in ("aşağıdakılar", "Yekun müddəalar"):
        row = next(tr for tr in body.iter(w("tr")) if paragraph_text(tr).startswith(start))
        paragraphs = list(row.iter(w("p")))
        assert paragraphs and all(
            p.find(f"{w('pPr')}/{w('keepNext')}") is not None for p in paragraphs
        )


def test_parallel_arabic_first_is_bidi_visual(theme: Theme) -> None:
    """With Arabic first the side-by-side tables run right to left and Arabic paragraphs are bidi."""
    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import bilingual_plan

    plan = bilingual_plan(langs=("ar", "en", "az"))
    body = part(
        render(compose_parallel(plan, [Language.AR, Language.EN]), theme), "word/document.xml"
    )
    tables = list(body.iter(w("tbl")))
    assert tables and all(t.find(f"{w('tblPr')}/{w('bidiVisual')}") is not None for t in tables[:2])
    arabic = next(p for p in body.iter(w("p")) if paragraph_text(p).endswith("R1ar"))
    assert arabic.find(f"{w('pPr')}/{w('bidi')}") is not None


def latin_signature_line(theme: Theme) -> etree._Element:
    """The paragraph properties of the Azerbaijani signatory's Latin name in the Arabic plan."""
    from briefgen.load import load
    from briefgen.model import Plan
    from briefgen.pipeline import compose

    plan = load(Path(__file__).resolve().parents[2] / "inputs" / "az-ps-2026" / "plan-ar.yaml")
    assert isinstance(plan, Plan)
    body = part(render(compose(plan, "ar"), theme), "word/document.xml")
    latin = next(p for p in body.iter(w("p")) if paragraph_text(p) == "Kəmaləddin Heydərov")
    props = latin.find(w("pPr"))
    assert props is not None and props.find(w("bidi")) is None
    return props


def test_latin_lines_of_an_arabic_signature_stay_centred(theme: Theme) -> None:
    """With the default template (centred signatures, as in the PDF) a signatory's Latin
    name in an Arabic plan is centred like the Arabic lines, with the same indents."""
    props = latin_signature_line(theme)
    assert props.find(w("jc")) is None  # the Signature style centres it
    ind = props.find(w("ind"))
    gutter = str(round(theme.style("signature.rule").padding / 2 * 20))
    assert ind is not None and (ind.get(w("left")), ind.get(w("right"))) == (gutter, gutter)


def test_latin_lines_of_an_arabic_signature_follow_a_start_aligned_template(
    tmp_path: Path,
) -> None:
    """With a template whose signatures keep to the start (the right edge in Arabic), a Latin
    line is aligned right with the style's indents swapped, under the Arabic lines."""
    gutter = signature_gutter(load_theme())  # half the gap between signatures, each side
    theme = restyled_theme(
        tmp_path,
        f'<w:ind w:left="{gutter}" w:right="{gutter}"/><w:jc w:val="center"/>'.encode(),
        b'<w:ind w:right="340"/>',
    )
    props = latin_signature_line(theme)
    jc, ind = props.find(w("jc")), props.find(w("ind"))
    assert jc is not None and jc.get(w("val")) == "right"
    assert ind is not None and (ind.get(w("left")), ind.get(w("right"))) == ("340", "0")


def test_gaps_between_blocks_are_the_larger_of_the_two_as_in_the_pdf(theme: Theme) -> None:
    """A heading after a body paragraph keeps only what its space before exceeds the
    paragraph's space after; the first paragraph of the document has no space before."""
    document = Document(
        meta=Meta(id="gaps", title="Gaps"),
        blocks=(Para.of("Title", "title"), Para.of("Text"), Heading(text="Heading", level=1)),
    )
    paras = list(part(render(document, theme), "word/document.xml").iter(w("p")))
    first = paras[0].find("w:pPr/w:spacing", NS)
    assert first is not None and first.get(w("before")) == "0"
    heading = paras[2].find("w:pPr/w:spacing", NS)
    expected = theme.style("heading.1").space_before - theme.style("body").space_after
    assert heading is not None and heading.get(w("before")) == str(round(expected * 20))


def test_the_last_paragraph_of_a_cell_has_no_space_after(theme: Theme) -> None:
    """Cell padding spaces a cell's text, as in the PDF: its last paragraph adds nothing."""
    cell = Cell(paras=(Para.of("one", "body"), Para.of("two", "body")))
    table = Table(columns=(1.0,), rows=(Row(cells=(cell,)),), style="plain")
    body = part(
        render(Document(meta=Meta(id="c", title="c"), blocks=(table,)), theme), "word/document.xml"
    )
    one, two = body.find(".//w:tc", NS).findall("w:p", NS)
    assert one.find("w:pPr/w:spacing", NS) is None  # the style's own space after stays
    assert two.find("w:pPr/w:spacing", NS).get(w("after")) == "0"


def test_a_list_with_long_labels_hangs_further(theme: Theme) -> None:
    """A list whose labels are wider than the style's hanging indent gets a wider one (the
    PDF widens it likewise); a bullet list keeps the style's."""

    def list_props(label: str) -> etree._Element:
        items = (ListItem(label=label, para=Para.of("text", "list")),)
        document = Document(meta=Meta(id="l", title="l"), blocks=(ListBlock(items=items),))
        return part(render(document, theme), "word/document.xml").find(".//w:pPr", NS)

    assert list_props("•").find("w:ind", NS) is None
    wide = list_props("12.10.")
    ind, tab = wide.find("w:ind", NS), wide.find("w:tabs/w:tab", NS)
    assert int(ind.get(w("hanging"))) > round(theme.style("list").indent * 20)
    assert ind.get(w("left")) == ind.get(w("hanging")) == tab.get(w("pos"))


def test_a_theme_logo_stands_in_the_first_page_header(tmp_path: Path) -> None:
    """A theme's logo is a picture anchored in the first page's header only, at the left
    margin and the theme's height, where the PDF draws it."""
    from PIL import Image as PILImage

    folder = tmp_path / "crest"
    folder.mkdir()
    PILImage.new("RGB", (60, 80), "navy").save(folder / "crest.png")
    (folder / "theme.toml").write_text('[page]\nlogo = "crest.png"\n', "utf-8")
    theme = load_theme(folder)
    package = render(sample_document(), theme)
    first, running = parts(package, "word/header")
    anchor = first.find(".//wp:anchor", NS)
    assert anchor is not None and running.find(".//wp:anchor", NS) is None
    x = anchor.find("wp:positionH/wp:posOffset", NS).text
    assert x == str(round(theme.page.left * 12700))
    height = int(anchor.find("wp:extent", NS).get("cy"))
    assert height == round(theme.page.logo_height * 12700)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.read("word/media/logo.png") == (folder / "crest.png").read_bytes()
        assert b"media/logo.png" in archive.read("word/_rels/header1.xml.rels")
    docx.Document(io.BytesIO(package))  # python-docx opens it


# --- language of every run, hyphenation (issue 14) -------------------------------------------


def _runs_by_text(data: bytes) -> dict[str, etree._Element]:
    """Each run of the body with text, by its text (the last run of a text wins)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    ns = {"w": W}
    return {"".join(r.itertext()): r for r in root.iter(w("r")) if r.find("w:t", ns) is not None}


def _lang(run: etree._Element) -> dict[str, str]:
    found = run.find(f"{w('rPr')}/{w('lang')}")
    assert found is not None, etree.tostring(run)
    return {etree.QName(k).localname: v for k, v in found.attrib.items()}


def test_every_run_is_tagged_with_its_language(theme: Theme) -> None:
    """Word spell-checks and hyphenates a run by its w:lang: a Russian plan is tagged
    Russian, not British English, but for the English texts it uses in place of missing
    translations, tagged English; in an English-Arabic parallel plan each column is tagged
    with its own language, the Arabic one as the complex-script language (w:bidi) too."""
    from briefgen.compose.plan import compose, compose_plan
    from briefgen.load import load
    from briefgen.model import Language, Plan

    plan = load(ROOT / "tests/render/records/plan-ar-latin.yaml")
    assert isinstance(plan, Plan)
    runs = _runs_by_text(render(compose(plan, (Language.EN, Language.AR)), theme))
    assert _lang(runs["PLAN OF COOPERATION IN DISASTER RISK REDUCTION"]) == {"val": "en-GB"}
    arabic = next(r for t, r in runs.items() if t.startswith("UNDRR"))
    assert _lang(arabic) == {"val": "ar-SA", "bidi": "ar-SA"}

    az_uz = load(ROOT / "inputs/az-uz-2026/plan.yaml")
    assert isinstance(az_uz, Plan)
    russian = _runs_by_text(render(compose_plan(az_uz, Language.RU), theme))
    english = {t for t, r in russian.items() if _lang(r) == {"val": "en-GB"}}
    assert "Crisis Management Center" in english
    assert all(not re.search("[а-яА-Я]", t) for t in english)
    assert all(_lang(r) == {"val": "ru-RU"} for t, r in russian.items() if t not in english)
    assert any(re.search("[а-яА-Я]", t) for t in russian)


def test_automatic_hyphenation_is_on(theme: Theme) -> None:
    """The settings turn Word's automatic hyphenation on (by each run's language)."""
    data = render(sample_document(), theme)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        settings_xml = etree.fromstring(package.read("word/settings.xml"))
    assert settings_xml.find(w("autoHyphenation")) is not None


def test_titles_headings_and_names_are_never_hyphenated(theme: Theme) -> None:
    """The styles the PDF never hyphenates (theme.UNHYPHENATED) suppress Word's automatic
    hyphenation; running text does not."""
    from briefgen.theme import UNHYPHENATED

    data = render(sample_document(), theme)
    styles = part(data, "word/styles.xml")
    by_name = {s.find("w:name", NS).get(w("val")): s for s in styles.findall("w:style", NS)}
    for named in NAMED_STYLES:
        if named.kind not in ("paragraph", "heading") or named.word is None:
            continue
        suppressed = by_name[named.word].find("w:pPr/w:suppressAutoHyphens", NS) is not None
        assert suppressed == named.name.startswith(UNHYPHENATED), named.name
