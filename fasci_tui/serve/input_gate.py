"""How fast a client's keys may reach its app: a token bucket over whole chunks of input.

Textual queues every key it reads, so an app fed a flood grows without bound (256 KiB of
``j`` once took one to 800 MiB). A person types a few keys a second and a mouse reports
a few hundred bytes a second; pastes are short. The gate lets ``burst`` bytes through at
once and ``rate`` bytes a second after that, and drops whole chunks beyond it (never part
of one, which could split an escape sequence), so a flood is thrown away at the door and
the app keeps answering the keys that follow it.

The rate leaves the app room to spare: the heaviest one-byte key (a pane switch) keeps up
at 500 a second on a loaded 2-core machine and fell behind at 1,000; typing and key
repeat stay under 100 bytes a second, and a bracketed paste arrives as one chunk.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_INPUT_RATE = 256
"""Bytes a second a session's input may average (key repeat on arrows is some 90)."""
DEFAULT_INPUT_BURST = 1024
"""Bytes a session may send at once after a quiet spell."""
MAX_QUEUED_INPUT = 8192
"""Bytes of input waiting for the app's terminal; beyond it, input is dropped."""


class InputGate:
    """A token bucket: :meth:`admit` says whether a chunk of ``size`` bytes may pass now."""

    def __init__(self, rate: float = DEFAULT_INPUT_RATE, burst: int = DEFAULT_INPUT_BURST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._at = clock()
        self.dropped = 0
        """Bytes refused so far."""

    def admit(self, size: int) -> bool:
        """Take ``size`` bytes' worth of tokens if there are enough; else count a drop."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if size <= self._tokens:
            self._tokens -= size
            return True
        self.dropped += size
        return False
