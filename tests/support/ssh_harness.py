"""Helpers for the `serve ssh` tests: a stand-in app, servers on free ports, asyncssh clients.

The stand-in app prints its arguments, TERM, window size, state directory and memory
limit, and its size again on every SIGWINCH: that shows what each session's child
process really got. ``q`` ends it, ``x`` makes it fail, ``m`` makes it eat memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncssh

from fasci_tui.content import Content
from fasci_tui.serve.ssh import SSHAppServer, SSHServeConfig

STAND_IN = r"""
import os, resource, signal, sys, tty
def size():
    cols, rows = os.get_terminal_size(0)
    return f"{cols}x{rows}"
def on_winch(*_):
    os.write(1, f"RESIZED {size()}\r\n".encode())
signal.signal(signal.SIGWINCH, on_winch)
tty.setraw(0)
os.write(1, f"STAND-IN args={sys.argv[1:]} term={os.environ.get('TERM')} "
            f"size={size()} state={os.environ.get('FASCI_TUI_STATE_DIR')} "
            f"data_limit={resource.getrlimit(resource.RLIMIT_DATA)[0]} "
            f"pid={os.getpid()} END\r\n".encode())
hoard = []
while True:
    ch = os.read(0, 1)
    if not ch or ch == b"q":
        break
    if ch == b"x":
        sys.exit(3)
    if ch == b"m":
        while True:
            hoard.append(bytearray(16 * 1024 * 1024))
"""
STAND_IN_COMMAND = [sys.executable, "-c", STAND_IN]
WAIT = 15.0
"""Seconds any one step may take (generous: CI boxes are loaded)."""

StartServer = Callable[..., Awaitable[SSHAppServer]]


class NoKeyClient(asyncssh.SSHClient):
    """A client with no key: logs in by keyboard-interactive with no prompts."""

    def kbdint_auth_requested(self) -> str:
        """Ask for keyboard-interactive with no submethods."""
        return ""

    def kbdint_challenge_received(self, name: str, instructions: str, lang: str,
                                  prompts: Any) -> list[str]:
        """Answer no prompts."""
        return []


@contextlib.asynccontextmanager
async def server_factory(tmp_path: Path, content: Content) -> AsyncIterator[StartServer]:
    """Start servers on a free port with state in tmp_path; close them all afterwards."""
    servers: list[SSHAppServer] = []

    async def start(**options: Any) -> SSHAppServer:
        settings: dict[str, Any] = {"port": 0, "state_directory": tmp_path / "state",
                                    "app_command": STAND_IN_COMMAND, "login_timeout": 10}
        settings.update(options)
        server = SSHAppServer(SSHServeConfig(**settings), content)
        await server.start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            await server.close()


def new_key() -> asyncssh.SSHKey:
    """A fresh ed25519 client key."""
    return asyncssh.generate_private_key("ssh-ed25519")


async def connect(server: SSHAppServer, key: asyncssh.SSHKey | None = None,
                  **options: Any) -> asyncssh.SSHClientConnection:
    """A client connection: with ``key``, or with no key at all."""
    settings: dict[str, Any] = {"known_hosts": None, "username": "tester", "agent_path": None,
                                "config": (), "client_keys": [key] if key else None}
    if key is None:
        settings["client_factory"] = NoKeyClient
    settings.update(options)
    return await asyncio.wait_for(asyncssh.connect("127.0.0.1", server.port, **settings), WAIT)


async def open_app(conn: asyncssh.SSHClientConnection, command: str | None = None,
                   pty: bool = True, **options: Any) -> asyncssh.SSHClientProcess[bytes]:
    """Start a session (an 80×24 xterm unless ``pty`` is false)."""
    settings: dict[str, Any] = {"encoding": None}
    if pty:
        settings.update(term_type="xterm-256color", term_size=(80, 24))
    settings.update(options)
    return await asyncio.wait_for(conn.create_process(command, **settings), WAIT)


async def read_until(process: asyncssh.SSHClientProcess[bytes], marker: bytes,
                     timeout: float = WAIT) -> bytes:
    """Read the session's output until ``marker`` appears (fail after ``timeout``)."""
    seen = b""

    async def reading() -> None:
        nonlocal seen
        while marker not in seen:
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise AssertionError(f"output ended before {marker!r}: {seen[-800:]!r}")
            seen += chunk

    try:
        await asyncio.wait_for(reading(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"no {marker!r} within {timeout} s: {seen[-800:]!r}") from None
    return seen


async def read_all(process: asyncssh.SSHClientProcess[bytes],
                   timeout: float = WAIT) -> tuple[bytes, int | None]:
    """Everything until the session closes, and its exit status."""
    result = await asyncio.wait_for(process.wait(), timeout)
    out = result.stdout if isinstance(result.stdout, bytes) else b""
    return out, result.exit_status


def stand_in_line(output: bytes) -> dict[str, str]:
    """The stand-in app's report, as a dict."""
    match = re.search(rb"STAND-IN (.*?) END", output)
    assert match, output
    text = match.group(1).decode()
    return dict(re.findall(r"(\w+)=(\[.*?\]|\S+)", text))


async def eventually(check: Callable[[], bool], timeout: float = WAIT,
                     step: float = 0.05) -> bool:
    """Whether ``check()`` becomes true within ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            return False
        await asyncio.sleep(step)
    return True
