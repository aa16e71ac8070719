"""The render behaviours every output format keeps, written once and run for each format of
`briefgen.render.FORMATS`: a new format inherits them (and needs a reader in
`tests/render/readback.py`, or every test here fails for it).

Each test renders through the public `briefgen.render.render` and checks what
`tests.render.readback` reads back from the bytes. A format-specific detail (PDF fonts and
shaping, DOCX styles and package layout) is tested in that format's own module.

Where the formats disagree, the test states the intended behaviour and is marked
`xfail(strict=True)` for the failing format only (see `formats`); none is marked today.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.compose.blocks import (
    Block,
    Heading,
    ListBlock,
    Para,
    SignatureBlock,
    Table,
)
from briefgen.errors import RenderError
from briefgen.render import FORMATS, render
from briefgen.theme import Theme, load_theme
from tests.render import pdf_documents as docs
from tests.render.readback import READERS, Reader, TableRead, reader_for, squash
from tests.sample_documents import (
    ARABIC_NAME,
    ARABIC_TITLE,
    long_document,
    png,
    sample_document,
)

ROOT = Path(__file__).resolve().parents[2]
RECORDS = Path(__file__).resolve().parent / "records"


def formats(**failing: tuple[type[BaseException], str]) -> list[object]:
    """Every registered format as a test parameter. `failing` maps a format to the exception
    it fails the test with today and why: a known inconsistency between the formats,
    strictly expected (the mark must go when the format is fixed)."""
    return [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, raises=failing[name][0], reason=failing[name][1]),
        )
        if name in failing
        else name
        for name in sorted(FORMATS)
    ]


@pytest.fixture(scope="module", params=sorted(FORMATS))
def fmt(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme()


@pytest.fixture(scope="module")
def reader(fmt: str) -> Reader:
    return reader_for(fmt)


@pytest.fixture(scope="module")
def sample(fmt: str, theme: Theme) -> bytes:
    return render(sample_document(), fmt, theme)


def strings_of(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every text of a document's blocks."""
    for block in blocks:
        if isinstance(block, Para | Heading):
            yield block.text
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item.label
                yield item.para.text
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from (para.text for para in cell.paras)
        elif isinstance(block, SignatureBlock):
            yield from strings_of(block.intro)
            for sig in block.signatures:
                yield from (para.text for para in (*sig.caption, *sig.details))


def table_headed(tables: list[TableRead], first: str) -> TableRead:
    """The table whose first cell reads `first`."""
    (table,) = [t for t in tables if t.rows and t.rows[0][0] == first]
    return table


# --- the readers -----------------------------------------------------------------------------


def test_every_format_has_a_reader(fmt: str) -> None:
    """Each registered format has a reader for the shared suite."""
    assert reader_for(fmt) is READERS[fmt]


def test_a_format_without_a_reader_fails_loudly() -> None:
    """Asking for the reader of a format nobody wrote one for is an error saying where to add it."""
    with pytest.raises(LookupError, match=r"tests/render/readback\.py"):
        reader_for("no-such-format")


def test_every_reader_reads_a_registered_format() -> None:
    """No reader is left over for a format that is no longer registered."""
    assert set(READERS) <= set(FORMATS)


def test_the_readback_finds_a_planted_string_and_only_it(
    fmt: str, reader: Reader, theme: Theme
) -> None:
    """A word planted in a document reads back from it, and not from one without it (the
    suite's text checks cannot pass on an empty readback)."""
    planted = render(docs.text_document("Before Quokka-4711 after"), fmt, theme)
    plain = render(docs.text_document("Before after"), fmt, theme)
    assert "Quokka-4711" in squash("".join(reader.lines(planted, theme)))
    assert "Quokka-4711" not in squash("".join(reader.lines(plain, theme)))
    assert squash("Before after") in squash("".join(reader.lines(plain, theme)))


# --- text ------------------------------------------------------------------------------------


def test_every_string_of_the_sample_is_printed(sample: bytes, reader: Reader, theme: Theme) -> None:
    """Every text of the sample document's blocks, Arabic included, reads back from its flow."""
    printed = squash("".join(reader.lines(sample, theme)))
    missing = [s for s in strings_of(sample_document().blocks) if squash(s) not in printed]
    assert missing == []


def test_markup_and_other_scripts_print_as_themselves(
    sample: bytes, reader: Reader, theme: Theme
) -> None:
    """Markup-like text, ampersands, Azerbaijani, Uzbek oʻ and Arabic are printed as written."""
    printed = squash("\n".join(reader.lines(sample, theme)))
    for needle in (
        "Text with <b>markup</b> & R&D; kept as is.",
        "(R&D <area> 1)",
        "İSTİQAMƏT, ə ğ ı ş",
        "Oʻzbekiston, Gʻijduvon",
        ARABIC_NAME,
        ARABIC_TITLE,
    ):
        assert squash(needle) in printed, needle


def test_a_newline_starts_a_new_line(sample: bytes, reader: Reader, theme: Theme) -> None:
    """A newline in a paragraph's text is a line break: the text after it starts a line."""
    lines = reader.lines(sample, theme)
    ends = [n for n, line in enumerate(lines) if line.endswith("kept as is.")]
    assert len(ends) == 1
    assert lines[ends[0] + 1].startswith("Second line.")


def test_paragraph_direction_follows_the_document(sample: bytes, reader: Reader) -> None:
    """A right-to-left paragraph reads right to left, a Latin one left to right."""
    assert reader.direction(sample, ARABIC_TITLE) == "rtl"
    assert reader.direction(sample, ARABIC_NAME) == "rtl"
    assert reader.direction(sample, "Each Party bears its own costs.") == "ltr"


#: An Arabic recital that starts with a Latin acronym (issue 14).
UNDRR_RECITAL = "UNDRR يشجع الطرفين على تنفيذ إطار سنداي"


def test_an_arabic_paragraph_starting_with_a_latin_word_reads_right_to_left(
    fmt: str, reader: Reader, theme: Theme
) -> None:
    """The direction compose gives a paragraph (by its language) holds even when its first
    strong letter is Latin: "UNDRR" stands at the right, the Arabic after it to its left."""
    data = render(docs.text_document(UNDRR_RECITAL, rtl=True), fmt, theme)
    assert reader.direction(data, UNDRR_RECITAL) == "rtl"


def test_an_arabic_plan_starting_with_latin_reads_right_to_left(
    fmt: str, reader: Reader, theme: Theme
) -> None:
    """In an Arabic plan every recital reads right to left, those that open with a Latin
    acronym included, in the flow ("UNDRR ...") and in a table cell ("GIS ...")."""
    from briefgen.compose.plan import compose_plan
    from briefgen.load import load

    plan = load(RECORDS / "plan-ar-latin.yaml")
    data = render(compose_plan(plan), fmt, theme)  # type: ignore[arg-type]
    assert reader.direction(data, "UNDRR يُشَجِّعُ الطرفين") == "rtl"
    assert reader.direction(data, "GIS تدريب مشترك") == "rtl"


# --- page furniture --------------------------------------------------------------------------


def test_watermark_on_every_page_of_a_draft(sample: bytes, reader: Reader, theme: Theme) -> None:
    """A draft carries its watermark on every page."""
    pages = reader.pages(sample, theme)
    assert pages
    assert all(page.watermarks == ("DRAFT",) for page in pages), pages


def test_no_watermark_without_one(fmt: str, reader: Reader, theme: Theme) -> None:
    """A document without a watermark has none on any page, and DRAFT is printed nowhere."""
    data = render(sample_document(draft=False), fmt, theme)
    pages = reader.pages(data, theme)
    assert pages and not any(page.watermarks for page in pages)
    assert "DRAFT" not in "".join(reader.lines(data, theme))


def test_marking_at_top_and_bottom_of_every_page(
    sample: bytes, reader: Reader, theme: Theme
) -> None:
    """The classification marking is printed at the top and at the bottom of every page."""
    pages = reader.pages(sample, theme)
    assert pages
    for page in pages:
        assert "FOR OFFICIAL USE ONLY" in page.top, page
        assert "FOR OFFICIAL USE ONLY" in page.bottom, page


def test_no_marking_without_one(fmt: str, reader: Reader, theme: Theme) -> None:
    """A document without a marking prints none, at the page edges or anywhere else."""
    data = render(sample_document(marking=None), fmt, theme)
    pages = reader.pages(data, theme)
    furniture = "".join(line for page in pages for line in (*page.top, *page.bottom))
    assert pages and "OFFICIAL USE" not in furniture
    assert "OFFICIAL USE" not in "".join(reader.lines(data, theme))


def test_page_label_on_every_page(sample: bytes, reader: Reader, theme: Theme) -> None:
    """Each page's foot carries 'Page n of N': its own number and the right total."""
    label = sample_document().page_label
    for page in reader.pages(sample, theme):
        assert squash(page.counter(label)) in squash("".join(page.bottom)), page


def test_footer_text_on_every_page(sample: bytes, reader: Reader, theme: Theme) -> None:
    """The footer text (reference and version) is printed at the foot of every page."""
    footer = sample_document().footer
    pages = reader.pages(sample, theme)
    assert pages
    assert all(squash(footer) in squash("".join(page.bottom)) for page in pages)


def test_running_header_from_page_two(sample: bytes, reader: Reader, theme: Theme) -> None:
    """The running header is printed at the top of every page but the first."""
    header = sample_document().header
    first, *others = reader.pages(sample, theme)
    assert others, "the sample must run over more than one page"
    assert header not in first.top
    assert all(header in page.top for page in others), others


# --- determinism -----------------------------------------------------------------------------


def test_same_bytes_twice_in_one_process(fmt: str, sample: bytes, theme: Theme) -> None:
    """Rendering the same Document again gives the same bytes (no state leaks between runs)."""
    assert render(sample_document(), fmt, theme) == sample


def test_same_bytes_in_separate_processes(fmt: str, sample: bytes) -> None:
    """Two fresh interpreters with different hash seeds write the bytes this process wrote."""
    script = (
        "import sys; from briefgen.render import render; from briefgen.theme import load_theme;"
        "from tests.sample_documents import sample_document;"
        f"sys.stdout.buffer.write(render(sample_document(), {fmt!r}, load_theme()))"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs == [sample, sample]


# --- tables ----------------------------------------------------------------------------------


def test_header_rows_repeat_and_every_row_is_kept(fmt: str, reader: Reader, theme: Theme) -> None:
    """A 300-initiative table repeats its two header rows on every page and keeps each of its
    300 body rows and 30 section rows once."""
    data = render(long_document(300), fmt, theme)
    table = table_headed(reader.tables(data), "No.")
    assert table.header_rows == 2
    header = {cell for row in table.rows[:2] for cell in row}
    assert {"Expected outcome", "MES of Uzbekistan"} <= header
    assert len(table.rows) == 2 + 30 + 300
    assert [row[0] for row in table.rows[2:4]] == [
        "1. Təlim və potensialın gücləndirilməsi (R&D <area> 1)",
        "1.1",
    ]
    assert table.rows[-1][0] == "30.10"


def test_spanning_cells_cover_their_grid_positions(sample: bytes, reader: Reader) -> None:
    """Cells spanning columns or rows stand at their place in the grid and cover the positions
    they span; a section row spans the whole table."""
    table = table_headed(reader.tables(sample), "No.")
    assert table.rows[:4] == (
        ("No.", "Activity", "Timeframe", "Responsible", None, "Expected outcome"),
        (None, None, None, "MES of Azerbaijan", "MES of Uzbekistan", None),
        ("1. Təlim və potensialın gücləndirilməsi (R&D <area> 1)", None, None, None, None, None),
        (
            "1.1",
            "Joint command-post exercise on a major earthquake in Baku & Oʻzbekiston, Gʻijduvon",
            "2026 Q3",
            "Crisis Management Center",
            "Department of Civil Protection",
            "Enhanced readiness of rescue teams",
        ),
    )


def test_rows_may_leave_out_spanned_positions(fmt: str, reader: Reader, theme: Theme) -> None:
    """A row may omit the placeholders under a cell spanning rows; its cells still line up."""
    data = render(docs.spanning_table_document(), fmt, theme)
    (table,) = reader.tables(data)
    assert table.rows == (("No.", "Activity", "Outcome"), ("A", "B1", "C1"), (None, "B2", "C2"))


def test_right_to_left_table_mirrors_its_columns(fmt: str, reader: Reader, theme: Theme) -> None:
    """In a right-to-left table the first column stands on the right."""
    data = render(docs.rtl_table_document(), fmt, theme)
    (table,) = reader.tables(data)
    assert table.rows == (("Outcome", "Activity", "No."), ("LAST-COLUMN", ARABIC_TITLE, "1.1"))


# --- pictures --------------------------------------------------------------------------------


def test_image_is_placed_at_its_height(
    fmt: str, reader: Reader, theme: Theme, tmp_path: Path
) -> None:
    """A picture is placed once, at its height in millimetres, keeping its proportions."""
    path = tmp_path / "emblem.png"
    path.write_bytes(png(200, 100))
    data = render(docs.image_document(str(path), height_mm=20), fmt, theme)
    ((width, height),) = reader.images(data)
    assert (width, height) == (pytest.approx(40, abs=0.05), pytest.approx(20, abs=0.05))


@pytest.mark.parametrize("content", [None, b"not a picture"], ids=["missing", "broken"])
def test_unreadable_image_names_its_path(
    fmt: str, theme: Theme, tmp_path: Path, content: bytes | None
) -> None:
    """A picture that is missing or cannot be read is a RenderError naming its path."""
    path = tmp_path / "emblem-77.png"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RenderError, match=r"emblem-77\.png"):
        render(docs.image_document(str(path)), fmt, theme)


# --- failures --------------------------------------------------------------------------------


def test_cells_beyond_the_columns_name_the_table_and_row(fmt: str, theme: Theme) -> None:
    """A row whose cells overfill the table's columns is a RenderError naming table and row."""
    with pytest.raises(RenderError, match=r"table programme, row item 3: .*columns"):
        render(docs.overfull_row_document(), fmt, theme)


@pytest.mark.parametrize("fmt", formats())
def test_a_layout_failure_names_the_document(fmt: str) -> None:
    """A Document that cannot be laid out fails with a message starting with its id."""
    with pytest.raises(RenderError) as info:
        render(docs.overfull_row_document("visit-042"), fmt, load_theme())
    assert str(info.value).startswith("visit-042: table programme, row item 3: ")


# --- properties and the page -----------------------------------------------------------------


def test_properties_come_from_meta(sample: bytes, reader: Reader) -> None:
    """Title, subject and author of the file are the Document's meta."""
    assert reader.metadata(sample) == {
        "title": "Meeting with the Minister of Emergency Situations of Uzbekistan",
        "subject": "Briefing note",
        "author": "Leyla Məmmədova",
    }


def test_the_default_theme_has_a4_pages(sample: bytes, reader: Reader) -> None:
    """The default theme lays the document out on A4 pages."""
    assert reader.page_size(sample) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))


@pytest.mark.parametrize("fmt", formats())
def test_the_text_area_has_the_themes_side_margins(fmt: str) -> None:
    """The text area stands between the theme's left and right margins."""
    theme = load_theme()
    data = render(sample_document(), fmt, theme)
    points = 25.4 / 72
    assert reader_for(fmt).side_margins(data) == (
        pytest.approx(theme.page.left * points, abs=0.2),
        pytest.approx(theme.page.right * points, abs=0.2),
    )


@pytest.mark.parametrize("fmt", formats())
def test_a_theme_stating_only_a_letter_page_gives_letter_pages(fmt: str, tmp_path: Path) -> None:
    """A theme folder whose theme.toml only sets the page size to Letter lays the document
    out on Letter pages; everything else comes from the default theme."""
    folder = tmp_path / "letter"
    folder.mkdir()
    (folder / "theme.toml").write_text('[page]\nsize = "Letter"\n', encoding="utf-8")
    data = render(sample_document(), fmt, load_theme(folder))
    assert reader_for(fmt).page_size(data) == (
        pytest.approx(215.9, abs=0.1),
        pytest.approx(279.4, abs=0.1),
    )


@pytest.mark.parametrize("fmt", formats())
def test_a_copied_theme_set_to_letter_gives_letter_pages(fmt: str, tmp_path: Path) -> None:
    """A copy of the default theme folder whose page size is changed to Letter lays the
    document out on Letter pages."""
    folder = tmp_path / "letter"
    shutil.copytree(load_theme().root, folder)
    toml = folder / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'size = "A4"' in text
    toml.write_text(text.replace('size = "A4"', 'size = "Letter"'), encoding="utf-8")
    data = render(sample_document(), fmt, load_theme(folder))
    assert reader_for(fmt).page_size(data) == (
        pytest.approx(215.9, abs=0.1),
        pytest.approx(279.4, abs=0.1),
    )
