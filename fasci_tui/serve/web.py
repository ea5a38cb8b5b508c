"""``fasci-tui serve web``: the app in the browser, through textual-serve.

textual-serve starts one app process per browser page with Textual's web driver. The
command it runs is the ordinary command line (``fasci_tui.cli.main``) behind
``python -m fasci_tui.serve.child --web``, which gives each page a checklist of its own
that lasts for that page only (a temporary state directory), so visitors never see or
change each other's ticks.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from fasci_tui.content.paths import DATA_ENV


def web_command() -> str:
    """The shell command textual-serve runs for each browser page."""
    return f"{shlex.quote(sys.executable)} -m fasci_tui.serve.child --web"


def run_web(host: str, port: int, data_dir: Path, public_url: str | None = None) -> int:
    """Serve until interrupted; returns the exit code (1 at once when the data is broken)."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.problems import ContentError

    try:  # every browser session would fail on it: say so now, as serve ssh does
        load_cached(data_dir)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("fasci-tui: the server cannot start until the data is fixed", file=sys.stderr)
        return 1
    from textual_serve.server import Server

    os.environ[DATA_ENV] = str(data_dir)  # textual-serve passes its environment on
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"fasci-tui: serving on {host}:{port}: anyone who can reach it may use the app",
              file=sys.stderr)
    server = Server(web_command(), host=host, port=port, title="fasci-tui",
                    public_url=public_url)
    try:
        server.serve()
    except OSError as exc:
        print(f"fasci-tui: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1
    return 0
