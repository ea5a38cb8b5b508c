"""ChecklistPane, mounted alone in a tiny app at 80×24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import ProgressBar, Static

from fasci_tui.content import Content
from fasci_tui.messages import ChecklistProgress
from fasci_tui.panes.checklist import DONE, TODO, ChecklistPane, ConfirmReset, HabitList
from fasci_tui.state import StateStore
from fasci_tui.store import open_store


class PaneApp(App[None]):
    """Just the checklist pane, recording the progress it reports."""

    CSS = "ChecklistPane { width: 56; }"

    def __init__(self, content: Content, store: StateStore, reveal: str | None = None) -> None:
        super().__init__()
        self.content_ = content
        self.store = store
        self.progress: list[tuple[int, int]] = []
        self._reveal = reveal

    def compose(self) -> ComposeResult:
        pane = ChecklistPane(self.content_, self.store, id="pane")
        if self._reveal:
            pane.reveal(self._reveal)
        yield pane

    def on_mount(self) -> None:
        self.query_one(ChecklistPane).enter()

    @on(ChecklistProgress)
    def record(self, message: ChecklistProgress) -> None:
        self.progress.append((message.done, message.total))


def count_text(pane: ChecklistPane) -> str:
    return str(pane.query_one("#checklist-count", Static).content)


def marks(pane: ChecklistPane) -> list[str]:
    """The mark at the start of each habit's line, top to bottom."""
    options = pane.query_one(HabitList)
    return [str(option.prompt)[:3] for option in options.options]


def saved(directory: Path) -> list[str]:
    """Today's ticks as the personal store holds them."""
    with open_store(directory) as store:
        return sorted(store.ticks(dt.date.today()))


async def test_shows_every_habit_unticked(content: Content, tmp_path: Path) -> None:
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ChecklistPane)
        options = pane.query_one(HabitList)
        assert [str(o.prompt) for o in options.options] == [
            f"{TODO} {habit.label}" for habit in content.habits]
        assert count_text(pane) == f"0/{len(content.habits)} habits"
        assert app.focused is options
        assert app.progress == [(0, len(content.habits))]  # posted on mount


async def test_space_toggles_and_the_count_follows(content: Content, tmp_path: Path) -> None:
    total = len(content.habits)
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ChecklistPane)
        await pilot.press("space")
        await pilot.pause()
        assert marks(pane)[0] == DONE
        assert count_text(pane) == f"1/{total} habits"
        assert pane.query_one(ProgressBar).progress == 1
        assert saved(tmp_path) == [content.habits[0].id]
        await pilot.press("down", "enter")  # Enter ticks too
        await pilot.pause()
        assert pane.done == 2 and count_text(pane) == f"2/{total} habits"
        await pilot.press("space")
        await pilot.pause()
        assert marks(pane)[1] == TODO
        assert count_text(pane) == f"1/{total} habits"
        assert app.progress == [(0, total), (1, total), (2, total), (1, total)]


async def test_ticks_persist_across_runs(content: Content, tmp_path: Path) -> None:
    first = PaneApp(content, StateStore(tmp_path))
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
    second = PaneApp(content, StateStore(tmp_path))
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = second.query_one(ChecklistPane)
        expected = {content.habits[0].id, content.habits[2].id}
        assert pane.checked == expected
        assert marks(pane)[:3] == [DONE, TODO, DONE]
        assert second.progress == [(2, len(content.habits))]


async def test_damaged_log_is_set_aside_with_a_notice(
        content: Content, tmp_path: Path) -> None:
    (tmp_path / "personal.sqlite3").write_bytes(b"this is not a database" * 100)
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ChecklistPane)
        assert pane.checked == frozenset()
        aside = [p for p in tmp_path.glob("personal.sqlite3.damaged-*")
                 if not p.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(b"this is not a database")
        notices = list(app._notifications)
        assert len(notices) == 1
        assert notices[0].severity == "warning" and "moved to" in notices[0].message
        # The app carries on: ticking works and saves a fresh file.
        await pilot.press("space")
        await pilot.pause()
        assert saved(tmp_path) == [content.habits[0].id]


async def test_unwritable_state_keeps_ticks_for_the_session(
        content: Content, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    app = PaneApp(content, StateStore(blocker / "state"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        pane = app.query_one(ChecklistPane)
        assert pane.done == 1
        notices = [n for n in app._notifications if n.severity == "warning"]
        assert notices and "saved" in notices[0].message


async def test_reset_asks_first(content: Content, tmp_path: Path) -> None:
    total = len(content.habits)
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ChecklistPane)
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert pane.done == 2
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmReset)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmReset)
        assert pane.done == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmReset) and pane.done == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is No
        await pilot.pause()
        assert pane.done == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmReset)
        assert pane.done == 0 and marks(pane) == [TODO] * total
        assert count_text(pane) == f"0/{total} habits"
        assert saved(tmp_path) == []
        assert app.progress[-1] == (0, total)


async def test_reset_with_nothing_ticked_does_not_ask(content: Content, tmp_path: Path) -> None:
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmReset)


async def test_highlighted_habit_shows_why_and_tips(content: Content, tmp_path: Path) -> None:
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ChecklistPane)
        await pilot.press("down")
        await pilot.pause()
        habit = content.habits[1]
        detail = pane.query_one("#checklist-why")
        lines = detail.render_lines(detail.region.reset_offset)
        text = " ".join("".join(seg.text for seg in line).strip() for line in lines)
        assert habit.label in text
        assert " ".join(habit.why.split()) in " ".join(text.split())
        assert habit.tips[0] in text


async def test_reveal_highlights_a_habit(content: Content, tmp_path: Path) -> None:
    app = PaneApp(content, StateStore(tmp_path), reveal="sleep")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ChecklistPane)
        options = pane.query_one(HabitList)
        ids = [habit.id for habit in content.habits]
        assert options.highlighted == ids.index("sleep")
        pane.reveal("hydration")
        await pilot.pause()
        assert options.highlighted == ids.index("hydration")
        pane.reveal("no-such-habit")
        assert options.highlighted == ids.index("hydration")


async def test_other_copies_ticks_are_picked_up(content: Content, tmp_path: Path) -> None:
    app = PaneApp(content, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ChecklistPane)
        StateStore(tmp_path).set_checked(content.habits[4].id, True)  # another copy
        await pilot.press("space")
        await pilot.pause()
        assert pane.checked == {content.habits[0].id, content.habits[4].id}
        assert marks(pane)[4] == DONE
