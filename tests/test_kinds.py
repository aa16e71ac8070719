"""Tests of briefgen.kinds: the one registry of document kinds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.kinds import FILE_KINDS, KINDS, kind_named, kind_of
from briefgen.load import load
from briefgen.model import Brief, Comparison, Plan
from briefgen.render import FORMATS

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"
BRIEF = ROOT / "inputs" / "az-uz-2026" / "brief.yaml"


def test_each_kind_names_its_record_type() -> None:
    """A plan is a Plan and a brief a Brief, by the registry."""
    assert kind_of(load(PLAN)) is KINDS["plan"] and KINDS["plan"].record is Plan
    assert kind_of(load(BRIEF)) is KINDS["brief"] and KINDS["brief"].record is Brief


def test_an_unknown_record_type_raises() -> None:
    """Anything that is no registered record is a TypeError, never silently another kind."""
    with pytest.raises(TypeError, match="not a briefgen record: str"):
        kind_of("plan.yaml")


def test_an_unknown_kind_name_lists_the_known_ones() -> None:
    """kind_named refuses a name the registry lacks, naming the kinds it has."""
    with pytest.raises(KeyError, match=r"unknown kind 'mou' \(kinds: plan, brief, redline\)"):
        kind_named("mou")


def test_every_kind_is_complete() -> None:
    """Each kind has default formats from the formats registry, a composer and, when its
    records are written in files, a skeleton."""
    for kind in KINDS.values():
        assert kind.formats and set(kind.formats) <= set(FORMATS)
        if kind.name in FILE_KINDS:
            assert (ROOT / "briefgen" / "skeletons" / kind.skeleton).is_file()
        assert kind.max_languages >= 1
        module, _, function = kind.composer.partition(":")
        assert module.startswith("briefgen.compose.") and function


def test_a_kind_composes_only_its_own_record() -> None:
    """The plan kind refuses a brief rather than composing it as something else."""
    with pytest.raises(TypeError, match="a plan is composed from a Plan, not a Brief"):
        KINDS["plan"].compose(load(BRIEF))


def test_composing_through_the_registry() -> None:
    """Each kind's composer makes the Document of its record."""
    document = KINDS["plan"].compose(load(PLAN))
    assert document.blocks


def test_reading_the_registry_imports_no_composer() -> None:
    """Importing briefgen.kinds (as `check` does) imports no compose module."""
    code = (
        "import sys, briefgen.kinds; "
        "print([m for m in ('briefgen.compose.plan', 'briefgen.compose.brief') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_comparison_is_made_not_written() -> None:
    """The redline kind composes a Comparison and is not offered as a kind of record file."""
    assert kind_of(Comparison(old=load(PLAN), new=load(PLAN))) is KINDS["redline"]
    assert list(FILE_KINDS) == ["plan", "brief"]
