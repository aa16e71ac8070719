"""Build documents: load -> compose -> render -> write, for one record or many.

Writing is atomic (a temporary file in the target folder, flushed, fsynced, renamed), so an
interrupted run never leaves a half-written document where a good one was, and a record
that fails never touches the previous good output of that record. Renderers are imported
only when a document of their format is rendered.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, TypeAlias

import attrs

from briefgen.compose.blocks import Document
from briefgen.errors import BriefgenError, InputError, OutputError, Problem, Severity
from briefgen.model import Brief, Language, Plan, Record
from briefgen.theme import Theme, load_theme

__all__ = [
    "FORMATS",
    "Format",
    "Report",
    "build",
    "compose",
    "default_formats",
    "languages",
    "render",
    "render_document",
    "write_atomic",
]

Format: TypeAlias = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")


def languages(spec: Language | str | None) -> tuple[Language, ...]:
    """The languages of a `--lang` value: "az" -> (az,), "az+en" -> (az, en), None -> ().

    Raises ValueError with a message for the user on an unknown or repeated language, or
    more than two.
    """
    if spec is None:
        return ()
    if isinstance(spec, Language):
        return (spec,)
    codes = [code.strip().lower() for code in spec.split("+")]
    known = {x.value: x for x in Language}
    for code in codes:
        if code not in known:
            raise ValueError(
                f"{code!r} is not a language briefgen writes ({', '.join(sorted(known))})"
            )
    if len(set(codes)) != len(codes):
        raise ValueError(f"{spec!r} names a language twice; give two different languages")
    if len(codes) > 2:
        raise ValueError(f"{spec!r}: a parallel document has two languages, e.g. az+en")
    return tuple(known[code] for code in codes)


def compose(
    record: Record, lang: Language | str | None = None, *, original: str | None = None
) -> Document:
    """The format-neutral Document of a record.

    `lang`: one language ("az"), two for a parallel plan ("az+en"), or None for the record's
    own. `original`: the id of the party whose original this is; its name, signature and
    language come first. A brief is written in one language: with two, the first is used.
    """
    langs = languages(lang)
    if isinstance(record, Plan):
        from briefgen.compose.plan import compose_plan

        if len(langs) == 2:
            from briefgen.compose.parallel import compose_parallel

            return compose_parallel(record, langs, original=original)
        return compose_plan(record, langs[0] if langs else None, original=original)
    from briefgen.compose.brief import compose_brief

    return compose_brief(record, langs[0] if langs else None)


def render_document(document: Document, fmt: Format, theme: Theme | None = None) -> bytes:
    """Render a Document to the bytes of a DOCX or PDF file."""
    theme = theme or load_theme()
    if fmt == "docx":
        from briefgen.render import docx

        return docx.render(document, theme)
    if fmt == "pdf":
        from briefgen.render import pdf

        return pdf.render(document, theme)
    raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")


def render(
    record: Record, fmt: Format, *, theme: Theme | None = None, lang: Language | str | None = None
) -> bytes:
    """Render a record to the bytes of a DOCX or PDF file."""
    return render_document(compose(record, lang), fmt, theme)


def default_formats(record: Record) -> tuple[Format, ...]:
    """A brief goes to the minister as DOCX; a plan circulates as PDF."""
    return ("docx",) if isinstance(record, Brief) else ("pdf",)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is always either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).chmod(0o644)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@attrs.frozen(kw_only=True)
class Report:
    """What a build did: the files written, the records that failed, the warnings."""

    built: tuple[Path, ...] = ()
    failed: tuple[tuple[Path, tuple[Problem, ...]], ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no record failed."""
        return not self.failed


def _problems_of(path: Path, exc: BriefgenError) -> tuple[Problem, ...]:
    if isinstance(exc, InputError):
        return exc.problems
    return (Problem(source=str(path), message=str(exc)),)


def build(
    paths: Sequence[str | Path] | str | Path,
    out_dir: str | Path = "outputs",
    *,
    formats: Iterable[Format] | None = None,
    lang: Language | str | None = None,
    theme: Theme | str | Path | None = None,
    strict: bool = False,
) -> Report:
    """Build every record found in `paths` (files, or folders walked) into `out_dir`.

    A record writes `<out_dir>/<id>.<ext>` per format (default: DOCX for a brief, PDF for a
    plan). One failing record never stops the others; its problems are in the report.
    With `strict`, warnings (e.g. a text missing in the requested language) fail the record.
    """
    from briefgen.load import discover, load

    if isinstance(paths, str | Path):
        paths = [paths]
    chosen = tuple(dict.fromkeys(formats)) if formats else None
    loaded_theme = theme if isinstance(theme, Theme) else load_theme(theme)
    out = Path(out_dir)
    built: list[Path] = []
    failed: list[tuple[Path, tuple[Problem, ...]]] = []
    warnings: list[Problem] = []
    owners: dict[Path, Path] = {}
    for file in discover(paths):
        try:
            record = load(file)
            document = compose(record, lang)
            notes = _warnings(document, file)
            if strict and notes:
                raise InputError([attrs.evolve(n, severity=Severity.ERROR) for n in notes])
            warnings.extend(notes)
            outputs: list[tuple[Path, bytes]] = []
            for fmt in chosen or default_formats(record):
                target = out / f"{record.id}.{fmt}"
                if target in owners:
                    raise InputError(
                        [
                            Problem(
                                source=str(file),
                                path="id",
                                message=f"{record.id!r} is also the id of {owners[target]}; "
                                "each record needs its own id",
                            )
                        ]
                    )
                outputs.append((target, render_document(document, fmt, loaded_theme)))
            for target, data in outputs:  # gather, then write
                try:
                    write_atomic(target, data)
                except OSError as exc:
                    raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc
                owners[target] = file
                built.append(target)
        except BriefgenError as exc:
            failed.append((file, _problems_of(file, exc)))
    return Report(built=tuple(built), failed=tuple(failed), warnings=tuple(warnings))


def _warnings(document: Document, file: Path) -> list[Problem]:
    """Compose's warnings for this document, located at its file."""
    return [attrs.evolve(w, source=str(file)) for w in document.warnings]
