"""The redline as a PDF: marks in colour, a bar by every changed line, a linked summary."""

from __future__ import annotations

import functools
import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

import briefgen
from briefgen.model import Comparison
from briefgen.options import Options
from briefgen.pipeline import make
from briefgen.theme import load_theme
from tests.compare.redlines import NEW, OLD


@functools.cache
def redline_pdf(lang: str | None = None) -> bytes:
    old, new = briefgen.load(OLD), briefgen.load(NEW)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    options = Options.make(lang=lang, formats=("pdf",))
    (output,) = make(Comparison(old=old, new=new), options, load_theme()).outputs
    return output.data


def bar_x() -> float:
    theme = load_theme()
    return theme.page.left - theme.style("change.bar").padding


def bars(page: pdfplumber.page.Page) -> list[tuple[float, float]]:
    """The vertical lines drawn where change bars stand: (top, bottom) of each."""
    x = bar_x()
    return [
        (line["top"], line["bottom"])
        for line in page.lines
        if abs(line["x0"] - x) < 0.5 and abs(line["x1"] - x) < 0.5
    ]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            None,
            "2 initiatives changed, 1 added, 1 removed; 1 provision moved; 1 signatory changed.",
        ),
        ("az", "2 tədbir dəyişdirilib, 1 əlavə edilib, 1 çıxarılıb; 1 müddəa yeri dəyişdirilib;"),
        ("az+en", "2 tədbir dəyişdirilib, 1 əlavə edilib, 1 çıxarılıb;"),
    ],
)
def test_the_first_page_summarises_the_changes(lang: str | None, sentence: str) -> None:
    """Page 1, read back with pypdf, holds the counts of what changed in the document's
    first language; the plan itself starts on page 2."""
    pages = PdfReader(io.BytesIO(redline_pdf(lang))).pages
    first = " ".join(pages[0].extract_text().split())
    assert sentence in first
    assert "PLAN OF JOINT ACTIONS" not in first and "BİRGƏ FƏALİYYƏT" not in first


def test_each_summary_entry_links_to_its_change() -> None:
    """The six entries of the summary are links to places on the following pages."""
    reader = PdfReader(io.BytesIO(redline_pdf()))
    later = [page.indirect_reference.idnum for page in reader.pages[1:]]
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    targets = [link["/Dest"][0].idnum for link in links if "/Dest" in link]
    assert len(targets) == 6
    assert all(target in later for target in targets)


def test_inserted_and_deleted_words_are_in_their_colours() -> None:
    """Q3 is in the deleted colour, Q4 in the inserted one, the year in the text's ink."""
    theme = load_theme()

    def rgb(colour: str) -> tuple[float, ...]:
        return tuple(round(int(colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))

    with pdfplumber.open(io.BytesIO(redline_pdf())) as pdf:
        words = pdf.pages[1].extract_words(extra_attrs=["non_stroking_color"])
    colours = {
        w["text"]: tuple(round(c, 3) for c in w["non_stroking_color"])
        for w in words
        if w["text"] in ("Q3", "Q4")
    }
    assert colours == {
        "Q3": rgb(theme.style("change.deleted").colour),
        "Q4": rgb(theme.style("change.inserted").colour),
    }


def test_a_bar_stands_by_every_changed_line() -> None:
    """A bar in the margin spans the line of the changed quarter; an unchanged plan has none."""
    with pdfplumber.open(io.BytesIO(redline_pdf())) as pdf:
        page = pdf.pages[1]
        (q4,) = [w for w in page.extract_words() if w["text"] == "Q3Q4"]
        assert any(top <= q4["top"] and q4["bottom"] <= bottom for top, bottom in bars(page))
        assert sum(len(bars(p)) for p in pdf.pages) >= 10
    with pdfplumber.open(io.BytesIO(briefgen.render(briefgen.load(NEW), "pdf"))) as pdf:
        assert all(bars(p) == [] for p in pdf.pages)


def test_the_pdf_is_the_new_version_with_the_old_words_struck() -> None:
    """The removed initiative and the old signatory are still printed (struck through)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(redline_pdf())).pages[1:])
    flat = re.sub(r"\s+", " ", text)
    for needle in ("Abdulla Kuldashev", "Botir Kudratkhodjaev", "Reciprocal participation"):
        assert needle in flat


def test_right_to_left_changes_are_marked_in_their_colours() -> None:
    """An Arabic redline sets a changed paragraph's old text in the deleted colour and its
    new text in the inserted colour, each line with its bar."""
    from tests.compare.redlines import NEW_AR, OLD_AR

    old, new = briefgen.load(OLD_AR), briefgen.load(NEW_AR)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    options = Options.make(lang="ar", formats=("pdf",))
    (output,) = make(Comparison(old=old, new=new), options, load_theme()).outputs
    theme = load_theme()
    wanted = {
        kind: tuple(round(int(c[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
        for kind, c in (
            ("ins", theme.style("change.inserted").colour),
            ("del", theme.style("change.deleted").colour),
        )
    }
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        page = pdf.pages[1]
        colours = [tuple(round(v, 3) for v in c["non_stroking_color"]) for c in page.chars]
        assert colours.count(wanted["ins"]) > 20 and colours.count(wanted["del"]) > 20
        assert len(bars(page)) >= 6
