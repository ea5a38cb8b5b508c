"""Wall time of ``fasci-tui show ID`` (target ≤ 100 ms), median of several runs.

Times ``show magnesium`` (a nutrient page) and ``show compare`` (the table).

Also times ``python -c pass`` in the same run, as the floor any Python command pays.
As in startup.py, the package's bytecode is compiled first and one untimed run warms
the content cache, as an installed fasci-tui would have them.

    python benchmarks/show.py [--runs 25]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pty_harness import median  # noqa: E402
from benchmarks.startup import compile_package  # noqa: E402


def _time(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    """Time the commands and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    script = str(Path(sys.executable).with_name("fasci-tui"))
    compile_package()
    _time([script, "show", "magnesium"])  # warm-up: the content cache, the disk cache
    floor, show, compare = [], [], []
    for _ in range(args.runs):
        floor.append(_time([sys.executable, "-c", "pass"]))
        show.append(_time([script, "show", "magnesium"]))
        compare.append(_time([script, "show", "compare"]))
    f, s, c = median(floor), median(show), median(compare)
    print(f"show     python -c pass {f * 1000:6.1f} ms   fasci-tui show magnesium "
          f"{s * 1000:6.1f} ms   show compare {c * 1000:6.1f} ms   "
          f"(target <= 100 ms; {args.runs} runs, medians)")


if __name__ == "__main__":
    main()
