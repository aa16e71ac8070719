"""The finished PDF (briefgen.render.pdf.archive): PDF/A-2b checked by pikepdf, signature
fields over the signature lines, the room to sign, and byte identity across processes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pikepdf.pdfa
import pypdf
import pytest

from briefgen.compose.blocks import Document
from briefgen.errors import RenderError, ThemeError
from briefgen.load import load
from briefgen.options import Options
from briefgen.pipeline import compose
from briefgen.render.pdf import render
from briefgen.render.pdf.archive import finish
from briefgen.theme import Theme, load_theme

ROOT = Path(__file__).resolve().parents[2]
CM = 72 / 2.54

#: The example plans in English, in Azerbaijani and English side by side, and in Arabic.
PLANS = {
    "en": ("az-uz-2026/plan.yaml", None),
    "az+en": ("az-uz-2026/plan-az-en.yaml", "az+en"),
    "ar": ("az-ps-2026/plan-ar.yaml", "ar"),
}
EXAMPLES = sorted((ROOT / "inputs").rglob("*.yaml"))


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme()


def plan_document(name: str) -> Document:
    path, lang = PLANS[name]
    return compose(load(ROOT / "inputs" / path), lang)


def words_of(page: pdfplumber.page.Page) -> list[dict[str, float]]:
    """The words of a page, less the watermark's (drawn across everything)."""
    return [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] < 30]


def signature_rules(data: bytes) -> list[tuple[int, float, float, float]]:
    """The signature lines drawn: (page from 1, x0, x1, y from the page's bottom), read back
    from the page as the short horizontal lines under the room to sign (no text just above)."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for line in page.lines:
                # Two signatures side by side: each line under half the page (not a rule
                # of the footer or a table, which span the text width).
                if abs(line["top"] - line["bottom"]) > 0.5 or line["width"] > page.width / 2:
                    continue
                # The line under a signature has no word in the 2 cm above it.
                above = [
                    w
                    for w in words_of(page)
                    if line["top"] - 2 * CM < w["bottom"] < line["top"]
                    and w["x1"] > line["x0"]
                    and w["x0"] < line["x1"]
                ]
                placed = (number, line["x0"], line["x1"], page.height - line["top"])
                if not above and placed not in found:  # LibreOffice draws a border twice
                    found.append(placed)
    return found


def fields_of(data: bytes) -> dict[str, tuple[int, list[float]]]:
    """The signature fields read back with pypdf: name -> (page from 1, rect)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = {}
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig":
                out[str(widget["/T"])] = (number, [float(v) for v in widget["/Rect"]])
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_built_as_pdfa_passes_pikepdfs_check(path: Path, theme: Theme) -> None:
    """Each example record, built with --pdfa, is a file pikepdf's PDF/A-2b validator approves."""
    data = render(compose(load(path)), theme, Options(pdfa=True))
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), "2b")
    assert report.passed, report.summary()


@pytest.mark.parametrize("name", list(PLANS))
def test_pdfa_metadata_comes_from_the_record(name: str, theme: Theme) -> None:
    """The XMP declares PDF/A-2 level B, and title, author and every date are the record's."""
    document = plan_document(name)
    data = render(document, theme, Options(pdfa=True))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_metadata() as xmp:
            meta = dict(xmp)
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        assert intents[0].S == "/GTS_PDFA1"
        assert intents[0].DestOutputProfile.N == 3  # an RGB (sRGB) ICC profile
        assert all("/Trans" not in page.obj for page in pdf.pages)
        docinfo_date = str(pdf.docinfo.CreationDate)
    assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "B"
    assert meta["{http://purl.org/dc/elements/1.1/}title"] == document.meta.title
    assert meta["{http://purl.org/dc/elements/1.1/}creator"] == [document.meta.author]
    assert document.meta.created is not None
    day = document.meta.created.isoformat()
    for key in ("CreateDate", "ModifyDate", "MetadataDate"):
        assert meta[f"{{http://ns.adobe.com/xap/1.0/}}{key}"] == f"{day}T00:00:00+00:00"
    assert docinfo_date.startswith(f"D:{day.replace('-', '')}000000+00'00")


def test_a_pdfa_problem_is_an_error_naming_it_and_writes_nothing(theme: Theme) -> None:
    """A PDF that cannot be PDF/A (here: an unembedded Helvetica) is refused with the finding,
    never returned claiming PDF/A."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(100, 700, "Plan")
    canvas.save()
    document = plan_document("en")
    with pytest.raises(RenderError) as caught:
        finish(buffer.getvalue(), document, pdfa=True, signature_lines=None)
    message = str(caught.value)
    assert message.startswith(f"{document.meta.id}: the PDF is not PDF/A-2B, so none was written")
    assert "Helvetica" in message or "embedded" in message


def test_pdfa_builds_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two processes building the examples with --pdfa --signature-fields write the same bytes."""
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run(
            [
                sys.executable,
                "-m",
                "briefgen",
                "build",
                str(ROOT / "inputs"),
                "-o",
                str(out),
                "-f",
                "pdf",
                "--pdfa",
                "--signature-fields",
                "-j",
                "1",
                "-q",
            ],
            check=True,
            cwd=ROOT,
        )
        outs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))})
    assert len(outs[0]) == len(list((ROOT / "inputs").rglob("*.yaml")))
    assert outs[0] == outs[1]


@pytest.mark.parametrize("name", list(PLANS))
@pytest.mark.parametrize("pdfa", [False, True])
def test_signature_fields_sit_on_the_signature_lines(name: str, pdfa: bool, theme: Theme) -> None:
    """Each party's field, named sig-<party id>, spans its signature line and the room above it."""
    document = plan_document(name)
    data = render(document, theme, Options(pdfa=pdfa, signature_fields=True))
    fields = fields_of(data)
    parties = {"en": ("az", "uz"), "az+en": ("az", "uz"), "ar": ("az", "ps")}[name]
    assert set(fields) == {f"sig-{party}" for party in parties}
    rules = signature_rules(data)
    assert len(rules) == 2
    for page, (x0, y0, x1, y1) in fields.values():
        (rule,) = [r for r in rules if r[0] == page and abs(r[1] - x0) < 0.5]
        assert rule[2] == pytest.approx(x1, abs=0.5)  # as wide as the line
        assert rule[3] == pytest.approx(y0, abs=1)  # its foot on the line
        assert y1 - y0 >= 2.5 * CM  # over the room to sign


def test_the_first_party_signs_on_the_left_and_in_arabic_on_the_right(theme: Theme) -> None:
    """sig-az is over the left line in the English plan and over the right one in Arabic."""
    en = fields_of(render(plan_document("en"), theme, Options(signature_fields=True)))
    ar = fields_of(render(plan_document("ar"), theme, Options(signature_fields=True)))
    assert en["sig-az"][1][0] < en["sig-uz"][1][0]
    assert ar["sig-az"][1][0] > ar["sig-ps"][1][0]


def test_signature_fields_follow_pdfa_rules_and_the_rest_passes_the_check(theme: Theme) -> None:
    """With --pdfa the form is what PDF/A-2b allows (printable widgets with appearances, no
    XFA, no NeedAppearances), and the file without its form passes pikepdf's check."""
    data = render(plan_document("az+en"), theme, Options(pdfa=True, signature_fields=True))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        form = pdf.Root.AcroForm
        assert "/XFA" not in form
        assert not form.get("/NeedAppearances", False)
        assert len(form.Fields) == 2
        for widget in form.Fields:
            assert widget.Subtype == "/Widget"
            assert int(widget.F) & 4  # Print
            assert widget.AP.N.Subtype == "/Form"
        del pdf.Root.AcroForm
        for page in pdf.pages:
            if "/Annots" in page.obj:
                del page.obj.Annots
        stripped = io.BytesIO()
        pdf.save(stripped)
    stripped.seek(0)
    report = pikepdf.pdfa.validate_written(stripped, "2b")
    assert report.passed, report.summary()


def test_without_the_options_the_pdf_is_as_before(theme: Theme) -> None:
    """Neither PDF/A nor fields unless asked: no metadata stream, no form."""
    data = render(plan_document("en"), theme, Options())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Metadata" not in pdf.Root
        assert "/AcroForm" not in pdf.Root


def write_theme(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "theme.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_theme_can_make_pdfa_the_default(tmp_path: Path) -> None:
    """[pdf] pdfa = true gives PDF/A without --pdfa, and --no-pdfa (False) still turns it off."""
    archival = load_theme(write_theme(tmp_path / "archive", "[pdf]\npdfa = true\n"))
    document = plan_document("en")
    with pikepdf.open(io.BytesIO(render(document, archival))) as pdf:
        assert "/Metadata" in pdf.Root
    with pikepdf.open(io.BytesIO(render(document, archival, Options(pdfa=False)))) as pdf:
        assert "/Metadata" not in pdf.Root


def test_a_theme_pdfa_that_is_no_boolean_is_a_theme_error(tmp_path: Path) -> None:
    """pdfa = "yes" is refused, naming the key."""
    folder = write_theme(tmp_path / "bad", '[pdf]\npdfa = "yes"\n')
    with pytest.raises(ThemeError, match=r"pdf\.pdfa: expected true or false"):
        load_theme(folder).pdf  # noqa: B018


def test_a_record_without_a_date_gets_a_fixed_date(theme: Theme) -> None:
    """No record date: the XMP dates are a fixed day, never the clock."""
    import attrs

    document = plan_document("en")
    undated = attrs.evolve(document, meta=attrs.evolve(document.meta, created=None))
    data = render(undated, theme, Options(pdfa=True))
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as xmp:
        stamp = xmp["xmp:MetadataDate"]
    assert stamp == dt.datetime(2000, 1, 1, tzinfo=dt.UTC).isoformat()


def test_a_signature_line_not_drawn_is_an_error(theme: Theme) -> None:
    """A field whose line the layout did not note is refused, naming the party."""
    document = plan_document("en")
    data = render(document, theme)
    with pytest.raises(RenderError, match="no signature line of party 'az'"):
        finish(data, document, pdfa=False, signature_lines=[])


@pytest.mark.parametrize("name", list(PLANS))
def test_signatures_leave_room_to_sign_and_a_gutter(name: str, theme: Theme) -> None:
    """At least 2.5 cm between the caption's last line and the signature line, and at least
    1 cm between two lines side by side."""
    data = render(plan_document(name), theme)
    rules = signature_rules(data)
    assert len(rules) == 2
    page = rules[0][0]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = words_of(pdf.pages[page - 1])
        height = pdf.pages[page - 1].height
    for _, x0, x1, y in rules:
        top = height - y
        caption = [w for w in words if w["bottom"] < top and w["x1"] > x0 and w["x0"] < x1]
        assert top - max(w["bottom"] for w in caption) >= 2.5 * CM
    left, right = sorted(rules, key=lambda r: r[1])
    assert right[1] - left[2] >= 1 * CM
