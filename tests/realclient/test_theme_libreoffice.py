"""LibreOffice lays out what a ministry's theme puts in the DOCX: the Word letterhead on the
first page with the body below `top_mm`, the embedded fonts (used even where the machine
lacks them), and a document based on a ministry's .dotx."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from briefgen.render import render
from briefgen.theme import FONTS, load_theme
from tests.letterheads import ADDRESS, LATER, MINISTRY, REPUBLIC, TOP_MM, letterhead_theme
from tests.realclient.test_docx_libreoffice import convert
from tests.render.test_docx_template import ministry_template
from tests.sample_documents import sample_document

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]
MM = 72 / 25.4


def test_libreoffice_shows_the_letterhead_on_page_1_and_the_body_below_it(
    tmp_path: Path,
) -> None:
    """Page 1 shows the marking at the top edge, then the letterhead's names, the body from
    top_mm down, and the address; page 2 shows the letterhead's other header instead."""
    folder = letterhead_theme(tmp_path / "ministry")
    docx = tmp_path / "brief.docx"
    docx.write_bytes(render(sample_document(), "docx", load_theme(folder)))
    with pdfplumber.open(convert(docx, tmp_path)) as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        text = first.extract_text()
        words = first.extract_words()
        later = second.extract_text()
    for line in (REPUBLIC, MINISTRY, ADDRESS):
        assert line in text
    assert MINISTRY not in later and LATER in later
    marking = next(w for w in words if w["text"] == "OFFICIAL")
    ministry = next(w for w in words if w["text"] == "MINISTRY")
    assert marking["bottom"] < ministry["top"] < TOP_MM * MM
    furniture = set(" ".join((REPUBLIC, MINISTRY, ADDRESS, "FOR OFFICIAL USE ONLY")).split())
    body = [w["top"] for w in words if w["text"] not in furniture and w["top"] < 250 * MM]
    assert TOP_MM * MM - 2 <= min(body) <= TOP_MM * MM + 12


def renamed_fonts(folder: Path) -> Path:
    """DejaVu Sans under a family name no machine has ("Zqxjvu Sans"), as a theme."""
    folder.mkdir()
    names = {}
    for face in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        data = bytearray((FONTS / f"{face}.ttf").read_bytes())
        count = struct.unpack(">H", data[4:6])[0]
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            if tag == b"name":  # same length, so the table's offsets stay right
                table = bytes(data[offset : offset + length])
                table = table.replace("DejaVu".encode("utf-16-be"), "Zqxjvu".encode("utf-16-be"))
                data[offset : offset + length] = table.replace(b"DejaVu", b"Zqxjvu")
        name = face.replace("DejaVu", "Zqxjvu") + ".ttf"
        (folder / name).write_bytes(bytes(data))
        names[face] = name
    (folder / "theme.toml").write_text(
        "[fonts]\n"
        f'regular = "{names["DejaVuSans"]}"\nbold = "{names["DejaVuSans-Bold"]}"\n'
        f'italic = "{names["DejaVuSans-Oblique"]}"\n'
        f'bold_italic = "{names["DejaVuSans-BoldOblique"]}"\n',
        encoding="utf-8",
    )
    return folder


def fonts_of(pdf: Path) -> set[str]:
    """The base names of the fonts a PDF uses (subset prefixes dropped)."""
    found = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return {line.split()[0].split("+")[-1] for line in found.stdout.splitlines()[2:] if line}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_libreoffice_uses_the_embedded_font_the_machine_lacks(tmp_path: Path) -> None:
    """A family installed nowhere prints in its own face when embedded, and is replaced by
    another when `embed_fonts = false`: the embedded fonts are what LibreOffice uses."""
    folder = renamed_fonts(tmp_path / "zq")
    embedded = tmp_path / "embedded" / "brief.docx"
    embedded.parent.mkdir()
    embedded.write_bytes(render(sample_document(), "docx", load_theme(folder)))
    used = fonts_of(convert(embedded, embedded.parent))
    assert "ZqxjvuSans" in used and "ZqxjvuSans-Bold" in used

    with (folder / "theme.toml").open("a", encoding="utf-8") as toml:
        toml.write("[docx]\nembed_fonts = false\n")
    lean = tmp_path / "lean" / "brief.docx"
    lean.parent.mkdir()
    lean.write_bytes(render(sample_document(), "docx", load_theme(folder)))
    assert not {name for name in fonts_of(convert(lean, lean.parent)) if "Zqxjvu" in name}


def test_libreoffice_opens_a_document_based_on_a_ministry_dotx(tmp_path: Path) -> None:
    """A DOCX whose styles come from a .dotx opens and prints its text."""
    folder = tmp_path / "ministry"
    folder.mkdir()
    ministry_template(folder / "ministry.dotx")
    (folder / "theme.toml").write_text('[docx]\ntemplate = "ministry.dotx"\n', encoding="utf-8")
    docx = tmp_path / "brief.docx"
    docx.write_bytes(render(sample_document(), "docx", load_theme(folder)))
    with pdfplumber.open(convert(docx, tmp_path)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Kamaladdin Heydarov" in text and "Oʻzbekiston" in text
