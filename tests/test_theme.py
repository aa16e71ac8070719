"""Themes: loading by name or folder, layering over the default, inheritance, validation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.compose.blocks import STYLES
from briefgen.errors import ThemeError
from briefgen.theme import PAGE_SIZES, REQUIRED_STYLES, TEMPLATES, load_theme

ROOT = Path(__file__).resolve().parents[1]


def theme_folder(tmp_path: Path, toml: str) -> Path:
    """A theme folder holding only this theme.toml."""
    folder = tmp_path / "mytheme"
    folder.mkdir(exist_ok=True)
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    return folder


def test_default_theme_defines_every_style() -> None:
    """The shipped theme defines every paragraph style compose uses, and the rest it needs."""
    theme = load_theme()
    assert set(STYLES) <= set(REQUIRED_STYLES)
    assert set(REQUIRED_STYLES) <= set(theme.styles)
    assert theme.name == "default" and theme.root == (TEMPLATES / "default").resolve()
    assert theme.reference_docx == theme.root / "reference.docx"


def test_default_theme_is_readable() -> None:
    """Body text is about 10-10.5 pt and table text about 9 pt, on A4."""
    theme = load_theme()
    assert 10 <= theme.style("body").size <= 10.5
    assert 8.5 <= theme.style("cell").size <= 9.5
    assert theme.page.size == "A4"
    assert (theme.page.width, theme.page.height) == PAGE_SIZES["A4"]


def test_fonts_default_to_the_shipped_ones() -> None:
    """Font files named without a folder are found in briefgen's own fonts."""
    fonts = load_theme().fonts
    assert fonts.regular.name == "DejaVuSans.ttf" and fonts.regular.is_file()
    assert fonts.face(bold=True, italic=True).name == "DejaVuSans-BoldOblique.ttf"


def test_dotted_styles_inherit_from_their_parent() -> None:
    """cell.header takes what cell sets and it does not (size), and overrides the rest."""
    theme = load_theme()
    cell, header = theme.style("cell"), theme.style("cell.header")
    assert header.size == cell.size and header.line_height == cell.line_height
    assert header.bold and not cell.bold
    assert header.fill is not None and cell.fill is None


def test_palette_names_resolve_to_hex() -> None:
    """A colour given by palette name is resolved to #RRGGBB."""
    assert load_theme().style("heading.1").colour == "#1F3864"


def test_a_theme_states_only_what_it_changes(tmp_path: Path) -> None:
    """A theme.toml holding one key is laid over the default theme."""
    folder = theme_folder(tmp_path, '[page]\nsize = "Letter"\n[styles.body]\nsize = 11\n')
    theme = load_theme(folder)
    assert theme.page.size == "Letter" and theme.page.width == 612
    assert theme.style("body").size == 11
    assert theme.style("cell").size == load_theme().style("cell").size
    assert theme.name == "mytheme"


def test_theme_by_path_string_and_copied_folder(tmp_path: Path) -> None:
    """A copied theme folder, given as a path string, loads with its own settings."""
    folder = tmp_path / "copy"
    shutil.copytree(TEMPLATES / "default", folder)
    toml = folder / "theme.toml"
    toml.write_text(toml.read_text("utf-8").replace('size = "A4"', 'size = "Letter"'), "utf-8")
    assert load_theme(str(folder)).page.size == "Letter"


def test_unknown_theme_name_lists_the_shipped_ones() -> None:
    """An unknown theme name is a ThemeError listing the shipped themes."""
    with pytest.raises(ThemeError, match=r"shipped themes: .*default"):
        load_theme("no-such-theme")


def test_fingerprint_follows_the_settings(tmp_path: Path) -> None:
    """Equal settings give equal fingerprints; a changed setting gives another."""
    assert load_theme().fingerprint == load_theme().fingerprint
    changed = load_theme(theme_folder(tmp_path, "[styles.body]\nsize = 11\n"))
    assert changed.fingerprint != load_theme().fingerprint


@pytest.mark.parametrize(
    ("toml", "key", "message"),
    [
        ("[styles.cell]\nsize = 'big'\n", "styles.cell.size", "expected a number"),
        ("[styles.cell]\nsize = true\n", "styles.cell.size", "expected a number"),
        ("[styles.cell]\nsize = 0\n", "styles.cell.size", "from 1 to 400"),
        ("[styles.cell]\nsise = 9\n", "styles.cell.sise", "unknown style property"),
        ("[styles.body]\ncolour = 'blue'\n", "styles.body.colour", "#RRGGBB"),
        ("[styles.body]\nalign = 'left'\n", "styles.body.align", "start, center, end"),
        ("[styles.body]\nbold = 'yes'\n", "styles.body.bold", "true or false"),
        ("[page]\nsize = 'A5'\n", "page.size", "A4, Letter"),
        ("[page]\nmargins_mm = { inside = 20 }\n", "page.margins_mm.inside", "unknown key"),
        ("[page]\nmargins_mm = { left = 100, right = 100 }\n", "page.margins_mm", "too little"),
        ("[page]\nmargins_mm = 20\n", "page.margins_mm", "expected a table"),
        ("[page]\nlogo = 'emblem.png'\n", "page.logo", "file not found"),
        ("[fonts]\nregular = 'Missing.ttf'\n", "fonts.regular", "file not found"),
        ("[colours]\nnavy = '#12345'\n", "colours.navy", "#RRGGBB"),
        ("colour = 'red'\n", "colour", "unknown key"),
    ],
)
def test_invalid_settings_name_file_and_key(
    tmp_path: Path, toml: str, key: str, message: str
) -> None:
    """A wrong value in theme.toml is a ThemeError naming the file, the key and the problem."""
    folder = theme_folder(tmp_path, toml)
    with pytest.raises(ThemeError) as info:
        load_theme(folder)
    text = str(info.value)
    assert str(folder / "theme.toml") in text
    assert f": {key}: " in text
    assert message in text


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    """A theme.toml that is not TOML is a ThemeError naming the file and the line."""
    folder = theme_folder(tmp_path, "[page\nsize = 1\n")
    with pytest.raises(ThemeError, match=r"theme\.toml: .*line 1"):
        load_theme(folder)


def test_fonts_and_logo_found_in_the_theme_folder(tmp_path: Path) -> None:
    """Font and logo files in the theme folder are used in preference to the shipped ones."""
    folder = theme_folder(tmp_path, "[page]\nlogo = 'emblem.png'\n")
    shutil.copy(load_theme().fonts.bold, folder / "DejaVuSans.ttf")
    (folder / "emblem.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # a PNG signature
    theme = load_theme(folder)
    assert theme.fonts.regular == (folder / "DejaVuSans.ttf").resolve()
    assert theme.page.logo == (folder / "emblem.png").resolve()


def test_unknown_style_name_is_a_theme_error() -> None:
    """Asking for a style the theme lacks is a ThemeError naming it."""
    with pytest.raises(ThemeError, match=r"styles\.nonesuch"):
        load_theme().style("nonesuch")


def test_importing_theme_loads_no_document_library() -> None:
    """Loading a theme imports neither reportlab nor python-docx."""
    code = (
        "import sys; from briefgen.theme import load_theme; load_theme();"
        "print(sorted(m for m in ('reportlab', 'docx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
