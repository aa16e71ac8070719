"""Watching inputs: which folders are watched, saves reported in batches, and `briefgen build
--watch` rebuilding a saved record, keeping the last good document through an error, and
stopping cleanly on Ctrl-C."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.theme import load_theme
from briefgen.watch import watch, watched_folders

ROOT = Path(__file__).resolve().parents[1]
#: Longest wait for the watcher to see a save and the build to finish, in seconds.
PATIENCE = 30.0


def wait_for(condition: Callable[[], bool], what: str, seconds: float = PATIENCE) -> None:
    """Poll `condition` until it holds; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_watched_folders_are_the_inputs_folders_and_the_theme_s(tmp_path: Path) -> None:
    """A file is watched through its folder, a folder inside another once, the theme's
    folder too unless it ships with briefgen."""
    records = tmp_path / "records"
    (records / "sub").mkdir(parents=True)
    (records / "a.yaml").write_text("", encoding="utf-8")
    theme = tmp_path / "ministry"
    theme.mkdir()
    (theme / "theme.toml").write_text("", encoding="utf-8")
    folders = watched_folders([records / "a.yaml", records / "sub"], load_theme(theme))
    assert folders == [records.resolve(), theme.resolve()]
    assert watched_folders([records], load_theme()) == [records.resolve()]


def test_a_save_calls_rebuild_with_the_file_and_the_output_folder_is_ignored(
    tmp_path: Path,
) -> None:
    """Saving a record reports it; writing into the ignored output folder and hidden files
    (the manifest, atomic writes' temporaries) reports nothing."""
    (tmp_path / "out").mkdir()
    batches: list[list[Path]] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=([tmp_path], batches.append),
        kwargs={"ignore": [tmp_path / "out"], "stop_event": stop, "debounce_ms": 50},
    )
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        (tmp_path / "out" / "doc.pdf").write_bytes(b"x")
        (tmp_path / ".manifest.json").write_text("{}", encoding="utf-8")
        time.sleep(0.5)
        (tmp_path / "brief.yaml").write_text("kind: brief\n", encoding="utf-8")
        wait_for(lambda: bool(batches), "the save to be reported")
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
    assert [path.name for batch in batches for path in batch] == ["brief.yaml"]


class Watcher:
    """`briefgen build --watch` in a subprocess; its stderr gathered by a thread."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "build", "--watch", *args],
            cwd=cwd,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def count(self, start: str) -> int:
        return sum(line.startswith(start) for line in list(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=PATIENCE)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.reader.join(timeout=5)


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT")
def test_build_watch_rebuilds_a_saved_record_keeps_the_last_good_one_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    """Saving a brief rebuilds its PDF with the new text; saving the theme rebuilds every
    document; saving the brief broken prints its problem and leaves the last good PDF as it
    was; Ctrl-C ends the watch with exit 0 and no traceback."""
    records = tmp_path / "records"
    shutil.copytree(ROOT / "inputs" / "az-uz-2026", records)
    for extra in ("plan-az-en.yaml", "brief-az.yaml", "plan-sheet.yaml"):
        (records / extra).unlink()
    brief = records / "brief.yaml"
    pdf = tmp_path / "out" / "az-uz-mes-visit-2025-12.pdf"
    theme = tmp_path / "ministry"
    theme.mkdir()
    (theme / "theme.toml").write_text("", encoding="utf-8")
    args = ["records", "-o", "out", "-j", "1", "-f", "pdf", "--theme", "ministry"]
    watcher = Watcher(args, tmp_path)
    try:
        wait_for(lambda: watcher.count("watching ") == 1, "the first build")
        assert watcher.count("built 2, unchanged 0, failed 0") == 1, watcher.lines
        assert "Meeting with the Minister" in pdf_text(pdf)

        text = brief.read_text("utf-8")
        brief.write_text(
            text.replace("title: Meeting with the Minister", "title: Talks with the Minister"),
            encoding="utf-8",
        )
        wait_for(lambda: watcher.count("built ") == 2, "the rebuild after the save")
        assert watcher.count("built 1, unchanged 1, failed 0") == 1, watcher.lines
        assert "Talks with the Minister" in pdf_text(pdf)

        before = pdf.read_bytes()
        (theme / "theme.toml").write_text('[colours]\nnavy = "#AA0000"\n', encoding="utf-8")
        wait_for(lambda: watcher.count("built ") == 3, "the rebuild after the theme's save")
        assert watcher.count("built 2, unchanged 0, failed 0") == 2, watcher.lines
        good = pdf.read_bytes()
        assert good != before

        brief.write_text(text.replace("host: az", "host: nobody"), encoding="utf-8")
        wait_for(lambda: watcher.count("built ") == 4, "the build of the broken record")
        assert watcher.count("built 0, unchanged 1, failed 1") == 1, watcher.lines
        assert any("brief.yaml" in line and "host" in line for line in watcher.lines)
        assert pdf.read_bytes() == good
    finally:
        code = watcher.stop()
    assert code == 0, watcher.lines
    assert watcher.lines[-1] == "stopped watching"
    assert not any("Traceback" in line for line in watcher.lines), watcher.lines
