"""Themes: loading by name or folder, layering over the default, inheritance, validation, the
one table of style names, and one theme giving both formats the same look."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from briefgen.compose.blocks import STYLES
from briefgen.errors import ThemeError
from briefgen.render import render
from briefgen.theme import NAMED_STYLES, PAGE_SIZES, TEMPLATES, Theme, load_theme
from tests.sample_documents import sample_document

ROOT = Path(__file__).resolve().parents[1]


def theme_folder(tmp_path: Path, toml: str) -> Path:
    """A theme folder holding only this theme.toml."""
    folder = tmp_path / "mytheme"
    folder.mkdir(exist_ok=True)
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    return folder


def test_default_theme_defines_every_style() -> None:
    """The shipped theme defines every paragraph style compose uses, and the rest it needs."""
    theme = load_theme()
    assert {named.name for named in NAMED_STYLES} <= set(theme.styles)
    assert theme.name == "default" and theme.root == (TEMPLATES / "default").resolve()
    assert theme.reference_docx is None


def test_default_theme_is_readable() -> None:
    """Body text is about 10-10.5 pt and table text about 9 pt, on A4."""
    theme = load_theme()
    assert 10 <= theme.style("body").size <= 10.5
    assert 8.5 <= theme.style("cell").size <= 9.5
    assert theme.page.size == "A4"
    assert (theme.page.width, theme.page.height) == PAGE_SIZES["A4"]


def test_fonts_default_to_the_shipped_ones() -> None:
    """Font files named without a folder are found in briefgen's own fonts."""
    fonts = load_theme().fonts
    assert fonts.regular.name == "DejaVuSans.ttf" and fonts.regular.is_file()
    assert fonts.face(bold=True, italic=True).name == "DejaVuSans-BoldOblique.ttf"


def test_dotted_styles_inherit_from_their_parent() -> None:
    """cell.header takes what cell sets and it does not (size), and overrides the rest."""
    theme = load_theme()
    cell, header = theme.style("cell"), theme.style("cell.header")
    assert header.size == cell.size and header.line_height == cell.line_height
    assert header.bold and not cell.bold
    assert header.fill is not None and cell.fill is None


def test_palette_names_resolve_to_hex() -> None:
    """A colour given by palette name is resolved to #RRGGBB."""
    assert load_theme().style("heading.1").colour == "#1F3864"


def test_a_theme_states_only_what_it_changes(tmp_path: Path) -> None:
    """A theme.toml holding one key is laid over the default theme."""
    folder = theme_folder(tmp_path, '[page]\nsize = "Letter"\n[styles.body]\nsize = 11\n')
    theme = load_theme(folder)
    assert theme.page.size == "Letter" and theme.page.width == 612
    assert theme.style("body").size == 11
    assert theme.style("cell").size == load_theme().style("cell").size
    assert theme.name == "mytheme"


def test_theme_by_path_string_and_copied_folder(tmp_path: Path) -> None:
    """A copied theme folder, given as a path string, loads with its own settings."""
    folder = tmp_path / "copy"
    shutil.copytree(TEMPLATES / "default", folder)
    toml = folder / "theme.toml"
    toml.write_text(toml.read_text("utf-8").replace('size = "A4"', 'size = "Letter"'), "utf-8")
    assert load_theme(str(folder)).page.size == "Letter"


def test_unknown_theme_name_lists_the_shipped_ones() -> None:
    """An unknown theme name is a ThemeError listing the shipped themes."""
    with pytest.raises(ThemeError, match=r"shipped themes: .*default"):
        load_theme("no-such-theme")


def test_fingerprint_follows_the_settings(tmp_path: Path) -> None:
    """Equal settings give equal fingerprints; a changed setting gives another."""
    assert load_theme().fingerprint == load_theme().fingerprint
    changed = load_theme(theme_folder(tmp_path, "[styles.body]\nsize = 11\n"))
    assert changed.fingerprint != load_theme().fingerprint


@pytest.mark.parametrize(
    ("toml", "key", "message"),
    [
        ("[styles.cell]\nsize = 'big'\n", "styles.cell.size", "expected a number"),
        ("[styles.cell]\nsize = true\n", "styles.cell.size", "expected a number"),
        ("[styles.cell]\nsize = 0\n", "styles.cell.size", "from 1 to 400"),
        ("[styles.cell]\nsise = 9\n", "styles.cell.sise", "unknown style property"),
        ("[styles.body]\ncolour = 'blue'\n", "styles.body.colour", "#RRGGBB"),
        ("[styles.body]\nalign = 'left'\n", "styles.body.align", "start, center, end"),
        ("[styles.body]\nbold = 'yes'\n", "styles.body.bold", "true or false"),
        ("[page]\nsize = 'A5'\n", "page.size", "A4, Letter"),
        ("[page]\nmargins_mm = { inside = 20 }\n", "page.margins_mm.inside", "unknown key"),
        ("[page]\nmargins_mm = { left = 100, right = 100 }\n", "page.margins_mm", "too little"),
        ("[page]\nmargins_mm = 20\n", "page.margins_mm", "expected a table"),
        ("[page]\nlogo = 'emblem.png'\n", "page.logo", "file not found"),
        ("[fonts]\nregular = 'Missing.ttf'\n", "fonts.regular", "file not found"),
        ("[colours]\nnavy = '#12345'\n", "colours.navy", "#RRGGBB"),
        ("colour = 'red'\n", "colour", "unknown key"),
        ("[letterhead]\nheight_mm = 40\n", "letterhead.height_mm", "unknown key"),
        ("[letterhead]\ndocx = 'letterhead.docx'\n", "letterhead.docx", "file not found"),
        ("[letterhead]\ndocx = 'letterhead.doc'\n", "letterhead.docx", ".docx or .dotx"),
        ("[letterhead]\npdf = '/etc/passwd.pdf'\n", "letterhead.pdf", "outside the theme folder"),
        ("[letterhead]\npdf = '../x.png'\n", "letterhead.pdf", "outside the theme folder"),
        ("[letterhead]\ntop_mm = 10\n", "letterhead.top_mm", "above the top margin"),
        ("[letterhead]\ntop_mm = 220\n", "letterhead.top_mm", "less than a third"),
        ("[docx]\nembed_fonts = 'yes'\n", "docx.embed_fonts", "true or false"),
        ("[docx]\ntemplate = 'ministry.dot'\n", "docx.template", ".docx or .dotx"),
    ],
)
def test_invalid_settings_name_file_and_key(
    tmp_path: Path, toml: str, key: str, message: str
) -> None:
    """A wrong value in theme.toml is a ThemeError naming the file, the key and the problem."""
    folder = theme_folder(tmp_path, toml)
    with pytest.raises(ThemeError) as info:
        load_theme(folder)
    text = str(info.value)
    assert str(folder / "theme.toml") in text
    assert f": {key}: " in text
    assert message in text


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    """A theme.toml that is not TOML is a ThemeError naming the file and the line."""
    folder = theme_folder(tmp_path, "[page\nsize = 1\n")
    with pytest.raises(ThemeError, match=r"theme\.toml: .*line 1"):
        load_theme(folder)


def test_fonts_and_logo_found_in_the_theme_folder(tmp_path: Path) -> None:
    """Font and logo files in the theme folder are used in preference to the shipped ones."""
    folder = theme_folder(tmp_path, "[page]\nlogo = 'emblem.png'\n")
    shutil.copy(load_theme().fonts.bold, folder / "DejaVuSans.ttf")
    from PIL import Image

    Image.new("RGB", (8, 8), "navy").save(folder / "emblem.png")
    theme = load_theme(folder)
    assert theme.fonts.regular == (folder / "DejaVuSans.ttf").resolve()
    assert theme.page.logo == (folder / "emblem.png").resolve()


def test_unknown_style_name_is_a_theme_error() -> None:
    """Asking for a style the theme lacks is a ThemeError naming it."""
    with pytest.raises(ThemeError, match=r"styles\.nonesuch"):
        load_theme().style("nonesuch")


def test_importing_theme_loads_no_document_library() -> None:
    """Loading a theme imports neither reportlab nor python-docx."""
    code = (
        "import sys; from briefgen.theme import load_theme; load_theme();"
        "print(sorted(m for m in ('reportlab', 'docx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- the one table of style names --------------------------------------------------------------


def test_the_style_names_are_pinned() -> None:
    """The table of named styles is the one list of style names: adding or renaming one is
    a decision that changes this test (and every theme)."""
    assert [(s.name, s.kind, s.word) for s in NAMED_STYLES] == [
        ("doctype", "paragraph", "Document Type"),
        ("title", "paragraph", "Title"),
        ("subtitle", "paragraph", "Subtitle"),
        ("body", "paragraph", "Body Text"),
        ("meta", "paragraph", "Meta"),
        ("recital", "paragraph", "Recital"),
        ("list", "paragraph", "List Text"),
        ("cell", "paragraph", "Table Text"),
        ("cell.header", "paragraph", "Table Header"),
        ("cell.section", "paragraph", "Table Section"),
        ("cell.label", "paragraph", "Table Label"),
        ("signature", "paragraph", "Signature"),
        ("marking", "paragraph", "Marking"),
        ("annex", "paragraph", "Annex"),
        ("heading.1", "heading", "heading 1"),
        ("heading.2", "heading", "heading 2"),
        ("heading.3", "heading", "heading 3"),
        ("table.grid", "table", "Brief Grid"),
        ("table.keyvalue", "table", "Brief Key Value"),
        ("table.plain", "table", "Brief Plain"),
        ("signature.rule", "part", "Signature Line"),
        ("signature.block", "part", None),
        ("tag", "part", None),
        ("change.inserted", "part", None),
        ("change.deleted", "part", None),
        ("change.bar", "part", None),
        ("page.marking", "page", "Classification"),
        ("page.watermark", "page", "Watermark"),
        ("page.header", "page", "header"),
        ("page.footer", "page", "footer"),
    ]
    assert all(s.purpose for s in NAMED_STYLES)


def test_compose_styles_are_the_paragraph_entries() -> None:
    """compose.blocks.STYLES is read from the table, not kept as a list of its own."""
    expected = tuple(s.name for s in NAMED_STYLES if s.kind == "paragraph")
    assert expected == STYLES


def test_names_and_word_names_are_unique() -> None:
    """No two entries share a name or a Word name (Word matches names without case)."""
    names = [s.name for s in NAMED_STYLES]
    words = [s.word.casefold() for s in NAMED_STYLES if s.word is not None]
    assert len(set(names)) == len(names) and len(set(words)) == len(words)


# --- one theme, one look in both formats -------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def docx_part(theme: Theme, name: str) -> etree._Element:
    package = render(sample_document(), "docx", theme)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read(name))


def pdf_of(theme: Theme) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(render(sample_document(), "pdf", theme)))


def twips(points: float) -> str:
    return str(round(points * 20))


def test_a_letter_theme_gives_letter_pages_in_both_formats(tmp_path: Path) -> None:
    """A theme folder holding only `[page] size = "Letter"` (no Word file) gives Letter
    pages in the DOCX section and in the PDF."""
    theme = load_theme(theme_folder(tmp_path, '[page]\nsize = "Letter"\n'))
    size = docx_part(theme, "word/document.xml").find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("12240", "15840")
    with pdf_of(theme) as pdf:
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {(612, 792)}


def test_a_colour_only_theme_changes_the_header_fill_in_both_formats(tmp_path: Path) -> None:
    """`[colours] header_fill = "#FFE0E0"` alone shades table headers so in the DOCX table
    styles and in the PDF."""
    theme = load_theme(theme_folder(tmp_path, '[colours]\nheader_fill = "#FFE0E0"\n'))
    styles = docx_part(theme, "word/styles.xml")
    fills = {
        shd.get(f"{{{W}}}fill")
        for shd in styles.iterfind(".//w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS)
    }
    assert fills == {"FFE0E0"}
    with pdf_of(theme) as pdf:
        colours = {
            tuple(round(c, 3) for c in rect["non_stroking_color"] or ())
            for page in pdf.pages
            for rect in page.rects
        }
    assert (1.0, round(0xE0 / 255, 3), round(0xE0 / 255, 3)) in colours


def test_margins_are_the_theme_s_in_both_formats(tmp_path: Path) -> None:
    """The DOCX page margins are the theme's millimetres, and the PDF's text keeps inside
    the same frame (nothing of the body left of the left margin or right of the right)."""
    toml = "[page]\nmargins_mm = { top = 30, bottom = 28, left = 35, right = 15 }\n"
    theme = load_theme(theme_folder(tmp_path, toml))
    page = theme.page
    margins = docx_part(theme, "word/document.xml").find(".//w:sectPr/w:pgMar", NS)
    for side, mm in (("top", 30), ("bottom", 28), ("left", 35), ("right", 15)):
        assert margins.get(f"{{{W}}}{side}") == twips(mm * 72 / 25.4)
        assert getattr(page, side) == pytest.approx(mm * 72 / 25.4)
    with pdf_of(theme) as pdf:
        first = pdf.pages[0]
        body = [
            c
            for c in first.chars
            if page.top <= c["top"] and c["bottom"] <= first.height - page.bottom
        ]
        assert body
        assert min(c["x0"] for c in body) == pytest.approx(page.left, abs=1.5)
        assert max(c["x1"] for c in body) <= first.width - page.right + 0.5


def test_the_default_look_is_the_same_in_both_formats() -> None:
    """With the shipped theme, the DOCX's margins are the PDF frame's and its fonts, sizes
    and colours the theme's (the PDF draws with the same values)."""
    theme = load_theme()
    margins = docx_part(theme, "word/document.xml").find(".//w:sectPr/w:pgMar", NS)
    for side in ("top", "bottom", "left", "right"):
        assert margins.get(f"{{{W}}}{side}") == twips(getattr(theme.page, side))
    styles = docx_part(theme, "word/styles.xml")
    title = styles.find(".//w:style[@w:styleId='Title']", NS)
    assert title.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == theme.style("title").colour[1:]
    marking = styles.find(".//w:style[@w:styleId='Classification']", NS)
    colour = theme.style("page.marking").colour[1:]
    assert marking.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == colour


# ---------------------------------------------------------------------------------------------
# Hostile theme folders (issue 19, cause 11): a ThemeError at the file and key, at once.


def _timed_theme_error(folder: Path, seconds: float = 3.0) -> str:
    """The ThemeError loading `folder` raises, within `seconds`."""
    import time

    started = time.perf_counter()
    with pytest.raises(ThemeError) as info:
        load_theme(folder)
    assert time.perf_counter() - started < seconds
    return str(info.value)


def _word_base(path: Path, styles: bytes, *, extra: int = 0) -> Path:
    """A zip holding word/styles.xml (deflated) and `extra` empty files."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/styles.xml", styles)
        for index in range(extra):
            archive.writestr(f"x/{index}", b"")
    return path


def test_a_deeply_nested_theme_toml_is_a_theme_error(tmp_path: Path) -> None:
    """Tables nested thousands deep are refused naming the key, without recursion."""
    header = ".".join(["styles"] + ["a"] * 5000)
    folder = theme_folder(tmp_path, f"[{header}]\nsize = 10\n")
    message = _timed_theme_error(folder)
    assert "theme.toml: styles.a.a" in message and "nested too deeply" in message


def test_deeply_nested_arrays_are_a_theme_error(tmp_path: Path) -> None:
    """An inline array nested past the parser's recursion is a ThemeError, not a crash."""
    folder = theme_folder(tmp_path, "description = " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "theme.toml" in _timed_theme_error(folder)


def test_a_fifo_theme_toml_does_not_hang(tmp_path: Path) -> None:
    """A FIFO named theme.toml is refused at once (no writer would ever come)."""
    import os

    folder = tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(folder / "theme.toml")
    assert "theme.toml: cannot read: not a regular file" in _timed_theme_error(folder)


def test_theme_toml_linked_to_proc_self_mem_is_a_theme_error(tmp_path: Path) -> None:
    """A theme.toml that links to /proc/self/mem (or /dev/zero) is refused, bounded."""
    for target in ("/proc/self/mem", "/dev/zero"):
        folder = tmp_path / target.replace("/", "_")
        folder.mkdir()
        (folder / "theme.toml").symlink_to(target)
        assert "theme.toml: cannot read" in _timed_theme_error(folder)


def test_an_oversized_theme_toml_is_refused_unread(tmp_path: Path) -> None:
    """A theme.toml past MAX_THEME_BYTES is refused from its size."""
    from briefgen.theme import MAX_THEME_BYTES

    folder = theme_folder(tmp_path, "# x\n" * (MAX_THEME_BYTES // 4 + 10))
    assert f"at most {MAX_THEME_BYTES:,}" in _timed_theme_error(folder)


def test_a_zip_bomb_word_base_is_refused_at_theme_load(tmp_path: Path) -> None:
    """A reference.docx whose styles part unpacks to gigabytes is refused before any record."""
    import zipfile

    folder = theme_folder(tmp_path, "")
    with (
        zipfile.ZipFile(folder / "reference.docx", "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/styles.xml", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(50):  # 50 MB of zeros packs to about 50 KB
            member.write(block)
    message = _timed_theme_error(folder, seconds=5)
    assert "reference.docx: word/styles.xml unpacks to" in message and "zip bomb" in message


def test_a_word_base_whose_sizes_lie_is_caught_while_unpacking(tmp_path: Path) -> None:
    """A styles part whose header claims a small size is counted as it unpacks."""
    import struct

    styles = b"<w:styles/>" + b" " * (9 * 1024 * 1024)
    blob = bytearray(_word_base(tmp_path / "real.docx", styles).read_bytes())
    # Forge the uncompressed size in the local header and the central directory to 1000.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = blob.index(signature)
        blob[at + offset : at + offset + 4] = struct.pack("<I", 1000)
    folder = theme_folder(tmp_path, "")
    (folder / "reference.docx").write_bytes(bytes(blob))
    message = _timed_theme_error(folder)
    assert "reference.docx: " in message and "styles.xml" in message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a zip", "not a readable Word document"),
        (None, "no word/styles.xml"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles/>', "declares entities"),
    ],
)
def test_a_word_base_that_is_no_word_document_is_a_theme_error(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    """Garbage, a zip without styles, and a styles part with a DTD are refused at load."""
    import zipfile

    folder = theme_folder(tmp_path, "")
    target = folder / "reference.docx"
    if content is None:
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("other.txt", "x")
    elif content.startswith(b"<"):
        _word_base(target, content)
    else:
        target.write_bytes(content)
    assert reason in _timed_theme_error(folder)


def test_a_word_base_with_too_many_files_is_refused(tmp_path: Path) -> None:
    """A zip of thousands of entries is refused from its directory."""
    from briefgen.theme import MAX_REFERENCE_ENTRIES

    folder = theme_folder(tmp_path, "")
    _word_base(folder / "reference.docx", b"<w:styles/>", extra=MAX_REFERENCE_ENTRIES)
    assert f"at most {MAX_REFERENCE_ENTRIES:,}" in _timed_theme_error(folder)


def test_a_fifo_word_base_is_refused(tmp_path: Path) -> None:
    """A FIFO named reference.docx never blocks the build."""
    import os

    folder = theme_folder(tmp_path, "")
    os.mkfifo(folder / "reference.docx")
    assert "reference.docx: cannot read: not a regular file" in _timed_theme_error(folder)


def test_a_good_word_base_still_loads(tmp_path: Path) -> None:
    """A small, honest reference.docx passes the checks."""
    folder = theme_folder(tmp_path, "")
    _word_base(folder / "reference.docx", b"<w:styles/>")
    assert load_theme(folder).reference_docx == folder.resolve() / "reference.docx"


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[styles]\nsize = 300\n", "styles.body.size"),
        ("[styles.body]\nsize = 200\nline_height = 4\n", "styles.body.size"),
        ("[styles.body]\nspace_before = 400\n", "styles.body.space_before"),
        ("[styles.list]\nindent = 400\n", "styles.list.indent"),
        (
            "[page.margins_mm]\nleft = 80\nright = 80\n[styles.cell]\npadding = 40\n",
            "styles.cell.padding",
        ),
    ],
)
def test_absurd_sizes_are_refused_at_their_key(tmp_path: Path, toml: str, key: str) -> None:
    """Sizes that cannot fit the page are a ThemeError naming the style's key."""
    message = _timed_theme_error(theme_folder(tmp_path, toml))
    assert f"theme.toml: {key}:" in message


def test_a_font_that_is_no_truetype_file_is_refused(tmp_path: Path) -> None:
    """A .ttf that is text, or a link to /dev/zero, is a ThemeError at fonts.<face>."""
    folder = theme_folder(tmp_path, "[fonts]\nregular = 'fake.ttf'\n")
    (folder / "fake.ttf").write_text("hello", "utf-8")
    assert "fonts.regular: fake.ttf: not a TrueType font" in _timed_theme_error(folder)
    (folder / "fake.ttf").unlink()
    (folder / "fake.ttf").symlink_to("/proc/self/mem")
    assert "theme.toml: fonts.regular: " in _timed_theme_error(folder)


def test_a_letterhead_that_is_no_pdf_is_refused_at_its_key(tmp_path: Path) -> None:
    """A letterhead.pdf that is no PDF is refused when the theme loads, naming the key."""
    folder = theme_folder(tmp_path, "[letterhead]\npdf = 'letterhead.pdf'\n")
    (folder / "letterhead.pdf").write_bytes(b"<html>not a pdf</html>")
    assert "theme.toml: letterhead.pdf: letterhead.pdf: not a PDF file" in _timed_theme_error(
        folder
    )


def test_a_fifo_letterhead_is_refused(tmp_path: Path) -> None:
    """A FIFO named as the Word letterhead never blocks the build."""
    import os

    folder = theme_folder(tmp_path, "[letterhead]\ndocx = 'letterhead.docx'\n")
    os.mkfifo(folder / "letterhead.docx")
    assert "letterhead.docx: 'letterhead.docx' is not a regular file" in _timed_theme_error(folder)


def test_a_zip_bomb_letterhead_is_refused_at_theme_load(tmp_path: Path) -> None:
    """A Word letterhead whose header unpacks to gigabytes is refused before any record."""
    import zipfile

    folder = theme_folder(tmp_path, "[letterhead]\ndocx = 'letterhead.docx'\n")
    with zipfile.ZipFile(folder / "letterhead.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "word/document.xml", "word/_rels/document.xml.rels"):
            archive.writestr(name, "<x/>")
        with archive.open("word/header1.xml", "w", force_zip64=True) as member:
            for _ in range(20):
                member.write(b"\0" * (1 << 20))
    message = _timed_theme_error(folder)
    assert "letterhead.docx: letterhead.docx: word/header1.xml unpacks to" in message
    assert "zip bomb" in message


def test_a_letterhead_theme_loads_its_files(tmp_path: Path) -> None:
    """A theme naming a Word and a PDF letterhead and top_mm loads them as resolved paths."""
    from tests.letterheads import TOP_MM, letterhead_theme

    folder = letterhead_theme(tmp_path / "ministry").resolve()
    letterhead = load_theme(folder).letterhead
    assert letterhead is not None
    assert letterhead.docx == folder / "letterhead.docx"
    assert letterhead.pdf == folder / "letterhead.pdf"
    assert letterhead.top == pytest.approx(TOP_MM * 72 / 25.4)
    assert load_theme().letterhead is None
