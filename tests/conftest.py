"""Shared fixtures. Every test gets its own state directory: the real home is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.content import Content, load_content
from fasci_tui.content.paths import shipped_data_dir

DATA_DIR = shipped_data_dir()


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point state at a temporary directory and keep the environment predictable."""
    state = tmp_path / "state"
    monkeypatch.setenv("FASCI_TUI_STATE_DIR", str(state))
    monkeypatch.setenv("FASCI_TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FASCI_TUI_DATA", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    return state


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped content, loaded once."""
    return load_content(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data directory."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
