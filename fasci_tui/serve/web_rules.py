"""The rules ``serve web`` applies, as plain functions: sizes, origins and the typing pace.

Kept apart from the server (:mod:`fasci_tui.serve.web`) so each rule can be read and
tested on its own.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from fasci_tui.serve.limits import MAX_COLUMNS, MAX_ROWS

DEFAULT_INPUT_RATE = 2048
"""Bytes a page may type per second, on average (a person types a few; the mouse, ~1 KiB)."""
DEFAULT_INPUT_BURST = 16 * 1024
"""Bytes a page may type at once before the pace applies (a paste, a burst of keys)."""

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
"""Host names that mean this machine."""

class InputPace:
    """Keeps a page's typing to ``rate`` bytes a second on average, ``burst`` at once.

    Textual queues every key it is sent, so a page that floods keys would make its app
    grow without bound; paced, the flood waits in the browser (the server stops reading
    the page's websocket meanwhile) instead of in the app's memory.
    """

    def __init__(self, rate: float = DEFAULT_INPUT_RATE, burst: float = DEFAULT_INPUT_BURST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._allowance = burst
        self._last = clock()

    def delay(self, size: int) -> float:
        """Seconds to wait before passing on ``size`` more bytes (0 within the pace)."""
        now = self.clock()
        self._allowance = min(self.burst, self._allowance + (now - self._last) * self.rate)
        self._last = now
        self._allowance -= size
        return 0.0 if self._allowance >= 0 else -self._allowance / self.rate


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size the app can draw, from whatever a page sent (80×24 when unusable)."""
    def number(value: object, default: int, most: int) -> int:
        try:
            count = int(str(value)) if not isinstance(value, bool) else 0
        except ValueError:
            return default
        return min(count, most) if count > 0 else default

    return number(width, 80, MAX_COLUMNS), number(height, 24, MAX_ROWS)


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url``, lower-case and without a default port; or None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (a loopback name or address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """Whether ``host`` means every address of this machine."""
    return host in ("", "0.0.0.0", "::", "[::]")


def allowed_origins(host: str, port: int, public_url: str | None) -> frozenset[str] | None:
    """The browser origins whose pages may open the app; None means "this page's own".

    On loopback that is the server's loopback addresses (so a name that merely resolves
    to 127.0.0.1, as in DNS rebinding, is refused too); on one address, that address;
    with ``public_url``, also its origin. Listening on every address without a public
    URL, the only rule left is that the page came from the host it connects to.
    """
    origins: set[str] = set()
    if public_url and (origin := origin_of(public_url)):
        origins.add(origin)
    if is_loopback(host):
        names: Sequence[str] = LOOPBACK_NAMES
    elif is_wildcard(host):
        names = ()
    else:
        names = (f"[{host}]" if ":" in host else host,)
    for name in names:
        if (origin := origin_of(f"http://{name}:{port}")) is not None:
            origins.add(origin)
    if not origins:
        return None
    return frozenset(origins)


def origin_allowed(origin: str | None, request_host: str | None,
                   allowed: frozenset[str] | None, scheme: str = "http") -> bool:
    """Whether a websocket with this ``Origin`` header may start an app.

    No Origin means no browser (browsers always send one on a websocket), so no page of
    another site can be behind it.
    """
    if origin is None:
        return True
    seen = origin_of(origin)
    if seen is None:
        return False
    if allowed is not None:
        return seen in allowed
    return request_host is not None and seen == origin_of(f"{scheme}://{request_host}")
