"""Compose helpers every kind of document uses: fitting table columns to their text, a
text in each language of a parallel document, and the row of party emblems."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

import attrs

from briefgen.compose.blocks import Cell, Image, Para, Row, Run, Table
from briefgen.compose.context import Context
from briefgen.model import LocalText, Party

__all__ = [
    "EMBLEM_MM",
    "LINE_BUDGET",
    "Wordings",
    "bracketed",
    "contexts",
    "emblems",
    "fit_columns",
    "in_each",
    "local",
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
        value = ctx.t(text, field)
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
