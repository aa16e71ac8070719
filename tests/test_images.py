"""Pictures: party emblems and a theme logo, from the record file to both formats."""

from __future__ import annotations

import io
import re
import shutil
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from briefgen import render
from briefgen.compose.blocks import Table
from briefgen.errors import InputError, ThemeError
from briefgen.images import MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS, image_problem
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


# ---------------------------------------------------------------------------------------------
# Every picture is decoded once at load, within the budget (issue 19, cause 3).


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims `width` x `height` pixels (one compressed row of data)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\0" * (width + 1))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return path


def assert_clean(message: str | None) -> str:
    """A problem message exists and names no Python object."""
    assert message
    assert not re.search(r"0x[0-9a-f]{6,}|<[A-Za-z_.]+ ", message), message
    return message


def test_a_picture_claiming_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    """A 13000x13000 PNG of a few KB is refused from its header, fast, naming the size."""
    file = bomb_png(tmp_path / "bomb.png", 13000, 13000)
    assert file.stat().st_size < 100_000
    started = time.perf_counter()
    message = assert_clean(image_problem(file, "bomb.png"))
    assert time.perf_counter() - started < 1
    assert "13000x13000 pixels" in message and f"{MAX_PICTURE_PIXELS:,}" in message


def test_a_very_long_strip_is_refused(tmp_path: Path) -> None:
    """One side past the limit is refused even when the pixel count is small."""
    message = assert_clean(image_problem(bomb_png(tmp_path / "s.png", 20000, 1), "s.png"))
    assert "20000x1 pixels" in message


def test_a_picture_past_pillows_own_bomb_limit_is_refused_cleanly(tmp_path: Path) -> None:
    """Past Pillow's own DecompressionBombError the message is still ours."""
    message = assert_clean(image_problem(bomb_png(tmp_path / "b.png", 60000, 60000), "b.png"))
    assert "b.png" in message and "pixels" in message


def test_a_truncated_png_is_refused_with_a_reason(tmp_path: Path) -> None:
    """A PNG cut short says it is damaged, with a non-empty reason."""
    good = PILImage.effect_noise((200, 200), 60).convert("RGB")
    buffer = io.BytesIO()
    good.save(buffer, "PNG")
    (tmp_path / "cut.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    message = assert_clean(image_problem(tmp_path / "cut.png", "cut.png"))
    assert message.startswith("cut.png is a damaged PNG image: ") and len(message) > 35


def test_a_png_with_corrupt_data_is_refused(tmp_path: Path) -> None:
    """A PNG whose compressed data is garbage (checksum fixed) is refused at load."""
    file = bomb_png(tmp_path / "c.png", 40, 40)
    blob = bytearray(file.read_bytes())
    start = blob.index(b"IDAT") + 4
    length = struct.unpack(">I", blob[start - 8 : start - 4])[0]
    blob[start : start + length] = b"\x78\x9c" + b"\xff" * (length - 2)
    crc = zlib.crc32(bytes(blob[start - 4 : start + length]))
    blob[start + length : start + length + 4] = struct.pack(">I", crc)
    file.write_bytes(bytes(blob))
    assert_clean(image_problem(file, "c.png"))


def test_a_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    """A JPEG cut short is refused too."""
    buffer = io.BytesIO()
    PILImage.effect_noise((300, 300), 60).convert("RGB").save(buffer, "JPEG")
    (tmp_path / "cut.jpg").write_bytes(buffer.getvalue()[:2000])
    assert "damaged JPEG" in assert_clean(image_problem(tmp_path / "cut.jpg", "cut.jpg"))


def test_a_damaged_header_is_refused_without_an_object_repr(tmp_path: Path) -> None:
    """PNG magic then garbage: refused, and the message shows no file object."""
    (tmp_path / "h.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert "h.png" in assert_clean(image_problem(tmp_path / "h.png", "h.png"))


def test_a_file_past_the_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    """A picture file bigger than MAX_PICTURE_BYTES is refused from its size."""
    file = tmp_path / "big.png"
    with file.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(MAX_PICTURE_BYTES + 1)
    assert "bytes" in assert_clean(image_problem(file, "big.png"))


def test_a_fifo_or_device_is_no_picture(tmp_path: Path) -> None:
    """A FIFO or /dev/zero as a picture is refused at once, never read."""
    import os

    os.mkfifo(tmp_path / "fifo.png")
    assert "not a regular file" in assert_clean(image_problem(tmp_path / "fifo.png", "fifo.png"))
    (tmp_path / "zero.png").symlink_to("/dev/zero")
    assert "not a regular file" in assert_clean(image_problem(tmp_path / "zero.png", "zero.png"))


def test_a_bomb_emblem_fails_the_record_at_the_field_line(with_emblems: Path) -> None:
    """The picture problem is an InputError at the emblem's file, line and field."""
    bomb_png(with_emblems / "img" / "az.png", 13000, 13000)
    with pytest.raises(InputError) as caught:
        load(with_emblems / "plan.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "parties[0].emblem" and problem.line is not None
    assert "13000x13000" in problem.message


def test_a_bomb_logo_is_a_theme_error_at_page_logo(tmp_path: Path) -> None:
    """A theme logo over the budget stops the theme, naming the file and key."""
    folder = tmp_path / "bomb"
    folder.mkdir()
    bomb_png(folder / "logo.png", 13000, 13000)
    (folder / "theme.toml").write_text('[page]\nlogo = "logo.png"\n', "utf-8")
    with pytest.raises(ThemeError, match=r"theme\.toml: page\.logo: logo\.png is 13000x13000"):
        load_theme(folder)


# ---------------------------------------------------------------------------------------------
# Every picture is an input of the outputs that show it (issue 19, cause 4).


def test_emblems_are_among_the_record_sources(with_emblems: Path) -> None:
    """Loaded.sources lists the record file first, then each emblem picture."""
    from briefgen.load import load_with_sources

    loaded = load_with_sources(with_emblems / "plan.yaml")
    assert loaded.sources == (
        (with_emblems / "plan.yaml").resolve(),
        (with_emblems / "img" / "az.png").resolve(),
        (with_emblems / "img" / "uz.jpg").resolve(),
    )


def test_linked_emblems_are_among_the_sources_of_the_linking_record(with_emblems: Path) -> None:
    """A brief whose parties come from the plan lists the plan and its emblems."""
    from briefgen.load import load_with_sources

    sources = load_with_sources(with_emblems / "brief.yaml").sources
    assert (with_emblems / "img" / "az.png").resolve() in sources
    assert (with_emblems / "plan.yaml").resolve() in sources


def test_replacing_an_emblem_rebuilds_the_outputs_that_show_it(with_emblems: Path) -> None:
    """Build, replace the emblem picture, build again: the outputs are rebuilt, and then kept."""
    from briefgen import build

    out = with_emblems / "out"
    first = build([with_emblems / "plan.yaml", with_emblems / "brief.yaml"], out, jobs=1)
    assert len(first.built) == 2 and not first.failed
    again = build([with_emblems / "plan.yaml", with_emblems / "brief.yaml"], out, jobs=1)
    assert not again.built and len(again.unchanged) == 2
    png(with_emblems / "img" / "az.png", "red")
    after = build([with_emblems / "plan.yaml", with_emblems / "brief.yaml"], out, jobs=1)
    assert sorted(p.name for p in after.built) == sorted(p.name for p in first.built)


def test_replacing_a_logo_outside_the_theme_folder_rebuilds(tmp_path: Path) -> None:
    """A theme logo that lives beside the theme folder is an input too."""
    from briefgen import build

    folder = tmp_path / "themes" / "crest"
    folder.mkdir(parents=True)
    png(tmp_path / "themes" / "crest.png", "navy")
    (folder / "theme.toml").write_text('[page]\nlogo = "../crest.png"\n', "utf-8")
    record = shutil.copy(EXAMPLE / "plan.yaml", tmp_path / "plan.yaml")
    out = tmp_path / "out"
    assert build([record], out, jobs=1, theme=folder).built
    assert not build([record], out, jobs=1, theme=folder).built
    png(tmp_path / "themes" / "crest.png", "maroon")
    assert build([record], out, jobs=1, theme=folder).built
