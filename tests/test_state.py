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


def test_file_survives_kill_9_at_random_moments(tmp_path: Path) -> None:
    """A child writes in a loop; it is killed at random points; the file always parses."""
    rng = random.Random(1234)
    kills = 0
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        kills += 1
        text = (tmp_path / "state.json").read_text() if (tmp_path / "state.json").exists() else ""
        if text:
            state = parse_state(text)
            assert all(c.startswith("h") for c in state.checked)
    assert kills == 25
    assert not list(tmp_path.glob("state.json.damaged-*"))
