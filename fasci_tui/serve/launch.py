"""Starting one session's app on a pty of its own: forked from the zygote, or cold.

:class:`Launcher` opens the session's pseudo-terminal and asks the zygote (through
:class:`~fasci_tui.serve.zygote_link.WarmStarter`) for a child on it; when no zygote can
serve (it is starting, dead, or warm starts are off) the app starts cold, as
``python -m fasci_tui.serve.child``, on a fresh pty. Either way the app is one process
leading its own session on its own terminal, with the session's environment, working
directory and memory limit.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fasci_tui.serve.app_process import AppProcess, ColdApp
from fasci_tui.serve.ssh_requests import base_environment, set_winsize
from fasci_tui.serve.start_gate import StartGate
from fasci_tui.serve.zygote_link import WarmStarter


@dataclass(frozen=True)
class AppSpec:
    """What every session's app is: the server's settings that shape each app process."""

    cold_argv: Sequence[str]
    """The cold start's command line, without the place."""
    entry: str
    """The app's entry (``MODULE`` or ``MODULE:FUNCTION``), the same for warm and cold."""
    exec_argv: Sequence[str] = ()
    """A program run instead of the app (the tests' stand-in); the place is appended."""
    memory_mib: int = 0
    data_dir: Path | None = None


def open_pty(width: int, height: int) -> tuple[int, int]:
    """A new pseudo-terminal of this size: (master, non-blocking; slave)."""
    master, slave = os.openpty()
    try:
        set_winsize(master, width, height)
        os.set_blocking(master, False)
    except OSError:
        os.close(master)
        os.close(slave)
        raise
    return master, slave


class Launcher:
    """Starts apps for sessions; keeps the zygote (when warm starts are on)."""

    def __init__(self, spec: AppSpec, warm: bool, cwd: Path) -> None:
        self.spec = spec
        self.gate = StartGate()
        """Sessions take a slot here before their app starts (see start_gate)."""
        self.warm = (WarmStarter(base_environment(spec.data_dir), str(cwd)) if warm
                     else None)

    async def start(self) -> None:
        """Start the zygote (it warms up in the background)."""
        if self.warm is not None:
            await self.warm.start()

    async def close(self) -> None:
        """Stop the zygote."""
        if self.warm is not None:
            await self.warm.close()

    async def launch(self, place: str | None, env: dict[str, str], cwd: Path,
                     size: tuple[int, int]) -> tuple[AppProcess, int]:
        """Start one app; returns it and its pty's master end. Raises OSError on failure."""
        args = [place] if place else []
        if self.warm is not None:
            master, slave = open_pty(*size)
            try:
                app = await self.warm.spawn({
                    "env": env, "cwd": str(cwd), "args": args, "entry": self.spec.entry,
                    "exec": [*self.spec.exec_argv, *args] if self.spec.exec_argv else [],
                    "memory_mib": self.spec.memory_mib,
                }, slave)
            except BaseException:
                os.close(master)
                raise
            finally:
                os.close(slave)
            if app is not None:
                return app, master
            os.close(master)  # a child may yet appear on that pty: it gets a hang-up
        return await self._cold(args, env, cwd, size)

    async def _cold(self, args: list[str], env: dict[str, str], cwd: Path,
                    size: tuple[int, int]) -> tuple[AppProcess, int]:
        master, slave = open_pty(*size)
        try:
            process = await asyncio.create_subprocess_exec(
                *self.spec.cold_argv, *args, stdin=slave, stdout=slave,
                stderr=slave,  # Textual draws on stderr
                env=env, cwd=str(cwd), start_new_session=True, close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return ColdApp(process), master
