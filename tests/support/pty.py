"""Run a program on a pseudo-terminal, read what it draws, and time it.

The child gets a real pty of a given size and every chunk it writes is timestamped, so
the tests can wait for text on screen (CI has no terminal) and the benchmarks
(benchmarks/pty_harness.py) can measure "time to first screen" and "bytes and time until
output settles" the same way for the app and for a baseline.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Chunk:
    """Bytes read from the terminal and when (seconds, monotonic)."""

    at: float
    data: bytes


@dataclass
class PtyProcess:
    """A child process attached to a pseudo-terminal."""

    pid: int
    fd: int
    started: float
    chunks: list[Chunk] = field(default_factory=list)

    def read_for(self, quiet: float, limit: float) -> list[Chunk]:
        """Read until nothing arrives for ``quiet`` seconds (or ``limit`` passes)."""
        got: list[Chunk] = []
        deadline = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < deadline:
            wait = max(0.0, min(quiet - (time.monotonic() - last), deadline - time.monotonic()))
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                if time.monotonic() - last >= quiet:
                    break
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            last = time.monotonic()
            got.append(Chunk(last, data))
        self.chunks += got
        return got

    def wait_for(self, marker: bytes, limit: float = 20.0) -> float | None:
        """Seconds from start until ``marker`` has been written, or None on time-out."""
        seen = b"".join(c.data for c in self.chunks)
        deadline = time.monotonic() + limit
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return None
                self.chunks.append(Chunk(time.monotonic(), data))
                seen += data
        if marker not in seen:
            return None
        total = b""
        for chunk in self.chunks:
            total += chunk.data
            if marker in total:
                return chunk.at - self.started
        return None  # pragma: no cover

    def send(self, data: bytes) -> float:
        """Write keys to the terminal; return when they were sent."""
        os.write(self.fd, data)
        return time.monotonic()

    def rss_kib(self) -> int:
        """Resident memory of the child in KiB (Linux)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self) -> None:
        """Stop the child and close the terminal."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def spawn(argv: Sequence[str], cols: int = 80, rows: int = 24,
          env: dict[str, str] | None = None) -> PtyProcess:
    """Start ``argv`` on a new pseudo-terminal of ``cols``×``rows``."""
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols),
                "LINES": str(rows), **(env or {})}
    started = time.monotonic()
    pid, fd = os.forkpty()
    if pid == 0:  # child
        try:
            os.execvpe(argv[0], list(argv), full_env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return PtyProcess(pid, fd, started)


ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)"
                  r"|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78cDEHM])")
"""Escape sequences (CSI, OSC, DCS and the short ones), to read what was drawn as text."""


def screen_text(proc: PtyProcess) -> str:
    """Everything the program wrote so far, without escape sequences."""
    raw = b"".join(chunk.data for chunk in proc.chunks).decode("utf-8", "replace")
    return ANSI.sub("", raw)


def wait_text(proc: PtyProcess, text: str, limit: float = 30.0) -> bool:
    """Read until ``text`` has been drawn (escape sequences ignored) or ``limit`` passes."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if text in screen_text(proc):
            return True
        proc.read_for(0.05, 0.5)
    return text in screen_text(proc)


def wait_exit(proc: PtyProcess, limit: float = 20.0) -> int | None:
    """The exit code once the program has ended (reading its last output), or None on
    time-out."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pid, status = os.waitpid(proc.pid, os.WNOHANG)
        if pid:
            proc.read_for(0.05, 0.5)
            return os.waitstatus_to_exitcode(status)
        proc.read_for(0.05, 0.2)
    return None


def finish(proc: PtyProcess) -> None:
    """Stop the program if it still runs (it may have been reaped already) and close its
    terminal."""
    try:
        ended = os.waitpid(proc.pid, os.WNOHANG)[0] != 0
    except ChildProcessError:  # already reaped (wait_exit, or a kill and wait)
        ended = True
    if ended:
        os.close(proc.fd)
    else:
        proc.close()  # SIGTERM, then SIGKILL; closes the pty
