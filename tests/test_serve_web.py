"""`fasci-tui serve web`: the rules (size, origin, limits, environment) and the server itself.

The fast tests check the rules as functions. The slow ones start the server, in this
process with a stand-in app (tests/support/web_standin.py, which reports its size and environment
and echoes what it is sent) or as ``python -m fasci_tui serve web`` with the real app,
and talk to it over HTTP and websockets as a browser would. The browser test is in
tests/test_serve_web_browser.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from fasci_tui.serve.limits import MAX_COLUMNS, MAX_ROWS, SERVER_ENV
from fasci_tui.serve.web import PAGE, WebServeConfig, serve
from fasci_tui.serve.web_app import TEMP_PREFIX, app_environment, remove_stale_state_dirs
from fasci_tui.serve.web_rules import allowed_origins, clamp_size, origin_allowed, origin_of
from tests.support.web_harness import STANDIN, wait_for_page, web_server

APP_NEEDS = {"TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM",
             "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS", "FASCI_TUI_STATE_DIR", "FASCI_TUI_DATA",
             "FASCI_TUI_WEB_SERVER", "FASCI_TUI_WEB_MEMORY_MIB"}
"""What the app is given besides the allow-list (Python itself may add LC_CTYPE)."""


# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize("width,height,expected", [
    ("80", "24", (80, 24)),
    ("99999", "99999", (MAX_COLUMNS, MAX_ROWS)),
    ("0", "-5", (80, 24)),
    ("wide", None, (80, 24)),
    (120.0, 40, (80, 40)),  # JSON numbers that are not whole are not sizes
    (True, 30, (80, 30)),
    ("1" * 5000, "3", (80, 3)),  # int() refuses over 4300 digits: still no traceback
])
def test_sizes_are_clamped(width: object, height: object, expected: tuple[int, int]) -> None:
    assert clamp_size(width, height) == expected


def test_origins() -> None:
    assert origin_of("HTTP://LocalHost:80/path") == "http://localhost"
    assert origin_of("https://[::1]:8443") == "https://[::1]:8443"
    assert origin_of("null") is None and origin_of("file:///x") is None
    assert origin_of("http://h:99999") is None


def test_a_loopback_server_accepts_only_its_own_pages() -> None:
    allowed = allowed_origins("127.0.0.1", 8000, None)
    assert allowed is not None
    for origin in ("http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"):
        assert origin_allowed(origin, "127.0.0.1:8000", allowed)
    assert not origin_allowed("http://evil.example", "127.0.0.1:8000", allowed)
    assert not origin_allowed("http://localhost:9000", "127.0.0.1:8000", allowed)
    assert not origin_allowed("null", "127.0.0.1:8000", allowed)  # a sandboxed frame, a file
    # DNS rebinding: a name of the attacker's that resolves to 127.0.0.1
    assert not origin_allowed("http://evil.example:8000", "evil.example:8000", allowed)
    assert origin_allowed(None, "127.0.0.1:8000", allowed)  # not a browser


def test_public_url_and_every_address() -> None:
    allowed = allowed_origins("0.0.0.0", 8000, "https://twitch.example.org/")
    assert allowed == frozenset({"https://twitch.example.org"})
    assert origin_allowed("https://twitch.example.org", "10.0.0.5:8000", allowed)
    assert not origin_allowed("http://twitch.example.org", "10.0.0.5:8000", allowed)
    assert allowed_origins("0.0.0.0", 8000, None) is None  # then: same origin as Host
    assert origin_allowed("http://10.0.0.5:8000", "10.0.0.5:8000", None)
    assert not origin_allowed("http://evil.example", "10.0.0.5:8000", None)
    assert allowed_origins("192.0.2.7", 8000, None) == frozenset({"http://192.0.2.7:8000"})


def test_the_app_gets_only_the_allow_list(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2")
    monkeypatch.setenv("LD_PRELOAD", "/tmp/evil.so")
    monkeypatch.setenv("LANG", "C.UTF-8")
    env = app_environment(132, 43, tmp_path, tmp_path / "data")
    assert set(env) <= set(SERVER_ENV) | APP_NEEDS
    assert env["LANG"] == "C.UTF-8"
    assert (env["COLUMNS"], env["ROWS"]) == ("132", "43")
    assert env["FASCI_TUI_STATE_DIR"] == str(tmp_path)


def test_the_page_fetches_nothing_from_another_site() -> None:
    page = PAGE.substitute(title="t", static="/static/", websocket_url="ws://x/ws",
                           font_size=16)
    for needle in ("googleapis", "https://", "//fonts", "<link rel=\"preconnect"):
        assert needle not in page
    # the only absolute URL left is the SVG namespace, which is a name, not a request
    assert [line.strip() for line in page.splitlines() if "http://" in line] == [
        'xmlns="http://www.w3.org/2000/svg"']
    assert "/static/fonts/RobotoMono" in page


def test_state_dirs_of_dead_servers_are_removed(tmp_path: Path) -> None:
    dead_pid = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has it
    stale = tmp_path / f"{TEMP_PREFIX}{dead_pid}-abc"
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def"
    other = tmp_path / "fasci-tui-session-xyz"
    for path in (stale, mine, other):
        (path / "sub").mkdir(parents=True)
    assert remove_stale_state_dirs(tmp_path) == 1
    assert not stale.exists() and mine.exists() and other.exists()


# ---------------------------------------------------------------- a server in this process


class Page:
    """One websocket page: what it received, and a way to send like textual.js does."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen = b""

    async def until(self, needle: bytes, limit: float = 30.0) -> bytes:
        """Read until ``needle`` arrived; everything so far."""
        async def read() -> None:
            while needle not in self.seen:
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                      aiohttp.WSMsgType.CLOSING):
                    raise AssertionError(f"closed before {needle!r}: {self.seen[-500:]!r}")

        await asyncio.wait_for(read(), limit)
        return self.seen

    async def report(self) -> dict:
        """The stand-in's report about itself."""
        seen = await self.until(b"report:")
        await self.until(b"}")
        text = seen.split(b"report:", 1)[1]
        return json.loads(text[:text.index(b"}") + 1])


class Server:
    """A running server and a client session."""

    def __init__(self, port: int, session: aiohttp.ClientSession, stop: asyncio.Event,
                 task: asyncio.Task[int]) -> None:
        self.port = port
        self.session = session
        self.url = f"http://127.0.0.1:{port}"
        self.stop = stop
        self.task = task

    async def shutdown(self) -> int:
        """Stop the server (as SIGTERM does) and wait for it; its exit code."""
        self.stop.set()
        return await asyncio.wait_for(asyncio.shield(self.task), 30)

    @contextlib.asynccontextmanager
    async def page(self, query: str = "width=80&height=24",
                   origin: str | None = None) -> AsyncIterator[Page]:
        """Open a websocket as the page does."""
        headers = {"Origin": origin if origin is not None else self.url}
        async with self.session.ws_connect(f"{self.url}/ws?{query}", headers=headers) as ws:
            yield Page(ws)


@contextlib.asynccontextmanager
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  **options: object) -> AsyncIterator[Server]:
    """``serve`` in this process on a free port, with the stand-in app unless told."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    options.setdefault("app_argv", tuple(STANDIN))
    config = WebServeConfig(port=0, data_dir=None, **options)  # type: ignore[arg-type]
    stop = asyncio.Event()
    started: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(config, stop, started))
    port = await asyncio.wait_for(started, 20)
    try:
        async with aiohttp.ClientSession() as session:
            yield Server(port, session, stop, task)
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 30) == 0
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*")), "a page left its state directory"


def _gone(pid: int) -> bool:
    """True when ``pid`` is no longer running (a zombie waiting for init counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


async def _until_gone(pid: int, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        await asyncio.sleep(0.05)
    return _gone(pid)


@pytest.mark.slow
async def test_size_and_environment_reach_the_app_clamped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2")
    async with running(tmp_path, monkeypatch) as server:
        async with server.page("width=100000&height=-3") as page:
            report = await page.report()
            assert (report["columns"], report["rows"]) == (str(MAX_COLUMNS), "24")
            assert "AWS_SECRET_ACCESS_KEY" not in report["env"]
            assert set(report["env"]) <= set(SERVER_ENV) | APP_NEEDS | {"LC_CTYPE"}
            assert Path(report["state"]).name.startswith(TEMP_PREFIX)
            assert Path(report["state"]).parent == tmp_path
            await page.ws.send_str(json.dumps(["resize", {"width": 10**9, "height": 0}]))
            await page.until(b'"width": %d, "height": 24' % MAX_COLUMNS)
            # malformed messages are ignored; the page still works after them
            for junk in ("{", "[]", "[1, 2]", '["stdin", 5]', '["resize", "x"]', "null"):
                await page.ws.send_str(junk)
            await page.ws.send_bytes(b"\x00binary")
            await page.ws.send_str(json.dumps(["stdin", "j"]))
            await page.until(b"data:j")
            await page.ws.send_str(json.dumps(["ping", "t1"]))
            pong = await page.ws.receive_str(timeout=10)
            assert json.loads(pong) == ["pong", "t1"]
        assert await _until_gone(report["pid"], 10)


@pytest.mark.slow
async def test_websocket_from_another_site_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    async with running(tmp_path, monkeypatch) as server:
        for origin in ("http://evil.example", f"http://evil.example:{server.port}", "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with server.page(origin=origin):
                    pass
            assert refused.value.status == 403
        async with server.page(origin=f"http://localhost:{server.port}") as page:
            await page.report()
    assert "origin http://evil.example is not this server's" in caplog.text


@pytest.mark.slow
async def test_plain_get_on_the_websocket_path_is_a_400(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with running(tmp_path, monkeypatch) as server:
        async with server.session.get(f"{server.url}/ws") as response:
            assert response.status == 400
            assert "websocket" in await response.text()
        async with server.session.get(f"{server.url}/") as response:
            assert response.status == 200
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Frame-Options"] == "DENY"
        async with server.session.get(f"{server.url}/static/") as response:
            assert response.status in (403, 404)  # no directory listing
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.slow
async def test_apps_at_once_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(tmp_path, monkeypatch, max_sessions=2, max_per_address=0) as server:
        async with server.page() as one, server.page() as two:
            await one.report()
            await two.report()
            async with server.page() as third:
                message = await third.ws.receive(timeout=10)
                assert message.type == aiohttp.WSMsgType.BINARY
                assert b"the server is full (2 sessions open)" in message.data
                assert (await third.ws.receive(timeout=10)).type in (
                    aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        # freed once the first two apps have stopped (which the server does after the close)
        deadline = time.monotonic() + 15
        while True:
            async with server.page() as again:
                message = await again.ws.receive(timeout=15)
                if b"report:" in message.data:
                    break
                assert b"the server is full" in message.data
                assert time.monotonic() < deadline, "closing pages did not free their places"
            await asyncio.sleep(0.2)


@pytest.mark.slow
async def test_apps_per_address_are_capped(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(tmp_path, monkeypatch, max_per_address=1) as server:
        async with server.page() as one:
            await one.report()
            async with server.page() as two:
                message = await two.ws.receive(timeout=10)
                assert b"too many sessions from your address" in message.data


@pytest.mark.slow
async def test_an_app_that_ignores_sigterm_is_killed_after_the_grace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    grace = 0.5
    async with running(tmp_path, monkeypatch, kill_grace=grace,
                       app_argv=(*STANDIN, "--stubborn")) as server:
        async with server.page() as page:
            report = await page.report()
        closed = time.monotonic()
        # quit ignored, SIGTERM ignored, then SIGKILL: about two graces; generous on a busy box
        assert await _until_gone(report["pid"], 2 * grace + 10)
        took = time.monotonic() - closed
        assert took >= 2 * grace - 0.1, took
        assert not Path(report["state"]).exists()
    assert "app killed after 0.5 s" in caplog.text


@pytest.mark.slow
async def test_stopping_the_server_stops_every_app(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pids: list[int] = []
    async with running(tmp_path, monkeypatch, kill_grace=0.5,
                       app_argv=(*STANDIN, "--stubborn")) as server:
        async with server.page() as one, server.page() as two:
            pids += [(await one.report())["pid"], (await two.report())["pid"]]
            assert await server.shutdown() == 0  # with both pages still open
            for pid in pids:
                assert _gone(pid)


# ---------------------------------------------------------------- the real command


async def _open_app(session: aiohttp.ClientSession, port: int) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                  headers={"Origin": f"http://127.0.0.1:{port}"})
    page = Page(ws)
    await page.until(b"I understand", 60)  # the first-run disclaimer is drawn
    return ws


def _app_pids(tmp_path: Path) -> list[int]:
    """Processes running the web child whose environment points into ``tmp_path``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"fasci_tui.serve.web_child" in cmdline and str(tmp_path).encode() in environ:
            pids.append(int(proc.name))
    return pids


@pytest.mark.slow
async def test_page_and_app_over_websocket(tmp_path: Path) -> None:
    with web_server(tmp_path) as (_server, port):
        async with aiohttp.ClientSession() as session:
            page = await wait_for_page(port, session)
            assert "fasci-tui" in page and "googleapis" not in page
            ws = await _open_app(session, port)
            assert len(list(tmp_path.glob(f"{TEMP_PREFIX}*"))) == 1
            await ws.close()
        # each page had its own temporary state directory, removed when the page closed
        for _ in range(200):
            if not list(tmp_path.glob(f"{TEMP_PREFIX}*")):
                break
            await asyncio.sleep(0.1)
        assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
        assert not (tmp_path / "state" / "state.json").exists()


@pytest.mark.slow
async def test_apps_die_with_a_killed_server(tmp_path: Path) -> None:
    """kill -9 of the server: no app left running, no state directory left behind."""
    with web_server(tmp_path) as (server, port):
        async with aiohttp.ClientSession() as session:
            await wait_for_page(port, session)
            sockets = [await _open_app(session, port) for _ in range(2)]
            pids = _app_pids(tmp_path)
            assert len(pids) == 2
            assert len(list(tmp_path.glob(f"{TEMP_PREFIX}*"))) == 2
            server.kill()
            server.wait()
            for pid in pids:
                assert await _until_gone(pid, 20), f"app {pid} outlived its server"
            for ws in sockets:
                await ws.close()
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(f"{TEMP_PREFIX}*")) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


@pytest.mark.slow
def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "fasci_tui", "serve", "web", "--port", str(port)],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_app_stuck_after_its_server_died_is_ended_and_cleaned_up(tmp_path: Path) -> None:
    """The web child's watch: parent gone, SIGTERM ignored, the process still ends."""
    state = tmp_path / f"{TEMP_PREFIX}1-x"
    state.mkdir()
    pid_file = tmp_path / "pid"
    child = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from fasci_tui.serve.web_child import watch_parent\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"watch_parent(int(sys.argv[1]), Path({str(state)!r}), poll=0.05, grace=0.5)\n"
        f"Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "time.sleep(60)\n"
    )
    parent = (  # starts the stuck app, then dies at once as a killed server would
        "import os, subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}, str(os.getpid())])\n"
    )
    subprocess.run([sys.executable, "-c", parent], check=True, timeout=30)
    deadline = time.monotonic() + 20
    while not pid_file.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pid), "the stuck app outlived its server"
    assert not state.exists()


def test_input_is_paced() -> None:
    from fasci_tui.serve.web_rules import InputPace

    now = [0.0]
    pace = InputPace(rate=1000, burst=4000, clock=lambda: now[0])
    assert pace.delay(4000) == 0  # a burst goes at once
    assert pace.delay(500) == pytest.approx(0.5)  # then the pace applies
    now[0] += 0.5
    assert pace.delay(0) == 0
    now[0] += 100  # a long quiet spell earns one burst, no more
    assert pace.delay(4000) == 0
    assert pace.delay(1000) == pytest.approx(1.0)


@pytest.mark.slow
def test_an_app_cannot_take_more_memory_than_its_limit() -> None:
    code = ("from fasci_tui.serve.web_child import limit_memory\n"
            "limit_memory(64)\n"
            "try:\n"
            "    block = bytearray(256 * 1024 * 1024)\n"
            "except MemoryError:\n"
            "    raise SystemExit(3)\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 3


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.slow
async def test_a_flood_of_keys_leaves_the_app_small_and_other_pages_working(
        tmp_path: Path) -> None:
    """1 MiB of `j` from one page: its app stays under 150 MiB; another page still opens.

    Before pacing, the same flood took the app from 41 to 412 MiB in 30 s, and growing.
    """
    with web_server(tmp_path) as (_server, port):
        async with aiohttp.ClientSession() as session:
            await wait_for_page(port, session)
            flooder = await _open_app(session, port)
            (pid,) = _app_pids(tmp_path)
            await flooder.send_str(json.dumps(["stdin", "\r"]))
            for _ in range(64):
                await flooder.send_str(json.dumps(["stdin", "j" * 16384]))
            drain = asyncio.create_task(_drain(flooder))
            peak = 0.0
            for _ in range(30):  # 15 s
                await asyncio.sleep(0.5)
                with contextlib.suppress(OSError):
                    peak = max(peak, _rss_mib(pid))
            assert 0 < peak < 150, f"the flooded app reached {peak:.0f} MiB"
            other = await _open_app(session, port)  # the server still serves others
            await other.close()
            drain.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await drain
            await flooder.close()


async def _drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    async for _message in ws:
        pass
