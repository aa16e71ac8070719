"""Signing and verifying PDFs (briefgen.sign, `briefgen sign`, `briefgen verify`), offline: a
test CA and two signers made here with `cryptography`, an example plan built with
--signature-fields, signed by each party in turn into its own field."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from briefgen.cli import main
from briefgen.errors import SignError
from briefgen.load import load
from briefgen.options import Options
from briefgen.pipeline import compose
from briefgen.render.pdf import render
from briefgen.sign import INSTALL, sign, verify
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime.now(dt.UTC)


def name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "AZ"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def certificate(
    subject: str,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    issuer: str,
    issuer_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


def pem_key(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, password: bytes | None = None
) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


class PKI:
    """A test CA, signers for az (RSA, password-protected key) and uz (EC), and a stranger
    whose certificate comes from another CA."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ca = self.write(
            "ca.pem", pem_cert(certificate("Test CA", ca_key, "Test CA", ca_key, ca=True))
        )
        az_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.az_key = self.write("az-key.pem", pem_key(az_key, b"s3cret"))
        self.az_cert = self.write(
            "az.pem",
            pem_cert(certificate("Kəmaləddin Heydərov", az_key, "Test CA", ca_key, ca=False)),
        )
        uz_key = ec.generate_private_key(ec.SECP256R1())
        self.uz_key = self.write("uz-key.pem", pem_key(uz_key))
        self.uz_cert = self.write(
            "uz.pem",
            pem_cert(certificate("Botir Kudratkhodjaev", uz_key, "Test CA", ca_key, ca=False)),
        )
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_ca = self.write(
            "other-ca.pem",
            pem_cert(certificate("Other CA", other_key, "Other CA", other_key, ca=True)),
        )
        stranger = ec.generate_private_key(ec.SECP256R1())
        self.stranger_key = self.write("stranger-key.pem", pem_key(stranger))
        self.stranger_cert = self.write(
            "stranger.pem",
            pem_cert(certificate("Stranger", stranger, "Other CA", other_key, ca=False)),
        )

    def write(self, filename: str, data: bytes) -> Path:
        path = self.folder / filename
        path.write_bytes(data)
        return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> PKI:
    return PKI(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Azerbaijan-Uzbekistan plan as PDF/A with a signature field per party."""
    plan = compose(load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml"))
    path = tmp_path_factory.mktemp("plan") / "plan.pdf"
    path.write_bytes(render(plan, load_theme(), Options(pdfa=True, signature_fields=True)))
    return path


@pytest.fixture(scope="module")
def signed_twice(pki: PKI, unsigned: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan signed by az into sig-az, then by uz into sig-uz, through the CLI."""
    folder = tmp_path_factory.mktemp("signed")
    first, second = folder / "az.pdf", folder / "both.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AZ_KEY_PASSWORD", "s3cret")
        assert (
            main(
                [
                    "sign",
                    str(unsigned),
                    "--key",
                    str(pki.az_key),
                    "--cert",
                    str(pki.az_cert),
                    "--password-env",
                    "AZ_KEY_PASSWORD",
                    "--field",
                    "sig-az",
                    "-o",
                    str(first),
                ]
            )
            == 0
        )
    assert (
        main(
            [
                "sign",
                str(first),
                "--key",
                str(pki.uz_key),
                "--cert",
                str(pki.uz_cert),
                "--field",
                "sig-uz",
                "-o",
                str(second),
            ]
        )
        == 0
    )
    return second


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_both_parties_sign_in_turn_and_both_signatures_are_intact_and_trusted(
    pki: PKI, signed_twice: Path
) -> None:
    """Two signatures, each intact and trusted by the test CA; the first, made before the
    second was added, reports only a later signature as the change after it."""
    found = verify(signed_twice, trust=[pki.ca])
    assert [f.field for f in found] == ["sig-az", "sig-uz"]
    assert [f.signer.split("Common Name: ")[-1].split(",")[0] for f in found] == [
        "Kəmaləddin Heydərov",
        "Botir Kudratkhodjaev",
    ]
    assert all(f.intact and f.trusted and f.ok for f in found)
    first, second = found
    assert first.changed and first.allowed and first.change == "later signatures or form filling"
    assert not second.changed
    assert first.signed_at is not None and abs(first.signed_at - NOW) < dt.timedelta(hours=1)


def test_verify_command_reports_and_exits_0(
    pki: PKI, signed_twice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen verify --trust CA` prints each signature's facts and exits 0."""
    assert main(["verify", str(signed_twice), "--trust", str(pki.ca)]) == 0
    out = capsys.readouterr().out
    assert out.count("intact: yes") == 2
    assert out.count("trusted: yes") == 2
    assert "changed after signing: yes: later signatures or form filling (allowed)" in out
    assert "changed after signing: no" in out
    assert "2 of 2 signatures good" in out


def test_pyhanko_itself_validates_both_signatures(pki: PKI, signed_twice: Path) -> None:
    """pyHanko's own bottom line for each signature, against the test CA, is good."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(pki.ca.read_bytes())
    root = asn1_x509.Certificate.load(der)
    with signed_twice.open("rb") as handle:
        reader = PdfFileReader(handle)
        statuses = [
            validate_pdf_signature(s, ValidationContext(trust_roots=[root], allow_fetching=False))
            for s in reader.embedded_signatures
        ]
    assert len(statuses) == 2
    assert all(status.bottom_line for status in statuses)


def test_the_visible_stamps_use_an_embedded_font(signed_twice: Path) -> None:
    """Every font of the signed file is embedded: the stamps are in DejaVu Sans, not Courier."""
    with pikepdf.open(signed_twice) as pdf:
        fonts = []
        for field in pdf.Root.AcroForm.Fields:
            stack = [field.AP.N]
            while stack:
                xobject = stack.pop()
                res = xobject.get("/Resources") or {}
                for font in (res.get("/Font") or {}).values():
                    fonts.append(font)
                stack += list((res.get("/XObject") or {}).values())
        assert fonts
        for font in fonts:
            base = str(font.BaseFont)
            assert "Courier" not in base and "DejaVu" in base
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_without_trust_roots_trust_is_not_checked_and_exit_is_0(
    signed_twice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --trust the signatures are reported intact and trust as not checked."""
    assert main(["verify", str(signed_twice)]) == 0
    assert capsys.readouterr().out.count("trusted: not checked") == 2


def test_a_signer_outside_the_trusted_ca_fails_verify(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signature by a certificate of another CA is intact but not trusted: exit 1."""
    out = tmp_path / "stranger.pdf"
    sign(
        unsigned,
        out,
        key=pki.stranger_key,
        cert=pki.stranger_cert,
        field="sig-az",
        theme=load_theme(),
    )
    assert main(["verify", str(out), "--trust", str(pki.ca)]) == 1
    printed = capsys.readouterr().out
    assert "intact: yes" in printed and "trusted: NO" in printed


def test_a_document_changed_after_signing_fails_verify(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes changed inside the signed range: the signature is no longer intact, exit 1."""
    out = tmp_path / "signed.pdf"
    sign(unsigned, out, key=pki.uz_key, cert=pki.uz_cert, field="sig-uz", theme=load_theme())
    data = bytearray(out.read_bytes())
    at = data.index(b"Plan of Joint Actions")
    data[at : at + 4] = b"Scam"
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert main(["verify", str(tampered), "--trust", str(pki.ca)]) == 1
    assert "intact: NO" in capsys.readouterr().out


def test_an_unsigned_pdf_has_no_signatures_to_verify(
    unsigned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Verifying a PDF without signatures says so and exits 1."""
    assert main(["verify", str(unsigned)]) == 1
    assert "no signatures" in capsys.readouterr().out


def test_without_a_field_the_signature_goes_into_a_new_invisible_field(
    pki: PKI, unsigned: Path, tmp_path: Path
) -> None:
    """No --field: a new field signature-1 with an empty rectangle, and the named ones left empty."""
    out = tmp_path / "invisible.pdf"
    assert (
        sign(unsigned, out, key=pki.uz_key, cert=pki.uz_cert, theme=load_theme()) == "signature-1"
    )
    with pikepdf.open(out) as pdf:
        by_name = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        assert set(by_name) == {"sig-az", "sig-uz", "signature-1"}
        x0, y0, x1, y1 = (float(v) for v in by_name["signature-1"].Rect)
        assert x1 - x0 == 0 and y1 - y0 == 0
        assert "/V" not in by_name["sig-az"]
    (found,) = verify(out, trust=[pki.ca])
    assert found.ok and found.field == "signature-1"


def test_a_plain_pdf_without_fields_can_be_signed(pki: PKI, tmp_path: Path) -> None:
    """A PDF built without --signature-fields takes an invisible signature."""
    plan = compose(load(ROOT / "inputs" / "az-ps-2026" / "plan.yaml"))
    source = tmp_path / "plain.pdf"
    source.write_bytes(render(plan, load_theme()))
    out = tmp_path / "signed.pdf"
    sign(source, out, key=pki.uz_key, cert=pki.uz_cert, theme=load_theme())
    (found,) = verify(out, trust=[pki.ca])
    assert found.ok


# --- errors: each a clear message, exit 1, nothing written, the input untouched --------------


def run_failing(
    argv: list[str], out: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    before = digest(source)
    assert main(argv) == 1
    assert not out.exists()
    assert digest(source) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_wrong_password_is_an_error(
    pki: PKI,
    unsigned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wrong password for an encrypted key: said so, nothing written."""
    monkeypatch.setenv("PW", "wrong")
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(unsigned),
            "--key",
            str(pki.az_key),
            "--cert",
            str(pki.az_cert),
            "--password-env",
            "PW",
            "--field",
            "sig-az",
            "-o",
            str(out),
        ],
        out,
        unsigned,
        capsys,
    )
    assert f"error: {pki.az_key}: wrong password for this key" in err


def test_an_encrypted_key_without_a_password_and_no_terminal_is_an_error(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An encrypted key, no --password-env and no terminal to ask on: a usage error naming it."""
    out = tmp_path / "out.pdf"
    before = digest(unsigned)
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.az_key),
                "--cert",
                str(pki.az_cert),
                "-o",
                str(out),
            ]
        )
        == 2
    )
    assert not out.exists() and digest(unsigned) == before
    assert "is encrypted: give its password with --password-env" in capsys.readouterr().err


def test_the_password_is_asked_for_on_a_terminal(
    pki: PKI, unsigned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, the password of an encrypted key is asked for (hidden) and used."""
    import click

    asked: list[str] = []

    def prompt(text: str, hide_input: bool = False) -> str:
        asked.append(text)
        assert hide_input
        return "s3cret"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(click, "prompt", prompt)
    out = tmp_path / "out.pdf"
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.az_key),
                "--cert",
                str(pki.az_cert),
                "--field",
                "sig-az",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert asked == [f"password of {pki.az_key}"]
    (found,) = verify(out, trust=[pki.ca])
    assert found.ok


def test_an_unset_password_variable_is_a_usage_error(
    pki: PKI,
    unsigned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--password-env naming a variable that is not set: a usage error naming it."""
    monkeypatch.delenv("NO_SUCH_PW", raising=False)
    out = tmp_path / "out.pdf"
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.az_key),
                "--cert",
                str(pki.az_cert),
                "--password-env",
                "NO_SUCH_PW",
                "-o",
                str(out),
            ]
        )
        == 2
    )
    assert not out.exists()
    assert "NO_SUCH_PW is not set" in capsys.readouterr().err


def test_a_file_that_is_no_key_is_an_error(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A certificate given as the key: not a private key, nothing written."""
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(unsigned),
            "--key",
            str(pki.uz_cert),
            "--cert",
            str(pki.uz_cert),
            "-o",
            str(out),
        ],
        out,
        unsigned,
        capsys,
    )
    assert f"{pki.uz_cert}: not a private key (PEM or DER) briefgen can read" in err


def test_a_file_that_is_no_certificate_is_an_error(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key given as the certificate: not a certificate, nothing written."""
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(unsigned),
            "--key",
            str(pki.uz_key),
            "--cert",
            str(pki.uz_key),
            "-o",
            str(out),
        ],
        out,
        unsigned,
        capsys,
    )
    assert f"{pki.uz_key}: not an X.509 certificate (PEM or DER)" in err


def test_a_certificate_of_another_key_is_an_error(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The uz key with the az certificate: they do not match, nothing written."""
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(unsigned),
            "--key",
            str(pki.uz_key),
            "--cert",
            str(pki.az_cert),
            "-o",
            str(out),
        ],
        out,
        unsigned,
        capsys,
    )
    assert (
        f"{pki.az_cert}: this certificate (" in err and f"is not for the key in {pki.uz_key}" in err
    )


def test_a_missing_field_is_an_error_naming_the_fields(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--field sig-ru in a plan of az and uz: the error names the fields there are."""
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(unsigned),
            "--key",
            str(pki.uz_key),
            "--cert",
            str(pki.uz_cert),
            "--field",
            "sig-ru",
            "-o",
            str(out),
        ],
        out,
        unsigned,
        capsys,
    )
    assert "no signature field 'sig-ru' (its fields: sig-az, sig-uz)" in err


def test_a_field_already_signed_is_an_error(
    pki: PKI, signed_twice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Signing sig-az again: refused, the earlier signature kept."""
    out = tmp_path / "out.pdf"
    err = run_failing(
        [
            "sign",
            str(signed_twice),
            "--key",
            str(pki.uz_key),
            "--cert",
            str(pki.uz_cert),
            "--field",
            "sig-az",
            "-o",
            str(out),
        ],
        out,
        signed_twice,
        capsys,
    )
    assert "the field 'sig-az' is already signed" in err


def test_a_file_that_is_no_pdf_is_an_error(
    pki: PKI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Signing a text file: not a PDF, nothing written."""
    source = tmp_path / "notes.pdf"
    source.write_text("not a PDF", encoding="utf-8")
    out = tmp_path / "out.pdf"
    err = run_failing(
        ["sign", str(source), "--key", str(pki.uz_key), "--cert", str(pki.uz_cert), "-o", str(out)],
        out,
        source,
        capsys,
    )
    assert f"{source}: not a PDF briefgen can sign" in err


def test_signing_over_the_input_is_refused(
    pki: PKI, unsigned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming the input itself: refused, the input untouched."""
    before = digest(unsigned)
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.uz_key),
                "--cert",
                str(pki.uz_cert),
                "-o",
                str(unsigned),
            ]
        )
        == 1
    )
    assert digest(unsigned) == before
    assert "would overwrite the PDF being signed" in capsys.readouterr().err


def test_without_pyhanko_the_message_says_how_to_install_it(
    pki: PKI,
    unsigned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the sign extra, sign and verify say how to install it."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyhanko" else real(name, *a)
    )
    out = tmp_path / "out.pdf"
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.uz_key),
                "--cert",
                str(pki.uz_cert),
                "-o",
                str(out),
            ]
        )
        == 1
    )
    assert main(["verify", str(unsigned)]) == 1
    err = capsys.readouterr().err
    assert err.count(INSTALL) == 2
    assert not out.exists()
    with pytest.raises(SignError, match="pip install 'briefgen\\[sign\\]'"):
        verify(unsigned)


@pytest.fixture(scope="module")
def flattened(signed_twice: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The signed plan with each stamp drawn on the page as plain content, and the form, the
    signatures and PAdES's ESIC extension marker left out: what pikepdf's PDF/A checker and
    pdfplumber can read (neither looks inside a form)."""
    with pikepdf.open(signed_twice) as pdf:
        page = pdf.pages[-1]
        fields = list(pdf.Root.AcroForm.Fields)
        assert all("/V" in field for field in fields)
        assert "/ESIC" in pdf.Root.Extensions
        drawn = b""
        for number, field in enumerate(fields):
            x0, y0 = float(field.Rect[0]), float(field.Rect[1])
            name = page.add_resource(
                field.AP.N, pikepdf.Name.XObject, pikepdf.Name(f"/Stamp{number}")
            )
            drawn += f"q 1 0 0 1 {x0:.3f} {y0:.3f} cm {name} Do Q\n".encode()
        page.contents_add(pdf.make_stream(drawn))
        del pdf.Root.AcroForm
        del pdf.Root.Extensions
        for each in pdf.pages:
            if "/Annots" in each.obj:
                del each.obj.Annots
        out = tmp_path_factory.mktemp("flat") / "flat.pdf"
        pdf.save(out)
    return out


def test_the_stamps_print_the_names_at_their_true_widths(flattened: Path) -> None:
    """The stamps' names (the certificates' spelling, with ə) read back as whole words no wider
    than a 10 pt name (pyHanko alone spaces DejaVu's letters twice their width apart: the
    font has 2048 units per em, pyHanko assumes 1000)."""
    import pdfplumber

    with pdfplumber.open(flattened) as pdf:
        words = pdf.pages[-1].extract_words()
    stamps = [w for w in words if w["text"] in ("Kəmaləddin", "Heydərov")]
    assert len(stamps) == 2
    for word in stamps:
        assert word["x1"] - word["x0"] < 80


def test_the_stamps_drawn_on_a_page_pass_the_pdfa_check(flattened: Path) -> None:
    """Each stamp (its embedded font and drawing) passes pikepdf's PDF/A-2b check, and the
    signed file stays PDF 1.7 even for the ECDSA signature (PDF/A-2 allows no PDF 2.0)."""
    import pikepdf.pdfa

    report = pikepdf.pdfa.validate_written(flattened, "2b")
    assert report.passed, report.summary()
    with pikepdf.open(flattened) as pdf:
        assert str(pdf.Root.get("/Version", "/1.7")) == "/1.7"


def test_an_ed25519_key_cannot_sign_a_pdfa_file(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An Ed25519 signature needs PDF 2.0, which PDF/A-2 forbids: refused, nothing written."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    key_path = pki.write("ed-key.pem", pem_key(key))  # type: ignore[arg-type]
    out = tmp_path / "out.pdf"
    err = run_failing(
        ["sign", str(unsigned), "--key", str(key_path), "--cert", str(pki.uz_cert), "-o", str(out)],
        out,
        unsigned,
        capsys,
    )
    assert "key signs in PDF 2.0 only" in err and "sign with an RSA or ECDSA key" in err


def test_an_output_that_cannot_be_written_is_an_error(
    pki: PKI, unsigned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o inside a path whose parent is a file: a clear error, no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "out.pdf"
    assert (
        main(
            [
                "sign",
                str(unsigned),
                "--key",
                str(pki.uz_key),
                "--cert",
                str(pki.uz_cert),
                "-o",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert f"error: {out}: cannot write the signed PDF" in err and "Traceback" not in err
