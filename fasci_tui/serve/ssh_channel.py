"""A session channel that keeps only allow-listed environment requests, and only a few.

asyncssh stores every ``env`` request a client sends (20,000 requests of 10 KB each once
raised a server to 429 MiB) and offers no hook to refuse them, so the one method that
handles them is replaced here: requests past :data:`MAX_ENV_REQUESTS` are refused unread,
and only names and values that :func:`client_env_allowed` accepts are kept. This is the
only private asyncssh name the server relies on (``_process_env_request``, ``_env``);
notes/serve-ssh.md says why.
"""

from __future__ import annotations

from typing import Any

import asyncssh

from fasci_tui.serve.limits import MAX_ENV_REQUESTS, client_env_allowed


class EnvLimitedChannel(asyncssh.SSHServerChannel):  # type: ignore[type-arg]
    """An :class:`asyncssh.SSHServerChannel` whose env requests are filtered and counted."""

    env_requests = 0
    """Env requests received on this channel (kept or not)."""

    def _process_env_request(self, packet: Any) -> bool:
        name_bytes = packet.get_string()
        value_bytes = packet.get_string()
        packet.check_end()
        self.env_requests += 1
        if self.env_requests > MAX_ENV_REQUESTS:
            return False
        try:
            name, value = name_bytes.decode("ascii"), value_bytes.decode("ascii")
        except UnicodeDecodeError:
            return False
        if not client_env_allowed(name, value):
            return False
        self._env[name_bytes] = value_bytes
        return True


def limit_env(chan: asyncssh.SSHServerChannel[bytes]) -> asyncssh.SSHServerChannel[bytes]:
    """``chan`` (just created by asyncssh), now filtering its env requests."""
    chan.__class__ = EnvLimitedChannel
    return chan
