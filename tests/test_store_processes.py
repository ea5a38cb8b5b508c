"""The store across processes: kill -9 mid-write loses nothing committed; two writers
at once both succeed (busy timeout)."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fasci_tui.store.sqlite import DB_FILE, SqliteStore

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2001, 1, 1)

WRITER = """
import datetime as dt, sys
from pathlib import Path
from fasci_tui.store.records import DailyEntry, Supplement
from fasci_tui.store.sqlite import SqliteStore

directory, first, count, mode = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
start = dt.date(2001, 1, 1)
store = SqliteStore.open(directory)
for n in range(first, first + count):
    day = start + dt.timedelta(days=n)
    if mode == "ticks":
        store.set_tick(start - dt.timedelta(days=1), f"habit-{n}", True)
    else:
        store.save_entry(DailyEntry(day, twitch=n % 11, sites=("calves", "feet"), sleep=7.5,
                                    habits=frozenset({"sleep"}),
                                    supplements=(Supplement("magnesium", n + 1, "mg"),),
                                    note=f"entry {n} " + "x" * 300))
    print(n, flush=True)
store.close()
"""


def _writer(directory: Path, first: int, count: int,
            mode: str = "entries") -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", WRITER, str(directory), str(first),
                             str(count), mode], stdout=subprocess.PIPE, text=True, env=env)


def _check_entry(store: SqliteStore, n: int) -> None:
    entry = store.entry(START + dt.timedelta(days=n))
    assert entry is not None, f"committed entry {n} is missing"
    assert entry.twitch == n % 11 and entry.note.startswith(f"entry {n} ")
    assert entry.supplements[0].amount == n + 1 and entry.sites == ("calves", "feet")


@pytest.mark.slow
def test_kill_9_mid_write_loses_nothing_committed(tmp_path: Path) -> None:
    """Kill a writer at random moments, again and again: every entry it reported as
    saved is there, whole, and the file passes SQLite's integrity check."""
    rng = random.Random(12)
    committed = -1
    first = 0
    for _round in range(6):
        proc = _writer(tmp_path, first, 100_000)
        assert proc.stdout is not None
        wanted = rng.randint(3, 40)
        seen = 0
        while seen < wanted:
            line = proc.stdout.readline()
            assert line, "the writer stopped early"
            committed = int(line)
            seen += 1
        time.sleep(rng.random() * 0.02)  # land somewhere inside a later save
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        with SqliteStore.open(tmp_path) as store:
            for n in range(committed + 1):
                _check_entry(store, n)
            first = max(store.count_days(), committed + 1)
    conn = sqlite3.connect(tmp_path / DB_FILE)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.slow
def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    SqliteStore.open(tmp_path).close()
    procs = [_writer(tmp_path, 0, 150), _writer(tmp_path, 150, 150),
             _writer(tmp_path, 1000, 60, "ticks")]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        assert len(out.split()) in (150, 60)
    with SqliteStore.open(tmp_path) as store:
        for n in range(300):
            _check_entry(store, n)
        # The ticks go to a day the entry writers leave alone: a day's entry replaces
        # that day's ticks, so sharing day 0 made the count depend on who came first.
        assert len(store.ticks(START - dt.timedelta(days=1))) == 60
