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
from briefgen.kinds import FILE_KINDS, KINDS
from briefgen.render import FORMATS

if TYPE_CHECKING:
    from briefgen.bulk import Report
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
        _print_negotiation(report.checked, every=verbose)
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


def _print_negotiation(files: Sequence[Path], *, every: bool) -> None:
    """Per plan whose clauses are not all agreed (every plan, with `every`), how many are
    agreed, proposed by each party, and contested."""
    from collections import Counter

    from briefgen.load import load
    from briefgen.model import Standing

    for file in files:
        try:
            record = load(file)
        except BriefgenError:  # checked just now; a file changed meanwhile is not our news
            continue
        standings: tuple[Standing, ...] = getattr(record, "standings", tuple)()
        counts = Counter(
            s.status if s.status != "proposed" else f"proposed by {s.parties[0]}" for s in standings
        )
        if not standings or (counts.keys() == {"agreed"} and not every):
            continue
        order = ["agreed", *sorted(k for k in counts if k.startswith("proposed")), "contested"]
        parts = ", ".join(f"{counts[key]} {key}" for key in order if counts[key])
        click.echo(f"{file}: {len(standings)} clauses: {parts}", err=True)


def _warning_lines(warnings: Sequence[Problem], *, quiet: bool, verbose: bool) -> list[str]:
    """Print the warnings (each, with --verbose; grouped, else; none with --quiet)."""
    if quiet:
        return []
    lines = [str(w) for w in warnings] if verbose else grouped(warnings)
    for line in lines:
        click.echo(line, err=True)
    return lines


@cli.command()
@click.argument("kind", type=click.Choice(list(FILE_KINDS)))
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the schema to this file (e.g. brief.schema.json) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite the file given with -o if it exists.")
def schema(kind: str, out_file: Path | None, force: bool) -> int:
    """Print the JSON Schema (draft 2020-12) of a record file of KIND, or write it with -o.

    A skeleton written by `briefgen new KIND FILE.yaml` points an editor (VS Code's YAML
    extension) at KIND.schema.json beside it: `briefgen schema KIND -o KIND.schema.json`.
    """
    from briefgen.schema import schema as make_schema

    text = json.dumps(make_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if out_file is None:
        click.echo(text, nl=False)
        return 0
    _write_new(out_file, text, force=force)
    click.echo(f"wrote {out_file}", err=True)
    return 0


def _write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write a file the user asked for; an existing one is a usage error unless `force`."""
    if path.exists() and not force:
        raise click.UsageError(
            f"{path} already exists; choose another name, remove it first or give --force"
        )
    try:
        with path.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {path}: {exc.strerror}") from None


@cli.command()
@click.argument("kind", type=click.Choice(list(FILE_KINDS)))
@click.argument("file", required=False, type=click.Path(path_type=Path))
def new(kind: str, file: Path | None) -> int:
    """Write a skeleton of a record of KIND to FILE (or print it), in the format its name asks
    for: YAML (.yaml, .yml: commented), JSON (.json) or TOML (.toml).

    A YAML skeleton starts with a line pointing an editor at KIND.schema.json (write it with
    `briefgen schema KIND -o KIND.schema.json`) and shows every optional field commented out.
    """
    from briefgen.load import FORMATS as INPUT_FORMATS

    skeleton = FILE_KINDS[kind].skeleton
    text = resources.files("briefgen").joinpath("skeletons", skeleton).read_text("utf-8")
    if file is None:
        click.echo(schema_line(kind) + text, nl=False)
        return 0
    fmt = INPUT_FORMATS.get(file.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(INPUT_FORMATS))
        raise click.UsageError(f"{file}: a record file ends in one of {known}")
    if file.exists():
        raise click.UsageError(f"{file} already exists; choose another name or remove it first")
    text = _skeleton_as(text, skeleton, fmt) if fmt != "yaml" else schema_line(kind) + text
    _write_new(file, text)
    click.echo(f'wrote {file}: fill in every "" and run: briefgen check {file}', err=True)
    if fmt == "yaml":
        click.echo(
            f"for completion in your editor: briefgen schema {kind} -o "
            f"{file.parent / schema_file(kind)}",
            err=True,
        )
    return 0


def schema_file(kind: str) -> str:
    """The name of the schema file a skeleton of KIND points an editor at."""
    return f"{kind}.schema.json"


def schema_line(kind: str) -> str:
    """The first line of a YAML skeleton: the YAML language server (VS Code's YAML
    extension, and other editors using it) reads its schema from the file it names,
    relative to the record. To YAML it is a comment; the loader never sees it."""
    return f"# yaml-language-server: $schema={schema_file(kind)}\n"


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


@cli.group()
def theme() -> None:
    """Make and look after themes: the look of both formats (page, fonts, colours, styles)."""


@theme.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def theme_new(folder: Path) -> int:
    """Write a theme FOLDER holding a theme.toml that changes nothing yet.

    Every setting of the default theme is in it, commented out, with its default value and a
    hint: uncomment a line and change its value (e.g. header_fill, the shading of table
    headers), then build with --theme FOLDER. PDF and DOCX both follow it.
    """
    from briefgen.theme import TEMPLATES

    target = folder / "theme.toml"
    if target.exists():
        raise click.UsageError(f"{target} already exists; choose another folder")
    default = (TEMPLATES / "default" / "theme.toml").read_text("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot make {folder}: {exc.strerror}") from None
    _write_new(target, commented_theme(default, folder.name))
    click.echo(
        f"wrote {target}: uncomment what you change, then: briefgen build --theme {folder}",
        err=True,
    )
    return 0


#: One-line hints for the keys of the default theme that carry no comment of their own.
_THEME_HINTS: dict[str, str] = {
    "description": "one line saying what this theme is for",
    "margins_mm": "page margins in millimetres",
    "logo_height_mm": "height of the logo on the first page, in millimetres",
    "regular": "font file of upright text (a .ttf in this folder or a shipped font)",
    "bold": "true or false: bold text",
    "italic": "true or false: italic text",
    "bold_italic": "font file of bold italic text",
    "ink": "colour of running text",
    "navy": "colour of titles, headings and table headers",
    "slate": "colour of subtitles, labels and annex titles",
    "grey": "colour of small print (version, reference, footer)",
    "header_fill": "shading of table header rows",
    "section_fill": "shading of an area's row in a table",
    "label_fill": "shading of the label column of a key-value table",
    "stamp": "colour of the classification marking",
    "watermark": "colour of the DRAFT watermark",
    "tag_fill": "shading of the language tag after an untranslated text",
    "size": "font size in points",
    "line_height": "distance between lines, times the font size",
    "colour": "text colour: #RRGGBB or a name from [colours]",
    "align": "start, center, end or justify",
    "space_before": "space above, in points",
    "space_after": "space below, in points",
    "indent": "left or hanging indent, in points",
    "keep_with_next": "true: never end a page after this paragraph",
    "fill": "background shading: a colour, or none",
    "rule": "colour of lines (table rules, signature line), or none",
    "rule_width": "width of those lines, in points",
    "padding": "space inside table cells, in points",
    "opacity": "0 (invisible) to 1 (solid); used by the watermark",
    "angle": "rotation in degrees; used by the watermark",
}
_FONT_HINTS = {
    "bold": "font file of bold text",
    "italic": "font file of italic text",
}
_COLOUR_HINTS = {"rule": "colour of table rules"}


def commented_theme(default: str, name: str) -> str:
    """The default theme.toml with every setting commented out, each with a one-line hint.

    Table headers stay (an empty table changes nothing), so uncommenting one key under its
    table is all a change takes. Pure text in, text out: what `briefgen theme new` writes.
    """
    import re

    from briefgen.theme import NAMED_STYLES

    purposes = {  # the table's purposes, less what only a developer needs
        f"styles.{style.name}": style.purpose.replace(" (already cased by compose)", "")
        for style in NAMED_STYLES
    }
    out = [
        f"# Theme {name}: the look of both formats (PDF and DOCX) of the documents built with",
        f"#   briefgen build --theme {name} ...",
        "# Everything below is the default, commented out. To change a setting, remove the '#'",
        "# in front of its line (keep the [table] line above it) and change the value. Lengths",
        "# are points unless the key ends in _mm; colours are #RRGGBB or a name from [colours].",
        "# A style (e.g. [styles.cell.header]) takes what it does not set from its parent",
        "# ([styles.cell]), and the top of [styles] is the base of all.",
        "",
    ]
    table = ""
    lines = default.splitlines()
    start = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    for line in lines[start:]:
        stripped = line.strip()
        header = re.fullmatch(r"\[([A-Za-z0-9_.]+)\]\s*(#.*)?", stripped)
        if header:
            table = header.group(1)
            note = header.group(2) or (f"# {purposes[table]}" if table in purposes else "")
            out.append(f"[{table}]".ljust(28) + note if note else f"[{table}]")
            continue
        if not stripped or stripped.startswith("#"):
            out.append(line)
            continue
        key = stripped.split("=", 1)[0].strip()
        code, _, comment = line.partition("  #")
        hint = comment.strip() or (
            (_FONT_HINTS if table == "fonts" else _COLOUR_HINTS if table == "colours" else {}).get(
                key
            )
            or _THEME_HINTS.get(key, "")
        )
        code = f"# {code.rstrip()}"
        out.append(f"{code.ljust(28)}  # {hint}" if hint else code)
    return "\n".join(out) + "\n"


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
@click.option(
    "--pdfa/--no-pdfa",
    default=None,
    help="Make every PDF archival PDF/A-2b, checked before it is written (default: as the "
    "theme's [pdf] pdfa says, else not).",
)
@click.option(
    "--signature-fields",
    is_flag=True,
    help="Put an empty signature field (sig-<party id>) over each party's signature line in "
    "the PDF, for each side to sign in its own PDF reader or with briefgen sign.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="After building, build again whenever a record, a linked file or the theme is "
    "saved; Ctrl-C stops.",
)
@_record_options
def build(
    paths: tuple[Path, ...],
    out_dir: str,
    pdfa: bool | None,
    signature_fields: bool,
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
    watch: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Build documents from record files and folders (default: inputs/) into a folder.

    Only the documents whose inputs changed since the last build are built again (see the
    manifest .briefgen-manifest.json in the output folder); --force builds them all. With
    --watch, build again whenever an input is saved, until Ctrl-C.
    """
    import os
    import time

    from briefgen.bulk import build as run_build

    options = attrs.evolve(
        _options(lang, original, formats, theme, strict, allow_fallback),
        pdfa=pdfa,
        signature_fields=signature_fields,
    )
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
    inputs = paths or (Path("inputs"),)

    def once(*, force: bool = force) -> int:
        started = time.perf_counter()
        report = run_build(
            inputs,
            out,
            options=options,
            jobs=jobs,
            force=force,
            allow_outside=allow_outside,
            prune=prune,
            progress=sys.stderr.isatty() and "CI" not in os.environ and not quiet,
            on_problem=_print_failures,
        )
        return _report_build(report, time.perf_counter() - started, quiet=quiet, verbose=verbose)

    if not watch:
        return once()
    return _watch(inputs, out, options.theme, once, quiet=quiet)


def _watch(
    inputs: Sequence[Path], out: Path, theme: str, once: Callable[..., int], *, quiet: bool
) -> int:
    """Build, then build again on every save until Ctrl-C (exit 0). An error of a build
    (a broken theme, a record folder removed) is printed, and the watch goes on."""
    from briefgen.theme import load_theme
    from briefgen.watch import watch, watched_folders

    def attempt(**kwargs: bool) -> None:
        try:
            once(**kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
        except BriefgenError as exc:
            click.echo(f"error: {exc}", err=True)

    def rebuild(changed: list[Path]) -> None:
        if not quiet:
            shown = ", ".join(str(path) for path in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            click.echo(f"changed: {shown}{more}", err=True)
        attempt(force=False)

    try:
        attempt()
        try:
            folders = watched_folders(inputs, load_theme(theme))
        except BriefgenError:  # a broken theme: watch its folder all the same
            folders = watched_folders([*inputs, Path(theme)] if Path(theme).is_dir() else inputs)
        click.echo(
            f"watching {', '.join(str(f) for f in folders)} for changes (Ctrl-C stops)", err=True
        )
        watch(folders, rebuild, ignore=[out])
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)
    return 0


def _report_build(report: Report, elapsed: float, *, quiet: bool, verbose: bool) -> int:
    """Print a build's bugs, warnings and summary; its exit code."""
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


@cli.command("sign")
@click.argument("source", metavar="IN.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The signed PDF to write (never the input itself).",
)
@click.option(
    "--key",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The signer's private key (PEM or DER).",
)
@click.option(
    "--cert",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The signer's certificate (PEM or DER), for that key.",
)
@click.option(
    "--chain",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Certificates of the CAs between the signer and its root, put into the signature; "
    "give it again for more.",
)
@click.option(
    "--field",
    default=None,
    metavar="NAME",
    help="Sign into this empty signature field (e.g. sig-az, as build --signature-fields "
    "makes them); without it, into a new invisible field.",
)
@click.option(
    "--password-env",
    default=None,
    metavar="VAR",
    help="Read the key's password from this environment variable (default: ask for it on a "
    "terminal, if the key is encrypted).",
)
@click.option("--theme", default=None, help="The theme whose font the visible stamp is in.")
def sign_command(
    source: Path,
    out: Path,
    key: Path,
    cert: Path,
    chain: tuple[Path, ...],
    field: str | None,
    password_env: str | None,
    theme: str | None,
) -> int:
    """Sign IN.pdf (PAdES) with a key and its certificate, into -o OUT.pdf.

    Each party signs in turn into its own field; a signature added later keeps the earlier
    ones valid. Needs the extra: pip install 'briefgen[sign]'.
    """
    import os

    from briefgen.sign import needs_password, sign
    from briefgen.theme import load_theme

    password: bytes | None = None
    if password_env is not None:
        value = os.environ.get(password_env)
        if value is None:
            raise click.BadParameter(
                f"the environment variable {password_env} is not set", param_hint="--password-env"
            )
        password = value.encode()
    elif needs_password(key):
        if not sys.stdin.isatty():
            raise click.UsageError(
                f"{key} is encrypted: give its password with --password-env VAR (no terminal "
                "to ask on)"
            )
        password = click.prompt(f"password of {key}", hide_input=True).encode()
    signed = sign(
        source,
        out,
        key=key,
        cert=cert,
        chain=chain,
        field=field,
        password=password,
        theme=load_theme(theme),
    )
    click.echo(f"{out}: signed into field {signed}", err=True)
    return 0


@cli.command("verify")
@click.argument("file", metavar="FILE.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A CA certificate (PEM or DER) to trust; give it again for more. Without it, trust "
    "is not checked.",
)
def verify_command(file: Path, trust: tuple[Path, ...]) -> int:
    """Report every signature of FILE.pdf: signer, time, intact, trusted, changed after.

    Exits 0 only when every signature is intact, the document was not changed after a
    signature beyond what signing allows (a later signature), and, with --trust, every signer
    is trusted.
    """
    from briefgen.sign import verify

    found = verify(file, trust=trust)
    if not found:
        click.echo(f"{file}: no signatures")
        return 1

    def yes(value: bool) -> str:
        return "yes" if value else "NO"

    for signature in found:
        when = signature.signed_at.isoformat(timespec="seconds") if signature.signed_at else "-"
        trusted = (
            "not checked (give --trust CA.pem)"
            if signature.trusted is None
            else yes(signature.trusted)
        )
        if not signature.changed:
            changed = "no"
        else:
            allowed = "allowed" if signature.allowed else "NOT ALLOWED"
            changed = f"yes: {signature.change} ({allowed})"
        click.echo(f"{signature.field}: signed by {signature.signer}")
        click.echo(f"  time: {when}")
        click.echo(f"  intact: {yes(signature.intact)}")
        click.echo(f"  trusted: {trusted}")
        click.echo(f"  changed after signing: {changed}")
    good = sum(signature.ok for signature in found)
    click.echo(f"{file}: {good} of {len(found)} signatures good")
    return 0 if good == len(found) else 1


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


@cli.command()
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--out",
    "out_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write: FILE.xlsx (a fill-in workbook) or FILE.csv (UTF-8).",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def export(plan: Path, out_file: Path, force: bool) -> int:
    """Write the matrix of initiatives of PLAN as a workbook or CSV file to fill in.

    A plan whose `sections:` names the file (sections: FILE.xlsx) builds the same document
    as PLAN. The workbook has a frozen header row and drop-downs of timeframes and of each
    party's responsible bodies; one column per language of the record.
    """
    from briefgen.errors import display
    from briefgen.export import EXPORT_FORMATS, export_matrix
    from briefgen.load import load
    from briefgen.model import Plan
    from briefgen.output import write_atomic

    fmt = EXPORT_FORMATS.get(out_file.suffix.lower())
    if fmt is None:
        raise click.UsageError(f"{out_file}: the file name must end in .xlsx or .csv")
    if out_file.exists() and not force:
        raise click.UsageError(
            f"{out_file} already exists; choose another name, remove it first or give --force"
        )
    record = load(plan)
    if not isinstance(record, Plan):
        raise click.UsageError(f"{plan} is a {record.kind}; only a plan has a matrix to export")
    data = export_matrix(record, fmt, source=display(plan))
    try:
        write_atomic(out_file, data)
    except OSError as exc:
        raise click.UsageError(f"cannot write {out_file}: {exc.strerror}") from None
    click.echo(f"wrote {out_file}: link it from the plan with  sections: {out_file.name}", err=True)
    return 0


@cli.command("compare")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outputs"),
    show_default=True,
    help="Folder to write <id>.redline.docx (and .pdf) into.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Output format; give it again for more (default: docx).",
)
@click.option("--lang", default=None, help="Language, or two for a parallel text (az+en).")
@click.option("--original", default=None, help="Compare the originals of this party (alternat).")
@click.option(
    "--author",
    default=None,
    help="Whom the changes are attributed to (default: the proposing party, else briefgen).",
)
@click.option("--theme", default=None, help="Theme: a shipped name or a folder.")
def compare_command(
    old: Path,
    new: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    lang: str | None,
    original: str | None,
    author: str | None,
    theme: str | None,
) -> int:
    """Compare two versions of a plan: the new one with every change from OLD marked.

    Writes DIR/<id>.redline.docx with Word tracked changes (accepting all gives NEW,
    rejecting all gives OLD) and, with -f pdf, a PDF with the changes marked and a
    summary of them on its first page.
    """
    from briefgen.compare import Comparison
    from briefgen.load import load
    from briefgen.model import Plan
    from briefgen.output import write_atomic
    from briefgen.pipeline import make
    from briefgen.theme import load_theme

    records = [load(old), load(new)]  # an input problem is an InputError, located
    for path, record in zip((old, new), records, strict=True):
        if not isinstance(record, Plan):
            raise click.UsageError(f"{path}: a {record.kind}; compare takes two versions of a plan")
    before, after = records
    assert isinstance(before, Plan) and isinstance(after, Plan)
    if before.id != after.id:
        raise click.UsageError(
            f"{old} is plan {before.id!r} but {new} is plan {after.id!r}: "
            "compare takes two versions of one plan (the same id)"
        )
    options = _options(lang, original, formats or ("docx",), theme, False, True)
    made = make(
        Comparison(old=before, new=after, author=author),
        options,
        load_theme(theme),
        source=str(new),
    )
    for line in _warning_lines(made.warnings, quiet=False, verbose=False):
        click.echo(line, err=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    for output in made.outputs:
        write_atomic(out_dir / output.name, output.data)
        click.echo(str(out_dir / output.name))
    return 0


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
