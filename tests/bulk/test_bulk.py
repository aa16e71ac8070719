"""Tests of briefgen.bulk and `briefgen build`: many inputs, jobs, executors, incremental builds."""

from __future__ import annotations

import importlib
import json
import re
import shutil
from pathlib import Path

import attrs
import pytest

import briefgen
from briefgen import bulk
from briefgen.bulk.manifest import MANIFEST_NAME
from briefgen.cli import main
from briefgen.errors import Problem
from briefgen.model import Language

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "inputs"
OUTPUTS = {
    "az-uz-mes-2026-2027.pdf",
    "az-uz-mes-visit-2025-12.docx",
    "az-ps-cooperation-2026.pdf",
    "az-ps-ambassador-2026-01.docx",
}
OUTPUTS_OF = {
    "az-ps-2026/brief.yaml": "az-ps-ambassador-2026-01.docx",
    "az-ps-2026/plan.yaml": "az-ps-cooperation-2026.pdf",
    "az-uz-2026/brief.yaml": "az-uz-mes-visit-2025-12.docx",
    "az-uz-2026/plan.yaml": "az-uz-mes-2026-2027.pdf",
}
SUMMARY = re.compile(r"built (\d+), unchanged (\d+), failed (\d+), warnings \d+ in \d+\.\d s")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A copy of four example records (two plans, two briefs linking them) a test may edit."""
    folder = tmp_path / "inputs"
    for name in OUTPUTS_OF:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def names(paths: tuple[Path, ...]) -> set[str]:
    return {path.name for path in paths}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix in (".pdf", ".docx")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def summary(err: str) -> tuple[int, int, int]:
    last = err.splitlines()[-1]
    match = SUMMARY.fullmatch(last)
    assert match, last
    built, unchanged, failed = map(int, match.groups())
    return built, unchanged, failed


# --- many inputs ------------------------------------------------------------------------------


def test_good_and_bad_records(
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Good records are written, a bad one is reported as FILE:LINE: PATH: MESSAGE, and the exit is 1."""
    shutil.copy(ROOT / "tests" / "invalid" / "bad-status.yaml", inputs / "bad-status.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "inputs", "-o", "out", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert {p.name for p in (tmp_path / "out").glob("*.*") if p.name != MANIFEST_NAME} == OUTPUTS
    assert (
        "inputs/bad-status.yaml:4: status: must be one of draft, initialled, signed; "
        "got text 'approved'" in err.splitlines()
    )
    assert summary(err) == (4, 0, 1)


def test_summary_line_format(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last line says what was built, left unchanged and failed, and how long it took."""
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    assert re.fullmatch(
        r"built 4, unchanged 0, failed 0, warnings 0 in \d+\.\d s\n", capsys.readouterr().err
    )


def test_a_file_reached_twice_is_built_once(inputs: Path, tmp_path: Path) -> None:
    """A file named directly and again through its folder is built once."""
    report = briefgen.build([inputs, inputs / "az-uz-2026" / "plan.yaml"], tmp_path / "out", jobs=1)
    assert sorted(names(report.built)) == sorted(OUTPUTS)
    assert len(report.built) == 4


def test_folders_are_walked_for_all_three_formats(tmp_path: Path) -> None:
    """Records in YAML, JSON and TOML in nested folders are all built."""
    from briefgen.load import load, unstructure

    record = unstructure(load(EXAMPLES / "az-ps-2026" / "plan.yaml"))
    deep = tmp_path / "in" / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "in" / "one.json").write_text(json.dumps({**record, "id": "one"}, default=str))
    shutil.copy(EXAMPLES / "az-ps-2026" / "plan.yaml", deep / "two.yaml")
    edit(deep / "two.yaml", "id: az-ps-cooperation-2026", "id: two")
    report = briefgen.build(tmp_path / "in", tmp_path / "out", jobs=1)
    assert names(report.built) == {"one.pdf", "two.pdf"}, report.failed


def test_files_that_are_no_record_in_a_walked_folder_are_skipped_with_one_note(
    inputs: Path, tmp_path: Path
) -> None:
    """A saved schema or a theme's theme.toml in a walked folder is skipped with one note,
    not a failure; --strict refuses them; a file named on the command line fails."""
    (inputs / "brief.schema.json").write_text('{"$schema": "x", "type": "object"}', "utf-8")
    (inputs / "theme").mkdir()
    (inputs / "theme" / "theme.toml").write_text('[page]\nsize = "Letter"\n', "utf-8")
    report = briefgen.build(inputs, tmp_path / "out", jobs=1)
    assert not report.failed and len(report.built) == 4
    (note,) = [w for w in report.warnings if "no record" in w.message]
    assert "skipped 2 files" in note.message and "brief.schema.json" in note.message
    strict = briefgen.build(inputs, tmp_path / "strict", jobs=1, strict=True)
    assert {file.name for file, _ in strict.failed} >= {"brief.schema.json", "theme.toml"}
    named = briefgen.build(inputs / "brief.schema.json", tmp_path / "named", jobs=1)
    assert [file.name for file, _ in named.failed] == ["brief.schema.json"]


def test_a_linked_part_is_not_a_failure(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that is no record but a part some record links (a parties list) is not reported."""
    loadmod = importlib.import_module("briefgen.load")
    part = inputs / "az-ps-2026" / "parties.yaml"
    part.write_text("- {id: az}\n", encoding="utf-8")
    real = loadmod.load_with_sources

    def with_part(path: str | Path, *, root: str | Path | None = None) -> object:
        loaded = real(path, root=root)
        if Path(path).name == "brief.yaml" and Path(path).parent.name == "az-ps-2026":
            return attrs.evolve(loaded, sources=(*loaded.sources, part.resolve()))
        return loaded

    monkeypatch.setattr(loadmod, "load_with_sources", with_part)
    report = briefgen.build(inputs, tmp_path / "out", jobs=1)
    assert report.failed == ()
    assert len(report.built) == 4


def test_jobs_1_and_jobs_2_give_the_same_bytes(inputs: Path, tmp_path: Path) -> None:
    """The outputs and the manifest of `--jobs 1` and `--jobs 2` are byte-identical."""
    one = briefgen.build(inputs, tmp_path / "one", jobs=1)
    two = briefgen.build(inputs, tmp_path / "two", jobs=2)
    assert [p.name for p in one.built] == [p.name for p in two.built]
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")
    assert MANIFEST_NAME in files_of(tmp_path / "one")


def test_outputs_are_listed_in_input_order(inputs: Path, tmp_path: Path) -> None:
    """The report lists outputs in the order of the input files, whatever the workers did."""
    report = briefgen.build(inputs, tmp_path / "out", jobs=2)
    assert [p.name for p in report.built] == [
        "az-ps-ambassador-2026-01.docx",
        "az-ps-cooperation-2026.pdf",
        "az-uz-mes-visit-2025-12.docx",
        "az-uz-mes-2026-2027.pdf",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_records_with_one_id(inputs: Path, tmp_path: Path, jobs: int) -> None:
    """With one id in two files the second fails naming both, and the first's output stays."""
    first = inputs / "az-ps-2026" / "plan.yaml"
    second = inputs / "zz" / "plan.yaml"
    second.parent.mkdir()
    shutil.copy(first, second)
    edit(second, 'version: "0.1"', 'version: "9.9"')
    alone = briefgen.build(first, tmp_path / "alone", jobs=1)
    report = briefgen.build(inputs, tmp_path / "out", jobs=jobs)
    assert [file for file, _ in report.failed] == [second]
    (problem,) = report.failed[0][1]
    assert str(first) in problem.message and problem.source == str(second)
    name = alone.built[0].name
    assert (tmp_path / "out" / name).read_bytes() == alone.built[0].read_bytes()


def test_an_earlier_record_wins_its_name_back(inputs: Path, tmp_path: Path) -> None:
    """A record whose id another record took over in a later file is restored, the later one fails."""
    first = inputs / "az-ps-2026" / "plan.yaml"
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    good = (out / "az-ps-cooperation-2026.pdf").read_bytes()
    second = inputs / "zz" / "plan.yaml"
    second.parent.mkdir()
    shutil.copy(first, second)
    edit(second, 'version: "0.1"', 'version: "9.9"')
    report = briefgen.build(inputs, out, jobs=2)
    assert [file for file, _ in report.failed] == [second]
    assert (out / "az-ps-cooperation-2026.pdf").read_bytes() == good


def test_dask_executor_builds_the_examples(inputs: Path, tmp_path: Path) -> None:
    """A Dask LocalCluster's executor builds the examples, byte for byte as in this process."""
    distributed = pytest.importorskip(
        "distributed", reason="dask is not installed: pip install 'briefgen[dask]'"
    )
    local = briefgen.build(inputs, tmp_path / "local", jobs=1)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = briefgen.build(inputs, tmp_path / "dask", executor=client.get_executor())
    assert report.ok, report.failed
    assert [p.name for p in report.built] == [p.name for p in local.built]
    assert files_of(tmp_path / "dask") == files_of(tmp_path / "local")


# --- incremental ------------------------------------------------------------------------------


def test_unchanged_inputs_are_not_rebuilt(inputs: Path, tmp_path: Path) -> None:
    """A second build with nothing changed writes nothing: same mtimes, same manifest."""
    out = tmp_path / "out"
    first = briefgen.build(inputs, out, jobs=1)
    manifest = (out / MANIFEST_NAME).read_bytes()
    before = mtimes(out)
    second = briefgen.build(inputs, out, jobs=2)
    assert second.built == ()
    assert second.unchanged == first.built
    assert mtimes(out) == before
    assert (out / MANIFEST_NAME).read_bytes() == manifest


def test_the_manifest_maps_outputs_to_input_and_output_hashes(inputs: Path, tmp_path: Path) -> None:
    """The manifest names each output's record, sources, input key and sha256, keys sorted."""
    import hashlib

    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    text = (out / MANIFEST_NAME).read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert set(data["outputs"]) == OUTPUTS
    brief = data["outputs"]["az-uz-mes-visit-2025-12.docx"]
    assert brief["record"] == "../inputs/az-uz-2026/brief.yaml"
    assert brief["sources"] == ["../inputs/az-uz-2026/brief.yaml", "../inputs/az-uz-2026/plan.yaml"]
    body = (out / "az-uz-mes-visit-2025-12.docx").read_bytes()
    assert brief["sha256"] == hashlib.sha256(body).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", brief["inputs"])


def test_editing_one_record_rebuilds_only_it(inputs: Path, tmp_path: Path) -> None:
    """Editing a brief that nothing links rebuilds that brief alone."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    edit(inputs / "az-ps-2026" / "brief.yaml", "Explore joint", "Explore new joint")
    report = briefgen.build(inputs, out, jobs=1)
    assert names(report.built) == {"az-ps-ambassador-2026-01.docx"}
    assert names(report.unchanged) == OUTPUTS - {"az-ps-ambassador-2026-01.docx"}


def test_a_changed_linked_plan_rebuilds_the_brief_that_links_it(
    inputs: Path, tmp_path: Path
) -> None:
    """Editing a plan rebuilds the plan and the brief that links it, nothing else."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    before = mtimes(out)
    edit(inputs / "az-uz-2026" / "plan.yaml", "Shared understanding", "A shared understanding")
    report = briefgen.build(inputs, out, jobs=2)
    assert names(report.built) == {"az-uz-mes-2026-2027.pdf", "az-uz-mes-visit-2025-12.docx"}
    after = mtimes(out)
    assert after["az-ps-cooperation-2026.pdf"] == before["az-ps-cooperation-2026.pdf"]


def test_a_change_of_lang_builds_that_language(inputs: Path, tmp_path: Path) -> None:
    """A build with another --lang writes that language's outputs; repeating it changes nothing."""
    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    assert names(briefgen.build(plan, out, jobs=1).built) == {"az-uz-mes-2026-2027.pdf"}
    assert names(briefgen.build(plan, out, jobs=1, lang="en").built) == {
        "az-uz-mes-2026-2027.en.pdf"
    }
    again = briefgen.build(plan, out, jobs=1, lang="en")
    assert again.built == () and names(again.unchanged) == {"az-uz-mes-2026-2027.en.pdf"}
    assert names(briefgen.build(plan, out, jobs=1).unchanged) == {"az-uz-mes-2026-2027.pdf"}


def test_a_change_of_theme_rebuilds(inputs: Path, tmp_path: Path) -> None:
    """Changing a file of the theme (here theme.toml) rebuilds every output."""
    theme = Path(shutil.copytree(ROOT / "briefgen" / "templates" / "default", tmp_path / "t"))
    out = tmp_path / "out"
    assert len(briefgen.build(inputs, out, jobs=1, theme=theme).built) == 4
    assert len(briefgen.build(inputs, out, jobs=1, theme=theme).unchanged) == 4
    with (theme / "theme.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# restyled\n")
    assert len(briefgen.build(inputs, out, jobs=1, theme=theme).built) == 4


def test_a_change_of_reference_docx_rebuilds(inputs: Path, tmp_path: Path) -> None:
    """Changing the bytes of the theme's reference.docx rebuilds (theme files are hashed)."""
    from briefgen.templates.word_styles import starter_docx

    theme = Path(shutil.copytree(ROOT / "briefgen" / "templates" / "default", tmp_path / "t"))
    (theme / "reference.docx").write_bytes(starter_docx())  # a Word file saved in the theme
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1, theme=theme)
    with (theme / "reference.docx").open("ab") as handle:
        handle.write(b"\0")  # trailing bytes after a zip's end are ignored by readers
    report = briefgen.build(inputs, out, jobs=1, theme=theme)
    assert len(report.built) == 4 and report.ok, report.failed


def test_force_rebuilds_everything(inputs: Path, tmp_path: Path) -> None:
    """`--force` rebuilds every output even when nothing changed."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    assert len(briefgen.build(inputs, out, jobs=1, force=True).built) == 4


def test_force_on_the_command_line(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen build --force` reports every output as built."""
    out = str(tmp_path / "out")
    assert main(["build", str(inputs), "-o", out, "-j", "1"]) == 0
    assert main(["build", str(inputs), "-o", out, "-j", "1"]) == 0
    assert main(["build", str(inputs), "-o", out, "-j", "1", "--force"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if SUMMARY.fullmatch(line)]
    assert [summary(line) for line in lines] == [(4, 0, 0), (0, 4, 0), (4, 0, 0)]


@pytest.mark.parametrize("damage", ["delete", "truncate", "edit"])
def test_a_deleted_or_tampered_output_is_rebuilt(inputs: Path, tmp_path: Path, damage: str) -> None:
    """An output that was deleted, truncated or edited by hand is built again, the rest are not."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    target = out / "az-uz-mes-2026-2027.pdf"
    good = target.read_bytes()
    if damage == "delete":
        target.unlink()
    elif damage == "truncate":
        target.write_bytes(good[:100])
    else:
        target.write_bytes(good.replace(b"%%EOF", b"%%EOX"))
    report = briefgen.build(inputs, out, jobs=1)
    assert names(report.built) == {"az-uz-mes-2026-2027.pdf"}
    assert target.read_bytes() == good


def test_an_unreadable_manifest_rebuilds_everything(inputs: Path, tmp_path: Path) -> None:
    """A broken manifest is not an error: every output is built again and a new one written."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert len(briefgen.build(inputs, out, jobs=1).built) == 4
    assert len(briefgen.build(inputs, out, jobs=1).unchanged) == 4


def test_a_failing_record_keeps_its_last_good_output(inputs: Path, tmp_path: Path) -> None:
    """A record that breaks fails, its previous output stays, and it is retried next time."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    good = (out / "az-ps-cooperation-2026.pdf").read_bytes()
    edit(inputs / "az-ps-2026" / "plan.yaml", "status: draft", "status: approved")
    for _ in range(2):
        report = briefgen.build(inputs, out, jobs=1)
        assert [file.name for file, _ in report.failed] == ["brief.yaml", "plan.yaml"]
        assert (out / "az-ps-cooperation-2026.pdf").read_bytes() == good


def test_unchanged_records_report_their_warnings_again(inputs: Path, tmp_path: Path) -> None:
    """The warnings of an unchanged record are reported again, and --strict still fails it."""
    plan = inputs / "az-uz-2026" / "plan.yaml"
    out = tmp_path / "out"
    first = briefgen.build(plan, out, jobs=1, lang="az")
    assert first.warnings
    second = briefgen.build(plan, out, jobs=1, lang="az")
    assert second.built == () and second.warnings == first.warnings
    strict = briefgen.build(plan, out, jobs=1, lang="az", strict=True)
    assert not strict.ok


# --- command line -----------------------------------------------------------------------------


def test_no_progress_bar_when_not_a_terminal(
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With stderr not a terminal, stderr holds only the summary: no progress bar."""
    monkeypatch.delenv("CI", raising=False)
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "|" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(("ci", "shown"), [(None, True), ("true", False)])
def test_progress_bar_on_a_terminal_unless_ci(
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ci: str | None,
    shown: bool,
) -> None:
    """On a terminal a progress bar is drawn on stderr, except when CI is set."""
    import sys

    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert ("\r" in captured.err) is shown
    assert captured.out == ""


def test_unknown_language_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--lang xx` exits 2 with the languages briefgen writes."""
    assert main(["build", str(EXAMPLES), "-o", str(tmp_path), "--lang", "xx"]) == 2
    assert "'xx' is not a language briefgen writes" in capsys.readouterr().err


def test_three_languages_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--lang az+en+ru` exits 2: a parallel document has two languages."""
    assert main(["build", str(EXAMPLES), "-o", str(tmp_path), "--lang", "az+en+ru"]) == 2
    assert "two languages" in capsys.readouterr().err


def test_original_names_the_output(inputs: Path, tmp_path: Path) -> None:
    """`--original uz` writes `<id>.uz-original.pdf`, and with a language `<id>.az.uz-original.pdf`."""
    plan = str(inputs / "az-uz-2026" / "plan.yaml")
    out = tmp_path / "out"
    assert main(["build", plan, "-o", str(out), "--original", "uz"]) == 0
    assert main(["build", plan, "-o", str(out), "--original", "uz", "--lang", "az"]) == 0
    assert {p.name for p in out.glob("*.pdf")} == {
        "az-uz-mes-2026-2027.uz-original.pdf",
        "az-uz-mes-2026-2027.az.uz-original.pdf",
    }


def test_options_are_passed_to_compose(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--lang az+en and --original reach the plan's composer as given, and name the output."""
    composer = importlib.import_module("briefgen.compose.plan")
    seen: list[tuple[object, object]] = []
    real = composer.compose

    def spy(record: object, languages: object = (), original: str | None = None) -> object:
        seen.append((languages, original))
        return real(record, (), None)  # type: ignore[arg-type]

    monkeypatch.setattr(composer, "compose", spy)
    plan = inputs / "az-uz-2026" / "plan.yaml"
    report = bulk.build(plan, tmp_path / "out", jobs=1, lang="az+en", original="uz")
    assert seen == [((Language.AZ, Language.EN), "uz")]
    assert names(report.built) == {"az-uz-mes-2026-2027.az+en.uz-original.pdf"}


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--lang", "az"],
        ["--lang", "az+en"],
        ["--original", "az"],
        ["--lang", "az+en", "--original", "az"],
        ["-f", "docx"],
        ["-f", "pdf", "-f", "docx", "--lang", "en+az"],
    ],
    ids=" ".join,
)
def test_an_unchanged_rebuild_builds_nothing(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    """A second build with the same options builds nothing, whatever the options (a brief
    under --lang az+en or --original is as current as a plan)."""
    out = tmp_path / "out"
    argv = ["build", str(inputs), "-o", str(out), "-j", "1", *options]
    main(argv)
    first = summary(capsys.readouterr().err)
    main(argv)
    built, unchanged, failed = summary(capsys.readouterr().err)
    assert built == 0 and unchanged == first[0] + first[1] and failed == first[2]


def test_cores_is_at_least_one() -> None:
    """The default number of jobs is the number of usable cores, at least one."""
    assert bulk.cores() >= 1


# --- nothing lost, nothing stale ------------------------------------------------------------

PLAN_PDF = "az-uz-mes-2026-2027.pdf"


def test_an_output_edited_by_hand_is_kept_beside_the_new_one(inputs: Path, tmp_path: Path) -> None:
    """A rebuild never destroys an edited output: it is kept as '<name> (edited)' and said."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    target = out / PLAN_PDF
    edited = target.read_bytes() + b"% my note\n"
    target.write_bytes(edited)
    report = briefgen.build(inputs, out, jobs=1)
    aside = out / "az-uz-mes-2026-2027 (edited).pdf"
    assert aside.read_bytes() == edited
    assert report.kept == ((target, aside),)
    assert names(report.built) == {PLAN_PDF}
    (warning,) = [w for w in report.warnings if "edited since briefgen wrote it" in w.message]
    assert warning.source.endswith(PLAN_PDF)
    # A second edit is kept under a second name; the first kept copy stays.
    target.write_bytes(edited + b"% again\n")
    briefgen.build(inputs, out, jobs=1)
    assert (out / "az-uz-mes-2026-2027 (edited 2).pdf").is_file() and aside.is_file()


def test_every_format_built_before_is_rebuilt_when_the_record_changes(
    inputs: Path, tmp_path: Path
) -> None:
    """After building PDF and DOCX, an edit and a plain build rebuild both, not only the default."""
    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    briefgen.build(plan, out, jobs=1, formats=["pdf", "docx"])
    edit(plan, "status: draft", "status: initialled")
    report = briefgen.build(plan, out, jobs=1)
    assert names(report.built) == {PLAN_PDF, "az-uz-mes-2026-2027.docx"}
    again = briefgen.build(plan, out, jobs=1)
    assert names(again.unchanged) == {PLAN_PDF, "az-uz-mes-2026-2027.docx"} and not again.built


def test_a_format_deleted_by_hand_is_not_brought_back(inputs: Path, tmp_path: Path) -> None:
    """A format the user deleted is not rebuilt unless it is asked for."""
    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    briefgen.build(plan, out, jobs=1, formats=["pdf", "docx"])
    (out / "az-uz-mes-2026-2027.docx").unlink()
    edit(plan, "status: draft", "status: initialled")
    assert names(briefgen.build(plan, out, jobs=1).built) == {PLAN_PDF}


def test_an_output_of_other_options_is_named_stale(inputs: Path, tmp_path: Path) -> None:
    """An Azerbaijani output left older than its record is named, with the command to rebuild it."""
    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    briefgen.build(plan, out, jobs=1, lang="az")
    briefgen.build(plan, out, jobs=1)
    edit(plan, "status: draft", "status: initialled")
    report = briefgen.build(plan, out, jobs=1)
    assert report.stale == (out / "az-uz-mes-2026-2027.az.pdf",)
    (warning,) = [w for w in report.warnings if "out of date" in w.message]
    assert "briefgen build --lang az" in warning.message


def test_an_orphaned_output_is_named_and_pruned(inputs: Path, tmp_path: Path) -> None:
    """The outputs of a deleted record are named; --prune removes them (and only them)."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    (inputs / "az-ps-2026" / "brief.yaml").unlink()
    report = briefgen.build(inputs, out, jobs=1)
    assert report.orphaned == (out / "az-ps-ambassador-2026-01.docx",)
    assert any("orphaned output" in w.message and "--prune" in w.message for w in report.warnings)
    pruned = briefgen.build(inputs, out, jobs=1, prune=True)
    assert pruned.pruned == (out / "az-ps-ambassador-2026-01.docx",)
    assert not (out / "az-ps-ambassador-2026-01.docx").exists()
    assert {p.name for p in out.glob("*.pdf")} == {PLAN_PDF, "az-ps-cooperation-2026.pdf"}


def test_prune_keeps_an_edited_orphan(inputs: Path, tmp_path: Path) -> None:
    """An orphan edited by hand is not removed by --prune; it is named instead."""
    out = tmp_path / "out"
    briefgen.build(inputs, out, jobs=1)
    orphan = out / "az-ps-ambassador-2026-01.docx"
    orphan.write_bytes(orphan.read_bytes() + b"edited")
    (inputs / "az-ps-2026" / "brief.yaml").unlink()
    report = briefgen.build(inputs, out, jobs=1, prune=True)
    assert orphan.is_file() and report.orphaned == (orphan,) and not report.pruned


def test_a_record_whose_id_changed_leaves_an_orphan(inputs: Path, tmp_path: Path) -> None:
    """The output under a record's old id is an orphan once the record has a new id."""
    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    briefgen.build(plan, out, jobs=1)
    edit(plan, "id: az-uz-mes-2026-2027", "id: az-uz-mes-2026-2028")
    report = briefgen.build(plan, out, jobs=1, prune=True)
    assert names(report.built) == {"az-uz-mes-2026-2028.pdf"}
    assert report.pruned == (out / PLAN_PDF,)


# --- what the command line says ----------------------------------------------------------------


def test_many_warnings_of_one_record_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An Azerbaijani build prints one warning line per record with a count of the fields,
    at the first field's line, and the summary counts the lines."""
    plan = EXAMPLES / "az-uz-2026" / "plan.yaml"
    assert main(["build", str(plan), "-o", str(tmp_path), "--lang", "az"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2, lines
    assert re.match(
        r".*plan\.yaml:\d+: warning: no az text; the en text is used \(\d+ fields: ", lines[0]
    )
    assert re.fullmatch(r"built 1, unchanged 0, failed 0, warnings 1 in \d+\.\d s", lines[1])


def test_verbose_prints_each_warning_and_quiet_prints_only_failures(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-v lists every field that fell back; -q prints nothing for a build without failures."""
    plan = str(inputs / "az-uz-2026" / "plan.yaml")
    main(["build", plan, "-o", str(tmp_path / "a"), "--lang", "az", "-v"])
    assert len(capsys.readouterr().err.splitlines()) > 10
    assert main(["build", plan, "-o", str(tmp_path / "b"), "--lang", "az", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_one_warning_of_many_records_is_one_line(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'--original does not apply to a brief' is said once for both briefs, with a count."""
    main(["build", str(inputs), "-o", str(tmp_path), "--original", "az"])
    said = [line for line in capsys.readouterr().err.splitlines() if "does not apply" in line]
    assert len(said) == 1 and said[0].endswith("(and 1 more file)")


@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "outside"])
def test_a_manifest_naming_a_strange_source_rebuilds(
    inputs: Path, tmp_path: Path, source: str
) -> None:
    """A forged source (a device, a FIFO, a file outside the build) is never read: the record
    is simply built again."""
    import os

    out = tmp_path / "out"
    plan = inputs / "az-uz-2026" / "plan.yaml"
    briefgen.build(plan, out, jobs=1)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    if source == "fifo":
        os.mkfifo(tmp_path / "fifo")
        forged = str(tmp_path / "fifo")
    elif source == "outside":
        (tmp_path / "elsewhere.yaml").write_text("x", "utf-8")
        forged = str(tmp_path / "elsewhere.yaml")
    else:
        forged = source
    for entry in manifest["outputs"].values():
        entry["sources"] = [*entry["sources"], os.path.relpath(forged, out)]
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    assert names(briefgen.build(plan, out, jobs=1).built) == {PLAN_PDF}


# --- hostile conditions --------------------------------------------------------------------


def test_a_bug_on_one_record_is_named_once_and_the_rest_are_built(
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An exception of ours on one record fails that record as a bug, with its traceback shown
    once, and every other record is built."""
    composer = importlib.import_module("briefgen.compose.brief")
    real = composer.compose

    def broken(record: object, languages: object = (), original: object = None) -> object:
        if getattr(record, "id", "") == "az-ps-ambassador-2026-01":
            raise ValueError("planted")
        return real(record, languages, original)  # type: ignore[arg-type]

    monkeypatch.setattr(composer, "compose", broken)
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "this is a bug in briefgen" in err and "ValueError: planted" in err
    assert err.count("Traceback (most recent call last)") == 1
    assert summary(err) == (3, 0, 1)


def test_an_empty_output_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`-o ""` would build into the current folder: it is refused."""
    assert main(["build", str(EXAMPLES), "-o", ""]) == 2
    assert "give a folder" in capsys.readouterr().err


def test_a_second_build_into_one_folder_waits_for_the_first(inputs: Path, tmp_path: Path) -> None:
    """While one build holds the output folder, another waits (and says so), then builds."""
    import threading

    out = tmp_path / "out"
    said: list[Problem] = []
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with bulk._folder_lock(out, None, enabled=True):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    report = briefgen.build(
        inputs / "az-uz-2026" / "plan.yaml", out, jobs=1, on_problem=said.append
    )
    holder.join()
    assert names(report.built) == {PLAN_PDF}
    assert any("another build is writing to this folder" in p.message for p in said)


def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    """SIGKILL of the building process leaves no worker process behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    from tests.test_nothing_lost import make_records

    make_records(tmp_path / "in", count=40)
    code = (
        "import briefgen, sys; "
        f"briefgen.build({str(tmp_path / 'in')!r}, {str(tmp_path / 'out')!r}, jobs=2)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 30
        children: list[psutil.Process] = []
        while time.monotonic() < deadline and len(children) < 2:
            children = psutil.Process(proc.pid).children(recursive=True)
            time.sleep(0.05)
        assert children, "the build started no workers"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"workers left running: {[p.pid for p in alive]}"
    finally:
        if proc.poll() is None:
            proc.kill()
