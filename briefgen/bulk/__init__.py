"""Build many record files: a process pool or any Executor, incremental, progress, a report.

`build` finds the record files (folders walked recursively), skips the outputs whose inputs
have not changed since the last build (the manifest in the output folder, see
`briefgen.bulk.manifest`), and builds the rest with `briefgen.bulk.worker.build_file`: in
this process (`jobs=1`), in a pool of worker processes (`jobs=N`, default: the number of
cores), or on any `concurrent.futures.Executor` handed in (a Dask `Client.get_executor()`,
Ray's, a pool of the caller's). A worker renders and writes its own outputs atomically and
returns only names, digests and problems, so memory stays flat and a worker that dies loses
nothing written.

Results are taken in input order, whatever order the workers finish in, so the report, the
lines printed and the manifest are the same for any number of jobs. One failing record never
stops the others. Only this process reads and writes the manifest and settles which record
owns an output name: two records with one id are caught here, the second one fails, and the
first one's output is what stays on disk.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from briefgen.bulk.manifest import (
    Entry,
    Manifest,
    file_digest,
    problem_data,
    problem_from,
    theme_digest,
)
from briefgen.bulk.worker import Job, Result, Task, build_chunk, build_file, watch_parent
from briefgen.errors import OutputError, Problem, Severity, display
from briefgen.kinds import KINDS, Kind
from briefgen.model import Language
from briefgen.options import Options
from briefgen.output import flush, write_atomic
from briefgen.theme import TEMPLATES, Theme, load_theme

if TYPE_CHECKING:  # importing these costs `briefgen check` start-up time for nothing
    from concurrent.futures import Executor, Future
    from multiprocessing.context import BaseContext

__all__ = ["Report", "build", "cores"]

Paths = Sequence[str | Path] | str | Path


@attrs.frozen(kw_only=True)
class Report:
    """What a build did: outputs written, outputs left as they were, records that failed.

    Outputs are listed in input order; `failed` pairs each failed record file with its
    problems; `warnings` are the warnings of every record built or found unchanged, and of
    the outputs below. `kept` pairs each output that was edited by hand since briefgen wrote
    it with the name it was kept under before the new one was written; `stale` lists outputs
    of other options (another `--lang`) whose inputs changed since; `orphaned` the outputs
    whose record is gone or now has another id; `pruned` those that were removed;
    `checked` the record files a check found buildable; `bugs` pairs each record that met a
    bug of briefgen's with its traceback (the record failed; the others were built).
    """

    built: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    failed: tuple[tuple[Path, tuple[Problem, ...]], ...] = ()
    warnings: tuple[Problem, ...] = ()
    kept: tuple[tuple[Path, Path], ...] = ()
    stale: tuple[Path, ...] = ()
    orphaned: tuple[Path, ...] = ()
    pruned: tuple[Path, ...] = ()
    checked: tuple[Path, ...] = ()
    bugs: tuple[tuple[Path, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when no record failed."""
        return not self.failed


def cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _roots(paths: Sequence[str | Path]) -> frozenset[str]:
    """The folder trees a build may read: each folder given, and each file's folder."""
    return frozenset(str((p if p.is_dir() else p.parent).resolve()) for p in map(Path, paths))


def _root_of(real: Path, roots: frozenset[str] | None) -> str | None:
    """The broadest of `roots` that holds the file at `real` (a resolved path; the file's
    links must stay inside that folder), or None when links are not confined. Walks the
    file's folders from the top, so thousands of files given one by one cost no more than
    one folder."""
    if roots is None:
        return None
    for folder in reversed(real.parents):
        if str(folder) in roots:
            return str(folder)
    return None


def _confinement(real: Path, found: Path, roots: frozenset[str] | None) -> str | None:
    """The folder tree a record file's links must stay in (None: not confined).

    A file whose real path lies outside every root (a symbolic link out of the folder being
    built; `found` is the path that reached it) still gets a root, the one it was found in,
    and the loader refuses it as it refuses a link out of the root: confinement never
    depends on the path that reached a record, so `check` and `build` refuse it alike.
    """
    if roots is None:
        return None
    root = _root_of(real, roots)
    if root is None:
        root = _root_of(found.absolute(), roots) or min(roots)
    return root


def build(
    paths: Paths,
    out_dir: str | Path = "outputs",
    *,
    formats: Iterable[str] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
    lang: Language | str | None = None,
    original: str | None = None,
    force: bool = False,
    theme: Theme | str | Path | None = None,
    strict: bool = False,
    allow_outside: bool = False,
    prune: bool = False,
    check: bool = False,
    progress: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
    options: Options | None = None,
) -> Report:
    """Build every record found in `paths` (files, or folders walked) into `out_dir`.

    A record writes `<out_dir>/<id>[.<lang>][.<party>-original].<ext>` per format (default:
    DOCX for a brief, PDF for a plan). Outputs whose inputs are unchanged since the last build
    are left alone unless `force`. `jobs` worker processes build the rest (default: the number
    of cores; 1 builds in this process), or `executor`, any `concurrent.futures.Executor`.
    `lang` is one language ("az") or two for a parallel plan ("az+en"); `original` the id of
    the party whose original (alternat) this is. With `strict`, warnings fail the record.
    A record may link only to files inside the folders given in `paths` (for a file, its
    folder) unless `allow_outside`. One failing record never stops the others; its problems
    are in the report. An output edited by hand since briefgen wrote it is never overwritten:
    it is kept beside the new one as `<name> (edited).<ext>`. Outputs whose record is gone
    are named in the report, and removed with `prune` unless edited. `progress` shows a bar
    on stderr; `on_problem` is called for every failure and warning as it is found (in input
    order), while the rest go on. `options`, an
    `Options` object made at the edge (as the CLI does), stands instead of `formats`, `lang`,
    `original`, `theme` and `strict`. With `check` (`briefgen check`), every record goes as
    far as a build goes before rendering, through the same code, and nothing is written: no
    output, no manifest; the report's `checked` lists the records that would build.

    Raises ValueError for an unknown language or format, InputError for a path that does not
    exist, ThemeError for an unusable theme.
    """
    from briefgen.load import discover

    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs}")
    if options is None:
        loaded_theme = theme if isinstance(theme, Theme) else load_theme(theme)
        options = Options.make(
            lang=lang,
            original=original,
            formats=formats,
            theme=_theme_spec(loaded_theme),
            strict=strict,
        )
    elif (formats, lang, original, theme, strict) != (None, None, None, None, False):
        raise TypeError("give either options or formats/lang/original/theme/strict, not both")
    else:
        loaded_theme = load_theme(options.theme)
        options = attrs.evolve(options, theme=_theme_spec(loaded_theme))
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    found = _unique(discover(given))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: not a folder; give a folder for the documents")
    job = Job(
        options=options,
        out_dir=str(out.resolve()),
        theme_digest="" if check else theme_digest(loaded_theme),
        version="" if check else _version(),
        check=check,
    )
    roots = None if allow_outside else _roots(given)
    with _folder_lock(out, on_problem, enabled=not check):
        state = _Build(out, Manifest(out) if check else Manifest.read(out), job, on_problem, roots)
        plans = [
            (file, None if check else state.decide(file, force=force)) for file in found.values()
        ]
        # Each task: the file's real path, the folder tree its links must stay in, and the
        # formats to build (None: as the options ask).
        todo: list[Task] = [
            (str(real), _confinement(real, file, roots), decision)
            for (real, file), (_, decision) in zip(found.items(), plans, strict=True)
            if not isinstance(decision, list)
        ]
        del found  # `todo` has the real paths: a build of 10,000 files keeps no second copy
        workers = jobs or cores()
        bar: Any = None
        pool: Executor | None = None
        try:
            if executor is None and workers > 1 and len(todo) > 1:
                from concurrent.futures import ProcessPoolExecutor

                pool = executor = ProcessPoolExecutor(
                    max_workers=min(workers, len(todo)),
                    mp_context=_start_method(),
                    initializer=watch_parent,
                )
            if executor is None:
                results: Iterator[Result] = (build_file(f, job, r, fmts) for f, r, fmts in todo)
            else:
                # Small chunks: little IPC per document, and no worker idles long at the end.
                chunk = max(1, min(4, len(todo) // (workers * 32)))
                results = _ordered(executor, todo, job, chunk=chunk, window=4 * workers)
            if progress:
                from tqdm import tqdm

                bar = tqdm(total=len(plans), unit="file", file=sys.stderr, leave=False)
                state.writer = lambda: tqdm.external_write_mode(file=sys.stderr)
            for index, (file, decision) in enumerate(plans):
                if isinstance(decision, list):
                    state.unchanged_result(index, file, decision)
                else:
                    state.built_result(index, file, next(results))
                if bar is not None:
                    bar.update(1)
            state.settle_parts(frozenset(Path(p).resolve() for p in given if Path(p).is_file()))
            if not check:
                state.settle_orphans(prune=prune)
        except BaseException:
            # Interrupted or a bug: keep what was built in the manifest, then let it through.
            with suppress(OSError):
                _finish(state, bar, pool)
            raise
        try:
            _finish(state, bar, pool)
        except OSError as exc:
            raise OutputError(f"{state.manifest.path}: cannot write: {exc.strerror}") from exc
        return state.report()


@contextmanager
def _folder_lock(
    out: Path, on_problem: Callable[[Problem], None] | None, *, enabled: bool
) -> Iterator[None]:
    """Hold the output folder's lock while building into it.

    Two builds into one folder at once would each write the manifest last-writer-wins; the
    second waits for the first instead (and says so). The lock is an advisory lock on the
    folder itself, so it leaves no file behind; where the platform has none (Windows),
    builds are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    if not enabled:
        yield
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = os.open(out, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_problem is not None:
                on_problem(
                    Problem(
                        source=display(out),
                        message="another build is writing to this folder; waiting for it",
                        severity=Severity.WARNING,
                    )
                )
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _finish(state: _Build, bar: Any, pool: Executor | None) -> None:
    """Close the bar and the pool, and write the manifest of what was built."""
    if bar is not None:
        bar.close()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    if state.job.check:
        return
    if state.built and state.out.is_dir():
        flush(state.out)  # the outputs reach the disk before the manifest vouches for them
    state.manifest.prune()
    state.manifest.save(write_atomic)


def _unique(files: Iterable[Path]) -> dict[Path, Path]:
    """Each file once, at its first place, however many paths reached it: real path -> the
    path as found."""
    seen: dict[Path, Path] = {}
    for file in files:
        seen.setdefault(file.resolve(), file)
    return seen


def _theme_spec(theme: Theme) -> str:
    """How a worker finds the theme: a shipped theme by name, any other by its folder."""
    if theme.root.parent == TEMPLATES.resolve():
        return theme.name
    return str(theme.root)


def _start_method() -> BaseContext:
    """How to start workers: fork (fast: they inherit what is imported and cached) when this
    process runs one thread, as the CLI does; forkserver when other threads run (forking
    them could copy a held lock); spawn where neither exists."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefgen")
    except PackageNotFoundError:
        return "unknown"


def _ordered(
    executor: Executor,
    files: Sequence[Task],
    job: Job,
    *,
    chunk: int,
    window: int,
) -> Iterator[Result]:
    """The results of `files`, in their order, from chunks run on `executor`.

    At most `window` chunks are in flight, so a run of 10,000 files holds a few dozen
    results at a time, not all of them.
    """
    chunks = iter([files[i : i + chunk] for i in range(0, len(files), chunk)])
    # The first chunks are submitted now, not at the first next(): a process pool starts
    # its workers then, before a progress bar starts its thread.
    pending: deque[Future[list[Result]]] = deque(
        executor.submit(build_chunk, part, job) for part in islice(chunks, window)
    )

    def results() -> Iterator[Result]:
        try:
            while pending:
                done = pending.popleft().result()
                following = next(chunks, None)
                if following is not None:
                    pending.append(executor.submit(build_chunk, following, job))
                yield from done
        finally:
            for future in pending:
                future.cancel()

    return results()


class _Build:
    """The bookkeeping of one bulk build, fed results in input order."""

    def __init__(
        self,
        out: Path,
        manifest: Manifest,
        job: Job,
        on_problem: Callable[[Problem], None] | None,
        roots: frozenset[str] | None,
    ) -> None:
        self.out = out
        self.roots = roots
        self.manifest = manifest
        self.job = job
        self.on_problem = on_problem
        self.writer: Callable[[], AbstractContextManager[Any]] = nullcontext
        self.groups = manifest.by_record()
        self.digests: dict[Path, str] = {}
        self.built: list[Path] = []
        self.unchanged: list[Path] = []
        self.failed: list[tuple[int, Path, tuple[Problem, ...]]] = []
        self.warnings: list[Problem] = []
        # Output name -> (the file that owns it in this build, the output's sha256).
        self.owners: dict[str, tuple[Path, str]] = {}
        # Every file some record was made from: a file that is no record but one of these is
        # a linked part, not a failure.
        self.linked: set[str] = set()
        self.parts: list[tuple[int, Path, tuple[Problem, ...]]] = []
        self.kept: list[tuple[Path, Path]] = []
        self.stale: list[Path] = []
        self.stale_names: set[str] = set()
        self.orphans: list[tuple[str, Entry, str]] = []
        self.orphaned: list[Path] = []
        self.pruned: list[Path] = []
        self.checked: list[Path] = []
        self.bugs: list[tuple[Path, str]] = []

    # --- deciding -----------------------------------------------------------------------

    def digest(self, path: Path) -> str:
        """A source file's sha256, read once per build.

        Only a regular file inside the folders of this build is read: a manifest naming
        /dev/zero, a FIFO or a file elsewhere raises OSError (the output is rebuilt).
        """
        known = self.digests.get(path)
        if known is None:
            outside = self.roots is not None and _root_of(path, self.roots) is None
            if outside or not path.is_file():
                raise OSError(f"{path}: not a regular file of this build")
            known = self.digests[path] = file_digest(path)
        return known

    def decide(
        self, file: Path, *, force: bool
    ) -> list[tuple[str, Entry]] | tuple[str, ...] | None:
        """What to do with `file`: the manifest entries of its outputs when none needs
        building, else the formats to build (None: the options' formats, as nothing is known).

        Every output this record has under these options (as they apply to its kind) is
        built again when one is: the formats asked for, and each format built before whose
        file is still there, so no format is left showing an older text. Nothing needs
        building when each of those outputs has an entry whose key is the key of the
        sources as they are now, and its file is there with the sha256 the manifest has.
        Before an output is written again, a hand-edited one is moved aside (`keep`); the
        outputs of other options are checked for staleness (`check_stale`).
        """
        entries = self.groups.get(self.manifest.relative(file))
        if not entries:
            return None
        kind = KINDS.get(entries[0][1].kind)
        if kind is None or any(entry.kind != kind.name for _, entry in entries):
            return None
        options, _ = self.job.options.for_kind(kind)
        mine = [
            (n, e) for n, e in entries if (e.lang, e.original) == (options.lang, options.original)
        ]
        self.check_stale(kind, [(n, e) for n, e in entries if (n, e) not in mine])
        built_before = [e.format for n, e in mine if (self.out / n).is_file()]
        wanted = tuple(dict.fromkeys([*options.formats, *built_before]))
        if not force:
            current: dict[str, tuple[str, Entry]] = {}
            for name, entry in mine:
                if self.key(options, entry) == entry.inputs and self.intact(name, entry):
                    current.setdefault(entry.format, (name, entry))
            strict_fails = options.strict and any(e.warnings for _, e in current.values())
            if all(fmt in current for fmt in wanted) and not strict_fails:
                return [current[fmt] for fmt in wanted]
        for name, entry in mine:
            if entry.format in wanted:
                self.keep(name, entry)
        return wanted

    def key(self, options: Options, entry: Entry) -> str | None:
        """The key `entry`'s output would have now, or None when a source is gone."""
        try:
            digests = [self.digest(self.manifest.absolute(s)) for s in entry.sources]
        except OSError:
            return None
        return options.key(
            fmt=entry.format,
            sources=digests,
            theme=self.job.theme_digest,
            version=self.job.version,
        )

    def intact(self, name: str, entry: Entry) -> bool:
        """True when the output file is there with the bytes briefgen wrote."""
        try:
            return file_digest(self.out / name) == entry.sha256
        except OSError:
            return False

    def keep(self, name: str, entry: Entry) -> None:
        """Move an output edited by hand since briefgen wrote it out of the way of the new
        one, to `<name> (edited).<ext>` (no record id can make such a name), and say so."""
        target = self.out / name
        if not target.is_file() or self.intact(name, entry):
            return
        stem, dot, ext = name.rpartition(".")
        for n in range(1, 1000):
            tag = "edited" if n == 1 else f"edited {n}"
            aside = self.out / f"{stem} ({tag}){dot}{ext}"
            if not aside.exists():
                break
        try:
            target.rename(aside)
        except OSError as exc:
            raise OutputError(
                f"{target}: edited by hand, and cannot be kept: {exc.strerror}"
            ) from exc
        self.kept.append((target, aside))
        message = (
            f"edited since briefgen wrote it; kept as {aside.name!r} beside the new one "
            "(copy your changes into the record, or delete the kept file)"
        )
        self.warn([Problem(source=display(target), message=message, severity=Severity.WARNING)])

    def check_stale(self, kind: Kind, others: list[tuple[str, Entry]]) -> None:
        """Name the outputs of other options (another --lang or --original) whose inputs
        changed since they were built: they still show the older text."""
        for name, entry in others:
            if not (self.out / name).is_file() or name in self.stale_names:
                continue
            asked = Options.make(
                lang=entry.lang, original=entry.original, theme=self.job.options.theme
            )
            options, _ = asked.for_kind(kind)
            if self.key(options, entry) == entry.inputs:
                continue
            self.stale_names.add(name)
            flags = " ".join(
                f"--{flag} {value}"
                for flag, value in (("lang", entry.lang), ("original", entry.original))
                if value
            )
            message = (
                "out of date: its record, a file it links or the theme changed since it was "
                f"built; rebuild it with `briefgen build {flags}`"
            )
            target = self.out / name
            self.stale.append(target)
            self.warn([Problem(source=display(target), message=message, severity=Severity.WARNING)])

    # --- taking results -----------------------------------------------------------------

    def emit(self, problem: Problem) -> None:
        if self.on_problem is not None:
            with self.writer():
                self.on_problem(problem)

    def fail(self, index: int, file: Path, problems: Sequence[Problem]) -> None:
        self.failed.append((index, file, tuple(problems)))
        for problem in problems:
            self.emit(problem)

    def warn(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.warnings.append(problem)
            self.emit(problem)

    def clash(self, file: Path, record_id: str, names: Iterable[str]) -> Problem | None:
        """The problem of a record whose output names an earlier record already owns."""
        for name in names:
            if name in self.owners:
                owner = self.owners[name][0]
                return Problem(
                    source=str(file),
                    path="id",
                    message=f"{record_id!r} is also the id of {owner}; each record needs its "
                    "own id",
                )
        return None

    def own(self, file: Path, name: str, sha256: str) -> None:
        self.owners[name] = (file, sha256)

    def built_result(self, index: int, file: Path, result: Result) -> None:
        """Take what a worker did for `file`."""
        self.warn(result.warnings)
        if result.bug is not None:
            self.bugs.append((file, result.bug))
        if result.problems:
            if result.not_record:
                self.parts.append((index, file, result.problems))
            else:
                self.fail(index, file, result.problems)
            return
        assert result.id is not None and result.kind is not None  # a record was built
        self.linked.update(result.sources)
        problem = self.clash(file, result.id, (o.name for o in result.outputs))
        if problem is not None:
            for output in result.outputs:
                self.restore(output.name)
            self.fail(index, file, [problem])
            return
        if self.job.check:
            for output in result.outputs:
                self.own(file, output.name, output.sha256)
            self.checked.append(file)
            return
        warnings = tuple(problem_data(w) for w in result.warnings)
        record = self.manifest.relative(file)
        stored = tuple(self.manifest.relative(s) for s in result.sources)
        written = {output.name for output in result.outputs}
        for name, entry in self.groups.get(record, ()):
            same = (entry.lang, entry.original) == (result.lang, result.original)
            if same and name not in written:  # the record's id changed: the old name is left
                self.orphans.append((name, entry, f"its record now has the id {result.id!r}"))
        for output in result.outputs:
            self.own(file, output.name, output.sha256)
            self.built.append(self.out / output.name)
            self.manifest.entries[output.name] = Entry(
                record=record,
                id=result.id,
                kind=result.kind,
                format=output.format,
                sources=stored,
                inputs=output.inputs,
                sha256=output.sha256,
                lang=result.lang,
                original=result.original,
                warnings=warnings,
            )

    def unchanged_result(self, index: int, file: Path, current: list[tuple[str, Entry]]) -> None:
        """Take a record whose outputs are up to date."""
        first = current[0][1]
        self.warn(problem_from(p) for p in first.warnings)
        self.linked.update(str(self.manifest.absolute(s)) for s in first.sources)
        problem = self.clash(file, first.id, (name for name, _ in current))
        if problem is not None:
            self.fail(index, file, [problem])
            return
        for name, entry in current:
            self.own(file, name, entry.sha256)
            self.unchanged.append(self.out / name)

    def restore(self, name: str) -> None:
        """Put back the output of the record that owns `name` if a later record overwrote it.

        Two records with one id race to write one file; the first in input order wins. When
        the second one's worker wrote last, the first is built again here.
        """
        owner = self.owners.get(name)
        if owner is None or self.job.check:
            return
        try:
            intact = file_digest(self.out / name) == owner[1]
        except OSError:
            intact = False
        if not intact:
            real = owner[0].resolve()
            build_file(str(real), self.job, _confinement(real, owner[0], self.roots))

    def settle_parts(self, given: frozenset[Path]) -> None:
        """Settle the files that are no record (no `kind`): a part some record links is
        fine; one named on the command line (`given`) fails, and so does any with --strict;
        one found by walking a folder (a saved schema, a theme's theme.toml) is skipped
        with one note."""
        skipped: list[Path] = []
        for index, file, problems in self.parts:
            real = file.resolve()
            if str(real) in self.linked:
                continue
            if real in given or self.job.options.strict:
                self.fail(index, file, problems)
            else:
                skipped.append(file)
        self.parts = []
        if skipped:
            shown = ", ".join(display(f) for f in skipped[:3])
            more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
            message = (
                f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''} that "
                f"{'are' if len(skipped) > 1 else 'is'} no record (no `kind:`) and that no "
                f"record links: {shown}{more} (--strict refuses them)"
            )
            self.warn(
                [Problem(source=display(skipped[0]), message=message, severity=Severity.WARNING)]
            )

    def settle_orphans(self, *, prune: bool) -> None:
        """Name the outputs whose record is gone or now has another id; with `prune`, remove
        those nobody edited (an edited one stays, and is named)."""
        for record, entries in self.groups.items():
            if not self.manifest.absolute(record).is_file():
                self.orphans += [(n, e, f"its record {record} is gone") for n, e in entries]
        for name, entry, why in self.orphans:
            target = self.out / name
            if name in self.owners or not target.is_file():
                continue
            if prune and self.intact(name, entry):
                target.unlink()
                del self.manifest.entries[name]
                self.pruned.append(target)
                continue
            self.orphaned.append(target)
            advice = (
                "edited by hand, so --prune keeps it; delete it yourself if it is not needed"
                if prune
                else "--prune removes it"
            )
            message = f"orphaned output: {why}; {advice}"
            self.warn([Problem(source=display(target), message=message, severity=Severity.WARNING)])

    def report(self) -> Report:
        return Report(
            built=tuple(self.built),
            unchanged=tuple(self.unchanged),
            failed=tuple((file, problems) for _, file, problems in sorted(self.failed)),
            warnings=tuple(self.warnings),
            kept=tuple(self.kept),
            stale=tuple(self.stale),
            orphaned=tuple(self.orphaned),
            pruned=tuple(self.pruned),
            checked=tuple(self.checked),
            bugs=tuple(self.bugs),
        )
