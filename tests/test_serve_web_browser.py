"""`fasci-tui serve web` in a real browser: Debian's headless Chromium, driven over DevTools.

Chromium is started with the flags this machine needs (no sandbox as root, no GPU, no
background networking) and with every host name but 127.0.0.1 unresolvable, as on a
machine with no network. Over the DevTools protocol (a websocket, spoken with aiohttp)
the test loads the page, watches every request and websocket frame, reads the page's
state, presses keys and takes screenshots. Skips, saying why, without Chromium.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.test_serve_web import _wait_for_page, web_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio", "--window-size=1000,700",
         # offline: nothing but this machine can be reached, whatever the page asks for
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium browser (Debian: apt-get "
                       "install chromium; .ci/run installs it): none found on PATH"),
]


class DevTools:
    """A tiny DevTools protocol client: calls, and every event kept in order."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict] = []
        self._calls: dict[int, asyncio.Future[dict]] = {}
        self._next = 0
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._calls:
                self._calls.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def call(self, method: str, **params: object) -> dict:
        """Call ``method``; its result (AssertionError on a protocol error)."""
        self._next += 1
        future: asyncio.Future[dict] = asyncio.get_running_loop().create_future()
        self._calls[self._next] = future
        await self.ws.send_json({"id": self._next, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 30)
        assert "error" not in reply, reply
        return reply["result"]

    async def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression,
                                 returnByValue=True, awaitPromise=True)
        return result["result"].get("value")

    def received_text(self) -> str:
        """Everything the page's websockets received (binary frames decoded)."""
        parts = []
        for event in self.events:
            if event["method"] == "Network.webSocketFrameReceived":
                frame = event["params"]["response"]
                data = frame["payloadData"]
                if frame.get("opcode") == 2:
                    data = base64.b64decode(data).decode("utf-8", "replace")
                parts.append(data)
        return "".join(parts)

    async def wait_text(self, text: str, limit: float = 60.0) -> None:
        """Wait until the page has received ``text`` from the app."""
        deadline = time.monotonic() + limit
        while text not in self.received_text():
            assert time.monotonic() < deadline, f"{text!r} never reached the page"
            await asyncio.sleep(0.1)

    async def wait_true(self, expression: str, limit: float = 30.0) -> None:
        """Wait until a JavaScript expression is true in the page."""
        deadline = time.monotonic() + limit
        while not await self.evaluate(expression):
            assert time.monotonic() < deadline, f"never true: {expression}"
            await asyncio.sleep(0.1)

    async def press(self, key: str, code: str, key_code: int, text: str = "") -> None:
        """Press and release one key, as a person at the keyboard would."""
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code}
        if text:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                        windowsVirtualKeyCode=key_code)

    async def screenshot(self) -> bytes:
        """The page as PNG bytes."""
        return base64.b64decode((await self.call("Page.captureScreenshot"))["data"])

    def request_urls(self) -> list[str]:
        """Every URL the page asked for (documents, scripts, fonts, websockets...)."""
        urls = [event["params"]["request"]["url"] for event in self.events
                if event["method"] == "Network.requestWillBeSent"]
        urls += [event["params"]["url"] for event in self.events
                 if event["method"] == "Network.webSocketCreated"]
        return urls

    async def close(self) -> None:
        """Stop reading and close the connection."""
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        await self.ws.close()


@contextlib.asynccontextmanager
async def browser(session: aiohttp.ClientSession) -> AsyncIterator[DevTools]:
    """Headless Chromium on a fresh profile; a DevTools connection to its page."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="fasci-tui-chromium-") as profile:
        proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 60
            while not (port_file.exists() and port_file.read_text().strip()):
                assert proc.poll() is None, "Chromium exited at start"
                assert time.monotonic() < deadline, "Chromium did not open DevTools"
                await asyncio.sleep(0.1)
            port = int(port_file.read_text().split()[0])
            targets: list[dict] = []
            while not targets:
                async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [t for t in await response.json() if t.get("type") == "page"]
                if not targets:
                    assert time.monotonic() < deadline, "Chromium opened no page"
                    await asyncio.sleep(0.1)
            ws = await session.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0)
            tools = DevTools(ws)
            try:
                for domain in ("Network", "Page", "Runtime"):
                    await tools.call(f"{domain}.enable")
                yield tools
            finally:
                await tools.close()
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait()


async def test_the_app_in_a_real_browser_offline(tmp_path: Path) -> None:
    with web_server(tmp_path) as (_server, port):
        async with aiohttp.ClientSession() as session:
            await _wait_for_page(port, session)
            async with browser(session) as page:
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                # the app draws its first screen, and the page's terminal shows it
                await page.wait_text("I understand")
                await page.wait_true("document.body.classList.contains('-first-byte')")
                await page.wait_true("document.fonts.check('16px \"Roboto Mono\"') && "
                                     "[...document.fonts].some(f => f.status === 'loaded')")
                await asyncio.sleep(0.5)  # let the terminal paint the frames it has
                before = await page.screenshot()
                # keys pressed in the browser reach the app, and the screen changes
                await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
                await page.press("Enter", "Enter", 13, "\r")
                await page.wait_text("Places")
                await page.press("k", "KeyK", 75, "k")
                await page.wait_text("habits")  # the checklist pane: "0/5 habits"
                await asyncio.sleep(0.5)
                after = await page.screenshot()
                assert before != after
                urls = page.request_urls()
                assert any(url.endswith("/static/js/textual.js") for url in urls)
                assert any("/static/fonts/RobotoMono" in url for url in urls)
                outside = [url for url in urls
                           if urlsplit(url).hostname not in ("127.0.0.1", None)
                           and not url.startswith(("data:", "about:"))]
                assert outside == []
                failed = [event["params"] for event in page.events
                          if event["method"] == "Network.loadingFailed"]
                assert failed == []


async def test_a_page_on_another_site_cannot_open_the_app(tmp_path: Path) -> None:
    """A page from another origin (another port here) tries the app's websocket: refused."""
    site = tmp_path / "site"
    site.mkdir()
    with web_server(tmp_path) as (_server, port):
        (site / "index.html").write_text(
            "<!DOCTYPE html><script>const ws = new WebSocket("
            f"'ws://127.0.0.1:{port}/ws?width=80&height=24');"
            "ws.onopen = () => { document.title = 'opened'; };"
            "ws.onerror = () => { document.title = 'refused'; };</script>")
        other = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "0"],
                                 cwd=site, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True)
        try:
            line = other.stdout.readline() if other.stdout else ""
            other_port = int(line.split(" port ")[1].split()[0])
            async with aiohttp.ClientSession() as session:
                await _wait_for_page(port, session)
                async with browser(session) as page:
                    await page.call("Page.navigate",
                                    url=f"http://127.0.0.1:{other_port}/index.html")
                    await page.wait_true("document.title === 'refused' || "
                                         "document.title === 'opened'")
                    assert await page.evaluate("document.title") == "refused"
        finally:
            other.terminate()
            other.wait()
    assert "is not this server's" in (tmp_path / "server.log").read_text()
