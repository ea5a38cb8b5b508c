"""Startup time and memory: fasci-tui against a minimal Textual app, on an 80×24 pty.

Each round launches the minimal app (Header, Static, Footer) and fasci-tui alternately,
measures the time until the first full screen with content has been written, and the
resident memory once the screen has settled. Prints medians and the ratios.
Target: startup ≤ 1.2× the minimal app; RSS ≤ 1.3× the minimal app.

Both programs start as installed ones do: with the bytecode of their modules compiled
(``pip install`` does that for Textual and for fasci-tui). The package is compiled here
first, because a checkout run with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile
every edited module of fasci-tui at each launch, and none of Textual's. One untimed run
of each program warms the disk cache and fasci-tui's content cache.

    python benchmarks/startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pty_harness import median, spawn  # noqa: E402
from fasci_tui.state import State, atomic_write  # noqa: E402

HERE = Path(__file__).resolve().parent
APP_MARKER = b"Fasciculation"
APP_FOOTER = b"Find"  # the footer's last key: "ctrl+p Find"
BASE_MARKER = b"Baseline"
BASE_FOOTER = b"palette"


def _acknowledged_state_dir() -> str:
    """A state directory where the disclaimer has been read (no first-run modal)."""
    directory = Path(tempfile.mkdtemp(prefix="fasci-bench-"))
    atomic_write(directory / "state.json", State(disclaimer_acknowledged=True).to_json())
    return str(directory)


def measure(argv: list[str], marker: bytes, footer_marker: bytes,
            env: dict[str, str]) -> tuple[float, int]:
    """Seconds until ``marker`` and the footer are on screen, and RSS in KiB after settling."""
    proc = spawn(argv, env=env)
    try:
        first = proc.wait_for(marker)
        footer = proc.wait_for(footer_marker)
        if first is None or footer is None:
            raise RuntimeError(f"{argv} never drew its first screen")
        proc.read_for(quiet=0.3, limit=5)
        return max(first, footer), proc.rss_kib()
    finally:
        proc.close()


def compile_package() -> None:
    """Write up-to-date bytecode for fasci_tui, as an installation has."""
    compileall.compile_dir(str(HERE.parent / "fasci_tui"), quiet=1)


def main() -> None:
    """Run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    env = {"FASCI_TUI_STATE_DIR": _acknowledged_state_dir()}
    python = sys.executable
    base_t, base_m, app_t, app_m = [], [], [], []
    base = [python, str(HERE / "baselines.py"), "minimal"]
    app = [python, "-m", "fasci_tui"]
    compile_package()
    measure(base, BASE_MARKER, BASE_FOOTER, env)  # warm caches
    measure(app, APP_MARKER, APP_FOOTER, env)
    for _ in range(args.rounds):
        t, m = measure(base, BASE_MARKER, BASE_FOOTER, env)
        base_t.append(t)
        base_m.append(m)
        t, m = measure(app, APP_MARKER, APP_FOOTER, env)
        app_t.append(t)
        app_m.append(m)
    bt, at = median(base_t), median(app_t)
    bm, am = median(base_m), median(app_m)
    print(f"startup  minimal app {bt * 1000:7.1f} ms   fasci-tui {at * 1000:7.1f} ms   "
          f"ratio {at / bt:.2f}x (target <= 1.20x)   [{args.rounds} rounds, medians]")
    print(f"memory   minimal app {bm / 1024:7.1f} MiB  fasci-tui {am / 1024:7.1f} MiB  "
          f"ratio {am / bm:.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
