"""A ministry's own Word template as the base of the DOCX (`[docx] template`): its styles
where our names match, ours where it has none, its other styles and its theme kept, a
.dotx turned into a document, and a hostile template refused at the theme's key."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefgen.errors import ThemeError
from briefgen.render import render
from briefgen.theme import load_theme
from tests.sample_documents import sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def ministry_template(path: Path) -> Path:
    """A .dotx as Word saves one: a red Georgia title, a style of the ministry's own, and
    the content type of a template."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    title = document.styles["Title"]
    title.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    title.font.name = "Georgia"
    quote = document.styles.add_style("Ministry Quote", WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = document.styles["Normal"]
    quote.font.italic = True
    quote.font.size = Pt(13)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT.encode(), TEMPLATE.encode())
            out.writestr(info.filename, data)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ministry"
    folder.mkdir()
    ministry_template(folder / "ministry.dotx")
    (folder / "theme.toml").write_text('[docx]\ntemplate = "ministry.dotx"\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def docx(folder: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(render(sample_document(), "docx", load_theme(folder))))


def style(styles: etree._Element, name: str) -> etree._Element:
    found = [
        s for s in styles.iterfind("w:style", NS) if s.find("w:name", NS).get(f"{{{W}}}val") == name
    ]
    assert len(found) == 1, name
    return found[0]


def test_the_template_s_style_replaces_ours_of_the_same_name(docx: zipfile.ZipFile) -> None:
    """The Title is the ministry's (red Georgia) under our style id, which the body uses."""
    styles = etree.fromstring(docx.read("word/styles.xml"))
    title = style(styles, "Title")
    assert title.get(f"{{{W}}}styleId") == "Title"
    assert title.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "C00000"
    assert title.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Georgia"
    body = docx.read("word/document.xml")
    assert b'<w:pStyle w:val="Title"/>' in body


def test_our_styles_the_template_lacks_are_added_and_its_own_kept(docx: zipfile.ZipFile) -> None:
    """Our "Table Header" (the template has none) is there as the theme makes it; the
    ministry's own "Ministry Quote" is there for later editing in Word."""
    styles = etree.fromstring(docx.read("word/styles.xml"))
    header = style(styles, "Table Header")
    assert header.find("w:rPr/w:b", NS) is not None
    quote = style(styles, "Ministry Quote")
    assert quote.find("w:rPr/w:i", NS) is not None


def test_every_link_between_styles_leads_to_a_style(docx: zipfile.ZipFile) -> None:
    """Based-on, next and linked styles name ids the part has; no list numbering dangles."""
    styles = etree.fromstring(docx.read("word/styles.xml"))
    ids = {s.get(f"{{{W}}}styleId") for s in styles.iterfind("w:style", NS)}
    for tag in ("basedOn", "next", "link"):
        for link in styles.iterfind(f"w:style/w:{tag}", NS):
            assert link.get(f"{{{W}}}val") in ids, tag
    assert styles.find(".//w:numPr", NS) is None
    assert len(ids) == len(styles.findall("w:style", NS))  # ids are unique


def test_the_template_s_defaults_and_theme_come_along(docx: zipfile.ZipFile) -> None:
    """The document defaults are the template's (its theme fonts) and its theme part is in
    the package, related from the document, with its content type."""
    styles = etree.fromstring(docx.read("word/styles.xml"))
    assert styles[0].tag == f"{{{W}}}docDefaults"
    fonts = styles.find("w:docDefaults//w:rFonts", NS)
    assert fonts is not None and fonts.get(f"{{{W}}}asciiTheme") == "minorHAnsi"
    assert b"<a:theme" in docx.read("word/theme/theme1.xml")
    assert b'Target="theme/theme1.xml"' in docx.read("word/_rels/document.xml.rels")
    assert b'PartName="/word/theme/theme1.xml"' in docx.read("[Content_Types].xml")


def test_a_dotx_becomes_a_document(docx: zipfile.ZipFile) -> None:
    """The output's main part is a document's, never the template's content type."""
    types = docx.read("[Content_Types].xml").decode()
    assert DOCUMENT in types and TEMPLATE not in types


def test_a_zip_bomb_template_is_refused_at_its_key(tmp_path: Path) -> None:
    """A template whose styles part unpacks to gigabytes is refused when the theme loads."""
    folder = tmp_path / "bomb"
    folder.mkdir()
    with (
        zipfile.ZipFile(folder / "ministry.dotx", "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/styles.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(20):
            member.write(b"\0" * (1 << 20))
    (folder / "theme.toml").write_text('[docx]\ntemplate = "ministry.dotx"\n', encoding="utf-8")
    with pytest.raises(
        ThemeError,
        match=r"theme\.toml: docx\.template: ministry\.dotx: word/styles\.xml unpacks to .*zip bomb",
    ):
        load_theme(folder)


def test_a_template_outside_the_theme_folder_is_refused(tmp_path: Path) -> None:
    """A theme names only files in its own folder."""
    ministry_template(tmp_path / "elsewhere.dotx")
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text('[docx]\ntemplate = "../elsewhere.dotx"\n', encoding="utf-8")
    with pytest.raises(
        ThemeError, match=r"docx\.template: '\.\./elsewhere\.dotx' is outside the theme folder"
    ):
        load_theme(folder)
