"""The zygote's rehearsal: one headless start that leaves nothing behind but caches."""

from __future__ import annotations

import os
import threading

import pytest

from fasci_tui.app_rehearsal import rehearse
from fasci_tui.content.model import Content
from fasci_tui.widgets import css_cache


def test_a_rehearsal_fills_the_caches_and_leaves_nothing_behind(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(css_cache, "_parsed", {})
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    fds = set(os.listdir("/proc/self/fd"))
    assert rehearse(content) is None
    assert css_cache.cached_pieces() > 20  # the widgets' CSS, the nutrient pane's included
    assert "SSH_CONNECTION" not in os.environ
    assert threading.active_count() == 1
    assert set(os.listdir("/proc/self/fd")) <= fds


def test_a_failed_rehearsal_says_why_and_raises_nothing() -> None:
    problem = rehearse(None)  # type: ignore[arg-type]
    assert problem is not None and problem.startswith("rehearsing a session: ")
