"""Counting what a hosted server allows at once: sessions and connections, overall and per address.

Kept apart from the SSH code so the rules are plain and testable: a *session* is one
running app (one child process on its own pseudo-terminal); a *connection* is one SSH
transport, which may be waiting to log in or may hold sessions. Connections are capped at
twice the session limits, so a client cannot pile up half-open connections, while a
second client can still connect and be told in words that the server is full.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

DEFAULT_MAX_SESSIONS = 32
DEFAULT_MAX_PER_ADDRESS = 4
DEFAULT_LOGIN_TIMEOUT = 30.0
DEFAULT_IDLE_TIMEOUT = 900.0
DEFAULT_MAX_SESSION_LENGTH = 4 * 3600.0

CONNECTION_FACTOR = 2
"""Open connections allowed per allowed session (overall and per address)."""


@dataclass
class Limits:
    """How many sessions and connections may be open, overall and from one address.

    ``max_per_address`` of 0 means no per-address limit.
    """

    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    _sessions: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _connections: Counter[str] = field(default_factory=Counter, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        if self.max_per_address < 0:
            raise ValueError("max_per_address must be 0 (no limit) or more")

    @property
    def sessions(self) -> int:
        """Sessions open now."""
        return sum(self._sessions.values())

    @property
    def connections(self) -> int:
        """Connections open now."""
        return sum(self._connections.values())

    def open_session(self, address: str) -> str | None:
        """Count a new session from ``address``; or, over a limit, say why (and count nothing)."""
        if self.sessions >= self.max_sessions:
            return (f"the server is full ({_sessions(self.max_sessions)} open); "
                    "please try again later")
        if self.max_per_address and self._sessions[address] >= self.max_per_address:
            return (f"too many sessions from your address ({_sessions(self.max_per_address)} "
                    "open); close one and try again")
        self._sessions[address] += 1
        return None

    def close_session(self, address: str) -> None:
        """Forget one session from ``address``."""
        _decrement(self._sessions, address)

    def open_connection(self, address: str) -> str | None:
        """Count a new connection from ``address``; over a limit, also say why.

        The connection is counted either way (so a flood keeps counting against itself);
        every call is matched by one :meth:`close_connection` when the connection ends.
        """
        self._connections[address] += 1
        if self.connections > CONNECTION_FACTOR * self.max_sessions:
            return "the server is busy; please try again later"
        if (self.max_per_address
                and self._connections[address] > CONNECTION_FACTOR * self.max_per_address):
            return "too many connections from your address; please try again later"
        return None

    def close_connection(self, address: str) -> None:
        """Forget one connection from ``address``."""
        _decrement(self._connections, address)


def _sessions(count: int) -> str:
    return f"{count} session" + ("" if count == 1 else "s")


def _decrement(counter: Counter[str], key: str) -> None:
    if counter[key] <= 1:
        counter.pop(key, None)
    else:
        counter[key] -= 1


def human_duration(seconds: float) -> str:
    """A short English duration: ``45 s``, ``15 min``, ``4 h``, ``1 h 30 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


ALLOWED_ENV = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
               "TMPDIR", "XDG_CACHE_HOME", "FASCI_TUI_CACHE_DIR")
"""Environment variables a hosted app inherits from the server (nothing else is passed on)."""

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a hosted app is given (a client may ask for any size)."""
