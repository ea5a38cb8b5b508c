"""Layering: content and `show` never import Textual; imports run one way (LAYERS)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parent.parent / "fasci_tui" / "content"


def test_content_package_has_no_textual_import() -> None:
    for path in CONTENT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "textual" for n in names), f"{path}: {names}"


@pytest.mark.slow
def test_show_and_validate_import_no_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from fasci_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['show', 'magnesium']) == 0\n"
        "    assert main(['validate']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    env = {"FASCI_TUI_STATE_DIR": str(tmp_path), "FASCI_TUI_CACHE_DIR": str(tmp_path / "c"),
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------- imports run one way

PACKAGE = CONTENT.parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("fasci_tui", "fasci_tui.content", "fasci_tui.state", "fasci_tui.store", "fasci_tui.output"),
    ("fasci_tui.places", "fasci_tui.target", "fasci_tui.history"),
    ("fasci_tui.widgets", "fasci_tui.panes", "fasci_tui.screens", "fasci_tui.messages",
     "fasci_tui.palette", "fasci_tui.runtime", "fasci_tui.driver"),
    ("fasci_tui.app", "fasci_tui.app_keys", "fasci_tui.app_modals", "fasci_tui.app_terminal",
     "fasci_tui.app_settings", "fasci_tui.app_rehearsal"),
    ("fasci_tui.serve",),
    ("fasci_tui.cli", "fasci_tui.cli_log", "fasci_tui.cli_log_args", "fasci_tui.cli_log_files",
     "fasci_tui.cli_lab", "fasci_tui.cli_watch", "fasci_tui.cli_report", "fasci_tui.__main__",
     "fasci_tui.cli_tools", "fasci_tui.cli_output", "fasci_tui.cli_args",
     "fasci_tui.cli_docs"),
)
"""Bottom to top: a module imports only from its own layer or the layers below
(content → places → widgets/panes → app → serve → cli)."""

def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The layer of ``module``: that of the longest prefix listed in LAYERS."""
    best, layer = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), index
    assert layer >= 0, f"{module} is in no layer: add it to LAYERS"
    return layer


def imports_of(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every fasci_tui module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{path}: use absolute imports"
            module = node.module or ""
            found.add(module)
            for alias in node.names:  # `from fasci_tui import places`: a module
                sub = root.parent / f"{module}.{alias.name}".replace(".", "/")
                if sub.is_dir() or sub.with_suffix(".py").exists():
                    found.add(f"{module}.{alias.name}")
    return {name for name in found if name == "fasci_tui" or name.startswith("fasci_tui.")}


def upward_imports(root: Path = PACKAGE) -> set[tuple[str, str]]:
    """(importer, imported) for every import of a higher layer under ``root``."""
    bad: set[tuple[str, str]] = set()
    for path in root.rglob("*.py"):
        module = module_name(path, root)
        for imported in imports_of(path, root):
            if layer_of(imported) > layer_of(module):
                bad.add((module, imported))
    return bad


def test_imports_run_one_way() -> None:
    assert upward_imports() == set()


def test_the_scan_catches_upward_imports(tmp_path: Path) -> None:
    """A pane importing the app lazily, serve importing cli, content importing places."""
    root = tmp_path / "fasci_tui"
    for name, text in {
        "__init__.py": "",
        "cli.py": "",
        "app.py": "from fasci_tui.panes import faq\n",
        "places.py": "from fasci_tui.content import model\n",
        "content/__init__.py": "",
        "content/model.py": "import fasci_tui.places\n",
        "panes/__init__.py": "",
        "panes/faq.py": "def f():\n    from fasci_tui.app import FasciApp\n",
        "serve/__init__.py": "from fasci_tui import cli\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    assert upward_imports(root) == {
        ("fasci_tui.content.model", "fasci_tui.places"),
        ("fasci_tui.panes.faq", "fasci_tui.app"),
        ("fasci_tui.serve", "fasci_tui.cli"),
    }


def test_places_history_and_targets_are_textual_free() -> None:
    for name in ("places", "target", "history"):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                       [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(m.split(".")[0] in ("textual", "rich") for m in modules), name
