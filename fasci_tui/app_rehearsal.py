"""A rehearsal of a session's start, run by the ``serve ssh`` zygote before it forks apps.

Importing the app is not all a first screen needs: its first run fills caches that every
later run reuses (Textual's and Rich's styles, colours and character widths, regular
expressions, the widgets' CSS parsed by :mod:`fasci_tui.widgets.css_cache`). The zygote
therefore runs the app once, headless at 80×24 as an SSH session would (the disclaimer
still to read, then the nutrient pane the app prepares just after its first screen), on
a throw-away state directory, and forks every session's app after that: each one skips
that work (about a fifth of its first screen's CPU) and shares those caches with the
others copy-on-write. Nothing of the rehearsal's state is kept; the zygote checks that
it left no thread and no open file behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from fasci_tui.content.model import Content

SIZE = (80, 24)
"""The terminal size rehearsed (the commonest)."""
LIMIT = 20.0
"""Seconds the rehearsal may take before it is abandoned."""


@contextlib.contextmanager
def _ssh_environment() -> Iterator[None]:
    """The app takes its SSH code paths (it checks SSH_CONNECTION); restored afterwards."""
    before = os.environ.get("SSH_CONNECTION")
    os.environ["SSH_CONNECTION"] = "127.0.0.1 0 127.0.0.1 0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SSH_CONNECTION"]
        else:
            os.environ["SSH_CONNECTION"] = before


async def _run(content: Content, state: Path) -> None:
    from fasci_tui import places
    from fasci_tui.app import FasciApp
    from fasci_tui.places import Place, Section
    from fasci_tui.state import StateStore
    from fasci_tui.target import Target

    store = StateStore(state)
    app = FasciApp(content, Target(), store)
    nutrients = places.items(content, Section.NUTRIENT)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if nutrients:  # what the app prepares just after its first screen
                await app.switcher.ensure(Place(Section.NUTRIENT, nutrients[0].id))
                await pilot.pause()
            app.exit()
    finally:
        if store.log is not None:
            store.log.close()  # an app process closes it by ending


def _open_fds() -> set[str]:
    try:
        return set(os.listdir("/proc/self/fd"))
    except OSError:
        return set()


def rehearse(content: Content) -> str | None:
    """Run the app once, headless; None, or what went wrong (the zygote serves anyway)."""
    fds = _open_fds()
    try:
        with tempfile.TemporaryDirectory(prefix="fasci-tui-rehearsal-") as tmp, \
                _ssh_environment():
            asyncio.run(asyncio.wait_for(_run(content, Path(tmp)), LIMIT))
    except Exception as exc:  # noqa: BLE001 - the sessions start all the same, only slower
        return f"rehearsing a session: {type(exc).__name__}: {exc}"
    if threading.active_count() != 1:
        return f"rehearsing a session left {threading.active_count() - 1} thread(s) running"
    left = _open_fds() - fds
    if left:
        return f"rehearsing a session left {len(left)} file(s) open"
    return None
