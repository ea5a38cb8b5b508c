"""The real terminal wins over stray settings, and ctrl+l repaints whatever screen is up.

``COLUMNS``/``LINES`` left in the environment (a shell's ``export COLUMNS``, a wrapper
script) used to override the size the terminal reports: ``COLUMNS=1 LINES=1`` blanked an
80×24 terminal. The terminal's own size must be used whenever it reports one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fasci_tui.content.model import Content
from fasci_tui.driver import ignore_size_overrides
from tests.support.pty import screen_text, spawn, wait_exit, wait_text

ROOT = Path(__file__).resolve().parent.parent


def test_size_overrides_are_dropped_when_the_terminal_knows_its_size() -> None:
    environ = {"COLUMNS": "1", "LINES": "1", "TERM": "xterm"}
    ignore_size_overrides(environ, terminal_size=lambda: os.terminal_size((80, 24)))
    assert environ == {"TERM": "xterm"}


@pytest.mark.parametrize("size", [None, (0, 0)], ids=["no-terminal", "zero-size"])
def test_size_overrides_stay_when_the_terminal_cannot_say(
        size: tuple[int, int] | None) -> None:
    def terminal_size() -> os.terminal_size:
        if size is None:
            raise OSError("not a terminal")
        return os.terminal_size(size)

    environ = {"COLUMNS": "100", "LINES": "30"}
    ignore_size_overrides(environ, terminal_size=terminal_size)
    assert environ == {"COLUMNS": "100", "LINES": "30"}


@pytest.mark.slow
def test_columns_and_lines_of_one_do_not_blank_an_80x24_terminal(tmp_path: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    proc = spawn([sys.executable, "-m", "fasci_tui"],
                 env={"COLUMNS": "1", "LINES": "1",
                      "FASCI_TUI_STATE_DIR": str(tmp_path / "state")})
    try:
        assert wait_text(proc, "I understand", 30), screen_text(proc)[-2000:]
        proc.send(b"\r")
        assert wait_text(proc, "Places", 20), screen_text(proc)[-2000:]
        proc.send(b"q")
        assert wait_exit(proc) == 0
    finally:
        try:
            ended = os.waitpid(proc.pid, os.WNOHANG)[0] != 0
        except ChildProcessError:
            ended = True
        if ended:
            os.close(proc.fd)
        else:
            proc.close()


async def test_ctrl_l_redraws_the_first_run_disclaimer(content: Content, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The first-run box is modal, so the app's own ctrl+l never reached it."""
    from fasci_tui.app import FasciApp
    from fasci_tui.screens.disclaimer import DisclaimerScreen
    from fasci_tui.state import StateStore

    app = FasciApp(content, store=StateStore(tmp_path / "fresh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DisclaimerScreen)
        forgotten: list[int] = []
        monkeypatch.setattr(app, "forget_screen", lambda: forgotten.append(1))
        repaints: list[bool] = []
        refresh = app.screen.refresh
        monkeypatch.setattr(app.screen, "refresh",
                            lambda *a, **k: repaints.append(True) or refresh(*a, **k))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert forgotten == [1] and repaints
        assert isinstance(app.screen, DisclaimerScreen)  # still there, not acknowledged


@pytest.mark.parametrize("key,screen", [("f1", "HelpScreen"), ("ctrl+p", "CommandPalette"),
                                        ("", "TooSmallScreen"), ("c enter S", "SortChooser"),
                                        ("k enter space x", "ConfirmReset")])
async def test_ctrl_l_redraws_the_modal_screens(key: str, screen: str, content: Content,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pop-up (help, palette, too-small, the panes' own questions) is modal too:
    the app's ctrl+l (a priority binding) must still reach it, and leave it open."""
    from fasci_tui.app import FasciApp
    from fasci_tui.state import StateStore

    store = StateStore(tmp_path / "state")
    store.acknowledge_disclaimer()
    app = FasciApp(content, store=store)
    async with app.run_test(size=(40, 10) if screen == "TooSmallScreen" else (80, 24)) as pilot:
        await pilot.pause()
        for each in key.split():
            await pilot.press(each)
            await pilot.pause()
        assert screen in [cls.__name__ for cls in type(app.screen).__mro__]
        forgotten: list[int] = []
        monkeypatch.setattr(app, "forget_screen", lambda: forgotten.append(1))
        repaints: list[bool] = []
        refresh = app.screen.refresh
        monkeypatch.setattr(app.screen, "refresh",
                            lambda *a, **k: repaints.append(True) or refresh(*a, **k))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert forgotten == [1] and repaints
        assert screen in [cls.__name__ for cls in type(app.screen).__mro__]  # still open
        if screen == "CommandPalette":  # and nothing was typed into its search box
            from textual.widgets import Input

            assert app.screen.query_one(Input).value == ""
