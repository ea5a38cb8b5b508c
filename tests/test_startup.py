"""Start-up: the first frame is the whole first screen, drawn once (benchmarks/startup.py)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.panes.overview import OverviewPane, _surely_taller
from fasci_tui.widgets.document import Document
from tests.support.shell_helpers import make_app

SIZE = (80, 24)


def note_first_frame(app: FasciApp) -> dict[str, Any]:
    """What the screen holds when Textual draws the app's first frame (filled in then)."""
    first: dict[str, Any] = {}

    def post_display_hook() -> None:  # Textual calls it after each frame, in tests too
        if not first and app.screen.is_mounted:
            document = app.screen.query_one("#overview-document", Document)
            first["keys"] = [key.description for key in app.screen.query("FooterKey")]
            first["document"] = document.size
            first["scrollbar"] = app.screen.query_one(OverviewPane).show_vertical_scrollbar

    app.post_display_hook = post_display_hook  # type: ignore[method-assign]
    return first


async def test_first_frame_has_the_footer_and_the_final_layout(content: Content,
                                                               tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    first = note_first_frame(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Find" in first["keys"] and "Open" in first["keys"]
        assert first["keys"] == [key.description for key in app.screen.query("FooterKey")]
        # laid out beside its scrollbar from the start: not a column wider at first
        assert first["scrollbar"] is True
        assert first["document"] == app.query_one("#overview-document", Document).size


@pytest.mark.parametrize("size", [(80, 24), (60, 16), (120, 40), (200, 60)])
async def test_overview_lines_drawn_one_at_a_time_match_the_whole(
        content: Content, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        document = app.query_one("#overview-document", Document)
        document.refresh()
        for y in range(document.size.height + 1):
            assert list(document.render_line(y)) == list(Document.render_line(document, y))


@pytest.mark.parametrize("size", [(80, 24), (60, 16), (120, 40), (200, 60), (200, 120)])
async def test_the_scrollbar_guess_is_never_wrong(content: Content, tmp_path: Path,
                                                  size: tuple[int, int]) -> None:
    """The overview starts with a scrollbar only where it turns out to need one."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        pane = app.query_one(OverviewPane)
        guessed = _surely_taller(pane._blocks(), *size)
        if guessed:
            assert pane.show_vertical_scrollbar
        if size == (200, 120):
            assert not guessed and not pane.show_vertical_scrollbar


async def test_garbage_collection_is_on_again_once_the_screen_is_up(content: Content,
                                                                   tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    gc.disable()  # as run_app starts the app
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
