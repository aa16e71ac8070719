"""Tests of briefgen.cli: exit codes, where output goes, and the check/schema/new commands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.load import load
from briefgen.model import Plan

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "invalid"


def fill(skeleton: str) -> str:
    """Fill a skeleton's placeholders as a user would: an id for `id`, "x" for the rest."""
    filled = re.sub(r'^id: ""', "id: filled-in", skeleton, flags=re.MULTILINE)
    return filled.replace('""', '"x"')


def test_check_inputs_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen check inputs` exits 0 and says how many files were valid."""
    assert main(["check", str(ROOT / "inputs")]) == 0
    assert capsys.readouterr().err == "checked 7 files: 7 valid, 0 with problems\n"


def test_check_defaults_to_inputs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen check` with no path checks inputs/ of the current folder."""
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0
    assert "checked 7 files" in capsys.readouterr().err


def test_check_bad_file_exits_1_with_located_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with problems exits 1 and prints each as FILE:LINE: PATH: MESSAGE on stderr."""
    monkeypatch.chdir(INVALID)
    assert main(["check", "host-guest-not-parties.yaml", "bad-status.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "host-guest-not-parties.yaml:7: host: 'az' is not a party (parties: a, b)",
        "host-guest-not-parties.yaml:8: guest: 'uz' is not a party (parties: a, b)",
        "bad-status.yaml:4: status: must be one of draft, initialled, signed; got text 'approved'",
        "checked 2 files: 0 valid, 2 with problems",
    ]


def test_check_goes_on_after_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad file in a folder does not stop the others from being checked."""
    (tmp_path / "a.yaml").write_text("kind: plan\n", encoding="utf-8")
    good = (ROOT / "inputs" / "az-ps-2026" / "plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(good, encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "checked 2 files: 1 valid, 1 with problems"


def test_check_missing_path_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is reported, not a traceback, and the check fails."""
    assert main(["check", str(tmp_path / "nope")]) != 0
    assert f"{tmp_path / 'nope'}: no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_schema_prints_json(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen schema KIND` prints a JSON Schema of that kind on stdout."""
    assert main(["schema", kind]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["title"] == f"briefgen {kind}"
    assert document["properties"]["kind"]["const"] == kind


def test_schema_of_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen schema memo` exits 2."""
    assert main(["schema", "memo"]) == 2
    assert "memo" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_new_skeleton_fails_until_filled(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen new` writes a skeleton that fails check with placeholders and passes filled."""
    path = tmp_path / f"{kind}.yaml"
    assert main(["new", kind, str(path)]) == 0
    skeleton = path.read_text(encoding="utf-8")
    assert f"kind: {kind}\n" in skeleton
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err
    assert "id: '' is not a valid id" in err
    path.write_text(fill(skeleton), encoding="utf-8")
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


def test_new_without_file_prints_the_skeleton(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen new plan` with no FILE prints the skeleton on stdout."""
    assert main(["new", "plan"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=plan.schema.json"
    assert lines[1].startswith("# A joint action plan.")


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen new` on an existing file exits 2 and leaves the file as it was."""
    path = tmp_path / "plan.yaml"
    path.write_text("mine\n", encoding="utf-8")
    assert main(["new", "plan", str(path)]) == 2
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert "already exists" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command exits 2 and says so."""
    assert main(["frobnicate"]) == 2
    assert "frobnicate" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    """An unknown option exits 2."""
    assert main(["check", "--frobnicate"]) == 2


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefgen --help` lists the commands and exits 0."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(command in out for command in ("check", "schema", "new"))


def test_python_m_briefgen_help() -> None:
    """`python -m briefgen --help` works in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "check" in result.stdout


def test_links_outside_the_given_folder_need_allow_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brief linking ../other/plan.yaml fails naming the line and the flag; --allow-outside builds it."""
    tree, other = tmp_path / "tree", tmp_path / "other"
    tree.mkdir()
    other.mkdir()
    (other / "plan.yaml").write_bytes((ROOT / "inputs" / "az-uz-2026" / "plan.yaml").read_bytes())
    brief = (ROOT / "inputs" / "az-uz-2026" / "brief.yaml").read_text("utf-8")
    brief = brief.replace("parties: plan.yaml", "parties: ../other/plan.yaml")
    brief = brief.replace("plan: plan.yaml", "plan: ../other/plan.yaml")
    (tree / "brief.yaml").write_text(brief, "utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tree), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "brief.yaml:29: parties: ../other/plan.yaml" in err and "--allow-outside" in err
    assert not out.exists() or not any(out.glob("*.docx"))
    assert main(["build", str(tree), "-o", str(out), "--jobs", "1", "--allow-outside"]) == 0
    assert (out / "az-uz-mes-visit-2025-12.docx").is_file()


def test_check_refuses_what_build_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` is a full pre-flight: a character the fonts lack is reported by check with the
    same line as build reports it."""
    record = tmp_path / "plan.yaml"
    text = (ROOT / "inputs" / "az-uz-2026" / "plan.yaml").read_text("utf-8")
    record.write_text(
        text.replace("Enhanced operational readiness", "Enhanced 中 readiness", 1), "utf-8"
    )
    assert main(["check", str(record)]) == 1
    checked = [line for line in capsys.readouterr().err.splitlines() if "U+4E2D" in line]
    assert main(["build", str(record), "-o", str(tmp_path / "out")]) == 1
    built = [line for line in capsys.readouterr().err.splitlines() if "U+4E2D" in line]
    assert checked == built and len(checked) == 1


def test_check_refuses_a_link_outside_the_folders_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link leaving the folder checked is refused by check as by build, unless allowed."""
    inside = tmp_path / "in"
    inside.mkdir()
    brief = (ROOT / "inputs" / "az-uz-2026" / "brief.yaml").read_text("utf-8")
    (tmp_path / "plan.yaml").write_text(
        (ROOT / "inputs" / "az-uz-2026" / "plan.yaml").read_text("utf-8"), "utf-8"
    )
    (inside / "brief.yaml").write_text(brief.replace(" plan.yaml", " ../plan.yaml"), "utf-8")
    assert main(["check", str(inside)]) == 1
    assert "is outside" in capsys.readouterr().err
    assert main(["check", str(inside), "--allow-outside"]) == 0


def test_check_reports_two_records_with_one_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two records with one id would overwrite each other's document: check says so."""
    plan = (ROOT / "inputs" / "az-uz-2026" / "plan.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(plan, "utf-8")
    (tmp_path / "b.yaml").write_text(plan, "utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "each record needs its own id" in capsys.readouterr().err


def test_check_reports_an_unusable_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A theme that build would refuse is refused by check, naming its file and key."""
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.toml").write_text('[page]\nsize = "A3"\n', "utf-8")
    assert main(["check", str(ROOT / "inputs"), "--theme", str(theme)]) == 1
    assert "page.size" in capsys.readouterr().err


def test_check_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check leaves no output and no manifest anywhere."""
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(ROOT / "inputs")]) == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_new_writes_the_format_the_name_asks_for(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen new brief x.json` writes JSON (and .toml TOML) that check reads, with the
    same placeholders to fill as the YAML skeleton."""
    import tomllib

    path = tmp_path / f"brief{suffix}"
    assert main(["new", "brief", str(path)]) == 0
    text = path.read_text("utf-8")
    data = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    assert data["kind"] == "brief" and data["id"] == ""
    assert main(["check", str(path)]) == 1
    assert "id: " in capsys.readouterr().err


def test_new_refuses_a_name_of_no_record_format(tmp_path: Path) -> None:
    """A skeleton named .txt is a usage error: records are YAML, JSON or TOML."""
    assert main(["new", "brief", str(tmp_path / "brief.txt")]) == 2


@pytest.mark.parametrize("kind", ["plan", "brief"])
def test_new_yaml_points_the_editor_at_the_schema_file(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A YAML skeleton's first line names KIND.schema.json for the YAML language server, and
    `briefgen schema KIND -o` writes that file; the skeleton, filled, still checks."""
    path = tmp_path / "visit.yaml"
    assert main(["new", kind, str(path)]) == 0
    first = path.read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={kind}.schema.json"
    assert f"briefgen schema {kind} -o" in capsys.readouterr().err
    target = tmp_path / first.rpartition("=")[2]
    assert main(["schema", kind, "-o", str(target)]) == 0
    assert json.loads(target.read_text("utf-8"))["title"] == f"briefgen {kind}"
    path.write_text(fill(path.read_text("utf-8")), encoding="utf-8")
    # the schema file beside the record is no record: the folder still checks
    assert main(["check", str(tmp_path)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_new_json_or_toml_has_no_schema_line(tmp_path: Path, suffix: str) -> None:
    """Only YAML carries the editor's schema line (JSON has no comments)."""
    path = tmp_path / f"brief{suffix}"
    assert main(["new", "brief", str(path)]) == 0
    assert "yaml-language-server" not in path.read_text("utf-8")


def test_schema_out_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen schema brief -o FILE` on an existing FILE is a usage error (exit 2) leaving
    it as it was; with --force it is replaced."""
    target = tmp_path / "brief.schema.json"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["schema", "brief", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text("utf-8") == "mine\n"
    assert main(["schema", "brief", "-o", str(target), "--force"]) == 0
    assert json.loads(target.read_text("utf-8"))["title"] == "briefgen brief"


def test_theme_new_states_nothing_but_comments(tmp_path: Path) -> None:
    """`briefgen theme new` writes a theme.toml whose every setting is commented out: it
    reads as empty tables, and every key of the default theme is shown with a hint."""
    import tomllib

    from briefgen.theme import TEMPLATES

    folder = tmp_path / "ministry"
    assert main(["theme", "new", str(folder)]) == 0
    text = (folder / "theme.toml").read_text("utf-8")

    def leaves(data: dict[str, object]) -> list[object]:
        return [
            leaf
            for value in data.values()
            for leaf in (leaves(value) if isinstance(value, dict) else [value])  # type: ignore[arg-type]
        ]

    assert leaves(tomllib.loads(text)) == []
    default = tomllib.loads((TEMPLATES / "default" / "theme.toml").read_text("utf-8"))
    uncommented = tomllib.loads(
        "\n".join(re.sub(r"^# (\w+ = .*?)\s+# .*$", r"\1", line) for line in text.splitlines())
    )
    assert uncommented["page"].pop("logo") == "emblem.png"  # shown, though the default has none
    assert uncommented == default
    for line in text.splitlines():
        if re.match(r"^# \w+ = ", line):
            assert re.search(r"\S\s+# \w", line), f"no hint: {line}"
    assert main(["theme", "new", str(folder)]) == 2  # never over a theme


def test_a_theme_from_theme_new_changed_in_one_colour_changes_both_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Uncommenting header_fill in a `theme new` theme shades the table headers of both the
    DOCX (the Word table styles) and the PDF (the rectangles drawn) of a plan."""
    import io
    import zipfile

    import pdfplumber
    from lxml import etree

    folder = tmp_path / "ministry"
    assert main(["theme", "new", str(folder)]) == 0
    toml = folder / "theme.toml"
    text = toml.read_text("utf-8")
    assert '# header_fill = "#D9E1EE"' in text
    toml.write_text(
        text.replace('# header_fill = "#D9E1EE"', 'header_fill = "#FFE0E0"'), encoding="utf-8"
    )
    record = tmp_path / "records" / "plan.yaml"
    record.parent.mkdir()
    assert main(["new", "plan", str(record)]) == 0
    record.write_text(fill(record.read_text("utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(record), "-o", str(out), "-f", "docx", "-f", "pdf", "-j", "1"]
    assert main([*args, "--theme", str(folder)]) == 0, capsys.readouterr().err
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(out / "filled-in.docx") as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    fills = {
        shd.get(f"{{{w}}}fill")
        for shd in styles.iterfind(".//w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", {"w": w})
    }
    assert fills == {"FFE0E0"}
    with pdfplumber.open(io.BytesIO((out / "filled-in.pdf").read_bytes())) as pdf:
        colours = {
            tuple(round(c, 3) for c in rect["non_stroking_color"] or ())
            for page in pdf.pages
            for rect in page.rects
        }
    assert (1.0, round(0xE0 / 255, 3), round(0xE0 / 255, 3)) in colours


def test_check_prints_how_far_each_plan_is_negotiated(capsys: pytest.CaptureFixture[str]) -> None:
    """`check` says, for a plan with open clauses, how many are agreed, proposed by each
    party and contested; with --verbose, for every plan."""
    path = ROOT / "tests" / "negotiation.yaml"
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: 7 clauses: 3 agreed, 1 proposed by az, 1 proposed by uz, 2 contested",
        "checked 1 files: 1 valid, 0 with problems",
    ]
    plan = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"
    record = load(plan)
    assert isinstance(record, Plan)
    count = len(record.preamble) + len(record.final_provisions)
    count += sum(len(section.initiatives) for section in record.sections)
    assert main(["check", "--verbose", str(plan)]) == 0
    assert f"{plan}: {count} clauses: {count} agreed" in capsys.readouterr().err


def test_check_strict_fails_on_a_figure_that_differs_between_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A year one language version gives differently is a warning; --strict fails on it."""
    text = (ROOT / "tests" / "negotiation.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("2027-ci ilin II rübü", "2026-cı ilin II rübü"), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "timeframe: warning: en says 2027, az says 2026" in capsys.readouterr().err
    assert main(["check", "--strict", str(path)]) == 1
    assert main(["build", "--strict", str(path), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out" / "neg-demo.pdf").exists()
