"""The folder tree is the architecture: each subpackage imports only itself and the layers
before it in the data flow, and only the CLI talks to the terminal."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "netnotes"
LAYERS = ["base", "vault", "notes", "index", "reports", "render", "edit", "exchange", "watch", "serve", "cli"]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every netnotes module imported anywhere in the file, lazy imports included."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            if node.module == "netnotes":
                out += [(node.lineno, f"netnotes.{a.name}") for a in node.names]
    return out


def test_every_module_lives_in_a_layer() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
                  and p.name != "templates") == sorted(LAYERS)
    for layer in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
        assert doc, f"netnotes/{layer}/__init__.py says what the layer holds and may import"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_data_flow(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    allowed = set(LAYERS[:LAYERS.index(layer) + 1])
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [f"line {line}: {name}" for line, name in _imports(tree)
             if name.startswith("netnotes.") and name.split(".")[1] in LAYERS
             and name.split(".")[1] not in allowed]
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports from a layer above it: {wrong}"


@pytest.mark.parametrize("path", [p for p in _modules() if p.relative_to(PACKAGE).parts[0] != "cli"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_cli_talks_to_the_terminal(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    click = [line for line, name in _imports(tree) if name == "click" or name.startswith("click.")]
    prints = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Name) and n.func.id in ("print", "input")]
    exits = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "exit" and isinstance(n.func.value, ast.Name) and n.func.value.id == "sys"]
    assert not click, f"imports Click at lines {click}: only netnotes/cli/ may"
    assert not prints, f"prints at lines {prints}: return text, and let the CLI print it"
    assert not exits, f"exits at lines {exits}: raise a NetnotesError instead"
