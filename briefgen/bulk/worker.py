"""One record file as a worker builds it: load, make (check, compose, render), write.

`build_file` is what bulk builds submit to an executor: a top-level function taking and
returning picklable values (a `Job`, attrs results), so it runs in a process pool and on a
Dask or Ray cluster, and it depends on no state of the submitting process: the theme is
named in the options and loaded here (once per process), fonts come from the installed
package. The outputs are rendered first and then written atomically, so a failing record
leaves its previous outputs as they were.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

import attrs

from briefgen.bulk.manifest import file_digest
from briefgen.errors import BriefgenError, InputError, OutputError, Problem, display
from briefgen.options import Options
from briefgen.output import write_atomic
from briefgen.theme import Theme, load_theme

__all__ = ["Job", "Output", "Result", "Task", "build_chunk", "build_file", "watch_parent"]

#: One record file to build: its path, the folder its links must stay in (None: anywhere)
#: and the formats to build (None: as the options ask).
Task: TypeAlias = tuple[str, str | None, tuple[str, ...] | None]


@attrs.frozen(kw_only=True)
class Job:
    """What every record of one build shares; it crosses to the workers as it is.

    `out_dir` is absolute; `theme_digest` and `version` enter each output's manifest key.
    `check`: go as far as a build goes before rendering, and write nothing (`briefgen
    check`).
    """

    options: Options
    out_dir: str
    theme_digest: str
    version: str
    check: bool = False


@attrs.frozen(kw_only=True)
class Output:
    """One output a worker wrote: its name, format, sha256 and manifest key."""

    name: str
    format: str
    sha256: str
    inputs: str


@attrs.frozen(kw_only=True)
class Result:
    """What a worker did for one record file.

    `sources`: the record file and every file it links (absolute, in load order);
    `problems`: why it failed (then nothing was written); `not_record`: it failed only
    because it is no record at all (a part that records may link); `lang` and `original`:
    the options as they applied to the record's kind.
    """

    file: str
    id: str | None = None
    kind: str | None = None
    sources: tuple[str, ...] = ()
    outputs: tuple[Output, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    not_record: bool = False
    lang: str | None = None
    original: str | None = None
    #: The traceback of a bug of briefgen's met on this record (the others are still built).
    bug: str | None = None


_THEMES: dict[tuple[str, str], Theme] = {}


def _theme(spec: str, digest: str) -> Theme:
    """The theme named by `spec`, loaded once per process and content (`digest`: a process
    that builds again, as `build --watch` does, sees a theme saved since)."""
    theme = _THEMES.get((spec, digest))
    if theme is None:
        if len(_THEMES) >= 16:
            _THEMES.clear()
        theme = _THEMES[(spec, digest)] = load_theme(spec)
    return theme


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


def build_file(
    file: str, job: Job, root: str | None = None, formats: tuple[str, ...] | None = None
) -> Result:
    """Load, make and write the outputs of one record file.

    `root`, when given, is the folder tree the record's links must stay inside; `formats`,
    when given, stand instead of the options' formats.
    """
    from briefgen.load import load_with_sources
    from briefgen.pipeline import make, prepare

    path = Path(file)
    sources: tuple[str, ...] = ()
    try:
        # The record file is hashed before it is read: if it changes while we build, the
        # manifest keeps the old digest and the next build sees the change.
        digests = {path.resolve(): file_digest(path)}
        loaded = load_with_sources(path, root=root)
        record = loaded.record
        sources = tuple(str(source) for source in loaded.sources)
        for source in loaded.sources:
            if source not in digests:
                digests[source] = file_digest(source)
        source_digests = [digests[source] for source in loaded.sources]
        options = job.options if formats is None else attrs.evolve(job.options, formats=formats)
        theme = _theme(options.theme, job.theme_digest)
        where = display(path)
        if job.check:
            prepared = prepare(
                record,
                options,
                theme,
                source=where,
                origin=loaded.origin,
                warnings=loaded.warnings,
            )
            return Result(
                file=file,
                id=record.id,
                kind=record.kind,
                sources=sources,
                outputs=tuple(
                    Output(name=n, format=f, sha256="", inputs="") for n, f in prepared.names
                ),
                warnings=prepared.warnings,
                lang=prepared.options.lang,
                original=prepared.options.original,
            )
        made = make(
            record, options, theme, source=where, origin=loaded.origin, warnings=loaded.warnings
        )
        out = Path(job.out_dir)
        outputs: list[Output] = []
        for rendered in made.outputs:  # gather, then write
            target = out / rendered.name
            try:
                write_atomic(target, rendered.data, durable=False)  # bulk flushes once at the end
            except OSError as exc:
                raise OutputError(f"{target}: cannot write: {exc.strerror}") from exc
            key = made.options.key(
                fmt=rendered.format,
                sources=source_digests,
                theme=job.theme_digest,
                version=job.version,
            )
            sha = hashlib.sha256(rendered.data).hexdigest()
            outputs.append(
                Output(name=rendered.name, format=rendered.format, sha256=sha, inputs=key)
            )
        return Result(
            file=file,
            id=record.id,
            kind=record.kind,
            sources=sources,
            outputs=tuple(outputs),
            warnings=made.warnings,
            lang=made.options.lang,
            original=made.options.original,
        )
    except InputError as exc:
        return Result(
            file=file,
            sources=sources,
            problems=exc.problems,
            not_record=not sources and _not_a_record(exc.problems),
        )
    except OSError as exc:  # a file vanished or cannot be read while it is hashed or loaded
        where = display(Path(exc.filename)) if exc.filename else display(path)
        reason = exc.strerror or str(exc) or type(exc).__name__
        problem = Problem(source=where, message=f"cannot read: {reason}")
        return Result(file=file, sources=sources, problems=(problem,))
    except BriefgenError as exc:
        problem = Problem(source=display(path), message=str(exc))
        return Result(file=file, sources=sources, problems=(problem,))
    except Exception as exc:  # a bug of ours: this record's failure only, said as a bug
        if isinstance(exc, MemoryError | RecursionError):
            message = (
                f"too large or too deeply linked to build ({type(exc).__name__}); "
                "split the record or shorten its chain of links"
            )
            bug = None
        else:
            message = (
                f"briefgen failed on this record ({type(exc).__name__}: {exc}): this is a bug "
                "in briefgen, please report it with the record"
            )
            bug = "".join(traceback.format_exception(exc))
        problem = Problem(source=display(path), message=message)
        return Result(file=file, sources=sources, problems=(problem,), bug=bug)


def watch_parent() -> None:
    """Make this worker process exit once the process that started it is gone.

    A pool's workers wait for work on a pipe; when the build is killed (SIGKILL, the OOM
    killer, a CI runner's time limit) nothing tells them, and they would wait forever. The
    process pool runs this in each worker as it starts.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="briefgen-parent-watch", daemon=True).start()


def build_chunk(tasks: Sequence[Task], job: Job) -> list[Result]:
    """Build a few record files in a worker; what an executor runs."""
    return [build_file(file, job, root, formats) for file, root, formats in tasks]
