"""Cell values as a spreadsheet shows them: numbers and dates through their number format.

A workbook stores 2026 as the number 2026.0 and 15 March 2026 as a serial number with a
date format; what a user means is what the cell shows. `shown` renders a value through the
cell's number format code (ECMA-376 18.8.31): the common codes exactly (General, `0`,
`0.00`, `#,##0`, percentages, scientific, quoted text, dates and times); a code beyond them
(fractions, conditions) falls back to General. The locale's short date (built-in format 14,
which Excel shows in the reader's own order) is written ISO (`2026-03-15`), the one form no
reader misreads and the one the timeframe wording recognises.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["shown"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Built-in codes whose look depends on the reader's locale (ids 14 and 22 as openpyxl names
#: them): written ISO.
_LOCALE_DATE = {"mm-dd-yy", "m/d/yy", "d/m/yyyy", "dd/mm/yyyy"}
_LOCALE_DATETIME = {"m/d/yy h:mm"}

#: Parts of a code that show nothing: colours, conditions, locale tags, padding and fill.
_DECOR = re.compile(r"\[[^\]]*\]|_.|\*.")
#: Literal text of a code: quoted, or one escaped character.
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')
_DATE_TOKEN = re.compile(
    r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+|[^ymdhsa.]+|.",
    re.IGNORECASE,
)


def _sections(code: str) -> list[str]:
    """The `;`-separated sections of a code, ignoring `;` inside quotes."""
    parts, current, quoted = [], "", False
    for char in code:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _general(value: float) -> str:
    """A number as Excel's General format shows it: integral without a point, else up to
    fifteen significant digits without trailing zeros."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    return text


def _strip(section: str) -> str:
    return _DECOR.sub("", section)


def _number(value: float, code: str) -> str:
    sections = _sections(code)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    section = _strip(section)
    if section.strip().lower() in ("general", "", "@"):
        return _general(value)
    literals: list[str] = []

    def keep(match: re.Match[str]) -> str:
        literals.append(match.group(1) if match.group(1) is not None else match.group(2))
        return f"\x00{len(literals) - 1}\x00"

    bare = _LITERAL.sub(keep, section)
    digits = re.search(r"[0#?][0#?,. ]*(?:[eE][+-][0#]+)?|[0#?]", bare)
    if digits is None or "/" in bare:  # no digit placeholder (text only) or a fraction
        return _general(value)
    pattern = digits.group(0).rstrip(" ")
    if "%" in bare:
        value *= 100
    exponent = re.search(r"[eE][+-]([0#]+)", pattern)
    mantissa = pattern[: exponent.start()] if exponent else pattern
    while mantissa.endswith(","):  # a trailing comma divides by a thousand
        mantissa = mantissa[:-1]
        value /= 1000
    decimals = len(re.sub(r"[^0#?]", "", mantissa.split(".", 1)[1])) if "." in mantissa else 0
    grouped = "," in mantissa
    if exponent:
        body = f"{value:.{decimals}E}"
        base, power = body.split("E")
        body = f"{base}E{power[0]}{int(power[1:]):0{len(exponent.group(1))}d}"
    else:
        body = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
        if "." in mantissa and not re.search(r"\.0", mantissa):  # `0.##`: optional decimals
            body = body.rstrip("0").rstrip(".")
    text = bare[: digits.start()] + body + bare[digits.start() + len(digits.group(0)) :]
    return re.sub("\x00(\\d+)\x00", lambda m: literals[int(m.group(1))], text).strip()


def _date(value: dt.datetime | dt.date | dt.time, code: str) -> str:
    stamp = code.split(";")[0]
    key = _strip(stamp).strip().lower()
    if key in _LOCALE_DATE or key in ("general", "", "@"):
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
        return value.isoformat()
    if key in _LOCALE_DATETIME and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    moment = (
        value
        if isinstance(value, dt.datetime)
        else dt.datetime.combine(value, dt.time())
        if isinstance(value, dt.date)
        else dt.datetime.combine(dt.date(1900, 1, 1), value)
    )
    section = _LITERAL.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), stamp)
    section = _DECOR.sub("", section)
    tokens = _DATE_TOKEN.findall(section)
    twelve = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out: list[str] = []
    for index, token in enumerate(tokens):
        low = token.lower()
        # `m` is minutes next to an hour or seconds (h:mm, mm:ss), else a month.
        before = next((t.lower() for t in reversed(tokens[:index]) if t[:1].isalpha()), "")
        after = next((t.lower() for t in tokens[index + 1 :] if t[:1].isalpha()), "")
        hour = moment.hour % 12 or 12 if twelve else moment.hour
        if low in ("mm", "m") and (before.startswith("h") or after.startswith("s")):
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        elif low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low == "mmmmm":
            out.append(_MONTHS[moment.month - 1][0])
        elif low == "mmmm":
            out.append(_MONTHS[moment.month - 1])
        elif low == "mmm":
            out.append(_MONTHS[moment.month - 1][:3])
        elif low == "mm":
            out.append(f"{moment.month:02d}")
        elif low == "m":
            out.append(str(moment.month))
        elif low == "dddd":
            out.append(_DAYS[moment.weekday()])
        elif low == "ddd":
            out.append(_DAYS[moment.weekday()][:3])
        elif low == "dd":
            out.append(f"{moment.day:02d}")
        elif low == "d":
            out.append(str(moment.day))
        elif low == "hh":
            out.append(f"{hour:02d}")
        elif low == "h":
            out.append(str(hour))
        elif low == "ss":
            out.append(f"{moment.second:02d}")
        elif low == "s":
            out.append(str(moment.second))
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif low == "a/p":
            out.append("A" if moment.hour < 12 else "P")
        elif low.startswith(".0"):
            out.append(f".{moment.microsecond:06d}"[: len(low)])
        else:
            out.append(token)
    return "".join(out).strip()


def shown(value: object, code: str) -> str:
    """The text a cell holding `value`, with number format `code`, shows (not stripped).

    `value` is what openpyxl reads: text, a number, a boolean, a date, time or date-time.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date(value, code or "General")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _number(float(value), code or "General")
    return str(value)
