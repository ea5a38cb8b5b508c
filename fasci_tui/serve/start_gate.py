"""How many apps may be drawing their first screen at once: the rest wait their turn.

An app's start is mostly CPU (Textual lays out and draws the first screen: some 80 ms).
When fifty sessions arrive together, starting them all at once shares the processors
fifty ways and every one of them draws its first screen near the end, some three seconds
later; started a few at a time, first come first served, the first screens come one
after another and half of them arrive in half that time. So each session waits for a
:class:`StartGate` slot (one more than the processors) before its app starts and holds
it until the app has drawn: until its output pauses for :data:`QUIET` seconds after at
least :data:`DRAWN_BYTES` of it (the terminal set-up the driver writes first is
shorter). An app that writes less (a tiny window) gives its slot back after
:data:`SMALL_QUIET` seconds without output, and any app after :data:`LONGEST` seconds,
or when its session ends. An app that has drawn is then niced (:data:`SETTLED_NICE`), so
what it does next waits while newer sessions draw their first screen: Textual lays the
screen out and paints it again just after a first frame (some 30-40 ms of CPU), which
fifty apps would otherwise spend in the middle of the others' first screens. The
scheduler weighs a nice-19 process at 15 against a nice-0 one's 1024 (nice 10: 110, so
twenty settled apps at nice 10 would together weigh 2,200 against the 3,072 of the three
drawing, and take over two fifths of the processors). When the processors are not
saturated, which is whenever no burst of sessions is starting, a key press (a few
milliseconds of CPU) is answered at once all the same. Apps that let their slot go for
the other reasons are not niced: they may still be drawing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os

QUIET = 0.02
"""Seconds without output, after some, that mark an app's first screen as drawn."""
DRAWN_BYTES = 1024
"""Output that makes a first screen (80×24 of the overview is several KiB; the set-up
sequences written before it are a few hundred bytes)."""
SMALL_QUIET = 0.25
"""Seconds without output after less than :data:`DRAWN_BYTES` that give the slot back."""
LONGEST = 2.0
"""Seconds a starting app may hold its slot, however it draws."""
SETTLED_NICE = 19
"""The nice value of an app once it has drawn its first screen."""


def settle(pid: int) -> None:
    """Nice the process group (every thread) of an app that has drawn its first screen."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PGRP, pid, SETTLED_NICE)


class StartTicket:
    """One app's slot in the gate: given back once the app has drawn (or at the latest)."""

    def __init__(self, semaphore: asyncio.Semaphore) -> None:
        self._semaphore: asyncio.Semaphore | None = semaphore
        self.pid: int | None = None
        """The app's process (group) id, niced once it has drawn."""
        self._written = 0
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(LONGEST, self.release)

    def output(self, size: int) -> None:
        """The app wrote ``size`` bytes: once it has drawn, give the slot back if it stays
        quiet a moment."""
        self._written += size
        if self._semaphore is None:
            return
        self._timer.cancel()
        loop = asyncio.get_running_loop()
        if self._written >= DRAWN_BYTES:
            self._timer = loop.call_later(QUIET, self._drawn)
        else:
            self._timer = loop.call_later(SMALL_QUIET, self.release)

    def _drawn(self) -> None:
        if self._semaphore is not None:
            self.release()
            if self.pid is not None:
                settle(self.pid)

    def release(self) -> None:
        """Give the slot back (once; later calls do nothing)."""
        self._timer.cancel()
        if self._semaphore is not None:
            self._semaphore.release()
            self._semaphore = None


class StartGate:
    """At most ``slots`` apps starting at once, admitted first come, first served."""

    def __init__(self, slots: int | None = None) -> None:
        self.slots = slots if slots is not None else (os.cpu_count() or 1) + 1
        self._semaphore = asyncio.Semaphore(self.slots)

    async def enter(self) -> StartTicket:
        """Wait for a slot; the ticket must be released (its app drew, or ended)."""
        await self._semaphore.acquire()
        return StartTicket(self._semaphore)
