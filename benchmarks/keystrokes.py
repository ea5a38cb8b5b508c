"""Keystroke cost on an 80×24 pty: bytes written and time until output settles.

For a sidebar move, a pane switch, a table sort and a FAQ keystroke, each repeated,
prints the median bytes written and the median time from sending the key to the last
byte of the resulting update. A minimal two-pane Textual app (an OptionList beside a
Static that follows the highlight) is measured the same way for the sidebar move, and so
is fasci-tui with its output compaction turned off (``FASCI_TUI_RAW_OUTPUT=1``).
Targets: a sidebar move writes no more bytes than the minimal app's; each action
settles within 50 ms (median).

    python benchmarks/keystrokes.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pty_harness import PtyProcess, median, spawn  # noqa: E402
from benchmarks.startup import _acknowledged_state_dir  # noqa: E402

HERE = Path(__file__).resolve().parent
QUIET = 0.25
DOWN, UP = b"\x1b[B", b"\x1b[A"


def _start(argv: list[str], marker: bytes, env: dict[str, str]) -> PtyProcess:
    proc = spawn(argv, env=env)
    if proc.wait_for(marker) is None:
        proc.close()
        raise RuntimeError(f"{argv} never drew its first screen")
    proc.read_for(quiet=0.5, limit=10)
    return proc


def _press(proc: PtyProcess, keys: bytes) -> tuple[int, float]:
    sent = proc.send(keys)
    chunks = proc.read_for(quiet=QUIET, limit=5)
    if not chunks:
        return 0, 0.0
    return sum(len(c.data) for c in chunks), chunks[-1].at - sent


def _measure(proc: PtyProcess, keys: list[bytes], repeat: int) -> tuple[float, float]:
    sizes, times = [], []
    for i in range(repeat):
        size, took = _press(proc, keys[i % len(keys)])
        sizes.append(size)
        times.append(took)
    return median(sizes), median(times)


def _setup(proc: PtyProcess, *keys: bytes) -> None:
    for key in keys:
        proc.send(key)
        proc.read_for(quiet=QUIET, limit=5)


def main() -> None:
    """Run every scenario and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    # Measured as over SSH: the app then turns animations and cursor blink off.
    env = {"FASCI_TUI_STATE_DIR": _acknowledged_state_dir(),
           "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"}
    python = sys.executable
    rows: list[tuple[str, float, float]] = []

    base = _start([python, str(HERE / "baselines.py"), "twopane"], b"Baseline", env)
    try:
        rows.append(("minimal two-pane app: list move",
                     *_measure(base, [DOWN, DOWN, UP, UP], args.repeat)))
    finally:
        base.close()

    # The same move with Textual's output as it comes (FASCI_TUI_RAW_OUTPUT=1), to show
    # what the output compactor (fasci_tui/output.py) saves.
    raw = _start([python, "-m", "fasci_tui"], b"Fasciculation",
                 {**env, "FASCI_TUI_RAW_OUTPUT": "1"})
    try:
        rows.append(("fasci-tui, raw output: sidebar move",
                     *_measure(raw, [DOWN, DOWN, UP, UP], args.repeat)))
    finally:
        raw.close()

    app = _start([python, "-m", "fasci_tui"], b"Fasciculation", env)
    try:
        rows.append(("fasci-tui: sidebar move", *_measure(app, [DOWN, DOWN, UP, UP], args.repeat)))
        rows.append(("fasci-tui: pane switch (c / o)", *_measure(app, [b"c", b"o"], args.repeat)))
        _setup(app, b"c", b"\r")
        rows.append(("fasci-tui: table sort (s)", *_measure(app, [b"s"], args.repeat)))
        _setup(app, b"\x1b", b"f", b"/")
        rows.append(("fasci-tui: FAQ keystroke", *_measure(app, [b"m", b"\x7f"], args.repeat)))
    finally:
        app.close()

    for name, size, took in rows:
        print(f"{name:36} {size:8.0f} bytes   settles in {took * 1000:6.1f} ms")
    base_bytes = rows[0][1]
    move_bytes = rows[2][1]
    print(f"sidebar move bytes vs minimal app: {move_bytes / base_bytes:.2f}x (target <= 1.00x); "
          f"[{args.repeat} presses each, medians; quiet window {QUIET * 1000:.0f} ms]")


if __name__ == "__main__":
    main()
