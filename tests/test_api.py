"""The public API of briefgen is explicit and pinned (house rule 8)."""

from __future__ import annotations

from pathlib import Path

import briefgen

EXPORTED = [
    "Brief",
    "BriefgenError",
    "Changes",
    "InputError",
    "OutputError",
    "Plan",
    "Problem",
    "RenderError",
    "Report",
    "ThemeError",
    "build",
    "compare",
    "compose",
    "load",
    "render",
]


def test_all_is_pinned() -> None:
    """`briefgen.__all__` is exactly the agreed names; a change here is a change of API."""
    assert briefgen.__all__ == EXPORTED


def test_all_is_sorted() -> None:
    """`__all__` is kept sorted, so additions are easy to review."""
    assert briefgen.__all__ == sorted(briefgen.__all__)


def test_every_exported_name_exists() -> None:
    """Every name in `__all__` is an attribute of the package."""
    for name in briefgen.__all__:
        assert getattr(briefgen, name) is not None


def test_load_returns_a_record() -> None:
    """`briefgen.load(path)` returns a Plan or a Brief."""
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    assert isinstance(briefgen.load(inputs / "az-ps-2026" / "plan.yaml"), briefgen.Plan)
    assert isinstance(briefgen.load(inputs / "az-ps-2026" / "brief.yaml"), briefgen.Brief)
