"""What a hosted server allows: sessions, connections, waiting logins, and the environment.

Kept apart from the SSH code so the rules are plain and testable: a *session* is one
running app (one child process on its own pseudo-terminal); a *connection* is one SSH
transport that has logged in, and may hold sessions. Logged-in connections are capped at
twice the session limits, so a client cannot pile up idle connections, while a second
client can still connect and be told in words that the server is full.

Connections still *waiting* to log in are counted apart (like OpenSSH's MaxStartups):
past ``start`` of them, each new one makes the server drop a random waiting connection
with a chance rising from ``rate`` % to 100 % at ``full``; and past ``per_address`` from
one address, one of that address's is dropped. A crowd of silent connections thus keeps
losing members, and a real client, which logs in within milliseconds, gets through.

The environment allow-lists (:data:`CLIENT_ENV`, :data:`SERVER_ENV`) are shared by every
way of hosting the app (SSH and web).
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field

DEFAULT_MAX_SESSIONS = 32
DEFAULT_MAX_PER_ADDRESS = 4
DEFAULT_LOGIN_TIMEOUT = 10.0
DEFAULT_IDLE_TIMEOUT = 900.0
DEFAULT_MAX_SESSION_LENGTH = 4 * 3600.0
DEFAULT_MEMORY_LIMIT_MIB = 256
"""Each app process's data limit (RLIMIT_DATA); the app itself needs some 50 MiB."""
DEFAULT_MAX_STARTUPS = "10:30:60"
"""Waiting logins: ``start:rate:full`` as in OpenSSH's MaxStartups."""
DEFAULT_PER_SOURCE_MAX_STARTUPS = 10
"""Waiting logins from one address before one of them is dropped."""
DEFAULT_MAX_STORED_KEYS = 10_000
"""Client keys whose personal data is kept; past it, new keys get a store per session."""
MAX_CHANNELS_PER_CONNECTION = 8
"""Channels (sessions, started or not) one connection may hold open."""
MAX_ENV_REQUESTS = 32
"""Environment requests looked at per session; later ones are refused unread."""

CLIENT_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "COLORTERM", "NO_COLOR")
"""Environment variables a client may set (values checked by :func:`client_env_allowed`)."""
SERVER_ENV = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
              "TMPDIR", "XDG_CACHE_HOME", "FASCI_TUI_CACHE_DIR")
"""Environment variables passed on from the server to each app (nothing else is)."""
_ENV_VALUE_RE = re.compile(r"[A-Za-z0-9_.@:+,=-]{0,64}")


def client_env_allowed(name: str, value: str) -> bool:
    """Whether a client may set ``name`` to ``value`` (allow-listed name, short plain value)."""
    return name in CLIENT_ENV and _ENV_VALUE_RE.fullmatch(value) is not None


def server_env() -> dict[str, str]:
    """The part of this process's environment every app may see (:data:`SERVER_ENV`)."""
    return {name: os.environ[name] for name in SERVER_ENV if name in os.environ}


@dataclass(frozen=True)
class Startups:
    """When to drop connections waiting to log in (see the module's docstring)."""

    start: int = 10
    rate: int = 30
    full: int = 60
    per_address: int = DEFAULT_PER_SOURCE_MAX_STARTUPS

    def __post_init__(self) -> None:
        if not (1 <= self.start <= self.full and 0 <= self.rate <= 100
                and self.per_address >= 1):
            raise ValueError("need 1 <= start <= full, rate 0-100, per address 1 or more")

    @classmethod
    def parse(cls, text: str, per_address: int = DEFAULT_PER_SOURCE_MAX_STARTUPS) -> Startups:
        """``START:RATE:FULL`` (or one number, meaning START=FULL) as in OpenSSH."""
        parts = text.split(":")
        try:
            numbers = [int(part) for part in parts]
        except ValueError:
            raise ValueError(f"{text!r} is not START:RATE:FULL (e.g. 10:30:60)") from None
        if len(numbers) == 1:
            return cls(numbers[0], 100, numbers[0], per_address)
        if len(numbers) != 3:
            raise ValueError(f"{text!r} is not START:RATE:FULL (e.g. 10:30:60)")
        return cls(numbers[0], numbers[1], numbers[2], per_address)

    def drop_chance(self, waiting: int) -> float:
        """The chance of dropping one when ``waiting`` connections wait (counting a new one)."""
        if waiting <= self.start:
            return 0.0
        if waiting > self.full:
            return 1.0
        span = max(1, self.full - self.start)
        base = self.rate / 100
        return base + (1 - base) * (waiting - self.start - 1) / span

CONNECTION_FACTOR = 2
"""Open connections allowed per allowed session (overall and per address)."""


@dataclass
class Limits:
    """How many sessions and connections may be open, overall and from one address.

    ``max_per_address`` of 0 means no per-address limit.
    """

    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    startups: Startups = field(default_factory=Startups)
    chance: random.Random = field(default_factory=random.Random, repr=False)
    _sessions: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _connections: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _waiting: Counter[str] = field(default_factory=Counter, init=False, repr=False)

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

    @property
    def waiting(self) -> int:
        """Connections waiting to log in now."""
        return sum(self._waiting.values())

    def open_waiting(self, address: str) -> str | None:
        """Count a new connection from ``address`` that has yet to log in.

        Returns where one waiting connection (not this one) should be dropped to make room:
        ``"address"`` (one from the same address), ``"any"``, or None to drop none. Every
        call is matched by one :meth:`close_waiting`.
        """
        self._waiting[address] += 1
        if self._waiting[address] > self.startups.per_address:
            return "address"
        if self.chance.random() < self.startups.drop_chance(self.waiting):
            return "any"
        return None

    def close_waiting(self, address: str) -> None:
        """Forget one waiting connection from ``address`` (it logged in, or went)."""
        _decrement(self._waiting, address)

    def connection_refusal(self, address: str) -> str | None:
        """Why one more logged-in connection from ``address`` is too many, or None."""
        if self.connections >= CONNECTION_FACTOR * self.max_sessions:
            return "the server is busy; please try again later"
        if (self.max_per_address
                and self._connections[address] >= CONNECTION_FACTOR * self.max_per_address):
            return "too many connections from your address; please try again later"
        return None

    def open_connection(self, address: str) -> None:
        """Count a logged-in connection from ``address`` (matched by :meth:`close_connection`)."""
        self._connections[address] += 1

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


MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a hosted app is given (a client may ask for any size)."""
