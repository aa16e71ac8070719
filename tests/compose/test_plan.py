"""Compose of plans, tested on the Document as plain data (nothing is rendered)."""

from __future__ import annotations

import attrs
import pytest

from briefgen.compose.blocks import Heading, ListBlock, Para, SignatureBlock, Table
from briefgen.compose.plan import compose, compose_plan
from briefgen.load import load
from briefgen.model import Column, Language, LocalText, Plan, PlanStatus

AZ_UZ = "inputs/az-uz-2026/plan.yaml"
AZ_PS = "inputs/az-ps-2026/plan.yaml"


@pytest.fixture(scope="module")
def az_uz() -> Plan:
    record = load(AZ_UZ)
    assert isinstance(record, Plan)
    return record


def table_of(plan: Plan) -> Table:
    return next(b for b in compose_plan(plan).blocks if isinstance(b, Table))


def row_texts(table: Table) -> list[list[str]]:
    return [[" ".join(p.text for p in c.paras) for c in row.cells] for row in table.rows]


def test_initiatives_are_numbered_by_area_then_item(az_uz: Plan) -> None:
    """Areas are numbered 1, 2, 3 in section rows and initiatives 1.1, 1.2, 2.1 under them."""
    table = table_of(az_uz)
    sections = [r for r in table.rows if r.kind == "section"]
    assert [r.cells[0].paras[0].text.split(" ")[0] for r in sections] == ["1.", "2.", "3."]
    body = [r for r in table.rows if r.kind == "body"]
    assert [r.cells[0].paras[0].text for r in body] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
    ]
    assert [r.ref for r in body][:2] == ["initiative 1.1", "initiative 1.2"]


def test_responsible_column_has_a_sub_column_per_party(az_uz: Plan) -> None:
    """The header spans two rows: Responsible over one sub-column per party, headed by its short name."""
    table = table_of(az_uz)
    first, second = table.rows[0], table.rows[1]
    assert first.kind == second.kind == "header"
    responsible = next(c for c in first.cells if c.paras and c.paras[0].text == "Responsible")
    assert responsible.colspan == 2
    assert [c.paras[0].text for c in second.cells if c.paras] == [
        "MES of Azerbaijan",
        "MES of Uzbekistan",
    ]
    assert len(table.columns) == 6
    assert all(row.cells[0].rowspan == 2 for row in table.rows[:1])


def test_section_rows_span_the_whole_table(az_uz: Plan) -> None:
    """A section row is one cell spanning every grid column."""
    table = table_of(az_uz)
    for row in table.rows:
        if row.kind == "section":
            assert len(row.cells) == 1 and row.cells[0].colspan == len(table.columns)


def test_columns_select_and_order_the_table() -> None:
    """The concept-note columns give Area | Proposed initiative | Expected outcome, areas spanning."""
    plan = load(AZ_PS)
    assert isinstance(plan, Plan)
    table = table_of(plan)
    assert row_texts(table)[0] == ["Area", "Proposed initiative", "Expected outcome"]
    assert not any(r.kind == "section" for r in table.rows)
    spanning = [r.cells[0] for r in table.rows if r.kind == "body" and r.cells[0].rowspan > 1]
    assert [c.paras[0].text for c in spanning] == ["Training and capacity building"]


def test_explicit_columns_reorder(az_uz: Plan) -> None:
    """`columns` picks which columns appear and in which order."""
    plan = attrs.evolve(az_uz, columns=(Column.ACTIVITY, Column.OUTCOME, Column.NO))
    assert row_texts(table_of(plan))[0] == ["Activity", "Expected outcome", "No."]


def test_title_is_in_capitals_with_language_aware_casing(az_uz: Plan) -> None:
    """The title block prints the title in capitals (Azerbaijani i -> İ in an az document)."""
    document = compose_plan(az_uz)
    assert document.blocks[0].text.startswith("PLAN OF JOINT ACTIONS BETWEEN")  # type: ignore[union-attr]


def test_nonbinding_plan_uses_participants_and_will(az_uz: Plan) -> None:
    """binding: false switches to the non-binding vocabulary everywhere."""
    texts = all_text(compose_plan(az_uz))
    assert "hereinafter referred to as “the Participants”" in texts
    assert "have come to the following understanding:" in texts
    assert (
        "Signed at Baku on 3\u00a0December 2025 in two originals, each in the Azerbaijani, Uzbek and English languages, all texts being equally valid."
        in texts
    )
    assert "the English text will prevail." in texts


def test_binding_plan_uses_parties_and_shall(az_uz: Plan) -> None:
    """binding: true uses treaty wording: Parties, agreed as follows, done, shall prevail."""
    texts = all_text(compose_plan(attrs.evolve(az_uz, binding=True)))
    assert "hereinafter referred to as “the Parties”" in texts
    assert "have agreed as follows:" in texts
    assert (
        "Done at Baku on 3\u00a0December 2025 in two originals, each in the Azerbaijani, Uzbek and English "
        "languages, all texts being equally authentic. In case of divergence of interpretation, the "
        "English text shall prevail." in texts
    )


def test_signature_blocks_follow_the_formula(az_uz: Plan) -> None:
    """The last block is the signing formula with a signature per party, 'For the <organisation> of the <state>'."""
    block = compose_plan(az_uz).blocks[-1]
    assert isinstance(block, SignatureBlock)
    captions = [s.caption[0].text for s in block.signatures]
    assert captions == [
        "For the Ministry of Emergency Situations of the Republic of Azerbaijan",
        "For the Ministry of Emergency Situations of the Republic of Uzbekistan",
    ]
    assert [s.details[0].text for s in block.signatures] == [
        "Kamaladdin Heydarov",
        "Botir Kudratkhodjaev",
    ]
    assert block.intro[0].keep_with_next


def test_arabic_name_appears_right_to_left_in_the_signature_block() -> None:
    """A party writing in another script gets its own-language name too, marked right-to-left."""
    plan = load(AZ_PS)
    assert isinstance(plan, Plan)
    block = compose_plan(plan).blocks[-1]
    assert isinstance(block, SignatureBlock)
    palestine = block.signatures[1]
    arabic = [p for p in palestine.details if p.rtl]
    assert [p.text for p in arabic] == ["أحمد المتني", "سفير دولة فلسطين"]
    assert not any(p.rtl for p in block.signatures[0].details)


def test_final_provisions_are_numbered(az_uz: Plan) -> None:
    """Final provisions come under their heading, numbered 1., 2., 3."""
    blocks = compose_plan(az_uz).blocks
    index = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Final provisions"
    )
    provisions = blocks[index + 1]
    assert isinstance(provisions, ListBlock)
    assert [i.label for i in provisions.items] == ["1.", "2.", "3."]


def test_page_furniture_of_a_draft(az_uz: Plan) -> None:
    """A draft carries the DRAFT watermark, its marking, and reference and version in the footer."""
    document = compose_plan(az_uz)
    assert document.watermark == "DRAFT"
    assert document.marking == "FOR OFFICIAL USE ONLY"
    assert document.footer.startswith("Ref. MES-IRD/2025/PL-041 · Version 0.3")
    assert document.header == "Plan of Joint Actions 2026–2027"
    assert document.page_label == "Page {page} of {pages}"


def test_initialled_plan_has_a_marking_instead_of_a_watermark(az_uz: Plan) -> None:
    """An initialled plan is no draft: no watermark, a small 'Initialled' marking instead."""
    document = compose_plan(attrs.evolve(az_uz, status=PlanStatus.INITIALLED))
    assert document.watermark is None
    first = document.blocks[0]
    assert isinstance(first, Para) and first.style == "marking" and first.text == "Initialled"


def test_every_record_string_reaches_the_document(az_uz: Plan) -> None:
    """Every English text of the record appears somewhere in the composed document."""
    texts = all_text(compose_plan(az_uz))
    for section in az_uz.sections:
        for initiative in section.initiatives:
            assert str(initiative.activity) in texts
            assert str(initiative.outcome) in texts
    for recital in az_uz.preamble:
        # A recital over the parties reads with their names filled in.
        said = str(recital).replace("{state1}", "the Republic of Azerbaijan")
        assert said.replace("{state2}", "the Republic of Uzbekistan") in texts


def all_text(document: object) -> str:
    """Every text in a document, joined by newlines."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Para | Heading):
            out.append(value.text)
        elif isinstance(value, str):
            return
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))

    walk(document)
    return "\n".join(out)


def test_azerbaijani_plan_localises_timeframes_without_a_warning(az_uz: Plan) -> None:
    """An English record's timeframes ("2026 Q3", "annually") print in Azerbaijani, unwarned."""
    document = compose_plan(az_uz, Language.AZ)
    table = next(b for b in document.blocks if isinstance(b, Table))
    column = 2  # No., Activity, Timeframe, ...
    timeframes = [row[column] for row in row_texts(table)[2:] if len(row) > column]
    assert timeframes[:2] == ["2026-cı ilin III rübü", "2026–2027-ci illər"]
    assert "hər il" in timeframes and "razılaşma əsasında" in timeframes
    assert not [w for w in document.warnings if w.path.endswith(".timeframe")]
    assert "İcra müddəti" in row_texts(table)[0]


def test_a_name_in_another_language_is_not_inflected(az_uz: Plan) -> None:
    """In Uzbek, a party whose organisation falls back to English is named wholly in English
    (not half in each language, and with no Uzbek ending); one written in Uzbek is named as
    Uzbek ministries write their names, the state first."""
    from briefgen.compose.context import Context
    from briefgen.model import Language

    ctx = Context(lang=Language.UZ, own=az_uz.language, source="t")
    assert ctx.organisation(az_uz.parties[0], "parties[0]") == (
        "Ministry of Emergency Situations of the Republic of Azerbaijan"
    )
    assert ctx.organisation(az_uz.parties[1], "parties[1]") == (
        "Oʻzbekiston Respublikasi Favqulodda vaziyatlar vazirligi"
    )


def test_russian_signature_caption_declines_a_feminine_organisation(az_uz: Plan) -> None:
    """In Russian, "За" takes the accusative: a service (служба) signs as "За ... службу"."""
    service = attrs.evolve(
        az_uz.parties[1],
        organisation=LocalText({"ru": "Государственная служба по чрезвычайным ситуациям"}),
        state=LocalText({"ru": "Республика Узбекистан"}),
    )
    plan = attrs.evolve(az_uz, parties=(az_uz.parties[0], service))
    block = compose_plan(plan, Language.RU).blocks[-1]
    assert isinstance(block, SignatureBlock)
    assert (
        block.signatures[1]
        .caption[0]
        .text.startswith("За Государственную службу по чрезвычайным ситуациям")
    )


def _with_venue(plan: Plan, columns: tuple[Column, ...] | None) -> Plan:
    first = plan.sections[0]
    initiative = attrs.evolve(first.initiatives[0], venue=LocalText("Ganja rescue centre"))
    sections = (
        attrs.evolve(first, initiatives=(initiative, *first.initiatives[1:])),
        *plan.sections[1:],
    )
    return attrs.evolve(plan, sections=sections, columns=columns)


def test_a_venue_without_a_column_is_printed_under_the_activity(az_uz: Plan) -> None:
    """A filled venue is never lost: with the default columns it is a labelled line in the
    activity's cell."""
    rows = row_texts(table_of(_with_venue(az_uz, None)))
    assert any("Venue: Ganja rescue centre" in cell for row in rows for cell in row)


def test_every_field_left_out_of_the_columns_is_printed_under_the_activity(az_uz: Plan) -> None:
    """With only No. and Activity as columns, timeframe, venue, each party's responsible body
    and the outcome are labelled lines under the activity."""
    plan = _with_venue(az_uz, (Column.NO, Column.ACTIVITY))
    first = plan.sections[0].initiatives[0]
    rows = row_texts(table_of(plan))
    cell = next(row[1] for row in rows if len(row) > 1 and first.activity.values[0][1] in row[1])
    assert "Venue: Ganja rescue centre" in cell
    assert "Expected outcome: " in cell and "Timeframe: " in cell
    assert cell.count("Responsible (") == len(first.responsible)


def test_a_venue_column_shows_the_venue_once(az_uz: Plan) -> None:
    """When the plan has a venue column, the venue is in it and not repeated under the activity."""
    plan = _with_venue(az_uz, (Column.NO, Column.ACTIVITY, Column.VENUE))
    text = "\n".join(cell for row in row_texts(table_of(plan)) for cell in row)
    assert text.count("Ganja rescue centre") == 1 and "Venue: " not in text


def test_a_partys_language_is_never_guessed_from_its_texts(az_uz: Plan) -> None:
    """A party whose id is no language code and that gives no `language` shows its
    signatory in the document's language only, even when its texts exist in Russian."""
    from briefgen.model import Signatory

    party = az_uz.parties[0]
    assert party.signatory is not None
    russian = attrs.evolve(
        party,
        id="mes",
        state=LocalText({"en": "Republic of Azerbaijan", "ru": "Азербайджанская Республика"}),
        signatory=Signatory(
            name=LocalText({"en": "Kamaladdin Heydarov", "ru": "Камаладдин Гейдаров"}),
            title=party.signatory.title,
        ),
    )
    sections = tuple(
        attrs.evolve(
            s,
            initiatives=tuple(
                attrs.evolve(
                    i,
                    responsible={
                        "mes" if k == party.id else k: v for k, v in i.responsible.items()
                    },
                )
                for i in s.initiatives
            ),
        )
        for s in az_uz.sections
    )
    plan = attrs.evolve(az_uz, parties=(russian, *az_uz.parties[1:]), sections=sections)
    signatures = next(b for b in compose_plan(plan).blocks if isinstance(b, SignatureBlock))
    text = " ".join(p.text for s in signatures.signatures for p in (*s.caption, *s.details))
    assert "Kamaladdin Heydarov" in text and "Камаладдин" not in text
    declared = attrs.evolve(
        plan, parties=(attrs.evolve(russian, language=Language.RU), *plan.parties[1:])
    )
    signatures = next(b for b in compose_plan(declared).blocks if isinstance(b, SignatureBlock))
    text = " ".join(p.text for s in signatures.signatures for p in (*s.caption, *s.details))
    assert "Камаладдин Гейдаров" in text


ARABIC_LATIN = "tests/render/records/plan-ar-latin.yaml"


def _all_paras(document: object) -> list[Para]:
    """Every paragraph of a Document: in the flow, lists, table cells and signatures."""
    from briefgen.compose.blocks import Document

    assert isinstance(document, Document)
    found: list[Para] = []

    def walk(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            if isinstance(block, Para):
                found.append(block)
            elif isinstance(block, ListBlock):
                found.extend(item.para for item in block.items)
            elif isinstance(block, Table):
                found.extend(p for row in block.rows for cell in row.cells for p in cell.paras)
            elif isinstance(block, SignatureBlock):
                walk(block.intro)
                for signature in block.signatures:
                    found.extend((*signature.caption, *signature.details))

    walk(document.blocks)
    return found


def test_every_paragraph_of_an_arabic_plan_is_right_to_left() -> None:
    """The direction of a paragraph comes from its language, not its first letter: in an
    Arabic plan, recitals opening with "UNDRR" or "INSARAG:", a cell opening with "GIS" and
    a caption naming a party by its English name are right to left (issue 14); only a name
    as its party writes it in another language keeps that language's direction."""
    plan = load(ARABIC_LATIN)
    assert isinstance(plan, Plan)
    document = compose_plan(plan)
    paras = _all_paras(document)
    latin_first = [p for p in paras if p.text[:1].isascii() and p.text[:1].isalpha()]
    starts = {p.text.split()[0] for p in latin_first}
    assert {"UNDRR", "INSARAG:", "GIS", "Ministry"} <= starts
    native = {"Kəmaləddin Heydərov"}  # the Azerbaijani minister's own spelling
    assert all(p.rtl for p in paras if p.text not in native), [p.text for p in paras if not p.rtl]
    assert all(not p.rtl for p in paras if p.text in native)
    assert all(h.rtl for h in document.blocks if isinstance(h, Heading))


def test_the_arabic_column_of_a_parallel_plan_is_right_to_left() -> None:
    """In an English-Arabic parallel text every paragraph of the Arabic column is right to
    left, including those opening with a Latin acronym; the English column is left to right."""
    plan = load(ARABIC_LATIN)
    assert isinstance(plan, Plan)
    document = compose(plan, (Language.EN, Language.AR))
    tables = [b for b in document.blocks if isinstance(b, Table) and b.style == "plain"]
    rows = [row for table in tables for row in table.rows if len(row.cells) == 2]
    assert rows
    undrr = [p for row in rows for p in row.cells[1].paras if p.text.startswith("UNDRR")]
    assert undrr and all(p.rtl for p in undrr)
    for row in rows:
        assert all(p.rtl for p in row.cells[1].paras), row.ref
        assert not any(p.rtl for p in row.cells[0].paras if p.text.isascii()), row.ref


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Decree № 5 of", "Decree №\u00a05\u00a0of"),
        ("on 3 December 2025", "on 3\u00a0December 2025"),
        ("3 декабря 2025 года", "3\u00a0декабря 2025\u00a0года"),
        ("3 dekabr 2025-ci il", "3\u00a0dekabr 2025-ci\u00a0il"),
        ("2026 – 2027, 2026 Q3", "2026\u00a0– 2027, 2026\u00a0Q3"),
        ("20 km and 5 %", "20\u00a0km and 5\u00a0%"),
        ("A. B. Heydarov", "A.\u00a0B.\u00a0Heydarov"),
        ("call +994 12 512 00 00", "call +994\u00a012\u00a0512\u00a000\u00a000"),
        ("in 2026 the Parties", "in 2026 the Parties"),
    ],
)
def test_no_break_rules_are_decided_in_compose(text: str, kept: str) -> None:
    """Compose puts no-break spaces where a line must not break, so both formats obey the
    same rules (Word and reportlab never break at U+00A0)."""
    from briefgen.compose.context import Context, keep_together

    assert keep_together(text) == kept
    ctx = Context(lang=Language.EN, own=Language.EN, source="p")
    assert ctx.para(text).text == kept


# --- names of parties, the alternat and the casing of titles ---------------------------------

RU = "inputs/az-kz-2026/plan-ru.yaml"


@pytest.fixture(scope="module")
def ru_plan() -> Plan:
    record = load(RU)
    assert isinstance(record, Plan)
    return record


def _texts(document: object) -> list[str]:
    from briefgen.compose.blocks import Document

    assert isinstance(document, Document)
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, SignatureBlock):
            out += [p.text for p in block.intro if isinstance(p, Para)]
            out += [p.text for s in block.signatures for p in s.caption]
    return out


def test_a_russian_plan_names_each_party_with_its_state_in_the_genitive(ru_plan: Plan) -> None:
    """The preamble names "Министерство ... Азербайджанской Республики" (the state from the
    table, in the genitive), the Kazakh ministry whose name holds its state once, and the
    signatures say "За Министерство ..."; no state is in brackets or named twice."""
    texts = _texts(compose_plan(ru_plan))
    opening = next(t for t in texts if "именуемые в дальнейшем" in t)
    assert opening == (
        "Министерство по чрезвычайным ситуациям Азербайджанской Республики и Министерство по "
        "чрезвычайным ситуациям Республики Казахстан, именуемые в дальнейшем «Стороны»,"
    )
    captions = [t for t in texts if t.startswith("За ")]
    assert captions == [
        "За Министерство по чрезвычайным ситуациям Азербайджанской Республики",
        "За Министерство по чрезвычайным ситуациям Республики Казахстан",
    ]
    joined = " ".join(texts)
    assert "(" not in opening and joined.count("Казахстан Республики Казахстан") == 0


def test_the_subtitle_between_the_parties_is_dropped_when_the_title_names_them(
    ru_plan: Plan,
) -> None:
    """A title that names both parties (in the genitive here) has no "between" line under
    it; a title that names neither keeps it."""
    texts = _texts(compose_plan(ru_plan))
    assert texts[0].startswith("ПЛАН СОВМЕСТНЫХ ДЕЙСТВИЙ МИНИСТЕРСТВА ПО ЧРЕЗВЫЧАЙНЫМ")
    assert not any(t.startswith("Участвующие организации") for t in texts)
    untitled = attrs.evolve(ru_plan, title=LocalText({"ru": "План совместных действий"}))
    assert any(t.startswith("Участвующие организации") for t in _texts(compose_plan(untitled)))


def test_a_state_the_table_lacks_is_bracketed_in_russian_with_a_warning(ru_plan: Plan) -> None:
    """Russian cannot decline a state name it does not know: it is set in brackets, and a
    warning says to write the party's full name."""
    from briefgen.compose.context import Context

    party = attrs.evolve(
        ru_plan.parties[0], state=LocalText({"ru": "Республика Руритания"}), full_name=None
    )
    ctx = Context(lang=Language.RU, own=Language.RU, source="t")
    assert ctx.organisation(party, "parties[0]") == (
        "Министерство по чрезвычайным ситуациям (Республика Руритания)"
    )
    (warning,) = ctx.unique_warnings()
    assert warning.path == "parties[0].state" and "full_name" in warning.message


def test_a_state_written_as_a_code_is_named_officially_in_every_language(ru_plan: Plan) -> None:
    """`state: AZ` gives the official name in each language's own form: the state never
    falls back to another language."""
    from briefgen.compose.context import Context

    party = attrs.evolve(
        ru_plan.parties[0],
        organisation=LocalText(
            {
                "ru": "Министерство по чрезвычайным ситуациям",
                "en": "Ministry of Emergency Situations",
                "az": "Fövqəladə Hallar Nazirliyi",
                "uz": "Favqulodda vaziyatlar vazirligi",
                "ar": "وزارة حالات الطوارئ",
            }
        ),
    )
    said = {}
    for lang in Language:
        ctx = Context(lang=lang, own=Language.RU, source="t")
        said[lang.value] = ctx.organisation(party, "parties[0]")
        assert not ctx.fallbacks, lang
    assert said == {
        "ru": "Министерство по чрезвычайным ситуациям Азербайджанской Республики",
        "en": "Ministry of Emergency Situations of the Republic of Azerbaijan",
        "az": "Azərbaycan Respublikasının Fövqəladə Hallar Nazirliyi",
        "uz": "Ozarbayjon Respublikasi Favqulodda vaziyatlar vazirligi",
        "ar": "وزارة حالات الطوارئ في جمهورية أذربيجان",
    }


def test_the_alternat_puts_the_original_party_first_everywhere(az_uz: Plan) -> None:
    """In the Uzbek original the title, the basis, the preamble, the testimonium's languages
    and the signatures all name Uzbekistan first; in the record's order Azerbaijan is."""
    for original, first, languages in (
        ("uz", "Uzbekistan", "Uzbek, Azerbaijani and English"),
        ("az", "Azerbaijan", "Azerbaijani, Uzbek and English"),
        (None, "Azerbaijan", "Azerbaijani, Uzbek and English"),
    ):
        texts = _texts(compose_plan(az_uz, original=original))
        other = "Azerbaijan" if first == "Uzbekistan" else "Uzbekistan"
        title = texts[0]
        basis = next(t for t in texts if t.startswith("This Plan"))
        opening = next(t for t in texts if "hereinafter" in t)
        recital = next(t for t in texts if t.startswith("Guided by"))
        captions = " ".join(t for t in texts if t.startswith("For the"))
        for text in (title, basis, opening, recital, captions):
            assert text.upper().index(first.upper()) < text.upper().index(other.upper()), text
        assert f"each in the {languages} languages" in " ".join(texts)


def test_a_literal_recital_naming_both_parties_is_warned_in_an_original(az_uz: Plan) -> None:
    """A recital or provision written without placeholders that names the parties in the
    record's order cannot follow the alternat: the other side's original warns at it."""
    literal = attrs.evolve(
        az_uz,
        preamble=(
            LocalText(
                "Guided by the relations between the Republic of Azerbaijan and the "
                "Republic of Uzbekistan,"
            ),
        ),
    )
    warned = [
        w for w in compose_plan(literal, original="uz").warnings if "fixed order" in w.message
    ]
    assert [w.path for w in warned] == ["preamble[0]"]
    assert not [w for w in compose_plan(literal).warnings if "fixed order" in w.message]


def test_an_english_title_is_capitalised_as_english_in_any_document() -> None:
    """An English title in an Azerbaijani or Arabic document reads "COOPERATION", never
    "COOPERATİON", and a draft marks it English; an Azerbaijani one takes the dotted İ."""
    plan = load(AZ_PS)
    assert isinstance(plan, Plan)
    for lang in (Language.AZ, Language.AR):
        title = next(
            b for b in compose_plan(plan, lang).blocks if isinstance(b, Para) and b.style == "title"
        )
        assert title.runs[0].text.startswith("PROPOSALS FOR COOPERATION IN EMERGENCY")
        assert "İ" not in title.text and title.runs[-1].text == "EN" and title.runs[-1].tag
    az_title = attrs.evolve(plan, title=LocalText({"az": "Fövqəladə hallar üzrə təkliflər"}))
    title = next(
        b
        for b in compose_plan(az_title, Language.AZ).blocks
        if isinstance(b, Para) and b.style == "title"
    )
    assert title.text == "FÖVQƏLADƏ HALLAR ÜZRƏ TƏKLİFLƏR"


# --- negotiation status: unagreed text in brackets with the proposing party ----------------

NEGOTIATION = "tests/negotiation.yaml"
NB = "\u00a0"


@pytest.fixture(scope="module")
def negotiation() -> Plan:
    record = load(NEGOTIATION)
    assert isinstance(record, Plan)
    return record


@pytest.mark.parametrize(
    ("lang", "uz", "az"), [(Language.EN, "UZ", "AZ"), (Language.AR, "أوزبكستان", "أذربيجان")]
)
def test_a_proposed_recital_is_bracketed_with_its_party(
    negotiation: Plan, lang: Language, uz: str, az: str
) -> None:
    """A recital one party proposes prints in square brackets followed by that party's short
    name, in the document's language; an agreed recital prints as it is."""
    document = compose_plan(negotiation, lang)
    recitals = [b.text for b in document.blocks if isinstance(b, Para) and b.style == "recital"]
    agreed = negotiation.preamble[0].text
    proposed = negotiation.preamble[1].text
    assert agreed is not None and proposed is not None
    assert recitals[1] == agreed.get(lang)
    assert recitals[2] == f"[{proposed.get(lang)}]{NB}({uz})"


def test_competing_provisions_print_one_after_the_other_each_with_its_party(
    negotiation: Plan,
) -> None:
    """A provision with competing wordings keeps its number and prints each wording
    bracketed with its party, in the order given."""
    document = compose_plan(negotiation, Language.EN)
    (provisions,) = [b for b in document.blocks if isinstance(b, ListBlock)]
    assert [item.label for item in provisions.items] == ["1.", "2."]
    assert provisions.items[1].para.text.replace(NB, " ") == (
        "[This Plan takes effect on the date of its signature.] (AZ)\n"
        "[This Plan takes effect 30 days after its signature.] (UZ)"
    )


def test_a_proposed_initiative_is_bracketed_in_every_cell(negotiation: Plan) -> None:
    """The activity of a proposed initiative is bracketed with the proposing party's short
    name, its other texts in plain brackets; competing activities each with their party."""
    rows = row_texts(table_of(attrs.evolve(negotiation, language=Language.EN)))
    by_no = {row[0]: row for row in rows if row and row[0][:1].isdigit() and "." in row[0]}
    proposed = by_no["1.2"]
    assert proposed[1] == (
        f'[Participation of Uzbek rescuers in the "Caspian Shield" field exercise]{NB}(AZ)'
    )
    assert proposed[2:] == [
        f"[2027{NB}Q2]",
        "[State Fire Protection Service]",
        "[Rescue Service]",
        "[Tested procedures]",
    ]
    assert by_no["1.3"][1] == (
        f"[Exchange of instructors between the academies]{NB}(AZ)\n"
        f"[Exchange of instructors and cadets between the academies]{NB}(UZ)"
    )
    assert by_no["1.1"][1] == "Joint command-post exercise"


def test_proposals_under_the_activity_when_the_outcome_has_no_column(negotiation: Plan) -> None:
    """With no outcome column, competing outcomes are still printed under the activity."""
    row = negotiation.sections[0].initiatives[2]
    assert not isinstance(row.activity, LocalText)
    outcome = row.activity  # the same competing wordings, given as the outcome instead
    initiative = attrs.evolve(row, activity=LocalText("Exchange"), outcome=outcome)
    plan = attrs.evolve(
        negotiation,
        language=Language.EN,
        columns=(Column.NO, Column.ACTIVITY, Column.TIMEFRAME),
        sections=(attrs.evolve(negotiation.sections[0], initiatives=(initiative,)),),
    )
    cell = row_texts(table_of(plan))[2][1]
    assert f"between the academies]{NB}(AZ)" in cell and f"the academies]{NB}(UZ)" in cell


def test_an_agreed_plan_composes_as_before(az_uz: Plan) -> None:
    """A plan without negotiation fields prints no bracket it did not write."""
    assert "]\u00a0(" not in all_text(compose_plan(az_uz))


def test_a_party_without_a_short_name_is_marked_by_its_state(negotiation: Plan) -> None:
    """Both sides are often a "Ministry of Emergency Situations": without a short name the
    mark names the party's state."""
    parties = tuple(attrs.evolve(p, short=None) for p in negotiation.parties)
    document = compose_plan(attrs.evolve(negotiation, parties=parties), Language.EN)
    recitals = [b.text for b in document.blocks if isinstance(b, Para) and b.style == "recital"]
    assert recitals[2].endswith(f"]{NB}(Republic of Uzbekistan)")
