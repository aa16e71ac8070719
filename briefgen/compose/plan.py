"""Compose a joint action plan: title block, preamble, table of initiatives, signatures.

Every decision about the plan's wording is taken here, once, for both formats: capitals,
numbering (1, 1.1, 1.2, 2, ...), binding or non-binding vocabulary, the signing formula and
which party signs on the left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from briefgen.compose.blocks import (
    Block,
    Cell,
    Document,
    Heading,
    Image,
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
from briefgen.compose.context import Context
from briefgen.errors import InputError, Problem
from briefgen.model import Column, Language, Party, Plan, PlanStatus
from briefgen.text import is_rtl

__all__ = [
    "alternat",
    "compose_plan",
    "emblems",
    "fit_columns",
    "initiatives_table",
    "plan_furniture",
]


#: About how many average characters of 9 pt table text fit across a portrait A4 or Letter
#: page; column widths are shared out of this budget.
LINE_BUDGET = 90


def fit_columns(cells: Sequence[Sequence[str]], headers: Sequence[str]) -> tuple[float, ...]:
    """Relative column widths that fit the text.

    Each column's share follows how much text it holds (square-root scale, so one very long
    column does not starve the others), but never falls below room for its longest word
    (capped, so a URL cannot take the page): a column is never one word per line.
    """
    minimum: list[float] = []
    weight: list[float] = []
    for index, header in enumerate(headers):
        texts = [row[index] for row in cells if index < len(row) and row[index]]
        # Header text is bold: its words need about a fifth more room than body text.
        longest_word = max(
            [1.2 * len(word) for word in header.split()]
            + [len(word) for text in texts for word in text.split()],
            default=3,
        )
        minimum.append(min(longest_word, 14) + 2.0)
        mean = sum(len(t) for t in texts) / len(texts) if texts else len(header)
        longest = max((len(t) for t in texts), default=len(header))
        weight.append(math.sqrt(0.6 * mean + 0.4 * longest) or 1.0)
    if sum(minimum) >= LINE_BUDGET:
        return tuple(round(m, 2) for m in minimum)
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(headers)) if i not in fixed]
        budget = LINE_BUDGET - sum(fixed.values())
        total = sum(weight[i] for i in free)
        shares = {i: budget * weight[i] / total for i in free}
        short = {i: minimum[i] for i, share in shares.items() if share < minimum[i]}
        if not short:
            break
        fixed.update(short)
    widths = {**fixed, **shares}
    return tuple(round(widths[i], 2) for i in range(len(headers)))


def _column_header(ctx: Context, column: Column, plan: Plan) -> str:
    if column is Column.ACTIVITY and plan.columns is not None and Column.AREA in plan.columns:
        return ctx.label("plan", "col_activity_proposed")
    return ctx.label("plan", f"col_{column.value}")


def initiatives_table(plan: Plan, ctx: Context, field: str = "") -> Table:
    """The table of initiatives, grouped by area and numbered 1, 1.1, 1.2, 2, 2.1 ...

    With an `area` column the area is a cell spanning its initiatives; otherwise each area
    is a full-width section row. The responsible column has a sub-column per party.
    """
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
    for column in columns:
        label = ctx.para(_column_header(ctx, column, plan), "cell.header")
        if column is Column.RESPONSIBLE:
            header_cells.append(Cell(paras=(label,), colspan=len(parties)))
            sub_cells.extend(
                Cell(paras=(ctx.para(ctx.short(p, f"{prefix}parties[{i}]"), "cell.header"),))
                for i, p in enumerate(parties)
            )
        else:
            header_cells.append(Cell(paras=(label,), rowspan=2 if split_header else 1))
            if split_header:
                sub_cells.append(Cell())
    rows: list[Row] = [Row(kind="header", cells=tuple(header_cells))]
    if split_header:
        rows.append(Row(kind="header", cells=tuple(sub_cells)))

    area_column = Column.AREA in columns
    texts: list[list[str]] = []
    for s, section in enumerate(plan.sections, start=1):
        where = f"{prefix}sections[{s - 1}]"
        area = ctx.t(section.area, f"{where}.area")
        if not area_column:
            rows.append(
                Row(
                    kind="section",
                    ref=f"area {s}",
                    cells=(
                        Cell(paras=(ctx.para(f"{s}. {area}", "cell.section"),), colspan=len(grid)),
                    ),
                )
            )
        for i, initiative in enumerate(section.initiatives, start=1):
            at = f"{where}.initiatives[{i - 1}]"
            values: list[str] = []
            cells: list[Cell] = []
            for column, party_id in grid:
                if column is Column.NO:
                    value = f"{s}.{i}"
                elif column is Column.AREA:
                    value = area if i == 1 else ""
                elif column is Column.RESPONSIBLE:
                    body = initiative.responsible.get(party_id or "")
                    value = ctx.t(body, f"{at}.responsible.{party_id}")
                else:
                    value = ctx.t(getattr(initiative, column.value), f"{at}.{column.value}")
                values.append(value)
                if column is Column.AREA:
                    if i == 1:
                        span = len(section.initiatives)
                        cells.append(Cell(paras=(ctx.para(value, "cell"),), rowspan=span))
                    else:
                        cells.append(Cell())
                else:
                    cells.append(Cell(paras=(ctx.para(value, "cell"),) if value else ()))
            texts.append(values)
            rows.append(Row(cells=tuple(cells), ref=f"initiative {s}.{i}"))
    short: dict[str, str] = {
        p.id: ctx.short(p, f"{prefix}parties[{i}]") for i, p in enumerate(parties)
    }
    headers = [short[pid] if pid else _column_header(ctx, c, plan) for c, pid in grid]
    widths = fit_columns(texts, headers)
    return Table(columns=widths, rows=tuple(rows), name="initiatives", rtl=ctx.rtl)


#: The height of a party's emblem over its name.
EMBLEM_MM = 20.0


def emblems(parties: Sequence[tuple[int, Party]], ctx: Context, name: str) -> Table:
    """A borderless row of the parties' emblems, each over its party's full name."""
    cells = []
    for index, party in parties:
        organisation = ctx.organisation(party, f"parties[{index}]")
        cells.append(
            Cell(
                image=Image(path=party.emblem, height_mm=EMBLEM_MM) if party.emblem else None,
                paras=(
                    Para(
                        runs=(Run(text=organisation, bold=True),),
                        style="cell",
                        align="center",
                        rtl=is_rtl(organisation),
                    ),
                ),
            )
        )
    return Table(
        columns=(1.0,) * len(cells),
        rows=(Row(cells=tuple(cells)),),
        style="plain",
        name=name,
        rtl=ctx.rtl,
    )


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
            ctx.label("document", "reference", reference=plan.reference) if plan.reference else "",
            ctx.label("document", "version", version=plan.version) if plan.version else "",
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


def signatures(plan: Plan, ctx: Context, first: str | None = None) -> tuple[Signature, ...]:
    """A signature per party that has a signatory, in order (`first`: that party leads)."""
    parties = list(enumerate(plan.parties))
    if first is not None:
        parties.sort(key=lambda item: item[1].id != first)
    result: list[Signature] = []
    for index, party in parties:
        signatory = party.signatory
        field = f"parties[{index}]"
        caption = ctx.label("plan", "signature_for", party=ctx.organisation(party, field))
        details: list[Para] = []
        if signatory is not None:
            name = ctx.t(signatory.name, f"{field}.signatory.name")
            details.append(Para(runs=(Run(text=name, bold=True),), style="signature", rtl=False))
            native = ctx.native(signatory.name, party)
            if native:
                details.append(ctx.para(native, "signature"))
            for attr in ("rank", "title"):
                value = getattr(signatory, attr)
                if value is not None:
                    details.append(ctx.para(ctx.t(value, f"{field}.signatory.{attr}"), "signature"))
                    native = ctx.native(value, party)
                    if native:
                        details.append(ctx.para(native, "signature"))
        result.append(Signature(caption=(ctx.para(caption, "signature"),), details=tuple(details)))
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


def compose_plan(
    plan: Plan, lang: Language | None = None, *, original: str | None = None, source: str = ""
) -> Document:
    """The Document of a plan in one language (default: the plan's own).

    `original`: the id of the party whose original this is (alternat): it comes first.
    """
    plan = alternat(plan, original)
    ctx = Context(lang=lang or plan.language, own=plan.language, source=source or plan.id)
    return _compose(plan, ctx)


def _compose(plan: Plan, ctx: Context) -> Document:
    blocks: list[Block] = []
    if plan.status is PlanStatus.INITIALLED:
        blocks.append(ctx.para(ctx.label("document", "initialled"), "marking"))
    if any(party.emblem for party in plan.parties):
        blocks.append(emblems(list(enumerate(plan.parties)), ctx, "emblems"))
    title = _title(plan, ctx)
    blocks.append(ctx.para(ctx.upper(title), "title"))
    names = [ctx.organisation(p, f"parties[{i}]") for i, p in enumerate(plan.parties)]
    named = [ctx.label("plan", "party_in_preamble", party=n) for n in names]
    if not all(ctx.t(p.organisation).lower() in title.lower() for p in plan.parties):
        blocks.append(
            ctx.para(ctx.label("plan", "between", parties=ctx.enumerate(named)), "subtitle")
        )
    if plan.period is not None:
        period = ctx.label("plan", "period", start=str(plan.period.start), end=str(plan.period.end))
        if period not in title:
            blocks.append(ctx.para(period, "subtitle"))
    meta = ctx.join(
        [
            ctx.enum("plan_status", plan.status),
            ctx.label("document", "version", version=plan.version) if plan.version else "",
            ctx.date(plan.date),
            ctx.label("document", "reference", reference=plan.reference) if plan.reference else "",
        ]
    )
    blocks.append(ctx.para(meta, "meta"))

    if plan.basis is not None:
        date = (
            ctx.label("plan", "basis_date", date=ctx.date(plan.basis.date))
            if plan.basis.date
            else ""
        )
        key = "basis_binding" if plan.binding else "basis_nonbinding"
        basis_title = ctx.t(plan.basis.title, "basis.title")
        blocks.append(ctx.para(ctx.label("plan", key, title=basis_title, date=date), "body"))

    if plan.preamble:
        opening = ctx.label(
            "plan", "hereinafter", parties=ctx.enumerate(named), collective=_collective(plan, ctx)
        )
        blocks.append(ctx.para(opening[:1].upper() + opening[1:], "recital"))
        for i, recital in enumerate(plan.preamble):
            blocks.append(ctx.para(ctx.t(recital, f"preamble[{i}]"), "recital"))
        closing = "closing_binding" if plan.binding else "closing_nonbinding"
        blocks.append(ctx.para(ctx.label("plan", closing), "body", keep_with_next=True))

    blocks.append(initiatives_table(plan, ctx))

    if plan.final_provisions:
        blocks.append(Heading(text=ctx.label("plan", "final_provisions"), level=1, rtl=ctx.rtl))
        blocks.append(
            ListBlock(
                items=tuple(
                    ListItem(
                        label=f"{i}.",
                        para=ctx.para(ctx.t(text, f"final_provisions[{i - 1}]"), "list"),
                    )
                    for i, text in enumerate(plan.final_provisions, start=1)
                )
            )
        )

    signed = signatures(plan, ctx)
    if plan.signing is not None or any(p.signatory for p in plan.parties):
        blocks.append(SignatureBlock(intro=tuple(_signing(plan, ctx)), signatures=signed))

    furniture = plan_furniture(plan, ctx)
    return Document(
        meta=Meta(
            id=plan.id,
            title=title,
            subject=ctx.label("plan", "subject"),
            author=ctx.enumerate(names),
            created=plan.date,
            language=ctx.code,
        ),
        blocks=tuple(blocks),
        marking=furniture["marking"],
        watermark=furniture["watermark"],
        header=_short_title(plan, ctx),
        footer=furniture["footer"] or "",
        page_label=ctx.label("document", "page", page="{page}", pages="{pages}"),
        rtl=ctx.rtl,
        warnings=ctx.unique_warnings(),
    )
