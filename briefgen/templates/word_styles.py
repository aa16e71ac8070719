"""Show the Word styles a theme generates, or write them as a reference.docx to restyle in Word.

The DOCX renderer generates its Word styles from a theme's `theme.toml` (see
`briefgen.render.docx.styles`); nothing Word-specific is committed. For review, print the
styles part, indented:

    python briefgen/templates/word_styles.py [THEME]              # the styles part, indented
    python briefgen/templates/word_styles.py [THEME] --docx OUT   # a starter reference.docx

A `reference.docx` written with `--docx`, restyled in Word and saved in a theme folder,
restyles that theme's DOCX output (its styles replace the generated ones of the same name).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

from briefgen.compose.blocks import Document, Meta
from briefgen.render.docx import render
from briefgen.theme import load_theme


def starter_docx(theme: str | Path | None = None) -> bytes:
    """An empty document holding every Word style of `theme` (a reference.docx to restyle)."""
    empty = Document(meta=Meta(id="reference", title="briefgen reference styles"), blocks=())
    return render(empty, load_theme(theme))


def pretty_styles(theme: str | Path | None = None) -> bytes:
    """The styles part the theme generates, indented for review."""
    with zipfile.ZipFile(io.BytesIO(starter_docx(theme))) as archive:
        root = etree.fromstring(archive.read("word/styles.xml"))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("theme", nargs="?", help="theme name or folder (default: default)")
    parser.add_argument("--docx", type=Path, help="write a starter reference.docx here")
    args = parser.parse_args(argv)
    if args.docx is not None:
        args.docx.write_bytes(starter_docx(args.theme))
    else:
        sys.stdout.buffer.write(pretty_styles(args.theme))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
