"""``fasci-tui serve ssh``: host the app over SSH, one app process per session, no shell.

The names other code uses, gathered from the modules that do each job:
:mod:`~fasci_tui.serve.ssh_server` (settings, the server, running it),
:mod:`~fasci_tui.serve.ssh_connection` (one client connection: login, limits, channels),
:mod:`~fasci_tui.serve.ssh_session` (one session: one app on one pty),
:mod:`~fasci_tui.serve.ssh_keys` (host key, authorized keys, clients' state) and
:mod:`~fasci_tui.serve.ssh_requests` (places, TERM, sizes, the app's environment).
"""

from __future__ import annotations

from fasci_tui.serve.ssh_connection import ClientConnection
from fasci_tui.serve.ssh_keys import (
    CLIENTS_DIR,
    HOST_KEY_NAME,
    AuthorizedKeys,
    ClientStore,
    StartupError,
    client_state_dir,
    key_fingerprint,
    load_or_create_host_key,
)
from fasci_tui.serve.ssh_requests import (
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    child_environment,
    clamp_size,
    resolve_place,
    safe_term,
)
from fasci_tui.serve.ssh_server import SSHAppServer, SSHServeConfig, run_ssh, serve_ssh
from fasci_tui.serve.ssh_session import AppSession

__all__ = [
    "CLIENTS_DIR", "EXIT_BUSY", "EXIT_FAILED", "EXIT_TIMEOUT", "EXIT_USAGE", "HOST_KEY_NAME",
    "AppSession", "AuthorizedKeys", "ClientConnection", "ClientStore", "SSHAppServer",
    "SSHServeConfig", "StartupError", "child_environment", "clamp_size", "client_state_dir",
    "key_fingerprint", "load_or_create_host_key", "resolve_place", "run_ssh", "safe_term",
    "serve_ssh",
]
