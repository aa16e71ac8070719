"""LibreOffice, a real word processor, opens every example document briefgen writes as DOCX."""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefgen
from briefgen.model import Brief, Plan
from tests.realclient.test_docx_libreoffice import convert

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]

EXAMPLES = sorted(Path("inputs").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p))
def test_libreoffice_converts_each_example(path: Path, tmp_path: Path) -> None:
    """Each example's DOCX converts to PDF in LibreOffice with its names and letters intact."""
    record = briefgen.load(path)
    docx = tmp_path / f"{record.id}.docx"
    docx.write_bytes(briefgen.render(record, "docx"))
    pdf = convert(docx, tmp_path)
    text = unicodedata.normalize(
        "NFC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    )
    flat = " ".join(text.split())
    if isinstance(record, Brief):
        assert str(record.event.title) in flat
        assert "Page 1 of" in flat
        for point in record.talking_points:
            assert str(point.topic) in flat
    else:
        assert isinstance(record, Plan)
        for section in record.sections:
            # In the record's own language: the document is written in it.
            text = section.initiatives[0].outcome or section.area
            own = text.resolve(record.language, record.language) or str(text)
            assert own.split()[0] in flat
    if record.id == "az-uz-mes-visit-2025-12":
        for letters in ("Məmmədova", "Əliyev", "Mirzəyev", "Gʻayrat Toʻxtayev"):
            assert letters in flat


#: LibreOffice hyphenates only with the system's hyphenation patterns (Debian's hyphen-en-gb,
#: hyphen-ru, ...; `.ci/run` installs them): without them its lines, and so its pages, are
#: longer than Word's and the PDF's.
HYPHENATES = any(Path("/usr/share/hyphen").glob("hyph_en*.dic"))


@pytest.mark.skipif(
    not HYPHENATES, reason="no hyphenation patterns for LibreOffice: apt-get install hyphen-en-gb"
)
@pytest.mark.parametrize(
    ("path", "lang"),
    [
        *((str(p), None) for p in EXAMPLES),
        ("inputs/az-uz-2026/plan.yaml", "az+en"),
        ("inputs/az-uz-2026/plan.yaml", "ru"),
        ("inputs/az-uz-2026/plan-az-en.yaml", "az"),
        ("inputs/az-uz-2026/brief.yaml", "az"),
    ],
)
def test_both_formats_have_the_same_pages(path: str, lang: str | None, tmp_path: Path) -> None:
    """One theme and one set of breaking rules: the DOCX as LibreOffice lays it out has as
    many pages as the PDF, in other languages and in parallel text too."""
    record = briefgen.load(path)
    docx = tmp_path / f"{record.id}.docx"
    docx.write_bytes(briefgen.render(record, "docx", lang=lang))
    ours = PdfReader(io.BytesIO(briefgen.render(record, "pdf", lang=lang))).pages
    assert len(PdfReader(convert(docx, tmp_path)).pages) == len(ours)
