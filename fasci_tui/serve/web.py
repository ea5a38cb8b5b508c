"""``fasci-tui serve web``: the app in the browser, on textual-serve's page and protocol.

textual-serve's front end (its ``textual.js``, xterm styles and Roboto Mono font, served
from this server: nothing is fetched from another site, so it works offline) talks over
a websocket to one app process per page (:mod:`fasci_tui.serve.web_app`). Around that,
this server adds what ``serve ssh`` has:

- a page's terminal size is clamped (query string and every resize);
- a websocket whose ``Origin`` is not this server's is refused (403): a page on another
  site cannot drive a server on localhost; with ``--public-url`` that URL's origin is
  the one accepted;
- apps (one per page) at once are capped, overall and per address;
- each app gets only the environment allow-list (``SERVER_ENV``), a memory limit, a
  state directory of its own (removed when it ends), and is stopped with SIGTERM then
  SIGKILL; what a page types is paced (:class:`InputPace`), so a flood of keys waits in
  the browser, not in the app;
- a plain GET on the websocket path answers 400; malformed messages are ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import signal
import string
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import WSMsgType, web

from fasci_tui.serve.limits import (
    DEFAULT_MAX_PER_ADDRESS,
    DEFAULT_MAX_SESSIONS,
    Limits,
)
from fasci_tui.serve.web_app import (
    DEFAULT_KILL_GRACE,
    DEFAULT_MEMORY_MIB,
    WebApp,
    default_app_argv,
    remove_stale_state_dirs,
)
from fasci_tui.serve.web_rules import (
    DEFAULT_INPUT_BURST,
    DEFAULT_INPUT_RATE,
    InputPace,
    allowed_origins,
    clamp_size,
    is_loopback,
    origin_allowed,
)

log = logging.getLogger("fasci_tui.serve.web")

PAGE = string.Template((Path(__file__).parent / "web_page.html").read_text(encoding="utf-8"))
"""The page (textual-serve's, self-contained): $title, $static, $websocket_url, $font_size."""
MAX_MESSAGE = 64 * 1024
"""The largest websocket message a page may send (keys typed or pasted, a resize)."""
NOT_A_WEBSOCKET = ("This address is the app's websocket; open the server's main page in a "
                   "browser instead.\n")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}




@dataclass(frozen=True)
class WebServeConfig:
    """Everything ``serve web`` is told on the command line (and, for tests, what app to run)."""

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path | None = None
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS
    kill_grace: float = DEFAULT_KILL_GRACE
    input_rate: float = DEFAULT_INPUT_RATE
    input_burst: float = DEFAULT_INPUT_BURST
    memory_mib: int = DEFAULT_MEMORY_MIB
    """Each app's data limit (RLIMIT_DATA); 0 for none."""
    app_argv: tuple[str, ...] | None = None
    """The command each page runs instead of the app (tests' stand-ins)."""


def _websocket_url(public_url: str | None, request: web.Request) -> str:
    if public_url:
        base = public_url.rstrip("/")
    else:
        base = f"{request.scheme}://{request.host}"
    scheme, rest = base.split(":", 1)
    return ("wss:" if scheme.lower() == "https" else "ws:") + rest + "/ws"


def _log_text(text: str, limit: int = 300) -> str:
    """``text`` safe for one log line (controls and newlines escaped)."""
    return text[:limit].encode("unicode_escape", "backslashreplace").decode("ascii")


# ---------------------------------------------------------------- the server


class WebServer:
    """The aiohttp application: the page, its static files, and one app per websocket."""

    def __init__(self, config: WebServeConfig) -> None:
        self.config = config
        self.limits = Limits(config.max_sessions, config.max_per_address)
        self.origins = allowed_origins(config.host, config.port, config.public_url)
        self.apps: set[WebApp] = set()
        self.pages = 0
        self._handlers: set[asyncio.Task[object]] = set()
        self.stopping = False
        self.static_dir = _textual_serve_static()

    def make_app(self) -> web.Application:
        """The routes: ``/`` (the page), ``/ws`` (an app), ``/static/...`` (textual-serve's)."""
        app = web.Application(client_max_size=MAX_MESSAGE)
        app.add_routes([
            web.get("/", self.handle_index),
            web.get("/ws", self.handle_websocket),
            web.static("/static", self.static_dir, show_index=False, follow_symlinks=False),
        ])
        app.on_response_prepare.append(_add_security_headers)
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page: textual-serve's, with every address on this server."""
        websocket_url = _websocket_url(self.config.public_url, request)
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 6), 64)
        except ValueError:
            font_size = 16
        body = PAGE.substitute(
            title="fasci-tui", static=html.escape("/static/"),
            websocket_url=html.escape(websocket_url), font_size=font_size,
        )
        ws_origin = websocket_url.rsplit("/", 1)[0]
        response = web.Response(text=body, content_type="text/html")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
            f"connect-src 'self' {ws_origin}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'"
        )
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One page's app: checked (origin, limits), started, relayed, stopped."""
        address = request.remote or "unknown"
        origin = request.headers.get("Origin")
        if not origin_allowed(origin, request.host, self.origins, request.scheme):
            log.warning("refused websocket from %s: origin %s is not this server's",
                        address, _log_text(origin or ""))
            return web.Response(status=403, text="This page may not open the app.\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE, timeout=2.0)
        if not websocket.can_prepare(request).ok:
            return web.Response(status=400, text=NOT_A_WEBSOCKET)
        await websocket.prepare(request)
        # One app per page: the apps at once are the pages at once. Over a limit the page
        # is told why on its terminal and closed, at once (it never waits for a place).
        refusal = self.limits.open_session(address)
        if refusal is not None:
            log.warning("refused page from %s: %s", address, refusal)
            await _say(websocket, f"fasci-tui: {refusal}.")
            await websocket.close()
            return websocket
        handler = asyncio.current_task()
        if handler is not None:
            self._handlers.add(handler)
        try:
            await self._run_page(websocket, request, address)
        finally:
            self.limits.close_session(address)
            self._handlers.discard(handler)  # type: ignore[arg-type]
        return websocket

    async def _run_page(self, websocket: web.WebSocketResponse, request: web.Request,
                        address: str) -> None:
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        config = self.config

        async def send_output(data: bytes) -> None:
            if not websocket.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_bytes(data)

        app = WebApp(config.app_argv or default_app_argv(), config.data_dir, send_output,
                     kill_grace=config.kill_grace, memory_mib=config.memory_mib)
        self.pages += 1
        number, started = self.pages, time.monotonic()
        try:
            await app.start(width, height)
        except OSError as exc:
            log.error("page %d: the app could not start: %s", number, exc)
            await _say(websocket, "fasci-tui: the app could not start; please try later.")
            await websocket.close()
            return
        self.apps.add(app)
        log.info("page %d start: client %s pid %s %dx%d", number, address, app.pid, width, height)
        reader = asyncio.create_task(self._read_page(websocket, app))
        ended = asyncio.create_task(app.wait())
        try:
            done, _ = await asyncio.wait({reader, ended}, return_when=asyncio.FIRST_COMPLETED)
            reason = "page closed" if reader in done else None
        finally:
            await asyncio.shield(app.stop())
            reader.cancel()
            ended.cancel()
            self.apps.discard(app)
            with contextlib.suppress(ConnectionError, RuntimeError):
                await websocket.close()
        code = app.process.returncode if app.process is not None else None
        if reason is None:
            reason = "server stopping" if self.stopping else f"app {app.how_ended}"
        elif app.how_ended in ("terminated", "killed"):
            reason += f", app {app.how_ended} after {config.kill_grace:g} s"
        log.info("page %d end: client %s pid %s duration %.1fs reason %s status %s",
                 number, address, app.pid, time.monotonic() - started, reason, code)
        if code not in (0, None) and app.how_ended == "exited" and app.stderr_tail:
            tail = app.stderr_tail.decode("utf-8", "replace").strip().splitlines()[-1:]
            log.warning("page %d: app said: %s", number, _log_text(" ".join(tail)))

    async def _read_page(self, websocket: web.WebSocketResponse, app: WebApp) -> None:
        """Pass the page's keys (paced), size, focus to the app until the page goes away."""
        pace = InputPace(self.config.input_rate, self.config.input_burst)
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not (isinstance(envelope, list) and envelope and isinstance(envelope[0], str)):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                keys = data.encode("utf-8", "replace")
                if wait := pace.delay(len(keys)):
                    await asyncio.sleep(wait)
                await app.send_input(keys)
            elif kind == "resize" and isinstance(data, dict):
                width, height = clamp_size(data.get("width"), data.get("height"))
                await app.send_meta({"type": "resize", "width": width, "height": height})
            elif kind in ("focus", "blur"):
                await app.send_meta({"type": kind})
            elif kind == "ping" and isinstance(data, (str, int, float)):
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_json(["pong", data])

    async def stop_all(self) -> None:
        """Stop every running app (each with its grace period, all at once), and let each
        page close and log its end."""
        self.stopping = True
        await asyncio.gather(*(app.stop() for app in list(self.apps)),
                             return_exceptions=True)
        if self._handlers:
            await asyncio.wait(set(self._handlers), timeout=5)

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.stop_all()


async def _add_security_headers(_request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


async def _say(websocket: web.WebSocketResponse, text: str) -> None:
    """Write a line on the page's terminal (which shows any bytes it is sent)."""
    with contextlib.suppress(ConnectionError, RuntimeError):
        await websocket.send_bytes(f"\r\n {text}\r\n".encode())


def _textual_serve_static() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


# ---------------------------------------------------------------- running it


async def serve(config: WebServeConfig, stop: asyncio.Event | None = None,
                started: asyncio.Future[int] | None = None) -> int:
    """Serve until ``stop`` is set (without one: until SIGINT/SIGTERM); the exit code.

    ``started`` receives the port listened on (useful with port 0). Every app is stopped
    before this returns.
    """
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
    if removed := remove_stale_state_dirs():
        log.info("removed %d state directories left by a server that was killed", removed)
    server = WebServer(config)
    runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None,
                           shutdown_timeout=config.kill_grace * 2 + 2)
    await runner.setup()
    try:
        site = web.TCPSite(runner, config.host, config.port)
        try:
            await site.start()
        except OSError as exc:
            print(f"fasci-tui: cannot listen on {config.host}:{config.port}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            return 1
        port = int(runner.addresses[0][1]) if runner.addresses else config.port
        server.origins = allowed_origins(config.host, port, config.public_url)
        if started is not None and not started.done():
            started.set_result(port)
        where = config.public_url or f"http://{_url_host(config.host)}:{port}/"
        log.info("serving fasci-tui on %s (apps at once: %d, per address: %s)", where,
                 config.max_sessions, config.max_per_address or "no limit")
        if server.origins is None:
            log.warning("listening on every address without --public-url: pages are only "
                        "checked to come from the host they connect to; pass --public-url")
        await stop.wait()
        log.info("stopping: %d apps running", len(server.apps))
        await server.stop_all()
    finally:
        await runner.cleanup()
    return 0


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run_web(host: str, port: int, data_dir: Path | None, public_url: str | None = None,
            max_sessions: int = DEFAULT_MAX_SESSIONS,
            max_per_address: int = DEFAULT_MAX_PER_ADDRESS) -> int:
    """Check the data, then serve until interrupted; the exit code (1 when it cannot start)."""
    return run_web_config(WebServeConfig(host=host, port=port, data_dir=data_dir,
                                         public_url=public_url, max_sessions=max_sessions,
                                         max_per_address=max_per_address))


def run_web_config(config: WebServeConfig) -> int:
    """:func:`run_web` for a whole :class:`WebServeConfig`."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.problems import ContentError

    if config.data_dir is not None:
        try:  # every page would fail on it: say so now, as serve ssh does
            load_cached(config.data_dir)
        except ContentError as exc:
            print(exc.report(), file=sys.stderr)
            print("fasci-tui: the server cannot start until the data is fixed", file=sys.stderr)
            return 1
    if not is_loopback(config.host):
        log.warning("serving on %s:%d: anyone who can reach it may use the app",
                    config.host, config.port)
    try:
        return asyncio.run(serve(config))
    except KeyboardInterrupt:
        return 130
