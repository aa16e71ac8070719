"""Compose a joint action plan: title block, preamble, table of initiatives, signatures.

Every decision about the plan's wording is taken here, once, for both formats: capitals,
numbering (1, 1.1, 1.2, 2, ...), binding or non-binding vocabulary, the signing formula and
which party signs on the left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeAlias

import attrs

from briefgen.compose.blocks import (
    Block,
    Cell,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Meta,
    Para,
    Row,
    Run,
    Signature,
    SignatureBlock,
    Table,
)
from briefgen.compose.context import Context, party_language
from briefgen.compose.parts import (
    Wordings,
    bracketed,
    contexts,
    emblems,
    fit_columns,
    in_each,
    local,
    worded,
)
from briefgen.errors import InputError, Problem
from briefgen.model import (
    Clause as ClauseRecord,
)
from briefgen.model import (
    Column,
    Initiative,
    Language,
    Party,
    Plan,
    PlanStatus,
    Proposals,
    Wording,
)
from briefgen.text import is_rtl

__all__ = [
    "alternat",
    "clauses",
    "compose",
    "compose_plan",
    "has_signatures",
    "initiatives_table",
    "plan_document",
    "plan_furniture",
    "signatures",
]


def _column_header(ctx: Context, column: Column, plan: Plan) -> str:
    if column is Column.ACTIVITY and plan.columns is not None and Column.AREA in plan.columns:
        return ctx.label("plan", "col_activity_proposed")
    return ctx.label("plan", f"col_{column.value}")


#: The columns that show a field of an initiative (besides its activity), in table order.
_FIELD_COLUMNS = (Column.TIMEFRAME, Column.VENUE, Column.RESPONSIBLE, Column.OUTCOME)


def _unshown(
    ctxs: Sequence[Context],
    plan: Plan,
    initiative: Initiative,
    at: str,
    unshown: Sequence[Column],
) -> tuple[tuple[Para, ...], str]:
    """The filled fields of `initiative` that have no column, as labelled lines ("Venue:
    Baku") for the activity's cell, and their joined text for fitting the columns."""
    paras: list[Para] = []
    texts: list[str] = []

    def line(label: Callable[[Context], str], value: Callable[[Context], str]) -> None:
        def text(ctx: Context) -> str:
            found = value(ctx)
            return f"{label(ctx)}: {found}" if found else ""

        lines, joined = in_each(ctxs, text, "cell")
        paras.extend(lines)
        texts.append(joined)

    for column in unshown:
        label = partial(_label, name=f"col_{column.value}")
        if column is Column.RESPONSIBLE:
            for index, party in enumerate(plan.parties):
                if party.id in initiative.responsible:
                    line(
                        partial(_responsible_label, party=party, field=f"parties[{index}]"),
                        partial(
                            _cell_text,
                            plan=plan,
                            initiative=initiative,
                            at=at,
                            column=column,
                            party_id=party.id,
                        ),
                    )
        elif _filled(initiative, column):
            line(
                label,
                partial(_cell_text, plan=plan, initiative=initiative, at=at, column=column),
            )
    return tuple(paras), " ".join(texts)


def _filled(initiative: Initiative, column: Column) -> bool:
    return getattr(initiative, column.value) is not None


def wording(value: Wording, field: str, proposer: str | None = None) -> Wordings:
    """The wordings of an activity or outcome: the parties' competing ones, or its one text
    (proposed by `proposer`, the party proposing the whole initiative, when it is)."""
    if isinstance(value, Proposals):
        return [
            (p.by, p.text, f"{field}.proposals[{k}].text") for k, p in enumerate(value.proposals)
        ]
    return [(proposer, value, field)]


def clause_wording(clause: ClauseRecord, field: str) -> Wordings:
    """The wordings of a recital or provision, each with the field it is written in."""
    if clause.proposals:
        return [
            (p.by, p.text, f"{field}.proposals[{k}].text") for k, p in enumerate(clause.proposals)
        ]
    written = field if clause == ClauseRecord(text=clause.text) else f"{field}.text"
    return [(by, text, written) for by, text in clause.wordings]


def _cell_text(
    ctx: Context,
    plan: Plan,
    initiative: Initiative,
    at: str,
    column: Column,
    party_id: str | None = None,
) -> str:
    """The text of one field of an initiative in `ctx`'s language, as printed.

    The activity and the outcome may hold the parties' competing wordings; in an initiative
    one party proposes, the activity is bracketed with that party's short name and every
    other text in square brackets, as negotiators mark a proposed row.
    """
    proposer = initiative.proposer
    if column in (Column.ACTIVITY, Column.OUTCOME):
        value: Wording | None = getattr(initiative, column.value)
        if value is None:
            return ""
        by = proposer if column is Column.ACTIVITY else None
        printed = worded(ctx, wording(value, f"{at}.{column.value}", by), plan.parties)
        if column is Column.OUTCOME and proposer and not isinstance(value, Proposals):
            return bracketed(ctx, printed, None, plan.parties)
        return printed
    if column is Column.TIMEFRAME:
        text = ctx.timeframe(initiative.timeframe, f"{at}.timeframe")
    elif column is Column.RESPONSIBLE:
        body = initiative.responsible.get(party_id or "")
        text = ctx.t(body, f"{at}.responsible.{party_id}")
    else:
        text = ctx.t(getattr(initiative, column.value), f"{at}.{column.value}")
    return bracketed(ctx, text, None, plan.parties) if proposer else text


def _label(ctx: Context, name: str) -> str:
    return ctx.label("plan", name)


def _responsible_label(ctx: Context, party: Party, field: str) -> str:
    return f"{ctx.label('plan', 'col_responsible')} ({ctx.short(party=party, field=field)})"


def initiatives_table(plan: Plan, ctx: Context | Sequence[Context], field: str = "") -> Table:
    """The table of initiatives, grouped by area and numbered 1, 1.1, 1.2, 2, 2.1 ...

    With an `area` column the area is a cell spanning its initiatives; otherwise each area
    is a full-width section row. The responsible column has a sub-column per party. Given
    the contexts of two languages, every text cell holds both versions, the first language
    on top: a row never splits, so a text and its translation always share a page.
    """
    ctxs = contexts(ctx)
    lead = ctxs[0]
    columns = plan.table_columns
    parties = plan.parties
    prefix = f"{field}." if field else ""
    # Grid columns: each record column is one grid column, except "responsible": one per party.
    grid: list[tuple[Column, str | None]] = []
    for column in columns:
        if column is Column.RESPONSIBLE:
            grid.extend((column, party.id) for party in parties)
        else:
            grid.append((column, None))
    split_header = Column.RESPONSIBLE in columns
    header_cells: list[Cell] = []
    sub_cells: list[Cell] = []
    headers: dict[tuple[Column, str | None], str] = {}
    for column in columns:
        label, joined = in_each(
            ctxs, partial(_column_header, column=column, plan=plan), "cell.header"
        )
        if column is Column.RESPONSIBLE:
            header_cells.append(Cell(paras=label, colspan=len(parties)))
            for i, party in enumerate(parties):
                where = f"{prefix}parties[{i}]"
                short, headers[column, party.id] = in_each(
                    ctxs, partial(Context.short, party=party, field=where), "cell.header"
                )
                sub_cells.append(Cell(paras=short))
        else:
            headers[column, None] = joined
            header_cells.append(Cell(paras=label, rowspan=2 if split_header else 1))
            if split_header:
                sub_cells.append(Cell())
    rows: list[Row] = [Row(kind="header", cells=tuple(header_cells))]
    if split_header:
        rows.append(Row(kind="header", cells=tuple(sub_cells)))

    area_column = Column.AREA in columns
    # Fields of an initiative that the chosen columns leave out are printed under its activity
    # (labelled), so no field a user fills vanishes from the document.
    unshown = [c for c in _FIELD_COLUMNS if c not in columns]
    texts: list[list[str]] = []
    for s, section in enumerate(plan.sections, start=1):
        where = f"{prefix}sections[{s - 1}]"
        area, area_text = local(ctxs, section.area, f"{where}.area", "cell")
        if not area_column:
            numbered, _ = local(ctxs, section.area, f"{where}.area", "cell.section", f"{s}. ")
            rows.append(
                Row(
                    kind="section",
                    ref=f"area {s}",
                    cells=(Cell(paras=numbered, colspan=len(grid)),),
                )
            )
        for i, initiative in enumerate(section.initiatives, start=1):
            at = f"{where}.initiatives[{i - 1}]"
            values: list[str] = []
            cells: list[Cell] = []
            for column, party_id in grid:
                paras: tuple[Para, ...]
                if column is Column.NO:
                    paras, value = (lead.para(f"{s}.{i}", "cell"),), f"{s}.{i}"
                elif column is Column.AREA:
                    paras, value = (area, area_text) if i == 1 else ((), "")
                else:
                    text = partial(
                        _cell_text,
                        plan=plan,
                        initiative=initiative,
                        at=at,
                        column=column,
                        party_id=party_id,
                    )
                    paras, value = in_each(ctxs, text, "cell")
                if column is Column.ACTIVITY and unshown:
                    extra, extra_text = _unshown(ctxs, plan, initiative, at, unshown)
                    paras, value = (*paras, *extra), f"{value} {extra_text}"
                values.append(value)
                if column is Column.AREA:
                    span = len(section.initiatives)
                    cells.append(Cell(paras=paras, rowspan=span) if i == 1 else Cell())
                else:
                    cells.append(Cell(paras=paras))
            texts.append(values)
            rows.append(Row(cells=tuple(cells), ref=f"initiative {s}.{i}"))
    widths = fit_columns(texts, [headers[key] for key in grid])
    return Table(columns=widths, rows=tuple(rows), name="initiatives", rtl=lead.rtl)


def _title(plan: Plan, ctx: Context) -> str:
    return ctx.t(plan.title, "title")


def _short_title(plan: Plan, ctx: Context) -> str:
    """The running header: the plan's short title, or its title up to "between"."""
    if plan.short_title is not None:
        return ctx.t(plan.short_title, "short_title")
    title = _title(plan, ctx)
    if len(title) <= 70:
        return title
    between = ctx.label("plan", "between", parties="").strip()
    head = title.split(f" {between} ")[0] if between and f" {between} " in title else title
    if plan.period is not None:
        period = ctx.label("plan", "period", start=str(plan.period.start), end=str(plan.period.end))
        if period not in head:
            head = f"{head} {period}"
    return head if len(head) <= 70 else head[:67].rsplit(" ", 1)[0] + " …"


def plan_furniture(plan: Plan, ctx: Context) -> dict[str, str | None]:
    """Marking, watermark and footer of a plan's pages (also used for a brief's annex)."""
    marking = ctx.enum("classification", plan.classification) if plan.classification else None
    footer = ctx.join(
        [
            *ctx.reference_version(plan.reference, plan.version),
            ctx.label("document", "draft_of", date=ctx.date(plan.date))
            if plan.date and plan.status is PlanStatus.DRAFT
            else "",
        ]
    )
    return {
        "marking": marking,
        "watermark": ctx.label("document", "draft") if plan.status is PlanStatus.DRAFT else None,
        "footer": footer,
    }


def _collective(plan: Plan, ctx: Context) -> str:
    return ctx.label("plan", "parties_binding" if plan.binding else "parties_nonbinding")


def _signing(plan: Plan, ctx: Context) -> list[Para]:
    """The signing formula: place, date, copies, languages and which text prevails."""
    signing = plan.signing
    if signing is None:
        return []
    mode = "binding" if plan.binding else "nonbinding"
    languages = [ctx.label("language", lang.value) for lang in signing.authentic_languages]
    copies = (
        ctx.label("copies", str(signing.copies)) if signing.copies <= 10 else str(signing.copies)
    )
    values = {
        "place": ctx.t(signing.place, "signing.place") or "…",
        "date": ctx.date(signing.date) if signing.date else "…",
        "copies": copies,
        "languages": ctx.enumerate(languages),
    }
    if len(languages) > 1:
        sentence = ctx.label("plan", f"signing_{mode}", **values)
    else:
        key = "signing_single_language" + ("" if plan.binding else "_nonbinding")
        sentence = ctx.label("plan", key, **values)
    if signing.prevailing_language is not None and len(languages) > 1:
        language = ctx.label("language", signing.prevailing_language.value)
        sentence += " " + ctx.label("plan", f"prevails_{mode}", language=language)
    return [ctx.para(sentence, "body", keep_with_next=True)]


def _signatory_lines(party: Party, index: int, ctx: Context) -> list[tuple[Para, ...]]:
    """The lines under a signature, one group per field: name, rank, title.

    Each group holds the text in the document's language and, when the party writes its
    own language in another script, the text as the party writes it.
    """
    signatory = party.signatory
    if signatory is None:
        return []
    field = f"parties[{index}].signatory"
    groups: list[tuple[Para, ...]] = []
    for attr in ("name", "rank", "title"):
        value = getattr(signatory, attr)
        if value is None:
            continue
        text = ctx.t(value, f"{field}.{attr}")
        shown = (
            Para(
                runs=(Run(text=text, bold=True),),
                style="signature",
                rtl=ctx.is_rtl(text),
                lang=ctx.code,
            )
            if attr == "name"
            else ctx.para(text, "signature")
        )
        native = ctx.native(value, party)
        # As the party writes it: in the direction of its own language.
        own = None
        if native:
            code = getattr(party_language(party), "value", "")
            own = ctx.para(native, "signature", rtl=is_rtl(native), lang=code)
        groups.append((shown, own) if own else (shown,))
    return groups


def _caption(party: Party, index: int, ctx: Context) -> Para:
    organisation = ctx.organisation(party, f"parties[{index}]")
    return ctx.para(ctx.label("plan", "signature_for", party=organisation), "signature")


def signatures(plan: Plan, ctx: Context | Sequence[Context]) -> tuple[Signature, ...]:
    """A signature per party, in the parties' order (the first signs on the left).

    Given two languages, the caption is in both and each line of the details is followed
    by its translation when that reads differently.
    """
    ctxs = contexts(ctx)
    result: list[Signature] = []
    for index, party in enumerate(plan.parties):
        captions = tuple(_caption(party, index, c) for c in ctxs)
        details: list[Para] = []
        for group in zip(*(_signatory_lines(party, index, c) for c in ctxs), strict=True):
            for para in (p for paras in group for p in paras):
                if para.text not in {d.text for d in details}:
                    details.append(para)
        result.append(Signature(caption=captions, details=tuple(details)))
    return tuple(result)


def alternat(plan: Plan, original: str | None) -> Plan:
    """The plan as the original of party `original`: that party named and signing first.

    Raises InputError when `original` is not the id of one of the plan's parties.
    """
    if original is None:
        return plan
    ids = [party.id for party in plan.parties]
    if original not in ids:
        raise InputError(
            [
                Problem(
                    source=plan.id,
                    path="--original",
                    message=f"{original!r} is not a party of this plan (parties: {', '.join(ids)})",
                )
            ]
        )
    ordered = sorted(plan.parties, key=lambda party: party.id != original)
    return attrs.evolve(plan, parties=tuple(ordered))


def compose(
    plan: Plan, languages: Sequence[Language] = (), original: str | None = None
) -> Document:
    """The plan's Document: in its own language, one language, or two side by side.

    The composer of the plan kind (`briefgen.kinds`): two languages make a parallel text.
    """
    if len(languages) == 2:
        from briefgen.compose.parallel import compose_parallel

        return compose_parallel(plan, languages, original=original)
    if len(languages) > 2:
        raise ValueError(f"a plan holds one or two languages, not {len(languages)}")
    return compose_plan(plan, languages[0] if languages else None, original=original)


def compose_plan(
    plan: Plan, lang: Language | None = None, *, original: str | None = None, source: str = ""
) -> Document:
    """The Document of a plan in one language (default: the plan's own).

    `original`: the id of the party whose original this is (alternat): it comes first.
    """
    plan = alternat(plan, original)
    ctx = Context(
        lang=lang or plan.language,
        own=plan.language,
        source=source or plan.id,
        mark=plan.status is PlanStatus.DRAFT,
    )
    return _compose(plan, ctx)


#: A clause: a name shared by every language ("recital 2") and the blocks that say it.
Clause: TypeAlias = tuple[str, list[Block]]


def clauses(plan: Plan, ctx: Context) -> list[Clause]:
    """The plan's text in one language, clause by clause, in reading order.

    The names are the same in every language, so a parallel document can set each clause
    beside its translation. The table of initiatives and the signatures are left out: they
    are built for all the document's languages at once.
    """
    out: list[Clause] = []
    if plan.status is PlanStatus.INITIALLED:
        out.append(("initialled", [ctx.para(ctx.label("document", "initialled"), "marking")]))
    title = _title(plan, ctx)
    out.append(("title", [ctx.para(ctx.upper(title), "title")]))
    names = [ctx.organisation(p, f"parties[{i}]") for i, p in enumerate(plan.parties)]
    named = [ctx.label("plan", "party_in_preamble", party=n) for n in names]
    organisations = [
        ctx.t(p.organisation, f"parties[{i}].organisation") for i, p in enumerate(plan.parties)
    ]
    if not all(o.lower() in title.lower() for o in organisations):
        between = ctx.label("plan", "between", parties=ctx.enumerate(named))
        out.append(("between", [ctx.para(between, "subtitle")]))
    if plan.period is not None:
        period = ctx.label("plan", "period", start=str(plan.period.start), end=str(plan.period.end))
        if period not in title:
            out.append(("period", [ctx.para(period, "subtitle")]))
    meta = ctx.join(
        [
            ctx.enum("plan_status", plan.status),
            ctx.label("document", "version", version=ctx.clean(plan.version))
            if plan.version
            else "",
            ctx.date(plan.date),
            ctx.label("document", "reference", reference=ctx.clean(plan.reference))
            if plan.reference
            else "",
        ]
    )
    out.append(("meta", [ctx.para(meta, "meta")]))

    if plan.basis is not None:
        date = (
            ctx.label("plan", "basis_date", date=ctx.date(plan.basis.date))
            if plan.basis.date
            else ""
        )
        place = (
            ctx.label("plan", "basis_place", place=ctx.t(plan.basis.place, "basis.place"))
            if plan.basis.place is not None
            else ""
        )
        key = "basis_binding" if plan.binding else "basis_nonbinding"
        basis_title = ctx.t(plan.basis.title, "basis.title")
        basis = ctx.label("plan", key, title=basis_title, date=date, place=place)
        out.append(("basis", [ctx.para(basis, "body")]))

    if plan.preamble:
        opening = ctx.label(
            "plan", "hereinafter", parties=ctx.enumerate(named), collective=_collective(plan, ctx)
        )
        out.append(("opening", [ctx.para(opening[:1].upper() + opening[1:], "recital")]))
        for i, recital in enumerate(plan.preamble):
            said = worded(ctx, clause_wording(recital, f"preamble[{i}]"), plan.parties)
            out.append((f"recital {i + 1}", [ctx.para(said, "recital")]))
        closing = ctx.label("plan", "closing_binding" if plan.binding else "closing_nonbinding")
        out.append(("closing", [ctx.para(closing, "body", keep_with_next=True)]))
    out.append(("initiatives", []))

    if plan.final_provisions:
        heading = Heading(
            text=ctx.label("plan", "final_provisions"), level=1, rtl=ctx.rtl, lang=ctx.code
        )
        out.append(("final provisions", [heading]))
        for i, provision in enumerate(plan.final_provisions, start=1):
            field = f"final_provisions[{i - 1}]"
            said = worded(ctx, clause_wording(provision, field), plan.parties)
            item = ListItem(label=f"{i}.", para=ctx.para(said, "list"))
            out.append((f"provision {i}", [ListBlock(items=(item,))]))
    signing: list[Block] = [*_signing(plan, ctx)]
    out.append(("signing", signing))
    return out


def has_signatures(plan: Plan) -> bool:
    return plan.signing is not None or any(p.signatory for p in plan.parties)


def _merge_lists(blocks: list[Block]) -> list[Block]:
    """Consecutive one-item lists (the provisions) as one numbered list."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if isinstance(block, ListBlock) and isinstance(previous, ListBlock):
            merged[-1] = ListBlock(items=previous.items + block.items)
        else:
            merged.append(block)
    return merged


def _compose(plan: Plan, ctx: Context) -> Document:
    blocks: list[Block] = []
    if any(party.emblem for party in plan.parties):
        blocks.append(emblems(list(enumerate(plan.parties)), ctx, "emblems"))
    for name, said in clauses(plan, ctx):
        if name == "initiatives":
            blocks.append(initiatives_table(plan, ctx))
        elif name == "signing":
            if has_signatures(plan):
                intro = tuple(b for b in said if isinstance(b, Para | Table))
                blocks.append(
                    SignatureBlock(intro=intro, signatures=signatures(plan, ctx), rtl=ctx.rtl)
                )
        else:
            blocks.extend(said)
    return plan_document(plan, [ctx], _merge_lists(blocks))


def plan_document(plan: Plan, ctxs: Sequence[Context], blocks: list[Block]) -> Document:
    """The plan's blocks with its page furniture and properties, in its first language."""
    ctx = ctxs[0]
    title = _title(plan, ctx)
    names = [ctx.organisation(p, f"parties[{i}]") for i, p in enumerate(plan.parties)]
    furniture = plan_furniture(plan, ctx)
    warnings = tuple(dict.fromkeys(w for c in ctxs for w in c.unique_warnings()))
    return Document(
        meta=Meta(
            id=plan.id,
            title=title,
            subject=ctx.label("plan", "subject"),
            author=ctx.enumerate(names),
            created=plan.date,
            language=ctx.code,
            keywords=tuple(c.code for c in ctxs) if len(ctxs) > 1 else (),
        ),
        blocks=tuple(blocks),
        marking=furniture["marking"],
        watermark=furniture["watermark"],
        header=_short_title(plan, ctx),
        footer=furniture["footer"] or "",
        page_label=ctx.label("document", "page", page="{page}", pages="{pages}"),
        rtl=ctx.rtl,
        warnings=warnings,
        fallbacks=tuple(dict.fromkeys(f for c in ctxs for f in c.fallbacks)),
    )
