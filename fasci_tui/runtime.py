"""How the app fits its surroundings: SSH sessions, its driver, the garbage collector."""

from __future__ import annotations

import gc
import os
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from textual.driver import Driver
from textual.widget import Widget


def over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    """True when the app runs in an SSH session (animations and blinking are then off)."""
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def quiet_cursors(widget: Widget) -> None:
    """Stop the text cursors in ``widget`` and below from blinking (one frame each)."""
    from textual.widgets import Input

    for node in widget.walk_children(with_self=True):
        if isinstance(node, Input):
            node.cursor_blink = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the app with what is loaded so far frozen and collection off until resumed.

    What is loaded by then (Textual, the content) lives as long as the app. Frozen, the
    garbage collector no longer scans it again and again: at start-up a full collection
    of it paused the app for some 30 ms just before the first frame. The app calls
    :func:`resume_collection` once its first frame is drawn.
    """
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.enable()


def resume_collection() -> None:
    """Turn garbage collection back on (after the first frame)."""
    gc.enable()


def processors_busy(loadavg: str = "/proc/loadavg") -> bool:
    """True when other processes are waiting for the processors (Linux; else False).

    The fourth field of ``/proc/loadavg`` counts the tasks runnable right now, this one
    among them: more than one per processor besides it means, under ``serve ssh``, that
    other sessions are still drawing their first screens.
    """
    try:
        with open(loadavg, encoding="ascii") as handle:
            runnable = int(handle.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return runnable - 1 >= (os.cpu_count() or 1)


PREPARE_AFTER = 0.3
"""Seconds after start-up (and between checks while the processors are busy) before work
done in advance (the nutrient pane) starts."""
PREPARE_WAIT_LONGEST = 10.0
"""Seconds such work waits for free processors at most. Under ``serve ssh`` fifty sessions
starting together keep both processors busy for a few seconds: an app that has drawn its
first screen leaves them to the others' first screens meanwhile."""


def sooner_or_later(widget: Widget, work: Callable[[], Awaitable[None]],
                    waited: float = 0.0) -> None:
    """Run ``work`` (on ``widget``'s timers) in :data:`PREPARE_AFTER` seconds, or once the
    processors are free (:func:`processors_busy`), or after :data:`PREPARE_WAIT_LONGEST`."""
    waited += PREPARE_AFTER

    async def when_free() -> None:
        if waited < PREPARE_WAIT_LONGEST and processors_busy():
            sooner_or_later(widget, work, waited)
        else:
            await work()

    widget.set_timer(PREPARE_AFTER, when_free)


def reporting_driver(base: type[Driver], started: Callable[[Driver], None]) -> type[Driver]:
    """``base``, calling ``started`` with each instance once made (public API only:
    Textual keeps the driver it makes to itself)."""

    class ReportingDriver(base):  # type: ignore[valid-type, misc]
        """``base``, known to whoever asked (e.g. to make it forget the screen)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started(self)

    return ReportingDriver
