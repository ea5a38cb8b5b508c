"""Run every benchmark in turn (``make bench``); each prints its own figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["show.py", "startup.py", "keystrokes.py", "scale.py", "ssh_sessions.py"]


def main() -> int:
    """Run the scripts; return non-zero if any failed."""
    failed = 0
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        failed |= subprocess.run([sys.executable, str(HERE / script)]).returncode != 0
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
