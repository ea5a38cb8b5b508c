"""The server's side of the zygote: start it, ask it for apps, notice its death, restart it.

:class:`ZygoteProcess` is one running zygote (:mod:`fasci_tui.serve.zygote`) and the
socket to it; :class:`WarmStarter` keeps one alive for the server: it starts one with the
server, restarts it (at most :data:`MAX_RESTARTS` times a minute) when it dies, and gives
``None`` instead of an app whenever no zygote can serve, so the session starts cold
instead. Every start, death and fallback is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from collections import deque
from typing import Any

from fasci_tui.serve import zygote_protocol as protocol
from fasci_tui.serve.app_process import ForkedApp
from fasci_tui.serve.logs import escape

log = logging.getLogger("fasci_tui.serve")

READY_WAIT = 30.0
"""Seconds a session waits for a starting zygote to be warm before it starts cold."""
SPAWN_WAIT = 10.0
"""Seconds the zygote may take to fork a child before it is taken for broken."""
MAX_RESTARTS = 3
"""Restarts of the zygote within :data:`RESTART_WINDOW` seconds; past it sessions start cold."""
RESTART_WINDOW = 60.0
STOP_GRACE = 2.0


class ZygoteProcess:
    """One zygote: its process, its socket, and the requests and children it has in hand."""

    def __init__(self, env: dict[str, str], cwd: str) -> None:
        self._env = env
        self._cwd = cwd
        self.process: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self.ready: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._spawns: dict[int, asyncio.Future[ForkedApp | None]] = {}
        self._exits: dict[int, asyncio.Future[int | None]] = {}
        self._numbers = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.lost: asyncio.Event = asyncio.Event()
        self.reason: str | None = None

    @property
    def pid(self) -> int | None:
        """The zygote's process id."""
        return self.process.pid if self.process is not None else None

    async def start(self) -> None:
        """Start the process (it warms up by itself; :attr:`ready` says when it is done)."""
        ours, theirs = protocol.pair()
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "fasci_tui.serve.zygote", "--fd", str(theirs.fileno()),
                "--parent", str(os.getpid()), pass_fds=(theirs.fileno(),),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE, env=self._env, cwd=self._cwd,
                start_new_session=True,  # a ctrl-c at the server's terminal is the server's
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        asyncio.get_running_loop().add_reader(ours, self._on_readable)
        self._watch(self._log_stderr())
        self._watch(self._wait_exit())

    def _watch(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _log_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        while line := await self.process.stderr.readline():
            log.warning("zygote %d: %s", self.pid,
                        escape(line.decode("utf-8", "replace").rstrip("\n")[:300]))

    async def _wait_exit(self) -> None:
        assert self.process is not None
        code = await self.process.wait()
        self.lose(f"it exited (status {code})")

    async def spawn(self, request: dict[str, Any], terminal: int) -> ForkedApp | None:
        """Ask for a child on ``terminal``; None if this zygote cannot serve (it is then lost).

        ``request`` holds env, cwd, args, entry, exec and memory_mib (see the zygote).
        """
        if self._sock is None or self.lost.is_set():
            return None
        self._numbers += 1
        number = self._numbers
        answer: asyncio.Future[ForkedApp | None] = asyncio.get_running_loop().create_future()
        self._spawns[number] = answer
        try:
            protocol.send(self._sock, {"op": "spawn", "id": number, **request}, [terminal])
            return await asyncio.wait_for(asyncio.shield(answer), SPAWN_WAIT)
        except (OSError, asyncio.TimeoutError) as exc:
            what = "took too long to fork" if isinstance(exc, asyncio.TimeoutError) else exc
            self.lose(f"a spawn request failed: {what}")
            return None
        finally:
            self._spawns.pop(number, None)

    def _on_readable(self) -> None:
        assert self._sock is not None
        while self._sock is not None:
            try:
                message, fds = protocol.receive(self._sock)
            except BlockingIOError:
                return
            except OSError as exc:
                self.lose(f"its socket failed: {exc}")
                return
            if message is None:
                self.lose("it closed its socket")
                return
            self._dispatch(message, fds)

    def _dispatch(self, message: dict[str, Any], fds: list[int]) -> None:
        op = message["op"]
        if op == "spawned" and isinstance(message.get("pid"), int):
            pid = message["pid"]
            status: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
            self._exits[pid] = status
            answer = self._spawns.get(message.get("id"))  # type: ignore[arg-type]
            if answer is not None and not answer.done():
                answer.set_result(ForkedApp(pid, fds[0] if fds else None, status))
                return
            log.warning("zygote %d: a child (pid %d) nobody waits for; ending it", self.pid, pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        elif op == "exited" and isinstance(message.get("pid"), int):
            waiting = self._exits.pop(message["pid"], None)
            code = message.get("code")
            if waiting is not None and not waiting.done():
                waiting.set_result(code if isinstance(code, int) else None)
        elif op == "failed":
            log.warning("zygote %d could not start a session: %s", self.pid,
                        escape(str(message.get("error"))))
            answer = self._spawns.get(message.get("id"))  # type: ignore[arg-type]
            if answer is not None and not answer.done():
                answer.set_result(None)
        elif op == "ready" and not self.ready.done():
            for problem in message.get("problems") or []:
                log.warning("zygote %d: %s", self.pid, escape(str(problem)))
            if message.get("threads") != 1:
                log.error("zygote %d has %s threads after warming up: it cannot fork safely, "
                          "so sessions start cold", self.pid, message.get("threads"))
            log.info("zygote %d ready in %s ms: sessions start from it", self.pid,
                     message.get("ms"))
            self.ready.set_result(True)
        else:
            log.warning("zygote %d sent an unexpected message (%s)", self.pid, escape(op))
        protocol.close_all(fds)

    def lose(self, reason: str) -> None:
        """This zygote is gone or broken: stop using it, end it, and free whoever waits."""
        if self.lost.is_set():
            return
        self.reason = reason
        self.lost.set()
        if self._sock is not None:
            asyncio.get_running_loop().remove_reader(self._sock)
            self._sock.close()
            self._sock = None
        if not self.ready.done():
            self.ready.set_result(False)
        for future in [*self._spawns.values(), *self._exits.values()]:
            if not future.done():
                future.set_result(None)
        self._exits.clear()
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    async def stop(self) -> None:
        """Close the socket (the zygote then exits by itself) and wait for it to go."""
        if self._sock is not None:
            asyncio.get_running_loop().remove_reader(self._sock)
            self._sock.close()
            self._sock = None
        self.lost.set()
        if self.process is not None:
            try:
                await asyncio.wait_for(self.process.wait(), STOP_GRACE)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=STOP_GRACE)


class WarmStarter:
    """Keeps one zygote running for the server; sessions ask it for apps."""

    def __init__(self, env: dict[str, str], cwd: str) -> None:
        self._env = env
        self._cwd = cwd
        self.current: ZygoteProcess | None = None
        self._restarts: deque[float] = deque()
        self._closed = False
        self._watcher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the first zygote (it warms up while the server starts listening)."""
        await self._start_one()

    async def _start_one(self) -> None:
        zygote = ZygoteProcess(self._env, self._cwd)
        try:
            await zygote.start()
        except OSError as exc:
            log.error("could not start the zygote (%s): sessions start cold", exc)
            self.current = None
            return
        self.current = zygote
        log.info("zygote %d started: warming up", zygote.pid)
        self._watcher = asyncio.ensure_future(self._watch(zygote))

    async def _watch(self, zygote: ZygoteProcess) -> None:
        await zygote.lost.wait()
        if self._closed or zygote is not self.current:
            return
        now = time.monotonic()
        while self._restarts and now - self._restarts[0] > RESTART_WINDOW:
            self._restarts.popleft()
        if len(self._restarts) >= MAX_RESTARTS:
            log.error("zygote %d lost: %s; it was restarted %d times within %d s, so "
                      "sessions start cold from now on", zygote.pid, zygote.reason,
                      MAX_RESTARTS, RESTART_WINDOW)
            self.current = None
            return
        self._restarts.append(now)
        log.error("zygote %d lost: %s; starting a new one", zygote.pid, zygote.reason)
        await zygote.stop()
        await self._start_one()

    async def spawn(self, request: dict[str, Any], terminal: int) -> ForkedApp | None:
        """A forked app on ``terminal``, or None: the session must start cold (logged)."""
        zygote = self.current
        if zygote is None:
            return None
        try:
            warm = await asyncio.wait_for(asyncio.shield(zygote.ready), READY_WAIT)
        except asyncio.TimeoutError:
            zygote.lose(f"not warm after {READY_WAIT:g} s")
            warm = False
        app = await zygote.spawn(request, terminal) if warm else None
        if app is None:
            log.warning("zygote %s unavailable (%s): starting this session cold", zygote.pid,
                        zygote.reason or "it refused")
        return app

    async def close(self) -> None:
        """Stop the zygote (the apps it forked keep running until their sessions end)."""
        self._closed = True
        if self._watcher is not None:
            self._watcher.cancel()
        if self.current is not None:
            await self.current.stop()
            self.current = None
