"""Property-based fuzzing of the whole pipeline: any valid record renders, any invalid file is an InputError.

How rendered text is compared with the record (the documented sanitising, then a comparison
that each format can keep exactly):

- What must appear is what compose put in the Document (compose decides wording; its own
  tests check that). Every text is first sanitised as `briefgen.text.sanitise` documents:
  XML-forbidden control characters are removed and line ends become newlines.
- DOCX keeps text exactly: every paragraph of the Document, whitespace collapsed, is found in
  the text read back from word/document.xml (tabs and breaks as whitespace), and python-docx
  opens the file.
- PDF text extraction breaks lines wherever a paragraph wraps, interleaves the lines of the
  cells of a table row, and returns shaped Arabic as presentation forms in visual order. So
  the PDF is compared as a multiset of characters: every character of the Document must be
  extracted at least as often as it was written, after NFKD (presentation forms and
  ligatures back to letters, accented letters split into letter and mark: NFKC would
  compose a lone mark with whatever letter happens to precede it in the extraction, which
  depends on the layout), each text counted on its own, with whitespace and invisible
  format characters dropped (the Arabic vowel marks are kept and counted), mirrored
  brackets counted as one kind (bidi mirrors them in right-to-left lines), and characters
  beyond U+FFFF (emoji, mathematical letters) left out: they are printed, but reportlab 5.1
  writes their ToUnicode entries as invalid five-digit hex, so no PDF reader can extract
  them (a reportlab bug; see the closing note of issue 7). A lost, replaced or markup-eaten
  character (`<b>`, `&amp;`) fails this check.
- A record with a character the theme's fonts lack is refused by both formats with the same
  InputError, naming the character.
"""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import docx
import pypdf
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from briefgen.compose.blocks import Document, Heading, Image, ListItem, Meta, Run
from briefgen.coverage import font_problems
from briefgen.errors import InputError, RenderError, Severity
from briefgen.load import load, unstructure
from briefgen.model import Record
from briefgen.pipeline import compose, render
from briefgen.text import sanitise
from tests.strategies import briefs, hostile_texts, plans

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Sections of 1-3 initiatives, one in 200 of 100-500 (a plan of several hundred rows).
sizes = st.integers(0, 199).flatmap(
    lambda k: st.integers(100, 500) if k == 0 else st.integers(1, 3)
)
#: Per record: text from every script the fonts cover, or from all of Unicode.
hostile_plans = st.booleans().flatmap(lambda everything: plans(hostile_texts(everything), sizes))
hostile_briefs = st.booleans().flatmap(lambda everything: briefs(hostile_texts(everything)))

_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---------------------------------------------------------------------------------------------
# Reading documents back.


#: The fields of Document blocks that hold printed text (walked in declaration order).
_PRINTED_FIELDS = frozenset(
    {
        "blocks",
        "runs",
        "rows",
        "cells",
        "paras",
        "items",
        "para",
        "intro",
        "signatures",
        "caption",
        "details",
    }
)


def document_texts(value: object) -> Iterator[str]:
    """Every text a Document prints in its body (runs, headings, list labels), in order."""
    if isinstance(value, Run | Heading):
        yield value.text
    elif isinstance(value, ListItem):
        # Never empty: a text of only control or format characters is refused by validation.
        yield value.label
        yield from document_texts(value.para)
    elif isinstance(value, Image | Meta):
        return
    elif isinstance(value, tuple | list):
        for item in value:
            yield from document_texts(item)
    elif attrs.has(type(value)):
        cls: Any = type(value)
        for field in attrs.fields(cls):
            if field.name in _PRINTED_FIELDS:
                yield from document_texts(getattr(value, field.name))


def paragraphs(document: Document) -> Iterator[str]:
    """The text of each paragraph-like unit of a Document (a Para's runs joined)."""
    from briefgen.compose.blocks import Para

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, Para | Heading):
            yield value.text
        elif isinstance(value, Image | Meta | str):
            return
        elif isinstance(value, tuple | list):
            for item in value:
                yield from walk(item)
        elif attrs.has(type(value)):
            cls: Any = type(value)
            for field in attrs.fields(cls):
                yield from walk(getattr(value, field.name))

    yield from walk(document.blocks)


def collapse(text: str) -> str:
    """Sanitised text with every run of whitespace as one space."""
    return " ".join(sanitise(text).split())


def docx_text(data: bytes) -> str:
    """The body text of a DOCX, one paragraph a line; python-docx must open the file."""
    docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    lines = []
    for p in root.iter(f"{_W}p"):
        pieces = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            pieces.append(node.text or "" if node.tag == f"{_W}t" else " ")
        lines.append("".join(pieces))
    return "\n".join(lines)


def _mirror_class(char: str) -> str:
    return "()" if unicodedata.mirrored(char) else char


def pdf_chars(text: str) -> Counter[str]:
    """The characters of a text as PDF extraction can give them back (see the module doc)."""
    text = "".join(char for char in sanitise(text) if ord(char) <= 0xFFFF)
    text = unicodedata.normalize("NFKD", text)
    return Counter(
        _mirror_class(char)
        for char in text
        if not char.isspace() and unicodedata.category(char) != "Cf" and ord(char) <= 0xFFFF
    )


def pdf_text(data: bytes) -> tuple[int, str]:
    """(pages, extracted text) of a PDF; pypdf must read every page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    return len(reader.pages), "\n".join(pages)


def check_rendered(record: Record) -> None:
    """Both formats render the record, or both refuse it with the same font-coverage error."""
    errors = [p for p in font_problems(record) if p.severity is Severity.ERROR]
    outcomes: dict[str, bytes | str] = {}
    for fmt in ("docx", "pdf"):
        try:
            outcomes[fmt] = render(record, fmt)  # type: ignore[arg-type]
        except InputError as exc:
            outcomes[fmt] = str(exc)
        except RenderError as exc:
            # The PDF cannot yet split a table row taller than a page (a 5,000-character
            # word in a narrow column): allowed, when the error names record, table and row.
            message = str(exc)
            assert fmt == "pdf", message
            assert message.startswith(f"{record.id}: table "), message
            assert re.search(r", (initiative|area|row) \S+: cannot lay", message), message
            assert "cannot lay this out on the page" in message, message
            outcomes[fmt] = b""
    if errors:
        expected = str(InputError(errors))
        assert outcomes == {"docx": expected, "pdf": expected}
        assert all(re.search(r"U\+[0-9A-F]{4,6} ", str(p)) for p in errors)
        return
    assert isinstance(outcomes["docx"], bytes), outcomes["docx"]
    assert isinstance(outcomes["pdf"], bytes), outcomes["pdf"]
    document = compose(record)

    body = collapse(docx_text(outcomes["docx"]))
    for text in paragraphs(document):
        assert collapse(text) in body, f"DOCX lost {collapse(text)!r}"

    if not outcomes["pdf"]:
        return  # refused by the PDF renderer, as allowed above
    pages, extracted = pdf_text(outcomes["pdf"])
    assert pages >= 1
    wanted = pdf_chars("\n".join(document_texts(document.blocks)))
    missing = wanted - pdf_chars(extracted)
    assert not missing, f"PDF lost {dict(missing)!r}"


@_SLOW
@given(hostile_plans)
def test_any_valid_plan_renders_with_its_text(plan: Record) -> None:
    """A valid plan with hostile text and 1-500 initiatives renders to DOCX and PDF that keep its text."""
    check_rendered(plan)


@_SLOW
@given(hostile_briefs)
def test_any_valid_brief_renders_with_its_text(brief: Record) -> None:
    """A valid brief with hostile text renders to DOCX and PDF that keep its text."""
    check_rendered(brief)


# ---------------------------------------------------------------------------------------------
# Invalid files: always an InputError whose problems are located, never another exception.

#: Problems about a whole file, which has no line or field to name.
WHOLE_FILE = re.compile(r"binary file|larger than \d+ MB|values once aliases are expanded")

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)
_BAD_DATES = st.sampled_from(
    [
        "2025-13-01",
        "2025-02-30",
        "31.12.2025",
        "2025-1-1x",
        "0000-00-00",
        "2025-12-01T25:00",
        "today",
    ]
)


def _places(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every location in plain data: keys and indices from the root."""
    yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*at, index))


def _parent(data: Any, at: tuple[Any, ...]) -> Any:
    for part in at[:-1]:
        data = data[part]
    return data


@st.composite
def invalid_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(extension, bytes) of a valid record's file broken in one way, or random bytes."""
    record = draw(st.one_of(plans(), briefs()))
    data = json.loads(json.dumps(unstructure(record), ensure_ascii=False))
    mutation = draw(
        st.sampled_from(
            ["type", "missing", "unknown", "date", "truncate", "bytes", "random", "none"]
        )
    )
    places = list(_places(data))[1:]
    if mutation in ("type", "date", "missing", "unknown") and places:
        at = draw(st.sampled_from(places))
        parent = _parent(data, at)
        if mutation == "type":
            parent[at[-1]] = draw(_JSON)
        elif mutation == "date":
            parent[at[-1]] = draw(_BAD_DATES)
        elif mutation == "missing":
            del parent[at[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(_JSON)
    fmt = draw(st.sampled_from(["yaml", "json"]))
    if fmt == "yaml":
        raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    else:
        raw = json.dumps(data, ensure_ascii=False, indent=draw(st.sampled_from([None, 2]))).encode()
    rng = random.Random(draw(st.integers(0, 2**32)))
    if mutation == "truncate":
        raw = raw[: rng.randrange(len(raw) + 1)]
    elif mutation == "bytes":
        buffer = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(buffer) + 1)
            if rng.random() < 0.5 and position < len(buffer):
                buffer[position] = rng.randrange(256)
            else:
                buffer[position:position] = bytes([rng.randrange(256)])
        raw = bytes(buffer)
    elif mutation == "random":
        raw = draw(st.binary(max_size=200))
    return fmt, raw


@given(invalid_files())
def test_any_broken_file_is_an_input_error_with_located_problems(case: tuple[str, bytes]) -> None:
    """A mutated record file either loads or raises InputError whose every problem names the file and a line or field."""
    import tempfile

    fmt, raw = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"record.{fmt}"
        path.write_bytes(raw)
        try:
            load(path)
            event("loaded")
        except InputError as exc:
            event("refused")
            assert exc.problems
            for problem in exc.problems:
                assert problem.source == str(path), problem
                assert problem.message, problem
                located = problem.line is not None or problem.path
                assert located or WHOLE_FILE.search(problem.message), str(problem)
