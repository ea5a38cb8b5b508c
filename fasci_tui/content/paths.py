"""Where the data lives: a flag, an environment variable, or the copy shipped with the app."""

from __future__ import annotations

import os
from pathlib import Path

DATA_FILES = ("overview.yaml", "nutrients.yaml", "lifestyle.yaml", "faq.yaml", "pages.yaml",
              "references.yaml")
"""The files every data directory holds."""

DATA_ENV = "FASCI_TUI_DATA"
"""Environment variable naming a data directory to use instead of the shipped one."""


def shipped_data_dir() -> Path:
    """The data shipped inside the package, or the repository's data/ in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "data"
    if bundled.is_dir():
        return bundled
    return package.parent / "data"


def resolve_data_dir(flag: str | None = None) -> Path:
    """The data directory: ``--data`` first, then $FASCI_TUI_DATA, then the shipped copy."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return shipped_data_dir()
