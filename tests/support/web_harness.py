"""Helpers for the `serve web` tests: the real server on a free port, and its stand-in app.

- ``STANDIN``: the command of tests/support/web_standin.py, an app that speaks the web
  driver's protocol and reports its size and environment.
- ``web_server``: ``python -m fasci_tui serve web`` on a free port, logging to
  ``server.log`` in the test's directory; stopped (SIGINT, then SIGKILL) on the way out.
- ``wait_for_page``: wait until that server answers its page.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp

STANDIN = [sys.executable, str(Path(__file__).with_name("web_standin.py"))]
"""The stand-in app's command (see web_standin.py)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def web_server(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``python -m fasci_tui serve web`` on a free port; yields (process, port).

    Its state and temporary directories are under ``tmp_path``; what it prints goes to
    ``tmp_path / "server.log"``.
    """
    port = free_port()
    env = {**os.environ, "FASCI_TUI_STATE_DIR": str(tmp_path / "state"),
           "TMPDIR": str(tmp_path)}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "fasci_tui", "serve", "web", "--port", str(port), *args],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield server, port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()


async def wait_for_page(port: int, session: aiohttp.ClientSession, limit: float = 30) -> str:
    """The server's page, once it answers (AssertionError after ``limit`` seconds)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            async with session.get(f"http://127.0.0.1:{port}/") as response:
                assert response.status == 200
                return await response.text()
        except aiohttp.ClientConnectionError:
            assert time.monotonic() < deadline, "the web server did not start"
            await asyncio.sleep(0.1)
