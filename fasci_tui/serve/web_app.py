"""One browser page's app process for ``fasci-tui serve web``, and its temporary state.

Textual's web driver (``TEXTUAL_DRIVER``) speaks textual-serve's protocol on the app's
standard input and output: after a ``__GANGLION__`` line, packets of one type byte
(``D`` data, ``M`` meta as JSON, ``P`` packed), a 4-byte big-endian length and the payload.

Each app runs as ``python -m fasci_tui.serve.web_child`` in a process group of its own,
with only :data:`~fasci_tui.serve.limits.SERVER_ENV` from the server's environment, and
a state directory of its own (``fasci-tui-web-<server pid>-*`` under the temporary
directory) that is removed when it ends. Stopping asks the app to quit, then sends
SIGTERM to its group, then SIGKILL after a grace period.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version
from pathlib import Path

import fasci_tui
from fasci_tui.content.paths import DATA_ENV
from fasci_tui.serve.app_process import pid_exists
from fasci_tui.serve.limits import server_env
from fasci_tui.state import STATE_ENV

log = logging.getLogger("fasci_tui.serve.web")

SERVER_PID_ENV = "FASCI_TUI_WEB_SERVER"
"""Tells each app the server's pid, so it can tell when the server is gone."""
TEMP_PREFIX = "fasci-tui-web-"
"""Start of every page's state directory name (then the server's pid and a dash)."""
PRELUDE = b"__GANGLION__\n"
"""The line Textual's web driver writes before its first packet."""
START_LINES = 20
"""Lines read while waiting for the prelude (Textual may print a few before it)."""
MAX_PACKET = 16 * 1024 * 1024
"""A packet larger than this from the app ends the page (a real frame is far smaller)."""
MEMORY_ENV = "FASCI_TUI_WEB_MEMORY_MIB"
"""Tells each app its data limit in MiB (web_child applies it)."""
DEFAULT_MEMORY_MIB = 256
"""Each app's data limit (RLIMIT_DATA): the app needs some 50 MiB."""
DEFAULT_KILL_GRACE = 3.0
"""Seconds between asking to quit and SIGTERM, and between SIGTERM and SIGKILL."""


def encode_packet(kind: bytes, payload: bytes) -> bytes:
    """One packet of the web driver's protocol (``kind`` is ``b"D"`` or ``b"M"``)."""
    return kind + len(payload).to_bytes(4, "big") + payload


def app_environment(width: int, height: int, state: Path, data_dir: Path | None,
                    memory_mib: int = DEFAULT_MEMORY_MIB) -> dict[str, str]:
    """The whole environment of one page's app: the allow-list, then what the app needs."""
    env = server_env()
    package_root = str(Path(fasci_tui.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    env.update({
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
        "COLUMNS": str(width),
        "ROWS": str(height),
        STATE_ENV: str(state),
        SERVER_PID_ENV: str(os.getpid()),
        MEMORY_ENV: str(memory_mib),
    })
    if data_dir is not None:
        env[DATA_ENV] = str(data_dir)
    return env


def default_app_argv() -> list[str]:
    """The command each page runs: the app behind the web child's safeguards."""
    return [sys.executable, "-m", "fasci_tui.serve.web_child"]


def remove_stale_state_dirs(temp_dir: Path | None = None) -> int:
    """Remove page state directories of servers that are no longer running; how many.

    A server killed with SIGKILL cannot clean up; its apps remove their own directories
    as they notice (see web_child), and this catches whatever is left.
    """
    root = Path(temp_dir if temp_dir is not None else tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        pid_text = entry.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if not pid_text.isdigit() or pid_exists(int(pid_text)):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


class WebApp:
    """One page's app process: started, fed the page's input, stopped with a grace period.

    ``send_output`` receives the app's screen output (bytes for the browser's terminal);
    ``on_exit`` is awaited once the app has exited (whichever side ended it).
    """

    def __init__(self, argv: Sequence[str], data_dir: Path | None,
                 send_output: Callable[[bytes], Awaitable[None]],
                 kill_grace: float = DEFAULT_KILL_GRACE,
                 memory_mib: int = DEFAULT_MEMORY_MIB) -> None:
        self.argv = list(argv)
        self.memory_mib = memory_mib
        self.data_dir = data_dir
        self.send_output = send_output
        self.kill_grace = kill_grace
        self.state_dir: Path | None = None
        self.process: asyncio.subprocess.Process | None = None
        self.stderr_tail = b""
        self.how_ended = "exited"
        self._relay: asyncio.Task[None] | None = None
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        """The app's process id once started."""
        return self.process.pid if self.process is not None else None

    async def start(self, width: int, height: int) -> None:
        """Start the app on a ``width``×``height`` terminal (OSError if it cannot start)."""
        self.state_dir = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
        try:
            self.process = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, cwd=str(self.state_dir),
                env=app_environment(width, height, self.state_dir, self.data_dir,
                                    self.memory_mib),
                start_new_session=True, close_fds=True,
            )
        except BaseException:
            self._remove_state()
            raise
        self._relay = asyncio.create_task(self._run())

    async def wait(self) -> int:
        """Wait until the app has exited and its output is relayed; its return code."""
        assert self.process is not None and self._relay is not None
        await asyncio.shield(self._relay)
        return self.process.returncode if self.process.returncode is not None else -1

    async def send_input(self, data: bytes) -> None:
        """Pass what the page typed to the app (waits while the app is not reading)."""
        await self._send(encode_packet(b"D", data))

    async def send_meta(self, meta: dict[str, object]) -> None:
        """Pass a meta message (resize, focus, blur, quit) to the app."""
        await self._send(encode_packet(b"M", json.dumps(meta).encode()))

    async def _send(self, packet: bytes) -> None:
        process = self.process
        if process is None or process.stdin is None or process.returncode is not None:
            return
        try:
            process.stdin.write(packet)
            await process.stdin.drain()
        except (ConnectionError, RuntimeError, OSError):
            pass  # the app is going; its exit ends the page

    async def stop(self) -> None:
        """Ask the app to quit; SIGTERM its group after the grace, then SIGKILL. Idempotent."""
        if self._stopping is None:
            self._stopping = asyncio.create_task(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self.process
        if process is None or self._relay is None:
            self._remove_state()
            return
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            for signum, how in ((signal.SIGTERM, "terminated"), (signal.SIGKILL, "killed")):
                if await self._exited_within(self.kill_grace):
                    break
                self.how_ended = how
                self._signal(signum)
        await self.wait()
        self._signal(signal.SIGKILL)  # anything the app left behind in its group
        self._remove_state()

    async def _exited_within(self, seconds: float) -> bool:
        assert self._relay is not None
        try:
            await asyncio.wait_for(asyncio.shield(self._relay), seconds)
        except asyncio.TimeoutError:
            return False
        return True

    def _signal(self, signum: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signum)  # the app leads its own group

    def _remove_state(self) -> None:
        if self.state_dir is not None:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    async def _run(self) -> None:
        process = self.process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stderr_task = asyncio.create_task(self._read_stderr(process.stderr))
        try:
            await self._relay_output(process.stdout)
        finally:
            try:  # no more output: the app is ending (or broken: then it is ended)
                await asyncio.wait_for(process.wait(), self.kill_grace)
            except asyncio.TimeoutError:
                self.how_ended = "killed"
                self._signal(signal.SIGKILL)
                await process.wait()
            with contextlib.suppress(asyncio.CancelledError):
                await stderr_task

    async def _relay_output(self, stdout: asyncio.StreamReader) -> None:
        for _ in range(START_LINES):
            line = await stdout.readline()
            if not line or line == PRELUDE:
                break
        else:
            log.error("app pid %s did not start Textual's web driver", self.pid)
            return
        try:
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                if size > MAX_PACKET:
                    log.error("app pid %s sent a packet of %d bytes; ending it", self.pid, size)
                    self._signal(signal.SIGKILL)
                    return
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.send_output(payload)
                elif kind == b"M":
                    self._on_meta(payload)
                # P (packed: file deliveries) is not used by this app
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    def _on_meta(self, payload: bytes) -> None:
        with contextlib.suppress(ValueError):
            meta = json.loads(payload)
            if isinstance(meta, dict) and meta.get("type") == "exit":
                self.how_ended = "quit"

    async def _read_stderr(self, stderr: asyncio.StreamReader) -> None:
        while chunk := await stderr.read(4096):
            self.stderr_tail = (self.stderr_tail + chunk)[-2000:]
