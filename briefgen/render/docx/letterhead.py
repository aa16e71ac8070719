"""The ministry's Word letterhead: its headers and footers, pictures and all, kept in the DOCX.

A theme's `[letterhead] docx` names a Word document (saved from Word, or the ministry's own
letterhead template) whose section has headers and footers: a first-page one (Word's
"Different first page") and the others'. `letterhead_of(theme)` reads them once per theme
and process and gives, for each of our four furniture parts, the letterhead's paragraphs and
tables to append after our own furniture (the classification marking stays first, at the top
edge), with the relationships and media they need:

- a picture is copied as `word/media/letterhead<N>.<ext>` under a relationship id of ours,
  with the content type the letterhead's package gives it;
- a hyperlink is kept as its text (a letterhead's link to a web site is printed anyway, and
  no external relationship enters our package); a linked (not embedded) picture, an
  embedded object or anything else that needs another part is refused with a ThemeError
  naming the theme's key;
- its paragraph, character and table styles are dropped (the text keeps its direct
  formatting), so our styles of the same names cannot restyle it;
- every floating picture or shape is put behind the text, so the marking and the body stay
  readable above it, and its drawing id is renumbered so it cannot clash with ours.

Without a first-page header (no "Different first page"), the first page shows the other
pages' header, as in Word.
"""

from __future__ import annotations

import posixpath
from typing import Final, NamedTuple

from lxml import etree

from briefgen.errors import ThemeError
from briefgen.render.docx.markup import RT, WP, R, W
from briefgen.render.docx.package import Entry, entry
from briefgen.theme import Theme, letterhead_parts

__all__ = ["SLOTS", "LetterheadParts", "letterhead_of"]

#: Our furniture parts, in the order of `package.FURNITURE_PARTS`: (kind, page).
SLOTS: Final = (
    ("header", "first"),
    ("header", "default"),
    ("footer", "first"),
    ("footer", "default"),
)

_PKG_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
_O: Final = "urn:schemas-microsoft-com:office:office"
_IMAGE: Final = f"{RT}/image"
_HYPERLINK: Final = f"{RT}/hyperlink"
_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
#: Drawing ids of the letterhead's pictures start here (ours count up from 1).
_FIRST_DRAWING_ID: Final = 50_000


class LetterheadParts(NamedTuple):
    """What the letterhead adds to each of our furniture parts (indexed like SLOTS)."""

    content: tuple[str, str, str, str]  # markup appended to each part
    rels: tuple[tuple[tuple[str, str, str], ...], ...]  # relationships of each part
    media: tuple[Entry, ...]  # the pictures' parts
    overrides: tuple[tuple[str, str], ...]  # their content types


def letterhead_of(theme: Theme) -> LetterheadParts | None:
    """The letterhead's furniture for `theme`, or None when it has no Word letterhead."""
    letterhead = theme.letterhead
    if letterhead is None or letterhead.docx is None:
        return None
    return _Reader(theme).read()


class _Reader:
    def __init__(self, theme: Theme) -> None:
        letterhead = theme.letterhead
        assert letterhead is not None and letterhead.docx is not None
        self.where = f"{theme.source}: letterhead.docx: {letterhead.docx.name}"
        self.parts = letterhead_parts(theme)
        self.types = self._content_types()
        self.media: dict[str, str] = {}  # the letterhead's part name -> ours
        self.entries: list[Entry] = []
        self.overrides: list[tuple[str, str]] = []
        self.drawing_id = _FIRST_DRAWING_ID

    def fail(self, message: str) -> ThemeError:
        return ThemeError(f"{self.where}: {message}")

    def parse(self, name: str) -> etree._Element:
        try:
            return etree.fromstring(self.parts[name], _PARSER)
        except KeyError:
            raise self.fail(f"{name} is missing") from None
        except etree.XMLSyntaxError as exc:
            raise self.fail(f"{name} is not well-formed XML ({exc})") from exc

    def _content_types(self) -> dict[str, str]:
        """Part name (without the leading slash) or extension -> content type."""
        root = self.parse("[Content_Types].xml")
        found: dict[str, str] = {}
        for element in root:
            if element.tag == f"{{{_CT}}}Default":
                found["." + element.get("Extension", "").lower()] = element.get("ContentType", "")
            elif element.tag == f"{{{_CT}}}Override":
                found[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
        return found

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """The relationships of `part`: id -> (type, target part name, external)."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.parts:
            return {}
        found = {}
        for rel in self.parse(rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            found[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return found

    def read(self) -> LetterheadParts:
        document = self.parse("word/document.xml")
        sections = document.findall(f".//{{{W}}}sectPr")
        if not sections:
            raise self.fail("word/document.xml has no section, so no headers or footers")
        section = sections[-1]
        refs: dict[tuple[str, str], str] = {}
        for kind in ("header", "footer"):
            for ref in section.iterfind(f"{{{W}}}{kind}Reference"):
                refs[(kind, ref.get(f"{{{W}}}type", "default"))] = ref.get(f"{{{R}}}id", "")
        first_page = section.find(f"{{{W}}}titlePg")
        different_first = first_page is not None and first_page.get(f"{{{W}}}val") not in (
            "0",
            "false",
            "off",
        )
        if not refs:
            raise self.fail("its section has no header or footer to keep")
        document_rels = self.rels("word/document.xml")
        content: list[str] = []
        rels: list[tuple[tuple[str, str, str], ...]] = []
        done: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {}
        for kind, page in SLOTS:
            rid = refs.get((kind, page if different_first else "default"))
            if rid is None:
                content.append("")
                rels.append(())
                continue
            if rid not in document_rels:
                raise self.fail(f"word/document.xml: no relationship {rid!r} for its {kind}")
            part = document_rels[rid][1]
            if part not in done:
                done[part] = self.furniture(part, f"rIdLh{len(done) + 1}_")
            content.append(done[part][0])
            rels.append(done[part][1])
        return LetterheadParts(
            content=(content[0], content[1], content[2], content[3]),
            rels=tuple(rels),
            media=tuple(self.entries),
            overrides=tuple(self.overrides),
        )

    def furniture(self, part: str, prefix: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        """One header or footer part: its children as markup, with our relationship ids."""
        root = self.parse(part)
        renamed: dict[str, str] = {}
        links: set[str] = set()
        kept: list[tuple[str, str, str]] = []
        for rid, (rtype, target, external) in self.rels(part).items():
            if rtype == _HYPERLINK:
                links.add(rid)
            elif rtype == _IMAGE and not external:
                ours = self.picture(target)
                renamed[rid] = f"{prefix}{len(kept) + 1}"
                kept.append((renamed[rid], _IMAGE, ours))
            else:
                what = "a linked picture" if rtype == _IMAGE else rtype.rsplit("/", 1)[-1]
                raise self.fail(
                    f"{part} holds {what} ({target}); a letterhead may hold text, tables and "
                    "embedded pictures"
                )
        for link in list(root.iter(f"{{{W}}}hyperlink")):
            _unwrap(link)
        # The letterhead's own styles are not carried over (ours of the same id, "Header"
        # say, would restyle its text): its text keeps its direct formatting.
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for reference in list(root.iter(f"{{{W}}}{tag}")):
                parent = reference.getparent()
                assert parent is not None
                parent.remove(reference)
        for element in root.iter(etree.Element):
            for key, value in element.attrib.items():
                name = str(key)
                if not (name.startswith(f"{{{R}}}") or name == f"{{{_O}}}relid"):
                    continue
                if value in renamed:
                    element.set(name, renamed[value])
                elif value not in links:
                    raise self.fail(
                        f"{part}: {etree.QName(name).localname}={value!r} leads nowhere"
                    )
            if element.tag == f"{{{WP}}}anchor":
                # Behind the text, and placed on the page, not in the box that holds it.
                element.set("behindDoc", "1")
                element.set("layoutInCell", "0")
            elif element.tag == f"{{{WP}}}docPr":
                self.drawing_id += 1
                element.set("id", str(self.drawing_id))
        markup = "".join(etree.tostring(child, encoding="unicode") for child in root)
        return markup, tuple(kept)

    def picture(self, target: str) -> str:
        """Our part name (relative to word/) of one of the letterhead's pictures."""
        if target in self.media:
            return self.media[target]
        if target not in self.parts:
            raise self.fail(f"the picture {target} is missing from the file")
        ext = posixpath.splitext(target)[1].lower()
        ctype = self.types.get(target) or self.types.get(ext)
        if not ctype or not ctype.startswith("image/") or not ext[1:].isalnum():
            raise self.fail(f"{target}: not a picture ({ctype or 'no content type'})")
        ours = f"media/letterhead{len(self.media) + 1}{ext}"
        self.media[target] = ours
        # Pictures are already compressed: stored, not deflated again.
        self.entries.append(entry(f"word/{ours}", self.parts[target], deflate=False))
        self.overrides.append((f"/word/{ours}", ctype))
        return ours


def _unwrap(element: etree._Element) -> None:
    """Put an element's children in its place (a hyperlink becomes its text)."""
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(at + offset, child)
    parent.remove(element)
