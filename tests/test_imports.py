"""The light modules never import the renderers' heavy libraries (python-docx, reportlab)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("docx", "reportlab")


@pytest.mark.parametrize(
    "module", ["briefgen", "briefgen.model", "briefgen.load", "briefgen.cli", "briefgen.schema"]
)
def test_module_imports_no_renderer_library(module: str) -> None:
    """Importing the module in a fresh interpreter leaves docx and reportlab unimported."""
    code = (
        f"import sys, {module}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_check_is_able_to_see_a_heavy_import() -> None:
    """The same probe reports docx once it is imported, so the test above can fail."""
    code = "import sys, docx\nprint('docx' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip() == "True", result.stderr
