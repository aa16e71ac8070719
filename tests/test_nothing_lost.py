"""Nothing lost: a build killed at any moment leaves only complete documents, and a rerun finishes.

Decision on temporary files: a document is written to a hidden temporary file in the output
folder (`.<name>.<random>.tmp`) and renamed into place, so a SIGKILL can leave such a file
behind. That is accepted: it is hidden, never taken for a document, and a rerun ignores it
(it does not stop or confuse the build). Every visible file is always a whole document.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMP = re.compile(r"^\..+\.tmp$")

PLAN = """\
kind: plan
id: {id}
title: Plan of cooperation number {n}
parties:
  - {{id: a, state: State A, organisation: Ministry A}}
  - {{id: b, state: State B, organisation: Ministry B}}
sections:
{sections}
"""

BRIEF = """\
kind: brief
id: {id}
event:
  title: Meeting number {n}
  start: 2026-01-12T15:00
host: a
guest: b
parties:
  - {{id: a, state: State A, organisation: Ministry A}}
  - {{id: b, state: State B, organisation: Ministry B}}
summary:
{summary}
"""


def make_records(folder: Path, count: int = 40) -> None:
    """`count` records: three plans of 12 initiatives for every brief."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        if n % 4 == 3:
            summary = "".join(f"  - Point {i} of the summary of meeting {n}.\n" for i in range(8))
            text = BRIEF.format(id=f"brief-{n:02d}", n=n, summary=summary)
        else:
            rows = "".join(
                f"      - {{activity: Activity {i} of plan {n}, outcome: Result {i}}}\n"
                for i in range(12)
            )
            sections = f"  - area: Area of plan {n}\n    initiatives:\n{rows}"
            text = PLAN.format(id=f"plan-{n:02d}", n=n, sections=sections)
        (folder / f"record-{n:02d}.yaml").write_text(text, encoding="utf-8")


def build(inputs: Path, out: Path, *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m briefgen build INPUTS -o OUT` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "build", str(inputs), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )


def visible(folder: Path) -> dict[str, bytes]:
    """The documents in a folder: every file whose name does not start with a dot."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def assert_complete(data: bytes, name: str) -> None:
    """The bytes are a whole document: python-docx opens a DOCX, pypdf reads every PDF page."""
    import io

    if name.endswith(".pdf"):
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        assert len(reader.pages) >= 1
        for page in reader.pages:
            page.extract_text()
    else:
        import docx

        docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], float]:
    """Inputs, the documents an uninterrupted build makes of them, and how long it took."""
    folder = tmp_path_factory.mktemp("nothing-lost")
    inputs = folder / "in"
    make_records(inputs)
    started = time.perf_counter()
    result = build(inputs, folder / "reference")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    documents = visible(folder / "reference")
    assert len(documents) == 40
    return inputs, documents, elapsed


def test_a_killed_build_leaves_only_whole_documents_and_a_rerun_finishes(
    reference: tuple[Path, dict[str, bytes], float], tmp_path: Path
) -> None:
    """SIGKILL at three seeded moments: every visible file is a whole document identical to an
    uninterrupted build's; then a rerun exits 0 and completes the rest."""
    inputs, expected, elapsed = reference
    out = tmp_path / "out"
    rng = random.Random(20260112)
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "build", str(inputs), "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the kill takes the build and any workers it started
        )
        time.sleep(rng.uniform(0.15, 0.9) * elapsed)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        for name, data in visible(out).items():
            assert name in expected, name
            assert_complete(data, name)
            assert data == expected[name], f"{name} differs from an uninterrupted build"
        leftovers = (
            [p.name for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
        )
        assert all(TEMP.match(n) or n == ".briefgen-manifest.json" for n in leftovers), leftovers
    result = build(inputs, out)
    assert result.returncode == 0, result.stderr
    assert visible(out) == expected


def test_a_failing_record_keeps_its_previous_document(tmp_path: Path) -> None:
    """Build, break the record, build again: exit 1, and the old document is byte-identical."""
    inputs = tmp_path / "in"
    make_records(inputs, count=2)
    out = tmp_path / "out"
    assert build(inputs, out).returncode == 0
    before = visible(out)
    record = inputs / "record-00.yaml"
    record.write_text(record.read_text().replace("title: Plan", "title: 7 #"), encoding="utf-8")
    result = build(inputs, out)
    assert result.returncode == 1
    assert f"{record.name}:3: title: expected text" in result.stderr
    assert visible(out) == before
    assert not [p for p in out.iterdir() if TEMP.match(p.name)]


def test_a_record_whose_text_cannot_be_printed_keeps_its_previous_document(tmp_path: Path) -> None:
    """A record that loads but cannot be rendered (a character no font has) fails alone."""
    inputs = tmp_path / "in"
    make_records(inputs, count=2)
    out = tmp_path / "out"
    assert build(inputs, out).returncode == 0
    before = visible(out)
    record = inputs / "record-00.yaml"
    text = record.read_text().replace("Plan of cooperation", "Plan \ue000 of cooperation")
    record.write_text(text, encoding="utf-8")
    result = build(inputs, out)
    assert result.returncode == 1, result.stderr
    assert "U+E000" in result.stderr and record.name in result.stderr
    assert visible(out) == before
