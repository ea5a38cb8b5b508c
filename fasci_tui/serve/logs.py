"""Log records that stay one line: client-supplied text is escaped, never written raw.

A user name, command, subsystem or terminal type comes from the client; written raw, a
newline in it would start a log line of the client's choosing. :func:`for_log` makes any
string printable (``\\n`` becomes the two characters backslash and n) and short; the
:class:`OneLineFormatter` does the same to every message, asyncssh's own included.
"""

from __future__ import annotations

import logging
from typing import IO

_LIMIT = 80


def escape(text: str) -> str:
    """``text`` with every unprintable character (newline, ESC, C1, bidi...) escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def for_log(text: str | None, limit: int = _LIMIT) -> str:
    """A client-supplied string as it may appear in a log: escaped, quoted, at most ``limit``."""
    if text is None:
        return "none"
    shown = escape(text[:limit]) + ("..." if len(text) > limit else "")
    return f'"{shown}"'


class OneLineFormatter(logging.Formatter):
    """A formatter whose messages are always one line (tracebacks still follow as they are)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        """Escape the message, then format it as usual."""
        record.message = escape(record.message)
        return super().formatMessage(record)


class DeadConnectionWrites(logging.Filter):
    """Drops asyncio's "socket.send() raised exception." (one per write to a dropped client).

    When a client vanishes, the apps' last output is still on its way for a moment; each
    write to the dead socket made asyncio log this line (1,737 of them once). The session's
    own log line already says the client disconnected.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """False for asyncio's dead-socket warning, True for everything else."""
        return not record.getMessage().startswith("socket.send() raised exception")


def quiet_dead_connection_writes() -> None:
    """Install :class:`DeadConnectionWrites` on asyncio's logger (once)."""
    logger = logging.getLogger("asyncio")
    if not any(isinstance(f, DeadConnectionWrites) for f in logger.filters):
        logger.addFilter(DeadConnectionWrites())


def configure_logging(stream: IO[str], verbose: bool) -> None:
    """Log INFO and up to ``stream``, one line a record; asyncssh's details only if verbose."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("asyncssh").setLevel(logging.INFO if verbose else logging.WARNING)
