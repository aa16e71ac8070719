"""LibreOffice opens the redline DOCX and reads its marks as tracked changes, not as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

import briefgen
from briefgen.model import Comparison
from briefgen.options import Options
from briefgen.pipeline import make
from briefgen.theme import load_theme
from tests.compare.redlines import NEW, OLD
from tests.realclient.test_docx_libreoffice import convert

pytestmark = [
    pytest.mark.realclient,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"


@pytest.mark.parametrize("lang", ["en", "az+en"])
def test_libreoffice_reads_the_tracked_changes(lang: str, tmp_path: Path) -> None:
    """Converted to flat ODF by LibreOffice, the redline holds insertions and deletions by
    briefgen, among them the removed initiative and the old signatory's name."""
    old, new = briefgen.load(OLD), briefgen.load(NEW)
    assert isinstance(old, briefgen.Plan) and isinstance(new, briefgen.Plan)
    options = Options.make(lang=lang, formats=("docx",))
    (output,) = make(Comparison(old=old, new=new), options, load_theme()).outputs
    docx = tmp_path / output.name
    docx.write_bytes(output.data)
    fodt = convert(docx, tmp_path, "fodt")
    root = etree.parse(str(fodt)).getroot()
    regions = list(root.iter(f"{{{TEXT}}}changed-region"))
    kinds = {child.tag.split("}")[1] for region in regions for child in region}
    assert {"insertion", "deletion"} <= kinds and len(regions) > 20
    assert {c.text for c in root.iter(f"{{{DC}}}creator")} == {"briefgen"}
    # LibreOffice keeps deleted text in the body, between the marks of its change.
    xml = fodt.read_text("utf-8")
    deleted = " ".join(
        re.sub(r"<[^>]+>", "", between)
        for region in regions
        if region.find(f"{{{TEXT}}}deletion") is not None
        for between in re.findall(
            rf'<text:change-start text:change-id="{region.get(f"{{{TEXT}}}id")}"/>(.*?)'
            rf'<text:change-end text:change-id="{region.get(f"{{{TEXT}}}id")}"/>',
            xml,
            flags=re.DOTALL,
        )
    )
    assert "Reciprocal participation" in deleted and "Kudratkhodjaev" in deleted
    assert "Kuldashev" not in deleted
