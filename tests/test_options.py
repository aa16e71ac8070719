"""Tests of briefgen.options: parsing at the edge, the per-kind rule and the manifest key."""

from __future__ import annotations

import pickle

import attrs
import pytest

from briefgen.kinds import KINDS
from briefgen.model import Language
from briefgen.options import NOT_IN_KEY, Options, parse_languages

KEY = {"fmt": "pdf", "sources": ["a", "b"], "theme": "t", "version": "1"}

#: For each field of Options, a value other than its default.
CHANGED: dict[str, object] = {
    "languages": (Language.AZ,),
    "original": "uz",
    "formats": ("docx",),
    "theme": "other",
    "strict": True,
    "allow_fallback": True,
    "pdfa": True,
    "signature_fields": True,
}


def test_every_field_has_a_changed_value_here() -> None:
    """A new option must be added to this test (and to the key, or to NOT_IN_KEY)."""
    assert set(CHANGED) == {field.name for field in attrs.fields(Options)}


@pytest.mark.parametrize("name", [f.name for f in attrs.fields(Options)])
def test_changing_any_field_changes_the_key_or_is_said_not_to(name: str) -> None:
    """Every option that can change an output's bytes changes its manifest key; the others
    are listed, with the reason, in NOT_IN_KEY."""
    base = Options()
    changed = attrs.evolve(base, **{name: CHANGED[name]})
    if name in NOT_IN_KEY:
        assert changed.key(**KEY) == base.key(**KEY)  # type: ignore[arg-type]
    else:
        assert changed.key(**KEY) != base.key(**KEY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change", [{"fmt": "docx"}, {"sources": ["a", "c"]}, {"theme": "u"}, {"version": "2"}]
)
def test_the_key_changes_with_format_sources_theme_and_version(change: dict[str, object]) -> None:
    """The key covers the output's format, each source's digest, the theme's and the version."""
    assert Options().key(**{**KEY, **change}) != Options().key(**KEY)  # type: ignore[arg-type]


def test_the_key_changes_with_the_order_of_the_sources() -> None:
    """Sources are keyed in load order."""
    assert Options().key(**{**KEY, "sources": ["b", "a"]}) != Options().key(**KEY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "codes"),
    [(None, ()), ("az", ("az",)), ("az+en", ("az", "en")), ("AZ + en", ("az", "en"))],
)
def test_languages_are_parsed_once_in_one_spelling(
    spec: str | None, codes: tuple[str, ...]
) -> None:
    """`--lang` values parse to languages; `lang` spells them one way."""
    options = Options.make(lang=spec)
    assert tuple(x.value for x in options.languages) == codes
    assert options.lang == ("+".join(codes) or None)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("xx", "'xx' is not a language briefgen writes"),
        ("az+az", "names a language twice"),
        ("az+en+ru", "a parallel document has two languages"),
    ],
)
def test_bad_languages_are_refused_with_a_message(spec: str, message: str) -> None:
    """An unknown, repeated or third language is a ValueError for the user."""
    with pytest.raises(ValueError, match=message):
        parse_languages(spec)


def test_an_unknown_format_is_refused() -> None:
    """A format outside the formats registry is a ValueError naming the known ones."""
    with pytest.raises(ValueError, match=r"unknown format 'odt' \(formats: docx, pdf\)"):
        Options.make(formats=["odt"])


def test_formats_are_kept_once_in_order() -> None:
    """A format asked for twice is built once."""
    assert Options.make(formats=["pdf", "docx", "pdf"]).formats == ("pdf", "docx")


def test_options_pickle() -> None:
    """Options cross to worker processes as they are."""
    options = Options.make(lang="az+en", original="uz", formats=["docx"], theme="t", strict=True)
    assert pickle.loads(pickle.dumps(options)) == options


def test_a_brief_takes_one_language_and_no_original_and_says_so() -> None:
    """The per-kind rule: a brief keeps the first language, drops the original, with notes."""
    applied, notes = Options.make(lang="az+en", original="uz").for_kind(KINDS["brief"])
    assert applied.languages == (Language.AZ,) and applied.original is None
    assert applied.formats == ("docx",)
    assert notes == (
        "--lang az+en: a brief is written in 1 language; built in az",
        "--original uz does not apply to a brief; ignored",
    )


def test_a_plan_keeps_two_languages_and_its_original() -> None:
    """A plan takes a parallel text and an original as asked, in its default format."""
    options = Options.make(lang="az+en", original="uz")
    applied, notes = options.for_kind(KINDS["plan"])
    assert applied == attrs.evolve(options, formats=("pdf",)) and notes == ()


def test_the_rule_is_applied_once_for_the_key() -> None:
    """A brief's key under az+en equals its key under az: the rule applies before keying."""
    brief = KINDS["brief"]
    two, _ = Options.make(lang="az+en").for_kind(brief)
    one, _ = Options.make(lang="az").for_kind(brief)
    assert two.key(**KEY) == one.key(**KEY)  # type: ignore[arg-type]


def test_a_language_that_is_no_text_is_a_type_error() -> None:
    """lang=5 through the API is a TypeError that says what lang takes."""
    with pytest.raises(TypeError, match="lang must be a language code"):
        Options.make(lang=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["pdfa", "signature_fields"])
def test_pdf_only_options_leave_the_docx_key_alone(name: str) -> None:
    """--pdfa and --signature-fields change a PDF's key but not a DOCX's, which they do not touch."""
    changed = attrs.evolve(Options(), **{name: CHANGED[name]})
    docx = {**KEY, "fmt": "docx"}
    assert changed.key(**docx) == Options().key(**docx)  # type: ignore[arg-type]


def test_pdfa_false_is_keyed_apart_from_the_theme_default() -> None:
    """--no-pdfa (False) is a different output from the theme's default (None)."""
    assert Options(pdfa=False).key(**KEY) != Options().key(**KEY)  # type: ignore[arg-type]


def test_pdf_only_options_on_a_docx_build_are_said() -> None:
    """--pdfa or --signature-fields for a brief built as DOCX only is a note, never silent."""
    options = Options.make(formats=["docx"], pdfa=True, signature_fields=True)
    _, notes = options.for_kind(KINDS["brief"])
    assert notes == (
        "--pdfa applies to PDF output only; this brief is not built as PDF",
        "--signature-fields applies to PDF output only; this brief is not built as PDF",
    )
    _, notes = Options.make(formats=["pdf"], pdfa=True).for_kind(KINDS["brief"])
    assert notes == ()
