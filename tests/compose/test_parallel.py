"""Compose of parallel (two-language) plans, tested on the Document as plain data."""

from __future__ import annotations

import pytest

from briefgen.compose.blocks import Document, Para, SignatureBlock, Table
from briefgen.compose.parallel import compose_parallel
from briefgen.errors import InputError
from briefgen.model import Language
from briefgen.pipeline import compose
from tests.bilingual import bilingual_plan

AZ, EN, UZ, AR = Language.AZ, Language.EN, Language.UZ, Language.AR


def side_by_side(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table) and b.name == "parallel text"]


def pairs(document: Document) -> dict[str, tuple[str, ...]]:
    """Each clause row's name -> the text of each of its cells."""
    return {
        row.ref: tuple(" ".join(p.text for p in cell.paras) for cell in row.cells)
        for table in side_by_side(document)
        for row in table.rows
    }


def test_each_clause_sits_beside_its_translation() -> None:
    """Title, every recital and every provision are rows: first language left, second right."""
    document = compose_parallel(bilingual_plan(recitals=4, provisions=2), [AZ, EN])
    rows = pairs(document)
    assert rows["title"][0].startswith("TAZ") and rows["title"][1].startswith("TEN")
    for i in range(1, 5):
        left, right = rows[f"recital {i}"]
        assert left.startswith(f"R{i}az ") and right.startswith(f"R{i}en ")
    assert rows["provision 2"][0].startswith("2.\u00a0P2az")
    assert rows["provision 2"][1].startswith("2.\u00a0P2en")
    assert rows["final provisions"] == ("Yekun müddəalar", "Final provisions")
    assert not document.warnings


def test_clause_order_follows_the_monolingual_plan() -> None:
    """The clauses come in the order of the one-language plan: preamble, table, provisions."""
    document = compose_parallel(bilingual_plan(recitals=2, provisions=1), [AZ, EN])
    names = [b.name if isinstance(b, Table) else type(b).__name__ for b in document.blocks]
    table = names.index("initiatives")
    assert "parallel text" in names[:table]
    assert names[-1] == "SignatureBlock"
    closing = [t for t in side_by_side(document) if t.rows[0].ref == "closing"]
    assert len(closing) == 1 and closing[0].keep_with_next  # "have agreed" stays with the table


def test_table_cells_hold_both_languages_first_on_top() -> None:
    """Every text cell of the initiatives table shows the first language, then the second."""
    document = compose_parallel(bilingual_plan(), [AZ, EN])
    table = next(b for b in document.blocks if isinstance(b, Table) and b.name == "initiatives")
    header = [p.text for c in table.rows[0].cells for p in c.paras]
    assert "Tədbirin adı" in header[header.index("Tədbirin adı") :]
    assert header[header.index("Tədbirin adı") + 1] == "Activity"
    body = next(r for r in table.rows if r.ref == "initiative 1.2")
    activity = [p.text.split(" ")[0] for p in body.cells[1].paras]
    assert activity == ["I1.2az", "I1.2en"]
    timeframe = [p.text for p in body.cells[2].paras]
    assert timeframe == ["2026-cı ilin III rübü", "2026\u00a0Q3"]
    number = [p.text for p in body.cells[0].paras]
    assert number == ["1.2"]  # what both languages write alike is printed once
    section = next(r for r in table.rows if r.kind == "section")
    assert [p.text.split(" ")[1] for p in section.cells[0].paras] == ["A1az", "A1en"]


def test_signing_formula_and_captions_in_both_languages() -> None:
    """The signing formula is a side-by-side row inside the signature block; captions are in both."""
    document = compose_parallel(bilingual_plan(), [AZ, EN])
    block = document.blocks[-1]
    assert isinstance(block, SignatureBlock)
    (intro,) = block.intro
    assert isinstance(intro, Table)
    left, right = (" ".join(p.text for p in c.paras) for c in intro.rows[0].cells)
    assert left.startswith("Bakı") and "imzalan" in left
    assert right.startswith("Signed at") or right.startswith("Done at")
    first = block.signatures[0]
    assert [p.text for p in first.caption] == [
        "Azərbaycan Respublikasının Fövqəladə Hallar Nazirliyi adından",
        "For the Ministry of Emergency Situations of the Republic of Azerbaijan",
    ]
    names = [p.text for p in first.details if p.runs[0].bold]
    assert names == ["Kəmaləddin Heydərov", "Kamaladdin Heydarov"]


def test_alternat_puts_the_original_party_and_its_language_first() -> None:
    """In the Uzbek original, the Uzbek party signs on the left and Uzbek is the left column."""
    plan = bilingual_plan(langs=("az", "en", "uz"))
    document = compose_parallel(plan, [EN, UZ], original="uz")
    rows = pairs(document)
    assert rows["title"][0].startswith("TUZ")
    block = document.blocks[-1]
    assert isinstance(block, SignatureBlock)
    assert "Oʻzbekiston" in block.signatures[0].caption[0].text
    assert "Azərbaycan" not in block.signatures[0].caption[0].text


def test_original_of_a_party_whose_language_is_not_shown_keeps_the_order() -> None:
    """--original uz with az+en: the Uzbek party comes first, the languages stay az, en."""
    document = compose_parallel(bilingual_plan(), [AZ, EN], original="uz")
    assert pairs(document)["title"][0].startswith("TAZ")
    block = document.blocks[-1]
    assert isinstance(block, SignatureBlock)
    assert "Özbəkistan" in block.signatures[0].caption[0].text


def test_unknown_original_is_an_input_error() -> None:
    """An --original that is not a party is refused with the parties that are."""
    with pytest.raises(InputError, match=r"'tr' is not a party of this plan.*az, uz"):
        compose_parallel(bilingual_plan(), [AZ, EN], original="tr")


def test_arabic_first_runs_right_to_left() -> None:
    """With Arabic first, every side-by-side table and the document run right to left."""
    document = compose_parallel(bilingual_plan(langs=("ar", "en", "az")), [AR, EN])
    assert document.rtl
    assert all(t.rtl for t in side_by_side(document))
    left, _ = next(
        row.cells for t in side_by_side(document) for row in t.rows if row.ref == "recital 1"
    )
    para = left.paras[0]
    assert isinstance(para, Para) and para.rtl and para.text.endswith("R1ar")


def test_missing_translation_warns_with_its_field() -> None:
    """A text without the second language falls back with a warning naming its field."""
    plan = bilingual_plan(langs=("az", "en"))
    document = compose_parallel(plan, [AZ, UZ])
    paths = {w.path for w in document.warnings}
    assert "preamble[0]" in paths and "sections[0].initiatives[0].activity" in paths
    assert {w.message for w in document.warnings} == {"no uz text; the en text is used"}


def test_compose_reads_the_language_option() -> None:
    """build.compose turns "az+en" into a parallel plan and "az" into a one-language plan."""
    plan = bilingual_plan()
    assert side_by_side(compose(plan, "az+en"))
    assert not side_by_side(compose(plan, "az"))
    assert compose(plan, "az").meta.language == "az"


def test_brackets_and_party_marks_in_both_columns() -> None:
    """In a parallel text each language brackets a proposed recital and names the party in
    that language; competing provisions are bracketed in both columns."""
    from briefgen.load import load
    from briefgen.model import Plan

    plan = load("tests/negotiation.yaml")
    assert isinstance(plan, Plan)
    rows = pairs(compose_parallel(plan, [AZ, EN]))
    left, right = (text.replace("\u00a0", " ") for text in rows["recital 2"])
    assert left == "[2025-ci il birgə təliminin nəticələrini qeyd edərək] (UZ)"
    assert right == "[Noting the results of the joint exercise of 2025] (UZ)"
    az, en = (text.replace("\u00a0", " ") for text in rows["provision 2"])
    assert az.count("[") == 2 and az.endswith("(UZ)") and "qüvvəyə minir.] (AZ)" in az
    assert en.count("[") == 2 and en.endswith("(UZ)")
