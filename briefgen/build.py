"""Build documents: load -> compose -> render -> write, for one record file.

Writing is atomic (a temporary file in the target folder, flushed, renamed), so an
interrupted run never leaves a half-written document where a good one was, and a record
that fails never touches the previous good output of that record. Renderers are imported
only when a document of their format is rendered. Many records at once, the process pool
and the manifest of incremental builds are `briefgen.bulk`'s.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs

from briefgen.compose.blocks import Document
from briefgen.errors import BriefgenError, InputError, OutputError, Problem, Severity
from briefgen.model import Brief, Language, Plan, Record
from briefgen.theme import Theme, load_theme

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "Format",
    "build_file",
    "compose",
    "default_formats",
    "flush",
    "language_spec",
    "languages",
    "output_name",
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
    """Render a record to the bytes of a DOCX or PDF file.

    A character the theme's fonts cannot print is an InputError, the same for both formats.
    """
    from briefgen.coverage import check_fonts

    theme = theme or load_theme()
    check_fonts(record, theme)
    return render_document(compose(record, lang), fmt, theme)


#: The formats a record is built in when none are asked for, by its kind.
DEFAULT_FORMATS: Mapping[str, tuple[Format, ...]] = {"brief": ("docx",), "plan": ("pdf",)}


def default_formats(record: Record) -> tuple[Format, ...]:
    """A brief goes to the minister as DOCX; a plan circulates as PDF."""
    return DEFAULT_FORMATS["brief" if isinstance(record, Brief) else "plan"]


def output_name(
    record_id: str, fmt: str, *, lang: Language | str | None = None, original: str | None = None
) -> str:
    """The file name of one output: `<id>[.<lang>][.<party>-original].<ext>`.

    `plan.pdf` with no options, `plan.az.pdf` with `lang="az"`, `plan.az+en.pdf` for a
    parallel document, `plan.az+en.uz-original.pdf` for the Uzbek original of it.
    """
    parts = [record_id]
    spec = language_spec(lang)
    if spec:
        parts.append(spec)
    if original:
        parts.append(f"{original}-original")
    parts.append(fmt)
    return ".".join(parts)


def language_spec(lang: Language | str | None) -> str | None:
    """A `--lang` value in its one spelling ("AZ + en" -> "az+en"), or None for none."""
    langs = languages(lang)
    return "+".join(x.value for x in langs) if langs else None


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` so that `path` is always either the old or the new file.

    `durable` also fsyncs the file before the rename, so it survives a power cut. Bulk builds
    write with durable=False and flush the output folder's file system once at the end
    (`flush`), before the manifest is written, so the manifest never vouches for a file that
    is not on disk: an fsync per document (0.4-6 ms on this machine's disk, depending on its
    load) cost 8 % of brief throughput and cut the 2-worker speed-up from 1.85x to 1.6x, as
    the workers' fsyncs queue on the one device (bench/README.md).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        Path(temp).chmod(0o644)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def flush(folder: Path) -> None:
    """Flush every file written to `folder`'s file system to disk (one syncfs, not an fsync
    per file); where syncfs is missing, flush all file systems."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        handle = os.open(folder, os.O_RDONLY)
        try:
            syncfs(handle)
        finally:
            os.close(handle)
    except (OSError, AttributeError):
        if hasattr(os, "sync"):
            os.sync()


# --- one input, as a worker process builds it ---------------------------------------------
#
# `build_file` is what bulk builds submit to an executor: a top-level function taking and
# returning plain data (strings, lists, dicts), so it pickles for a process pool and for a
# Dask or Ray cluster, and it depends on no state of the submitting process: the theme is
# passed by name or folder and loaded here (once per process), fonts and templates come
# from the installed package.

_THEMES: dict[str, Theme] = {}


def _theme(spec: str) -> Theme:
    """The theme named by `spec`, loaded once per process."""
    theme = _THEMES.get(spec)
    if theme is None:
        theme = _THEMES[spec] = load_theme(spec)
    return theme


def _display(path: Path) -> str:
    """A file name as a user wrote it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _not_a_record(problems: Sequence[Problem]) -> bool:
    """True when a file failed only because it is no record at all (no `kind`, not a mapping).

    Such a file may be a part that records link (a list of parties); bulk builds report it
    only when no record links it.
    """
    if len(problems) != 1:
        return False
    problem = problems[0]
    return (problem.path == "kind" and problem.message.startswith("required field missing")) or (
        not problem.path and problem.message.startswith("expected a mapping of fields")
    )


def build_file(file: str, settings: Mapping[str, Any], root: str | None = None) -> dict[str, Any]:
    """Load, compose, render and write the outputs of one record file; plain data in and out.

    `settings`: `out_dir` (absolute), `formats` (list or None for the record's default),
    `lang`, `original`, `theme` (a name or a folder), `strict`, and `theme_digest` and
    `version` for the manifest keys; `root`, when given, the folder tree the record's links
    must stay inside. The outputs are rendered first and then written
    atomically, so a failing record leaves its previous outputs as they were.

    Returns a dict: `file`; `kind`; `sources` (absolute paths of the record file and every
    file it links); `outputs` (for each: `name`, `format`, `sha256`, `inputs` = the key of
    `manifest.input_key`); `problems` and `warnings` (`manifest.problem_data` dicts); and
    `not_record` (the file failed only because it is no record).
    """
    from briefgen.coverage import font_problems
    from briefgen.load import load_with_sources
    from briefgen.manifest import file_digest, input_key, problem_data

    path = Path(file)
    result: dict[str, Any] = {
        "file": file,
        "id": None,
        "kind": None,
        "sources": [],
        "outputs": [],
        "problems": [],
        "warnings": [],
        "not_record": False,
    }
    try:
        # The record file is hashed before it is read: if it changes while we build, the
        # manifest keeps the old digest and the next build sees the change.
        digests = {path.resolve(): file_digest(path)}
        loaded = load_with_sources(path, root=root)
        record = loaded.record
        result["kind"] = record.kind
        result["id"] = record.id
        result["sources"] = [str(source) for source in loaded.sources]
        for source in loaded.sources:
            if source not in digests:
                digests[source] = file_digest(source)
        source_digests = [digests[source] for source in loaded.sources]
        lang = language_spec(settings["lang"])
        original = settings["original"]
        if isinstance(record, Brief):  # a brief is in one language and has no originals
            lang = lang.split("+")[0] if lang else None
            original = None
        theme = _theme(settings["theme"])
        formats: Sequence[Format] = settings["formats"] or default_formats(record)
        # One policy for both formats: a character the fonts lack fails the record.
        fonts = font_problems(
            record, theme, fmt="pdf" if "pdf" in formats else None, origin=loaded.origin
        )
        errors = [p for p in fonts if p.severity is Severity.ERROR]
        if errors:
            raise InputError(errors)
        document = compose(record, lang, original=original)
        notes = [*fonts, *_warnings(document, path)]
        if settings["strict"] and notes:
            raise InputError([attrs.evolve(n, severity=Severity.ERROR) for n in notes])
        result["warnings"] = [problem_data(note) for note in notes]
        rendered: list[tuple[str, Format, bytes]] = []
        for fmt in dict.fromkeys(formats):
            name = output_name(record.id, fmt, lang=lang, original=original)
            rendered.append((name, fmt, render_document(document, fmt, theme)))
        out = Path(settings["out_dir"])
        for name, fmt, data in rendered:  # gather, then write
            target = out / name
            try:
                write_atomic(target, data, durable=False)  # bulk flushes once at the end
            except OSError as exc:
                raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc
            key = input_key(
                source_digests,
                fmt=fmt,
                lang=lang,
                original=original,
                theme=settings["theme_digest"],
                version=settings["version"],
            )
            sha = hashlib.sha256(data).hexdigest()
            result["outputs"].append({"name": name, "format": fmt, "sha256": sha, "inputs": key})
    except InputError as exc:
        result["problems"] = [problem_data(p) for p in exc.problems]
        result["not_record"] = not result["sources"] and _not_a_record(exc.problems)
    except OSError as exc:  # the record file vanished or cannot be read while hashing it
        problem = Problem(source=_display(path), message=f"cannot read: {exc.strerror}")
        result["problems"] = [problem_data(problem)]
    except BriefgenError as exc:
        result["problems"] = [problem_data(Problem(source=_display(path), message=str(exc)))]
    return result


def _warnings(document: Document, file: Path) -> list[Problem]:
    """Compose's warnings for this document, located at its file."""
    return [attrs.evolve(w, source=_display(file)) for w in document.warnings]
