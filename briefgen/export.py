"""Export: a plan's matrix of initiatives as a fill-in workbook (XLSX) or a CSV file.

The layout is the one `briefgen.load.sheets` reads, so a plan whose `sections` name the
exported file builds the same document, byte for byte, as the plan it was exported from:

- one row per area (its Area cells, nothing else), then one row per initiative;
- the columns Area, Activity, Timeframe, Venue, one `Responsible <party>` per party,
  Outcome; the plain column holds a text written without a language (the record's own),
  `Activity [az]` the version in a language. Every language of the record gets its column
  (to fill in); the record's own language gets one where a text names it explicitly (and
  then replaces the plain column when no text of the field is plain).

The workbook has its header row styled and frozen, column widths set, text cells that stay
text (a timeframe `2026` typed later is not turned into a number), and, as drop-downs that
still allow any text, suggested timeframes and each party's responsible bodies (from a
hidden sheet `Lists`). The CSV is UTF-8 with a byte order mark, which Excel needs to read
it as UTF-8. Both are deterministic: the same plan gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from briefgen.errors import InputError, Problem
from briefgen.load.sheets import header
from briefgen.model import Language, LocalText, Plan, Proposals, format_path

__all__ = ["EXPORT_FORMATS", "export_matrix"]

#: The formats `export_matrix` writes, by file extension.
EXPORT_FORMATS = {".xlsx": "xlsx", ".csv": "csv"}

#: Column widths (characters) of each field in the workbook.
_WIDTHS = {
    "area": 28,
    "activity": 48,
    "timeframe": 16,
    "venue": 18,
    "responsible": 30,
    "outcome": 40,
    "key": 14,
}
#: Phrases a timeframe may be, as the timeframe wording recognises them.
_PHRASES = ("annually", "twice a year", "quarterly", "as agreed", "as needed", "ongoing")
_TIMEFRAME_PROMPT = (
    "A year (2026), a quarter (2026 Q3), a half (2026 H1), a month (March 2026), a range "
    "(2026 Q2 – 2027 Q4) or a phrase (annually, as agreed): briefgen words them in each "
    "language. Other text is kept as written."
)
#: The moment written into the workbook's properties and zip entries (no clock: the same
#: plan gives the same bytes).
_EPOCH = dt.datetime(2000, 1, 1)


@attrs.frozen
class _Group:
    """A field's columns: (field, party) and the languages it has a column for (None: the
    plain column)."""

    field: str
    party: str | None
    langs: tuple[Language | None, ...]


def _texts(plan: Plan) -> Iterator[tuple[str, str | None, LocalText]]:
    """Every text of the matrix with its field and party."""
    for section in plan.sections:
        yield "area", None, section.area
        for initiative in section.initiatives:
            if isinstance(initiative.activity, LocalText):  # competing wordings are refused
                yield "activity", None, initiative.activity
            for field in ("timeframe", "venue", "outcome"):
                value = getattr(initiative, field)
                if isinstance(value, LocalText):
                    yield field, None, value
            for party, body in initiative.responsible.items():
                yield "responsible", party, body


def _languages(plan: Plan) -> list[Language]:
    """The languages of the record other than its own: of its title, its authentic texts
    and the matrix, in that order."""
    found: dict[Language, None] = {}
    for lang, _ in plan.title.values:  # in the order written (`languages` is a set)
        if lang is not None:
            found[lang] = None
    for lang in plan.signing.authentic_languages if plan.signing else ():
        found[lang] = None
    for _, _, text in _texts(plan):
        for lang, _ in text.values:
            if lang is not None:
                found[lang] = None
    found.pop(plan.language, None)
    return list(found)


def _groups(plan: Plan) -> list[_Group]:
    others = _languages(plan)
    explicit: set[tuple[str, str | None]] = set()
    plain: set[tuple[str, str | None]] = set()
    for field, party, text in _texts(plan):
        if plan.language in text.languages:
            explicit.add((field, party))
        if None in text.languages:
            plain.add((field, party))
    keys = [
        ("area", None),
        ("activity", None),
        ("timeframe", None),
        ("venue", None),
        *(("responsible", party.id) for party in plan.parties),
        ("outcome", None),
    ]
    out = []
    for field, party in keys:
        own: tuple[Language | None, ...] = (plan.language,) if (field, party) in explicit else ()
        # The plain column, unless every text of the field names the record's language.
        bare: tuple[Language | None, ...] = (None,) if (field, party) in plain or not own else ()
        out.append(_Group(field=field, party=party, langs=(*bare, *own, *others)))
    keyed = any(
        s.key is not None or any(i.key is not None for i in s.initiatives) for s in plan.sections
    )
    if keyed:  # the keys that match items across versions (`briefgen compare`)
        out.append(_Group(field="key", party=None, langs=(None,)))
    return out


def _value(text: LocalText | None, lang: Language | None) -> str:
    if text is None:
        return ""
    return text.get(lang) or ""


def _rows(plan: Plan, groups: Sequence[_Group]) -> list[list[str]]:
    width = sum(len(g.langs) for g in groups)
    rows = [
        [
            header(g.field, g.party, None if lang is None else lang.value)
            for g in groups
            for lang in g.langs
        ]
    ]
    keyed = groups[-1].field == "key"
    for section in plan.sections:
        row = [_value(section.area, lang) for lang in groups[0].langs]
        row += [""] * (width - len(row))
        if keyed:
            row[-1] = section.key or ""
        rows.append(row)
        for initiative in section.initiatives:
            row = []
            for group in groups:
                if group.field == "key":
                    row.append(initiative.key or "")
                    continue
                if group.field == "area":
                    text = None
                elif group.party is not None:
                    text = initiative.responsible.get(group.party)
                else:
                    text = getattr(initiative, group.field)
                row.extend(_value(text, lang) for lang in group.langs)
            rows.append(row)
    return rows


_AGREED = (
    "is under negotiation (a status, a proposing party or competing proposals), which the "
    "spreadsheet's layout does not hold: export the matrix once it is agreed"
)


def _unexportable(plan: Plan, name: str) -> list[Problem]:
    """Texts a cell does not keep as they are: a cell's spaces at either end are stripped
    when it is read, so such a text would not come back the same; and what the layout has
    no column for (the negotiation status of an initiative)."""
    problems = []
    for s, section in enumerate(plan.sections):
        fields: list[tuple[tuple[str | int, ...], object]] = [(("area",), section.area)]
        for i, initiative in enumerate(section.initiatives):
            at: tuple[str | int, ...] = ("initiatives", i)
            fields.extend(
                ((*at, field), getattr(initiative, field))
                for field in ("activity", "timeframe", "venue", "outcome")
            )
            fields.extend(
                ((*at, "responsible", party), body)
                for party, body in initiative.responsible.items()
            )
        for i, initiative in enumerate(section.initiatives):
            path = format_path(("sections", s, "initiatives", i))
            if initiative.status is not None or initiative.proposed_by is not None:
                problems.append(Problem(source=name, path=f"{path}.status", message=_AGREED))
            for field in ("activity", "outcome"):
                if isinstance(getattr(initiative, field), Proposals):
                    problems.append(Problem(source=name, path=f"{path}.{field}", message=_AGREED))
        for at, text in fields:
            if not isinstance(text, LocalText):
                continue  # competing proposals: refused above
            for lang, value in text.values:
                if value != value.strip():
                    where = ("sections", s, *at) + (() if lang is None else (lang.value,))
                    problems.append(
                        Problem(
                            source=name,
                            path=format_path(where),
                            message="begins or ends with a space or line break, which a "
                            "cell does not keep; remove it from the record first",
                        )
                    )
    return problems


def export_matrix(plan: Plan, fmt: str, *, source: str | None = None) -> bytes:
    """The plan's matrix of initiatives as the bytes of an XLSX workbook or a CSV file.

    A text that a cell cannot hold as it is (spaces at its ends) is an InputError, named
    at its field of `source` (the plan's file; default: the plan's id).
    """
    problems = _unexportable(plan, source or f"plan {plan.id}")
    if problems:
        raise InputError(problems)
    groups = _groups(plan)
    rows = _rows(plan, groups)
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return _workbook(plan, groups, rows)
    raise ValueError(f"unknown export format {fmt!r} (formats: xlsx, csv)")


def _workbook(plan: Plan, groups: Sequence[_Group], rows: Sequence[Sequence[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet active
    sheet.title = "Initiatives"
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F3864")
    area_font = Font(bold=True)
    area_fill = PatternFill("solid", fgColor="D9E2F3")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=1):
        is_area = number > 1 and not any(row[len(groups[0].langs) :])
        for column, text in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            if text:
                cell.value = text
                cell.data_type = "s"  # a text beginning with "=" stays text, not a formula
            cell.number_format = "@"
            cell.alignment = wrap
            cell.border = border
            if number == 1:
                cell.font, cell.fill = head_font, head_fill
            elif is_area:
                cell.font, cell.fill = area_font, area_fill
    sheet.freeze_panes = "A2"
    column = 1
    list_column = 1
    last = max(len(rows), 2) + 500  # room to add rows below
    for group in groups:
        for lang in group.langs:
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = _WIDTHS[group.field]
            choices = _choices(plan, group, lang)
            if choices:
                list_letter = get_column_letter(list_column)
                lists.cell(row=1, column=list_column, value=rows[0][column - 1])
                for index, choice in enumerate(choices, start=2):
                    lists.cell(row=index, column=list_column, value=choice).data_type = "s"
                end = len(choices) + 1
                validation = DataValidation(
                    type="list",
                    formula1=f"=Lists!${list_letter}$2:${list_letter}${end}",
                    allow_blank=True,
                    showErrorMessage=False,  # a suggestion, not a rule: any text is allowed
                    showInputMessage=group.field == "timeframe",
                    promptTitle="Timeframe" if group.field == "timeframe" else None,
                    prompt=_TIMEFRAME_PROMPT if group.field == "timeframe" else None,
                )
                validation.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(validation)
                list_column += 1
            column += 1
    sheet.row_dimensions[1].height = 30
    book.properties.creator = "briefgen"
    book.properties.title = plan.title.any()[:250]
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue())


def _choices(plan: Plan, group: _Group, lang: Language | None) -> list[str]:
    """The drop-down suggestions of a column: timeframes, or a party's bodies."""
    found: dict[str, None] = {}
    if group.field == "timeframe":
        if plan.period is not None and lang is None:
            for year in range(plan.period.start, plan.period.end + 1):
                found[str(year)] = None
                for quarter in range(1, 5):
                    found[f"{year} Q{quarter}"] = None
            if plan.period.end > plan.period.start:
                found[f"{plan.period.start}–{plan.period.end}"] = None
        if lang is None:
            found.update(dict.fromkeys(_PHRASES))
    if group.field in ("timeframe", "responsible"):
        for section in plan.sections:
            for initiative in section.initiatives:
                text = (
                    initiative.timeframe
                    if group.party is None
                    else initiative.responsible.get(group.party)
                )
                value = _value(text, lang)
                if value and "\n" not in value:
                    found[value] = None
    return list(found)


def _fixed(data: bytes) -> bytes:
    """The workbook re-zipped with fixed dates and attributes: the same bytes every time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content: Any = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _core_dates(content)
            target.writestr(entry, content)
    return out.getvalue()


def _core_dates(content: bytes) -> bytes:
    """openpyxl stamps the save time as modified: the fixed moment instead."""
    import re

    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>" + stamp + rb"\g<2>",
        content,
    )
