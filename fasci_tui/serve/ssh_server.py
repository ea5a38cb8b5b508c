"""``fasci-tui serve ssh``: the server, its settings, and running it until interrupted.

Built on asyncssh; nothing is ever run but the app: no shell, no SFTP or SCP, no port,
X11 or agent forwarding. Who may connect: with ``--authorized-keys FILE`` only the keys
listed there (see :mod:`fasci_tui.serve.ssh_keys`); without it anyone, which the server
says loudly at start-up. Each refusal or forced end is one line to the client and one
log record; every session's start and end are logged (client address, key fingerprint,
duration, reason), never any key material, and client-supplied text only escaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from fasci_tui.content.model import Content
from fasci_tui.serve.input_gate import DEFAULT_INPUT_BURST, DEFAULT_INPUT_RATE
from fasci_tui.serve.launch import AppSpec, Launcher
from fasci_tui.serve.limits import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_LOGIN_TIMEOUT,
    DEFAULT_MAX_PER_ADDRESS,
    DEFAULT_MAX_SESSION_LENGTH,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_STORED_KEYS,
    DEFAULT_MEMORY_LIMIT_MIB,
    Limits,
    Startups,
    human_duration,
)
from fasci_tui.serve.logs import quiet_dead_connection_writes
from fasci_tui.serve.ssh_connection import ClientConnection
from fasci_tui.serve.ssh_keys import (
    HOST_KEY_NAME,
    AuthorizedKeys,
    ClientStore,
    StartupError,
    key_fingerprint,
    load_or_create_host_key,
)
from fasci_tui.serve.ssh_requests import EXIT_FAILED
from fasci_tui.serve.ssh_session import KILL_GRACE
from fasci_tui.state import state_dir

log = logging.getLogger("fasci_tui.serve")

DEFAULT_ENTRY = "fasci_tui"
"""What each session's child runs: the package's ``python -m`` entry point."""


@dataclass
class SSHServeConfig:
    """Everything ``fasci-tui serve ssh`` can be told (all but the data has a default)."""

    host: str = "127.0.0.1"
    port: int = 2222
    authorized_keys: Path | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT
    """Seconds to log in, and for a logged-in connection or channel to start a session."""
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    """Seconds without input before a session is closed; 0 for never."""
    max_session_length: float = DEFAULT_MAX_SESSION_LENGTH
    """Seconds a session may last; 0 for no cap."""
    startups: Startups = field(default_factory=Startups)
    """When connections waiting to log in are dropped (OpenSSH's MaxStartups)."""
    memory_limit_mib: int = DEFAULT_MEMORY_LIMIT_MIB
    """Each app's data size limit in MiB (RLIMIT_DATA); 0 for none."""
    input_rate: float = DEFAULT_INPUT_RATE
    """Bytes of input a second a session may average (more is dropped)."""
    input_burst: int = DEFAULT_INPUT_BURST
    """Bytes of input a session may send at once."""
    forget_after_days: float = 0.0
    """Remove a client key's state after this many days unused; 0 for never."""
    max_stored_keys: int = DEFAULT_MAX_STORED_KEYS
    """Client keys whose state is kept; 0 for no cap."""
    data_dir: Path | None = None
    """The data directory each app uses (``$FASCI_TUI_DATA`` for the child)."""
    state_directory: Path | None = None
    """Where the host key and the clients' state live; default :func:`state_dir`."""
    host_key_path: Path | None = None
    """Default: ``<state_directory>/ssh_host_ed25519_key``."""
    app_entry: str = DEFAULT_ENTRY
    """``MODULE`` (run as ``python -m``) or ``MODULE:FUNCTION`` that each session runs."""
    app_command: Sequence[str] | None = None
    """Run this program instead of the app (tests use a stand-in); the place is appended."""
    warm_start: bool = True
    """Fork each session's app from a warmed zygote (False: start each one cold)."""

    def resolved_state_directory(self) -> Path:
        """The state directory in use."""
        return self.state_directory if self.state_directory is not None else state_dir()

    def resolved_host_key_path(self) -> Path:
        """The host key file in use."""
        if self.host_key_path is not None:
            return self.host_key_path
        return self.resolved_state_directory() / HOST_KEY_NAME

    def app_argv(self, place: str | None) -> list[str]:
        """The command line of one session's app process when it starts cold."""
        argv = [sys.executable, "-m", "fasci_tui.serve.child"]
        if self.memory_limit_mib:
            argv += ["--memory-mib", str(self.memory_limit_mib)]
        if self.app_command:
            argv += ["--exec", *self.app_command]
        else:
            argv += ["--entry", self.app_entry]
        return argv + ([place] if place else [])

    def app_spec(self) -> AppSpec:
        """What each session's app is, warm or cold."""
        return AppSpec(self.app_argv(None), self.app_entry, tuple(self.app_command or ()),
                       self.memory_limit_mib, self.data_dir)


class SSHAppServer:
    """The SSH server: host key, who may log in, the limits, and every open connection.

    Raises :class:`StartupError` (one line) when the state directory or host key is unusable.
    """

    def __init__(self, config: SSHServeConfig, content: Content) -> None:
        self.config = config
        self.content = content
        self.limits = Limits(config.max_sessions, config.max_per_address, config.startups)
        self.state_root = config.resolved_state_directory()
        self.clients = ClientStore(self.state_root, config.forget_after_days,
                                   config.max_stored_keys)
        self.clients.prepare()
        self.authorized = (AuthorizedKeys(config.authorized_keys)
                           if config.authorized_keys is not None else None)
        if self.authorized is not None and self.authorized.problem is not None:
            raise StartupError(f"cannot use --authorized-keys {config.authorized_keys}: "
                               f"{self.authorized.problem}")
        self.host_key = load_or_create_host_key(config.resolved_host_key_path())
        self.launcher = Launcher(config.app_spec(), config.warm_start, self.clients.directory)
        self.connections: set[ClientConnection] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._numbers = 0
        self._chance = random.Random()

    def next_session_number(self) -> int:
        """A number for the next session's log lines."""
        self._numbers += 1
        return self._numbers

    def drop_a_waiting_connection(self, newcomer: ClientConnection, same_address: bool) -> None:
        """Close one connection still waiting to log in, chosen at random (not ``newcomer``)."""
        waiting = [c for c in self.connections if c.waiting and c is not newcomer
                   and (not same_address or c.address == newcomer.address)]
        if waiting:
            why = (f"more than {self.config.startups.per_address} from its address waiting"
                   if same_address else f"{self.limits.waiting} connections waiting")
            self._chance.choice(waiting).drop(why)

    @property
    def port(self) -> int:
        """The port listened on (useful with port 0)."""
        assert self._acceptor is not None, "start() the server first"
        return self._acceptor.get_port()

    async def start(self) -> None:
        """Listen for connections."""
        quiet_dead_connection_writes()
        await self.launcher.start()
        self._acceptor = await asyncssh.create_server(
            lambda: ClientConnection(self), self.config.host, self.config.port,
            server_host_keys=[self.host_key], encoding=None, line_editor=False,
            allow_pty=True, agent_forwarding=False, x11_forwarding=False, sftp_factory=None,
            allow_scp=False, gss_host=None,
            login_timeout=0,  # ClientConnection keeps (and logs) the login time-out
            keepalive_interval=60, keepalive_count_max=3,
        )

    async def close(self, message: str = "fasci-tui: the server is shutting down; "
                    "please reconnect later.") -> None:
        """Stop listening, end every session with ``message``, and close every connection."""
        if self._acceptor is not None:
            self._acceptor.close()
        for client in list(self.connections):
            for session in list(client.sessions):
                session.request_end("server shutting down", message, EXIT_FAILED)
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=KILL_GRACE + 3)
        for client in list(self.connections):
            if client.conn is not None:
                client.conn.close()
        if self._acceptor is not None:
            await self._acceptor.wait_closed()
            self._acceptor = None
        await self.launcher.close()


def _log_start(server: SSHAppServer) -> None:
    config = server.config
    where = f"{config.host}:{server.port}"
    log.info("fasci-tui SSH server listening on %s (host key %s)", where,
             key_fingerprint(server.host_key))
    if server.authorized is None:
        log.warning("NO --authorized-keys: ANYONE who can reach %s may connect (with any key, "
                    "or none). Each key gets its own personal data; clients without a key get a "
                    "store for that session only.", where)
    else:
        log.info("only keys in %s may log in", server.authorized.path)
    if not config.warm_start:
        log.info("--cold-start: every session's app starts from scratch (no zygote)")
    never = "no limit"
    log.info("limits: %d sessions (%s per address), login %s, idle %s, session length %s, "
             "app memory %s, waiting logins %d:%d:%d (%d per address)",
             config.max_sessions, config.max_per_address or never,
             human_duration(config.login_timeout),
             human_duration(config.idle_timeout) if config.idle_timeout else never,
             human_duration(config.max_session_length) if config.max_session_length else never,
             f"{config.memory_limit_mib} MiB" if config.memory_limit_mib else never,
             config.startups.start, config.startups.rate, config.startups.full,
             config.startups.per_address)


async def serve_ssh(server: SSHAppServer, stop: asyncio.Event | None = None) -> None:
    """Run ``server`` until ``stop`` is set (or SIGINT/SIGTERM), then shut down cleanly."""
    await server.start()
    _log_start(server)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("shutting down")
        await server.close()


def run_ssh(config: SSHServeConfig) -> int:
    """``fasci-tui serve ssh``: load the data, then serve until interrupted; an exit code."""
    from fasci_tui.content.loader import load_content
    from fasci_tui.content.paths import resolve_data_dir
    from fasci_tui.content.problems import ContentError

    data_dir = config.data_dir if config.data_dir is not None else resolve_data_dir()
    config.data_dir = data_dir
    try:
        content = load_content(data_dir)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("fasci-tui: the server cannot start until the data is fixed", file=sys.stderr)
        return 1
    try:
        server = SSHAppServer(config, content)
    except StartupError as exc:
        print(f"fasci-tui: {exc}", file=sys.stderr)
        return 1
    try:
        asyncio.run(serve_ssh(server))
    except OSError as exc:
        print(f"fasci-tui: cannot listen on {config.host}:{config.port}: {exc}",
              file=sys.stderr)
        return 1
    return 0
