"""The first code each ``serve web`` page's app runs: a watch on the server, then the app.

The server gives each page's app a state directory of its own (``$FASCI_TUI_STATE_DIR``)
and pipes instead of a terminal. Should the server die without stopping its apps (kill
-9, a crash), nothing would end them: a small thread here notices that the parent is
gone, asks the app to quit with SIGTERM (Textual's web driver exits cleanly on it), and
if the app is still running after a grace period removes the state directory and ends
the process. Either way the state directory is removed.

The app itself is the package's entry point (run as ``python -m fasci_tui`` would;
nothing here imports the command line). The app's data is also capped (``RLIMIT_DATA``,
as the server says in ``$FASCI_TUI_WEB_MEMORY_MIB``), so one page cannot take the
machine's memory.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from fasci_tui.serve.child import DEFAULT_ENTRY, limit_memory, run_entry

POLL_SECONDS = 0.5
"""How often the watch looks at the parent process."""
GRACE_SECONDS = 3.0
"""How long the app gets to quit on SIGTERM before the process is ended outright."""


def watch_parent(parent: int, state: Path | None, poll: float = POLL_SECONDS,
                 grace: float = GRACE_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process once ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        if state is not None:  # the app did not quit: clean up for it
            shutil.rmtree(state, ignore_errors=True)
        os.kill(os.getpid(), signal.SIGKILL)  # the app did not quit: end it outright

    thread = threading.Thread(target=watch, name="fasci-tui-parent-watch", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    """Entry point: watch the server, run the app, remove the state directory."""
    from fasci_tui.serve.web_app import MEMORY_ENV, SERVER_PID_ENV
    from fasci_tui.state import STATE_ENV

    state_text = os.environ.get(STATE_ENV)
    state = Path(state_text) if state_text else None
    memory = os.environ.get(MEMORY_ENV, "")
    if memory.isdigit() and int(memory) > 0:
        limit_memory(int(memory))
    server = os.environ.get(SERVER_PID_ENV, "")
    # The server's pid as it says, not getppid(): the server may die before this runs.
    watch_parent(int(server) if server.isdigit() else os.getppid(), state)
    try:
        return run_entry(DEFAULT_ENTRY, sys.argv[1:] if argv is None else list(argv))
    finally:
        if state is not None:
            shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
