"""``fasci-tui serve ssh``: host the app over SSH, one app process per session, no shell.

Built on asyncssh. Every session that asks for a pseudo-terminal gets its own
``fasci-tui`` child process on its own pty (``os.openpty``): the client's TERM and window
size are passed on (TIOCSWINSZ, so the child gets SIGWINCH on every resize), and one
session's crash or leak never touches another. Nothing else is ever run: an exec request
may only name a place in the app (``magnesium``, ``faq``, ...), checked against the data;
SFTP, SCP, port forwarding, X11 and agent forwarding are all refused.

Who may connect: with ``--authorized-keys FILE`` only the keys listed there; without it
anyone (any public key, or none at all via keyboard-interactive with no prompts), which
the server says loudly at start-up. A client's checklist is kept by the SHA-256
fingerprint of the key it logged in with, in ``<state dir>/clients/sha256-<hex>``; a
client without a key gets a temporary directory that is removed when the session ends.

Limits: sessions overall and per client address, a login time-out, an idle time-out (no
input) and a cap on a session's length. Each refusal or forced end is one line to the
client and one log record; every session's start and end are logged (client address, key
fingerprint, duration, reason), never any key material.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncssh

import fasci_tui
from fasci_tui.content.model import Content
from fasci_tui.content.paths import DATA_ENV
from fasci_tui.serve.limits import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_LOGIN_TIMEOUT,
    DEFAULT_MAX_PER_ADDRESS,
    DEFAULT_MAX_SESSION_LENGTH,
    DEFAULT_MAX_SESSIONS,
    Limits,
    human_duration,
)
from fasci_tui.state import STATE_ENV, state_dir
from fasci_tui.target import SECTIONS

log = logging.getLogger("fasci_tui.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"
"""File name of the host key in the state directory."""

CLIENTS_DIR = "clients"
"""Sub-directory of the state directory holding one directory per client key."""

EXIT_USAGE = 2
"""Exit status for a refused request: no terminal, or an unknown place."""
EXIT_BUSY = 75
"""Exit status when a limit refuses a session (EX_TEMPFAIL: try again later)."""
EXIT_TIMEOUT = 124
"""Exit status when the idle time-out or the session-length cap ends a session."""
EXIT_FAILED = 1
"""Exit status when the app could not start or the server shut down."""

NEEDS_TERMINAL = ("fasci-tui needs a terminal: connect with ssh -t "
                  "(for example: ssh -t -p PORT HOST, or ssh -t -p PORT HOST magnesium)")

DEFAULT_TERM = "xterm-256color"
MAX_COLUMNS, MAX_ROWS = 500, 200
"""Window sizes are clamped to this, so a client cannot make the app draw a huge screen."""

_TERM_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_ENV_VALUE_RE = re.compile(r"[A-Za-z0-9_.@:+,=-]{0,64}")
CLIENT_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "COLORTERM", "NO_COLOR")
"""Environment variables a client may set (from its ``env`` requests), values checked."""
SERVER_ENV = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
              "TMPDIR", "XDG_CACHE_HOME", "FASCI_TUI_CACHE_DIR")
"""Environment variables passed on from the server to each app (nothing else is)."""

_TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reporting off
    "\x1b[?1004l\x1b[?2004l"  # focus events and bracketed paste off
    "\x1b[<u"  # pop the kitty keyboard mode
    "\x1b[0m\x1b[?25h\x1b[?1049l"  # plain colours, cursor shown, main screen
)
"""Written after an app that did not exit by itself, so the client's terminal is usable."""

_KILL_GRACE = 2.0
_REFUSAL_GRACE = 1.0
_DRAIN_GRACE = 0.5
_PTY_INPUT_LIMIT = 256 * 1024


@dataclass
class SSHServeConfig:
    """Everything ``fasci-tui serve ssh`` can be told (all but the data has a default)."""

    host: str = "127.0.0.1"
    port: int = 2222
    authorized_keys: Path | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    """Seconds without input before a session is closed; 0 for never."""
    max_session_length: float = DEFAULT_MAX_SESSION_LENGTH
    """Seconds a session may last; 0 for no cap."""
    data_dir: Path | None = None
    """The data directory each app uses (``$FASCI_TUI_DATA`` for the child)."""
    state_directory: Path | None = None
    """Where the host key and the clients' state live; default :func:`state_dir`."""
    host_key_path: Path | None = None
    """Default: ``<state_directory>/ssh_host_ed25519_key``."""
    app_command: Sequence[str] | None = None
    """Run this instead of the app (tests use a stand-in); the place is appended."""

    def resolved_state_directory(self) -> Path:
        """The state directory in use."""
        return self.state_directory if self.state_directory is not None else state_dir()

    def resolved_host_key_path(self) -> Path:
        """The host key file in use."""
        if self.host_key_path is not None:
            return self.host_key_path
        return self.resolved_state_directory() / HOST_KEY_NAME


# ---------------------------------------------------------------------------------------
# Host key, authorized keys, fingerprints


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key at ``path``, generated (mode 0600) on first use."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return _create_host_key(path)
    if mode & 0o077:
        log.warning("host key %s was readable by others (mode %o); now 0600", path, mode)
        os.chmod(path, 0o600)
    return asyncssh.read_private_key(path)


def _create_host_key(path: Path) -> asyncssh.SSHKey:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="fasci-tui host key")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # never replaces a key another server wrote meanwhile
        except FileExistsError:
            return asyncssh.read_private_key(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        pub = path.with_name(path.name + ".pub")
        pub.write_bytes(key.export_public_key())
        os.chmod(pub, 0o644)
    log.info("generated host key %s (%s)", path, key.get_fingerprint("sha256"))
    return key


def key_fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's OpenSSH SHA-256 fingerprint, ``SHA256:<base64>`` (safe to log)."""
    return key.get_fingerprint("sha256")


def client_state_dir(root: Path, key: asyncssh.SSHKey) -> Path:
    """Where the client that logged in with ``key`` keeps its state (not created here).

    The name is the hex SHA-256 of the public key blob (the digest that OpenSSH prints in
    base64 as the key's fingerprint), so it is safe as a file name everywhere.
    """
    digest = hashlib.sha256(key.public_data).hexdigest()
    return root / CLIENTS_DIR / f"sha256-{digest}"


class AuthorizedKeys:
    """An OpenSSH ``authorized_keys`` file, read again whenever it changes on disk.

    ``from="..."`` restrictions in the file are honoured; other options are ignored (the
    server runs nothing but the app anyway).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._keys = self._load()

    def _load(self) -> asyncssh.SSHAuthorizedKeys:
        st = os.stat(self.path)
        keys = asyncssh.read_authorized_keys(str(self.path))
        self._stamp = (st.st_mtime_ns, st.st_size)
        return keys

    def allows(self, key: asyncssh.SSHKey, client_host: str, client_addr: str) -> bool:
        """Whether ``key`` may log in from this client."""
        try:
            st = os.stat(self.path)
            if (st.st_mtime_ns, st.st_size) != self._stamp:
                self._keys = self._load()
                log.info("reloaded authorized keys from %s", self.path)
        except (OSError, ValueError) as exc:
            log.warning("could not re-read %s (%s); keeping the keys read before",
                        self.path, exc)
        return self._keys.validate(key, client_host, client_addr) is not None


# ---------------------------------------------------------------------------------------
# Places (deep links) and the child's environment


def resolve_place(content: Content, command: str | None) -> tuple[str | None, str | None]:
    """The place an exec request names, as ``(place, None)``, or ``(None, refusal)``.

    No command (a shell request, or an empty one) opens the overview: ``(None, None)``.
    """
    words = (command or "").split()
    if not words:
        return None, None
    if len(words) == 1 and len(words[0]) <= 64:
        key = words[0].lower()
        if key in SECTIONS:
            return key, None
        nutrient = content.find_nutrient(words[0])
        if nutrient is not None:
            return nutrient.id, None
    shown = command.strip() if command else ""
    if len(shown) > 40:
        shown = shown[:40] + "..."
    ids = ", ".join(n.id for n in content.nutrients)
    return None, (f"fasci-tui: no place called {shown!r}; try a nutrient ({ids}) "
                  f"or one of: {', '.join(SECTIONS)}")


def safe_term(term_type: str | None) -> str:
    """The client's TERM when it looks like a terminal name, else a sensible default."""
    if term_type and _TERM_RE.fullmatch(term_type):
        return term_type
    return DEFAULT_TERM


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A window size the app can draw: 0 (unknown) becomes 80×24, huge sizes are capped."""
    width = width if width > 0 else 80
    height = height if height > 0 else 24
    return min(width, MAX_COLUMNS), min(height, MAX_ROWS)


def child_environment(term: str, client_env: dict[str, str], state_path: Path,
                      data_dir: Path | None) -> dict[str, str]:
    """The whole environment of one app process: nothing leaks from the server but SERVER_ENV."""
    env = {name: os.environ[name] for name in SERVER_ENV if name in os.environ}
    package_root = str(Path(fasci_tui.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    for name in CLIENT_ENV:
        value = client_env.get(name)
        if value is not None and _ENV_VALUE_RE.fullmatch(value):
            env[name] = value
    env["TERM"] = term
    env[STATE_ENV] = str(state_path)
    if data_dir is not None:
        env[DATA_ENV] = str(data_dir)
    return env


def _set_winsize(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


def _describe_status(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


# ---------------------------------------------------------------------------------------
# One SSH connection


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
        self._over_limit: str | None = None
        self._counted = False
        self.sessions: set[AppSession] = set()
        self._unused_timer: asyncio.TimerHandle | None = None

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the key the client logged in with, or ``none``."""
        return key_fingerprint(self.key) if self.key is not None else "none"

    # connection

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Count the connection; over a limit it is turned away once it asks to log in."""
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        self.peer = f"{peer[0]}:{peer[1]}"
        self._over_limit = self._server.limits.open_connection(self.address)
        self._counted = True
        self._server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection; its sessions end as their channels close."""
        if self._counted:
            self._server.limits.close_connection(self.address)
            self._counted = False
        self._server.connections.discard(self)
        self._cancel_unused_timer()
        for session in list(self.sessions):
            session.request_end("client disconnected")

    # authentication

    def begin_auth(self, username: str) -> bool:
        """Turn away a connection over the limits; otherwise ask for a key (or nothing)."""
        self.username = username
        self._candidate = None
        if self._over_limit and self.conn is not None:
            log.info("connection from %s refused: %s", self.peer, self._over_limit)
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS,
                                 f"fasci-tui: {self._over_limit}.")
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
        """Remember which key logged in; close the connection if it opens no session."""
        self.key = self._candidate
        self._candidate = None
        log.info("login from %s as %r with key %s", self.peer, self.username[:32],
                 self.fingerprint)
        self.arm_unused_timer()

    # what the client may open

    def session_requested(self) -> AppSession:
        """Every session channel is an app session (checked when it starts)."""
        return AppSession(self._server, self)

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
        self._cancel_unused_timer()
        timeout = self._server.config.login_timeout
        if timeout > 0 and not self.sessions:
            loop = asyncio.get_running_loop()
            self._unused_timer = loop.call_later(timeout, self._close_if_unused)

    def _cancel_unused_timer(self) -> None:
        if self._unused_timer is not None:
            self._unused_timer.cancel()
            self._unused_timer = None

    def _close_if_unused(self) -> None:
        self._unused_timer = None
        if not self.sessions and self.conn is not None:
            log.info("connection from %s closed: no session opened", self.peer)
            self.conn.close()

    def close_soon(self) -> None:
        """Disconnect shortly (once a refusal has reached the client) unless a session runs."""
        self._cancel_unused_timer()
        loop = asyncio.get_running_loop()
        self._unused_timer = loop.call_later(_REFUSAL_GRACE, self._close_if_unused)

    def session_opened(self, session: AppSession) -> None:
        """A session on this connection started."""
        self.sessions.add(session)
        self._cancel_unused_timer()

    def session_closed(self, session: AppSession) -> None:
        """A session on this connection ended."""
        self.sessions.discard(session)
        if not self.sessions and self._counted and self._unused_timer is None:
            self.arm_unused_timer()


# ---------------------------------------------------------------------------------------
# One session: one app on one pty


class AppSession(asyncssh.SSHServerSession[bytes]):
    """One session channel: checks the request, runs one app on its own pty, relays bytes."""

    def __init__(self, server: SSHAppServer, client: ClientConnection) -> None:
        self._server = server
        self._client = client
        self.number = server.next_session_number()
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._command: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._master: int | None = None
        self._reading = False
        self._paused = False
        self._output_done: asyncio.Event | None = None
        self._to_pty = bytearray()
        self._writer_on = False
        self._counted = False
        self._started = 0.0
        self._last_input = 0.0
        self._end_reason: str | None = None
        self._end_message: str | None = None
        self._end_status: int | None = None
        self._client_gone = False
        self._idle_timer: asyncio.TimerHandle | None = None
        self._cap_timer: asyncio.TimerHandle | None = None
        self._temp_dir: Path | None = None
        self.pid: int | None = None

    # requests before the session starts

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """Keep the channel."""
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int],
                      term_modes: dict[int, int]) -> bool:
        """Accept the terminal; its type becomes the app's TERM."""
        self._term = safe_term(term_type)
        self._size = clamp_size(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        """A "shell" is the app at the overview; there is no real shell."""
        self._command = None
        return True

    def exec_requested(self, command: str) -> bool:
        """Accepted here and checked when the session starts, so a refusal can say why."""
        self._command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        """No subsystems: no SFTP."""
        log.info("session %d from %s: refused subsystem %r", self.number, self._client.peer,
                 subsystem[:32])
        return False

    def break_received(self, msec: int) -> bool:
        """Breaks are not passed on."""
        return False

    def signal_received(self, signal: str) -> None:
        """Signals from the client are ignored: keys reach the app through the pty."""

    def session_started(self) -> None:
        """Run the session (check it, start the app, relay until it ends)."""
        self._task = asyncio.ensure_future(self._run())
        self._server.tasks.add(self._task)
        self._task.add_done_callback(self._server.tasks.discard)

    # data from the client

    def data_received(self, data: bytes, datatype: int | None) -> None:
        """Keys from the client go to the app's terminal."""
        self._last_input = time.monotonic()
        if self._end_reason is not None:
            return
        self._to_pty += data
        self._flush_to_pty()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int,
                              pixheight: int) -> None:
        """Pass a window change on to the app's terminal (the app gets SIGWINCH)."""
        self._size = clamp_size(width, height)
        if self._master is not None:
            with contextlib.suppress(OSError):
                _set_winsize(self._master, *self._size)

    def eof_received(self) -> bool:
        """The client closed its input: end the session."""
        self.request_end("client closed its input")
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is gone (the client left or the session was closed)."""
        self._client_gone = True
        self.request_end("client disconnected")

    def pause_writing(self) -> None:
        """The client is slow: stop reading the app's output for now."""
        self._paused = True
        self._stop_reading()

    def resume_writing(self) -> None:
        """The client caught up: read the app's output again."""
        self._paused = False
        self._start_reading()

    # the session

    async def _run(self) -> None:
        client, chan = self._client, self._chan
        assert chan is not None
        client.session_opened(self)
        try:
            if self._client_gone:
                return
            place, refusal = resolve_place(self._server.content, self._command)
            if refusal is not None:
                self._refuse("unknown place", refusal, EXIT_USAGE)
                return
            if self._term is None:
                self._refuse("no terminal", NEEDS_TERMINAL, EXIT_USAGE)
                return
            over = self._server.limits.open_session(client.address)
            if over is not None:
                self._refuse(over, f"fasci-tui: {over}.", EXIT_BUSY)
                client.close_soon()
                return
            self._counted = True
            try:
                await self._start_app(place)
            except OSError as exc:
                log.error("session %d: could not start the app: %s", self.number, exc)
                self._write_line("fasci-tui: the app could not be started; "
                                 "please try again later.")
                chan.exit(EXIT_FAILED)
                return
            if self._end_reason is not None:  # the client left while the app started
                self.request_end(self._end_reason)
            await self._relay()
        finally:
            self._cleanup()
            client.session_closed(self)

    def _refuse(self, reason: str, message: str, status: int) -> None:
        assert self._chan is not None
        log.info("session %d refused: client %s key %s: %s", self.number, self._client.peer,
                 self._client.fingerprint, reason)
        self._write_line(message)
        self._chan.exit(status)

    def _write_line(self, text: str) -> None:
        if self._chan is None or self._client_gone:
            return
        end = "\r\n" if self._term is not None else "\n"
        with contextlib.suppress(OSError, asyncssh.Error):
            self._chan.write((text + end).encode("utf-8", "replace"))

    def _state_path(self) -> Path:
        key = self._client.key
        if key is None:
            self._temp_dir = Path(tempfile.mkdtemp(prefix="fasci-tui-session-"))
            return self._temp_dir
        path = client_state_dir(self._server.state_root, key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
        return path

    async def _start_app(self, place: str | None) -> None:
        assert self._chan is not None and self._term is not None
        state_path = self._state_path()
        env = child_environment(self._term, dict(self._chan.get_environment()), state_path,
                                self._server.config.data_dir)
        argv = [sys.executable, "-m", "fasci_tui.serve.child"]
        if self._server.config.app_command:
            argv += ["--exec", *self._server.config.app_command]
        if place:
            argv.append(place)
        master, slave = os.openpty()
        try:
            _set_winsize(master, *self._size)
            os.set_blocking(master, False)
            self._proc = await asyncio.create_subprocess_exec(
                *argv, stdin=slave, stdout=slave, stderr=slave,  # Textual draws on stderr
                env=env, cwd=str(state_path), start_new_session=True, close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._master = master
        self.pid = self._proc.pid
        self._started = self._last_input = time.monotonic()
        self._output_done = asyncio.Event()
        self._flush_to_pty()
        self._start_reading()
        self._arm_timers()
        log.info("session %d start: client %s key %s user %r term %s %dx%d place %s pid %d",
                 self.number, self._client.peer, self._client.fingerprint,
                 self._client.username[:32], self._term, *self._size, place or "overview",
                 self.pid)

    async def _relay(self) -> None:
        proc, chan = self._proc, self._chan
        assert proc is not None and chan is not None and self._output_done is not None
        returncode = await proc.wait()
        # Whatever the app wrote before it exited still goes to the client.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._output_done.wait(), _DRAIN_GRACE)
        self._stop_reading()
        status = _describe_status(returncode)
        if self._end_reason is None:
            self._end_reason = "app exited" if returncode == 0 else f"app failed ({status})"
            if returncode != 0:
                self._end_message = (f"fasci-tui: the app stopped unexpectedly "
                                     f"(exit status {status}); please reconnect.")
                self._end_status = status
        exit_status = self._end_status if self._end_status is not None else status
        if not self._client_gone:
            if self._end_message is not None:
                with contextlib.suppress(OSError, asyncssh.Error):
                    chan.write(_TERMINAL_RESET.encode())
                self._write_line("\r\n" + self._end_message)
            with contextlib.suppress(OSError, asyncssh.Error):
                chan.exit(exit_status)
        log.info("session %d end: client %s key %s duration %.1fs reason %s status %d%s",
                 self.number, self._client.peer, self._client.fingerprint,
                 time.monotonic() - self._started, self._end_reason, exit_status,
                 f" (app {status})" if status != exit_status else "")

    # ending

    def request_end(self, reason: str, message: str | None = None,
                    status: int | None = None) -> None:
        """End the session: stop the app (the first reason given is the one logged)."""
        if self._end_reason is None:
            self._end_reason = reason
            self._end_message = message
            self._end_status = status
        self._cancel_timers()
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return  # no app yet (_run checks the reason once it has started one), or gone
        self._signal_app(signal.SIGHUP)
        asyncio.get_running_loop().call_later(_KILL_GRACE, self._kill_app)

    def _signal_app(self, signum: int) -> None:
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signum)  # the app leads its own process group

    def _kill_app(self) -> None:
        self._signal_app(signal.SIGKILL)

    def _arm_timers(self) -> None:
        loop = asyncio.get_running_loop()
        config = self._server.config
        if config.idle_timeout > 0:
            self._idle_timer = loop.call_later(config.idle_timeout, self._check_idle)
        if config.max_session_length > 0:
            self._cap_timer = loop.call_later(config.max_session_length, self._too_long)

    def _cancel_timers(self) -> None:
        for timer in (self._idle_timer, self._cap_timer):
            if timer is not None:
                timer.cancel()
        self._idle_timer = self._cap_timer = None

    def _check_idle(self) -> None:
        idle = self._server.config.idle_timeout
        quiet = time.monotonic() - self._last_input
        if quiet >= idle:
            self.request_end("idle", f"fasci-tui: closed after {human_duration(idle)} "
                             "without input.", EXIT_TIMEOUT)
        else:
            self._idle_timer = asyncio.get_running_loop().call_later(idle - quiet,
                                                                     self._check_idle)

    def _too_long(self) -> None:
        cap = self._server.config.max_session_length
        self.request_end("session length cap", f"fasci-tui: sessions last at most "
                         f"{human_duration(cap)}; please reconnect.", EXIT_TIMEOUT)

    def _cleanup(self) -> None:
        self._cancel_timers()
        self._stop_reading()
        if self._writer_on and self._master is not None:
            asyncio.get_running_loop().remove_writer(self._master)
            self._writer_on = False
        if self._master is not None:
            os.close(self._master)
            self._master = None
        self._signal_app(signal.SIGKILL)
        if self._counted:
            self._server.limits.close_session(self._client.address)
            self._counted = False
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    # the pty

    def _start_reading(self) -> None:
        if self._master is not None and not self._reading and not self._paused:
            assert self._output_done is not None
            if self._output_done.is_set():
                return
            asyncio.get_running_loop().add_reader(self._master, self._on_pty_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading and self._master is not None:
            asyncio.get_running_loop().remove_reader(self._master)
        self._reading = False

    def _on_pty_output(self) -> None:
        assert self._master is not None and self._output_done is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError as exc:  # EIO: every process holding the terminal has gone
            if exc.errno != errno.EIO:
                log.warning("session %d: reading the terminal failed: %s", self.number, exc)
            data = b""
        if not data:
            self._output_done.set()
            self._stop_reading()
            return
        if self._chan is not None and not self._client_gone:
            with contextlib.suppress(OSError, asyncssh.Error):
                self._chan.write(data)

    def _flush_to_pty(self) -> None:
        if self._master is None:
            if len(self._to_pty) > _PTY_INPUT_LIMIT:
                del self._to_pty[:-_PTY_INPUT_LIMIT]
            return
        while self._to_pty:
            try:
                written = os.write(self._master, self._to_pty)
            except BlockingIOError:
                break
            except OSError:
                self._to_pty.clear()
                break
            del self._to_pty[:written]
        loop = asyncio.get_running_loop()
        if self._to_pty and not self._writer_on:
            loop.add_writer(self._master, self._flush_to_pty)
            self._writer_on = True
            if self._chan is not None and len(self._to_pty) > _PTY_INPUT_LIMIT:
                self._chan.pause_reading()
        elif not self._to_pty and self._writer_on:
            loop.remove_writer(self._master)
            self._writer_on = False
            if self._chan is not None:
                self._chan.resume_reading()


# ---------------------------------------------------------------------------------------
# The server


class SSHAppServer:
    """The SSH server: host key, who may log in, the limits, and every open session."""

    def __init__(self, config: SSHServeConfig, content: Content) -> None:
        self.config = config
        self.content = content
        self.limits = Limits(config.max_sessions, config.max_per_address)
        self.state_root = config.resolved_state_directory()
        self.authorized = (AuthorizedKeys(config.authorized_keys)
                           if config.authorized_keys is not None else None)
        self.host_key = load_or_create_host_key(config.resolved_host_key_path())
        self.connections: set[ClientConnection] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._numbers = 0

    def next_session_number(self) -> int:
        """A number for the next session's log lines."""
        self._numbers += 1
        return self._numbers

    @property
    def port(self) -> int:
        """The port listened on (useful with port 0)."""
        assert self._acceptor is not None, "start() the server first"
        return self._acceptor.get_port()

    async def start(self) -> None:
        """Listen for connections."""
        self._acceptor = await asyncssh.create_server(
            lambda: ClientConnection(self), self.config.host, self.config.port,
            server_host_keys=[self.host_key],
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            sftp_factory=None,
            allow_scp=False,
            gss_host=None,
            login_timeout=self.config.login_timeout,
            keepalive_interval=60,
            keepalive_count_max=3,
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
            await asyncio.wait(list(self.tasks), timeout=_KILL_GRACE + 3)
        for client in list(self.connections):
            if client.conn is not None:
                client.conn.close()
        if self._acceptor is not None:
            await self._acceptor.wait_closed()
            self._acceptor = None


async def serve_ssh(config: SSHServeConfig, content: Content,
                    stop: asyncio.Event | None = None) -> None:
    """Run the server until ``stop`` is set (or SIGINT/SIGTERM), then shut down cleanly."""
    server = SSHAppServer(config, content)
    await server.start()
    where = f"{config.host}:{server.port}"
    log.info("fasci-tui SSH server listening on %s (host key %s)", where,
             key_fingerprint(server.host_key))
    if server.authorized is None:
        log.warning("NO --authorized-keys: ANYONE who can reach %s may connect (with any key, "
                    "or none). Each key gets its own checklist; clients without a key get a "
                    "checklist for that session only.", where)
    else:
        log.info("only keys in %s may log in", server.authorized.path)
    log.info("limits: %d sessions (%s per address), login %s, idle %s, session length %s",
             config.max_sessions, config.max_per_address or "no limit",
             human_duration(config.login_timeout),
             human_duration(config.idle_timeout) if config.idle_timeout else "no limit",
             human_duration(config.max_session_length) if config.max_session_length
             else "no limit")
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
    if config.authorized_keys is not None:
        try:
            AuthorizedKeys(config.authorized_keys)
        except (OSError, ValueError) as exc:
            print(f"fasci-tui: cannot use --authorized-keys {config.authorized_keys}: {exc}",
                  file=sys.stderr)
            return 2
    try:
        asyncio.run(serve_ssh(config, content))
    except OSError as exc:
        print(f"fasci-tui: cannot listen on {config.host}:{config.port}: {exc}",
              file=sys.stderr)
        return 1
    return 0
