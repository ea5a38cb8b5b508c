"""Layering: the content layer and `show` never import Textual."""

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
