"""Tests of briefgen.compose.redline: the marked Document of a comparison, without rendering."""

from __future__ import annotations

from typing import TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen
from briefgen.compose.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    Para,
    Row,
    Run,
    SignatureBlock,
    Table,
)
from briefgen.kinds import KINDS
from briefgen.model import Comparison, Initiative, Language
from tests.compare.redlines import NEW, OLD
from tests.strategies import local_texts, maybe, plain_or_none, plans

T = TypeVar("T")

LANGUAGES = {"en": (Language.EN,), "az": (Language.AZ,), "az+en": (Language.AZ, Language.EN)}


def _versions() -> tuple[briefgen.Plan, briefgen.Plan]:
    old, new = briefgen.load(OLD), briefgen.load(NEW)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    return old, new


def redline(lang: str = "en", author: str | None = None) -> Document:
    old, new = _versions()
    comparison = Comparison(old=old, new=new, author=author)
    return KINDS["redline"].compose(comparison, LANGUAGES[lang])


def _runs(runs: tuple[Run, ...], drop: str) -> str:
    return "".join(r.text for r in runs if r.change is None or r.change.kind != drop)


def _para(para: Para, drop: str) -> list[str]:
    if para.change is not None and para.change.kind == drop:
        return []
    return [_runs(para.runs, drop)]


def texts(blocks: tuple[Block, ...] | list[Block], drop: str = "") -> list[str]:
    """The text of every paragraph of the blocks, with the changes of kind `drop` undone
    ("del": all accepted, "ins": all rejected, "": a plain document)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out += _para(block, drop)
        elif isinstance(block, Heading):
            if block.change is None or block.change.kind != drop:
                out.append(block.text)
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.para.change is None or item.para.change.kind != drop:
                    label = _runs(item.label_runs, drop) if item.label_runs else item.label
                    out += [label + text for text in _para(item.para, drop)]
        elif isinstance(block, Table):
            for row in block.rows:
                if row.change is None or row.change.kind != drop:
                    out += _row(row, drop)
        elif isinstance(block, SignatureBlock):
            out += texts(list(block.intro), drop)
            for signature in block.signatures:
                for para in (*signature.caption, *signature.details):
                    out += _para(para, drop)
    return out


def _row(row: Row, drop: str) -> list[str]:
    return [t for cell in row.cells for para in cell.paras for t in _para(para, drop)]


def plain(plan: briefgen.Plan, lang: str) -> list[str]:
    return texts(KINDS["plan"].compose(plan, LANGUAGES[lang]).blocks)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_accepting_every_change_gives_the_new_version(lang: str) -> None:
    """Keeping insertions and dropping deletions gives the new plan's document, word for word."""
    assert texts(redline(lang).blocks, drop="del") == plain(_versions()[1], lang)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_rejecting_every_change_gives_the_old_version(lang: str) -> None:
    """Dropping insertions and keeping deletions gives the old plan's document, word for word."""
    assert texts(redline(lang).blocks, drop="ins") == plain(_versions()[0], lang)


def _marked(document: Document) -> list[tuple[str, str]]:
    out = []
    for block in document.blocks:
        if isinstance(block, Table) and block.name == "initiatives":
            for row in block.rows:
                for cell in row.cells:
                    for para in cell.paras:
                        out += [(r.change.kind, r.text) for r in para.runs if r.change]
    return out


def test_a_changed_timeframe_marks_only_the_quarter() -> None:
    """Initiative 1.1's row marks Q3 deleted and Q4 inserted, the year unmarked."""
    assert _marked(redline())[:2] == [("del", "Q3"), ("ins", "Q4")]


def test_added_and_removed_initiatives_are_whole_rows() -> None:
    """The added initiative is a row inserted and the removed one a row deleted."""
    (table,) = [b for b in redline().blocks if isinstance(b, Table) and b.name == "initiatives"]
    changed = [(row.ref, row.change.kind) for row in table.rows if row.change is not None]
    assert changed == [("initiative 2.3", "ins"), ("initiative 3.2", "del")]


def test_every_mark_names_its_author_and_the_new_versions_date() -> None:
    """Marks carry --author (else "briefgen") and the date of the new version."""
    for author, expected in ((None, "briefgen"), ("UZ delegation", "UZ delegation")):
        document = redline(author=author)
        (table,) = [b for b in document.blocks if isinstance(b, Table) and b.name == "initiatives"]
        changes = [
            r.change for row in table.rows for c in row.cells for p in c.paras for r in p.runs
        ]
        found = {(c.author, c.date) for c in changes if c is not None}
        assert found == {(expected, _versions()[1].date)}


def test_the_summary_counts_and_links_every_change() -> None:
    """The summary says what changed, in the document's language, with a link per change to
    a mark that carries its id."""
    document = redline()
    summary = [text.replace("\u00a0", " ") for text in texts(document.summary)]
    assert summary[2] == (
        "2 initiatives changed, 1 added, 1 removed; 1 provision moved; 1 signatory changed."
    )
    assert summary[3:] == [
        "•Initiative 1.1: changed (Timeframe)",
        "•Initiative 1.2: changed (Activity)",
        "•Initiative 2.3: added",
        "•Initiative 3.2: removed",
        "•Provision 3: moved",
        "•Signatory (UZ): changed",
    ]
    (entries,) = [b for b in document.summary if isinstance(b, ListBlock)]
    links = [item.para.runs[0].link for item in entries.items]
    assert links == [f"change-{n}" for n in range(1, 7)]
    targets = _ids(document.blocks)
    assert set(links) <= targets


def _ids(blocks: tuple[Block, ...]) -> set[str]:
    found: set[str] = set()
    for block in blocks:
        paras: list[Para] = []
        if isinstance(block, Para):
            paras = [block]
        elif isinstance(block, ListBlock):
            paras = [item.para for item in block.items]
        elif isinstance(block, Table):
            paras = [p for row in block.rows for cell in row.cells for p in cell.paras]
        elif isinstance(block, SignatureBlock):
            paras = [p for s in block.signatures for p in (*s.caption, *s.details)]
        found |= {r.change.id for p in paras for r in p.runs if r.change and r.change.id}
    return found


def test_the_summary_is_in_the_documents_language() -> None:
    """In Azerbaijani the counts read in Azerbaijani, capitals as Azerbaijani writes them."""
    summary = texts(redline("az").summary)
    assert summary[2].startswith("2\u00a0tədbir dəyişdirilib, 1\u00a0əlavə edilib")
    assert summary[-1] == "•İmzalayan şəxs (UZ): dəyişdirilib"


def test_the_same_version_compared_marks_nothing() -> None:
    """A plan compared with itself is its own document, unmarked, and says so."""
    old, _ = _versions()
    document = KINDS["redline"].compose(Comparison(old=old, new=old))
    assert document.blocks == KINDS["plan"].compose(old).blocks
    assert texts(document.summary)[-1] == "The two versions say the same."


def test_a_reworded_recital_is_marked_word_by_word() -> None:
    """A recital with one word changed is one paragraph with that word marked."""
    old, _ = _versions()
    recitals = list(old.preamble)
    text = recitals[1].text
    assert text is not None
    recitals[1] = briefgen.model.Clause(
        text=briefgen.model.LocalText(
            {"en": str(text.get(Language.EN)).replace("deepen", "broaden"), "az": "x"}
        )
    )
    new = attrs.evolve(old, preamble=tuple(recitals))
    document = KINDS["redline"].compose(Comparison(old=old, new=new))
    marked = [
        [(r.change.kind, r.text) for r in b.runs if r.change]
        for b in document.blocks
        if isinstance(b, Para) and any(r.change for r in b.runs)
    ]
    assert marked == [[("del", "deepen"), ("ins", "broaden")]]


@st.composite
def _reworked(draw: st.DrawFn, items: tuple[T, ...], new: st.SearchStrategy[T]) -> tuple[T, ...]:
    """A list as another version might have it: items dropped, moved and added (the first
    item stays when all others go, as a plan needs one section and a section one initiative)."""
    kept = [item for item in items if draw(st.booleans())] or list(items[:1])
    kept = list(draw(st.permutations(kept))) if draw(st.booleans()) else kept
    for _ in range(draw(st.integers(0, 2))):
        kept.insert(draw(st.integers(0, len(kept))), draw(new))
    return tuple(kept)


@st.composite
def _two_versions(draw: st.DrawFn) -> tuple[briefgen.Plan, briefgen.Plan]:
    old = draw(plans())
    texts = local_texts()
    initiatives = st.builds(Initiative, activity=texts, timeframe=maybe(texts))
    sections = []
    for section in draw(_reworked(old.sections, st.just(old.sections[0]))):
        reworked = draw(_reworked(section.initiatives, initiatives))
        sections.append(attrs.evolve(section, initiatives=reworked or section.initiatives))
    new = attrs.evolve(
        old,
        title=draw(st.sampled_from([old.title])) if draw(st.booleans()) else draw(texts),
        version=draw(plain_or_none()),
        preamble=draw(_reworked(old.preamble, texts)),
        sections=tuple(sections),
        final_provisions=draw(_reworked(old.final_provisions, texts)),
    )
    return old, new


@given(_two_versions(), st.booleans())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_two_versions_accept_and_reject_exactly(
    versions: tuple[briefgen.Plan, briefgen.Plan], parallel: bool
) -> None:
    """For any plan and a version of it with items dropped, moved, added and reworded,
    accepting every change gives the new document and rejecting every change the old one."""
    old, new = versions
    languages: tuple[Language, ...] = ()
    if parallel:
        other = Language.EN if old.language is not Language.EN else Language.AZ
        languages = (old.language, other)
    document = KINDS["redline"].compose(Comparison(old=old, new=new), languages)
    assert texts(document.blocks, drop="del") == texts(KINDS["plan"].compose(new, languages).blocks)
    assert texts(document.blocks, drop="ins") == texts(KINDS["plan"].compose(old, languages).blocks)


def test_an_area_cell_spans_the_rows_of_both_versions() -> None:
    """Where an area spans its initiatives, its cell stretches over a deleted row and an
    inserted one, so that either version, resolved, spans exactly its own rows."""
    from tests.compare.redlines import NEW_AR, OLD_AR

    old, new = briefgen.load(OLD_AR), briefgen.load(NEW_AR)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    document = KINDS["redline"].compose(Comparison(old=old, new=new))
    (table,) = [b for b in document.blocks if isinstance(b, Table) and b.name == "initiatives"]
    last = [i for i, row in enumerate(table.rows) if row.cells[0].rowspan > 1][-1]
    assert table.rows[last].cells[0].rowspan == 3
    assert [row.change.kind if row.change else None for row in table.rows[last:]] == [
        None,
        "del",
        "ins",
    ]


def _provision_proposed_by_uz() -> tuple[briefgen.Plan, briefgen.Plan]:
    old, _ = _versions()
    first = old.final_provisions[0].text
    assert first is not None
    reworded = briefgen.model.LocalText(
        {"en": str(first.get(Language.EN)).replace("its own", "its"), "az": "Yeni mətn"}
    )
    proposed = briefgen.model.Clause(text=reworded, proposed_by=briefgen.model.PartyId("uz"))
    return old, attrs.evolve(old, final_provisions=(proposed, *old.final_provisions[1:]))


def _provision_marks(document: Document) -> set[str]:
    (provisions,) = [b for b in document.blocks if isinstance(b, ListBlock)]
    runs = [r for item in provisions.items for r in item.para.runs]
    return {r.change.author for r in runs if r.change is not None}


def test_a_proposed_clause_is_changed_by_its_proposing_party() -> None:
    """A provision the Uzbek side proposes is marked as changed by it (its short name);
    --author overrides, and unproposed changes stay briefgen's."""
    old, new = _provision_proposed_by_uz()
    document = KINDS["redline"].compose(Comparison(old=old, new=new))
    assert _provision_marks(document) == {"MES of Uzbekistan"}
    (table,) = [b for b in document.blocks if isinstance(b, Table) and b.name == "initiatives"]
    assert not any(
        r.change for row in table.rows for c in row.cells for p in c.paras for r in p.runs
    )
    given = KINDS["redline"].compose(Comparison(old=old, new=new, author="Desk officer"))
    assert _provision_marks(given) == {"Desk officer"}


def test_a_clause_key_matches_a_rewritten_recital() -> None:
    """A recital rewritten beyond recognition is one recital changed when both versions
    give it the same key, and a deletion plus an insertion without."""
    old, _ = _versions()
    other = briefgen.model.LocalText("Wholly different words about something else")

    def with_first(plan: briefgen.Plan, clause: briefgen.model.Clause) -> briefgen.Plan:
        return attrs.evolve(plan, preamble=(clause, *plan.preamble[1:]))

    first = old.preamble[0]
    unkeyed = briefgen.compare(old, with_first(old, briefgen.model.Clause(text=other)))
    assert unkeyed.counts() == {"recital": {"inserted": 1, "deleted": 1}}
    keyed_old = with_first(old, attrs.evolve(first, key="partnership"))
    keyed_new = with_first(old, briefgen.model.Clause(text=other, key="partnership"))
    assert briefgen.compare(keyed_old, keyed_new).counts() == {"recital": {"changed": 1}}
