"""What an archive or a signing ministry asks of a finished PDF: PDF/A-2b and signature fields.

A post-processing step on the bytes reportlab wrote (`finish`), kept apart from the layout so
that other finishing steps can stand beside it. It uses pikepdf (qpdf), and its `pdfa`
module to prepare and to check the file:

- `make_pdfa`: PDF/A-2b. pikepdf's `prepare` adds the sRGB OutputIntent (the ICC profile
  ships with pikepdf) and the XMP metadata (pdfaid part 2, conformance B, title and author
  from the document information); reportlab's empty `/Trans` on every page, which the check
  cannot vouch for, is removed; every date (document information and XMP, the metadata date
  included) is the record's date, and the file id is derived from the content, so the same
  Document gives the same bytes in any process. The written bytes are validated; a file that
  does not pass is a RenderError naming each finding, never a file that claims PDF/A and is
  not. Fonts need no work: the renderer embeds (subsets of) the theme's TrueType faces only.
- `add_signature_fields`: one empty signature field per signatory, named `sig-<party id>`,
  over the room to sign above that party's signature line (the positions the layout noted
  while drawing, `SignatureLine`), so each side signs in its own PDF reader. PDF/A-2b allows
  such fields; pikepdf's checker does not examine forms at all (it stops at /AcroForm as
  "unsupported"), so the document is checked before the fields are added, and the fields are
  written to PDF/A-2b's rules by construction: a printable widget with an appearance stream
  each, no XFA, no NeedAppearances (the tests hold them to it).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from briefgen.compose.blocks import Document, Meta, SignatureBlock
from briefgen.errors import RenderError
from briefgen.render.pdf.layout import SignatureLine

__all__ = ["FIELD_PREFIX", "PDFA_FLAVOUR", "add_signature_fields", "field_name", "finish"]

#: The PDF/A part and conformance level written (ISO 19005-2, level B).
PDFA_FLAVOUR = "2b"
#: Signature fields are named this, then the party's id: `sig-az`.
FIELD_PREFIX = "sig-"
#: The date of a document whose record has none (reportlab's invariant date).
_NO_DATE = dt.date(2000, 1, 1)
#: Annotation flag Print (PDF 32000-1, table 165): PDF/A wants it on every widget.
_PRINT = 4


def field_name(party: str) -> str:
    """The name of the signature field of `party`."""
    return f"{FIELD_PREFIX}{party}"


def finish(
    data: bytes,
    document: Document,
    *,
    pdfa: bool,
    signature_lines: Sequence[SignatureLine] | None,
) -> bytes:
    """`data` (a PDF the renderer wrote for `document`), with `pdfa` made and checked
    PDF/A-2b, then with signature fields over `signature_lines` (None: no fields)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdfa:
            checked = make_pdfa(pdf, document.meta)
            if signature_lines is None:
                return checked
            settings = _pdfa_settings()
        else:
            settings = {"deterministic_id": True}
        if signature_lines is not None:
            add_signature_fields(pdf, document, signature_lines)
        buffer = io.BytesIO()
        pdf.save(buffer, **settings)
    return buffer.getvalue()


def _signatories(document: Document) -> Iterator[str]:
    for block in document.blocks:
        if isinstance(block, SignatureBlock):
            yield from (sig.party for sig in block.signatures if sig.party)


def add_signature_fields(pdf: Pdf, document: Document, lines: Sequence[SignatureLine]) -> None:
    """An empty signature field over each signatory's line (see the module docstring)."""
    where = {line.party: line for line in lines}  # a party signs once; the last drawing wins
    fields: list[Dictionary] = []
    for party in dict.fromkeys(_signatories(document)):
        line = where.get(party)
        if line is None:  # a signature block reportlab split: no position was noted
            raise RenderError(
                f"{document.meta.id}: no signature line of party {party!r} was drawn; "
                "cannot place its signature field"
            )
        page = pdf.pages[line.page - 1]
        width, height = line.x1 - line.x0, line.room
        appearance = pdf.make_stream(
            b"",
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array([0, 0, width, height]),
            Resources=Dictionary(),
        )
        widget = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Sig,
                T=String(field_name(party)),
                Rect=Array([line.x0, line.y, line.x1, line.y + height]),
                F=_PRINT,
                P=page.obj,
                AP=Dictionary(N=appearance),
            )
        )
        if Name.Annots not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(widget)
        fields.append(widget)
    if fields:
        pdf.Root.AcroForm = pdf.make_indirect(Dictionary(Fields=Array(fields)))


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _pdfa_settings() -> dict[str, Any]:
    import pikepdf.pdfa

    settings: dict[str, Any] = pikepdf.pdfa.resolve_save_kwargs(PDFA_FLAVOUR, deterministic_id=True)
    return settings


def make_pdfa(pdf: Pdf, meta: Meta) -> bytes:
    """Make `pdf` PDF/A-2b and return its bytes, checked (see the module docstring); a
    RenderError naming every finding when they do not pass."""
    import pikepdf.pdfa

    when = dt.datetime.combine(meta.created or _NO_DATE, dt.time(), tzinfo=dt.UTC)
    for page in pdf.pages:
        if Name.Trans in page.obj and not page.obj.Trans.keys():
            del page.obj.Trans  # reportlab's empty page transition: nothing, but unchecked
    pdf.docinfo[Name.CreationDate] = String(_pdf_date(when))
    pdf.docinfo[Name.ModDate] = String(_pdf_date(when))
    pikepdf.pdfa.prepare(pdf, PDFA_FLAVOUR)
    # prepare stamps the clock into xmp:MetadataDate; the record's date keeps the bytes equal.
    stamp = when.isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            xmp[key] = stamp
    settings = _pdfa_settings()
    written = io.BytesIO()
    pdf.save(written, **settings)
    written.seek(0)
    report = pikepdf.pdfa.validate_written(written, PDFA_FLAVOUR, save_kwargs=settings)
    if not report.passed:
        shown = "; ".join(str(finding) for finding in report.findings) or report.verdict
        raise RenderError(
            f"{meta.id}: the PDF is not PDF/A-{PDFA_FLAVOUR.upper()}, so none was written: {shown}"
        )
    return written.getvalue()
