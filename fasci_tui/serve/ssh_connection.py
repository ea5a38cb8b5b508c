"""One client's SSH connection: waiting to log in, logging in, and the channels it opens.

Until it logs in a connection is *waiting*: it has ``--login-timeout`` seconds (logged
when it runs out), and it may be dropped at random to make room when too many wait (see
:mod:`fasci_tui.serve.limits`). Once in, it counts against the connection limits and may
hold at most :data:`MAX_CHANNELS_PER_CONNECTION` channels; a connection that holds no
session for the login time-out is closed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import asyncssh

from fasci_tui.serve.limits import MAX_CHANNELS_PER_CONNECTION, human_duration
from fasci_tui.serve.logs import for_log
from fasci_tui.serve.ssh_channel import limit_env
from fasci_tui.serve.ssh_keys import key_fingerprint
from fasci_tui.serve.ssh_session import AppSession

if TYPE_CHECKING:
    from fasci_tui.serve.ssh_server import SSHAppServer

log = logging.getLogger("fasci_tui.serve")

REFUSAL_GRACE = 1.0
"""Seconds a refused client has to read why before it is disconnected."""
CHANNEL_WINDOW = 64 * 1024
"""Bytes a client may send on a channel before the server reads them (asyncssh's is 2 MiB)."""


class ClientConnection(asyncssh.SSHServer):
    """One client's SSH connection: authentication, the refusals, and its sessions."""

    def __init__(self, server: SSHAppServer) -> None:
        self._server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.peer = "?"
        self.username = ""
        self.key: asyncssh.SSHKey | None = None
        self._candidate: asyncssh.SSHKey | None = None
        self.waiting = False
        """True from the TCP connection until the client has logged in."""
        self._counted = False
        self.sessions: set[AppSession] = set()
        """Sessions running an app (or being refused) now."""
        self.channels: set[AppSession] = set()
        """Every open session channel, started or not."""
        self._timer: asyncio.TimerHandle | None = None

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the key the client logged in with, or ``none``."""
        return key_fingerprint(self.key) if self.key is not None else "none"

    # connection

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Count the connection as waiting to log in; start its login time-out."""
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        self.peer = f"{peer[0]}:{peer[1]}"
        self.waiting = True
        self._server.connections.add(self)
        drop = self._server.limits.open_waiting(self.address)
        if drop is not None:
            self._server.drop_a_waiting_connection(self, same_address=drop == "address")
        timeout = self._server.config.login_timeout
        if timeout > 0:
            self._timer = asyncio.get_running_loop().call_later(timeout, self._login_timed_out)

    def _login_timed_out(self) -> None:
        self._timer = None
        if self.waiting and self.conn is not None:
            log.info("connection from %s closed: no login within %s", self.peer,
                     human_duration(self._server.config.login_timeout))
            self.conn.abort()

    def drop(self, why: str) -> None:
        """Close a connection that is still waiting to log in, saying why in the log."""
        if self.waiting and self.conn is not None:
            log.info("connection from %s dropped before login: %s", self.peer, why)
            self.conn.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection; its sessions stop writing to it and end."""
        if self.waiting:
            self._server.limits.close_waiting(self.address)
            self.waiting = False
        if self._counted:
            self._server.limits.close_connection(self.address)
            self._counted = False
        self._server.connections.discard(self)
        self._cancel_timer()
        for session in list(self.channels):
            session.client_gone("client disconnected")

    # authentication

    def begin_auth(self, username: str) -> bool:
        """Turn away a connection over the limits; otherwise ask for a key (or nothing)."""
        self.username = username
        self._candidate = None
        refusal = self._server.limits.connection_refusal(self.address)
        if refusal and self.conn is not None:
            log.info("connection from %s refused: %s", self.peer, refusal)
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, f"fasci-tui: {refusal}.")
        return True

    def public_key_auth_supported(self) -> bool:
        """Keys are always asked for: they say whose checklist this is."""
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """With --authorized-keys only listed keys pass; without it every key does."""
        authorized = self._server.authorized
        if authorized is not None:
            host = self.address
            if not authorized.allows(key, host, host):
                if authorized.problem is None:
                    log.info("key %s from %s refused: not in %s",
                             key_fingerprint(key), self.peer, authorized.path)
                self._candidate = None
                return False
        # The key whose signature is checked next (asyncssh verifies it right after this
        # call, with no other auth request in between); remembered for auth_completed.
        self._candidate = key
        return True

    def password_auth_supported(self) -> bool:
        """No passwords."""
        return False

    def host_based_auth_supported(self) -> bool:
        """No host-based authentication."""
        return False

    def kbdint_auth_supported(self) -> bool:
        """Without --authorized-keys, a client with no key may log in with no prompts."""
        return self._server.authorized is None

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        """Let a keyless client in at once (open mode only); it gets no saved state."""
        self._candidate = None  # a key merely offered earlier was never proven
        return self._server.authorized is None

    def validate_kbdint_response(self, username: str, responses: Sequence[str]) -> bool:
        """Never reached (no prompts are sent), but never let anything in by it."""
        return False

    def auth_completed(self) -> None:
        """Count the logged-in connection; close it if it opens no session."""
        self.key = self._candidate
        self._candidate = None
        if self.waiting:
            self._server.limits.close_waiting(self.address)
            self.waiting = False
        self._server.limits.open_connection(self.address)
        self._counted = True
        log.info("login from %s as %s with key %s", self.peer, for_log(self.username, 32),
                 self.fingerprint)
        self.arm_unused_timer()

    # what the client may open

    def session_requested(self) -> tuple[asyncssh.SSHServerChannel[bytes], AppSession] | bool:
        """A session channel (at most a few per connection), with a small receive window."""
        if self.conn is None or len(self.channels) >= MAX_CHANNELS_PER_CONNECTION:
            if len(self.channels) == MAX_CHANNELS_PER_CONNECTION:
                log.info("%s: refused more than %d channels on one connection", self.peer,
                         MAX_CHANNELS_PER_CONNECTION)
            return False
        chan = self.conn.create_server_channel(encoding=None, window=CHANNEL_WINDOW)
        session = AppSession(self._server, self)
        self.channels.add(session)
        return limit_env(chan), session

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str,
                             orig_port: int) -> bool:
        """No port forwarding (ssh -L, -D)."""
        log.info("%s: refused a forwarding request to port %s", self.peer, dest_port)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        """No remote port forwarding (ssh -R)."""
        log.info("%s: refused a remote forwarding request for port %s", self.peer, listen_port)
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        """No forwarding to UNIX sockets."""
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        """No remote forwarding from UNIX sockets."""
        return False

    def tun_requested(self, unit: int | None) -> bool:
        """No tunnel devices."""
        return False

    def tap_requested(self, unit: int | None) -> bool:
        """No tap devices."""
        return False

    # sessions on this connection

    def arm_unused_timer(self) -> None:
        """Close this connection if it holds no session for the login time-out."""
        self._cancel_timer()
        timeout = self._server.config.login_timeout
        if timeout > 0 and not self.sessions:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(timeout, self._close_if_unused)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _close_if_unused(self) -> None:
        self._timer = None
        if not self.sessions and self.conn is not None:
            log.info("connection from %s closed: no session opened", self.peer)
            self.conn.close()

    def close_soon(self) -> None:
        """Disconnect shortly (once a refusal has reached the client) unless a session runs."""
        self._cancel_timer()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(REFUSAL_GRACE, self._close_if_unused)

    def session_opened(self, session: AppSession) -> None:
        """A session on this connection started."""
        self.sessions.add(session)
        self._cancel_timer()

    def session_closed(self, session: AppSession) -> None:
        """A session on this connection ended."""
        self.sessions.discard(session)
        if not self.sessions and self._counted and self._timer is None:
            self.arm_unused_timer()

    def channel_closed(self, session: AppSession) -> None:
        """A channel on this connection closed (its place is free again)."""
        self.channels.discard(session)
