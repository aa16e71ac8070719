"""The theme's fonts embedded in the DOCX as Word embeds them (`render/docx/fonts.py`):
obfuscated parts, the font table's keys, the setting that keeps them, and the theme option
that turns them off."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefgen.errors import ThemeError
from briefgen.render import render
from briefgen.render.docx.fonts import obfuscate
from briefgen.theme import FONTS, load_theme
from tests.sample_documents import sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
FACES = {
    "embedRegular": "DejaVuSans.ttf",
    "embedBold": "DejaVuSans-Bold.ttf",
    "embedItalic": "DejaVuSans-Oblique.ttf",
    "embedBoldItalic": "DejaVuSans-BoldOblique.ttf",
}


@pytest.fixture(scope="module")
def docx() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(render(sample_document(), "docx", load_theme())))


def test_obfuscation_touches_the_first_32_bytes_and_undoes_itself() -> None:
    """XOR with the reversed key: the head changes, the rest stays, twice is the identity."""
    font = (FONTS / "DejaVuSans.ttf").read_bytes()
    key = "{0D7F3C52-6C1E-4D8E-9A55-4B1F0E6A2C11}"
    hidden = obfuscate(font, key)
    assert hidden[:32] != font[:32] and hidden[32:] == font[32:]
    assert obfuscate(hidden, key) == font
    # ECMA-376: byte 0 is XORed with the key's last byte, byte 15 with its first.
    assert hidden[0] == font[0] ^ 0x11 and hidden[15] == font[15] ^ 0x0D


def test_the_four_faces_are_embedded_under_their_keys(docx: zipfile.ZipFile) -> None:
    """The font table names each face with a relationship and a key; the part it leads to,
    de-obfuscated with that key, is the theme's font file byte for byte."""
    table = etree.fromstring(docx.read("word/fontTable.xml"))
    rels = etree.fromstring(docx.read("word/_rels/fontTable.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    found = {}
    for element, file in FACES.items():
        embed = table.find(f".//w:{element}", NS)
        assert embed is not None, element
        part = docx.read(f"word/{targets[embed.get(f'{{{R}}}id')]}")
        found[element] = obfuscate(part, embed.get(f"{{{W}}}fontKey", ""))
        assert found[element] == (FONTS / file).read_bytes(), element
    assert len(found) == 4


def test_word_is_told_to_keep_the_embedded_fonts(docx: zipfile.ZipFile) -> None:
    """settings.xml asks Word to keep TrueType fonts embedded; each part has its content type."""
    settings = etree.fromstring(docx.read("word/settings.xml"))
    assert settings.find("w:embedTrueTypeFonts", NS) is not None
    types = docx.read("[Content_Types].xml").decode()
    for name in docx.namelist():
        if name.endswith(".odttf"):
            assert (
                f'PartName="/{name}" '
                'ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"'
            ) in types


def test_embed_fonts_false_leaves_them_out(tmp_path: Path) -> None:
    """`[docx] embed_fonts = false` gives a DOCX without font parts, keys or the setting."""
    folder = tmp_path / "lean"
    folder.mkdir()
    (folder / "theme.toml").write_text("[docx]\nembed_fonts = false\n", encoding="utf-8")
    blob = render(sample_document(), "docx", load_theme(folder))
    with zipfile.ZipFile(io.BytesIO(blob)) as lean:
        assert not [name for name in lean.namelist() if name.startswith("word/fonts/")]
        assert b"embedRegular" not in lean.read("word/fontTable.xml")
        assert b"embedTrueTypeFonts" not in lean.read("word/settings.xml")
    assert len(blob) < 100_000


def test_a_font_whose_licence_forbids_embedding_is_a_theme_error(tmp_path: Path) -> None:
    """A face whose OS/2 fsType says "restricted licence" is refused at its key, with the way
    out named."""
    folder = tmp_path / "restricted"
    folder.mkdir()
    data = bytearray((FONTS / "DejaVuSans.ttf").read_bytes())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"OS/2":
            data[offset + 8 : offset + 10] = struct.pack(">H", 0x0002)
    (folder / "Restricted.ttf").write_bytes(bytes(data))
    (folder / "theme.toml").write_text('[fonts]\nregular = "Restricted.ttf"\n', encoding="utf-8")
    with pytest.raises(ThemeError, match=r"fonts\.regular: Restricted\.ttf: its licence forbids"):
        render(sample_document(), "docx", load_theme(folder))
