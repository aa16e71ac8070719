"""Compose a briefing note: header block, the meeting, points to make, background, annexes.

Sections follow the order ministries use (purpose and objectives first, background last,
the text to be signed in an annex); a section without data is left out, heading and all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from briefgen.compose.blocks import (
    Block,
    Cell,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Meta,
    PageBreak,
    Para,
    Row,
    Run,
    Table,
)
from briefgen.compose.context import Context
from briefgen.compose.parts import emblems, fit_columns
from briefgen.compose.plan import initiatives_table, plan_furniture, plan_title
from briefgen.model import (
    Action,
    Brief,
    BriefStatus,
    Clearance,
    Language,
    LocalText,
    Person,
    Recommendation,
    TalkingPointKind,
)
from briefgen.text import format_time

__all__ = ["compose_brief"]

_KIND_ORDER = (TalkingPointKind.PROACTIVE, TalkingPointKind.REACTIVE, TalkingPointKind.DEFENSIVE)


def _person(ctx: Context, person: Person | Clearance, field: str, *parts: str) -> str:
    values = [ctx.t(person.name, f"{field}.name")]
    for part in parts:
        value = getattr(person, part)
        if isinstance(value, LocalText):
            values.append(ctx.t(value, f"{field}.{part}"))
        elif isinstance(value, str):
            values.append(ctx.clean(value))
    return ", ".join(v for v in values if v)


def _kv(ctx: Context, label: str, value: str) -> Row:
    return Row(
        cells=(Cell(paras=(ctx.para(label, "cell.label"),)), Cell(paras=(ctx.para(value, "cell"),)))
    )


def _table(
    ctx: Context,
    name: str,
    headers: list[str],
    rows: list[list[str]],
    groups: list[str] | None = None,
) -> Table:
    """A data table with one header row; `groups` puts a section row before each new group."""
    out = [
        Row(kind="header", cells=tuple(Cell(paras=(ctx.para(h, "cell.header"),)) for h in headers))
    ]
    previous: str | None = None
    for index, values in enumerate(rows):
        if groups is not None and groups[index] != previous:
            previous = groups[index]
            out.append(
                Row(
                    kind="section",
                    cells=(
                        Cell(paras=(ctx.para(previous, "cell.section"),), colspan=len(headers)),
                    ),
                )
            )
        out.append(
            Row(
                ref=f"{name} row {index + 1}",
                cells=tuple(Cell(paras=(ctx.para(v, "cell"),) if v else ()) for v in values),
            )
        )
    return Table(columns=fit_columns(rows, headers), rows=tuple(out), name=name, rtl=ctx.rtl)


def _bullets(ctx: Context, texts: tuple[LocalText, ...], field: str) -> ListBlock:
    return ListBlock(
        items=tuple(
            ListItem(label="•", para=ctx.para(ctx.t(t, f"{field}[{i}]"), "list"))
            for i, t in enumerate(texts)
        )
    )


def _header_block(brief: Brief, ctx: Context) -> Table:
    rows: list[Row] = []
    if brief.to is not None:
        value = _person(ctx, brief.to, "to", "title", "unit", "phone")
        rows.append(_kv(ctx, ctx.label("brief", "to"), value))
    if brief.prepared_by is not None:
        value = _person(ctx, brief.prepared_by, "prepared_by", "title", "unit", "phone")
        rows.append(_kv(ctx, ctx.label("brief", "from"), value))
    if brief.date is not None:
        rows.append(_kv(ctx, ctx.label("brief", "date"), ctx.date(brief.date)))
    if brief.reference:
        rows.append(_kv(ctx, ctx.label("brief", "reference"), ctx.clean(brief.reference)))
    if brief.action is not None:
        rows.append(_kv(ctx, ctx.label("brief", "action"), ctx.enum("action", brief.action)))
    status = ctx.enum("brief_status", brief.status)
    version = (
        ctx.label("brief", "status_version", status=status, version=ctx.clean(brief.version))
        if brief.version
        else status
    )
    rows.append(_kv(ctx, ctx.label("brief", "version"), version))
    for i, clearance in enumerate(brief.cleared_by):
        value = _person(ctx, clearance, f"cleared_by[{i}]", "title")
        if clearance.date is not None:
            value = f"{value} ({ctx.date(clearance.date)})"
        rows.append(_kv(ctx, ctx.label("brief", "cleared_by"), value))
    return Table(columns=(1.0, 3.4), rows=tuple(rows), style="keyvalue", name="header block")


def _event_line(brief: Brief, ctx: Context) -> str:
    event = brief.event
    when = ctx.date(event.start.date())
    time = format_time(event.start.time())
    if event.end is not None:
        if event.end.date() == event.start.date():
            time = f"{time}–{format_time(event.end.time())}"
        else:
            time = f"{time} – {ctx.date(event.end.date())}, {format_time(event.end.time())}"
    parts = [
        ctx.enum("event_kind", event.kind),
        f"{when}, {time}",
        ctx.t(event.venue, "event.venue"),
    ]
    if event.parent_event is not None:
        parent = ctx.t(event.parent_event, "event.parent_event")
        parts.append(ctx.label("brief", "parent_event", event=parent))
    if event.format is not None:
        parts.append(ctx.label("brief", "format", format=ctx.enum("format", event.format)))
    if event.press is not None:
        parts.append(ctx.label("brief", "press", press=ctx.enum("press", event.press)))
    return ctx.join(parts)


def _section(ctx: Context, key: str, *content: Block) -> list[Block]:
    return [Heading(text=ctx.label("brief", key), level=1, rtl=ctx.rtl, lang=ctx.code), *content]


def _participants(brief: Brief, ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    order = [brief.host, brief.guest] + [
        p.id for p in brief.parties if p.id not in (brief.host, brief.guest)
    ]
    headers = [ctx.label("brief", k) for k in ("col_name", "col_title", "col_role")]
    for party_id in order:
        people = brief.participants.get(party_id)
        if not people:
            continue
        index = next(i for i, p in enumerate(brief.parties) if p.id == party_id)
        party = brief.parties[index]
        blocks.append(
            Heading(
                text=ctx.organisation(party, f"parties[{index}]"),
                level=2,
                rtl=ctx.rtl,
                lang=ctx.code,
            )
        )
        rows = [
            [
                ctx.t(person.name, f"participants.{party_id}[{i}].name"),
                ctx.t(person.title, f"participants.{party_id}[{i}].title"),
                ctx.t(person.role, f"participants.{party_id}[{i}].role"),
            ]
            for i, person in enumerate(people)
        ]
        blocks.append(_table(ctx, f"participants {party_id}", headers, rows))
    return _section(ctx, "participants", *blocks) if blocks else []


def _programme(brief: Brief, ctx: Context) -> list[Block]:
    if not brief.programme:
        return []
    # By day, then time; an item without a time opens its day, items keep their order on ties.
    items = sorted(
        enumerate(brief.programme), key=lambda e: (e[1].date, e[1].time or dt.time.min, e[0])
    )
    headers = [ctx.label("brief", k) for k in ("col_time", "col_item", "col_venue", "col_press")]
    rows = [
        [
            format_time(item.time) if item.time else "",
            ctx.t(item.item, f"programme[{i}].item"),
            ctx.t(item.venue, f"programme[{i}].venue"),
            ctx.enum("press", item.press) if item.press else "",
        ]
        for i, item in items
    ]
    groups = [ctx.date(item.date) for _, item in items]
    return _section(ctx, "programme", _table(ctx, "programme", headers, rows, groups))


def _talking_points(brief: Brief, ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    indexed = list(enumerate(brief.talking_points))
    for kind in _KIND_ORDER:
        group = [(i, tp) for i, tp in indexed if tp.kind is kind]
        if not group:
            continue
        blocks.append(
            Heading(text=ctx.enum("talking_point_kind", kind), level=2, rtl=ctx.rtl, lang=ctx.code)
        )
        for i, point in group:
            blocks.append(
                Heading(
                    text=ctx.t(point.topic, f"talking_points[{i}].topic"),
                    level=3,
                    rtl=ctx.rtl,
                    lang=ctx.code,
                )
            )
            blocks.append(_bullets(ctx, point.points, f"talking_points[{i}].points"))
    return _section(ctx, "talking_points", *blocks) if blocks else []


def _background(brief: Brief, ctx: Context) -> list[Block]:
    blocks: list[Block] = [
        ctx.para(ctx.t(text, f"background[{i}]")) for i, text in enumerate(brief.background)
    ]
    return _section(ctx, "background", *blocks) if blocks else []


def _last_contact(brief: Brief, ctx: Context) -> list[Block]:
    contact = brief.last_contact
    if contact is None:
        return []
    where = ", ".join(
        v for v in (ctx.date(contact.date), ctx.t(contact.place, "last_contact.place")) if v
    )
    outcome = ctx.t(contact.outcome, "last_contact.outcome")
    runs = [Run(text=where, bold=True)] if where else []
    if outcome:
        runs.append(Run(text=f": {outcome}" if where else outcome))
    return _section(
        ctx, "last_contact", Para(runs=tuple(runs), rtl=ctx.is_rtl(where + outcome), lang=ctx.code)
    )


def _agreements(brief: Brief, ctx: Context) -> list[Block]:
    if not brief.agreements:
        return []
    headers = [ctx.label("brief", k) for k in ("col_agreement", "col_date", "col_status")]
    rows = [
        [
            ctx.t(a.title, f"agreements[{i}].title"),
            ctx.date(a.date),
            ctx.enum("agreement_status", a.status) if a.status else "",
        ]
        for i, a in enumerate(brief.agreements)
    ]
    return _section(ctx, "agreements", _table(ctx, "agreements", headers, rows))


def _risks(brief: Brief, ctx: Context) -> list[Block]:
    if not brief.risks:
        return []
    headers = [ctx.label("brief", k) for k in ("col_issue", "col_sensitivity", "col_handling")]
    rows = [
        [
            ctx.t(r.issue, f"risks[{i}].issue"),
            ctx.enum("sensitivity", r.sensitivity) if r.sensitivity else "",
            ctx.t(r.handling, f"risks[{i}].handling"),
        ]
        for i, r in enumerate(brief.risks)
    ]
    return _section(ctx, "risks", _table(ctx, "risks", headers, rows))


#: The first words of a recommendation's verb that ask the reader to act, by language: to
#: sign, or to decide (agree, approve, decide). Prefixes, so inflected forms match too.
_ASKS: Mapping[Action, Mapping[str, tuple[str, ...]]] = {
    Action.SIGNATURE: {
        "en": ("sign",),
        "az": ("imzala",),
        "ru": ("подпис",),
        "uz": ("imzola",),
        "ar": ("توقيع", "التوقيع", "وقع", "يوقع"),
    },
    Action.DECISION: {
        "en": ("agree", "approve", "decide", "endorse", "authori"),
        "az": ("razılaş", "təsdiq", "qərar", "icazə"),
        "ru": ("соглас", "утверд", "одобр", "реши", "разреш"),
        "uz": ("kelish", "tasdiq", "qaror", "ruxsat", "maʼqulla"),
        "ar": ("الموافقة", "اعتماد", "إقرار", "الإذن", "يوافق", "توافق"),
    },
}


def _asks(rec: Recommendation, own: Language) -> Action | None:
    """What a recommendation asks of the reader, read from its verb in any of its languages
    (a plain verb in the brief's own language `own`)."""
    for lang, text in rec.verb.values:
        word = text.strip().casefold()
        for action, verbs in _ASKS.items():
            if word.startswith(verbs.get((lang or own).value, ())):
                return action
    return None


def _check_action(brief: Brief, ctx: Context) -> None:
    """Warn when "Action required" contradicts what the recommendations ask: "For
    information" while one says "Sign", or "For signature" with nothing to sign."""
    asked = [(i, _asks(rec, brief.language)) for i, rec in enumerate(brief.recommendations)]
    action = brief.action
    if action is Action.INFORMATION or action is None:
        for i, ask in asked:
            if ask is not None:
                verb = ctx.t(brief.recommendations[i].verb)
                stated = f"{action.value!r}" if action else "not stated"
                ctx.warn(
                    "action",
                    f"is {stated}, but recommendations[{i}] asks the reader to act ({verb!r}):"
                    f" set action: {ask.value}",
                )
                return
    signs = any(ask is Action.SIGNATURE for _, ask in asked)
    if action is Action.SIGNATURE and not brief.deliverables and not signs:
        ctx.warn(
            "action",
            "is 'signature', but there is nothing to sign: no recommendation asks to sign"
            " and the brief has no deliverables",
        )


#: A box the reader ticks, one per choice of the decision table.
_BOX = "\u2610"


def _decision(brief: Brief, ctx: Context) -> list[Block]:
    """The recommendations as a decision table for page 1: each with Agreed / Not agreed /
    Discuss boxes to tick, and a last row with room for the reader's initials and the date."""
    if not brief.recommendations:
        return []
    choices = [ctx.label("brief", k) for k in ("agreed", "not_agreed", "discuss")]
    headers = [ctx.label("brief", "col_number"), ctx.label("brief", "col_recommendation")]
    header = Row(
        kind="header",
        cells=tuple(Cell(paras=(ctx.para(h, "cell.header"),)) for h in headers + choices),
    )
    rows = [header]
    texts: list[list[str]] = []
    for i, rec in enumerate(brief.recommendations):
        verb = ctx.t(rec.verb, f"recommendations[{i}].verb")
        rest = ctx.t(rec.text, f"recommendations[{i}].text")
        texts.append([f"{i + 1}.", f"{verb} {rest}", *([_BOX] * len(choices))])
        text = Para(
            runs=(
                *(r if r.tag else attrs.evolve(r, bold=True) for r in ctx.para(verb).runs),
                *ctx.para(f" {rest}").runs,
            ),
            style="cell",
            rtl=ctx.is_rtl(verb + rest),
            lang=ctx.code,
        )
        boxes = tuple(Cell(paras=(ctx.para(_BOX, "cell", align="center"),)) for _ in choices)
        rows.append(
            Row(
                ref=f"recommendations row {i + 1}",
                cells=(Cell(paras=(ctx.para(f"{i + 1}.", "cell"),)), Cell(paras=(text,)), *boxes),
            )
        )
    blank = "\u00a0" + "_" * 18
    sign_off = ctx.para(
        f"{ctx.label('brief', 'initials')}:{blank}    {ctx.label('brief', 'date')}:{blank}", "cell"
    )
    rows.append(Row(ref="initials", cells=(Cell(paras=(sign_off,), colspan=len(rows[0].cells)),)))
    table = Table(
        columns=fit_columns(texts, headers + choices),
        rows=tuple(rows),
        name="recommendations",
        rtl=ctx.rtl,
    )
    return _section(ctx, "recommendations", table)


def _next_steps(brief: Brief, ctx: Context) -> list[Block]:
    if not brief.next_steps:
        return []
    headers = [ctx.label("brief", k) for k in ("col_action", "col_owner", "col_due")]
    rows = [
        [
            ctx.t(s.action, f"next_steps[{i}].action"),
            ctx.t(s.owner, f"next_steps[{i}].owner"),
            ctx.date(s.due),
        ]
        for i, s in enumerate(brief.next_steps)
    ]
    return _section(ctx, "next_steps", _table(ctx, "next steps", headers, rows))


def _annexes(brief: Brief, ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    for number, deliverable in enumerate(brief.deliverables, start=1):
        plan = deliverable.plan
        field = f"deliverables[{number - 1}].plan"
        # The brief's context in the plan's own language; what it collects (warnings,
        # fallbacks, marked texts) is the brief's.
        plan_ctx = attrs.evolve(ctx, own=plan.language)
        furniture = plan_furniture(plan, plan_ctx)
        status = ctx.join(
            [
                ctx.enum("plan_status", plan.status),
                ctx.label("document", "version", version=ctx.clean(plan.version))
                if plan.version
                else "",
                ctx.date(plan.date),
                str(furniture["marking"] or ""),
            ]
        )
        blocks += [
            PageBreak(),
            ctx.para(ctx.label("document", "annex", number=str(number)), "annex"),
            Heading(
                text=plan_title(plan, plan_ctx, f"{field}."), level=1, rtl=ctx.rtl, lang=ctx.code
            ),
            ctx.para(status, "meta"),
            initiatives_table(plan, plan_ctx, field),
        ]
    return blocks


def compose_brief(brief: Brief, lang: Language | None = None, *, source: str = "") -> Document:
    """The Document of a briefing note in one language (default: the brief's own)."""
    ctx = Context(
        lang=lang or brief.language,
        own=brief.language,
        source=source or brief.id,
        mark=brief.status is BriefStatus.DRAFT,
    )
    title = ctx.t(brief.event.title, "event.title")
    host = [(i, p) for i, p in enumerate(brief.parties) if p.id == brief.host and p.emblem]
    blocks: list[Block] = [emblems(host, ctx, "letterhead")] if host else []
    blocks += [
        ctx.para(ctx.upper(ctx.label("brief", "subject")), "doctype"),
        _header_block(brief, ctx),
        ctx.para(title, "title"),
        ctx.para(_event_line(brief, ctx), "subtitle"),
    ]
    if brief.purpose is not None:
        blocks += _section(ctx, "purpose", ctx.para(ctx.t(brief.purpose, "purpose")))
    # What the reader is asked to decide comes on page 1, before the detail.
    _check_action(brief, ctx)
    blocks += _decision(brief, ctx)
    for key in ("summary", "objectives", "their_objectives"):
        texts = getattr(brief, key)
        if texts:
            blocks += _section(ctx, key, _bullets(ctx, texts, key))
    for part in (
        _participants,
        _programme,
        _talking_points,
        _background,
        _last_contact,
        _agreements,
        _risks,
        _next_steps,
        _annexes,
    ):
        blocks += part(brief, ctx)
    author = _person(ctx, brief.prepared_by, "prepared_by") if brief.prepared_by else ""
    footer = ctx.join(ctx.reference_version(brief.reference, brief.version))
    return Document(
        meta=Meta(
            id=brief.id,
            title=title,
            subject=ctx.label("brief", "subject"),
            author=author,
            created=brief.date,
            language=ctx.code,
        ),
        blocks=tuple(blocks),
        marking=ctx.enum("classification", brief.classification) if brief.classification else None,
        watermark=ctx.label("document", "draft") if brief.status is BriefStatus.DRAFT else None,
        header=title if len(title) <= 90 else title[:87].rsplit(" ", 1)[0] + " …",
        footer=footer,
        page_label=ctx.label("document", "page", page="{page}", pages="{pages}"),
        rtl=ctx.rtl,
        warnings=ctx.unique_warnings(),
        fallbacks=tuple(dict.fromkeys(ctx.fallbacks)),
    )


def compose(
    brief: Brief, languages: Sequence[Language] = (), original: str | None = None
) -> Document:
    """The brief's Document: the composer of the brief kind (`briefgen.kinds`).

    A brief is written in one language and has no originals; the build options apply that
    rule (`Options.for_kind`) before a brief is composed.
    """
    if len(languages) > 1 or original is not None:
        raise ValueError("a brief is written in one language and has no originals")
    return compose_brief(brief, languages[0] if languages else None)
