"""Shared fixtures. Every test gets its own state directory: the real home is never touched.

Tests that start processes (fork, ptys, subprocesses, wheels) or listen on a port are
marked ``@pytest.mark.slow``: ``make check`` leaves them out (``-m "not slow"``) and
``make test`` runs them too. ``processes_only_in_slow_tests`` keeps the mark honest: a
test without it that tries to start a process or bind a socket fails and says so.
Helpers shared by tests live in tests/support/.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fasci_tui.content import Content, load_content
from fasci_tui.content.paths import shipped_data_dir

DATA_DIR = shipped_data_dir()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what is loaded by now and collect less often: a third of the CPU of the
    app tests went to the garbage collector, mostly young-generation passes over the
    objects each Textual app makes by the thousand (threshold 700 ran ~3,500 of them in
    two test files). The app itself keeps Python's defaults."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point state at a temporary directory and keep the environment predictable."""
    state = tmp_path / "state"
    monkeypatch.setenv("FASCI_TUI_STATE_DIR", str(state))
    monkeypatch.setenv("FASCI_TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FASCI_TUI_DATA", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # settings file
    monkeypatch.delenv("FASCI_TUI_CONFIG", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    return state


def _refuse(nodeid: str, what: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{nodeid} {what}: mark the test @pytest.mark.slow "
                             "(make check leaves such tests out)")

    return refused


@pytest.fixture(autouse=True)
def processes_only_in_slow_tests(request: pytest.FixtureRequest,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside tests marked slow, starting a process or listening on a port fails."""
    if request.node.get_closest_marker("slow") is not None:
        return
    node = request.node.nodeid
    monkeypatch.setattr(os, "fork", _refuse(node, "forks a process"))
    monkeypatch.setattr(os, "forkpty", _refuse(node, "starts a process on a pty"))
    monkeypatch.setattr(os, "posix_spawn", _refuse(node, "starts a process"))
    monkeypatch.setattr(subprocess.Popen, "_execute_child", _refuse(node, "starts a process"))
    monkeypatch.setattr(socket.socket, "bind", _refuse(node, "binds a socket (a server)"))


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped content, loaded once."""
    return load_content(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
