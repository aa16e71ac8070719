"""The command line: the only place that parses arguments, prints and exits.

Exit codes: 0 all is well, 1 some documents or records failed, 2 usage error.
Only BriefgenError is caught; anything else is a bug and shows its traceback.
Heavy libraries (reportlab, python-docx) are imported only by commands that render.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import click

from briefgen.errors import BriefgenError, InputError
from briefgen.kinds import KINDS
from briefgen.render import FORMATS

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
def cli() -> None:
    """Briefing notes and joint action plans from typed records."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> int:
    """Validate record files (default: inputs/); print every problem as FILE:LINE: PATH: MESSAGE."""
    from briefgen.load import discover, load

    files = discover(paths or (Path("inputs"),))
    failed = 0
    for file in files:
        try:
            load(file)
        except InputError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(str(problem), err=True)
    valid = len(files) - failed
    click.echo(f"checked {len(files)} files: {valid} valid, {failed} with problems", err=True)
    return 1 if failed else 0


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
    """Write a commented skeleton of a record of KIND to FILE (or print it)."""
    skeleton = KINDS[kind].skeleton
    text = resources.files("briefgen").joinpath("skeletons", skeleton).read_text("utf-8")
    if file is None:
        click.echo(text, nl=False)
        return 0
    if file.exists():
        raise click.UsageError(f"{file} already exists; choose another name or remove it first")
    try:
        with file.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {file}: {exc.strerror}") from None
    click.echo(f'wrote {file}: fill in every "" and run: briefgen check {file}', err=True)
    return 0


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Folder the documents are written to.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Output format; give it again for more ("
    + ", ".join(f"default for a {k.name}: {'+'.join(k.formats)}" for k in KINDS.values())
    + ").",
)
@click.option(
    "--lang",
    default=None,
    help="Language of the documents, or two for a parallel plan, e.g. az+en "
    "(default: each record's own).",
)
@click.option(
    "--original",
    default=None,
    metavar="PARTY",
    help="Render the original of this party (alternat): its name, signature block and "
    "language come first.",
)
@click.option("--theme", default=None, help="A theme name or a theme folder (default: default).")
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. a missing translation) as errors."
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
    "--allow-outside",
    is_flag=True,
    help="Let records link to files outside the folders given (by default a link such as "
    "parties: ../other.yaml must stay inside them).",
)
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    lang: str | None,
    original: str | None,
    theme: str | None,
    strict: bool,
    jobs: int | None,
    force: bool,
    allow_outside: bool,
) -> int:
    """Build documents from record files and folders (default: inputs/) into a folder.

    Only the documents whose inputs changed since the last build are built again (see the
    manifest .briefgen-manifest.json in the output folder); --force builds them all.
    """
    import os
    import time

    from briefgen.bulk import build as run_build
    from briefgen.options import Options

    try:  # the formats are the registry's (click checked them): only --lang can be wrong
        options = Options.make(
            lang=lang, original=original, formats=formats, theme=theme, strict=strict
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    extensions = {f".{fmt.extension}" for fmt in FORMATS.values()}
    if not out_dir.exists() and out_dir.suffix.lower() in extensions:
        named = ", ".join(f"<id>.{fmt.extension}" for fmt in FORMATS.values())
        raise click.BadParameter(
            f"{out_dir} looks like a file name; give a folder: each document is named "
            f"after its record id ({named})",
            param_hint="-o/--out",
        )
    started = time.perf_counter()
    report = run_build(
        paths or (Path("inputs"),),
        out_dir,
        options=options,
        jobs=jobs,
        force=force,
        allow_outside=allow_outside,
        progress=sys.stderr.isatty() and "CI" not in os.environ,
        on_problem=lambda problem: click.echo(str(problem), err=True),
    )
    elapsed = time.perf_counter() - started
    click.echo(
        f"built {len(report.built)}, unchanged {len(report.unchanged)}, "
        f"failed {len(report.failed)} in {elapsed:.1f} s",
        err=True,
    )
    return 0 if report.ok else 1


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
