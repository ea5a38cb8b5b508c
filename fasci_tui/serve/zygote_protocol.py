"""Messages between the SSH server and its zygote: small JSON objects, file descriptors beside.

The two ends share a ``SOCK_SEQPACKET`` unix socket pair, so each message arrives whole
and descriptors (a session's terminal, a child's pidfd) travel with it (SCM_RIGHTS). The
messages, server to zygote: ``spawn``; zygote to server: ``ready``, ``spawned``,
``failed``, ``exited``. Kept free of asyncio so the zygote imports it too.
"""

from __future__ import annotations

import json
import os
import socket
from typing import Any

MAX_MESSAGE = 256 * 1024
"""Bytes one message may hold (a spawn request with its environment is about 1 KiB)."""
MAX_FDS = 4
"""Descriptors one message may carry."""


def pair() -> tuple[socket.socket, socket.socket]:
    """A connected socket pair for the server (first) and the zygote (second)."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """Send ``message`` (and ``fds``, duplicated into the receiver) as one packet."""
    data = json.dumps(message, separators=(",", ":")).encode()
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


def receive(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors that came with it; ``(None, [])`` at end of stream.

    A message that is cut short or not a JSON object comes back as ``{"op": "bad"}`` (its
    descriptors closed), so a confused peer cannot make the receiver hold descriptors.
    Raises BlockingIOError on a non-blocking socket with nothing to read.
    """
    data, fds, flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, MAX_FDS)
    if not data and not fds:
        return None, []
    cut = flags & (getattr(socket, "MSG_TRUNC", 0) | getattr(socket, "MSG_CTRUNC", 0))
    try:
        message = json.loads(data) if not cut else None
    except ValueError:
        message = None
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        close_all(fds)
        return {"op": "bad"}, []
    return message, fds


def close_all(fds: list[int]) -> None:
    """Close every descriptor in ``fds`` (ignoring ones already closed)."""
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
