"""The DOCX package: a deterministic zip of pre-compressed parts, content types, relationships.

A static part (styles, settings, font table) is deflated once per theme and process and
copied into every document as it is; every member has the same fixed date and attributes, and
the core properties carry the record's date, never the clock's: the same Document always
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from lxml import etree

from briefgen.compose.blocks import Document
from briefgen.render.docx.markup import OFFICE, RT, WML, xml
from briefgen.text import sanitise

_PKG_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
_EPOCH: Final = dt.date(1980, 1, 1)

# 1980-01-01 00:00:00 in MS-DOS date/time, the earliest a zip can hold: no clock leaks in.
_DOS_DATE: Final = (0 << 9) | (1 << 5) | 1
_DOS_TIME: Final = 0
_EXTERNAL_ATTR: Final = 0o100644 << 16
_MADE_BY: Final = (3 << 8) | 20  # Unix, zip spec 2.0: what zipfile writes


class Entry(NamedTuple):
    """One zip member, already compressed, so a static part is deflated once per process."""

    name: bytes
    method: int  # 8 deflate, 0 stored
    crc: int
    size: int
    data: bytes


def entry(name: str, data: bytes, *, deflate: bool = True) -> Entry:
    """A zip member of `data`, deflated (or stored, for what is compressed already)."""
    if deflate:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        return Entry(name.encode("ascii"), 8, zlib.crc32(data), len(data), packed)
    return Entry(name.encode("ascii"), 0, zlib.crc32(data), len(data), data)


def zip_entries(entries: Iterable[Entry]) -> bytes:
    """The bytes of a zip holding `entries` in order, with fixed dates and attributes."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for e in entries:
        local = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            e.method,
            _DOS_TIME,
            _DOS_DATE,
            e.crc,
            len(e.data),
            e.size,
            len(e.name),
            0,
        )
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                _MADE_BY,
                20,
                0,
                e.method,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
            + e.name
        )
        chunks += (local, e.name, e.data)
        offset += len(local) + len(e.name) + len(e.data)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def relationships(rels: Iterable[tuple[str, str, str]]) -> bytes:
    """A relationships part from (id, type, target) triples."""
    root = etree.fromstring(f'<Relationships xmlns="{_PKG_RELS}"/>')
    for rid, rtype, target in rels:
        etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship", Id=rid, Type=rtype, Target=target)
    return xml(root)


#: Header and footer parts every document has: (part name, content type's kind).
FURNITURE_PARTS: Final = (
    ("word/header1.xml", "header"),
    ("word/header2.xml", "header"),
    ("word/footer1.xml", "footer"),
    ("word/footer2.xml", "footer"),
)


def content_types(extensions: Sequence[str], overrides: Iterable[tuple[str, str]]) -> Entry:
    """`[Content_Types].xml`: the picture types `extensions`, our parts and `overrides`."""
    root = etree.fromstring(f'<Types xmlns="{_CT}"/>')
    defaults = [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ]
    defaults += [(ext, f"image/{ext}") for ext in extensions]
    for ext, ctype in defaults:
        etree.SubElement(root, f"{{{_CT}}}Default", Extension=ext, ContentType=ctype)
    named = [
        ("/docProps/app.xml", f"{OFFICE}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/word/document.xml", f"{WML}.document.main+xml"),
    ]
    named += [(f"/{name}", f"{WML}.{kind}+xml") for name, kind in FURNITURE_PARTS]
    named += overrides
    for name, ctype in named:
        etree.SubElement(root, f"{{{_CT}}}Override", PartName=name, ContentType=ctype)
    return entry("[Content_Types].xml", xml(root))


PACKAGE_RELS: Final = entry(
    "_rels/.rels",
    relationships(
        (
            ("rId1", f"{RT}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{RT}/extended-properties", "docProps/app.xml"),
        )
    ),
)
APP: Final = entry(
    "docProps/app.xml",
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>briefgen</Application></Properties>',
)

_CP: Final = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC: Final = "http://purl.org/dc/elements/1.1/"
_DCTERMS: Final = "http://purl.org/dc/terms/"
_XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"


def core_properties(document: Document) -> Entry:
    """`docProps/core.xml` from the Document's meta; the date is the record's."""
    meta = document.meta
    root = etree.Element(
        f"{{{_CP}}}coreProperties",
        nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI},
    )
    for ns, tag, value in (
        (_DC, "title", meta.title),
        (_DC, "subject", meta.subject),
        (_DC, "creator", meta.author),
        (_CP, "keywords", ", ".join(meta.keywords)),
        (_DC, "language", meta.language),
    ):
        if value:
            etree.SubElement(root, f"{{{ns}}}{tag}").text = sanitise(value)
    # The date is the record's, never the clock's: the same record gives the same file.
    stamp = f"{(meta.created or _EPOCH).isoformat()}T00:00:00Z"
    for tag in ("created", "modified"):
        el = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}")
        el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        el.text = stamp
    return entry("docProps/core.xml", xml(root))
