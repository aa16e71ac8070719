"""Compose a plan in two languages side by side (filled in by the bilingual work)."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.compose.blocks import Document
from briefgen.errors import InputError, Problem
from briefgen.model import Language, Plan

__all__ = ["compose_parallel"]


def compose_parallel(
    plan: Plan, langs: Sequence[Language], *, original: str | None = None
) -> Document:
    """The Document of a plan with two languages side by side."""
    raise InputError(
        [Problem(source=plan.id, path="--lang", message="parallel documents are being built")]
    )
