"""`fasci-tui serve web` in a real browser: Debian's headless Chromium, driven by Playwright.

Playwright's Python API starts the system's Chromium (``executable_path``; Playwright's
own browser download is never used) with the flags this machine needs (no sandbox as
root, no GPU, no background networking) on a fresh profile, and with every host name but
127.0.0.1 unresolvable, as on a machine with no network. Every request the page makes is
routed: one to another host is stopped and counted, so "works offline" is checked, not
assumed. The test reads what the terminal shows (a shift-drag selects the whole screen in
xterm.js, which on Linux puts the selection in its text area), presses keys and compares
screenshots.

Skips, saying why, without Chromium or Playwright, or when the two cannot start; fails
instead when ``FASCI_TUI_BROWSER_TESTS=required`` (``.ci/run`` sets it once Chromium is
installed, so CI cannot skip the test unnoticed).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web

from tests.support.web_harness import wait_for_page, web_server

if TYPE_CHECKING:
    from playwright.async_api import Page, Route

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio"]
"""Chromium's flags besides ``--headless`` (Playwright adds it), the profile and the
host resolver's rules (see :func:`chromium`)."""

OTHER_SITE = "twitch-fan.example"
"""A site of someone else's, which the second test's browser finds on this machine."""

REQUIRED = os.environ.get("FASCI_TUI_BROWSER_TESTS") == "required"

pytestmark = pytest.mark.slow


def cannot_test(why: str) -> NoReturn:
    """Skip, saying why; or fail, when the browser test is required."""
    if REQUIRED:
        pytest.fail(f"{why} (FASCI_TUI_BROWSER_TESTS=required)")
    pytest.skip(why)


@dataclass
class Browser:
    """One Chromium page, and what it asked the network for."""

    page: Page
    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    async def terminal_text(self) -> str:
        """What the terminal shows, row by row.

        xterm.js draws on a canvas, so the text is not in the page. Shift forces a
        selection even while the app takes the mouse; on Linux xterm.js then puts the
        selected text in its (hidden) text area, emptied again here.
        """
        box = await self.page.locator(".xterm-screen").bounding_box()
        assert box is not None, "the page has no terminal"
        mouse, keyboard = self.page.mouse, self.page.keyboard
        await keyboard.down("Shift")
        await mouse.move(box["x"] + 1, box["y"] + 1)
        await mouse.down()
        await mouse.move(box["x"] + box["width"] - 1, box["y"] + box["height"] - 1, steps=4)
        await mouse.up()
        await keyboard.up("Shift")
        area = self.page.locator(".xterm-helper-textarea")
        return str(await area.evaluate("t => { const text = t.value; t.value = ''; "
                                       "return text; }"))

    async def wait_for_text(self, *wanted: str, gone: str = "", limit: float = 60) -> str:
        """The terminal's text once it shows each of ``wanted`` (and no longer ``gone``)."""
        deadline = time.monotonic() + limit
        while True:
            text = await self.terminal_text()
            if all(part in text for part in wanted) and not (gone and gone in text):
                return text
            assert time.monotonic() < deadline, (
                f"the terminal never showed {wanted!r}"
                + (f" without {gone!r}" if gone else "") + f"; it shows:\n{text}")
            await asyncio.sleep(0.25)


def _why(error: Exception) -> str:
    """A launch error in a few words: its first line, what the browser said, how it ended."""
    lines = str(error).strip().splitlines() or [""]
    said = [line.split("[err]", 1)[1].strip() for line in lines
            if "[err]" in line and not line.lstrip().startswith("-")]
    ended = [line.split("<", 1)[1].rstrip(">") for line in lines if "process did exit" in line]
    return "; ".join([f"{type(error).__name__}: {lines[0]}", *said[:3], *ended[:1]])


def _on_this_machine(url: str, names: tuple[str, ...] = ()) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", *names)


@contextlib.asynccontextmanager
async def chromium(profile: Path, names: tuple[str, ...] = ()) -> AsyncIterator[Browser]:
    """Headless Chromium on a fresh profile, as on a machine with no network.

    Host ``names`` lead to 127.0.0.1; every other name is unknown. A request to any host
    but 127.0.0.1 and ``names`` is stopped, and counted in ``Browser.stopped``.
    """
    if CHROMIUM is None:
        cannot_test("needs Debian's Chromium (apt-get install chromium; .ci/run installs "
                    "it when missing): no chromium on PATH")
    try:
        from playwright.async_api import Error, async_playwright
    except ImportError as error:
        cannot_test(f"needs Playwright's Python API (pip install -e '.[test]'): {error}")
    rules = [f"MAP {name} 127.0.0.1" for name in names]
    resolver = f"--host-resolver-rules={', '.join([*rules, 'MAP * ~NOTFOUND'])}, EXCLUDE 127.0.0.1"
    async with contextlib.AsyncExitStack() as stack:
        try:
            playwright = await stack.enter_async_context(async_playwright())
            context = await playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=[*FLAGS, resolver],
                viewport={"width": 1000, "height": 700}, timeout=60_000)
        except Exception as error:  # the driver or the browser would not start
            cannot_test(f"Playwright could not start {CHROMIUM}: {_why(error)}")
        stack.push_async_callback(context.close)
        page = context.pages[0] if context.pages else await context.new_page()
        browser = Browser(page)

        async def only_this_machine(route: Route) -> None:
            url = route.request.url
            if _on_this_machine(url, names):
                await route.continue_()
            else:
                browser.stopped.append(url)
                with contextlib.suppress(Error):
                    await route.abort("blockedbyclient")

        await context.route("**/*", only_this_machine)
        context.on("request", lambda request: browser.requests.append(request.url))
        context.on("requestfailed", lambda request: browser.failed.append(
            f"{request.url}: {request.failure}"))
        page.on("websocket", lambda websocket: browser.websockets.append(websocket.url))
        yield browser


async def test_the_app_in_a_real_browser_offline(tmp_path: Path) -> None:
    with web_server(tmp_path) as (_server, port):
        async with aiohttp.ClientSession() as session:
            await wait_for_page(port, session)
        async with chromium(tmp_path / "profile") as browser:
            page = browser.page
            await page.goto(f"http://127.0.0.1:{port}/")
            # the app draws its first screen, and the page's terminal shows it
            await browser.wait_for_text("Before you start", "I understand", "Places")
            await page.wait_for_function("document.body.classList.contains('-first-byte')")
            await page.wait_for_function(
                "document.fonts.check('16px \"Roboto Mono\"') && "
                "[...document.fonts].some(f => f.status === 'loaded')")
            before = await page.screenshot(path=tmp_path / "before.png")
            # keys pressed in the browser reach the app, and the screen changes
            await page.focus(".xterm-helper-textarea")
            await page.keyboard.press("Enter")  # "I understand": the box goes
            await browser.wait_for_text("Your profile", gone="I understand")
            await page.keyboard.press("Escape")  # no profile: the overview is left
            overview = await browser.wait_for_text("Fasciculation nutrients",
                                                   gone="Your profile")
            await page.keyboard.press("k")  # the checklist
            checklist = await browser.wait_for_text("0/5 habits")
            assert checklist != overview
            after = await page.screenshot(path=tmp_path / "after.png")
            assert before != after, f"the same picture before and after: {tmp_path}"
            # it all came from this server: nothing asked of another host, nothing failed
            assert any(url.endswith("/static/js/textual.js") for url in browser.requests)
            assert any("/static/fonts/RobotoMono" in url for url in browser.requests)
            assert browser.websockets and all(map(_on_this_machine, browser.websockets))
            outside = [url for url in browser.requests
                       if not _on_this_machine(url) and not url.startswith(("data:", "about:"))]
            assert (outside, browser.stopped) == ([], [])
            assert browser.failed == []


@contextlib.asynccontextmanager
async def site(page: str) -> AsyncIterator[int]:
    """A web server on 127.0.0.1 whose every path answers ``page``; yields its port."""
    async def answer(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    app = web.Application()
    app.router.add_get("/{path:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        listening = web.TCPSite(runner, "127.0.0.1", 0)
        await listening.start()
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()


async def test_a_page_on_another_site_cannot_open_the_app(tmp_path: Path) -> None:
    """Pages of other origins open the app's websocket: the server refuses each.

    The pages come from a server on this machine (Chromium would not let a page of the
    internet reach 127.0.0.1 at all, and this test is about what the server does).
    """
    with web_server(tmp_path) as (_server, port):
        async with aiohttp.ClientSession() as session:
            await wait_for_page(port, session)
        attack = ("<!DOCTYPE html><title>waiting</title><script>"
                  f"const ws = new WebSocket('ws://127.0.0.1:{port}/ws?width=80&height=24');"
                  "ws.onopen = () => { document.title = 'opened'; };"
                  "ws.onerror = () => { document.title = 'refused'; };</script>")
        async with site(attack) as other_port, \
                chromium(tmp_path / "profile", names=(OTHER_SITE,)) as browser:
            page = browser.page
            origins = [f"http://{OTHER_SITE}:{other_port}", f"http://127.0.0.1:{other_port}"]
            for origin in origins:
                await page.goto(f"{origin}/index.html")
                await page.wait_for_function("['refused', 'opened'].includes(document.title)")
                assert await page.title() == "refused", origin
            assert browser.websockets == [f"ws://127.0.0.1:{port}/ws?width=80&height=24"] * 2
    log = (tmp_path / "server.log").read_text()
    for origin in origins:
        assert f"refused websocket from 127.0.0.1: origin {origin} is not this server's" in log
