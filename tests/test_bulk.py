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
from briefgen.cli import main
from briefgen.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parent.parent
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
SUMMARY = re.compile(r"built (\d+), unchanged (\d+), failed (\d+) in \d+\.\d s")


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
    assert re.fullmatch(r"built 4, unchanged 0, failed 0 in \d+\.\d s\n", capsys.readouterr().err)


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


def test_a_file_that_is_no_record_and_linked_by_none_fails(inputs: Path, tmp_path: Path) -> None:
    """A file without `kind` that no record links is reported: it is probably a mistake."""
    (inputs / "notes.yaml").write_text("- a list, not a record\n", encoding="utf-8")
    report = briefgen.build(inputs, tmp_path / "out", jobs=1)
    assert [file.name for file, _ in report.failed] == ["notes.yaml"]
    assert len(report.built) == 4


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
    """--lang az+en and --original reach compose as given, and name the output."""
    buildmod = importlib.import_module("briefgen.build")
    seen: list[tuple[object, object]] = []
    real = buildmod.compose

    def spy(record: object, lang: object = None, *, original: str | None = None) -> object:
        seen.append((lang, original))
        return real(record, None, original=None)  # type: ignore[arg-type]

    monkeypatch.setattr(buildmod, "compose", spy)
    plan = inputs / "az-uz-2026" / "plan.yaml"
    report = bulk.build(plan, tmp_path / "out", jobs=1, lang="az+en", original="uz")
    assert seen == [("az+en", "uz")]
    assert names(report.built) == {"az-uz-mes-2026-2027.az+en.uz-original.pdf"}


def test_cores_is_at_least_one() -> None:
    """The default number of jobs is the number of usable cores, at least one."""
    assert bulk.cores() >= 1
