"""The personal log with ten years of daily entries (3,650 days, generated).

Prints, as medians: reading every entry and the last 90 days (what the Trends and
Today panes ask for), saving one check-in (target <= 20 ms), the Today and Trends panes
opening after their key, first time and again (target <= 100 ms) with References as
the baseline of a pane switch: on a real 80x24 pty until the output settles (the
figure the target is about) and headless under Pilot, wall and CPU time (see
benchmarks/log_panes.py for what each includes); a check-in saved from the Today pane,
and the wall and CPU time of ``fasci-tui log list`` and ``log export`` (target <= 300
ms) against ``python -c pass``. On a loaded machine read the CPU figures.

    python benchmarks/log.py [--runs 11] [--pty-runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.log_panes import QUIET, pilot_panes, pty_panes  # noqa: E402
from benchmarks.pty_harness import median  # noqa: E402
from benchmarks.startup import compile_package  # noqa: E402
from fasci_tui.store.records import SITES, DailyEntry, Supplement  # noqa: E402
from fasci_tui.store.sqlite import SqliteStore  # noqa: E402

DAYS = 3650
HABITS = ("stress", "stimulants", "hydration", "sleep", "exercise")


def generate(days: int, seed: int = 7) -> list[DailyEntry]:
    """``days`` plausible daily entries ending today."""
    rng = random.Random(seed)
    today = dt.date.today()
    entries = []
    for n in range(days):
        entries.append(DailyEntry(
            today - dt.timedelta(days=days - 1 - n), twitch=rng.randint(0, 10),
            sites=tuple(rng.sample(SITES, rng.randint(0, 3))), caffeine=rng.randint(0, 5),
            alcohol=rng.randint(0, 3), sleep=rng.choice((5, 5.5, 6, 6.5, 7, 7.5, 8, 9)),
            stress=rng.randint(0, 5), exercise=rng.choice(("none", "light", "hard")),
            habits=frozenset(rng.sample(HABITS, rng.randint(0, 5))),
            supplements=(Supplement("magnesium", 200, "mg"),) if rng.random() < 0.5 else (),
            note=rng.choice(("", "", "long day at work", "slept badly, calves busy"))))
    return entries


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms"


def _time(func: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return median(times)


def _command(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of running ``argv`` (medians of ``runs``)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return median(walls), median(cpus)


def _target(name: str) -> str:
    if name.startswith("References"):
        return ""
    return "   (target <= 20 ms)" if "saved" in name else "   (target <= 100 ms)"


def main() -> None:
    """Generate the log, time the operations, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--pty-runs", type=int, default=5,
                        help="program runs on a pty (each opens every pane twice)")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory(prefix="fasci-tui-bench-log-") as tmp:
        state = Path(tmp)
        entries = generate(DAYS)
        started = time.perf_counter()
        with SqliteStore.open(state) as store:
            store.save_entries(entries)
        bulk = time.perf_counter() - started
        with SqliteStore.open(state) as store:
            since = dt.date.today() - dt.timedelta(days=89)
            every = _time(store.entries, args.runs)
            recent = _time(lambda: store.entries(since), args.runs)
            one = _time(lambda: store.entry(dt.date.today()), args.runs)
            rng = random.Random(3)
            save = _time(lambda: store.save_entry(rng.choice(entries)._replace(
                twitch=rng.randint(0, 10))), max(args.runs, 50))
        opened = _time(lambda: SqliteStore.open(state).close(), args.runs)
        print(f"log      {DAYS} days: bulk import {_ms(bulk)}; open {_ms(opened)}; read all "
              f"{_ms(every)}; last 90 days {_ms(recent)}; one day {_ms(one)}")
        print(f"log      one check-in saved (fsync'd) {_ms(save)}   (target <= 20 ms)")
        import asyncio

        from fasci_tui.state import StateStore

        StateStore(state).acknowledge_disclaimer()  # no first-run box over the panes
        for name, (wall, cpu) in pty_panes(state, args.pty_runs).items():
            print(f"pty      {name:32} {_ms(wall)} wall, {_ms(cpu)} CPU{_target(name)}")
        print(f"pty      [80x24, key to the last byte of the update ({QUIET * 1000:.0f} ms "
              f"quiet), medians of {args.pty_runs} program runs]")
        pilot = asyncio.run(pilot_panes(state, max(3, args.runs // 3)))
        for name, (wall, cpu) in pilot.items():
            print(f"pilot    {name:32} {_ms(wall)} wall, {_ms(cpu)} CPU{_target(name)}")
        print("pilot    [headless; wall includes Textual's idle polls (>= 3 x 20 ms sleep)]")
        script = str(Path(sys.executable).with_name("fasci-tui"))
        env = {"FASCI_TUI_STATE_DIR": str(state), "FASCI_TUI_CACHE_DIR": str(state / "cache"),
               "PATH": "/usr/bin:/bin"}
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    "log list": [script, "log", "list"],
                    "log list --since all": [script, "log", "list", "--since", "all"],
                    "log export (csv)": [script, "log", "export"],
                    "log export (json)": [script, "log", "export", "--format", "json"]}
        for name, argv in commands.items():
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)  # warm-up
            wall, cpu = _command(argv, env, args.runs)
            print(f"log      {name:22} {_ms(wall)} wall, {_ms(cpu)} CPU"
                  + ("   (target <= 300 ms)" if name != "python -c pass" else ""))


if __name__ == "__main__":
    main()
