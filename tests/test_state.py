"""State: atomic writes, damaged files set aside, two stores at once, kill -9 survival."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fasci_tui.content.model import Content
from fasci_tui.state import State, StateStore, parse_state


def test_round_trip(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_checked("sleep", True)
    store.acknowledge_disclaimer()
    again = StateStore(tmp_path).load()
    assert again == State(frozenset({"sleep"}), True)
    assert json.loads((tmp_path / "state.json").read_text())["version"] == 1


def test_missing_directory_is_created(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "a" / "b")
    store.set_checked("stress", True)
    assert (tmp_path / "a" / "b" / "state.json").is_file()


@pytest.mark.parametrize("text", ["{not json", "", "[]", '{"version": 99}',
                                  '{"version": 1, "checked": "sleep"}'])
def test_damaged_file_is_set_aside(tmp_path: Path, text: str) -> None:
    (tmp_path / "state.json").write_text(text)
    store = StateStore(tmp_path)
    assert store.load() == State()
    notices = store.take_notices()
    assert len(notices) == 1 and "moved it to" in notices[0]
    aside = list(tmp_path.glob("state.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text() == text
    store.set_checked("sleep", True)
    assert StateStore(tmp_path).load().checked == {"sleep"}


def test_non_utf8_state_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_bytes(b"\xff\xfe\x00")
    store = StateStore(tmp_path)
    assert store.load() == State()
    assert store.take_notices()


def test_unwritable_directory_keeps_ticks_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = StateStore(blocker / "state")
    state = store.set_checked("sleep", True)
    assert state.checked == {"sleep"}
    assert "session only" in store.take_notices()[0]
    assert store.set_checked("stress", True).checked == {"sleep", "stress"}


def test_two_stores_keep_each_others_ticks(tmp_path: Path) -> None:
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    one.load()
    two.load()
    one.set_checked("sleep", True)
    two.set_checked("stress", True)
    one.set_checked("hydration", True)
    assert StateStore(tmp_path).load().checked == {"sleep", "stress", "hydration"}


def test_parse_state_rejects_bad_types() -> None:
    with pytest.raises(ValueError):
        parse_state('{"version": 1, "disclaimer_acknowledged": "yes"}')


WRITER = """
import sys
from pathlib import Path
from fasci_tui.state import StateStore
store = StateStore(Path(sys.argv[1]))
i = 0
print("ready", flush=True)
while True:
    store.set_checked(f"h{i % 50}", (i // 50) % 2 == 0)
    i += 1
"""


@pytest.mark.slow
def test_file_survives_kill_9_at_random_moments(tmp_path: Path) -> None:
    """A child writes in a loop; it is killed at random points; the file always parses."""
    rng = random.Random(1234)
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid, signal.SIGKILL)
        # Killed while still writing: a writer that had died already would prove nothing.
        assert child.wait() == -signal.SIGKILL
        text = (tmp_path / "state.json").read_text() if (tmp_path / "state.json").exists() else ""
        if text:
            state = parse_state(text)
            assert all(c.startswith("h") for c in state.checked)
    assert (tmp_path / "state.json").is_file()  # the writers did get to write
    assert not list(tmp_path.glob("state.json.damaged-*"))


# ------------------------------------------------------------- more ways to go wrong

def test_empty_and_wrong_version_keep_the_old_file(tmp_path: Path) -> None:
    """An empty file and a file from a newer version are set aside whole, never deleted."""
    for text in ("", '{"version": 2, "checked": ["sleep"]}\n'):
        for old in tmp_path.iterdir():
            old.unlink()
        (tmp_path / "state.json").write_text(text)
        store = StateStore(tmp_path)
        assert store.load() == State()
        notice = store.take_notices()[0]
        assert ("unsupported version 2" in notice) if text else ("not valid JSON" in notice)
        assert [p.read_text() for p in tmp_path.glob("state.json.damaged-*")] == [text]


def _ticks_as_nobody(directory: Path) -> str:
    """In the child: load, tick, untick and report what the store says (see as_user)."""
    store = StateStore(directory)
    loaded = sorted(store.load().checked)
    notices = store.take_notices()
    after = store.set_checked("stress", True)
    after = store.set_checked("sleep", False)
    notices += store.take_notices()
    return json.dumps({"loaded": loaded, "after": sorted(after.checked),
                       "writable": store.writable, "notices": notices})


@pytest.mark.slow
def test_unreadable_state_file_is_left_alone(tmp_path: Path) -> None:
    """chmod 0 on the file, run as uid 65534: a notice, the file untouched, ticks in memory."""
    from tests.support.as_user import NOBODY, run_as_nobody, shared_tmp

    with shared_tmp() as tmp:
        directory = tmp / "state"
        StateStore(directory).set_checked("sleep", True)
        saved = (directory / "state.json").read_text()
        if os.geteuid() == 0:
            os.chown(directory, NOBODY, NOBODY)  # the directory is the user's own
            for path in directory.iterdir():
                os.chown(path, NOBODY, NOBODY)
        (directory / "state.json").chmod(0)
        report = json.loads(run_as_nobody(lambda: _ticks_as_nobody(directory)))
        assert report["loaded"] == [] and report["after"] == ["stress"]
        assert report["writable"] is False
        assert len(report["notices"]) == 1
        assert "could not be read (permission denied)" in report["notices"][0]
        assert "not be saved" in report["notices"][0]
        (directory / "state.json").chmod(0o600)
        assert (directory / "state.json").read_text() == saved  # the ticks are still there
        assert not list(directory.glob("state.json.damaged-*"))


@pytest.mark.slow
def test_read_only_state_directory_keeps_ticks(tmp_path: Path) -> None:
    """A directory the user cannot write to (run as uid 65534): saved ticks still load,
    new ones are kept for the session, one notice says why, the file is untouched."""
    from tests.support.as_user import run_as_nobody, shared_tmp

    with shared_tmp() as tmp:
        directory = tmp / "state"
        StateStore(directory).set_checked("sleep", True)
        StateStore(directory).set_checked("hydration", True)
        (directory / "state.json").chmod(0o644)
        directory.chmod(0o555)
        saved = (directory / "state.json").read_text()
        report = json.loads(run_as_nobody(lambda: _ticks_as_nobody(directory)))
        assert report["loaded"] == ["hydration", "sleep"]
        assert report["after"] == ["hydration", "stress"]
        assert report["writable"] is False
        assert len(report["notices"]) == 1 and "session only" in report["notices"][0]
        assert (directory / "state.json").read_text() == saved


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


@pytest.mark.slow
def test_file_made_unreadable_while_running_is_not_overwritten(tmp_path: Path) -> None:
    """The file becomes unreadable between two ticks (as uid 65534): it is not replaced."""
    from tests.support.as_user import NOBODY, run_as_nobody, shared_tmp

    def tick_then_lose_access(directory: Path) -> str:
        store = StateStore(directory)
        store.load()
        store.set_checked("stress", True)
        (directory / "state.json").chmod(0)
        after = store.set_checked("sleep", True)
        return json.dumps({"after": sorted(after.checked), "notices": store.take_notices()})

    with shared_tmp() as tmp:
        directory = tmp / "state"
        directory.mkdir()
        if os.geteuid() == 0:
            os.chown(directory, NOBODY, NOBODY)
        report = json.loads(run_as_nobody(lambda: tick_then_lose_access(directory)))
        assert report["after"] == ["sleep", "stress"]
        assert len(report["notices"]) == 1 and "could not be read" in report["notices"][0]
        (directory / "state.json").chmod(0o600)
        assert parse_state((directory / "state.json").read_text()).checked == {"stress"}


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _directory(path: Path) -> None:
    path.mkdir()


def _deep(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def _huge(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse, all NUL bytes


@pytest.mark.parametrize("make,why", [
    (_fifo, "not a regular file"), (_device, "not a regular file"),
    (_loop, "symbolic links"), (_directory, "is a directory"),
    (_deep, "nested too deeply"), (_huge, "over 1,048,576 bytes"),
], ids=["named-pipe", "device", "symlink-loop", "directory", "deep-json", "huge"])
def test_odd_things_in_place_of_the_state_file(tmp_path: Path, make, why: str) -> None:
    """None of these may hang, fill memory or raise: set aside, a notice, ticks saved."""
    make(tmp_path / "state.json")
    store = StateStore(tmp_path)
    assert store.load() == State()
    notices = store.take_notices()
    assert len(notices) == 1 and why in notices[0] and "moved it to" in notices[0], notices
    assert store.set_checked("sleep", True).checked == {"sleep"}
    assert StateStore(tmp_path).load().checked == {"sleep"}
    assert len(list(tmp_path.glob("state.json.damaged-*"))) == 1


def test_a_change_by_another_copy_is_noticed_with_one_stat(tmp_path: Path) -> None:
    mine = StateStore(tmp_path)
    mine.load()
    assert mine.reload_if_changed() is False  # no file yet, none now
    other = StateStore(tmp_path)
    other.set_checked("sleep", True)
    assert mine.reload_if_changed() is True
    assert mine.state.checked == {"sleep"}
    assert mine.reload_if_changed() is False  # unchanged since
    mine.set_checked("stress", True)
    assert mine.reload_if_changed() is False  # its own write is not news
    (tmp_path / "state.json").unlink()
    assert mine.reload_if_changed() is True and mine.state == State()


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


def test_temporary_files_left_by_a_kill_are_removed_at_start(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(State(frozenset({"sleep"})).to_json())
    left = [tmp_path / ".state.json.k2j4x9.tmp", tmp_path / ".state.json.a_b.tmp"]
    for path in left:
        path.write_text('{"version": 1, "checked": [')
    unrelated = [tmp_path / "notes.tmp", tmp_path / ".state.json.keep"]
    for path in unrelated:
        path.write_text("mine")
    assert StateStore(tmp_path).load().checked == {"sleep"}
    assert not any(path.exists() for path in left)
    assert all(path.read_text() == "mine" for path in unrelated)


def test_start_does_not_create_the_state_directory(tmp_path: Path) -> None:
    StateStore(tmp_path / "absent").load()
    assert not (tmp_path / "absent").exists()


def test_lock_file_that_is_a_symlink_is_not_followed(tmp_path: Path) -> None:
    """A link in place of the lock must not make the app create or open its target."""
    state = tmp_path / "state"
    state.mkdir()
    target = tmp_path / "elsewhere" / "created-by-following"
    target.parent.mkdir()
    (state / "state.json.lock").symlink_to(target)
    store = StateStore(state)
    store.load()
    assert store.set_checked("sleep", True).checked == {"sleep"}  # kept in memory
    assert not target.exists()
    notices = store.take_notices()
    assert len(notices) == 1 and "symbolic link" in notices[0]
    assert not (state / "state.json").exists()


def test_ticks_kept_in_memory_are_not_replaced_by_the_file(tmp_path: Path) -> None:
    """Changes cannot be saved (the lock is refused): another copy's file does not erase them."""
    (tmp_path / "state.json.lock").symlink_to(tmp_path / "nowhere")
    mine = StateStore(tmp_path)
    mine.load()
    mine.set_checked("sleep", True)
    assert not mine.writable
    (tmp_path / "state.json").write_text(State(frozenset({"stress"})).to_json())
    assert mine.reload_if_changed() is False
    assert mine.state.checked == {"sleep"}
