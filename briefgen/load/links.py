"""Links: one load session, following `parties:` and `deliverables:` links between files.

Links are resolved relative to the linking file: `parties: plan.yaml` takes the parties of
another record, `deliverables: [{plan: plan.yaml}]` loads a plan, `sections: plan.xlsx` reads
a plan's matrix of initiatives from a spreadsheet (`briefgen.load.sheets`), whose problems
name their cells. Each linked file is loaded
once per call, a cycle of links is an error, and with a root every linked file and emblem
picture must lie inside it once symbolic links are resolved. The kind a file names is looked
up in the kinds registry. What a record was made from travels with it in `Loaded.origin`,
which finds the file and line of any field, through the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from briefgen.errors import InputError, Problem, Severity, display
from briefgen.images import image_problem
from briefgen.kinds import FILE_KINDS as KINDS
from briefgen.kinds import Kind
from briefgen.load.convert import STRUCTURE_ERRORS, describe, flatten_error, structure
from briefgen.load.limits import Budget
from briefgen.load.parse import Source, parse
from briefgen.load.sheets import SHEET_SUFFIXES, Matrix, is_sheet_link, read_matrix
from briefgen.model import FieldPath, Party, Plan, Record, format_path

__all__ = ["Loaded", "Origin", "load", "load_with_sources"]


@attrs.frozen
class Origin:
    """Where the values of a loaded record were written: files, lines and followed links.

    It holds no record, so keeping it costs only the parsed files' data.
    """

    root: Path
    files: Mapping[Path, Source] = attrs.field(repr=False)
    links: Mapping[Path, tuple[tuple[FieldPath, Path, FieldPath], ...]] = attrs.field(repr=False)

    def locate(self, path: FieldPath) -> tuple[str, int | None, FieldPath]:
        """The file, line and field path (in that file) where a field of the record is written.

        A field that came through a link (`parties: plan.yaml`) is found in the linked file.
        """
        file = self.root
        for _ in range(len(self.files) + 1):  # a chain of links is at most as long as the files
            for prefix, target, target_prefix in self.links.get(file, ()):
                if path[: len(prefix)] == prefix:
                    file, path = target, (*target_prefix, *path[len(prefix) :])
                    break
            else:
                break
        name, line = self.files[file].where(path)
        return name, line, path

    def problem(
        self, path: FieldPath, message: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A Problem about a field of the record, located in the file that holds it."""
        name, line, at = self.locate(path)
        return Problem(
            source=name, line=line, path=format_path(at), message=message, severity=severity
        )


@attrs.frozen
class Loaded:
    """A loaded record and every file it was made from (the record's own file first, then
    the files it links, then the pictures its parties show: all are inputs of its outputs).

    `origin` finds the file and line of any field of the record, for a problem found later
    (a character the fonts lack): pass it along with the record. `warnings`: what the files
    probably do not mean as written (text after a ` #` dropped as a comment, a list item
    folded into the text above), each a located Problem of severity WARNING, in the order of
    `sources` and their lines; a record that fails to load raises only its errors.
    """

    record: Record
    sources: tuple[Path, ...]
    origin: Origin = attrs.field(eq=False, repr=False)
    warnings: tuple[Problem, ...] = ()


def _either(choices: Iterable[str]) -> str:
    """`a or b`, `a, b or c`: choices as a sentence offers them."""
    *others, last = choices
    return f"{', '.join(others)} or {last}" if others else last


class _Session:
    """One load call: linked files are loaded once each, and cycles are caught."""

    def __init__(self, root: Path | None = None) -> None:
        self.done: dict[Path, Record] = {}
        self.stack: list[Path] = []
        self.sources: dict[Path, None] = {}
        self.linked_problems: list[Problem] = []
        self.root = None if root is None else Path(root).resolve()
        self.parsed: dict[Path, Source] = {}
        self.links: dict[Path, tuple[tuple[FieldPath, Path, FieldPath], ...]] = {}
        self.warnings: list[Problem] = []
        # What the files of this session hold, against the record limits.
        self.budget = Budget()
        # Every picture a record of this session shows (an input of its outputs, like a file).
        self.pictures: dict[Path, None] = {}

    def outside(self, target: Path) -> bool:
        """True when confinement is on and `target` (resolved) is not inside the root."""
        return self.root is not None and not target.is_relative_to(self.root)

    def origin(self, path: Path) -> Origin:
        return Origin(root=path.resolve(), files=dict(self.parsed), links=dict(self.links))

    def load(self, path: Path) -> Record:
        path = path.resolve()
        if path in self.done:
            return self.done[path]
        self.sources[path] = None
        self.stack.append(path)
        try:
            record = self._load(path)
        finally:
            self.stack.pop()
        self.done[path] = record
        return record

    def _load(self, path: Path) -> Record:
        name = display(path)
        source = parse(path, name)
        self.parsed[path] = source
        data = source.data
        problems: list[Problem] = []

        def report(at: FieldPath, message: str) -> None:
            problems.append(
                Problem(source=name, line=source.locate(at), path=format_path(at), message=message)
            )

        if not isinstance(data, Mapping):
            message = f"expected a mapping of fields, got {describe(data)}"
            raise InputError([Problem(source=name, line=1, message=message)])
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:  # a list is no kind (nor hashable)
            message = (
                f"required field missing ({_either(f'kind: {known}' for known in KINDS)})"
                if "kind" not in data
                else f"must be one of {', '.join(sorted(KINDS))}; got {describe(kind)}"
            )
            report(("kind",), message)
            raise InputError(problems)
        if self.budget.check(data, report):  # past a limit: refused before any work
            problems.sort(key=lambda p: (p.line or 0, p.path))
            raise InputError(problems)
        data = dict(data)
        own_parties = not isinstance(data.get("parties"), str)
        links: list[tuple[FieldPath, Path, FieldPath]] = []
        broken = self._resolve_links(path, data, report, links)
        # Problems in a linked spreadsheet, each at its cell: (row, column) to sort them.
        in_sheet: list[tuple[tuple[int, int], Problem]] = []
        sheet_link = is_sheet_link(data.get("sections"))
        matrix = self._resolve_sheet(path, data, KINDS[kind], report, links, in_sheet)
        if sheet_link and (matrix is None or matrix.broken):
            broken.append(("sections",))
        self.links[path] = tuple(links)

        def place(at: FieldPath, message: str) -> None:
            if matrix is not None and at[:1] == ("sections",) and len(at) > 1:
                in_sheet.append(matrix.problem(at, message))
            else:
                report(at, message)

        try:
            record = structure(data, KINDS[kind].record)
        except STRUCTURE_ERRORS as exc:  # every structuring error becomes a located problem
            for at, message in flatten_error(exc):
                if not any(at[: len(b)] == b for b in broken):
                    place(at, message)
        else:
            if own_parties:  # linked parties had their images resolved where they were written
                record = _resolve_emblems(path, record, report, self.root, self.pictures)
                self._unprinted(KINDS[kind], data, name, source)
        if problems or in_sheet:
            problems.sort(key=lambda p: (p.line or 0, p.path))
            in_sheet.sort(key=lambda item: item[0])
            raise InputError([*problems, *(p for _, p in in_sheet), *self.linked_problems])
        return record

    def _resolve_sheet(
        self,
        path: Path,
        data: dict[str, Any],
        kind: Kind,
        report: Callable[[FieldPath, str], None],
        links: list[tuple[FieldPath, Path, FieldPath]],
        in_sheet: list[tuple[tuple[int, int], Problem]],
    ) -> Matrix | None:
        """Read `sections: initiatives.xlsx` (or `{file: ..., sheet: ...}`) into the data.

        The sheet's problems are added to `in_sheet`, at their cells; a link that cannot be
        followed is reported at `sections`. Returns the matrix read, or None.
        """
        value = data.get("sections")
        if "sections" not in attrs.fields_dict(kind.record) or not is_sheet_link(value):
            return None
        sheet: str | None = None
        at: FieldPath = ("sections",)
        if isinstance(value, Mapping):
            unknown = [key for key in value if key not in ("file", "sheet")]
            for key in unknown:
                report(("sections", key), "unknown field (allowed here: file, sheet)")
            sheet = value.get("sheet")
            if sheet is not None and not isinstance(sheet, str):
                report(("sections", "sheet"), f"expected a sheet's name, got {describe(sheet)}")
                sheet = None
            link, at = str(value["file"]), ("sections", "file")
            if unknown:
                data["sections"] = ()
                return None
        else:
            link = str(value)
        data["sections"] = ()
        if not link.lower().endswith(SHEET_SUFFIXES):
            listed = ", ".join(SHEET_SUFFIXES)
            report(
                at,
                f"expected a list of sections, or a workbook or CSV file ({listed}) that holds "
                f"them; got {describe(link)}",
            )
            return None
        target = self._linked_file(path, link, at, report)
        if target is None:
            return None
        parties = data.get("parties")
        ids = [
            party.id if isinstance(party, Party) else party.get("id")
            for party in (parties if isinstance(parties, list | tuple) else ())
            if isinstance(party, Party | Mapping)
        ]
        language = data.get("language")
        try:
            matrix = read_matrix(
                target,
                display(target),
                sheet=sheet,
                parties=[i for i in ids if isinstance(i, str)],
                language=language if isinstance(language, str) else "en",
            )
        except InputError as exc:  # the file as a whole is unreadable: said at the file
            in_sheet.extend(((0, 0), problem) for problem in exc.problems)
            return None
        self.sources[target] = None
        self.parsed[target] = Source(
            name=matrix.name,
            data={"sections": matrix.data},
            locate=lambda _: None,
            spot=lambda at: matrix.place(at),
        )
        links.append((("sections",), target, ("sections",)))
        in_sheet.extend(matrix.problems)
        self.budget.check(
            {"sections": matrix.data},
            lambda at, message: in_sheet.append(matrix.problem(at, message)),
        )
        if not matrix.broken:
            data["sections"] = matrix.data
        return matrix

    def _linked_file(
        self, path: Path, link: str, at: FieldPath, report: Callable[[FieldPath, str], None]
    ) -> Path | None:
        """The file a link names, when it is a file name, inside the root, and there."""
        target = self._allowed(path, link, at, report)
        if target is None:
            return None
        if not target.is_file():
            looked = display(target)
            where = "" if looked == link else f" (looked for {looked})"
            report(at, f"linked file {link} not found{where}")
            return None
        return target

    def _unprinted(self, kind: Kind, data: Mapping[str, Any], name: str, source: Source) -> None:
        """Warn of the party fields written in this record that its kind does not print."""
        parties = data.get("parties")
        if not kind.unprinted_party_fields or not isinstance(parties, list):
            return
        for index, party in enumerate(parties):
            if not isinstance(party, Mapping):
                continue
            for key in kind.unprinted_party_fields:
                if key in party:
                    at: FieldPath = ("parties", index, key)
                    message = (
                        f"a {kind.name} does not print a party's {key} (a plan does); link the "
                        "plan's parties (parties: plan.yaml) or delete it"
                    )
                    self.warnings.append(
                        Problem(
                            source=name,
                            line=source.locate(at),
                            path=format_path(at),
                            message=message,
                            severity=Severity.WARNING,
                        )
                    )

    def _resolve_links(
        self,
        path: Path,
        data: dict[str, Any],
        report: Callable[[FieldPath, str], None],
        links: list[tuple[FieldPath, Path, FieldPath]],
    ) -> list[FieldPath]:
        """Replace link strings by the records they name; return the paths of broken links.

        A broken link is reported once; problems that follow from it are not reported again.
        Each link followed is added to `links` as (field path here, file, field path there).
        """
        broken: list[FieldPath] = []
        parties = data.get("parties")
        if isinstance(parties, str):
            linked = self._follow(path, parties, ("parties",), report)
            if linked is None:
                broken.append(("parties",))
                data["parties"] = ()
            else:
                data["parties"] = linked.parties
                links.append((("parties",), self._target(path, parties), ("parties",)))
        deliverables = data.get("deliverables")
        if isinstance(deliverables, list):
            resolved: list[Any] = []
            for index, entry in enumerate(deliverables):
                if isinstance(entry, Mapping) and isinstance(entry.get("plan"), str):
                    at: FieldPath = ("deliverables", index, "plan")
                    linked = self._follow(path, entry["plan"], at, report)
                    if linked is not None and not isinstance(linked, Plan):
                        kind = linked.kind
                        report(at, f"{entry['plan']} is a {kind}; a deliverable must be a plan")
                        linked = None
                    if linked is None:
                        broken.append(("deliverables",))
                        continue
                    target = self._target(path, entry["plan"])
                    links.append((("deliverables", len(resolved), "plan"), target, ()))
                    entry = {**entry, "plan": linked}
                resolved.append(entry)
            data["deliverables"] = resolved
        return broken

    @staticmethod
    def _target(path: Path, link: str) -> Path:
        return linked_path(path, link)

    def _allowed(
        self, path: Path, link: str, at: FieldPath, report: Callable[[FieldPath, str], None]
    ) -> Path | None:
        """The path a link of the file at `path` names, when it is a file name inside the
        root (confinement); else None, the reason reported at `at`."""
        if "\x00" in link or not link.strip():
            report(at, f"{link!r} is not a file name")
            return None
        target = self._target(path, link)
        if self.outside(target):
            report(at, _outside_message(link, target, self.root))
            return None
        return target

    def _follow(
        self, path: Path, link: str, at: FieldPath, report: Callable[[FieldPath, str], None]
    ) -> Record | None:
        target = self._allowed(path, link, at, report)
        if target is None:
            return None
        if target in self.stack:
            looped = [*self.stack[self.stack.index(target) :], target]
            chain = " -> ".join(display(p) for p in looped)
            report(at, f"link cycle: {chain}")
            return None
        if not target.is_file():
            looked = display(target)
            where = "" if looked == link else f" (looked for {looked})"
            report(at, f"linked file {link} not found{where}")
            return None
        try:
            return self.load(target)
        except InputError as exc:
            report(at, f"linked file {link} is invalid (its problems follow)")
            self.linked_problems.extend(p for p in exc.problems if p not in self.linked_problems)
            return None


def linked_path(path: Path, link: str) -> Path:
    """The file a link written in the record at `path` names, relative to the record: a
    record written on Windows (`images\\emblem.png`) links the same file on any system, so
    a backslash separates folders as a slash does."""
    return (path.parent / link.replace("\\", "/")).resolve()


def _resolve_emblems(
    path: Path,
    record: Record,
    report: Callable[[FieldPath, str], None],
    root: Path | None = None,
    pictures: dict[Path, None] | None = None,
) -> Record:
    """Party emblems as absolute paths (they are written relative to the record file).

    With a `root`, an emblem must lie inside it, like a linked record. Each emblem is decoded
    (within the picture budget of `briefgen.images`) and, when good, added to `pictures`.
    """
    parties = list(record.parties)
    for index, party in enumerate(parties):
        if party.emblem is None:
            continue
        file = linked_path(path, party.emblem)
        if root is not None and not file.is_relative_to(root):
            report(("parties", index, "emblem"), _outside_message(party.emblem, file, root))
            continue
        problem = image_problem(file, party.emblem)
        if problem is not None:
            report(("parties", index, "emblem"), f"{problem} (a path relative to {path.name})")
            continue
        if pictures is not None:
            pictures[file] = None
        parties[index] = attrs.evolve(party, emblem=str(file))
    return attrs.evolve(record, parties=tuple(parties))


def _outside_message(link: str, target: Path, root: Path | None) -> str:
    shown = "" if display(target) == link else f" ({display(target)})"
    return (
        f"{link}{shown} is outside {display(root or target)}; records may only link to files "
        "inside the folder being built (--allow-outside permits it)"
    )


def load_with_sources(path: str | Path, *, root: str | Path | None = None) -> Loaded:
    """Load one record file and its links; raise InputError listing every problem found.

    `root`: a folder that the file and every file it links to must lie in once symbolic
    links are resolved (None: no confinement).
    """
    session = _Session(None if root is None else Path(root))
    start = Path(path)
    if session.outside(start.resolve()):
        real = start.resolve()
        through = "" if display(real) == display(start) else f" (a link to {display(real)})"
        message = (
            f"the record file{through} is outside the folder {display(session.root or real)} once "
            "symbolic links are resolved; a record must be inside the folders being built "
            "(--allow-outside permits it)"
        )
        raise InputError([Problem(source=display(start), line=1, message=message)])
    record = session.load(start)
    warnings = tuple(
        warning for source in session.sources for warning in session.parsed[source].warnings
    ) + tuple(session.warnings)
    return Loaded(
        record=record,
        sources=tuple({**session.sources, **session.pictures}),
        origin=session.origin(start),
        warnings=warnings,
    )


def load(path: str | Path, *, root: str | Path | None = None) -> Record:
    """Load one record file (YAML, JSON or TOML) into the record its `kind` names.

    `root`: a folder that the file and its links must lie in (None: no confinement).
    """
    return load_with_sources(path, root=root).record
