"""StateStore: today's ticks and the disclaimer through the personal store, the old
state.json moved in, other copies noticed, failures kept to notices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import fasci_tui.state as state_module
from fasci_tui.content.model import Content
from fasci_tui.state import State, StateStore, atomic_write, parse_state
from fasci_tui.store import open_store

TODAY = dt.date.today()


def test_round_trip(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.load()
    store.set_checked("sleep", True)
    store.set_checked("stress", True)
    store.set_checked("stress", False)
    store.acknowledge_disclaimer()
    assert StateStore(tmp_path).load() == State(frozenset({"sleep"}), True)
    with open_store(tmp_path) as log:
        assert log.ticks(TODAY) == {"sleep"}


def test_old_state_file_moves_in_as_todays_ticks(tmp_path: Path) -> None:
    atomic_write(tmp_path / "state.json", State(frozenset({"sleep", "hydration"}), True).to_json())
    store = StateStore(tmp_path)
    assert store.load() == State(frozenset({"sleep", "hydration"}), True)
    notices = store.take_notices()
    assert len(notices) == 1 and "state.json.migrated" in notices[0]
    assert not (tmp_path / "state.json").exists()
    assert (tmp_path / "state.json.migrated").is_file()


def test_ticks_are_kept_per_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore(tmp_path)
    store.load()
    store.set_checked("sleep", True)
    monkeypatch.setattr(state_module, "_today", lambda: TODAY + dt.timedelta(days=1))
    assert store.reload_if_changed() is True  # a new day under a running app
    assert store.state.checked == frozenset() and store.day == TODAY + dt.timedelta(days=1)
    with open_store(tmp_path) as log:
        assert log.ticks(TODAY) == {"sleep"}  # yesterday's ticks stay in the history


def test_a_change_by_another_copy_is_noticed(tmp_path: Path) -> None:
    mine = StateStore(tmp_path)
    mine.load()
    assert mine.reload_if_changed() is False
    generation = mine.generation
    StateStore(tmp_path).set_checked("sleep", True)  # another copy
    assert mine.reload_if_changed() is True
    assert mine.state.checked == {"sleep"} and mine.generation > generation
    assert mine.reload_if_changed() is False  # unchanged since
    mine.set_checked("stress", True)
    assert mine.reload_if_changed() is False  # its own write is not news


def test_unusable_directory_keeps_ticks_for_the_session(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    store = StateStore(blocker / "state")
    assert store.load() == State()
    assert store.log is None and not store.writable
    store.set_checked("sleep", True)
    assert store.state.checked == {"sleep"}
    assert store.set_profile(None) is False
    notices = store.take_notices()
    assert len(notices) == 1 and "will not be saved" in notices[0]


def test_damaged_log_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "personal.sqlite3").write_bytes(b"not a database at all" * 200)
    store = StateStore(tmp_path)
    store.load()
    store.set_checked("sleep", True)
    notices = store.take_notices()
    assert len(notices) == 1 and "moved to" in notices[0]
    assert StateStore(tmp_path).load().checked == {"sleep"}
    assert list(tmp_path.glob("personal.sqlite3.damaged-*"))


def test_parse_state_rejects_bad_types() -> None:
    with pytest.raises(ValueError):
        parse_state('{"version": 1, "disclaimer_acknowledged": "yes"}')


async def test_two_apps_keep_each_others_ticks(content: Content, tmp_path: Path) -> None:
    """Two copies of the app on one state directory, ticking different habits."""
    from tests.support.shell_helpers import make_app

    ids = [habit.id for habit in content.habits]
    one = make_app(content, tmp_path)
    two = make_app(content, tmp_path)
    async with one.run_test(size=(80, 24)) as first, two.run_test(size=(80, 24)) as second:
        await first.press("k", "enter", "space")  # ticks the first habit
        await second.press("k", "enter", "down", "space")  # the second
        await first.press("down", "down", "space")  # the third
        await second.press("down", "down", "down", "space")  # the fifth
        await first.pause()
        await second.pause()
        assert one.store.state.checked >= {ids[0], ids[2]}
        assert two.store.state.checked >= {ids[1], ids[4]}
    expected = {ids[0], ids[1], ids[2], ids[4]}
    assert StateStore(tmp_path).load().checked == expected
    again = make_app(content, tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.sidebar.checklist_label == f"Checklist 4/{len(ids)}"


async def test_sidebar_count_follows_the_file_written_by_another_copy(
        content: Content, tmp_path: Path) -> None:
    """Copy two ticks a habit; copy one's sidebar says so when it regains focus (or soon)."""
    from textual import events

    from tests.support.shell_helpers import make_app

    ids = [habit.id for habit in content.habits]
    one = make_app(content, tmp_path)
    async with one.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert one.sidebar.checklist_label == f"Checklist 0/{len(ids)}"
        StateStore(tmp_path).set_checked(ids[0], True)  # the other copy
        one.post_message(events.AppFocus())
        await pilot.pause()
        assert one.sidebar.checklist_label == f"Checklist 1/{len(ids)}"
        await pilot.press("k")  # the checklist pane shows the other copy's tick too
        await pilot.pause()
        StateStore(tmp_path).set_checked(ids[1], True)
        one.post_message(events.AppFocus())
        await pilot.pause()
        assert one.sidebar.checklist_label == f"Checklist 2/{len(ids)}"
        pane = one.pane_widget("checklist")
        assert pane is not None and pane.checked == {ids[0], ids[1]}  # type: ignore[attr-defined]


async def test_a_look_leaves_nothing_on_disk_and_the_first_write_makes_the_log(
        content: Content, tmp_path: Path) -> None:
    """Issue #14 (throwaway SSH keys): the app reads an absent log as empty; only the
    first write (here the disclaimer's "I understand") makes the directory and file."""
    from fasci_tui.app import FasciApp
    from fasci_tui.screens.disclaimer import DisclaimerScreen
    from fasci_tui.store.sqlite_file import DB_FILE

    directory = tmp_path / "clients" / "sha256-abc"
    app = FasciApp(content, store=StateStore(directory))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DisclaimerScreen)
        assert app.store.log is not None and app.store.log.entries() == []
        assert not (tmp_path / "clients").exists()
        await pilot.press("enter")  # I understand
        await pilot.pause()
        assert (directory / DB_FILE).stat().st_mode & 0o777 == 0o600
    assert StateStore(directory).load().disclaimer_acknowledged


def test_an_unusable_directory_is_told_at_start_even_before_any_write(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    store = StateStore(tmp_path / "file" / "state")
    store.load()
    assert not store.writable and "cannot create the directory" in " ".join(store.notices)


def test_a_copy_that_only_looked_sees_the_log_another_copy_makes(tmp_path: Path) -> None:
    """Two copies on a new state directory: the one that only read shows the other's
    first tick at its next poll (the switch from the blank log counts as a change)."""
    looker, writer = StateStore(tmp_path / "state"), StateStore(tmp_path / "state")
    looker.load()
    writer.load()
    writer.set_checked("sleep", True)
    assert looker.reload_if_changed()
    assert looker.state.checked == frozenset({"sleep"})
