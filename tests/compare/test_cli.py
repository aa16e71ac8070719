"""`briefgen compare OLD NEW`: the command writes the redline, refuses what is no round."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main
from tests.compare.redlines import NEW, OLD, ROOT, body_of, marks

ID = "az-uz-mes-2026-2027-az-en"


def test_compare_writes_a_redline_docx_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without -f the command writes DIR/<id>.redline.docx, with tracked changes, and names it."""
    assert main(["compare", str(OLD), str(NEW), "-o", str(tmp_path)]) == 0
    written = tmp_path / f"{ID}.redline.docx"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
    assert str(written) in capsys.readouterr().out
    body = body_of(written.read_bytes())
    assert marks(body, "ins") and marks(body, "del")


def test_compare_writes_both_formats_and_a_parallel_text(tmp_path: Path) -> None:
    """-f docx -f pdf --lang az+en writes both files of the parallel text, and --author
    names the author of the changes."""
    args = ["compare", str(OLD), str(NEW), "-o", str(tmp_path), "-f", "docx", "-f", "pdf"]
    assert main([*args, "--lang", "az+en", "--author", "UZ side"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{ID}.redline.az+en.docx", f"{ID}.redline.az+en.pdf"]
    assert (tmp_path / names[1]).read_bytes().startswith(b"%PDF")
    body = body_of((tmp_path / names[0]).read_bytes())
    assert b'w:author="UZ side"' in body


def test_two_different_plans_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Versions of two different plans (different ids) exit 2, naming both ids, writing nothing."""
    other = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"
    assert main(["compare", str(other), str(NEW), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "'az-uz-mes-2026-2027'" in err and f"'{ID}'" in err and "same id" in err
    assert list(tmp_path.iterdir()) == []


def test_a_brief_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """compare takes plans: a brief is refused with exit 2."""
    brief = ROOT / "inputs" / "az-uz-2026" / "brief.yaml"
    assert main(["compare", str(brief), str(NEW), "-o", str(tmp_path)]) == 2
    assert "compare takes two versions of a plan" in capsys.readouterr().err


def test_a_broken_version_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A problem in either file is reported at its file and line, exit 1, nothing written."""
    broken = tmp_path / "v05.yaml"
    broken.write_text(
        NEW.read_text("utf-8").replace("timeframe: {en: 2026 Q4", "timeframe: {en: [2026]"),
        "utf-8",
    )
    out = tmp_path / "out"
    assert main(["compare", str(OLD), str(broken), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "v05.yaml:" in err and "sections[0].initiatives[0].timeframe" in err
    assert not out.exists()
