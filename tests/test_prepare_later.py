"""The nutrient pane is built in advance only once the processors are free."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui import runtime
from fasci_tui.content.model import Content
from fasci_tui.places import Section
from fasci_tui.runtime import processors_busy
from tests.support.shell_helpers import make_app


@pytest.mark.parametrize(("line", "busy"), [
    ("0.40 0.77 0.40 1/180 4242", False),  # only the reader runs
    ("0.40 0.77 0.40 2/180 4242", False),  # one other on two processors
    ("5.12 3.07 1.20 3/180 4242", True),  # two others: both processors taken
    ("garbled", False),
])
def test_processors_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str,
                         busy: bool) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(line + "\n")
    assert processors_busy(str(loadavg)) is busy
    assert processors_busy(str(tmp_path / "missing")) is False


async def test_the_nutrient_pane_waits_for_free_processors(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = [True]
    monkeypatch.setattr(runtime, "processors_busy", lambda: busy[0])
    monkeypatch.setattr(runtime, "PREPARE_AFTER", 0.05)
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert app.pane_widget(Section.NUTRIENT) is None  # others are still starting
        busy[0] = False
        await pilot.pause(0.3)
        assert app.pane_widget(Section.NUTRIENT) is not None
