"""The theme's fonts embedded in the DOCX, as Word embeds TrueType fonts (ECMA-376 17.8.1).

Each face of the theme's family (regular, bold, italic, bold italic) becomes a part
`word/fonts/fontN.odttf`: the font file with its first 32 bytes XORed with a key, the GUID
that the font table names beside it (`w:embedRegular w:fontKey="{...}"`), its bytes reversed.
The GUID is derived from the font's own bytes (a name-based UUID), so the same font always
gives the same part and the DOCX stays byte-identical. A font whose licence forbids
embedding (OS/2 fsType "restricted") is refused with a ThemeError naming its key.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from pathlib import Path
from typing import Final, NamedTuple

from briefgen.errors import ThemeError
from briefgen.theme import Theme

__all__ = ["FONT_CONTENT_TYPE", "FONT_RELATIONSHIP", "EmbeddedFont", "embedded_fonts", "obfuscate"]

FONT_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
)
#: Any fixed namespace: the key of a font is uuid5(_NAMESPACE, sha256 of its bytes).
_NAMESPACE: Final = uuid.UUID("0d7f3c52-6c1e-4d8e-9a55-4b1f0e6a2c11")
#: The faces in the order of the font table's elements (CT_Font's sequence).
_FACES: Final = (
    ("regular", "embedRegular", False, False),
    ("bold", "embedBold", True, False),
    ("italic", "embedItalic", False, True),
    ("bold_italic", "embedBoldItalic", True, True),
)
_RESTRICTED: Final = 0x0002


class EmbeddedFont(NamedTuple):
    """One face: the font table's element, its relationship id and key, and the part."""

    element: str  # embedRegular, embedBold, ...
    rid: str
    key: str  # "{GUID}"
    name: str  # word/fonts/fontN.odttf
    data: bytes  # obfuscated


def obfuscate(font: bytes, key: str) -> bytes:
    """The font's bytes with the first 32 XORed with the key's 16 bytes in reverse order;
    the same function undoes it."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ guid[i % 16] for i, byte in enumerate(font[:32]))
    return head + font[32:]


def embedded_fonts(theme: Theme) -> list[EmbeddedFont]:
    """The theme's four faces as Word's embedded fonts (none when `embed_fonts` is off)."""
    if not theme.word.embed_fonts:
        return []
    out = []
    for number, (face, element, bold, italic) in enumerate(_FACES, start=1):
        path = theme.fonts.face(bold=bold, italic=italic)
        data = path.read_bytes()
        _check_licence(theme, face, path, data)
        key = "{" + str(uuid.uuid5(_NAMESPACE, hashlib.sha256(data).hexdigest())).upper() + "}"
        out.append(
            EmbeddedFont(
                element,
                f"rIdFont{number}",
                key,
                f"word/fonts/font{number}.odttf",
                obfuscate(data, key),
            )
        )
    return out


def _check_licence(theme: Theme, face: str, path: Path, data: bytes) -> None:
    """Refuse a face whose OS/2 table says its licence forbids embedding."""
    try:
        count = struct.unpack(">H", data[4:6])[0]
        for i in range(count):
            tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            if tag == b"OS/2":
                fs_type = struct.unpack(">H", data[offset + 8 : offset + 10])[0]
                break
        else:
            return
    except struct.error as exc:
        raise ThemeError(f"{theme.source}: fonts.{face}: {path.name}: unreadable ({exc})") from exc
    if fs_type & 0x000F == _RESTRICTED:
        raise ThemeError(
            f"{theme.source}: fonts.{face}: {path.name}: its licence forbids embedding it in "
            "documents; set embed_fonts = false under [docx]"
        )
