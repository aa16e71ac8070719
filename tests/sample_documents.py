"""Hand-built Documents that exercise every block type, for renderer tests.

They stand in for compose's output so renderers are tested on their own; compose's own
output is tested end to end elsewhere.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from briefgen.compose.blocks import (
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
    Signature,
    SignatureBlock,
    Table,
)

ARABIC_NAME = "أحمد المتني"
ARABIC_TITLE = "سفير دولة فلسطين (2025)"


def cell(
    text: str, style: str = "cell", *, rtl: bool = False, colspan: int = 1, rowspan: int = 1
) -> Cell:
    """A one-paragraph cell."""
    return Cell(paras=(Para.of(text, style, rtl=rtl),), colspan=colspan, rowspan=rowspan)


def initiatives_table(areas: int = 3, per_area: int = 3, outcome_words: int = 8) -> Table:
    """A plan's table of initiatives with two header rows and a responsible column per party."""
    header = (
        Row(
            kind="header",
            cells=(
                cell("No.", "cell.header", rowspan=2),
                cell("Activity", "cell.header", rowspan=2),
                cell("Timeframe", "cell.header", rowspan=2),
                cell("Responsible", "cell.header", colspan=2),
                cell("Expected outcome", "cell.header", rowspan=2),
            ),
        ),
        Row(
            kind="header",
            cells=(
                Cell(),
                Cell(),
                Cell(),
                cell("MES of Azerbaijan", "cell.header"),
                cell("MES of Uzbekistan", "cell.header"),
                Cell(),
            ),
        ),
    )
    rows: list[Row] = list(header)
    for a in range(1, areas + 1):
        rows.append(
            Row(
                kind="section",
                cells=(
                    cell(
                        f"{a}. Təlim və potensialın gücləndirilməsi (R&D <area> {a})",
                        "cell.section",
                        colspan=6,
                    ),
                ),
            )
        )
        for i in range(1, per_area + 1):
            outcome = " ".join(["Enhanced readiness of rescue teams"] * max(1, outcome_words // 5))
            rows.append(
                Row(
                    ref=f"initiative {a}.{i}",
                    cells=(
                        cell(f"{a}.{i}"),
                        cell(
                            "Joint command-post exercise on a major earthquake in Baku & Oʻzbekiston, Gʻijduvon"
                        ),
                        cell("2026 Q3"),
                        cell("Crisis Management Center"),
                        cell("Department of Civil Protection"),
                        cell(outcome),
                    ),
                )
            )
    return Table(columns=(0.6, 3.2, 1.2, 1.8, 1.8, 2.6), rows=tuple(rows), name="initiatives")


def sample_document(
    *, draft: bool = True, marking: str | None = "FOR OFFICIAL USE ONLY"
) -> Document:
    """A brief-and-plan-like document with every block type, Azerbaijani, Uzbek and Arabic."""
    blocks = (
        Table(
            style="keyvalue",
            columns=(1.0, 3.0),
            name="header block",
            rows=(
                Row(cells=(cell("To", "cell.label"), cell("Kamaladdin Heydarov, Minister"))),
                Row(
                    cells=(
                        cell("From", "cell.label"),
                        cell("Leyla Məmmədova, Head of Division, +994 12 512 00 00"),
                    )
                ),
                Row(cells=(cell("Date", "cell.label"), cell("1 December 2025"))),
                Row(cells=(cell("Action required", "cell.label"), cell("For information"))),
                Row(cells=(cell("Guest", "cell.label"), cell(ARABIC_NAME, rtl=True))),
            ),
        ),
        Para.of("MEETING WITH THE MINISTER OF EMERGENCY SITUATIONS OF UZBEKISTAN", "title"),
        Para.of("Official visit · 3 December 2025, 10:00–11:30 · Baku", "subtitle"),
        Para.of("Version 0.3 · Draft of 20 November 2025", "meta"),
        Heading(text="1. Purpose", level=1),
        Para(
            runs=(
                Run(text="The Minister, "),
                Run(text="Botir Qudratxoʻjayev", bold=True),
                Run(
                    text=", asked for a meeting. Text with <b>markup</b> & R&D; kept as is.\nSecond line."
                ),
            )
        ),
        Heading(text="Talking points", level=1),
        Heading(text="Strategic partnership (proactive)", level=2),
        ListBlock(
            items=(
                ListItem(
                    label="•",
                    para=Para.of("Welcome the Minister to Baku: İSTİQAMƏT, ə ğ ı ş.", "list"),
                ),
                ListItem(
                    label="•", para=Para.of("Relations follow the strategic partnership.", "list")
                ),
            )
        ),
        Para.of("Preamble recital: Guided by the relations of strategic partnership,", "recital"),
        Heading(text="Final provisions", level=1),
        ListBlock(
            items=(
                ListItem(label="1.", para=Para.of("Each Party bears its own costs.", "list")),
                ListItem(
                    label="2.",
                    para=Para.of("This Plan takes effect on the date of signature.", "list"),
                ),
            )
        ),
        Para(runs=(Run(text=ARABIC_TITLE),), rtl=True),
        Para.of("Initialled", "marking"),
        initiatives_table(),
        SignatureBlock(
            intro=(
                Para.of(
                    "Done at Baku on 3 December 2025 in two originals, each in the Azerbaijani, "
                    "Uzbek and English languages, all texts being equally authentic.",
                ),
            ),
            signatures=(
                Signature(
                    caption=(
                        Para.of(
                            "For the Ministry of Emergency Situations of the Republic of Azerbaijan",
                            "signature",
                        ),
                    ),
                    details=(
                        Para.of("Kamaladdin Heydarov", "signature"),
                        Para.of("Colonel General", "signature"),
                    ),
                ),
                Signature(
                    caption=(
                        Para.of("For the Embassy of the State of Palestine in Baku", "signature"),
                    ),
                    details=(
                        Para.of("Ahmed Metani", "signature"),
                        Para(runs=(Run(text=ARABIC_NAME),), style="signature", rtl=True),
                    ),
                ),
            ),
        ),
        PageBreak(),
        Para.of("Annex 1", "annex"),
        Heading(text="Plan of Joint Actions", level=1),
    )
    return Document(
        meta=Meta(
            id="sample",
            title="Meeting with the Minister of Emergency Situations of Uzbekistan",
            subject="Briefing note",
            author="Leyla Məmmədova",
            created=dt.date(2025, 12, 1),
        ),
        blocks=blocks,
        marking=marking,
        watermark="DRAFT" if draft else None,
        header="Plan of Joint Actions 2026–2027",
        footer="MES-IRD/2025/PL-041 · Version 0.3",
    )


def long_document(initiatives: int = 300, outcome_words: int = 8) -> Document:
    """A many-page document: a table of `initiatives` rows (for header-repeat and split checks)."""
    per_area = 10
    table = initiatives_table(
        areas=max(1, initiatives // per_area), per_area=per_area, outcome_words=outcome_words
    )
    return Document(
        meta=Meta(id="long", title="Long plan", created=dt.date(2025, 12, 1)),
        blocks=(Heading(text="Initiatives", level=1), table),
        footer="REF-1 · Version 1",
    )


def png(width: int, height: int, rgb: tuple[int, int, int] = (20, 40, 90)) -> bytes:
    """A PNG picture of one colour, `width` x `height` pixels, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
