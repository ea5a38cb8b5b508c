"""Scale: a synthetic data set (2,000 nutrients, 20,000 questions, 5,000 foods).

Prints, for the generated data: load + validate time, the cached load, FAQ index build
and per-keystroke filter time, comparison-table sort time (content level and in the
live ComparePane), app start-up on an 80×24 pty (cold and with the cache), and memory.
Targets: FAQ filter ≤ 50 ms per keystroke; table sort ≤ 200 ms.

    python benchmarks/scale.py [--nutrients 2000] [--faq 20000] [--foods 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen_data import generate  # noqa: E402
from benchmarks.pty_harness import median, spawn  # noqa: E402
from benchmarks.startup import _acknowledged_state_dir  # noqa: E402

SHOWN = 100  # hits made per search, as the FAQ pane lists (FaqPane.MAX_SHOWN)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _timed(fn, *args):  # noqa: ANN001, ANN202
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def keystrokes(query: str) -> list[str]:
    """The successive values of a search box while ``query`` is typed."""
    return [query[: i + 1] for i in range(len(query))]


def bench_content(data: Path) -> None:
    """Load, search and sort without the UI."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.compare import COLUMNS, row_for, sort_rows
    from fasci_tui.content.loader import load_content
    from fasci_tui.content.search import FaqIndex

    content, took = _timed(load_content, data)
    print(f"load + validate YAML      {_ms(took)}")
    _timed(load_cached, data)  # writes the cache
    _, took = _timed(load_cached, data)
    print(f"load from cache           {_ms(took)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory after load         {peak:8.1f} MiB (peak RSS of this process)")
    index, took = _timed(FaqIndex, content.faq, content.nutrients)
    print(f"FAQ index build           {_ms(took)}")
    per_key = []
    for query in ("magnesium", "magnesum", "vitamin d", "b 12", "nerve cramp sleep", "xyzzy"):
        for value in keystrokes(query):
            _, took = _timed(index.search, value, SHOWN)
            per_key.append(took)
    per_key.sort()
    print(f"FAQ filter per keystroke  {_ms(median(per_key))} median, {_ms(per_key[-1])} max "
          f"over {len(per_key)} keystrokes (target <= 50 ms)")
    rows = [row_for(n) for n in content.nutrients]
    sorts = []
    for column in COLUMNS:
        for descending in (False, True):
            _, took = _timed(sort_rows, rows, column.key, descending)
            sorts.append(took)
    print(f"table sort (rows only)    {_ms(median(sorts))} median, {_ms(max(sorts))} max")


def _host(pane_class: type, data: Path):  # noqa: ANN202
    """A headless app showing one pane built from the data set."""
    from textual.app import App, ComposeResult

    from fasci_tui.content.cache import load_cached

    content = load_cached(data)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield pane_class(content)

    return Host()


async def _pane_sort(data: Path) -> list[float]:
    from fasci_tui.panes.compare import ComparePane

    times = []
    app = _host(ComparePane, data)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ComparePane)
        await pilot.pause()
        for key in ("intake", "nutrient", "limit", "type"):
            for descending in (False, True):
                started = time.perf_counter()
                pane.sort_by(key, descending)
                await pilot.pause()
                times.append(time.perf_counter() - started)
    return times


async def _faq_typing(data: Path) -> list[float]:
    from fasci_tui.panes.faq import FaqPane

    times = []
    app = _host(FaqPane, data)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        pane.focus_search()
        await pilot.pause()
        for char in "magnesum":
            started = time.perf_counter()
            await pilot.press(char)
            while pane.search_text and not pane.shown_ids and time.perf_counter() - started < 5:
                await pilot.pause(0.005)
            await pilot.pause()
            times.append(time.perf_counter() - started)
    return times


def bench_ui(data: Path) -> None:
    """Sorting in the live table and typing in the FAQ search, headless."""
    sorts = sorted(asyncio.run(_pane_sort(data)))
    print(f"table sort (ComparePane)  {_ms(median(sorts))} median, {_ms(sorts[-1])} max "
          "(target <= 200 ms)")
    typing = sorted(asyncio.run(_faq_typing(data)))
    print(f"FAQ keystroke (FaqPane)   {_ms(median(typing))} median, {_ms(typing[-1])} max "
          "until the list shows the new results")


def bench_startup(data: Path) -> None:
    """App start-up on a pty with the big data: cold (no cache) and warm."""
    cache = tempfile.mkdtemp(prefix="fasci-cache-")
    env = {"FASCI_TUI_STATE_DIR": _acknowledged_state_dir(), "FASCI_TUI_CACHE_DIR": cache}
    for label in ("cold (YAML)", "warm (cache)"):
        proc = spawn([sys.executable, "-m", "fasci_tui", "--data", str(data)], env=env)
        try:
            first = proc.wait_for(b"Synthetic", limit=120)
            proc.read_for(quiet=0.3, limit=5)
            rss = proc.rss_kib()
        finally:
            proc.close()
        shown = _ms(first) if first is not None else "   (no screen)"
        print(f"app start-up {label:13}{shown}   RSS {rss / 1024:.1f} MiB")
    shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    """Generate the data set and run every measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nutrients", type=int, default=2000)
    parser.add_argument("--faq", type=int, default=20000)
    parser.add_argument("--foods", type=int, default=5000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fasci-scale-"))
    os.environ["FASCI_TUI_CACHE_DIR"] = str(work / "cache")
    os.environ["FASCI_TUI_STATE_DIR"] = str(work / "state")
    try:
        data = work / "data"
        generate(data, args.nutrients, args.faq, args.foods)
        size = sum(p.stat().st_size for p in data.iterdir()) / 1e6
        print(f"data set: {args.nutrients:,} nutrients, {args.faq:,} questions, "
              f"{args.foods:,} foods ({size:.1f} MB of YAML)")
        bench_content(data)
        bench_ui(data)
        bench_startup(data)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
