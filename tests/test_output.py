"""Tests of briefgen.output: output names and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.options import Options
from briefgen.output import output_name, write_atomic


@pytest.mark.parametrize(
    ("lang", "original", "name"),
    [
        (None, None, "p.pdf"),
        ("az", None, "p.az.pdf"),
        ("az+en", None, "p.az+en.pdf"),
        (None, "uz", "p.uz-original.pdf"),
        ("az+en", "uz", "p.az+en.uz-original.pdf"),
        ("AZ + en", None, "p.az+en.pdf"),
    ],
)
def test_output_name(lang: str | None, original: str | None, name: str) -> None:
    """An output is named `<id>[.<lang>][.<party>-original].<ext>`, the language spelt one way."""
    assert output_name("p", "pdf", Options.make(lang=lang, original=original)) == name


def test_the_extension_comes_from_the_formats_registry() -> None:
    """A DOCX output ends in .docx; a format the registry lacks is refused."""
    assert output_name("p", "docx") == "p.docx"
    with pytest.raises(ValueError, match="unknown format"):
        output_name("p", "odt")


def test_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    """write_atomic replaces the file and leaves nothing else in the folder."""
    target = tmp_path / "sub" / "x.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]


def test_a_new_document_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    """A new file is 0666 less the umask, as any program's new file is."""
    import os

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "x.pdf", b"one")
    finally:
        os.umask(old)
    assert (tmp_path / "x.pdf").stat().st_mode & 0o777 == 0o640


def test_a_replaced_document_keeps_its_mode(tmp_path: Path) -> None:
    """A document made private stays private when it is written again."""
    target = tmp_path / "x.pdf"
    write_atomic(target, b"one")
    target.chmod(0o600)
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and target.stat().st_mode & 0o777 == 0o600
