"""The PDF renderer's own behaviours: fonts and glyphs, Arabic shaping, splitting and wrapping,
reportlab's set-up and failures, composed plans on real pages.

What every format does (every string printed, furniture, tables, pictures, byte identity,
failure names) is tested once for all formats in `tests/render/test_formats.py`.
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import arabic_reshaper
import attrs
import pdfplumber
import pypdf
import pytest

from briefgen.compose.blocks import Document, PageBreak, Para
from briefgen.errors import RenderError
from briefgen.render.pdf import render
from briefgen.text import is_rtl
from briefgen.theme import Theme, load_theme
from tests.render import pdf_documents as docs
from tests.render.readback import dehyphenate, squash
from tests.sample_documents import ARABIC_NAME, ARABIC_TITLE, sample_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme()


@pytest.fixture(scope="module")
def sample_pdf(theme: Theme) -> bytes:
    return render(sample_document(), theme)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def printed_in(text: str, printed: str) -> bool:
    """Whether `text` can be read in `printed` (the squashed extraction of a PDF).

    Arabic is drawn as presentation forms in visual order. NFKC maps presentation forms back
    to the base letters (and the lam-alef ligature to lam + alef), so both sides compare as
    plain letters. pypdf then reorders right-to-left runs on extraction by its own heuristics
    (usually back to logical order, but digits and brackets move), so Arabic text is checked
    word by word, each word in logical or visual order. Latin text must appear as is.
    """
    if not is_rtl(text):
        return squash(text) in printed
    words = squash(" ".join(arabic_reshaper.reshape(text).split())) and text.split()
    return all(
        squash(arabic_reshaper.reshape(word)) in printed
        or squash(arabic_reshaper.reshape(word))[::-1] in printed
        for word in words
    )


def test_arabic_is_shaped_and_right_to_left(sample_pdf: bytes) -> None:
    """Arabic is drawn joined (presentation forms), right to left, digits and brackets in place."""
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        chars = [c for page in pdf.pages[:1] for c in page.chars]
    first = arabic_reshaper.reshape(ARABIC_TITLE)[0]  # initial form of س, the first letter
    assert 0xFE70 <= ord(first) <= 0xFEFF
    top = next(c["top"] for c in chars if c["text"] == first)
    x = {c["text"]: c["x0"] for c in chars if abs(c["top"] - top) < 1}  # "سفير دولة فلسطين (2025)"
    assert x[first] > x["2"]  # the first letter is at the right, the year at the left
    assert x["("] < x["2"] < x[")"]  # brackets mirrored: the year reads "(2025)"


def test_fonts_are_embedded_truetype_only(sample_pdf: bytes) -> None:
    """Every font in the PDF is an embedded TrueType subset; no Helvetica leaks in."""
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert "Helvetica" not in name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name


def test_fonts_are_only_the_themes_own(sample_pdf: bytes) -> None:
    """The PDF uses only the theme's four faces; reportlab's default Helvetica is nowhere."""
    assert b"Helvetica" not in sample_pdf
    fonts = load_theme().fonts
    stems = {path.stem for path in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic)}
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    used = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert used and used <= stems, used


def test_dates_are_invariant(sample_pdf: bytes) -> None:
    """The document information dates are reportlab's fixed invariant ones, never the clock."""
    info = pypdf.PdfReader(io.BytesIO(sample_pdf)).metadata
    assert info is not None
    assert str(info["/CreationDate"]).startswith("D:2000")
    assert str(info["/ModDate"]).startswith("D:2000")


def test_row_taller_than_a_page_splits(theme: Theme) -> None:
    """An outcome of 3,000 words splits across pages instead of failing."""
    data = render(docs.tall_row_document(3000), theme)
    pages = page_texts(data)
    assert len(pages) > 2
    assert all("Outcome" in text for text in pages)
    words = squash("".join(pages)).count("outcome")
    assert words == 3000 + 0  # every word printed, the header's "Outcome" is capitalised


def test_unbroken_word_wraps_inside_its_cell(theme: Theme) -> None:
    """A 10,000-character URL wraps inside its column: every character printed, none outside."""
    data = render(docs.long_word_document(10_000), theme)
    page = theme.page
    count = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            for char in p.chars:
                assert page.left - 1 <= char["x0"] and char["x1"] <= page.width - page.right + 1
                count += char["text"] == "x"
    assert count >= 10_000 - 20


@pytest.mark.parametrize("char", ["中", "\U0001f9ff"])
def test_character_without_glyph_is_an_error(theme: Theme, char: str) -> None:
    """A character the font lacks is a RenderError naming the document and the character."""
    with pytest.raises(RenderError) as info:
        render(
            docs.text_document(f"Visit of the delegation {char} to Baku", doc_id="glyphs"), theme
        )
    message = str(info.value)
    assert "glyphs" in message and f"U+{ord(char):04X}" in message
    assert "Visit of the delegation" in message


def test_whitespace_and_format_characters_need_no_glyph(theme: Theme) -> None:
    """Tabs, no-break spaces and direction marks never count as missing glyphs: the text
    around them renders, every letter in order."""
    data = render(
        docs.text_document("Alpha\tBeta\u00a0Gamma\u200fDelta\u200dEpsilon\u2028Zeta"), theme
    )
    printed = squash("".join(page_texts(data)))
    assert re.search("Alpha.?Beta.?Gamma.?Delta.?Epsilon.?Zeta", printed), printed


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("Ministry \u2067(of)\u2069 Emergency Situations\u180e ok", False),
        ("Ministry \u2067(of)\u2069 Emergency\u061c Situations\u180e ok", False),
        ("وزارة \u2066(Ministry)\u2069 حالات\u061c الطوارئ\u180e", True),
    ],
)
def test_invisible_characters_never_print_as_boxes(theme: Theme, text: str, rtl: bool) -> None:
    """Isolates, the Arabic letter mark and U+180E have no glyph in DejaVu Sans: they steer
    the order or nothing, and print as nothing, never as the missing-glyph box (glyph 0,
    which pypdf reads as NUL), in the flow and in the running header of page 2."""
    one = docs.text_document(text, rtl=rtl)
    document = attrs.evolve(one, header=text, blocks=(*one.blocks, PageBreak(), *one.blocks))
    pages = page_texts(render(document, theme))
    assert len(pages) == 2 and all("\x00" not in page for page in pages)
    visible = text.translate(dict.fromkeys([0x2066, 0x2067, 0x2069, 0x61C, 0x180E]))
    if not rtl:
        assert pages[1].count(visible) == 2  # the header and the paragraph


def test_arabic_in_italic_style_is_upright(theme: Theme) -> None:
    """Arabic in an italic style uses the upright face (the oblique one has no Arabic)."""
    document = Document(
        meta=docs.text_document("x").meta, blocks=(Para.of(ARABIC_NAME, "recital", rtl=True),)
    )
    assert printed_in(ARABIC_NAME, squash("".join(page_texts(render(document, theme)))))


def test_long_arabic_wraps_right_aligned(theme: Theme) -> None:
    """A long Arabic paragraph wraps into several lines, each ending at the right margin."""
    document = docs.text_document(" ".join([ARABIC_TITLE] * 30), rtl=True)
    with pdfplumber.open(io.BytesIO(render(document, theme))) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    assert len(lines) > 3
    right = theme.page.width - theme.page.right
    assert all(abs(line["x1"] - right) < 1 for line in lines)


def test_cell_padding_wider_than_a_column_names_table_row_and_style(tmp_path: Path) -> None:
    """A theme whose cell padding leaves a column no room is a RenderError naming the document,
    table, row, column and style (reportlab would raise a bare ValueError)."""
    folder = tmp_path / "cramped"
    folder.mkdir()
    (folder / "theme.toml").write_text("[styles.table]\npadding = 100\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render(docs.tall_row_document(10), load_theme(folder))
    assert str(info.value).startswith(
        "tall: table initiatives, row 1: column 1 is narrower than the cell padding of style "
        "table.grid (100 pt each side)"
    )


def test_layout_failure_is_translated_from_reportlab(theme: Theme) -> None:
    """reportlab's LayoutError becomes a RenderError naming the table and row, chained to it."""
    with pytest.raises(RenderError) as info:
        render(docs.tall_spanning_document(), theme)
    # Imported after a render: platypus must not be imported before the renderer's set-up.
    from reportlab.platypus.doctemplate import LayoutError

    assert isinstance(info.value.__cause__, LayoutError)


def test_a_partly_measured_table_is_described_without_failing(theme: Theme) -> None:
    """reportlab words the LayoutError of a table too large for any frame with the table's
    tallest row, and fails (TypeError) on rows it has not measured; ours skips them."""
    import importlib

    render(sample_document(), theme)  # the set-up is done; platypus may be imported
    from reportlab.platypus import Table as RLTable

    tables = importlib.import_module("briefgen.render.pdf.tables")
    table = tables.GridTable([["a"], ["b"], ["c"]])
    table._rowHeights = [12.0, 30.5, None]
    with pytest.raises(TypeError):
        RLTable._culprit(table)
    assert table._culprit() == "tallest cell 30.5 points"


@pytest.mark.parametrize("error", [ValueError, TypeError, KeyError])
def test_a_bug_in_the_renderer_is_not_a_render_error(
    theme: Theme, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """Only reportlab's own layout failure is translated: a bug of ours raised while the
    pages are built keeps its type and traceback."""
    import importlib

    render(sample_document(), theme)  # the set-up is done; the modules can be imported
    furniture = importlib.import_module("briefgen.render.pdf.furniture")

    def broken(*args: object) -> None:
        raise error("a bug")

    monkeypatch.setattr(furniture.Furniture, "on_page", broken)
    with pytest.raises(error, match="a bug"):
        render(sample_document(), theme)


def test_layout_failure_names_the_row_of_a_spanning_cell(theme: Theme) -> None:
    """A cell spanning rows and taller than a page is a RenderError naming table and row."""
    with pytest.raises(RenderError) as info:
        render(docs.tall_spanning_document(), theme)
    assert str(info.value).startswith("edge: table initiatives, initiative 1.1:")


IMPORT_PROBE = """
import json, sys
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

def settings():
    return {k: repr(v) for k, v in vars(rl_config).items() if not k.startswith("__")}

before, fonts = settings(), set(pdfmetrics.getRegisteredFontNames())
import briefgen.render.pdf
after = settings()
print(json.dumps({
    "changed": sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)),
    "registered": sorted(set(pdfmetrics.getRegisteredFontNames()) - fonts),
    "imported": sorted(m for m in sys.modules if m.startswith(("reportlab.platypus", "reportlab.lib.styles"))),
}))
"""


def test_importing_the_renderer_changes_nothing() -> None:
    """Importing briefgen.render.pdf leaves reportlab's settings as they were, registers no
    font and imports no platypus module: the set-up waits for the first render."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"changed": [], "registered": [], "imported": []}


def test_the_renderer_imports_no_checker_loader_or_other_renderer() -> None:
    """No module of the PDF renderer imports briefgen.coverage, briefgen.load, the DOCX
    renderer or python-docx, even for type checking."""
    package = ROOT / "briefgen" / "render" / "pdf"
    imported: dict[str, set[str]] = {}
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            imported.setdefault(path.name, set()).update(names)
    assert "fonts.py" in imported and "layout.py" in imported
    forbidden = (
        "briefgen.coverage",
        "briefgen.load",
        "briefgen.render.docx",
        "docx",
        "briefgen.cli",
    )
    found = {
        (name, module)
        for name, modules in imported.items()
        for module in modules
        if module == "docx" or module.startswith(forbidden)
    }
    assert found == set()


def test_render_module_imports_no_docx() -> None:
    """The PDF renderer never imports python-docx."""
    code = "import sys, briefgen.render.pdf; print('docx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def body_text_only(obj: dict[str, object]) -> bool:
    """pdfplumber filter: drop the big letters of the DRAFT watermark that cross the cells."""
    return obj.get("object_type") != "char" or float(obj.get("size", 0)) < 30  # type: ignore[arg-type]


def plumbed_rows(data: bytes) -> list[list[str]]:
    """Every table row pdfplumber finds, cells with whitespace collapsed (and a word the PDF
    hyphenated at a line end read whole)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [" ".join("\n".join(dehyphenate((cell or "").split("\n"))).split()) for cell in row]
            for page in pdf.pages
            for table in page.filter(body_text_only).extract_tables()
            for row in table
        ]


def test_example_initiatives_table_is_recovered_whole(theme: Theme) -> None:
    """pdfplumber reads back the az-uz plan's header and every initiative's cells, in order."""
    from briefgen.load import load
    from briefgen.model import Plan
    from briefgen.pipeline import compose

    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml")
    assert isinstance(plan, Plan)
    rows = plumbed_rows(render(compose(plan), theme))
    headers = {cell for row in rows[:2] for cell in row}
    assert {"No.", "Activity", "Timeframe", "Responsible", "Expected outcome"} <= headers
    assert {"MES of Azerbaijan", "MES of Uzbekistan"} <= headers
    body = [row for row in rows if row and re.fullmatch(r"\d+\.\d+", row[0])]
    sections = [row[0] for row in rows if row and re.fullmatch(r"\d+\. .+", row[0])]
    assert sections == [
        f"{s}. {section.area.any()}" for s, section in enumerate(plan.sections, start=1)
    ]
    expected = [
        (f"{s}.{i}", initiative)
        for s, section in enumerate(plan.sections, start=1)
        for i, initiative in enumerate(section.initiatives, start=1)
    ]
    assert [row[0] for row in body] == [number for number, _ in expected]
    for row, (_, initiative) in zip(body, expected, strict=True):
        joined = squash(" ".join(row))
        for value in (initiative.activity, initiative.timeframe, initiative.outcome):
            assert value is None or squash(value.any()) in joined
        for text in initiative.responsible.values():
            assert squash(text.any()) in joined


def test_composed_300_initiative_plan_has_its_header_on_every_page(theme: Theme) -> None:
    """A composed plan of 300 initiatives repeats both header rows on every page."""
    import attrs

    from briefgen.load import load
    from briefgen.model import Plan
    from briefgen.pipeline import compose

    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml")
    assert isinstance(plan, Plan)
    section = plan.sections[0]
    many = tuple(attrs.evolve(section, initiatives=section.initiatives * 25) for _ in range(4))
    assert sum(len(s.initiatives) for s in many) == 300
    data = render(compose(attrs.evolve(plan, sections=many)), theme)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        table_pages = [p for p in pdf.pages if p.extract_tables()]
        assert len(table_pages) > 10
        for page in table_pages:
            header = [
                " ".join((c or "").split()) for row in page.extract_tables()[0][:2] for c in row
            ]
            assert "Expected outcome" in header and "MES of Uzbekistan" in header, page.page_number


def test_composed_plan_whose_first_initiative_has_a_3000_word_outcome(theme: Theme) -> None:
    """The az-uz plan's first initiative with a 3,000-word outcome renders: the outcome starts
    on the page of its area heading, runs over the next pages under the repeated header, and
    every word is printed once, in order."""
    import attrs

    from briefgen.load import load
    from briefgen.model import LocalText, Plan
    from briefgen.pipeline import compose

    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml")
    assert isinstance(plan, Plan)
    first, *others = plan.sections
    long = attrs.evolve(
        first.initiatives[0], outcome=LocalText(" ".join(f"w{i:04d}" for i in range(3000)))
    )
    section = attrs.evolve(first, initiatives=(long, *first.initiatives[1:]))
    data = render(compose(attrs.evolve(plan, sections=(section, *others))), theme)
    texts = page_texts(data)
    words = [int(w[1:]) for text in texts for w in re.findall(r"\bw\d{4}\b", text)]
    assert words == list(range(3000))
    holding = [n for n, text in enumerate(texts) if re.search(r"\bw\d{4}\b", text)]
    assert len(holding) >= 5
    assert f"1. {first.area.any()}" in " ".join(texts[holding[0]].split())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in holding:
            header = " ".join(
                " ".join(c or "" for c in row) for row in pdf.pages[n].extract_tables()[0][:2]
            )
            assert "Expected outcome" in " ".join(header.split()), n + 1


def marker_pages(data: bytes) -> dict[str, set[int]]:
    """Each marker word of a tests.bilingual plan -> the pages it is printed on."""
    found: dict[str, set[int]] = {}
    for number, text in enumerate(page_texts(data), start=1):
        for word in re.findall(r"\b[A-Z][A-Za-z]*\d+(?:\.\d+)?(?:az|en|ar)\b", text):
            found.setdefault(word, set()).add(number)
    return found


def test_parallel_clauses_share_a_page_with_their_translation(theme: Theme) -> None:
    """Over many pages, each recital, provision and initiative is on one page with its translation."""
    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import bilingual_plan

    plan = bilingual_plan(recitals=24, provisions=10)
    data = render(compose_parallel(plan, [Language.AZ, Language.EN]), theme)
    pages = marker_pages(data)
    assert max(max(p) for p in pages.values()) >= 5
    clauses = [f"R{i}" for i in range(1, 25)] + [f"P{i}" for i in range(1, 11)]
    clauses += [f"I{s}.{i}" for s in (1, 2) for i in (1, 2, 3)]
    for clause in clauses:
        az, en = pages.get(f"{clause}az"), pages.get(f"{clause}en")
        assert az and en and az == en, (clause, az, en)


def test_parallel_arabic_reads_back_in_logical_order(theme: Theme) -> None:
    """In an ar+en plan the Arabic column is right-aligned on the right and reads back in order."""
    from briefgen.compose.parallel import compose_parallel
    from briefgen.model import Language
    from tests.bilingual import ARABIC, bilingual_plan

    plan = bilingual_plan(recitals=3, provisions=2, langs=("ar", "en", "az"))
    data = render(compose_parallel(plan, [Language.AR, Language.EN]), theme)
    printed = squash("".join(page_texts(data)))
    assert printed_in(ARABIC, printed)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        english = [w for w in words if w["text"].startswith("R1en")]
        english = english[:1]
        assert english
        top = english[0]["top"]  # the Arabic recital 1 starts on the line of the English one
        arabic = [c for c in page.chars if is_rtl(c["text"]) and abs(c["top"] - top) < 2]
    assert arabic
    middle = page.width / 2
    assert english[0]["x1"] < middle  # English on the left
    assert min(c["x0"] for c in arabic) > middle - 5  # Arabic on the right


@pytest.mark.parametrize(("lang", "original"), [(None, "uz"), ("az+en", "uz"), ("ar", None)])
def test_signature_order_on_the_page(theme: Theme, lang: str | None, original: str | None) -> None:
    """The original's party signs on the left (uz original); in Arabic the first party signs on the right."""
    from briefgen.load import load
    from briefgen.pipeline import compose

    plan = load(ROOT / "inputs" / "az-uz-2026" / "plan.yaml")
    data = render(compose(plan, lang, original=original), theme)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[-1].extract_words()
    x = {w["text"]: w["x0"] for w in words if w["text"] in ("Kudratkhodjaev", "Heydarov")}
    assert set(x) == {"Kudratkhodjaev", "Heydarov"}
    uzbek_left = x["Kudratkhodjaev"] < x["Heydarov"]
    assert uzbek_left is (original == "uz" or lang == "ar")


# --- bidi: the paragraph's direction, bracket pairs, vowel marks (issue 14) ------------------


def _lines(data: bytes) -> list[list[tuple[str, float]]]:
    """Each drawn line of the PDF's flow as (word, left edge), words as read (logical)."""
    from tests.render.readback import _strokes

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [stroke.words() for page in pdf.pages for stroke in _strokes(page.chars)]


def _line_with(data: bytes, word: str) -> list[tuple[str, float]]:
    (line,) = [line for line in _lines(data) if any(w == word for w, _ in line)]
    return sorted(line, key=lambda placed: placed[1])


@pytest.mark.parametrize(
    ("text", "rtl", "visual"),
    [
        # An Arabic signature caption naming a party by its English name: "For" (عن) at the
        # right, the English name left to right with its brackets paired, not "(... (".
        (
            "عن Ministry of Emergency Situations (Republic of Azerbaijan)",
            True,
            ["Ministry", "of", "Emergency", "Situations", "(Republic", "of", "Azerbaijan)", "عن"],
        ),
        # The same in a paragraph of the other direction: an English caption quoting Arabic.
        (
            "For الدفاع المدني (State of Palestine) today",
            False,
            ["For", "المدني", "الدفاع", "(State", "of", "Palestine)", "today"],
        ),
        # Brackets around Arabic in an Arabic paragraph that starts with a Latin acronym.
        (
            "UNDRR يشجع (الطرفين) على",
            True,
            ["على", "(الطرفين)", "يشجع", "UNDRR"],
        ),
        # An isolate keeps a phrase together as Word does ("1 - 2 abc" reads left to right
        # inside the Arabic); without it the numbers would follow the Arabic's order.
        ("قال \u20681 - 2 abc\u2069 هنا", True, ["هنا", "1", "-", "2", "abc", "قال"]),
        # A right-to-left isolate in an English line: its words keep their Arabic order,
        # the Latin word inside it stays inside it.
        ("abc \u2067def قال ghi\u2069 xyz", False, ["abc", "ghi", "قال", "def", "xyz"]),
    ],
)
def test_mixed_lines_follow_the_bidi_algorithm_with_bracket_pairs(
    theme: Theme, text: str, rtl: bool, visual: list[str]
) -> None:
    """Every line is put in visual order by the full Unicode bidirectional algorithm, bracket
    pairs included, with the paragraph's base direction: the words stand left to right on
    the page as `visual` lists them, each bracket on the side of what it encloses."""
    data = render(docs.text_document(text, rtl=rtl), theme)
    assert [word for word, _ in _line_with(data, visual[0])] == visual


def test_mixed_arabic_and_latin_keep_their_order_across_line_breaks(theme: Theme) -> None:
    """A long Arabic paragraph naming an English ministry in brackets wraps into many lines;
    on every line the English words read left to right and the Arabic words right to left,
    in the order written, and no line starts or ends with an unpaired bracket flipped."""
    sentence = (
        "يرغبان في التعاون بين Ministry of Emergency Situations (Republic of Azerbaijan) والدفاع"
    )
    text = " ".join([sentence] * 12)
    data = render(docs.text_document(text, rtl=True), theme)
    lines = [line for line in _lines(data) if any(w in ("والدفاع", "Ministry") for w, _ in line)]
    assert len(lines) > 3
    written = text.split()
    for line in lines:
        latin = [w for w, _ in sorted(line, key=lambda p: p[1]) if w.isascii()]
        arabic = [w for w, _ in sorted(line, key=lambda p: -p[1]) if not w.isascii()]
        assert _in_order(latin, written), line
        assert _in_order(arabic, written), line
        for word in latin:
            assert not word.startswith(")") and not word.endswith("("), line


def _in_order(words: list[str], written: list[str]) -> bool:
    """Whether `words` occur in `written` in this order (not necessarily adjacent)."""
    it = iter(written)
    return all(word in it for word in words)


def test_arabic_vowel_marks_are_drawn_over_their_letters(theme: Theme) -> None:
    """The vowel marks are kept (issue 14): each is drawn where its letter is, not beside
    the word or dropped."""
    word = "مُحَمَّد"
    data = render(docs.text_document(f"{word} UNDRR", rtl=True), theme)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["top"] > theme.page.top]
    marks = [c for c in chars if 0x064B <= ord(c["text"]) <= 0x0652]
    letters = [c for c in chars if 0xFE70 <= ord(c["text"]) <= 0xFEFF]
    assert sorted(c["text"] for c in marks) == sorted("\u064f\u064e\u0651\u064e")
    for mark in marks:
        assert any(c["x0"] - 0.5 <= mark["x0"] <= c["x1"] + 0.5 for c in letters), mark


def test_a_no_break_space_keeps_a_date_on_one_line(theme: Theme) -> None:
    """Lines break anywhere but at a no-break space (as compose puts between "3" and
    "December"), in left-to-right and right-to-left paragraphs alike: of paragraphs whose
    lines would otherwise break after the "3" at some length, none does."""
    from briefgen.compose.blocks import Meta
    from briefgen.compose.context import keep_together

    for rtl, filler, date in ((False, "lorem", "3 December 2025"), (True, "وقعت", "3 ديسمبر")):
        paras = tuple(
            Para.of(keep_together(f"{'x' * n} {' '.join([filler] * 14)} {date}"), rtl=rtl)
            for n in range(1, 60)
        )
        data = render(Document(meta=Meta(id="t", title="T"), blocks=paras), theme)
        lines = [[w for w, _ in line] for line in _lines(data)]
        lines = [line for line in lines if "Page" not in line]  # the footer's page counter
        assert len(lines) > 60
        for line in lines:
            end = line[0] if rtl else line[-1]  # where the line ends in reading order
            assert end != "3", line


def test_words_are_hyphenated_by_language_at_line_ends(theme: Theme) -> None:
    """An English paragraph of long words breaks some of them with a hyphen at the line end
    (pyphen's en_GB dictionary); an Azerbaijani one, for which no dictionary exists, breaks
    none inside a word."""
    from briefgen.compose.blocks import Meta

    words = "interoperability of hydrometeorological organisations internationally " * 12
    for lang, hyphenated in (("en", True), ("az", False)):
        document = Document(
            meta=Meta(id="t", title="T", language=lang), blocks=(Para.of(words, lang=lang),)
        )
        lines = [[w for w, _ in line] for line in _lines(render(document, theme))]
        ends = [line[-1] for line in lines if "Page" not in line]
        assert len(ends) > 4
        assert any(end.endswith("-") for end in ends) is hyphenated, ends


# --- where pages break in tables -------------------------------------------------------------


def _table_after(lines: int, rows: int) -> Document:
    """`lines` short paragraphs, then a table of `rows` numbered body rows (R01, R02, ...)."""
    from briefgen.compose.blocks import Cell, Meta, Row, Table

    filler = tuple(Para.of(f"Filler line {i}.") for i in range(lines))
    body = tuple(
        Row(cells=(Cell(paras=(Para.of(f"R{i:02d}"),)), Cell(paras=(Para.of("text"),))))
        for i in range(1, rows + 1)
    )
    header = Row(
        kind="header", cells=(Cell(paras=(Para.of("No."),)), Cell(paras=(Para.of("Item"),)))
    )
    table = Table(columns=(1.0, 4.0), rows=(header, *body), name="t")
    return Document(meta=Meta(id="breaks", title="Breaks"), blocks=(*filler, table))


def _pages_of_rows(data: bytes) -> dict[str, int]:
    texts = page_texts(data)
    return {m: n for n, text in enumerate(texts) for m in re.findall(r"R\d\d", text)}


def _fillers_to_bottom(rows: int, theme: Theme) -> list[int]:
    """Filler counts that put the table's split at every row on page 1 (found by trying)."""
    counts = []
    for lines in range(20, 40):
        data = render(_table_after(lines, rows), theme)
        if len(page_texts(data)) == 2 and "Filler line" not in page_texts(data)[1]:
            counts.append(lines)
    return counts


def test_a_small_table_moves_whole_to_the_next_page(theme: Theme) -> None:
    """A table of five rows or fewer is never split: wherever the page ends, all its rows
    stand on one page."""
    for lines in _fillers_to_bottom(5, theme):
        pages = _pages_of_rows(render(_table_after(lines, 5), theme))
        assert len(set(pages.values())) == 1, (lines, pages)


def test_no_page_holds_a_lone_row_of_a_table(theme: Theme) -> None:
    """Wherever a long table breaks, each page holds at least two of its rows."""
    for lines in _fillers_to_bottom(12, theme):
        pages = _pages_of_rows(render(_table_after(lines, 12), theme))
        per_page = [list(pages.values()).count(n) for n in set(pages.values())]
        assert min(per_page) >= 2, (lines, per_page)
