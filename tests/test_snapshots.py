"""SVG snapshots of every pane at 80×24 (pytest-textual-snapshot's ``snap_compare``).

The SVGs live in tests/__snapshots__/test_snapshots/. After an intended change to the
look of the app, regenerate them with
``.venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update`` and look at
every changed SVG before committing it.

Each app is built like the other shell tests (``make_app``), with its state in the
test's own directory (the autouse ``isolated_state`` fixture) and the disclaimer
already acknowledged except in the first-run shot. Animations, cursor blinking and the
clock are off, the theme is fixed and food bars always use block characters, so a
shot depends only on the code and the shipped content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

import fasci_tui.panes.nutrient as nutrient_module
import fasci_tui.state as state_module
from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.places import Place, Section
from fasci_tui.store import DailyEntry, open_store
from fasci_tui.store.results import Answer
from fasci_tui.target import Target
from tests.support.shell_helpers import make_app

SIZE = (80, 24)

Snap = Callable[..., bool]
RunBefore = Callable[[Pilot[int]], Awaitable[None]]


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing that depends on the terminal running the tests."""
    monkeypatch.setattr(nutrient_module, "unicode_bars_supported", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)


def app_for(content: Content, state: Path, target: Target | None = None,
            acknowledged: bool = True) -> FasciApp:
    """The app with its state in ``state``, and no animations."""
    app = make_app(content, state, target, acknowledged=acknowledged)
    app.animation_level = "none"
    return app


def keys(*presses: str, text: str = "", after: tuple[str, ...] = ()) -> RunBefore:
    """Press ``presses``, type ``text``, press ``after``; then stop every cursor blinking."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        app.theme = "textual-dark"
        await pilot.pause()
        for key in (*presses, *text, *after):
            await pilot.press(key)
            await pilot.pause()
        for screen in app.screen_stack:
            for node in screen.walk_children(with_self=True):
                if hasattr(node, "cursor_blink"):
                    node.cursor_blink = False
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


def test_overview(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The landing page, sidebar focused (its footer, jump keys in the sidebar)."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_nutrient_magnesium(snap_compare: Snap, content: Content,
                            isolated_state: Path) -> None:
    """The magnesium page, focus inside it."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("n", "enter"))


def test_compare_sorted_by_intake(snap_compare: Snap, content: Content,
                                  isolated_state: Path) -> None:
    """``fasci-tui compare --sort intake``: scrolled to the intake column, no cut column."""
    app = app_for(content, isolated_state, Target(Place(Section.COMPARE), sort_column="intake"))
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_checklist_one_ticked(snap_compare: Snap, content: Content,
                              isolated_state: Path) -> None:
    """The first habit ticked: 1/5 in the sidebar, the header and the progress line."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("k", "enter", "space"))


def test_faq_search_with_answer_open(snap_compare: Snap, content: Content,
                                     isolated_state: Path) -> None:
    """A misspelt search still finds magnesium; the first answer is open."""
    app = app_for(content, isolated_state)
    run_before = keys("slash", text="magnesum", after=("down", "enter"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_foods(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The foods table, focused, with the detail line under it."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("d", "enter"))


def test_references(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The list of sources, focused."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("r", "enter"))


def test_bfs_page(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The BFS reading page (Twitching section, key w), focused: evidence marks in words."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("w", "enter"))


def test_doctor_screen(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The ! screen over the overview, scrolled to the SOON and REASSURANCE tiers."""
    app = app_for(content, isolated_state)
    run_before = keys("exclamation_mark", after=("pagedown",))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """The help screen (?) over the overview."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("question_mark"))


def test_first_run_disclaimer(snap_compare: Snap, content: Content,
                              isolated_state: Path) -> None:
    """The first run: the disclaimer must be acknowledged."""
    app = app_for(content, isolated_state, acknowledged=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_too_small(snap_compare: Snap, content: Content, isolated_state: Path) -> None:
    """A 50×12 terminal: the message instead of the layout."""
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=(50, 12), run_before=keys())


SNAP_DAY = dt.date(2026, 3, 15)
"""The day the log snapshots take as today, so a shot does not change with the date."""


def backdated_log(state: Path, days: int) -> None:
    """``days`` check-ins before SNAP_DAY: a pattern the with/without table can show."""
    entries = [DailyEntry(SNAP_DAY - dt.timedelta(days=back), twitch=(back * 7) % 9,
                          caffeine=back % 3, sleep=6 + back % 4 / 2, stress=back % 6,
                          exercise=("none", "light", "hard")[back % 3],
                          habits=frozenset({"sleep"} if back % 2 else {"stress"}))
               for back in range(days, 0, -1)]
    with open_store(state) as store:
        store.save_entries(entries)


def test_today_checking_in(snap_compare: Snap, content: Content, isolated_state: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The Today pane halfway through a check-in (twitch, sites, caffeine set)."""
    monkeypatch.setattr(state_module, "_today", lambda: SNAP_DAY)
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=keys("t", "enter", "3", "1", "7", "down", "2", "down"))


def test_trends_backdated(snap_compare: Snap, content: Content, isolated_state: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The Trends pane over 30 of 60 backdated days."""
    monkeypatch.setattr(state_module, "_today", lambda: SNAP_DAY)
    backdated_log(isolated_state, 60)
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("w", "enter"))


def test_questions_box(snap_compare: Snap, content: Content, isolated_state: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch's questions (a on Today): two answered, one answered before."""
    monkeypatch.setattr(state_module, "_today", lambda: SNAP_DAY)
    with open_store(isolated_state) as store:
        store.save_answer(Answer(SNAP_DAY - dt.timedelta(days=10), "medicine", False))
    app = app_for(content, isolated_state)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("t", "enter", "a", "n", "y"))


def test_lab_reader(snap_compare: Snap, content: Content, isolated_state: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The lab reader (l on Today): magnesium 1.6 mg/dL on the lab's range 1.7-2.2."""
    monkeypatch.setattr(state_module, "_today", lambda: SNAP_DAY)
    app = app_for(content, isolated_state)
    run_before = keys("t", "enter", "l", text="1.6", after=("tab", *"1.7-2.2"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_every_saved_snapshot_has_its_test() -> None:
    """A shot whose test was renamed or removed is caught here: syrupy's own check for
    unused snapshots is off when the tests run in several processes (pytest-xdist)."""
    import inspect

    saved = {path.stem for path in (Path(__file__).parent / "__snapshots__" /
                                    "test_snapshots").glob("*.svg")}
    shots = {name for name, func in globals().items() if name.startswith("test_")
             and callable(func) and "snap_compare" in inspect.signature(func).parameters}
    assert saved and saved == shots
