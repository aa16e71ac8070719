"""Tests of briefgen.bulk.manifest: theme digests and the manifest file."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from briefgen.bulk.manifest import MANIFEST_NAME, Entry, Manifest, theme_digest
from briefgen.output import write_atomic
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "briefgen" / "templates" / "default"


def entry(**changes: object) -> Entry:
    base: dict[str, object] = {
        "record": "../in/p.yaml",
        "id": "p",
        "kind": "plan",
        "format": "pdf",
        "sources": ("../in/p.yaml",),
        "inputs": "k",
        "sha256": "s",
    }
    return Entry(**{**base, **changes})  # type: ignore[arg-type]


def test_theme_digest_ignores_where_the_theme_lives(tmp_path: Path) -> None:
    """A copy of a theme in another folder has the digest of the original."""
    copy = shutil.copytree(DEFAULT, tmp_path / "copy")
    assert theme_digest(load_theme(copy)) == theme_digest(load_theme())


def test_theme_digest_covers_reference_docx_and_fonts(tmp_path: Path) -> None:
    """Changing reference.docx or a font file changes the digest."""
    copy = Path(shutil.copytree(DEFAULT, tmp_path / "copy"))
    before = theme_digest(load_theme(copy))
    with zipfile.ZipFile(copy / "reference.docx", "w") as archive:  # a (tiny) Word base
        archive.writestr("word/styles.xml", "<w:styles/>")
    after_docx = theme_digest(load_theme(copy))
    assert after_docx != before
    font = ROOT / "briefgen" / "fonts" / "DejaVuSans.ttf"
    shutil.copy(font, copy / "Mine.ttf")
    (copy / "theme.toml").write_text(
        (copy / "theme.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert theme_digest(load_theme(copy)) != after_docx  # a new file in the theme folder


def test_manifest_round_trip(tmp_path: Path) -> None:
    """A saved manifest reads back equal, with sorted keys, and is written once."""
    manifest = Manifest(tmp_path, {"p.pdf": entry(), "a.pdf": entry(id="a")})
    assert manifest.save(write_atomic) is True
    assert manifest.save(write_atomic) is False
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=1) + "\n"
    assert Manifest.read(tmp_path).entries == manifest.entries


@pytest.mark.parametrize(
    "text", ["{not json", "[]", '{"manifest": 0, "outputs": {}}', '{"manifest": 1}']
)
def test_an_unreadable_manifest_is_empty(tmp_path: Path, text: str) -> None:
    """A manifest that is broken or of another schema reads as empty."""
    (tmp_path / MANIFEST_NAME).write_text(text, encoding="utf-8")
    assert Manifest.read(tmp_path).entries == {}


def test_prune_forgets_missing_outputs(tmp_path: Path) -> None:
    """Entries whose output file is gone are dropped."""
    (tmp_path / "a.pdf").write_bytes(b"x")
    manifest = Manifest(tmp_path, {"a.pdf": entry(), "gone.pdf": entry()})
    manifest.prune()
    assert set(manifest.entries) == {"a.pdf"}


def test_paths_are_stored_relative_to_the_output_folder(tmp_path: Path) -> None:
    """Stored paths are relative to the output folder and resolve back to the file."""
    (tmp_path / "in").mkdir()
    record = tmp_path / "in" / "p.yaml"
    record.write_text("x", encoding="utf-8")
    manifest = Manifest(tmp_path / "out")
    assert manifest.relative(record) == "../in/p.yaml"
    assert manifest.absolute("../in/p.yaml") == record.resolve()


def _stored(**changes: object) -> str:
    """A manifest of one entry, with some stored fields changed."""
    data = {**entry().data(), **changes}
    return json.dumps({"manifest": 2, "outputs": {"a.pdf": data}})


@pytest.mark.parametrize(
    "text",
    [
        _stored(id=["a", "list"]),
        _stored(sources="../in/p.yaml"),
        _stored(sources=["../in/p\x00.yaml"]),
        _stored(
            warnings=[{"source": "x", "line": 1, "path": "", "message": "m", "severity": "loud"}]
        ),
        _stored(warnings=[{"source": "x"}]),
        _stored(lang=5),
        json.dumps({"manifest": 2, "outputs": {"../escape.pdf": entry().data()}}),
        json.dumps({"manifest": 2, "outputs": {"sub/a.pdf": entry().data()}}),
        json.dumps({"manifest": 2, "outputs": []}),
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=[
        "list-for-text",
        "text-for-list",
        "nul-in-source",
        "bad-severity",
        "bad-warning",
        "number-for-lang",
        "name-outside",
        "name-in-subfolder",
        "outputs-not-a-mapping",
        "deep-nesting",
    ],
)
def test_a_damaged_manifest_reads_as_empty(tmp_path: Path, text: str) -> None:
    """Every stored field is checked: a damaged or forged manifest is empty, never a traceback."""
    (tmp_path / MANIFEST_NAME).write_text(text, encoding="utf-8")
    assert Manifest.read(tmp_path).entries == {}


def test_a_sound_manifest_of_this_schema_is_read(tmp_path: Path) -> None:
    """The damaged cases above differ from a good manifest only in what they damage."""
    (tmp_path / MANIFEST_NAME).write_text(_stored(lang="az"), encoding="utf-8")
    assert Manifest.read(tmp_path).entries == {"a.pdf": entry(lang="az")}


def test_a_manifest_that_is_no_regular_file_is_not_read(tmp_path: Path) -> None:
    """A FIFO in the manifest's place reads as empty at once instead of blocking the build."""
    import os

    os.mkfifo(tmp_path / MANIFEST_NAME)
    assert Manifest.read(tmp_path).entries == {}


def test_a_huge_manifest_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A manifest over the size cap reads as empty without being loaded whole."""
    import briefgen.bulk.manifest as manifest

    monkeypatch.setattr(manifest, "MAX_MANIFEST_BYTES", 100)
    (tmp_path / MANIFEST_NAME).write_text(_stored(), encoding="utf-8")
    assert Manifest.read(tmp_path).entries == {}


def test_theme_digest_covers_a_logo_outside_the_theme_folder(tmp_path: Path) -> None:
    """A logo beside the theme folder (`logo = "../crest.png"`) is part of the digest."""
    from PIL import Image

    folder = tmp_path / "theme"
    folder.mkdir()
    Image.new("RGB", (8, 8), "navy").save(tmp_path / "crest.png")
    (folder / "theme.toml").write_text('[page]\nlogo = "../crest.png"\n', encoding="utf-8")
    before = theme_digest(load_theme(folder))
    assert theme_digest(load_theme(folder)) == before
    Image.new("RGB", (8, 8), "maroon").save(tmp_path / "crest.png")
    assert theme_digest(load_theme(folder)) != before


def test_theme_digest_covers_a_logo_by_absolute_path(tmp_path: Path) -> None:
    """A logo named by an absolute path elsewhere changes the digest when replaced."""
    from PIL import Image

    folder = tmp_path / "theme"
    folder.mkdir()
    logo = tmp_path / "elsewhere" / "logo.jpg"
    logo.parent.mkdir()
    Image.new("RGB", (8, 8), "navy").save(logo, "JPEG")
    (folder / "theme.toml").write_text(f'[page]\nlogo = "{logo}"\n', encoding="utf-8")
    before = theme_digest(load_theme(folder))
    Image.new("RGB", (9, 9), "navy").save(logo, "JPEG")
    assert theme_digest(load_theme(folder)) != before


def test_a_link_to_proc_self_mem_in_the_theme_folder_is_a_theme_error(tmp_path: Path) -> None:
    """A theme folder file that cannot be read is a ThemeError naming it, not an OSError."""
    from briefgen.errors import ThemeError

    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text("", encoding="utf-8")
    (folder / "notes.bin").symlink_to("/proc/self/mem")
    with pytest.raises(ThemeError, match=r"notes\.bin: cannot read"):
        theme_digest(load_theme(folder))


def test_a_theme_folder_of_thousands_of_files_is_a_theme_error(tmp_path: Path) -> None:
    """Past MAX_THEME_FILES files the theme is refused instead of hashing them all."""
    from briefgen.bulk.manifest import MAX_THEME_FILES
    from briefgen.errors import ThemeError

    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text("", encoding="utf-8")
    for index in range(MAX_THEME_FILES + 1):
        (folder / f"{index}.txt").write_bytes(b"")
    with pytest.raises(ThemeError, match="more than 1,000 files"):
        theme_digest(load_theme(folder))


def test_a_build_with_an_unreadable_theme_file_fails_before_any_record(tmp_path: Path) -> None:
    """build() raises the ThemeError before writing anything."""
    from briefgen import build
    from briefgen.errors import ThemeError
    from tests.records import MINIMAL_PLAN

    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text("", encoding="utf-8")
    (folder / "x.bin").symlink_to("/proc/self/mem")
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    with pytest.raises(ThemeError):
        build([tmp_path / "plan.yaml"], tmp_path / "out", jobs=1, theme=folder)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
