"""The redline as Word tracked changes: accept all gives the new version, reject all the old."""

from __future__ import annotations

import functools

import pytest

import briefgen
from briefgen.model import Comparison
from briefgen.options import Options
from briefgen.pipeline import make
from briefgen.theme import load_theme
from tests.compare.redlines import (
    NEW,
    NEW_AR,
    OLD,
    OLD_AR,
    W,
    body_of,
    marks,
    paragraphs,
    resolve,
)

LANGS = ["en", "az", "az+en"]
#: The Arabic round: right to left, and area cells that span the rows of their initiatives.
ARABIC = ["ar", "ar+en", "ru"]


@functools.cache
def redline_docx(lang: str, author: str | None = None, arabic: bool = False) -> bytes:
    old, new = briefgen.load(OLD_AR if arabic else OLD), briefgen.load(NEW_AR if arabic else NEW)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    options = Options.make(lang=lang, formats=("docx",))
    made = make(Comparison(old=old, new=new, author=author), options, load_theme())
    (output,) = made.outputs
    assert output.name == f"{new.id}.redline.{lang}.docx"
    return output.data


def built(path: object, lang: str) -> list[str]:
    return paragraphs(body_of(briefgen.render(briefgen.load(path), "docx", lang=lang)))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_accepting_all_changes_gives_the_new_version(lang: str) -> None:
    """Accept all, read back with python-docx: the text of the new version built normally."""
    assert paragraphs(resolve(redline_docx(lang), accept=True)) == built(NEW, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_rejecting_all_changes_gives_the_old_version(lang: str) -> None:
    """Reject all, read back with python-docx: the text of the old version built normally."""
    assert paragraphs(resolve(redline_docx(lang), accept=False)) == built(OLD, lang)


@pytest.mark.parametrize("lang", ARABIC)
def test_an_arabic_round_with_spanning_areas_accepts_and_rejects_exactly(lang: str) -> None:
    """In Arabic (and Russian, which falls back), with an area cell spanning a row deleted
    and one inserted, accept all gives the new version and reject all the old."""
    data = redline_docx(lang, arabic=True)
    assert marks(body_of(data), "del") and marks(body_of(data), "ins")
    assert paragraphs(resolve(data, accept=True)) == built(NEW_AR, lang)
    assert paragraphs(resolve(data, accept=False)) == built(OLD_AR, lang)


def test_every_change_has_an_author_and_the_new_versions_date() -> None:
    """Each w:ins and w:del names briefgen (no --author, no proposing party) and the date of
    the new version, and the ids are unique."""
    body = body_of(redline_docx("en"))
    found = marks(body, "ins") + marks(body, "del")
    assert len(found) > 10
    assert {(m.get(f"{{{W}}}author"), m.get(f"{{{W}}}date")) for m in found} == {
        ("briefgen", "2025-12-10T00:00:00Z")
    }
    ids = [m.get(f"{{{W}}}id") for m in found]
    assert len(set(ids)) == len(ids)


def test_the_author_given_is_every_changes_author() -> None:
    """--author names who proposed the changes."""
    body = body_of(redline_docx("en", "Uzbek delegation"))
    assert {m.get(f"{{{W}}}author") for m in marks(body, "ins")} == {"Uzbek delegation"}


def test_whole_rows_are_inserted_and_deleted_rows() -> None:
    """The added initiative is a row marked inserted (w:trPr/w:ins), the removed one a row
    marked deleted, and deleted text is w:delText."""
    from lxml import etree

    root = etree.fromstring(body_of(redline_docx("en")))
    rows = {
        kind: [
            tr
            for tr in root.iter(f"{{{W}}}tr")
            if tr.find(f"{{{W}}}trPr/{{{W}}}{kind}") is not None
        ]
        for kind in ("ins", "del")
    }
    assert [len(rows["ins"]), len(rows["del"])] == [1, 1]
    assert "Joint training of drone operators" in "".join(rows["ins"][0].itertext())
    assert "Reciprocal participation" in "".join(rows["del"][0].itertext())
    for deleted in root.iter(f"{{{W}}}del"):
        assert deleted.find(f".//{{{W}}}t") is None


def test_a_changed_quarter_is_one_word_in_word() -> None:
    """2026 Q3 -> 2026 Q4: Q3 deleted and Q4 inserted, the year left alone."""
    body = body_of(redline_docx("en"))
    assert ["".join(m.itertext()) for m in marks(body, "del")][:4] == ["3", "20", "November", "Q3"]
    assert ["".join(m.itertext()) for m in marks(body, "ins")][:4] == ["4", "10", "December", "Q4"]


def test_two_runs_give_the_same_bytes() -> None:
    """The date comes from the new version, so a redline is byte-identical run after run."""
    first = redline_docx("az")
    redline_docx.cache_clear()
    assert redline_docx("az") == first


def test_a_normal_build_has_no_tracked_changes() -> None:
    """A plan built normally carries no w:ins or w:del at all."""
    body = body_of(briefgen.render(briefgen.load(NEW), "docx"))
    assert marks(body, "ins") == [] and marks(body, "del") == []
