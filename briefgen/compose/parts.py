"""Compose helpers every kind of document uses: fitting table columns to their text, a
text in each language of a parallel document, the row of party emblems, and the parties
named in a text (templates over the parties, which parties a title names, the alternat)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

import attrs

from briefgen import names
from briefgen.compose.blocks import Cell, Image, Para, Row, Run, Table
from briefgen.compose.context import Context
from briefgen.errors import Problem, Severity
from briefgen.model import LocalText, Party, Plan, clause_texts, format_path

__all__ = [
    "EMBLEM_MM",
    "LINE_BUDGET",
    "Wordings",
    "alternat_warnings",
    "bracketed",
    "contexts",
    "emblems",
    "filled",
    "filled_over",
    "fit_columns",
    "in_each",
    "local",
    "named_in",
    "worded",
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


def contexts(ctx: Context | Sequence[Context]) -> tuple[Context, ...]:
    return (ctx,) if isinstance(ctx, Context) else tuple(ctx)


def in_each(
    ctxs: Sequence[Context], text: Callable[[Context], str], style: str
) -> tuple[tuple[Para, ...], str]:
    """A text in each language as paragraphs (a text the languages share, once) and joined.

    The joined string is what fits columns to the content.
    """
    # Each text once, as a paragraph of the first language that says it (its direction).
    said: dict[str, Context] = {}
    for ctx in ctxs:
        value = text(ctx)
        if value and value not in said:
            said[value] = ctx
    values = list(said)
    paras = [ctx.para(value, style) for value, ctx in said.items()]
    # A translation under its original is set in italics, so the eye finds each language.
    for index in range(1, len(paras)):
        paras[index] = attrs.evolve(
            paras[index], runs=tuple(attrs.evolve(r, italic=True) for r in paras[index].runs)
        )
    return tuple(paras), " ".join(values)


def local(
    ctxs: Sequence[Context], text: LocalText | None, field: str, style: str, prefix: str = ""
) -> tuple[tuple[Para, ...], str]:
    """A record text in each language, as `in_each` gives it (`prefix` before each)."""

    def value(ctx: Context) -> str:
        found = ctx.t(text, field)
        return f"{prefix}{found}" if found else ""

    return in_each(ctxs, value, style)


#: A text's wordings: (proposing party id or None for agreed text, the text, its field path).
Wordings = Sequence[tuple[str | None, LocalText, str]]


def bracketed(ctx: Context, text: str, by: str | None, parties: Sequence[Party]) -> str:
    """An unagreed text as negotiators write it: in square brackets, followed by the short
    name of the party proposing it ("[Participation of ...] (UZ)"), or its state when it has
    none; `by` None brackets the text without a name (the other cells of a proposed
    initiative)."""
    if not text:
        return ""
    if by is None:
        return f"[{text}]"
    index = next(i for i, party in enumerate(parties) if party.id == by)
    party, field = parties[index], f"parties[{index}]"
    # Without a short name, the state: both sides are often "Ministry of Emergency Situations".
    name = ctx.short(party, field) if party.short else ctx.t(party.state, f"{field}.state")
    return f"[{text}]\u00a0({name})"


def worded(ctx: Context, wordings: Wordings, parties: Sequence[Party]) -> str:
    """A text in the document's language as printed: agreed text as it is, each proposed
    wording bracketed with its party, competing wordings one per line in the order given."""
    said = []
    for by, text, field in wordings:
        value = filled_over(parties, ctx, text, field)
        said.append(value if by is None else bracketed(ctx, value, by, parties))
    return "\n".join(value for value in said if value)


#: The height of a party's emblem over its name.
EMBLEM_MM = 20.0


def emblems(
    parties: Sequence[tuple[int, Party]], ctx: Context | Sequence[Context], name: str
) -> Table:
    """A borderless row of the parties' emblems, each over its party's full name."""
    ctxs = contexts(ctx)
    cells = []
    for index, party in parties:
        names, _ = in_each(
            ctxs, partial(Context.organisation, party=party, field=f"parties[{index}]"), "cell"
        )
        cells.append(
            Cell(
                image=Image(path=party.emblem, height_mm=EMBLEM_MM) if party.emblem else None,
                paras=tuple(
                    attrs.evolve(p, runs=(Run(text=p.text, bold=True),), align="center")
                    for p in names
                ),
            )
        )
    return Table(
        columns=(1.0,) * len(cells),
        rows=(Row(cells=tuple(cells)),),
        style="plain",
        name=name,
        rtl=ctxs[0].rtl,
    )


# --- the parties named in a text -------------------------------------------------------------


def filled(plan: Plan, ctx: Context, text: LocalText | None, field: str, at: str = "") -> str:
    """A record text written as a template over the plan's parties, in the context's
    language: `{party1}`, `{party2:genitive}`, `{state1}`, `{parties}` filled with the names
    of the parties in the document's order (after the alternat), so that a party's own
    original names it first. `at` prefixes the field paths ("deliverables[0].plan.")."""
    return filled_over(plan.parties, ctx, text, field, at)


def filled_over(
    parties: Sequence[Party], ctx: Context, text: LocalText | None, field: str, at: str = ""
) -> str:
    """`filled`, over the parties given (a plan's, in the document's order)."""
    template = ctx.t(text, f"{at}{field}")
    if "{" not in template:
        return template

    def value(kind: str, index: int | None, case: str) -> str:
        if index is None:
            return ctx.enumerate(
                [ctx.party_name(p, f"{at}parties[{i}]", case) for i, p in enumerate(parties)]
            )
        where = f"{at}parties[{index}]"
        if kind == "party":
            return ctx.party_name(parties[index], where, case)
        state = ctx.state_name(parties[index], where, case)
        if state is None:
            state = ctx.state_name(parties[index], where) or ""
            ctx.warnings.append(
                Problem(
                    source=ctx.source,
                    path=f"{at}{field}",
                    message=f"the {case} of {state!r} in {ctx.code} is not known; the "
                    "nominative is used (write the text without the placeholder)",
                    severity=Severity.WARNING,
                )
            )
        return state

    return names.fill(template, value)


def _mentions(ctx: Context, parties: Sequence[Party]) -> list[list[str]]:
    """Per party, the texts that show a text of the context's language names it: its full
    name, its state (when no other party shares it), its organisation (when no other party
    has the same)."""
    stems = [set(ctx.state_stems(p)) for p in parties]
    organisations = [ctx.t(p.organisation) for p in parties]
    found: list[list[str]] = []
    for index, party in enumerate(parties):
        texts = [ctx.party_name(party, f"parties[{index}]")]
        full = party.full_name
        if full is not None:
            for case in names.CASES:
                given = getattr(full, case)
                value = given.resolve(ctx.lang, ctx.own) if given is not None else None
                texts.append(value or "")
        others = [s for i, s in enumerate(stems) if i != index]
        if not any(stems[index] & other for other in others):
            texts.extend(stems[index])
        if organisations.count(organisations[index]) == 1:
            texts.append(organisations[index])
        found.append([t for t in texts if t.strip()])
    return found


def named_in(ctx: Context, text: str, parties: Sequence[Party]) -> dict[int, int]:
    """The parties `text` names, by index, with where it first names each."""
    quiet = attrs.evolve(ctx, warnings=[], fallbacks=[], marked={}, said={})
    at: dict[int, int] = {}
    for index, texts in enumerate(_mentions(quiet, parties)):
        places = [p for t in texts if (p := names.mentioned_at(text, t)) is not None]
        if places:
            at[index] = min(places)
    return at


#: The record texts that name the parties and may be written as templates (beside every
#: recital and final provision).
_TEMPLATES = ("title", "short_title", "basis.title")


def alternat_warnings(plan: Plan, ctx: Context) -> None:
    """Warn of each text, written without placeholders, that names the parties in another
    order than this original's: it cannot put this original's party first."""
    parties = plan.parties
    texts: list[tuple[str, LocalText]] = []
    for field in _TEMPLATES:
        owner: object = plan
        for part in field.split("."):
            owner = getattr(owner, part, None)
        if isinstance(owner, LocalText):
            texts.append((field, owner))
    for name in ("preamble", "final_provisions"):
        for i, clause in enumerate(getattr(plan, name)):
            texts.extend((format_path(at), t) for at, t in clause_texts(clause, (name, i)))
    for field, owner in texts:
        text = owner.resolve(ctx.lang, ctx.own)
        if text is None or names.placeholders(text):
            continue
        places = named_in(ctx, text, parties)
        order = sorted(places, key=places.__getitem__)
        if len(order) >= 2 and order != sorted(order):
            said = " before ".join(parties[i].id for i in order)
            path = field if owner.get(ctx.lang) is None else f"{field}.{ctx.code}"
            ctx.warnings.append(
                Problem(
                    source=ctx.source,
                    path=path,
                    message=f"names the parties in a fixed order ({said}), so the "
                    f"{parties[0].id} original cannot name its party first; write it as a "
                    "template: {party1} ... {party2} (or {state1} ... {state2})",
                    severity=Severity.WARNING,
                )
            )
