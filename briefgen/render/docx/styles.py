"""The Word base of a theme: styles, settings, font table and page, generated from theme.toml.

Every property the PDF honours maps to its WordprocessingML equivalent, so the two formats of
one document share margins, colours, fonts and sizes:

- size -> `w:sz` (half-points); bold, italic, colour -> `w:b`, `w:i`, `w:color`; the theme's
  font -> `w:rFonts` of the document defaults (every script), named as the font file names
  its family;
- line_height -> `w:spacing w:line` "at least" the PDF's leading (an inline picture still
  makes its line taller); space_before/after -> `w:spacing w:before/after`; align -> `w:jc`;
  keep_with_next -> `w:keepNext`; indent -> `w:ind` (a list's hanging indent and tab stop);
- a table kind's rule, rule_width and padding -> the table style's borders and cell margins;
  the fills of `cell.header` and `cell.label` -> the table styles' first-row and first-column
  shading, that of `cell.section` -> the section paragraph's shading (copied onto its cell);
- `signature.rule` -> the bottom border of the "Signature Line" paragraph, its padding the
  gutter between two signatures; `page.header`/`page.footer` rules -> paragraph borders;
- the page size and margins -> `w:pgSz`/`w:pgMar`; the distances of the marking, running
  header and footer from the page edge -> the header and footer distances, and the spacing
  of the furniture paragraphs (computed in `template.py`).

A theme folder may also hold a `reference.docx` saved from Word: its styles whose names match
ours replace the generated ones (`merge_reference`); the page stays the theme's.
"""

from __future__ import annotations

import copy
import struct
import zipfile
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Final

import attrs
from lxml import etree

from briefgen.errors import ThemeError
from briefgen.render.docx.markup import JC_VALUES, TYPE, VAL, R, W, attr, w, xml
from briefgen.theme import NAMED_STYLES, UNHYPHENATED, Style, Theme

#: The Word-only paragraph after a table (Word has no space after a table, and a paragraph
#: between two tables keeps Word from joining them): our name for it and its Word name.
AFTER_TABLE: Final = "table.after"
_AFTER_TABLE_WORD: Final = "After Table"


# Word's own styles of these names (Word calls them so in its user interface and TOC).
_BUILT_IN: Final = frozenset(
    ("Title", "Subtitle", "Body Text", "Signature", "header", "footer", "heading 1", "heading 2")
) | {f"heading {level}" for level in range(3, 10)}


def word_names() -> dict[str, str]:
    """Our style name -> the Word display name of the style generated for it."""
    names = {s.name: s.word for s in NAMED_STYLES if s.word is not None}
    names[AFTER_TABLE] = _AFTER_TABLE_WORD
    return names


def style_id(word_name: str) -> str:
    """The style id Word gives a style of this display name ("heading 1" -> "Heading1")."""
    return "".join(part[:1].upper() + part[1:] for part in word_name.split())


# --- the font ---------------------------------------------------------------------------------


@attrs.frozen
class FontFacts:
    """What Word needs to know of the theme's font: its family name and vertical metrics.

    `ascent` is the PDF's (the typographic ascender, as reportlab measures it);
    `win_ascent` and `win_descent` are what Word and LibreOffice lay a line out with (the
    Windows metrics); all per em.
    """

    family: str
    ascent: float
    win_ascent: float
    win_descent: float

    def line(self, style: Style) -> float:
        """The height of one line of `style` in Word: at least its leading."""
        return max(style.leading, (self.win_ascent + self.win_descent) * style.size)

    def depth(self, style: Style) -> float:
        """How far below its baseline a line of `style` ends, in Word."""
        return self.win_descent * style.size


def font_facts(path: Path) -> FontFacts:
    """Read the family name and metrics from a TrueType file's name, head and OS/2 tables."""
    try:
        data = path.read_bytes()
        count = struct.unpack(">H", data[4:6])[0]
        tables: dict[bytes, int] = {}
        for i in range(count):
            tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            tables[tag] = offset
        units = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])[0]
        os2 = tables[b"OS/2"]
        typo_ascender = struct.unpack(">h", data[os2 + 68 : os2 + 70])[0]
        win_ascent, win_descent = struct.unpack(">HH", data[os2 + 74 : os2 + 78])
        family = _family_name(data, tables[b"name"])
    except (OSError, KeyError, struct.error, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: cannot read the font's name and metrics ({exc})") from exc
    return FontFacts(
        family=family,
        ascent=typo_ascender / units,
        win_ascent=win_ascent / units,
        win_descent=win_descent / units,
    )


def _family_name(data: bytes, table: int) -> str:
    _, count, strings = struct.unpack(">HHH", data[table : table + 6])
    found: dict[tuple[int, int], str] = {}
    for i in range(count):
        platform, _, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", data[table + 6 + 12 * i : table + 18 + 12 * i]
        )
        if name_id not in (1, 16):  # family, typographic family
            continue
        raw = data[table + strings + offset : table + strings + offset + length]
        if platform == 3 and language in (0x409, 0):
            found[(0, -name_id)] = raw.decode("utf-16-be")
        elif platform == 1:
            found[(1, -name_id)] = raw.decode("mac_roman")
    if not found:
        raise KeyError("no family name")
    return found[min(found)]


# --- styles ---------------------------------------------------------------------------------


def _twips(points: float) -> int:
    return round(points * 20)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _border(side: str, colour: str | None, width: float, space: float = 0) -> str:
    if colour is None or width <= 0:
        return f'<w:{side} w:val="nil"/>'
    size = min(max(round(width * 8), 2), 96)  # eighths of a point
    return (
        f'<w:{side} w:val="single" w:sz="{size}" w:space="{min(round(space), 31)}" '
        f'w:color="{_hex(colour)}"/>'
    )


def _rule(side: str, colour: str | None, width: float, space: float) -> str:
    """A paragraph border on one side (none without a colour)."""
    return "" if colour is None else f"<w:pBdr>{_border(side, colour, width, space)}</w:pBdr>"


def _shd(fill: str | None) -> str:
    return "" if fill is None else f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(fill)}"/>'


def _spacing(style: Style, *, before: float | None = None, after: float | None = None) -> str:
    before = style.space_before if before is None else before
    after = style.space_after if after is None else after
    return (
        f'<w:spacing w:before="{_twips(before)}" w:after="{_twips(after)}" '
        f'w:line="{_twips(style.leading)}" w:lineRule="atLeast"/>'
    )


def _rpr(style: Style) -> str:
    props = ""
    if style.bold:
        props += "<w:b/><w:bCs/>"
    if style.italic:
        props += "<w:i/><w:iCs/>"
    half_points = round(style.size * 2)
    props += f'<w:color w:val="{_hex(style.colour)}"/>'
    props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return f"<w:rPr>{props}</w:rPr>"


def _paragraph_style(
    name: str,
    word: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str = "Normal",
    next_style: str | None = None,
) -> str:
    custom = "" if word in _BUILT_IN else ' w:customStyle="1"'
    parts = [f'<w:style w:type="paragraph"{custom} w:styleId="{style_id(word)}">']
    parts.append(f'<w:name w:val="{word}"/><w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append("<w:qFormat/>" if not name.startswith(("page.", "table.")) else "")
    parts.append(f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>")
    return "".join(parts)


def _ppr(
    style: Style,
    *,
    keep_lines: bool = False,
    border: str = "",
    shading: str = "",
    tabs: str = "",
    spacing: str = "",
    indent: str = "",
    outline: int | None = None,
    hyphenate: bool = True,
) -> str:
    props = ""
    if style.keep_with_next:
        props += "<w:keepNext/>"
    if keep_lines:
        props += "<w:keepLines/>"
    props += border + shading + tabs
    if not hyphenate:  # titles, headings, names (theme.UNHYPHENATED), as in the PDF
        props += "<w:suppressAutoHyphens/>"
    props += spacing or _spacing(style)
    if indent:
        props += indent
    elif style.indent:
        props += f'<w:ind w:left="{_twips(style.indent)}"/>'
    props += f'<w:jc w:val="{JC_VALUES[style.align]}"/>'
    if outline is not None:
        props += f'<w:outlineLvl w:val="{outline}"/>'
    return props


def _table_style(word: str, table: Style, borders: str, conditional: str) -> str:
    margins = (
        f'<w:tblCellMar><w:top w:w="{_twips(table.padding * 0.7)}" w:type="dxa"/>'
        f'<w:left w:w="{_twips(table.padding)}" w:type="dxa"/>'
        f'<w:bottom w:w="{_twips(table.padding)}" w:type="dxa"/>'
        f'<w:right w:w="{_twips(table.padding)}" w:type="dxa"/></w:tblCellMar>'
    )
    return (
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{style_id(word)}">'
        f'<w:name w:val="{word}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{margins}</w:tblPr>"
        f"{conditional}</w:style>"
    )


def _table_borders(kind: str, table: Style) -> str:
    rule, width = table.rule, table.rule_width
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    if kind == "grid":
        drawn = set(sides)
    elif kind == "keyvalue":  # rules between the rows only, a lighter form than a grid
        drawn = {"top", "bottom", "insideH"}
    else:
        drawn = set()
    return "".join(_border(side, rule if side in drawn else None, width) for side in sides)


def signature_gutter(theme: Theme) -> int:
    """Twips kept free on each side of a signature: half the gap between two signatures."""
    return _twips(theme.style("signature.rule").padding / 2)


def styles_part(theme: Theme, font: FontFacts) -> etree._Element:
    """The styles part of `theme`: document defaults, then one style per named style."""
    names = word_names()
    body = theme.style("body")
    family = attr(font.family)
    fonts = (
        f'<w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:eastAsia="{family}" w:cs="{family}"/>'
    )
    half_points = round(body.size * 2)
    styles = [
        # Defaults: one face for every script, so Azerbaijani, Cyrillic and Arabic match.
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}"
        f'<w:color w:val="{_hex(body.colour)}"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_spacing(body, before=0, after=0)}</w:pPr></w:pPrDefault>"
        "</w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:uiPriority w:val="0"/><w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
    ]
    gutter = signature_gutter(theme)
    gutters = f'<w:ind w:left="{gutter}" w:right="{gutter}"/>'
    for named in NAMED_STYLES:
        if named.word is None or named.kind == "table":
            continue
        style = theme.style(named.name)
        name, word = named.name, named.word
        ppr_of = partial(_ppr, hyphenate=not name.startswith(UNHYPHENATED))
        if named.kind == "heading":
            level = int(name.rsplit(".", 1)[1])
            ppr = ppr_of(style, keep_lines=True, outline=level - 1)
        elif name == "list":
            # The label (bullet or number) is text and a tab; the hanging indent is the tab
            # stop, so labels line up without Word's numbering engine.
            at = _twips(style.indent)
            ppr = ppr_of(
                style,
                tabs=f'<w:tabs><w:tab w:val="left" w:pos="{at}"/></w:tabs>',
                indent=f'<w:ind w:left="{at}" w:hanging="{at}"/>',
            )
        elif name == "cell.section":  # the renderer copies this shading onto the whole cell
            ppr = ppr_of(style, shading=_shd(style.fill))
        elif name == "signature":
            ppr = ppr_of(style, indent=gutters)
        elif name == "signature.rule":
            # An empty paragraph whose bottom border is the line to sign on; the line is at
            # least as tall as the PDF's room to sign, and a signature picture may stand on it.
            ppr = ppr_of(
                style,
                border=_rule("bottom", style.rule or style.colour, style.rule_width, 1),
                spacing=f'<w:spacing w:before="0" w:after="{_twips(style.space_after)}" '
                f'w:line="{_twips(style.space_before)}" w:lineRule="atLeast"/>',
                indent=gutters,
            )
        elif name == "page.header":
            ppr = ppr_of(
                style,
                border=_rule("bottom", style.rule, style.rule_width, style.padding),
            )
        elif name == "page.footer":
            ppr = ppr_of(
                style,
                border=_rule("top", style.rule, style.rule_width, style.padding),
            )
        else:
            ppr = ppr_of(style)
        based_on = style_id(names["signature"]) if name == "signature.rule" else "Normal"
        next_style = style_id(names["body"]) if named.kind in ("heading",) else None
        styles.append(
            _paragraph_style(name, word, ppr, _rpr(style), based_on=based_on, next_style=next_style)
        )
    # The gap after a table: an empty line as tall as the table's space after.
    grid = theme.style("table.grid")
    styles.append(
        _paragraph_style(
            AFTER_TABLE,
            _AFTER_TABLE_WORD,
            after_table_spacing(grid.space_after),
            '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>',
        )
    )
    header_fill = _shd(theme.style("cell.header").fill)
    label_fill = _shd(theme.style("cell.label").fill)
    first_row = (
        '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
        f'<w:tcPr>{header_fill}<w:vAlign w:val="center"/></w:tcPr></w:tblStylePr>'
    )
    for named in NAMED_STYLES:
        if named.kind != "table" or named.word is None:
            continue
        kind = named.name.split(".", 1)[1]
        table = theme.style(named.name)
        conditional = first_row
        if kind == "keyvalue" and label_fill:
            conditional += (
                f'<w:tblStylePr w:type="firstCol"><w:tcPr>{label_fill}</w:tcPr></w:tblStylePr>'
            )
        styles.append(_table_style(named.word, table, _table_borders(kind, table), conditional))
    return etree.fromstring(f'<w:styles xmlns:w="{W}" xmlns:r="{R}">{"".join(styles)}</w:styles>')


def after_table_spacing(points: float) -> str:
    """The spacing of the empty paragraph that makes a gap of `points` after a table."""
    return (
        f'<w:spacing w:before="0" w:after="0" w:line="{max(_twips(points), 20)}" '
        'w:lineRule="exact"/>'
    )


def merge_reference(styles: etree._Element, path: Path) -> None:
    """Replace the generated styles by the reference.docx's of the same type and name.

    Names match without regard to case (Word writes "heading 1", LibreOffice "Heading 1"). A
    replacing style keeps our style id; its links to other styles (based on, next) are
    renamed to our ids, and dropped when they lead to a style we do not have.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            reference = etree.fromstring(archive.read("word/styles.xml"))
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ThemeError(f"{path}: not a readable Word document ({exc})") from exc
    ours = by_style_name(styles)
    theirs = by_style_name(reference)
    renamed = {
        element.get(w("styleId"), ""): ours[key].get(w("styleId"), "")
        for key, element in theirs.items()
        if key in ours
    }
    known = set(renamed.values()) | {el.get(w("styleId"), "") for el in ours.values()}
    for key, element in theirs.items():
        if key not in ours:
            continue
        mine = ours[key]
        replacement = etree.fromstring(etree.tostring(element))
        replacement.set(w("styleId"), mine.get(w("styleId"), ""))
        default = mine.get(w("default"))
        if default is None:
            replacement.attrib.pop(w("default"), "")
        else:
            replacement.set(w("default"), default)
        _relink(replacement, renamed, known)
        parent = mine.getparent()
        assert parent is not None
        parent.replace(mine, replacement)


_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def merge_template(styles: etree._Element, blob: bytes, *, where: str) -> None:
    """Make a ministry's Word template (its styles part, `blob`) the base of `styles`.

    Its document defaults and latent styles replace ours; each of its styles replaces ours
    of the same type and name (names match without regard to case) and keeps our style id;
    its other styles are added, under their own ids (renamed if one of ours has it), so a
    document typed later in the ministry's styles finds them. Our styles the template lacks
    stay. Links between styles (based on, next, linked) follow the renaming; a link to a
    style that is not there is dropped, and so are list numberings (the numbering part is
    not copied). `where` names the file in a ThemeError.
    """
    try:
        theirs = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ThemeError(f"{where}: word/styles.xml is not well-formed XML ({exc})") from exc
    if theirs.tag != w("styles"):
        raise ThemeError(f"{where}: word/styles.xml holds no Word styles")
    ours = by_style_name(styles)
    taken = {el.get(w("styleId"), "") for el in styles.iter(w("style"))}
    ids: dict[str, str] = {}
    matched = by_style_name(theirs)
    for key, element in matched.items():
        their_id = element.get(w("styleId"), "")
        if key in ours:
            ids[their_id] = ours[key].get(w("styleId"), "")
            continue
        new = their_id or "Style"
        while new in taken:
            new += "1"
        taken.add(new)
        ids[their_id] = new
    for key, element in matched.items():
        replacement = copy.deepcopy(element)
        replacement.set(w("styleId"), ids[element.get(w("styleId"), "")])
        for numbering in replacement.findall(f"{w('pPr')}/{w('numPr')}"):
            parent = numbering.getparent()
            assert parent is not None
            parent.remove(numbering)
        _relink(replacement, ids, taken)
        mine = ours.get(key)
        if mine is None:
            replacement.attrib.pop(w("default"), "")
            styles.append(replacement)
            continue
        default = mine.get(w("default"))
        if default is None:
            replacement.attrib.pop(w("default"), "")
        else:
            replacement.set(w("default"), default)
        parent = mine.getparent()
        assert parent is not None
        parent.replace(mine, replacement)
    for tag in ("latentStyles", "docDefaults"):  # docDefaults ends up first, as the schema asks
        found = theirs.find(w(tag))
        if found is None:
            continue
        mine_element = styles.find(w(tag))
        if mine_element is not None:
            styles.remove(mine_element)
        styles.insert(0, copy.deepcopy(found))


def _relink(style: etree._Element, ids: Mapping[str, str], known: set[str]) -> None:
    """Rename a style's links to other styles by `ids`; drop those leading nowhere."""
    for tag in ("basedOn", "next", "link"):
        link = style.find(w(tag))
        if link is None:
            continue
        target = ids.get(link.get(VAL, ""), link.get(VAL, ""))
        if target in known:
            link.set(VAL, target)
        else:
            style.remove(link)


def by_style_name(styles: etree._Element) -> Mapping[tuple[str, str], etree._Element]:
    """Each style by (type, name casefolded): Word matches style names without regard to case."""
    found: dict[tuple[str, str], etree._Element] = {}
    for element in styles.iter(w("style")):
        name = element.find(w("name"))
        if name is not None:
            key = (element.get(TYPE, "paragraph"), name.get(VAL, "").casefold())
            found.setdefault(key, element)
    return found


def settings_part(*, embed_fonts: bool = False) -> bytes:
    """Settings: no separate even-page headers, a plain default tab stop, Word 2013+ layout;
    with `embed_fonts`, Word keeps the embedded fonts when it saves the document again."""
    return xml(
        etree.fromstring(
            f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
            + ("<w:embedTrueTypeFonts/>" if embed_fonts else "")
            # Automatic hyphenation, by the language each run is tagged with (w:lang).
            + '<w:defaultTabStop w:val="709"/><w:autoHyphenation/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            # A line ended by a manual break is not stretched in justified text (Word's
            # doNotExpandShiftReturn; LibreOffice honours it too).
            '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-GB" w:bidi="ar-SA"/></w:settings>'
        )
    )


def font_table_part(font: FontFacts, embedded: Sequence[tuple[str, str, str]] = ()) -> bytes:
    """The font table naming the theme's family, with its embedded faces: (element, e.g.
    "embedRegular", relationship id, font key)."""
    # Family "swiss" lets Word substitute another sans where the font is not installed.
    embeds = "".join(
        f'<w:{element} r:id="{rid}" w:fontKey="{key}"/>' for element, rid, key in embedded
    )
    return xml(
        etree.fromstring(
            f'<w:fonts xmlns:w="{W}" xmlns:r="{R}"><w:font w:name="{attr(font.family)}">'
            '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
            f"{embeds}</w:font></w:fonts>"
        )
    )
