"""The main screen skips layouts for a size it already has, and follows real resizes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen

from fasci_tui.content.model import Content
from fasci_tui.widgets.steady_screen import SteadyScreen
from tests.support.shell_helpers import make_app


async def test_only_a_new_size_lays_the_screen_out(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laid_out: list[tuple[int, int]] = []
    original = Screen._on_resize

    async def counting(self: Screen[Any], event: events.Resize) -> None:
        laid_out.append(tuple(event.size))
        await original(self, event)

    monkeypatch.setattr(Screen, "_on_resize", counting)
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SteadyScreen)
        assert laid_out == []  # the size came three times as the app started
        app.screen.post_message(events.Resize(app.screen.size, app.screen.size))
        await pilot.pause()
        assert laid_out == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert laid_out == [(100, 30)]
        assert app.screen.size == (100, 30)
        assert app.sidebar.region.height == 30 - 2  # header and footer lines
