"""The DOCX signatures, laid out by LibreOffice, leave the same room to sign as the PDF's."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest

from briefgen.render.docx import render
from briefgen.theme import load_theme
from tests.realclient.test_docx_libreoffice import convert
from tests.render.test_archive import CM, PLANS, plan_document, signature_rules, words_of

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]


@pytest.mark.parametrize("name", list(PLANS))
def test_docx_signatures_leave_room_to_sign_and_a_gutter(name: str, tmp_path: Path) -> None:
    """At least 2.5 cm between the caption and the signature line, at least 1 cm between two
    lines side by side, and no blank page after the signatures."""
    docx = tmp_path / "plan.docx"
    docx.write_bytes(render(plan_document(name), load_theme()))
    data = convert(docx, tmp_path).read_bytes()
    rules = signature_rules(data)
    assert len(rules) == 2
    page = rules[0][0]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert page == len(pdf.pages)  # the signatures end the document
        words = words_of(pdf.pages[page - 1])
        height = pdf.pages[page - 1].height
    for _, x0, x1, y in rules:
        top = height - y
        caption = [w for w in words if w["bottom"] < top and w["x1"] > x0 and w["x0"] < x1]
        assert top - max(w["bottom"] for w in caption) >= 2.5 * CM
    left, right = sorted(rules, key=lambda r: r[1])
    assert right[1] - left[2] >= 1 * CM
