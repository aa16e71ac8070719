"""What the comparison tests share: the two versions of the example plan, and a DOCX with
tracked changes resolved as Word's "accept all" or "reject all" would."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "inputs" / "az-uz-2026" / "plan-az-en.yaml"
NEW = ROOT / "rounds" / "az-uz-2026" / "plan-az-en-v0.4.yaml"
#: A second round, in Arabic, English and Azerbaijani, of a plan whose area cells span rows.
OLD_AR = ROOT / "inputs" / "az-ps-2026" / "plan-ar.yaml"
NEW_AR = ROOT / "rounds" / "az-ps-2026" / "plan-ar-v0.2.yaml"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def resolve(data: bytes, *, accept: bool) -> bytes:
    """The document.xml body of a DOCX with every tracked change accepted (or rejected):
    what is inserted kept and what is deleted dropped (or the reverse), marks removed."""
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for row in list(body.iter(_w("tr"))):
        if row.find(f"{_w('trPr')}/{_w(drop)}") is not None:
            row.getparent().remove(row)
    merged = [
        para
        for para in body.iter(_w("p"))
        if para.find(f"{_w('pPr')}/{_w('rPr')}/{_w(drop)}") is not None
    ]
    for element in list(body.iter(_w(drop))):
        if element.getparent().tag != _w("rPr"):
            element.getparent().remove(element)
    # As Word does: a paragraph whose mark goes joins what is left of it to the next one.
    for para in merged:
        following = para.getnext()
        left = [child for child in para if child.tag != _w("pPr")]
        if left and following is not None and following.tag == _w("p"):
            at = 1 if following.find(_w("pPr")) is not None else 0
            for child in reversed(left):
                following.insert(at, child)
        para.getparent().remove(para)
    for element in list(body.iter(_w(keep))):
        parent = element.getparent()
        if parent.tag in (_w("trPr"), _w("rPr")):
            parent.remove(element)
            continue
        at = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(at, child)
        parent.remove(element)
    for deleted in list(body.iter(_w("delText"))):
        deleted.tag = _w("t")
    for table in list(body.iter(_w("tbl"))):
        if table.find(_w("tr")) is None:
            table.getparent().remove(table)
    return etree.tostring(body)


def body_of(data: bytes) -> bytes:
    """The document.xml body of a DOCX as it stands."""
    import docx

    return etree.tostring(docx.Document(io.BytesIO(data)).element.body)


def paragraphs(body: bytes) -> list[str]:
    """The text of every paragraph that has any, in document order (table cells included)."""
    root = etree.fromstring(body)
    out = []
    for para in root.iter(_w("p")):
        text = "".join(
            node.text or "" if node.tag == _w("t") else "\t" if node.tag == _w("tab") else "\n"
            for node in para.iter(_w("t"), _w("tab"), _w("br"))
        )
        if text.strip():
            out.append(text)
    return out


def marks(body: bytes, kind: str) -> list[etree._Element]:
    """Every w:ins or w:del element of a body."""
    return list(etree.fromstring(body).iter(_w(kind)))
