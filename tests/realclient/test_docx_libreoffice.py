"""LibreOffice, a real word processor, opens the rendered DOCX and prints every string of it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.render.docx import render
from briefgen.templates.word_styles import starter_docx
from briefgen.theme import Theme, load_theme
from tests.sample_documents import sample_document

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]


def convert(docx: Path, outdir: Path, target: str = "pdf") -> Path:
    """soffice --convert-to with a private profile, so parallel runs do not clash."""
    profile = outdir / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = outdir / f"{docx.stem}.{target.split(':')[0]}"  # "csv:Text - txt - csv ..."
    assert result.exists(), f"LibreOffice wrote no {target}: it could not open {docx.name}"
    return result


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    outdir = tmp_path_factory.mktemp("lo")
    docx = outdir / "sample.docx"
    docx.write_bytes(render(sample_document(), load_theme()))
    return [page.extract_text() for page in PdfReader(convert(docx, outdir)).pages]


def test_libreoffice_prints_the_sample_text(pdf_text: list[str]) -> None:
    """Body text, table text, signatures and Azerbaijani/Uzbek letters survive the round trip."""
    text = " ".join(" ".join(pdf_text).split())
    for needle in (
        "MEETING WITH THE MINISTER OF EMERGENCY SITUATIONS OF UZBEKISTAN",
        "Botir Qudratxoʻjayev",
        "<b>markup</b> & R&D; kept as is.",
        "İSTİQAMƏT, ə ğ ı ş",
        "Təlim və potensialın gücləndirilməsi (R&D <area> 1)",
        "Oʻzbekiston",
        "Kamaladdin Heydarov",
        "Leyla Məmmədova",
        "Annex 1",
    ):
        assert needle in text


def test_libreoffice_fills_in_page_fields_and_markings(pdf_text: list[str]) -> None:
    """Each page shows the marking twice, the footer and "Page n of N"; running header from 2."""
    pages = len(pdf_text)
    assert pages >= 2
    for number, text in enumerate(pdf_text, start=1):
        assert text.count("FOR OFFICIAL USE ONLY") == 2
        assert "MES-IRD/2025/PL-041" in text
        assert f"Page {number} of {pages}" in text
    assert "Plan of Joint Actions 2026–2027" not in pdf_text[0]
    assert all("Plan of Joint Actions 2026–2027" in text for text in pdf_text[1:])


def test_a_template_resaved_by_libreoffice_still_works(tmp_path: Path) -> None:
    """A user who saves the theme's Word styles as reference.docx, opens it in a word
    processor and saves it again keeps a usable theme."""
    theme_dir = tmp_path / "theme"
    shutil.copytree(load_theme().root, theme_dir)
    starter = tmp_path / "starter" / "reference.docx"
    starter.parent.mkdir()
    starter.write_bytes(starter_docx())
    saved = convert(starter, tmp_path / "saved", target="docx")
    shutil.copy(saved, theme_dir / "reference.docx")
    theme: Theme = load_theme(theme_dir)
    docx = tmp_path / "resaved.docx"
    docx.write_bytes(render(sample_document(), theme))
    text = " ".join(page.extract_text() for page in PdfReader(convert(docx, tmp_path)).pages)
    assert "Kamaladdin Heydarov" in text


def test_libreoffice_lays_out_the_theme_s_page(tmp_path: Path) -> None:
    """Opened in LibreOffice, the DOCX of a Letter theme with its own margins has Letter
    pages and its text inside those margins, like the PDF of the same theme."""
    import pdfplumber

    theme_dir = tmp_path / "letter"
    theme_dir.mkdir()
    (theme_dir / "theme.toml").write_text(
        '[page]\nsize = "Letter"\nmargins_mm = { top = 30, bottom = 28, left = 35, right = 15 }\n',
        encoding="utf-8",
    )
    theme = load_theme(theme_dir)
    docx = tmp_path / "letter.docx"
    docx.write_bytes(render(sample_document(), theme))
    page = theme.page
    with pdfplumber.open(convert(docx, tmp_path)) as pdf:
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {(612, 792)}
        first = pdf.pages[0]
        body = [
            c
            for c in first.chars
            if page.top <= c["top"] and c["bottom"] <= first.height - page.bottom
        ]
        # Tables without rules sit outdented by their cell margin, so their text lines up.
        assert min(c["x0"] for c in body) == pytest.approx(page.left, abs=2)
        assert max(c["x1"] for c in body) <= first.width - page.right + 1


def test_parallel_clauses_share_a_page_in_libreoffice(tmp_path: Path) -> None:
    """Laid out by LibreOffice, each recital and provision is on one page with its translation."""
    import re

    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import bilingual_plan

    plan = bilingual_plan(recitals=24, provisions=10)
    docx = tmp_path / "parallel.docx"
    docx.write_bytes(render(compose_parallel(plan, [Language.AZ, Language.EN]), load_theme()))
    pages = [p.extract_text() or "" for p in PdfReader(convert(docx, tmp_path)).pages]
    assert len(pages) >= 5
    found: dict[str, set[int]] = {}
    for number, text in enumerate(pages, start=1):
        for word in re.findall(r"\b[RP]\d+(?:az|en)\b", text):
            found.setdefault(word, set()).add(number)
    for clause in [f"R{i}" for i in range(1, 25)] + [f"P{i}" for i in range(1, 11)]:
        az, en = found.get(f"{clause}az"), found.get(f"{clause}en")
        assert az and en and az == en, (clause, az, en)
