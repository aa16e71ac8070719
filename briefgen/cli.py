"""The command line: the only place that parses arguments, prints and exits.

Exit codes: 0 all is well, 1 some documents or records failed, 2 usage error.
Only BriefgenError is caught; anything else is a bug and shows its traceback.
Heavy libraries (reportlab, python-docx) are imported only by commands that render.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import click

from briefgen.errors import BriefgenError, InputError, Problem, Severity
from briefgen.kinds import KINDS
from briefgen.render import FORMATS

if TYPE_CHECKING:
    from briefgen.options import Options

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
def cli() -> None:
    """Briefing notes and joint action plans from typed records."""


def _record_options(command: Callable[..., int]) -> Callable[..., int]:
    """The options `check` and `build` share: what a record is built as, and what is said."""
    for option in reversed(_RECORD_OPTIONS):
        command = option(command)
    return command


_RECORD_OPTIONS: list[Callable[[Callable[..., int]], Callable[..., int]]] = [
    click.option(
        "-f",
        "--format",
        "formats",
        type=click.Choice(list(FORMATS)),
        multiple=True,
        help="Output format; give it again for more ("
        + ", ".join(f"default for a {k.name}: {'+'.join(k.formats)}" for k in KINDS.values())
        + ").",
    ),
    click.option(
        "--lang",
        default=None,
        help="Language of the documents, or two for a parallel plan, e.g. az+en "
        "(default: each record's own).",
    ),
    click.option(
        "--original",
        default=None,
        metavar="PARTY",
        help="Render the original of this party (alternat): its name, signature block and "
        "language come first.",
    ),
    click.option(
        "--theme", default=None, help="A theme name or a theme folder (default: default)."
    ),
    click.option(
        "--strict", is_flag=True, help="Treat warnings (e.g. a missing translation) as errors."
    ),
    click.option(
        "--allow-fallback",
        is_flag=True,
        help="Build a finished record (a final brief, an initialled or signed plan) even where "
        "a text is missing in the language asked for (its own text is used).",
    ),
    click.option(
        "--allow-outside",
        is_flag=True,
        help="Let records link to files outside the folders given (by default a link such as "
        "parties: ../other.yaml must stay inside them).",
    ),
    click.option("-q", "--quiet", is_flag=True, help="Print only failures."),
    click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Print every warning, not one line per kind of warning.",
    ),
]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_record_options
def check(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    lang: str | None,
    original: str | None,
    theme: str | None,
    strict: bool,
    allow_fallback: bool,
    allow_outside: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Check record files as a build would, writing nothing (default: inputs/).

    Everything a build with the same options would refuse for input reasons is reported,
    through the same code: fields, links, pictures, characters the theme's fonts lack, the
    theme itself. Every problem is printed as FILE:LINE: PATH: MESSAGE.
    """
    from briefgen.bulk import build as run_build

    options = _options(lang, original, formats, theme, strict, allow_fallback)
    report = run_build(
        paths or (Path("inputs"),),
        options=options,
        jobs=1,
        allow_outside=allow_outside,
        check=True,
        on_problem=_print_failures,
    )
    _print_bugs(report.bugs)
    lines = _warning_lines(report.warnings, quiet=quiet, verbose=verbose)
    if not quiet:
        files = len(report.checked) + len(report.failed)
        click.echo(
            f"checked {files} files: {len(report.checked)} valid, {len(report.failed)} with "
            f"problems" + (f", warnings {len(lines)}" if lines else ""),
            err=True,
        )
    return 0 if report.ok else 1


def _options(
    lang: str | None,
    original: str | None,
    formats: Sequence[str],
    theme: str | None,
    strict: bool,
    allow_fallback: bool,
) -> Options:
    """The one Options object of a command; a bad --lang is a usage error."""
    from briefgen.options import Options

    try:  # the formats are the registry's (click checked them): only --lang can be wrong
        return Options.make(
            lang=lang,
            original=original,
            formats=formats,
            theme=theme,
            strict=strict,
            allow_fallback=allow_fallback,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None


def _print_failures(problem: Problem) -> None:
    """Print a failure as soon as it is found; warnings are printed together at the end."""
    if problem.severity is Severity.ERROR:
        click.echo(str(problem), err=True)


def _print_bugs(bugs: Sequence[tuple[Path, str]]) -> None:
    """Show a bug's traceback once, named as a bug (its record failed; the rest went on)."""
    if bugs:
        count = f" (and on {len(bugs) - 1} more records)" if len(bugs) > 1 else ""
        click.echo(f"briefgen met a bug building {bugs[0][0]}{count}:", err=True)
        click.echo(bugs[0][1].rstrip("\n"), err=True)


def _warning_lines(warnings: Sequence[Problem], *, quiet: bool, verbose: bool) -> list[str]:
    """Print the warnings (each, with --verbose; grouped, else; none with --quiet)."""
    if quiet:
        return []
    lines = [str(w) for w in warnings] if verbose else grouped(warnings)
    for line in lines:
        click.echo(line, err=True)
    return lines


@cli.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
def schema(kind: str) -> int:
    """Print the JSON Schema (draft 2020-12) of a record file of KIND."""
    from briefgen.schema import schema as make_schema

    click.echo(json.dumps(make_schema(kind), indent=2, ensure_ascii=False))
    return 0


@cli.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("file", required=False, type=click.Path(path_type=Path))
def new(kind: str, file: Path | None) -> int:
    """Write a skeleton of a record of KIND to FILE (or print it), in the format its name asks
    for: YAML (.yaml, .yml: commented), JSON (.json) or TOML (.toml)."""
    from briefgen.load import FORMATS as INPUT_FORMATS

    skeleton = KINDS[kind].skeleton
    text = resources.files("briefgen").joinpath("skeletons", skeleton).read_text("utf-8")
    if file is None:
        click.echo(text, nl=False)
        return 0
    fmt = INPUT_FORMATS.get(file.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(INPUT_FORMATS))
        raise click.UsageError(f"{file}: a record file ends in one of {known}")
    if file.exists():
        raise click.UsageError(f"{file} already exists; choose another name or remove it first")
    if fmt != "yaml":
        text = _skeleton_as(text, skeleton, fmt)
    try:
        with file.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {file}: {exc.strerror}") from None
    click.echo(f'wrote {file}: fill in every "" and run: briefgen check {file}', err=True)
    return 0


def _skeleton_as(text: str, name: str, fmt: str) -> str:
    """The YAML skeleton as JSON or TOML (without its comments, which those formats lack or
    would misplace; dates and times as ISO text, as the loader reads them)."""
    import datetime as dt

    from briefgen.load.parse.yaml import parse as parse_yaml

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, dt.datetime):
            return value.isoformat(timespec="minutes")
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        return value

    data = plain(parse_yaml(text, name).data)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import tomli_w

    return tomli_w.dumps(data)  # type: ignore[arg-type]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(),
    default="outputs",
    show_default=True,
    help="Folder the documents are written to.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores; 1 builds in this process).",
)
@click.option(
    "--force", is_flag=True, help="Rebuild every document, even those whose inputs are unchanged."
)
@click.option(
    "--prune",
    is_flag=True,
    help="Remove orphaned outputs (their record is gone or has a new id), unless edited.",
)
@_record_options
def build(
    paths: tuple[Path, ...],
    out_dir: str,
    formats: tuple[str, ...],
    lang: str | None,
    original: str | None,
    theme: str | None,
    strict: bool,
    allow_fallback: bool,
    jobs: int | None,
    force: bool,
    allow_outside: bool,
    prune: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Build documents from record files and folders (default: inputs/) into a folder.

    Only the documents whose inputs changed since the last build are built again (see the
    manifest .briefgen-manifest.json in the output folder); --force builds them all.
    """
    import os
    import time

    from briefgen.bulk import build as run_build

    options = _options(lang, original, formats, theme, strict, allow_fallback)
    if not out_dir.strip():
        raise click.BadParameter("give a folder for the documents", param_hint="-o/--out")
    out = Path(out_dir)
    extensions = {f".{fmt.extension}" for fmt in FORMATS.values()}
    if not out.exists() and out.suffix.lower() in extensions:
        named = ", ".join(f"<id>.{fmt.extension}" for fmt in FORMATS.values())
        raise click.BadParameter(
            f"{out_dir} looks like a file name; give a folder: each document is named "
            f"after its record id ({named})",
            param_hint="-o/--out",
        )
    started = time.perf_counter()
    report = run_build(
        paths or (Path("inputs"),),
        out,
        options=options,
        jobs=jobs,
        force=force,
        allow_outside=allow_outside,
        prune=prune,
        progress=sys.stderr.isatty() and "CI" not in os.environ and not quiet,
        on_problem=_print_failures,
    )
    elapsed = time.perf_counter() - started
    _print_bugs(report.bugs)
    lines = _warning_lines(report.warnings, quiet=quiet, verbose=verbose)
    if quiet:
        return 0 if report.ok else 1
    for path in report.pruned:
        click.echo(f"{path}: removed (orphaned, as --prune asked)", err=True)
    click.echo(
        f"built {len(report.built)}, unchanged {len(report.unchanged)}, "
        f"failed {len(report.failed)}, warnings {len(lines)} in {elapsed:.1f} s",
        err=True,
    )
    return 0 if report.ok else 1


#: How many field paths a grouped warning names before it counts the rest.
_NAMED = 3


def grouped(warnings: Sequence[Problem]) -> list[str]:
    """Warnings as lines a person reads: one line per record for a warning about many of
    its fields (naming the first few, at the first one's line), and one line for a warning
    said of many records alike (at the first record, counting the others)."""
    by_record: dict[tuple[str, str], list[Problem]] = {}
    for warning in dict.fromkeys(warnings):  # a field two records share is said once
        by_record.setdefault((warning.source, warning.message), []).append(warning)
    lines: dict[str, list[Problem]] = {}
    for group in by_record.values():
        group.sort(key=lambda w: w.line or 0)
        first = group[0]
        if len(group) > 1:
            fields = [w.path for w in group if w.path]
            named = ", ".join(fields[:_NAMED])
            more = f" and {len(fields) - _NAMED} more" if len(fields) > _NAMED else ""
            first = attrs.evolve(
                first, path="", message=f"{first.message} ({len(group)} fields: {named}{more})"
            )
        key = first.message if not first.path else f"{first.source}\0{first.path}\0{first}"
        lines.setdefault(key, []).append(first)
    out: list[str] = []
    for same in lines.values():
        text = str(same[0])
        if len(same) > 1:
            text += f" (and {len(same) - 1} more file{'s' if len(same) > 2 else ''})"
        out.append(text)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="briefgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        return 1
    except BriefgenError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    return result if isinstance(result, int) else 0
