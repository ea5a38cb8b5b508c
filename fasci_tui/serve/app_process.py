"""One session's app process as the server sees it, however it was started.

A *cold* app is the server's own child (``python -m fasci_tui.serve.child``, an asyncio
subprocess); a *forked* app is a child of the zygote (:mod:`fasci_tui.serve.zygote`),
whose exit status the zygote reports and which the server signals through its pidfd,
so a pid reused after the app ended is never signalled. Both lead their own process group
(their own session on their own terminal); both look alike to the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import select
from typing import Protocol

log = logging.getLogger("fasci_tui.serve")

LOST_STATUS = 0
"""Exit status given when the zygote died before reporting a forked app's own status."""


class AppProcess(Protocol):
    """What a session needs of its app process."""

    pid: int
    warm: bool
    """Forked from the zygote (True) or started cold (False)."""

    @property
    def returncode(self) -> int | None:
        """The exit code once the app has ended (negative: killed by that signal)."""

    async def wait(self) -> int:
        """Wait for the app to end; its return code."""

    def signal_group(self, signum: int) -> None:
        """Send ``signum`` to the app's process group, if the app still runs."""

    def close(self) -> None:
        """Release what the server holds for this process (call once it has ended)."""


class ColdApp:
    """An app the server started itself (an asyncio subprocess)."""

    warm = False

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self.pid = process.pid

    @property
    def returncode(self) -> int | None:
        """The exit code once the app has ended."""
        return self._process.returncode

    async def wait(self) -> int:
        """Wait for the app to end; its return code."""
        return await self._process.wait()

    def signal_group(self, signum: int) -> None:
        """Signal the app's process group while the app runs."""
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signum)

    def close(self) -> None:
        """Nothing to release."""


class ForkedApp:
    """An app forked by the zygote: its status comes from the zygote, signals via its pidfd."""

    warm = True

    def __init__(self, pid: int, pidfd: int | None, status: asyncio.Future[int | None]) -> None:
        self.pid = pid
        self._pidfd = pidfd
        self._status = status
        self._returncode: int | None = None
        self._closed = False

    @property
    def returncode(self) -> int | None:
        """The exit code once the app has ended."""
        return self._returncode

    def _running(self) -> bool:
        if self._closed or self._returncode is not None or self._status.done():
            return False
        if self._pidfd is None:
            return True
        readable, _, _ = select.select([self._pidfd], [], [], 0)
        return not readable  # a pidfd turns readable when its process ends

    async def wait(self) -> int:
        """Wait for the zygote's report (or, if the zygote died, for the process to end)."""
        code = await self._status
        if code is None:
            await self._ended()
            log.warning("app pid %d: its exit status was lost with the zygote", self.pid)
            code = LOST_STATUS
        self._returncode = code
        return code

    async def _ended(self) -> None:
        if self._pidfd is None:
            while pid_exists(self.pid):
                await asyncio.sleep(0.5)
            return
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        loop.add_reader(self._pidfd, lambda: done.done() or done.set_result(None))
        try:
            await done
        finally:
            loop.remove_reader(self._pidfd)

    def signal_group(self, signum: int) -> None:
        """Signal the app's process group while the app runs (checked on its pidfd)."""
        if not self._running():
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signum)

    def close(self) -> None:
        """Close the pidfd; the process is not signalled from now on."""
        self._closed = True
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None


def pid_exists(pid: int) -> bool:
    """Whether a process with ``pid`` exists (ours to signal or not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

