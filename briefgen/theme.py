"""Themes: the look of a document (page, fonts, named styles), read from a theme folder.

A theme folder holds `theme.toml`: the page, the fonts and the named styles, the one source
of the look of both formats. The PDF renderer draws with them; the DOCX renderer generates
its Word styles and section properties from them (the same margins, colours, fonts and
sizes). `default` ships inside the package; `--theme` takes another name under the package's
templates or a path to a folder.

A theme folder may also hold a `reference.docx` saved from Word: its styles whose names
match ours (`NamedStyle.word`, and Word's "Normal") replace the generated ones in DOCX
output, so a user can restyle a document in Word; the page (size, margins, furniture) always
comes from `theme.toml`, and the PDF never reads the Word file.

A theme may also carry the ministry's own Word and print material, named in `theme.toml`
(each file inside the theme folder; every one is checked when the theme loads, within fixed
limits, so a zip bomb or a FIFO is refused before any record is built):

- `[letterhead]`: `docx` a Word document whose headers and footers (first page and others,
  with their pictures) are kept in the DOCX; `pdf` a one-page PDF, or a PNG or JPEG, drawn
  under the first page of the PDF; `top_mm` where the body starts on the first page, below
  the letterhead (the classification marking stays at the top edge, above it);
- `[docx]`: `template` a ministry's Word document or template (.docx, .dotx), the base of
  the DOCX's styles (its styles are used where our names match, ours added where missing);
  `embed_fonts` whether the DOCX carries the theme's fonts (Word's embedded TrueType fonts).

A theme's `theme.toml` is laid over the shipped default's, key by key, so a theme states only
what it changes (`[page] size = "Letter"` is a whole theme). Styles are named with dots and
inherit from their parent: `cell.header` takes every property `cell` does not override, and
`cell` takes them from the top level of `[styles]`. Renderers ask for a style by name
(`theme.style("cell.header")`) and never hold a literal colour, font or size.

This module reads TOML and checks it; it imports no document library.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs

from briefgen.errors import ThemeError
from briefgen.images import image_problem

__all__ = [
    "FONTS",
    "NAMED_STYLES",
    "PAGE_SIZES",
    "TEMPLATES",
    "UNHYPHENATED",
    "FontFamily",
    "Letterhead",
    "NamedStyle",
    "Page",
    "PdfSettings",
    "Style",
    "Theme",
    "WordBase",
    "letterhead_parts",
    "letterhead_pdf",
    "load_theme",
    "template_parts",
    "word_parts",
]

#: The theme folders that ship with briefgen.
TEMPLATES = Path(__file__).parent / "templates"

#: The fonts that ship with briefgen (DejaVu Sans, with its licence).
FONTS = Path(__file__).parent / "fonts"

#: Page sizes in points (width, height), portrait.
PAGE_SIZES: Mapping[str, tuple[float, float]] = {
    "A4": (210 * 72 / 25.4, 297 * 72 / 25.4),
    "Letter": (612.0, 792.0),
}

StyleKind: TypeAlias = Literal["paragraph", "heading", "table", "part", "page"]


@attrs.frozen
class NamedStyle:
    """One entry of the table of named styles: its name, what it is for, its Word name.

    `kind` says who uses it: "paragraph" styles are the ones compose may give a `Para`
    (`compose.blocks.STYLES`), "heading" the heading levels, "table" the table kinds, "part"
    a piece of a block (the signature line), "page" the page furniture. `word` is the display
    name of the Word style the DOCX renderer generates from it (a paragraph style, or a table
    style for "table"); None when Word needs no style of its own for it.
    """

    name: str
    kind: StyleKind
    word: str | None
    purpose: str


#: Every named style: the one list of style names. Each theme defines all of them (the
#: shipped default does; another theme inherits what it leaves out); compose and the
#: renderers take the names from here; a test pins the list.
NAMED_STYLES: tuple[NamedStyle, ...] = (
    NamedStyle("doctype", "paragraph", "Document Type", "kind of document above the title"),
    NamedStyle("title", "paragraph", "Title", "document title (already cased by compose)"),
    NamedStyle("subtitle", "paragraph", "Subtitle", "line under the title: parties, period"),
    NamedStyle("body", "paragraph", "Body Text", "running text"),
    NamedStyle("meta", "paragraph", "Meta", "small informational line (version, reference)"),
    NamedStyle("recital", "paragraph", "Recital", "a preamble recital"),
    NamedStyle("list", "paragraph", "List Text", "text of a bullet or numbered item"),
    NamedStyle("cell", "paragraph", "Table Text", "text in a table body cell"),
    NamedStyle("cell.header", "paragraph", "Table Header", "text in a table header cell"),
    NamedStyle("cell.section", "paragraph", "Table Section", "text of a full-width section row"),
    NamedStyle("cell.label", "paragraph", "Table Label", "the label column of a key-value table"),
    NamedStyle("signature", "paragraph", "Signature", "text of a signature block"),
    NamedStyle("marking", "paragraph", "Marking", "a stamp in the flow, right-aligned"),
    NamedStyle("annex", "paragraph", "Annex", "annex title line"),
    NamedStyle("heading.1", "heading", "heading 1", "section heading, level 1"),
    NamedStyle("heading.2", "heading", "heading 2", "section heading, level 2"),
    NamedStyle("heading.3", "heading", "heading 3", "section heading, level 3 and below"),
    NamedStyle("table.grid", "table", "Brief Grid", "data table: rules, shaded header"),
    NamedStyle("table.keyvalue", "table", "Brief Key Value", "label/value table"),
    NamedStyle("table.plain", "table", "Brief Plain", "borderless layout table"),
    NamedStyle("signature.rule", "part", "Signature Line", "the line a signatory signs on"),
    NamedStyle("signature.block", "part", None, "the space around the signatures"),
    NamedStyle("tag", "part", None, "a draft's tag after a text not in its language ('EN')"),
    NamedStyle("change.inserted", "part", None, "text a comparison marks inserted (PDF)"),
    NamedStyle("change.deleted", "part", None, "text a comparison marks deleted (PDF)"),
    NamedStyle("change.bar", "part", None, "the bar in the margin by a changed line (PDF)"),
    NamedStyle("page.marking", "page", "Classification", "marking at top and bottom of a page"),
    NamedStyle("page.watermark", "page", "Watermark", "diagonal text behind every page"),
    NamedStyle("page.header", "page", "header", "running header, page 2 on"),
    NamedStyle("page.footer", "page", "footer", "footer line and page counter"),
)

#: The styles (by name, or the start of their names) whose text is never hyphenated, in
#: either format: titles, headings and markings. (Signature blocks are: their narrow
#: columns would otherwise run a line longer and push the signatures to a page of their
#: own.)
UNHYPHENATED: tuple[str, ...] = (
    "doctype",
    "title",
    "subtitle",
    "heading",
    "cell.header",
    "marking",
    "annex",
)

StyleAlign: TypeAlias = Literal["start", "center", "end", "justify"]

_MM = 72 / 25.4
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_FACES = ("regular", "bold", "italic", "bold_italic")


@attrs.frozen(kw_only=True)
class Style:
    """One named style, every property resolved; lengths are in points.

    Not every property means something for every style: `fill` shades a table cell,
    `rule` colours a table's lines or a signature line, `opacity` and `angle` shape the
    watermark, `indent` is the hanging indent of a list or the left indent of a paragraph.
    """

    name: str
    size: float
    line_height: float
    bold: bool
    italic: bool
    colour: str
    align: StyleAlign
    space_before: float
    space_after: float
    indent: float
    keep_with_next: bool
    fill: str | None
    rule: str | None
    rule_width: float
    padding: float
    opacity: float
    angle: float

    @property
    def leading(self) -> float:
        """Distance between baselines, in points."""
        return self.size * self.line_height


@attrs.frozen(kw_only=True)
class Page:
    """The page: size and margins in points, and where the furniture sits.

    `marking`, `header` and `footer` are distances from the page edge to the baseline of the
    classification marking, the running header and the footer line.
    """

    size: str
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    marking: float
    header: float
    footer: float
    logo: Path | None
    logo_height: float


@attrs.frozen(kw_only=True)
class FontFamily:
    """The four faces of the text font, as resolved file paths."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def face(self, *, bold: bool, italic: bool) -> Path:
        """The file of one face."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


@attrs.frozen(kw_only=True)
class PdfSettings:
    """What a theme asks of every PDF: `pdfa` makes PDF/A-2b the default (as `--pdfa`)."""

    pdfa: bool = False


@attrs.frozen(kw_only=True)
class Letterhead:
    """The ministry's letterhead on the first page: `docx` a Word document whose headers and
    footers the DOCX keeps, `pdf` a one-page PDF (or a PNG or JPEG) drawn under the PDF's
    first page, `top` the distance in points from the top edge to where the body starts on
    the first page. Files are resolved paths inside the theme folder."""

    docx: Path | None
    pdf: Path | None
    top: float


@attrs.frozen(kw_only=True)
class WordBase:
    """What the DOCX takes from the theme beyond its styles: `template` a ministry's Word
    document or template (.docx or .dotx) whose styles are the base of ours, and whether the
    theme's fonts are embedded (`embed_fonts`)."""

    template: Path | None
    embed_fonts: bool


@attrs.frozen(kw_only=True)
class _Parsed:
    page: Page
    fonts: FontFamily
    styles: Mapping[str, Style]
    letterhead: Letterhead | None
    word: WordBase
    pdf: PdfSettings = PdfSettings()


@attrs.frozen(kw_only=True)
class Theme:
    """A loaded theme folder.

    `data` is the theme's settings after laying them over the default theme's;
    `fingerprint` identifies them, so renderers can cache what they derive from a theme
    (reportlab paragraph styles) across equal Theme objects, pickled ones included.
    """

    name: str
    root: Path
    data: dict[str, Any] = attrs.field(eq=False, repr=False)
    source: Path = attrs.field(
        default=attrs.Factory(lambda self: self.root / "theme.toml", takes_self=True),
        eq=False,
        repr=False,
    )
    _parsed: _Parsed = attrs.field(
        default=attrs.Factory(
            lambda self: _parse(self.data, self.root, self.source), takes_self=True
        ),
        eq=False,
        repr=False,
        alias="parsed",
    )
    fingerprint: str = attrs.field(
        default=attrs.Factory(lambda self: _fingerprint(self.root, self.data), takes_self=True),
        repr=False,
    )

    @property
    def reference_docx(self) -> Path | None:
        """The theme folder's own Word template, if it has one (see the module docstring)."""
        path = self.root / "reference.docx"
        return path if path.exists() else None

    @property
    def letterhead(self) -> Letterhead | None:
        """The ministry's letterhead, if the theme has one (`[letterhead]`)."""
        return self._parsed.letterhead

    @property
    def word(self) -> WordBase:
        """The DOCX's Word template and font embedding (`[docx]`)."""
        return self._parsed.word

    @property
    def page(self) -> Page:
        """Page size, margins and furniture positions."""
        return self._parsed.page

    @property
    def fonts(self) -> FontFamily:
        """The text font's four faces."""
        return self._parsed.fonts

    @property
    def pdf(self) -> PdfSettings:
        """The settings of the PDF alone (PDF/A by default or not)."""
        return self._parsed.pdf

    @property
    def styles(self) -> Mapping[str, Style]:
        """Every named style."""
        return self._parsed.styles

    def style(self, name: str) -> Style:
        """The style called `name`; a name the theme lacks is a ThemeError."""
        try:
            return self._parsed.styles[name]
        except KeyError:
            raise ThemeError(f"{self.source}: styles.{name}: no such style") from None


def load_theme(theme: str | Path | None = None) -> Theme:
    """Load a theme by name (a folder under the shipped templates) or by folder path."""
    if theme is None:
        theme = "default"
    candidate = Path(theme)
    root = candidate if candidate.is_dir() else TEMPLATES / str(theme)
    if not root.is_dir():
        shipped = ", ".join(sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()))
        raise ThemeError(f"theme {theme!s}: no such folder (shipped themes: {shipped})")
    root = root.resolve()
    toml_path = root / "theme.toml"
    own = _read_toml(toml_path) if toml_path.exists() or toml_path.is_symlink() else {}
    reference = root / "reference.docx"
    if reference.exists() or reference.is_symlink():
        _check_reference(reference)
    default_path = (TEMPLATES / "default" / "theme.toml").resolve()
    data = own if toml_path == default_path else _merge(_read_toml(default_path), own)
    return Theme(name=root.name, root=root, data=data, source=toml_path)


#: Largest theme.toml read, in bytes (the shipped one is a few KB).
MAX_THEME_BYTES = 256 * 1024
#: Deepest nesting of tables in theme.toml (styles nest a few levels: `cell.header`).
MAX_THEME_DEPTH = 12
#: Largest reference.docx, in bytes, and the most its styles part may unpack to, in bytes.
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_REFERENCE_STYLES = 8 * 1024 * 1024
#: Most files inside reference.docx, and the highest ratio of unpacked to packed size of
#: its styles part (Word's styles.xml packs about 10:1; a zip bomb 1000:1).
MAX_REFERENCE_ENTRIES = 2_000
MAX_REFERENCE_RATIO = 200


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError (with a reason in
    strerror) for anything else. The file is opened without blocking, so a FIFO or a
    device never hangs the build, and checked once open, so it cannot be swapped."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > limit:
            raise OSError(0, f"{info.st_size:,} bytes; at most {limit:,} are read")
        data = handle.read(limit + 1)
    if len(data) > limit:  # a file that grew, or a /proc file that lies about its size
        raise OSError(0, f"more than {limit:,} bytes; at most {limit:,} are read")
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = _read_regular(path, MAX_THEME_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ThemeError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except RecursionError:
        raise ThemeError(f"{path}: nested too deeply") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    _check_depth(path, data)
    return data


def _check_depth(path: Path, data: Mapping[str, Any]) -> None:
    """A ThemeError naming the first key nested deeper than MAX_THEME_DEPTH (no recursion)."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        key, value, depth = stack.pop()
        if depth > MAX_THEME_DEPTH:
            raise ThemeError(
                f"{path}: {key}: nested too deeply (at most {MAX_THEME_DEPTH} levels of tables)"
            )
        if isinstance(value, dict):
            stack.extend((_join(key, str(k)), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{key}[{i}]", v, depth + 1) for i, v in enumerate(value))


#: Most any other part of a Word file read by briefgen may unpack to (a letterhead's
#: picture), and most all the parts read from one Word file may unpack to together.
MAX_WORD_PART = 16 * 1024 * 1024
MAX_WORD_UNPACKED = 48 * 1024 * 1024


def _check_reference(path: Path) -> None:
    """Refuse a reference.docx that is no Word document, or one that would cost unbounded
    time or memory to read (a zip bomb, a FIFO, a device): before any record is built."""
    word_parts(path, lambda name: name == "word/styles.xml", where=str(path))


def word_parts(
    path: Path,
    wanted: Callable[[str], object],
    *,
    where: str,
    required: tuple[str, ...] = ("word/styles.xml",),
) -> dict[str, bytes]:
    """The parts of the Word file at `path` whose names `wanted` accepts, read within fixed
    limits: a regular file of at most MAX_REFERENCE_BYTES, at most MAX_REFERENCE_ENTRIES
    members, no part unpacking to more than its limit (MAX_REFERENCE_STYLES for XML,
    MAX_WORD_PART for others) or to more than MAX_REFERENCE_RATIO times its packed size, at
    most MAX_WORD_UNPACKED in all, and no XML part declaring entities. The sizes a zip states
    are checked first and what comes out is counted, so a forged size is caught too.

    Every `required` part must be there. A ThemeError starting with `where` says what is
    wrong; nothing here parses XML.
    """
    import io
    import zipfile

    def fail(message: str) -> ThemeError:
        return ThemeError(f"{where}: {message}")

    try:
        blob = _read_regular(path, MAX_REFERENCE_BYTES)
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from exc
    parts: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_REFERENCE_ENTRIES:
                raise fail(
                    f"{len(entries):,} files inside; a Word base may hold at most "
                    f"{MAX_REFERENCE_ENTRIES:,}"
                )
            names = {info.filename for info in entries}
            for name in required:
                if name not in names:
                    raise fail(f"not a Word document (it has no {name})")
            for info in entries:
                if info.is_dir() or not wanted(info.filename):
                    continue
                name = info.filename
                markup = name.endswith((".xml", ".rels"))
                limit = MAX_REFERENCE_STYLES if markup else MAX_WORD_PART
                if info.file_size > limit or info.file_size > MAX_REFERENCE_RATIO * max(
                    info.compress_size, 1
                ):
                    raise fail(
                        f"{name} unpacks to {info.file_size:,} bytes from "
                        f"{info.compress_size:,} (a zip bomb?); at most {limit:,} "
                        f"bytes and {MAX_REFERENCE_RATIO} times its packed size"
                    )
                chunks: list[bytes] = []
                unpacked = 0
                tail = b""
                with archive.open(info) as member:  # the sizes may lie: count what comes out
                    while chunk := member.read(64 * 1024):
                        unpacked += len(chunk)
                        total += len(chunk)
                        window, tail = tail + chunk, chunk[-16:]
                        if markup and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
                            raise fail(f"{name} declares entities; a Word document does not")
                        if unpacked > limit:
                            raise fail(f"{name} unpacks to more than {limit:,} bytes (a zip bomb?)")
                        if total > MAX_WORD_UNPACKED:
                            raise fail(
                                f"its parts unpack to more than {MAX_WORD_UNPACKED:,} bytes "
                                "(a zip bomb?)"
                            )
                        chunks.append(chunk)
                parts[name] = b"".join(chunks)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise fail(f"not a readable Word document ({exc})") from exc
    except OSError as exc:
        raise fail(f"not a readable Word document ({exc.strerror or exc})") from exc
    return parts


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` laid on `base`: tables merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _fingerprint(root: Path, data: Mapping[str, Any]) -> str:
    blob = json.dumps([str(root), data], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# --- validation ---------------------------------------------------------------------------


class _Checker:
    """Reads typed values out of theme.toml and names file and key when one is wrong."""

    def __init__(self, source: Path) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> ThemeError:
        return ThemeError(f"{self.source}: {key}: {message}")

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key.rsplit(".", 1)[-1], {})
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_show(value)}")
        return value

    def unknown(self, table: Mapping[str, Any], key: str, known: tuple[str, ...]) -> None:
        for name in table:
            if name not in known:
                raise self.fail(_join(key, name), f"unknown key (known keys: {', '.join(known)})")

    def number(self, value: object, key: str, *, low: float = 0.0, high: float = 1e4) -> float:
        # bool is an int in Python; `size = true` is a mistake, not 1 pt.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"expected a number, got {_show(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"expected a number from {low:g} to {high:g}, got {value!r}")
        return float(value)

    def boolean(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_show(value)}")
        return value

    def string(self, value: object, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a string, got {_show(value)}")
        return value

    def choice(self, value: object, key: str, choices: tuple[str, ...]) -> str:
        text = self.string(value, key)
        if text not in choices:
            raise self.fail(key, f"expected one of {', '.join(choices)}, got {text!r}")
        return text

    def colour(self, value: object, key: str, palette: Mapping[str, str]) -> str:
        text = self.string(value, key)
        if text in palette:
            return palette[text]
        if not _HEX.fullmatch(text):
            raise self.fail(
                key,
                f"expected a colour as #RRGGBB or a name from [colours], got {text!r}"
                + (f" (names: {', '.join(sorted(palette))})" if palette else ""),
            )
        return text.upper()


def _show(value: object) -> str:
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}.get(
        type(value), type(value).__name__
    )
    return f"{kind} ({value!r})" if not isinstance(value, dict | list) else kind


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


_TOP_KEYS = ("description", "page", "fonts", "colours", "styles", "pdf", "letterhead", "docx")
_PDF_KEYS = ("pdfa",)
_PAGE_KEYS = (
    "size",
    "margins_mm",
    "marking_mm",
    "header_mm",
    "footer_mm",
    "logo",
    "logo_height_mm",
)
_MARGIN_KEYS = ("top", "bottom", "left", "right")
_ALIGNS: tuple[str, ...] = ("start", "center", "end", "justify")


def _style_properties(
    check: _Checker, palette: Mapping[str, str]
) -> dict[str, Callable[[object, str], object]]:
    """How each style property is read; the keys are the property names of theme.toml."""

    def optional_colour(value: object, key: str) -> str | None:
        return None if value == "none" else check.colour(value, key, palette)

    return {
        "size": lambda v, k: check.number(v, k, low=1, high=400),
        "line_height": lambda v, k: check.number(v, k, low=0.8, high=4),
        "bold": check.boolean,
        "italic": check.boolean,
        "colour": lambda v, k: check.colour(v, k, palette),
        "align": lambda v, k: check.choice(v, k, _ALIGNS),
        "space_before": lambda v, k: check.number(v, k, high=400),
        "space_after": lambda v, k: check.number(v, k, high=400),
        "indent": lambda v, k: check.number(v, k, high=400),
        "keep_with_next": check.boolean,
        "fill": optional_colour,
        "rule": optional_colour,
        "rule_width": lambda v, k: check.number(v, k, high=20),
        "padding": lambda v, k: check.number(v, k, high=100),
        "opacity": lambda v, k: check.number(v, k, high=1),
        "angle": lambda v, k: check.number(v, k, low=-360, high=360),
    }


def _parse(data: Mapping[str, Any], root: Path, source: Path) -> _Parsed:
    check = _Checker(source)
    check.unknown(data, "", _TOP_KEYS)
    if "description" in data:
        check.string(data["description"], "description")

    colours = check.table(data, "colours")
    palette = {name: check.colour(value, f"colours.{name}", {}) for name, value in colours.items()}

    page = _parse_page(check, check.table(data, "page"), root)
    fonts = _parse_fonts(check, check.table(data, "fonts"), root)
    styles = _parse_styles(check, check.table(data, "styles"), palette)
    _check_fit(check, page, styles)
    pdf = check.table(data, "pdf")
    check.unknown(pdf, "pdf", _PDF_KEYS)
    settings = PdfSettings(pdfa=check.boolean(pdf.get("pdfa", False), "pdf.pdfa"))
    letterhead = _parse_letterhead(check, check.table(data, "letterhead"), root, page)
    word = _parse_word(check, check.table(data, "docx"), root)
    return _Parsed(
        page=page, fonts=fonts, styles=styles, letterhead=letterhead, word=word, pdf=settings
    )


def _check_fit(check: _Checker, page: Page, styles: Mapping[str, Style]) -> None:
    """Refuse style sizes that cannot fit the page's text area (a renderer would fail deep
    inside its layout engine instead, or loop): a line must fit several times on a page,
    indents and padding must leave room for text. Each refusal names the style's key."""
    width = page.width - page.left - page.right
    height = page.height - page.top - page.bottom
    kinds = {named.name: named.kind for named in NAMED_STYLES}
    for name, style in styles.items():
        if kinds.get(name) == "page":  # drawn on the page, not in the text flow
            continue
        key = f"styles.{name}"
        if style.leading > height / 6:
            raise check.fail(
                f"{key}.size",
                f"a line of {style.leading:g} pt (size x line_height) does not fit six times "
                f"in the {height:.0f} pt of text height the page leaves",
            )
        for prop in ("space_before", "space_after"):
            if getattr(style, prop) > height / 3:
                raise check.fail(
                    f"{key}.{prop}",
                    f"{getattr(style, prop):g} pt is more than a third of the "
                    f"{height:.0f} pt of text height the page leaves",
                )
        if style.indent > width / 2:
            raise check.fail(
                f"{key}.indent",
                f"{style.indent:g} pt is more than half the {width:.0f} pt text width",
            )
        if style.padding > width / 4:
            raise check.fail(
                f"{key}.padding",
                f"{style.padding:g} pt is more than a quarter of the {width:.0f} pt text width",
            )


def _parse_page(check: _Checker, table: Mapping[str, Any], root: Path) -> Page:
    check.unknown(table, "page", _PAGE_KEYS)
    for key in _PAGE_KEYS[:5]:
        if key not in table:
            raise check.fail(f"page.{key}", "required key missing")
    size = check.choice(table["size"], "page.size", tuple(PAGE_SIZES))
    width, height = PAGE_SIZES[size]
    margins = check.table(table, "page.margins_mm")
    check.unknown(margins, "page.margins_mm", _MARGIN_KEYS)
    side: dict[str, float] = {}
    for key in _MARGIN_KEYS:
        if key not in margins:
            raise check.fail(f"page.margins_mm.{key}", "required key missing")
        side[key] = check.number(margins[key], f"page.margins_mm.{key}", high=100) * _MM
    if side["left"] + side["right"] > width * 0.8 or side["top"] + side["bottom"] > height * 0.8:
        raise check.fail("page.margins_mm", "the margins leave too little room for text")
    logo: Path | None = None
    if table.get("logo"):
        logo = _find_file(check, table["logo"], "page.logo", (root,))
        problem = image_problem(logo, str(table["logo"]))
        if problem is not None:
            raise check.fail("page.logo", problem)
    return Page(
        size=size,
        width=width,
        height=height,
        top=side["top"],
        bottom=side["bottom"],
        left=side["left"],
        right=side["right"],
        marking=check.number(table["marking_mm"], "page.marking_mm", high=100) * _MM,
        header=check.number(table["header_mm"], "page.header_mm", high=100) * _MM,
        footer=check.number(table["footer_mm"], "page.footer_mm", high=100) * _MM,
        logo=logo,
        logo_height=check.number(table.get("logo_height_mm", 15), "page.logo_height_mm", high=100)
        * _MM,
    )


_LETTERHEAD_KEYS = ("docx", "pdf", "top_mm")
_WORD_KEYS = ("template", "embed_fonts")
#: The parts of a letterhead's Word document that are read: its body (for the section's
#: header and footer references), headers, footers, their relationships and pictures.
_LETTERHEAD_PART = re.compile(
    r"\[Content_Types\]\.xml|word/(document|header\d*|footer\d*)\.xml|"
    r"word/_rels/(document|header\d*|footer\d*)\.xml\.rels|word/media/[^/]+"
)
_LETTERHEAD_REQUIRED = ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")
#: The parts of a Word template that are read: its styles and the theme its fonts name.
_TEMPLATE_PART = re.compile(r"word/styles\.xml|word/theme/theme1\.xml")
#: Largest letterhead PDF read, in bytes.
MAX_LETTERHEAD_PDF_BYTES = 20 * 1024 * 1024


def letterhead_parts(theme: Theme) -> dict[str, bytes]:
    """The parts of the theme's Word letterhead (see `_LETTERHEAD_PART`), read within limits."""
    letterhead = theme.letterhead
    assert letterhead is not None and letterhead.docx is not None
    return word_parts(
        letterhead.docx,
        _LETTERHEAD_PART.fullmatch,
        where=f"{theme.source}: letterhead.docx: {letterhead.docx.name}",
        required=_LETTERHEAD_REQUIRED,
    )


def template_parts(theme: Theme) -> dict[str, bytes]:
    """The styles (and font theme) of the theme's Word template, read within limits."""
    template = theme.word.template
    assert template is not None
    return word_parts(
        template,
        _TEMPLATE_PART.fullmatch,
        where=f"{theme.source}: docx.template: {template.name}",
    )


def letterhead_pdf(theme: Theme) -> bytes:
    """The bytes of the theme's PDF letterhead (a PDF, PNG or JPEG file), read within limits."""
    letterhead = theme.letterhead
    assert letterhead is not None and letterhead.pdf is not None
    try:
        return _read_regular(letterhead.pdf, MAX_LETTERHEAD_PDF_BYTES)
    except OSError as exc:
        raise ThemeError(
            f"{theme.source}: letterhead.pdf: {letterhead.pdf.name}: cannot read: "
            f"{exc.strerror or exc}"
        ) from exc


def _theme_file(
    check: _Checker, value: object, key: str, root: Path, suffixes: tuple[str, ...]
) -> Path:
    """A file named in theme.toml: inside the theme folder, a regular file, of a known kind."""
    import stat

    name = check.string(value, key)
    if not name:
        raise check.fail(key, "expected a file name, got an empty string")
    if not name.lower().endswith(suffixes):
        raise check.fail(key, f"expected a {' or '.join(suffixes)} file, got {name!r}")
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise check.fail(key, f"{name!r} is outside the theme folder; keep the file in {root}")
    try:
        info = path.stat()
    except OSError:
        raise check.fail(key, f"file not found: {name!r} (looked in {root})") from None
    if not stat.S_ISREG(info.st_mode):
        raise check.fail(key, f"{name!r} is not a regular file")
    return path


def _parse_letterhead(
    check: _Checker, table: Mapping[str, Any], root: Path, page: Page
) -> Letterhead | None:
    check.unknown(table, "letterhead", _LETTERHEAD_KEYS)
    if not table:
        return None
    docx = pdf = None
    if "docx" in table:
        docx = _theme_file(check, table["docx"], "letterhead.docx", root, (".docx", ".dotx"))
        shown = f"{check.source}: letterhead.docx: {docx.name}"
        word_parts(
            docx,
            _LETTERHEAD_PART.fullmatch,
            where=shown,
            required=_LETTERHEAD_REQUIRED,
        )
    if "pdf" in table:
        pdf = _theme_file(
            check, table["pdf"], "letterhead.pdf", root, (".pdf", ".png", ".jpg", ".jpeg")
        )
        if pdf.suffix.lower() == ".pdf":
            try:
                head = _read_regular(pdf, MAX_LETTERHEAD_PDF_BYTES)[:5]
            except OSError as exc:
                raise check.fail("letterhead.pdf", f"cannot read: {exc.strerror or exc}") from exc
            if head != b"%PDF-":
                raise check.fail("letterhead.pdf", f"{pdf.name}: not a PDF file")
        else:
            problem = image_problem(pdf, str(table["pdf"]))
            if problem is not None:
                raise check.fail("letterhead.pdf", problem)
    top = page.top
    if "top_mm" in table:
        top = check.number(table["top_mm"], "letterhead.top_mm", high=250) * _MM
        if top < page.top:
            raise check.fail(
                "letterhead.top_mm",
                f"the body cannot start above the top margin "
                f"({page.top / _MM:g} mm, page.margins_mm.top)",
            )
        if page.height - top - page.bottom < page.height / 3:
            raise check.fail(
                "letterhead.top_mm",
                "leaves less than a third of the page for the body of the first page",
            )
    return Letterhead(docx=docx, pdf=pdf, top=top)


def _parse_word(check: _Checker, table: Mapping[str, Any], root: Path) -> WordBase:
    check.unknown(table, "docx", _WORD_KEYS)
    template = None
    if "template" in table:
        template = _theme_file(check, table["template"], "docx.template", root, (".docx", ".dotx"))
        word_parts(
            template,
            _TEMPLATE_PART.fullmatch,
            where=f"{check.source}: docx.template: {template.name}",
        )
    embed = check.boolean(table.get("embed_fonts", True), "docx.embed_fonts")
    return WordBase(template=template, embed_fonts=embed)


def _find_file(check: _Checker, value: object, key: str, folders: tuple[Path, ...]) -> Path:
    name = check.string(value, key)
    for folder in folders:
        path = folder / name
        if path.is_file():
            return path.resolve()
    where = " or ".join(str(folder) for folder in folders)
    raise check.fail(key, f"file not found: {name!r} (looked in {where})")


def _parse_fonts(check: _Checker, table: Mapping[str, Any], root: Path) -> FontFamily:
    check.unknown(table, "fonts", _FACES)
    faces: dict[str, Path] = {}
    for face in _FACES:
        if face not in table:
            raise check.fail(f"fonts.{face}", "required key missing")
        path = _find_file(check, table[face], f"fonts.{face}", (root, FONTS))
        if path.suffix.lower() != ".ttf":
            raise check.fail(f"fonts.{face}", f"expected a TrueType file (.ttf), got {path.name!r}")
        problem = _font_problem(path)
        if problem is not None:
            raise check.fail(f"fonts.{face}", f"{path.name}: {problem}")
        faces[face] = path
    return FontFamily(**faces)


#: Largest font file read, in bytes (DejaVu Sans is 740 KB; a CJK face some 20 MB).
MAX_FONT_BYTES = 64 * 1024 * 1024


def _font_problem(path: Path) -> str | None:
    """Why `path` is no TrueType font a renderer may read, or None (header and size only)."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return "not a regular file"
            if info.st_size > MAX_FONT_BYTES:
                return f"{info.st_size:,} bytes; a font may have at most {MAX_FONT_BYTES:,}"
            head = handle.read(4)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return "not a TrueType font"
    return None


def _parse_styles(
    check: _Checker, table: Mapping[str, Any], palette: Mapping[str, str]
) -> dict[str, Style]:
    readers = _style_properties(check, palette)
    base: dict[str, object] = {}
    for prop, read in readers.items():
        if prop not in table:
            raise check.fail(f"styles.{prop}", "required key missing (the base of every style)")
        base[prop] = read(table[prop], f"styles.{prop}")

    styles: dict[str, Style] = {}

    def walk(name: str, node: Mapping[str, Any], inherited: dict[str, object]) -> None:
        own = dict(inherited)
        for key, value in node.items():
            if isinstance(value, dict):
                continue
            if key not in readers:
                raise check.fail(
                    f"styles.{_join(name, key)}",
                    f"unknown style property (known: {', '.join(readers)})",
                )
            own[key] = readers[key](value, f"styles.{_join(name, key)}")
        if name:
            styles[name] = Style(name=name, **own)  # type: ignore[arg-type]
        for key, value in node.items():
            if isinstance(value, dict):
                walk(_join(name, key), value, own)

    walk("", table, base)
    for named in NAMED_STYLES:
        if named.name not in styles:
            raise check.fail(f"styles.{named.name}", "required style missing")
    return styles
