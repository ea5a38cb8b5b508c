"""The Today and Trends panes opening with a big log: on a real pty, and under Pilot.

The pty figure is the honest one: a real ``fasci-tui`` on an 80×24 pseudo-terminal with
the big log as its state, the time from writing the key to the last byte of the update
(nothing more written for :data:`QUIET` s), i.e. until the screen the person sees is
complete. Each program run opens Today, Trends and References (a pane that does not
read the log: the baseline of a pane switch) from the Overview, once ("first": the pane
is built and the log read) and once more ("again": the pane is shown again and re-reads
the day). Today comes first, so its first figure also holds what the first pane switch
after start costs. References builds a widget per source when first shown, so its
"again" figure is the baseline, not its "first". The CPU time the program used meanwhile
(every thread, from Linux's schedstat) is printed beside the wall time: it is what a
loaded machine stretches least. As in keystrokes.py the app runs as over SSH
(animations and cursor blink off, so a blinking cursor does not count as output).

Under Pilot (headless, in-process) the wall time from ``pilot.press`` to the end of
``pilot.pause`` includes Textual's idle polls: ``press`` waits for the process to go
idle twice and ``pause`` once more, each poll sleeping at least 20 ms, so even a pane
that costs nothing shows some 60 ms. The CPU time of the process over the same span
is printed beside it: the work done for the key, without those sleeps (and without
writing to a terminal).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.pty_harness import Chunk, PtyProcess, median, spawn
from tests.support.pty import ANSI

QUIET = 0.25
"""Seconds without output after which an update counts as complete."""
PANES = (("Today", b"t", "Del clears"), ("Trends", b"e", "checked in"),
         ("References", b"r", "sources."))
"""Name, key and a text the pane draws (to check the key opened it), in the order opened."""


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by every thread of process ``pid`` (Linux schedstat, ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # a thread that just ended
            continue
    return total / 1e9


def _settle(proc: PtyProcess, key: bytes, marker: str) -> tuple[float, float]:
    """Send ``key``; seconds until the output settled with ``marker`` drawn, and the CPU
    seconds the program used meanwhile."""
    cpu = cpu_seconds(proc.pid)
    sent = proc.send(key)
    chunks: list[Chunk] = []
    while time.monotonic() - sent < 10:  # the first bytes may come late, or in parts
        chunks += proc.read_for(quiet=QUIET, limit=10)
        if marker in ANSI.sub("", b"".join(c.data for c in chunks).decode("utf-8", "replace")):
            return chunks[-1].at - sent, cpu_seconds(proc.pid) - cpu
    raise RuntimeError(f"{key!r} did not draw {marker!r} within 10 s")


def _one_run(argv: list[str], env: dict[str, str],
             found: dict[str, list[tuple[float, float]]]) -> None:
    """Start the app once; open each pane from the Overview, first time and again."""
    proc = spawn(argv, env=env)
    try:
        if proc.wait_for(b"Fasciculation") is None:
            raise RuntimeError("fasci-tui never drew its first screen")
        proc.read_for(quiet=0.5, limit=10)
        for name, key, marker in PANES:
            for when in ("first", "again"):
                took, cpu = _settle(proc, key, marker)  # from the Overview, where it starts
                found.setdefault(f"{name} pane opens ({when})", []).append((took, cpu))
                _settle(proc, b"o", "Overview")
    finally:
        proc.close()


def pty_panes(state: Path, runs: int,
              argv: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """Seconds from each pane's key to its screen complete on an 80×24 pty, and the CPU
    seconds the program used meanwhile (medians of ``runs`` program runs of ``argv``, by
    default the installed ``fasci-tui``), with the log in ``state``."""
    argv = argv or [str(Path(sys.executable).with_name("fasci-tui"))]
    env = {"FASCI_TUI_STATE_DIR": str(state), "FASCI_TUI_CACHE_DIR": str(state / "cache"),
           "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"}
    _one_run(argv, env, {})  # warm-up: the content cache, the disk cache
    found: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        _one_run(argv, env, found)
    return {name: (median([w for w, _ in times]), median([c for _, c in times]))
            for name, times in found.items()}


async def pilot_panes(state: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds from a pane's key to the end of ``pilot.pause`` (medians),
    first time and again, headless at 80×24; and a check-in saved from the pane."""
    from fasci_tui.app import FasciApp
    from fasci_tui.content.loader import load_content
    from fasci_tui.content.paths import shipped_data_dir
    from fasci_tui.runtime import collection_paused
    from fasci_tui.state import StateStore

    found: dict[str, list[tuple[float, float]]] = {}
    content = load_content(shipped_data_dir())
    for _ in range(runs):
        app = FasciApp(content, store=StateStore(state))
        # As run_app does: what is loaded so far frozen for the collector, collection
        # back on after the first frame (else a full collection of every Textual object,
        # ~35 ms here, lands in whichever pane opens first).
        with collection_paused():
            await _open_panes(app, found)
    return {name: (median([w for w, _ in times]), median([c for _, c in times]))
            for name, times in found.items()}


async def _open_panes(app: Any, found: dict[str, list[tuple[float, float]]]) -> None:
    """Open References, Today and Trends after their keys, first time and again."""
    from fasci_tui.places import OVERVIEW, Section, spec

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # As on the pty: the keys come after the app has settled (0.3 s after start it
        # builds the nutrient pane, which would otherwise land in the first figure).
        await asyncio.sleep(0.6)
        await pilot.pause()
        # Keys from SECTION_TABLE (Trends was once measured on `w`, now Twitching's).
        for section in (Section.TODAY, Section.TRENDS, Section.REFERENCES):
            name, key = spec(section).title, spec(section).keys.split(",")[0]
            for when in ("first", "again"):
                await app.go(OVERVIEW)
                await pilot.pause()
                started, cpu = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                found.setdefault(f"{name} pane opens ({when})", []).append(
                    (time.perf_counter() - started, time.process_time() - cpu))
                if app.place.section != section:
                    raise SystemExit(f"{key!r} opened {app.place.section}, not {section}")
        pane = app.pane_widget(Section.TODAY)
        started, cpu = time.perf_counter(), time.process_time()
        pane.save()
        found.setdefault("check-in saved from the pane", []).append(
            (time.perf_counter() - started, time.process_time() - cpu))
