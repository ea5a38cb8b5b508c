"""One SSH session: check what the client asked for, run one app on its own pty, relay bytes.

Every session that asks for a pseudo-terminal gets its own app process on its own pty
(``os.openpty``), forked from the zygote or started cold (:mod:`fasci_tui.serve.launch`),
with a memory limit: the client's TERM and window size are passed on (TIOCSWINSZ, so
the app gets SIGWINCH on every resize), and one session's crash or leak never touches
another. Apps start a few at a time (:mod:`fasci_tui.serve.start_gate`). An exec request
may only name a place in the app. Keys reach the app through an :class:`InputGate` and
a small queue, so a flood is dropped rather than queued; output is read from the pty
only as fast as the client takes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import asyncssh

from fasci_tui.serve.app_process import AppProcess
from fasci_tui.serve.input_gate import MAX_QUEUED_INPUT, InputGate
from fasci_tui.serve.limits import human_duration
from fasci_tui.serve.logs import for_log
from fasci_tui.serve.ssh_pty import PtyRelay
from fasci_tui.serve.ssh_requests import (
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    NEEDS_TERMINAL,
    TERMINAL_RESET,
    child_environment,
    clamp_size,
    exit_status,
    resolve_place,
    safe_term,
)
from fasci_tui.serve.start_gate import StartTicket

if TYPE_CHECKING:
    from fasci_tui.serve.ssh_connection import ClientConnection
    from fasci_tui.serve.ssh_server import SSHAppServer

log = logging.getLogger("fasci_tui.serve")

KILL_GRACE = 2.0
_DRAIN_GRACE = 0.5


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
        self._proc: AppProcess | None = None
        self._pty: PtyRelay | None = None
        self._paused = False
        self._early = bytearray()
        """Keys that came before the app started."""
        self._gate = InputGate(server.config.input_rate, server.config.input_burst)
        self._dropped = 0
        self._counted = False
        self._started = 0.0
        self._last_input = 0.0
        self._end_reason: str | None = None
        self._end_message: str | None = None
        self._end_status: int | None = None
        self._gone = False
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._temp_dir: Path | None = None
        self._ticket: StartTicket | None = None
        self.pid: int | None = None

    # requests before the session starts

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """Keep the channel; close it if no session starts on it within the login time-out."""
        self._chan = chan
        timeout = self._server.config.login_timeout
        if timeout > 0:
            self._timers["start"] = asyncio.get_running_loop().call_later(
                timeout, self._never_started)

    def _never_started(self) -> None:
        self._timers.pop("start", None)
        if self._chan is not None and not self._gone:
            log.info("%s: closed a channel that started no session", self._client.peer)
            self._chan.close()

    def client_environment(self) -> dict[str, str]:
        """The environment requests this session kept (allow-listed, a few at most)."""
        return dict(self._chan.get_environment()) if self._chan is not None else {}

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int],
                      term_modes: dict[int, int]) -> bool:
        """Accept the terminal; its type becomes the app's TERM."""
        self._term = safe_term(term_type)
        if self._term != term_type:
            log.info("session %d: TERM %s replaced by %s", self.number, for_log(term_type),
                     self._term)
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
        log.info("session %d from %s: refused subsystem %s", self.number, self._client.peer,
                 for_log(subsystem, 32))
        return False

    def break_received(self, msec: int) -> bool:
        """Breaks are not passed on."""
        return False

    def signal_received(self, signal: str) -> None:
        """Signals from the client are ignored: keys reach the app through the pty."""

    def session_started(self) -> None:
        """Run the session (check it, start the app, relay until it ends)."""
        self._cancel_timer("start")
        task = asyncio.ensure_future(self._run())
        self._server.tasks.add(task)
        task.add_done_callback(self._server.tasks.discard)

    # data from the client

    def data_received(self, data: bytes, datatype: int | None) -> None:
        """Keys from the client go to the app's terminal, unless they come as a flood."""
        self._last_input = time.monotonic()
        if self._end_reason is not None:
            return
        room = (self._pty.room(len(data)) if self._pty is not None
                else len(self._early) + len(data) <= MAX_QUEUED_INPUT)
        if not room or not self._gate.admit(len(data)):
            self._dropped += len(data)
            if "flood" not in self._timers:  # one log line per flood, not one per chunk
                log.info("session %d: input faster than %d bytes/s; dropping keys",
                         self.number, self._gate.rate)
                self._timers["flood"] = asyncio.get_running_loop().call_later(
                    10, self._cancel_timer, "flood")
            return
        if self._pty is not None:
            self._pty.send(data)
        else:
            self._early += data

    def terminal_size_changed(self, width: int, height: int, pixwidth: int,
                              pixheight: int) -> None:
        """Pass a window change on to the app's terminal (the app gets SIGWINCH)."""
        self._size = clamp_size(width, height)
        if self._pty is not None:
            self._pty.resize(*self._size)

    def eof_received(self) -> bool:
        """The client closed its input: end the session."""
        self.request_end("client closed its input")
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is gone (the client left or the session was closed)."""
        self.client_gone("client disconnected")
        self._client.channel_closed(self)

    def client_gone(self, reason: str) -> None:
        """The client cannot be written to any more: stop relaying, end the app."""
        self._gone = True
        if self._pty is not None:
            self._pty.stop()
        self.request_end(reason)

    def pause_writing(self) -> None:
        """The client is slow: stop reading the app's output for now."""
        self._paused = True
        if self._pty is not None:
            self._pty.pause()

    def resume_writing(self) -> None:
        """The client caught up: read the app's output again."""
        self._paused = False
        if self._pty is not None:
            self._pty.resume()

    # the session

    async def _run(self) -> None:
        client, chan = self._client, self._chan
        assert chan is not None
        client.session_opened(self)
        try:
            if self._gone:
                return
            place, refusal = resolve_place(self._server.content, self._command)
            if refusal is not None:
                log.info("session %d: no place called %s", self.number,
                         for_log(self._command))
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
            if self._proc is None:  # the client left while waiting to start
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
        with contextlib.suppress(OSError, asyncssh.Error):
            self._chan.exit(status)

    def _write(self, data: bytes) -> None:
        if self._chan is not None and not self._gone:
            with contextlib.suppress(OSError, asyncssh.Error):
                self._chan.write(data)

    def _write_line(self, text: str) -> None:
        end = "\r\n" if self._term is not None else "\n"
        self._write((text + end).encode("utf-8", "replace"))

    def _state_path(self) -> Path:
        key = self._client.key
        path = self._server.clients.state_path(key) if key is not None else None
        if path is None:
            self._temp_dir = Path(tempfile.mkdtemp(prefix="fasci-tui-session-"))
            return self._temp_dir
        return path  # made by the app on its first write

    async def _start_app(self, place: str | None) -> None:
        assert self._chan is not None and self._term is not None
        state_path = self._state_path()
        env = child_environment(self._term, self.client_environment(), state_path,
                                self._server.config.data_dir)
        # one of a few starting at once (see start_gate); the ticket goes back once it drew
        self._ticket = await self._server.launcher.gate.enter()
        if self._gone:
            return
        self._proc, master = await self._server.launcher.launch(
            place, env, self._temp_dir or self._server.clients.directory, self._size)
        self._ticket.pid = self._proc.pid
        self._pty = PtyRelay(master, self._write, f"session {self.number}",
                             on_output=self._ticket.output)
        self.pid = self._proc.pid
        self._started = self._last_input = time.monotonic()
        self._pty.send(bytes(self._early))
        self._early.clear()
        if self._paused:
            self._pty.pause()
        if self._gone:
            self._pty.stop()
        self._pty.start()
        self._arm_timers()
        log.info("session %d start: client %s key %s user %s term %s %dx%d place %s pid %d %s",
                 self.number, self._client.peer, self._client.fingerprint,
                 for_log(self._client.username, 32), self._term, *self._size,
                 place or "overview", self.pid, "warm" if self._proc.warm else "cold")

    async def _relay(self) -> None:
        proc, chan, pty = self._proc, self._chan, self._pty
        assert proc is not None and chan is not None and pty is not None
        returncode = await proc.wait()
        # Whatever the app wrote before it exited still goes to the client.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(pty.done.wait(), _DRAIN_GRACE)
        pty.stop()
        status = exit_status(returncode)
        if self._end_reason is None:
            self._end_reason = "app exited" if returncode == 0 else f"app failed ({status})"
            if returncode != 0:
                self._end_message = (f"fasci-tui: the app stopped unexpectedly "
                                     f"(exit status {status}); please reconnect.")
                self._end_status = status
        final = self._end_status if self._end_status is not None else status
        if not self._gone:
            if self._end_message is not None:
                self._write(TERMINAL_RESET.encode())
                self._write_line("\r\n" + self._end_message)
            with contextlib.suppress(OSError, asyncssh.Error):
                chan.exit(final)
        dropped = f" (dropped {self._dropped} bytes of input)" if self._dropped else ""
        log.info("session %d end: client %s key %s duration %.1fs reason %s status %d%s%s",
                 self.number, self._client.peer, self._client.fingerprint,
                 time.monotonic() - self._started, self._end_reason, final,
                 f" (app {status})" if status != final else "", dropped)

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
        asyncio.get_running_loop().call_later(KILL_GRACE, self._signal_app, signal.SIGKILL)

    def _signal_app(self, signum: int) -> None:
        if self._proc is not None:
            self._proc.signal_group(signum)  # the app leads its own process group

    def _arm_timers(self) -> None:
        loop = asyncio.get_running_loop()
        config = self._server.config
        if config.idle_timeout > 0:
            self._timers["idle"] = loop.call_later(config.idle_timeout, self._check_idle)
        if config.max_session_length > 0:
            self._timers["cap"] = loop.call_later(config.max_session_length, self._too_long)

    def _cancel_timer(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.cancel()

    def _cancel_timers(self) -> None:
        for name in ("start", "idle", "cap"):
            self._cancel_timer(name)

    def _check_idle(self) -> None:
        idle = self._server.config.idle_timeout
        quiet = time.monotonic() - self._last_input
        if quiet >= idle:
            self.request_end("idle", f"fasci-tui: closed after {human_duration(idle)} "
                             "without input.", EXIT_TIMEOUT)
        else:
            self._timers["idle"] = asyncio.get_running_loop().call_later(idle - quiet,
                                                                         self._check_idle)

    def _too_long(self) -> None:
        cap = self._server.config.max_session_length
        self.request_end("session length cap", f"fasci-tui: sessions last at most "
                         f"{human_duration(cap)}; please reconnect.", EXIT_TIMEOUT)

    def _cleanup(self) -> None:
        if self._ticket is not None:
            self._ticket.release()
        self._cancel_timers()
        self._cancel_timer("flood")
        if self._pty is not None:
            self._pty.close()
        self._signal_app(signal.SIGKILL)
        if self._proc is not None:
            self._proc.close()
        if self._counted:
            self._server.limits.close_session(self._client.address)
            self._counted = False
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None
