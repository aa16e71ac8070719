"""Compose a plan in two languages side by side, clause by clause.

Each clause of the plan (title, each recital, each provision, the signing formula) is one
row of a borderless two-column table: the first language on the left, its translation on
the right (an Arabic first language runs the columns right to left, so Arabic is on the
right). A row never splits across pages unless it is taller than a page, so a clause and
its translation always share a page. The table of initiatives stays one table with both
languages in every text cell, the first on top: two column sets would leave seven or more
narrow columns on a portrait page, and stacking keeps the numbering, the areas and the
responsible bodies once for both languages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from briefgen.compose.blocks import (
    Block,
    Cell,
    Document,
    Heading,
    ListBlock,
    Para,
    Row,
    Run,
    SignatureBlock,
    Table,
)
from briefgen.compose.context import Context, party_language
from briefgen.compose.parts import alternat_warnings, emblems
from briefgen.compose.plan import (
    alternat,
    clauses,
    has_signatures,
    initiatives_table,
    plan_document,
    signatures,
)
from briefgen.errors import Problem, Severity
from briefgen.model import Language, Plan, PlanStatus

__all__ = ["compose_parallel"]

#: Styles set flush to the start of the line, not justified, in a half-page column.
_FLUSH = frozenset({"body", "recital", "list"})


def compose_parallel(
    plan: Plan, langs: Sequence[Language], *, original: str | None = None
) -> Document:
    """The Document of a plan with two languages side by side.

    `original`: the party whose original this is (alternat): its name and signature come
    first, and so does its language when it is one of the two.
    """
    plan = alternat(plan, original)
    order = list(langs)
    if original is not None:
        own = party_language(plan.parties[0])
        if own in order:
            order.sort(key=lambda lang: lang is not own)
    draft = plan.status is PlanStatus.DRAFT
    ctxs = [Context(lang=lang, own=plan.language, source=plan.id, mark=draft) for lang in order]
    if original is not None:
        for ctx in ctxs:
            alternat_warnings(plan, ctx)
    said = [dict(clauses(plan, ctx)) for ctx in ctxs]
    names = list(dict.fromkeys(name for version in said for name in version))
    rtl = ctxs[0].rtl

    blocks: list[Block] = []
    if any(party.emblem for party in plan.parties):
        blocks.append(emblems(list(enumerate(plan.parties)), ctxs, "emblems"))
    rows: list[Row] = []

    def flush() -> None:
        if rows:
            blocks.append(_side_by_side(rows, rtl))
            rows.clear()

    for name in names:
        versions = [version.get(name, []) for version in said]
        if name != "initiatives" and _same_words(versions):
            lead, other = (ctx.code for ctx in ctxs)
            field = _field_of(name)
            ctxs[0].warnings.append(
                Problem(
                    source=plan.id,
                    path=field or "",
                    message=f"the {lead} and {other} columns"
                    + ("" if field else f" of the {name}")
                    + " say the same words: is one of the two texts missing?",
                    severity=Severity.WARNING,
                )
            )
        if name == "initiatives":
            flush()
            blocks.append(initiatives_table(plan, ctxs))
        elif name == "signing":
            flush()
            if has_signatures(plan):
                formula = _row(name, versions)
                intro = (_side_by_side([formula], rtl, keep=True),) if formula.cells else ()
                blocks.append(
                    SignatureBlock(intro=intro, signatures=signatures(plan, ctxs), rtl=rtl)
                )
        elif all(_leads(version) for version in versions if version):
            # A heading or "have agreed as follows:" stays on the page of what follows it.
            flush()
            blocks.append(_side_by_side([_row(name, versions)], rtl, keep=True))
        else:
            rows.append(_row(name, versions))
    flush()
    return plan_document(plan, ctxs, blocks)


def _field_of(clause: str) -> str | None:
    """The record field a clause of `clauses` says, where it says one."""
    kind, _, number = clause.partition(" ")
    if number.isdigit():
        index = int(number) - 1
        return {"recital": f"preamble[{index}]", "provision": f"final_provisions[{index}]"}.get(
            kind
        )
    return {"title": "title", "basis": "basis.title"}.get(clause)


def _words(blocks: list[Block]) -> str:
    """The words of a clause, without numbers and punctuation, for comparing two versions."""
    text = " ".join(p.text for p in _paras(blocks))
    return " ".join(re.findall(r"[^\W\d_]+", text.casefold()))


def _same_words(versions: list[list[Block]]) -> bool:
    """Both versions of a clause say the same words (beyond a short name or heading)."""
    first, second = (_words(version) for version in versions)
    return first == second and len(first.split()) > 3


def _leads(blocks: list[Block]) -> bool:
    """The blocks introduce what follows (a heading, a kept-with-next paragraph)."""
    return all(isinstance(b, Heading) or (isinstance(b, Para) and b.keep_with_next) for b in blocks)


def _paras(blocks: list[Block]) -> tuple[Para, ...]:
    """A clause's blocks as the paragraphs of a table cell."""
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            # Justified text in a half-page column opens wide gaps between words.
            paras.append(attrs.evolve(block, align="start") if block.style in _FLUSH else block)
        elif isinstance(block, Heading):
            paras.append(
                Para.of(block.text, f"heading.{block.level}", rtl=block.rtl, lang=block.lang)
            )
        elif isinstance(block, ListBlock):
            for item in block.items:
                label = Run(text=f"{item.label}\u00a0")
                paras.append(
                    Para(
                        runs=(label, *item.para.runs),
                        style="body",
                        rtl=item.para.rtl,
                        lang=item.para.lang,
                        align="start",
                    )
                )
        else:  # pragma: no cover - clauses() gives only text blocks
            raise TypeError(f"a clause cannot hold {block!r}")
    return tuple(paras)


def _row(name: str, versions: list[list[Block]]) -> Row:
    return Row(cells=tuple(Cell(paras=_paras(version)) for version in versions), ref=name)


def _side_by_side(rows: list[Row], rtl: bool, *, keep: bool = False) -> Table:
    return Table(
        columns=(1.0, 1.0),
        rows=tuple(rows),
        style="plain",
        name="parallel text",
        rtl=rtl,
        keep_with_next=keep,
    )
