"""The import rules of DESIGN.md section 2: imports point one way, and the light modules
never import the renderers' heavy libraries (python-docx, reportlab)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HEAVY = ("docx", "reportlab")
PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"

#: The layer of each module, by the longest matching name. A module may import modules of
#: its own layer or below, never above (imports under TYPE_CHECKING do not count).
LAYERS: dict[str, int] = {
    "briefgen.errors": 0,
    "briefgen.text": 1,
    "briefgen.names": 1,
    "briefgen.images": 1,
    "briefgen.model": 2,
    "briefgen.kinds": 3,
    "briefgen.compare": 3,  # two versions of a record compared: model-level data
    "briefgen.theme": 3,
    "briefgen.glyphs": 3,
    "briefgen.render": 3,  # the contract and the formats registry, no renderer
    "briefgen.options": 4,
    "briefgen.load": 5,
    "briefgen.compose": 5,
    "briefgen.coverage": 5,
    "briefgen.consistency": 5,
    "briefgen.schema": 5,
    "briefgen.render.docx": 5,
    "briefgen.render.pdf": 5,
    "briefgen.render.grid": 5,
    "briefgen.output": 6,
    "briefgen.export": 6,
    "briefgen.pipeline": 6,
    "briefgen.bulk": 7,
    "briefgen.sign": 7,  # signing and verifying finished PDFs (the cli calls it)
    "briefgen.watch": 7,  # building again on every save: beside bulk, under the CLI
    "briefgen.cli": 8,
    "briefgen.__main__": 9,
    "briefgen": 9,  # the package's public API
}

RENDERERS = ("briefgen.render.docx", "briefgen.render.pdf")


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "templates" in parts:
            continue  # developer scripts shipped beside the theme data
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def imports(path: Path, module: str) -> set[str]:
    """Every module `path` imports at run time, at any depth (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # `from briefgen import text` imports briefgen.text; `from briefgen.model import
            # Plan` resolves to briefgen.model (see `known`).
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).endswith("import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def ours(name: str) -> bool:
    return name == "briefgen" or name.startswith("briefgen.")


ALL = list(modules())
KNOWN = {name for name, _ in ALL}


def known(name: str) -> str | None:
    """The module of ours an imported name refers to (`briefgen.model.Plan` -> model)."""
    while name and name not in KNOWN:
        name = name.rpartition(".")[0]
    return name or None


@pytest.mark.parametrize(("module", "path"), ALL, ids=[name for name, _ in ALL])
def test_imports_point_one_way(module: str, path: Path) -> None:
    """A module imports only modules of its own layer or below (DESIGN.md section 2)."""
    upward = []
    for name in imports(path, module):
        target = known(name) if ours(name) else None
        if target and target != module and layer(target) > layer(module):
            upward.append(target)
    assert not upward, f"{module} (layer {layer(module)}) imports upward: {sorted(set(upward))}"


@pytest.mark.parametrize(("module", "path"), ALL, ids=[name for name, _ in ALL])
def test_the_renderers_keep_to_themselves(module: str, path: Path) -> None:
    """A renderer never imports another renderer, coverage, load, the pipeline or the CLI;
    nothing but the renderers imports python-docx or reportlab; nothing imports the CLI."""
    found = {known(n) or n for n in imports(path, module)}
    mine = next((r for r in RENDERERS if module == r or module.startswith(r + ".")), None)
    if mine is not None:
        forbidden = [r for r in RENDERERS if r != mine] + [
            "briefgen.coverage",
            "briefgen.load",
            "briefgen.pipeline",
            "briefgen.bulk",
        ]
        bad = sorted(n for n in found if any(n == f or n.startswith(f + ".") for f in forbidden))
        assert not bad, f"{module} imports {bad}"
    elif module not in ("briefgen.coverage", "briefgen.glyphs"):
        heavy = sorted(n for n in found if n.split(".")[0] in HEAVY)
        assert not heavy, f"{module} imports {heavy}"
    if module != "briefgen.__main__":
        assert "briefgen.cli" not in found


@pytest.mark.parametrize(
    "module",
    [
        "briefgen",
        "briefgen.model",
        "briefgen.load",
        "briefgen.compose.plan",
        "briefgen.compose.brief",
        "briefgen.cli",
        "briefgen.schema",
        "briefgen.render",
    ],
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


def test_the_layer_rule_is_able_to_see_an_upward_import(tmp_path: Path) -> None:
    """The static probe finds a lazy import inside a function, so the rule can fail."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from briefgen.cli import main\n", encoding="utf-8")
    assert {known(name) for name in imports(probe, "briefgen.model")} == {"briefgen.cli"}
