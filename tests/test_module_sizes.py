"""Small modules with one job each: no source file over 400 lines, a few held tighter."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fasci_tui"

LIMIT = 400
"""Lines allowed in any module of the package."""

TIGHTER: dict[str, int] = {
    "content/search.py": 200,
    "panes/faq.py": 300,
    "app.py": 249,
}
"""Modules held under a lower limit (path under fasci_tui/ → lines)."""

def line_count(path: Path) -> int:
    """The number of lines in ``path`` (as ``wc -l`` counts them, plus an unended last one)."""
    text = path.read_text(encoding="utf-8")
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def limit_of(name: str) -> int:
    """The line limit of the module at ``name`` (relative to fasci_tui/)."""
    return TIGHTER.get(name, LIMIT)


def oversized(package: Path = PACKAGE) -> dict[str, int]:
    """Every module under ``package`` longer than its limit, with its line count."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = line_count(path)
        if lines > limit_of(name):
            found[name] = lines
    return found


def test_no_module_over_its_limit() -> None:
    over = oversized()
    assert not over, f"split these modules by job (limit {LIMIT}, or {TIGHTER}): {over}"


def test_tighter_limits_name_real_modules() -> None:
    missing = [name for name in TIGHTER if not (PACKAGE / name).is_file()]
    assert not missing, missing


@pytest.mark.parametrize(("lines", "name", "too_long"), [
    (400, "store/sqlite.py", False), (401, "store/sqlite.py", True),
    (200, "content/search.py", False), (201, "content/search.py", True),
    (300, "panes/faq.py", False), (301, "panes/faq.py", True),
    (249, "app.py", False), (250, "app.py", True),
])
def test_the_check_catches_a_long_module(tmp_path: Path, lines: int, name: str,
                                         too_long: bool) -> None:
    path = tmp_path / "fasci_tui" / name
    path.parent.mkdir(parents=True)
    path.write_text("x = 1\n" * lines, encoding="utf-8")
    assert oversized(tmp_path / "fasci_tui") == ({name: lines} if too_long else {})
