"""`fasci-tui serve web`: textual-serve answers on loopback and a page gets a running app."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from fasci_tui.serve.web import web_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_web_command_runs_the_app_through_the_child_entry() -> None:
    assert web_command().endswith("-m fasci_tui.serve.child --web")
    assert sys.executable in web_command()


@pytest.mark.skipif(importlib.util.find_spec("fasci_tui.app") is None,
                    reason="fasci_tui.app is not written yet; runs once the app exists")
@pytest.mark.slow
async def test_page_and_app_over_websocket(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "FASCI_TUI_STATE_DIR": str(tmp_path / "state"),
           "TMPDIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "fasci_tui", "serve", "web", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 20
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{port}/") as response:
                        assert response.status == 200
                        assert "fasci-tui" in await response.text()
                    break
                except aiohttp.ClientConnectionError:
                    assert time.monotonic() < deadline, "the web server did not start"
                    await asyncio.sleep(0.1)
            seen = b""
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as ws:

                async def read() -> None:
                    nonlocal seen
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            seen += message.data
                        if b"I understand" in seen:  # the first-run disclaimer is drawn
                            return

                await asyncio.wait_for(read(), 30)
                assert len(list(tmp_path.glob("fasci-tui-web-*"))) == 1
        # each page had its own temporary state directory, removed when the page closed
        for _ in range(100):
            if not list(tmp_path.glob("fasci-tui-web-*")):
                break
            await asyncio.sleep(0.1)
        assert not list(tmp_path.glob("fasci-tui-web-*"))
        assert not (tmp_path / "state" / "state.json").exists()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
