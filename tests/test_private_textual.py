"""Private Textual names the app reaches into: at most LIMIT, each listed in the notes.

The same count as the project's tool (../shared/tools/private_textual.py): a name
counts when code in fasci_tui (outside output.py and driver.py, which only override the
public Driver.write) reads ``x._name``, Textual or Rich defines ``_name`` (a method, a
class, an attribute set on self or a module-level name) and fasci_tui never defines it;
and every import from a private Textual or Rich module counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import rich
import textual

LIMIT = 8
"""Issue #10: at most this many private Textual names outside output/driver."""

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fasci_tui"
NOTES = ROOT / "notes" / "PRIVATE_TEXTUAL.md"
EXEMPT = ("output.py", "driver.py")
NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}


def defined_private(paths: list[Path]) -> set[str]:
    """Private names the files define."""
    names: set[str] = set()
    for path in paths:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name.startswith("_"):
                    names.add(node.name)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and node.attr.startswith("_")):
                names.add(node.attr)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets
                             if isinstance(t, ast.Name) and t.id.startswith("_"))
    return names


def private_uses(package: Path, theirs: set[str] | None = None) -> dict[str, list[str]]:
    """Each private Textual/Rich name ``package`` uses, with where. ``theirs`` (the names
    Textual and Rich define) is looked up in their sources when not given."""
    files = sorted(package.rglob("*.py"))
    ours = defined_private(files)
    used: list[tuple[str, str]] = []
    found: dict[str, list[str]] = {}
    for path in files:
        if path.name in EXEMPT:
            continue
        where = path.relative_to(package.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.attr not in ours):
                used.append((node.attr, f"{where}:{node.lineno}"))
            if (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.split(".")[0] in ("textual", "rich")
                    and re.search(r"(^|\.)_[a-z]", node.module)):
                found.setdefault(f"module {node.module}", []).append(f"{where}:{node.lineno}")
    if theirs is None:
        theirs = textual_private_names({name for name, _ in used})
    for name, where in used:
        if name in theirs:
            found.setdefault(name, []).append(where)
    return found


def textual_private_names(candidates: set[str]) -> set[str]:
    """Which of ``candidates`` Textual and Rich define as private names. Only their files
    that mention a candidate are parsed (parsing every one took seconds)."""
    files = [*Path(textual.__file__).parent.rglob("*.py"),
             *Path(rich.__file__).parent.rglob("*.py")]
    wanted = candidates - NAMED_TUPLE_API
    mentioning = [path for path in files
                  if any(name in path.read_text(encoding="utf-8") for name in wanted)]
    return defined_private(mentioning) & wanted


def test_at_most_limit_private_names_and_each_in_the_notes() -> None:
    found = private_uses(PACKAGE)
    assert len(found) <= LIMIT, "\n".join(f"{n}: {w}" for n, w in sorted(found.items()))
    notes = NOTES.read_text(encoding="utf-8")
    missing = [name for name in found if f"`{name.removeprefix('module ')}`" not in notes]
    assert not missing, f"not explained in {NOTES.name}: {missing}"


def test_the_scan_sees_private_access(tmp_path: Path) -> None:
    package = tmp_path / "fasci_tui"
    package.mkdir()
    (package / "a.py").write_text(
        "from textual.widgets._footer import FooterKey\n"
        "def f(app, w):\n    app._driver.x = 1\n    w._own = 2\n    return w._own\n",
        encoding="utf-8")
    (package / "driver.py").write_text("def g(app):\n    return app._driver\n",
                                       encoding="utf-8")
    found = private_uses(package, {"_driver", "_own"})
    assert set(found) == {"_driver", "module textual.widgets._footer"}  # _own is ours
    assert found["_driver"] == ["fasci_tui/a.py:3"]  # driver.py is exempt
