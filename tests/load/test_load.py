"""Tests of briefgen.load (the package): its public names, the examples, and finding files."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefgen.errors import InputError
from briefgen.load import discover, load, unstructure
from briefgen.model import Brief, Plan
from tests.load.files import write

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "inputs"
EXAMPLES = sorted(INPUTS.rglob("*.yaml"))
AZ_UZ_PLAN = INPUTS / "az-uz-2026" / "plan.yaml"


def toml_value(value: Any) -> str:
    """A TOML 1.0 inline rendering of plain data (no TOML writer is a dependency)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    return "[" + ", ".join(toml_value(v) for v in value) + "]"


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


def test_the_public_names_are_kept() -> None:
    """The package offers the names the rest of briefgen and its users import, and no more."""
    package = importlib.import_module("briefgen.load")  # briefgen.load is the function
    assert sorted(package.__all__) == [
        "FORMATS",
        "Loaded",
        "MAX_BYTES",
        "Origin",
        "converter",
        "discover",
        "load",
        "load_with_sources",
        "structure",
        "unstructure",
    ]
    assert all(hasattr(package, name) for name in package.__all__)


# ---------------------------------------------------------------------------------------------
# The examples, in every format.


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(INPUTS)))
def test_every_example_loads(path: Path) -> None:
    """Every file in inputs/ loads into the record its kind names."""
    record = load(path)
    assert isinstance(record, Plan if path.stem.startswith("plan") else Brief)


def test_the_examples_are_found() -> None:
    """inputs/ holds the four canonical examples, three translated ones, one with its matrix
    in a workbook and a Russian plan, so the test above cannot pass vacuously."""
    assert len(EXAMPLES) == 9


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_json_and_toml_give_the_same_record(tmp_path: Path, fmt: str) -> None:
    """The az-uz plan written as JSON or TOML loads to the same record as the YAML."""
    record = load(AZ_UZ_PLAN)
    data = unstructure(record)
    text = json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else to_toml(data)
    assert load(write(tmp_path, f"plan.{fmt}", text)) == record


# ---------------------------------------------------------------------------------------------
# discover.


def test_discover_walks_folders_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    """Folders are walked recursively; hidden entries and other extensions are skipped."""
    for name in [
        "a.yaml",
        "b.yml",
        "c.json",
        "d.toml",
        "notes.txt",
        "README.md",
        ".hidden.yaml",
        "deep/er/e.YAML",
        ".git/f.yaml",
        "sub/.cache/g.yaml",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: plan\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.yaml", "b.yml", "c.json", "d.toml", "deep/er/e.YAML"]


def test_discover_keeps_files_given_and_drops_duplicates(tmp_path: Path) -> None:
    """A file named directly is kept whatever its extension, once even if also in a folder."""
    write(tmp_path, "a.yaml", "")
    other = write(tmp_path, "x.txt", "")
    found = discover([tmp_path / "a.yaml", tmp_path, other])
    assert found == [tmp_path / "a.yaml", other]


def test_discover_reports_a_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is an InputError naming it."""
    with pytest.raises(InputError) as info:
        discover([tmp_path / "nope"])
    assert [str(p) for p in info.value.problems] == [f"{tmp_path / 'nope'}: no such file or folder"]
