"""WordprocessingML as text: the namespaces, and the runs, fields and parts built from strings.

Joining strings is several times faster than building an lxml tree of the same elements, so
the body, headers and footers are written as markup; every user text goes through `run` (or
`attr`), which sanitises and escapes it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import cache
from typing import Final
from xml.sax.saxutils import escape

from lxml import etree

from briefgen.text import RTL_LANGUAGES, sanitise

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC: Final = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V: Final = "urn:schemas-microsoft-com:vml"
O: Final = "urn:schemas-microsoft-com:office:office"  # noqa: E741 - the prefix Word uses
W10: Final = "urn:schemas-microsoft-com:office:word"
RT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE: Final = "application/vnd.openxmlformats-officedocument"
WML: Final = f"{OFFICE}.wordprocessingml"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


VAL: Final = w("val")
TYPE: Final = w("type")

#: Paragraph alignment per base direction. In a bidi paragraph Word (and LibreOffice after
#: it) reads left/right as start/end, so "start" is "left" in both directions.
JC_VALUES: Final[dict[str, str]] = {
    "start": "left",
    "end": "right",
    "center": "center",
    "justify": "both",
}

XML_DECLARATION: Final = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DOCUMENT_NAMESPACES: Final = f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}"'
HEADER_NAMESPACES: Final = (
    f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:v="{V}" xmlns:o="{O}" xmlns:w10="{W10}"'
)
FOOTER_NAMESPACES: Final = f'xmlns:w="{W}" xmlns:r="{R}"'

_TEXT_SPLIT: Final = re.compile(r"([\n\t])")
_QUOTE: Final = {'"': "&quot;"}
_BREAKS: Final = {"\n": "<w:br/>", "\t": "<w:tab/>"}


def xml(root: etree._Element) -> bytes:
    """A whole part from an lxml element, with the declaration Word writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def part(tag: str, content: str, namespaces: str) -> bytes:
    """A whole XML part: its root `w:<tag>` declaring `namespaces`, holding `content`."""
    return f"{XML_DECLARATION}<w:{tag} {namespaces}>{content}</w:{tag}>".encode()


def fragment(element: etree._Element | None) -> str:
    """The markup of an element inside a part whose root declares w, r and wp."""
    if element is None:
        return ""
    # Placed (as a copy) under such a root, the element is written with those prefixes.
    holder = etree.Element(w("body"), nsmap={"w": W, "r": R, "wp": WP})
    holder.append(copy.deepcopy(element))
    text = etree.tostring(holder[0], encoding="unicode")
    for prefix, uri in (("w", W), ("r", R), ("wp", WP)):
        text = text.replace(f' xmlns:{prefix}="{uri}"', "")
    return text


#: Word's language tag for each document language: what it spell-checks and hyphenates by.
WORD_LANGUAGES = {
    "en": "en-GB",
    "az": "az-Latn-AZ",
    "uz": "uz-Latn-UZ",
    "ru": "ru-RU",
    "ar": "ar-SA",
    "tr": "tr-TR",
    "kk": "kk-KZ",
    "ky": "ky-KG",
    "tg": "tg-Cyrl-TJ",
    "tk": "tk-TM",
    "ka": "ka-GE",
    "hy": "hy-AM",
    "fr": "fr-FR",
    "de": "de-DE",
    "es": "es-ES",
    "zh": "zh-CN",
}


@cache
def lang_property(code: str) -> str:
    """The run property `w:lang` for a language code ("" for none): a right-to-left
    language is given as the complex-script language too (`w:bidi`), which Word uses for
    Arabic text."""
    if not code:
        return ""
    tag = attr(WORD_LANGUAGES.get(code, code))
    if code in RTL_LANGUAGES:
        return f'<w:lang w:val="{tag}" w:bidi="{tag}"/>'
    return f'<w:lang w:val="{tag}"/>'


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    rtl: bool = False,
    tail: str = "",
    look: str = "",
    lang: str = "",
) -> str:
    """A run of text (line breaks and tabs as Word's own), then `tail` (markup).

    `look`: run properties that stand between italics and direction in schema order
    (colour, size, shading: the `tag` style's, from the theme). `lang`: the code of the
    text's language ("ru"), tagged as `w:lang`."""
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    props += look
    if rtl:
        props += "<w:rtl/>"
    if lang:
        props += lang_property(lang)
    if props:
        props = f"<w:rPr>{props}</w:rPr>"
    body = ""
    if text:
        text = sanitise(text)
        if "\n" not in text and "\t" not in text:
            body = f'<w:t xml:space="preserve">{escape(text)}</w:t>'
        else:
            body = "".join(
                _BREAKS.get(piece) or f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
                for piece in _TEXT_SPLIT.split(text)
                if piece
            )
    return f"<w:r>{props}{body}{tail}</w:r>"


def tracked(kind: str, number: int, author: str, date: dt.date | None, content: str = "") -> str:
    """A tracked change: `content` (runs) inserted or deleted, or with no content the mark
    of a paragraph or table row inserted or deleted (`w:ins`/`w:del` in its properties).
    Deleted text is `w:delText`, as Word writes it. The date is the day's start in UTC, so
    that the same versions give the same bytes."""
    when = "" if date is None else f' w:date="{date.isoformat()}T00:00:00Z"'
    head = f'<w:{kind} w:id="{number}" w:author="{attr(author)}"{when}'
    if not content:
        return head + "/>"
    if kind == "del":
        content = content.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    return f"{head}>{content}</w:{kind}>"


def field(instruction: str) -> str:
    """A PAGE or NUMPAGES field; "1" stands until the word processor updates it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run('1')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def attr(text: str) -> str:
    """Text for an attribute value in double quotes."""
    return escape(text, _QUOTE)
