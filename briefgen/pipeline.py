"""One record through the house: font check -> compose -> render, as the options ask.

This is where a record's kind (`briefgen.kinds`), the build options (`briefgen.options`)
and the formats registry (`briefgen.render`) meet: the kind's rule is applied to the options
once, its composer makes the Document once, and each format asked for renders it. Nothing
here reads or writes files beyond the theme; naming and writing outputs is
`briefgen.output`'s, many records at once `briefgen.bulk`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from briefgen.compose.blocks import Document
from briefgen.errors import InputError, Problem, Severity
from briefgen.kinds import kind_of
from briefgen.model import (
    Comparison,
    Composable,
    Language,
    Record,
    Standing,
    format_path,
    parse_path,
)
from briefgen.options import Options
from briefgen.output import output_name
from briefgen.render import render as render_document
from briefgen.theme import Theme, load_theme

if TYPE_CHECKING:
    from briefgen.load import Origin

__all__ = [
    "Made",
    "Prepared",
    "Rendered",
    "compose",
    "make",
    "prepare",
    "render",
    "render_document",
]


@attrs.frozen(kw_only=True)
class Rendered:
    """One output of a record: its file name, format and bytes."""

    name: str
    format: str
    data: bytes = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class Prepared:
    """A record ready to render: the options as they apply to it, its Document, the name
    and format of each output, and the warnings found on the way."""

    options: Options
    document: Document
    names: tuple[tuple[str, str], ...]
    warnings: tuple[Problem, ...]


@attrs.frozen(kw_only=True)
class Made:
    """What `make` gives: the outputs of one record and the warnings found on the way."""

    options: Options
    outputs: tuple[Rendered, ...]
    warnings: tuple[Problem, ...]


def _options(lang: Language | str | None, original: str | None) -> Options:
    return Options.make(lang=lang, original=original)


def compose(
    record: Composable, lang: Language | str | None = None, *, original: str | None = None
) -> Document:
    """The format-neutral Document of a record.

    `lang`: one language ("az"), two for a parallel plan ("az+en"), or None for the record's
    own. `original`: the id of the party whose original this is; its name, signature and
    language come first. What does not apply to the record's kind is left out (a brief is
    written in the first language given and has no originals).
    """
    kind = kind_of(record)
    options, _ = _options(lang, original).for_kind(kind)
    _within_limits(record)
    return kind.compose(record, options.languages, options.original)


def _within_limits(record: Composable) -> None:
    """Refuse a record made in Python past the limits a loaded file is held to
    (`briefgen.load.limits`): any record builds in bounded time and memory. Both versions
    of a comparison are held to them."""
    from briefgen.load.limits import record_problems

    records = (record.old, record.new) if isinstance(record, Comparison) else (record,)
    problems = [p for r in records for p in record_problems(r, f"{r.kind} {r.id}")]
    if problems:
        raise InputError(problems)


def prepare(
    record: Composable,
    options: Options,
    theme: Theme,
    *,
    source: str | None = None,
    origin: Origin | None = None,
    warnings: Sequence[Problem] = (),
) -> Prepared:
    """Everything up to rendering: the kind's rule, the font check, compose and warnings.

    What `briefgen check` runs, so it refuses exactly what a build would for input reasons.
    Raises InputError for characters the theme's fonts lack (the same policy for every
    format), for problems compose finds and, with `options.strict`, for any warning.
    `source` names the record file; `origin` locates problems at their lines; `warnings`
    are what loading the file found (`Loaded.warnings`), kept with the others.
    """
    from briefgen.consistency import mismatches
    from briefgen.coverage import font_problems

    kind = kind_of(record)
    applied, notes = options.for_kind(kind)
    where = source or f"{kind.name} {record.id}"
    fonts = font_problems(
        record, theme, fmt="pdf" if "pdf" in applied.formats else None, origin=origin
    )
    errors = [p for p in fonts if p.severity is Severity.ERROR]
    if errors:
        raise InputError(errors)
    status = getattr(getattr(record, "status", None), "value", None)
    # A comparison is checked as its new version (a redline has no status of its own).
    checked = record.new if isinstance(record, Comparison) else record
    if status in kind.finished and not isinstance(record, Comparison):
        _refuse_unagreed(checked, f"the {kind.name} is {status}", where, origin)
    try:
        document = kind.compose(record, applied.languages, applied.original)
    except InputError as exc:  # compose names the record; name its file where known
        raise InputError(
            [attrs.evolve(p, source=where) if p.source == record.id else p for p in exc.problems]
        ) from exc
    if document.fallbacks and status in kind.finished and not applied.allow_fallback:
        lang = applied.lang or document.meta.language
        message = (
            f"the {kind.name} is {status}, but this text is not written in {lang}; write it, "
            "or build a draft (--allow-fallback builds it anyway)"
        )
        raise InputError(
            [
                _locate(Problem(source=where, path=f, message=message), where, origin)
                for f in document.fallbacks
            ]
        )
    found = [
        *warnings,
        *(Problem(source=where, message=note, severity=Severity.WARNING) for note in notes),
        *fonts,
        *(_locate(w, where, origin) for w in document.warnings),
        *(
            _locate(
                Problem(
                    source=where,
                    path=format_path(path),
                    message=message,
                    severity=Severity.WARNING,
                ),
                where,
                origin,
            )
            for path, message in mismatches(checked)
        ),
    ]
    if applied.strict and found:
        raise InputError([attrs.evolve(w, severity=Severity.ERROR) for w in found])
    names = tuple((output_name(record.id, fmt, applied), fmt) for fmt in applied.formats)
    return Prepared(options=applied, document=document, names=names, warnings=tuple(found))


def make(
    record: Composable,
    options: Options,
    theme: Theme,
    *,
    source: str | None = None,
    origin: Origin | None = None,
    warnings: Sequence[Problem] = (),
) -> Made:
    """Prepare one record and render it in every format the options ask for."""
    prepared = prepare(record, options, theme, source=source, origin=origin, warnings=warnings)
    outputs = tuple(
        Rendered(
            name=name,
            format=fmt,
            data=render_document(prepared.document, fmt, theme, prepared.options),
        )
        for name, fmt in prepared.names
    )
    return Made(options=prepared.options, outputs=outputs, warnings=prepared.warnings)


#: What an unagreed clause is called in the refusal, by the first key of its path.
_CLAUSE_NAMES = {"preamble": "recital", "final_provisions": "provision", "sections": "initiative"}


def _refuse_unagreed(record: Record, state: str, where: str, origin: Origin | None) -> None:
    """Refuse a finished record (initialled, signed) that has a clause not yet agreed: an
    InputError listing every such clause at its file and line."""
    standings: tuple[Standing, ...] = getattr(record, "standings", tuple)()
    problems = []
    for standing in standings:
        if standing.status == "agreed":
            continue
        what = _CLAUSE_NAMES.get(str(standing.path[0]), "clause")
        parties = ", ".join(standing.parties)
        how = (
            f"proposed by {parties}"
            if standing.status == "proposed"
            else f"contested (proposals by {parties})"
        )
        message = (
            f"{state}, but this {what} is {how}, not agreed; agree its text (leave out "
            "status and proposed_by, keep one wording) or set the status back to draft"
        )
        problem = Problem(source=where, path=format_path(standing.path), message=message)
        problems.append(_locate(problem, where, origin))
    if problems:
        raise InputError(problems)


def _locate(warning: Problem, source: str, origin: Origin | None) -> Problem:
    """A warning of compose (which names a field, not a file) at the file and line where the
    field is written, when the record's origin is known, else at `source`."""
    if origin is None or not warning.path:
        return attrs.evolve(warning, source=source)
    return origin.problem(parse_path(warning.path), warning.message, warning.severity)


def render(
    record: Composable,
    fmt: str,
    *,
    theme: Theme | str | Path | None = None,
    lang: Language | str | None = None,
    original: str | None = None,
) -> bytes:
    """Render a record to the bytes of one file in format `fmt` ("docx" or "pdf").

    A character the theme's fonts cannot print is an InputError, the same for every format.
    """
    from briefgen.coverage import check_fonts

    kind_of(record)  # a TypeError for anything that is no record, before any work
    loaded = theme if isinstance(theme, Theme) else load_theme(theme)
    check_fonts(record, loaded)
    return render_document(compose(record, lang, original=original), fmt, loaded)
