"""Signing a finished PDF (PAdES) and verifying its signatures, with pyHanko.

What `briefgen sign` and `briefgen verify` do. pyHanko is the optional extra
`briefgen[sign]`; without it each entry point is a SignError saying how to install it.

- `sign`: a PAdES signature (CMS, /ETSI.CAdES.detached, SHA-256) appended to the PDF as an
  incremental update, so signatures made before stay valid. It goes into a named empty field
  (`sig-az`, as `build --signature-fields` makes them) or, without a field, into a new
  invisible one. A visible field gets a stamp (the signer's name and the time) in the theme's
  regular face, embedded (pyHanko's default Courier is not embedded and cannot print ə or
  Arabic). The key and certificate are read with `cryptography` first, so each problem is
  said plainly: no key, a wrong or missing password, a certificate that is not the key's, a
  field that is missing or already signed; nothing is written then, and the input is only
  ever read.
- `verify`: each signature's signer, time, whether it is intact (the signed bytes are
  unchanged), whether the signer is trusted (a chain to one of the certificates given as
  trust roots, checked offline), and whether the document was changed after it was signed
  and how (a later signature or form filling is allowed; anything else is not).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from briefgen.errors import SignError
from briefgen.output import write_atomic

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
    from cryptography.x509 import Certificate

    from briefgen.theme import Theme

__all__ = [
    "INSTALL",
    "Verified",
    "load_certificates",
    "load_key",
    "needs_password",
    "sign",
    "verify",
]

#: How to get what signing needs.
INSTALL = "signing needs pyHanko: pip install 'briefgen[sign]'"

#: The name of a new invisible field: this, then a number not yet taken.
NEW_FIELD = "signature-"


def _require() -> None:
    from importlib.util import find_spec

    if any(find_spec(name) is None for name in ("pyhanko", "pyhanko_certvalidator", "uharfbuzz")):
        raise SignError(INSTALL)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SignError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None


def load_key(path: Path, password: bytes | None) -> PrivateKeyTypes:
    """The private key in `path` (PEM or DER, encrypted or not); SignError naming the file
    for a file that holds none, a missing password or a wrong one. A password given for a
    key that has none is not needed, and not an error."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    data = _read(path, "key")
    pem = b"-----BEGIN" in data
    load = serialization.load_pem_private_key if pem else serialization.load_der_private_key

    def encrypted() -> bool:  # cryptography's TypeError: a password is wanted
        try:
            load(data, None)
        except TypeError:
            return True
        except (ValueError, UnsupportedAlgorithm):
            return False
        return False

    try:
        return load(data, password)
    except TypeError:
        if password is None:
            raise SignError(
                f"{path}: the key is encrypted: give its password (--password-env VAR, or "
                "type it when asked)"
            ) from None
        return load(data, None)  # a password for a key without one
    except ValueError:
        if password is not None and encrypted():
            raise SignError(f"{path}: wrong password for this key") from None
        raise SignError(f"{path}: not a private key (PEM or DER) briefgen can read") from None
    except UnsupportedAlgorithm as exc:
        raise SignError(f"{path}: a key of a kind briefgen cannot sign with: {exc}") from None


def pikepdf_errors() -> tuple[type[Exception], ...]:
    """What pikepdf raises for a file that is no readable PDF."""
    import pikepdf

    return (pikepdf.PdfError, ValueError)


def needs_password(path: Path) -> bool:
    """Whether the key in `path` is encrypted (False also for a file that holds no key: the
    signing says what is wrong with it)."""
    try:
        load_key(path, None)
    except SignError as exc:
        return "is encrypted" in str(exc)
    return False


def load_certificates(path: Path) -> list[Certificate]:
    """The certificates in `path` (PEM, one or more, or DER); SignError when there is none."""
    from cryptography import x509

    data = _read(path, "certificate")
    try:
        if b"-----BEGIN" in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise SignError(f"{path}: not an X.509 certificate (PEM or DER)") from None
    return certificates


def _public(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    blob: bytes = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return blob


def _subject(certificate: Certificate) -> str:
    return certificate.subject.rfc4514_string() or "(no subject)"


def sign(
    source: Path,
    out: Path,
    *,
    key: Path,
    cert: Path,
    theme: Theme,
    field: str | None = None,
    password: bytes | None = None,
    chain: Sequence[Path] = (),
) -> str:
    """Sign the PDF `source` into `out` (see the module docstring) and return the name of
    the field signed. `chain`: certificate files of the CAs between the signer and a root,
    put into the signature. Raises SignError, writing nothing, for any problem."""
    _require()
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if out.resolve() == source.resolve():
        raise SignError(f"{out}: would overwrite the PDF being signed; give another -o file")
    data = _read(source, "PDF")
    private = load_key(key, password)
    try:
        part = _pdfa_part(data)
    except pikepdf_errors() as exc:
        raise SignError(f"{source}: not a PDF briefgen can sign: {exc}") from None
    archival = part is not None and part <= 3  # PDF/A-4 is PDF 2.0 already
    if archival and not isinstance(private, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SignError(
            f"{key}: a {type(private).__name__.removeprefix('_')} key signs in PDF 2.0 only, "
            f"which {source} (PDF/A) does not allow; sign with an RSA or ECDSA key"
        )
    (certificate, *_) = load_certificates(cert)
    if _public(private.public_key()) != _public(certificate.public_key()):
        raise SignError(
            f"{cert}: this certificate ({_subject(certificate)}) is not for the key in {key}"
        )
    others = [c for path in chain for c in load_certificates(path)]
    pkcs8 = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )

    def der(c: Certificate) -> Any:
        return asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))

    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple([der(c) for c in others])
    signer = signers.SimpleSigner(
        signing_cert=der(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=registry,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        existing = {name: value for name, value, _ in fields.enumerate_sig_fields(writer.prev)}
    except (PdfError, ValueError) as exc:
        raise SignError(f"{source}: not a PDF briefgen can sign: {exc}") from None
    spec = None
    if field is None:
        number = 1
        while f"{NEW_FIELD}{number}" in existing:
            number += 1
        field = f"{NEW_FIELD}{number}"
        spec = fields.SigFieldSpec(sig_field_name=field)  # no box: invisible
    elif field not in existing:
        named = ", ".join(sorted(existing)) or "none"
        raise SignError(
            f"{source}: no signature field {field!r} (its fields: {named}); build the PDF "
            "with --signature-fields, or leave out --field for an invisible signature"
        )
    elif existing[field] is not None:
        raise SignError(f"{source}: the field {field!r} is already signed")
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    output = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="briefgen-sign-") as folder:
        font = Path(folder) / "stamp.ttf"
        font.write_bytes(stamp_font(theme.fonts.regular, _common_name(certificate)))
        style = TextStampStyle(
            stamp_text="%(signer)s\n%(ts)s",
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font))),
            border_width=0,
        )
        maker = _archival_signer() if archival else signers.PdfSigner
        try:
            maker(meta, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(
                writer, output=output
            )
        except (SigningError, PdfError) as exc:
            raise SignError(f"{source}: cannot sign {field!r}: {exc}") from None
    if archival and _pdf_version(output.getvalue()) >= (2, 0):
        raise SignError(f"{source}: signing made the PDF 2.0, which PDF/A-2 does not allow")
    try:
        write_atomic(out, output.getvalue())
    except OSError as exc:
        raise SignError(f"{out}: cannot write the signed PDF: {exc.strerror or exc}") from None
    return field


def _pdfa_part(data: bytes) -> int | None:
    """The PDF/A part the PDF's XMP metadata declares, or None."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as xmp:
        part = xmp.get("pdfaid:part")
    return int(part) if part and str(part).isdigit() else None


def _pdf_version(data: bytes) -> tuple[int, int]:
    """The PDF version a reader sees: the header's, or the catalog's /Version if later."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        versions = [pdf.pdf_version, str(pdf.Root.get("/Version", "/1.0")).lstrip("/")]
    major, minor = max(tuple(int(x) for x in v.split(".")[:2]) for v in versions)
    return major, minor


def _archival_signer() -> Any:
    """pyHanko's PdfSigner, less one step for a PDF/A-1, -2 or -3 file.

    pyHanko marks an ECDSA signature on the usual curves with ISO 32002's extension, which
    belongs to PDF 2.0, and so raises the document's version to 2.0; PDF/A-2 allows only
    PDF 1.x. The signature itself is PAdES either way (ECDSA is a PAdES algorithm, and PDF
    1.7 readers verify it): for an archival file only the ESIC extension PAdES asks for in
    PDF 1.7 is registered.
    """
    from pyhanko.sign import signers
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class ArchivalSigner(signers.PdfSigner):
        def register_extensions(self, pdf_out: Any, *, md_algorithm: str) -> None:
            pdf_out.ensure_output_version(version=(1, 7))
            pdf_out.register_extension(ESIC_EXTENSION_1)

    return ArchivalSigner


def _common_name(certificate: Certificate) -> str:
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else _subject(certificate)


#: What the stamp prints besides the signer's name: the signing time, "2026-12-01 10:30:00 UTC".
_STAMP_CHARACTERS = "0123456789-:+. UTC"


def stamp_font(path: Path, text: str) -> bytes:
    """The face at `path` cut to what a stamp of `text` prints, scaled to 1000 units per em.

    pyHanko writes a font's widths and its kerning adjustments in the font's own units, as
    if every font had 1000 per em; DejaVu Sans has 2048, so its letters would stand twice
    their width apart. A font of 1000 units is drawn right. Cutting it first to the
    characters used (with what shaping them needs) makes the scaling quick.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing to subset, said noisily
    font = TTFont(path)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=text + _STAMP_CHARACTERS)
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@attrs.frozen(kw_only=True)
class Verified:
    """One signature as `verify` found it.

    `trusted` is None when no trust roots were given (trust not checked). `changed` says
    whether the document was changed after this signature; `change` how ("none", "later
    signatures or form filling", or "other changes"); `allowed` whether those changes are
    ones a signed document permits.
    """

    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool | None
    changed: bool
    change: str
    allowed: bool

    @property
    def ok(self) -> bool:
        """Intact, not changed beyond what signing permits, and trusted if trust was checked."""
        return self.intact and self.allowed and self.trusted is not False


def verify(path: Path, *, trust: Sequence[Path] = ()) -> list[Verified]:
    """Every signature of the PDF at `path`, in signing order, checked offline against the
    trust roots in `trust` (certificate files), if any."""
    _require()
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    data = _read(path, "PDF")
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for file in trust
        for c in load_certificates(file)
    ]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError) as exc:
        raise SignError(f"{path}: not a PDF briefgen can read: {exc}") from None
    found: list[Verified] = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signature, context)
        level = status.modification_level
        changed = status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        if not changed:
            change = "none"
        elif level is not None and level.name in ("LTA_UPDATES", "FORM_FILLING"):
            change = "later signatures or form filling"
        else:
            change = "other changes"
        found.append(
            Verified(
                field=str(signature.field_name),
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted) if roots else None,
                changed=changed,
                change=change,
                allowed=bool(status.docmdp_ok) if changed else True,
            )
        )
    return found
