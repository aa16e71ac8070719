"""Pictures: party emblems and a theme logo, from the record file to both formats."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from briefgen import render
from briefgen.compose.blocks import Table
from briefgen.errors import InputError, ThemeError
from briefgen.images import image_problem
from briefgen.load import load
from briefgen.model import Brief, Plan
from briefgen.pipeline import compose
from briefgen.theme import load_theme

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "az-uz-2026"


def png(path: Path, colour: str = "navy") -> Path:
    """A small PNG emblem at `path`."""
    PILImage.new("RGB", (60, 80), colour).save(path)
    return path


@pytest.fixture
def with_emblems(tmp_path: Path) -> Path:
    """A copy of the az-uz example whose parties carry emblems in a sub-folder."""
    for name in ("plan.yaml", "brief.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    (tmp_path / "img").mkdir()
    png(tmp_path / "img" / "az.png", "blue")
    PILImage.new("RGB", (80, 80), "green").save(tmp_path / "img" / "uz.jpg", "JPEG")
    plan = (tmp_path / "plan.yaml").read_text("utf-8")
    plan = plan.replace("  - id: az\n", "  - id: az\n    emblem: img/az.png\n")
    plan = plan.replace("  - id: uz\n", "  - id: uz\n    emblem: img/uz.jpg\n")
    (tmp_path / "plan.yaml").write_text(plan, "utf-8")
    return tmp_path


def test_png_and_jpeg_are_accepted(tmp_path: Path) -> None:
    """A PNG or a JPEG file is a usable picture."""
    assert image_problem(png(tmp_path / "a.png"), "a.png") is None
    PILImage.new("RGB", (4, 4)).save(tmp_path / "b.jpg", "JPEG")
    assert image_problem(tmp_path / "b.jpg", "b.jpg") is None


def test_missing_and_foreign_files_are_refused(tmp_path: Path) -> None:
    """A missing file, a folder and a file that is not PNG/JPEG each get a reason."""
    assert image_problem(tmp_path / "none.png", "none.png") == "image file none.png not found"
    assert "not found" in (image_problem(tmp_path, "dir") or "")
    (tmp_path / "fake.png").write_text("GIF89a not really", "utf-8")
    assert image_problem(tmp_path / "fake.png", "fake.png") == "fake.png is not a PNG or JPEG image"


def test_emblem_paths_resolve_against_the_record_file(with_emblems: Path) -> None:
    """A relative emblem path is read from the record's folder, so builds work from anywhere."""
    plan = load(with_emblems / "plan.yaml")
    assert isinstance(plan, Plan)
    assert [p.emblem for p in plan.parties] == [
        str((with_emblems / "img" / "az.png").resolve()),
        str((with_emblems / "img" / "uz.jpg").resolve()),
    ]


def test_linked_parties_keep_their_emblems(with_emblems: Path) -> None:
    """A brief whose parties come from the plan file gets the emblems resolved there."""
    brief = load(with_emblems / "brief.yaml")
    assert isinstance(brief, Brief)
    assert brief.parties[0].emblem == str((with_emblems / "img" / "az.png").resolve())


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "image file img/az.png not found"), (b"%PDF-1.4", "img/az.png is not a PNG or JPEG")],
)
def test_bad_emblem_is_an_input_error_naming_the_field(
    with_emblems: Path, content: bytes | None, message: str
) -> None:
    """A missing or unreadable emblem fails the load with the file, line and field."""
    target = with_emblems / "img" / "az.png"
    if content is None:
        target.unlink()
    else:
        target.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load(with_emblems / "plan.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "parties[0].emblem"
    assert problem.source.endswith("plan.yaml") and problem.line is not None
    assert message in problem.message


def test_plan_title_block_shows_each_emblem_over_its_party(with_emblems: Path) -> None:
    """The plan starts with the emblems side by side, each above its party's full name."""
    document = compose(load(with_emblems / "plan.yaml"))
    first = document.blocks[0]
    assert isinstance(first, Table) and first.name == "emblems" and first.style == "plain"
    cells = first.rows[0].cells
    assert [c.image.path.rsplit("/", 1)[-1] for c in cells if c.image] == ["az.png", "uz.jpg"]
    assert (
        cells[0].paras[0].text == "Ministry of Emergency Situations of the Republic of Azerbaijan"
    )


def test_alternat_puts_the_original_partys_emblem_first(with_emblems: Path) -> None:
    """In the Uzbek original the Uzbek emblem comes first."""
    document = compose(load(with_emblems / "plan.yaml"), original="uz")
    first = document.blocks[0]
    assert isinstance(first, Table)
    assert first.rows[0].cells[0].image is not None
    assert first.rows[0].cells[0].image.path.endswith("uz.jpg")


def test_brief_letterhead_carries_the_host_emblem(with_emblems: Path) -> None:
    """The brief's header block is topped by the host's emblem and name."""
    document = compose(load(with_emblems / "brief.yaml"))
    first = document.blocks[0]
    assert isinstance(first, Table) and first.name == "letterhead"
    (cell,) = first.rows[0].cells
    assert cell.image is not None and cell.image.path.endswith("az.png")


def test_no_emblem_no_picture_row() -> None:
    """Without emblems the documents start with their header block or title as before."""
    for name in ("plan.yaml", "brief.yaml"):
        first = compose(load(EXAMPLE / name)).blocks[0]
        assert not (isinstance(first, Table) and first.name in ("emblems", "letterhead"))


@pytest.mark.parametrize("name", ["plan.yaml", "brief.yaml"])
def test_emblems_are_embedded_in_docx(with_emblems: Path, name: str) -> None:
    """The DOCX carries the emblem pictures as media parts drawn in the body."""
    data = render(load(with_emblems / name), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        body = docx.read("word/document.xml").decode("utf-8")
    assert len(media) == (2 if name == "plan.yaml" else 1)
    assert body.count("<w:drawing") == len(media)


@pytest.mark.parametrize("name", ["plan.yaml", "brief.yaml"])
def test_emblems_are_drawn_on_the_first_pdf_page(with_emblems: Path, name: str) -> None:
    """The PDF's first page draws the emblems as images."""
    data = render(load(with_emblems / name), "pdf")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == (2 if name == "plan.yaml" else 1)


def test_theme_logo_is_drawn_on_the_first_page_only(tmp_path: Path) -> None:
    """A theme's logo appears on page 1 of the PDF and not on later pages."""
    folder = tmp_path / "crest"
    folder.mkdir()
    png(folder / "crest.png")
    (folder / "theme.toml").write_text('[page]\nlogo = "crest.png"\n', "utf-8")
    data = render(load(EXAMPLE / "plan.yaml"), "pdf", theme=load_theme(folder))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1
    assert len(pages[0].images) == 1 and all(len(p.images) == 0 for p in pages[1:])


def test_theme_logo_that_is_not_an_image_is_a_theme_error(tmp_path: Path) -> None:
    """A logo file that is not PNG or JPEG stops the theme from loading, naming the key."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "logo.png").write_text("not an image", "utf-8")
    (folder / "theme.toml").write_text('[page]\nlogo = "logo.png"\n', "utf-8")
    with pytest.raises(ThemeError, match=r"page\.logo.*not a PNG or JPEG"):
        load_theme(folder)
