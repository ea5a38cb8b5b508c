"""The zygote: a warmed, single-threaded process that forks one child per SSH session.

Starting Python, importing Textual and the app and loading the content took each session
about a second of CPU; fifty arriving together waited some ten seconds for a screen. The
SSH server therefore starts this process once (``python -m fasci_tui.serve.zygote --fd N
--parent PID``, see :mod:`fasci_tui.serve.zygote_link`): it imports all of that, loads
the content, runs one session's start headless (:mod:`fasci_tui.app_rehearsal`, which
fills the caches every first screen fills), freezes what it made (``gc.freeze``, so no
collection touches those pages and they stay shared copy-on-write with every child), and
then waits on its socket for ``spawn`` requests. Each request carries the session's pty
(its slave end, by SCM_RIGHTS), the environment, the working directory, the memory limit
and what to run. The zygote forks; the child becomes a session of its own on that pty
(setsid, TIOCSCTTY), takes the environment, the memory limit (RLIMIT_DATA) and fresh
standard streams, closes every other descriptor and runs the app's one entry function,
the very one a cold start runs (:func:`fasci_tui.serve.child.run_entry`). One process
per session, as before.

The zygote has no event loop and no threads (it checks: forking a process with threads
is unsafe), never sees the server's host key, dies with the server (PR_SET_PDEATHSIG, and
the socket's end of stream), reaps its children and reports each one's exit status, and
sends each child's pidfd so the server can signal it without a race on a reused pid. Each
child loads the content the usual way, which compares the data files' size and times
(stat), so it sees any change on disk; when nothing changed it takes the zygote's copy.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import gc
import importlib
import io
import locale
import os
import select
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fasci_tui.serve import zygote_protocol as protocol
from fasci_tui.serve.child import DEFAULT_ENTRY, limit_memory, run_entry, take_controlling_terminal

PR_SET_PDEATHSIG = 1
WARM_MODULES = ("fasci_tui.cli", "fasci_tui.app", "textual.drivers.linux_driver",
                "textual._xterm_parser", "textual.scrollbar", "textual.pilot",
                "textual.layouts.factory", "textual.layouts.horizontal",
                "textual.layouts.vertical", "textual.layouts.grid", "textual.layouts.stream")
"""What every session's app imports as it starts, imported once here (besides every module
of the package but the servers'); a name that is missing is skipped."""


def die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the server dies; exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        raise SystemExit(0)


def app_modules() -> list[str]:
    """Every module of the ``fasci_tui`` package but the servers (``fasci_tui.serve``)."""
    import pkgutil

    import fasci_tui

    names = []
    for info in pkgutil.walk_packages(fasci_tui.__path__, "fasci_tui.",
                                      onerror=lambda _name: None):
        if not (info.name.startswith("fasci_tui.serve") or info.name.endswith("__main__")):
            names.append(info.name)
    return names


def warm(rehearse_first: bool = True) -> list[str]:
    """Import what the app needs, load the content once and rehearse a session's start
    (:mod:`fasci_tui.app_rehearsal`); the problems met, if any."""
    problems = []
    for name in [*WARM_MODULES, *app_modules()]:
        try:
            __import__(name)
        except Exception as exc:  # noqa: BLE001 - the children import it again and say why
            problems.append(f"importing {name}: {type(exc).__name__}: {exc}")
    try:
        from fasci_tui.content.cache import load_cached
        from fasci_tui.content.paths import resolve_data_dir

        content = load_cached(resolve_data_dir())  # fills the on-disk cache children read
        from rich.cells import cell_len

        cell_len("\u4e2d\u00e9")  # a wide character: loads the table of character widths
    except Exception as exc:  # noqa: BLE001 - each child reports bad data to its client
        problems.append(f"loading the content: {type(exc).__name__}: {exc}")
        return problems
    if rehearse_first:  # the app's module, imported by name as above (not in the server)
        rehearse = importlib.import_module("fasci_tui.app_rehearsal").rehearse
        problem = rehearse(content)  # caches every first screen fills, filled once here
        if problem is not None:
            problems.append(problem)
    return problems


@dataclass
class Request:
    """One ``spawn`` request, checked: what the forked child is to become."""

    id: int
    env: dict[str, str]
    cwd: str
    args: list[str]
    entry: str = DEFAULT_ENTRY
    exec_argv: list[str] = field(default_factory=list)
    memory_mib: int = 0

    @classmethod
    def parse(cls, message: dict[str, Any]) -> Request:
        """The request in ``message``; ValueError when a field is missing or of a wrong type."""
        env, args, exec_argv = message.get("env"), message.get("args"), message.get("exec", [])
        number, cwd = message.get("id"), message.get("cwd")
        entry, memory = message.get("entry", DEFAULT_ENTRY), message.get("memory_mib", 0)
        if not (isinstance(number, int) and isinstance(cwd, str) and isinstance(entry, str)
                and isinstance(memory, int) and memory >= 0
                and isinstance(env, dict) and _strings(list(env)) and _strings(list(env.values()))
                and isinstance(args, list) and _strings(args)
                and isinstance(exec_argv, list) and _strings(exec_argv)):
            raise ValueError("a spawn request needs id, env, cwd, args (and entry, exec, "
                             "memory_mib of the right types)")
        return cls(number, dict(env), cwd, list(args), entry, list(exec_argv), memory)


def _strings(values: list[Any]) -> bool:
    return all(isinstance(value, str) and "\0" not in value for value in values)


@dataclass
class ChildJob:
    """What a freshly forked child does: become its session's app (runs once, never returns
    to the zygote's loop)."""

    request: Request
    terminal: int
    zygote_fds: list[int]

    def run(self) -> int:
        """Set the process up as the session's and run the app; its exit status."""
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            protocol.close_all(self.zygote_fds)
            self._take_terminal()
            os.environ.clear()
            os.environ.update(self.request.env)
            time.tzset()
            os.chdir(self.request.cwd)
            if self.request.memory_mib:
                limit_memory(self.request.memory_mib)
            fresh_standard_streams()
        except Exception as exc:  # noqa: BLE001 - say why in one line, never run on
            with contextlib.suppress(OSError):
                os.write(2, f"fasci-tui: this session could not be set up ({exc}); please "
                            "try again later.\r\n".encode("utf-8", "replace"))
            return 1
        if self.request.exec_argv:
            os.execvp(self.request.exec_argv[0], self.request.exec_argv)
        return run_entry(self.request.entry, self.request.args)

    def _take_terminal(self) -> None:
        take_controlling_terminal(self.terminal)  # a session of its own (setsid) first
        for target in (0, 1, 2):
            os.dup2(self.terminal, target)
        if self.terminal > 2:
            os.close(self.terminal)
        os.closerange(3, _max_fd())


def _max_fd() -> int:
    try:
        return min(int(os.sysconf("SC_OPEN_MAX")), 1 << 20)
    except (OSError, ValueError):
        return 4096


def fresh_standard_streams() -> None:
    """New sys.stdin/stdout/stderr on fds 0-2, encoded as a fresh Python would choose.

    The zygote's own streams were made for /dev/null and a pipe; the session's are its
    terminal. The encoding follows the session's locale (LANG, LC_*), and a C or POSIX
    locale means UTF-8, as Python's own locale coercion does at start-up.
    """
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")
    codeset = (locale.nl_langinfo(locale.CODESET) or "").upper()
    coerced = codeset in ("", "ANSI_X3.4-1968", "ASCII", "US-ASCII")
    encoding = "utf-8" if coerced or sys.flags.utf8_mode else codeset.lower()
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    errors = "surrogateescape" if coerced or sys.flags.utf8_mode else "strict"
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(
        io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding, errors)
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding, errors,
        line_buffering=True)
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding, "backslashreplace",
        line_buffering=True)


class Zygote:
    """The loop: wait for requests and children's deaths; fork for each request."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    def serve(self) -> ChildJob | None:
        """Serve until the server goes (None); in a forked child, return its job."""
        signal.set_wakeup_fd(self._wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # the wake-up fd does the work
        while True:
            ready, _, _ = select.select([self.sock, self._wake_r], [], [])
            if self._wake_r in ready:
                with contextlib.suppress(BlockingIOError):
                    while os.read(self._wake_r, 512):
                        pass
                self.reap()
            if self.sock in ready:
                message, fds = protocol.receive(self.sock)
                if message is None:
                    self.reap()
                    return None  # the server closed its end: it is gone or shutting down
                if message["op"] == "spawn":
                    job = self.spawn(message, fds)
                    if job is not None:
                        return job
                else:
                    protocol.close_all(fds)

    def reap(self) -> None:
        """Collect every child that has ended and tell the server its exit status."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self._tell({"op": "exited", "pid": pid, "code": os.waitstatus_to_exitcode(status)})

    def spawn(self, message: dict[str, Any], fds: list[int]) -> ChildJob | None:
        """Fork a child for the request; in the child, return its job (else None)."""
        number = message.get("id")
        if len(fds) != 1:
            protocol.close_all(fds)
            self._tell({"op": "failed", "id": number, "error": "no terminal came with it"})
            return None
        try:
            request = Request.parse(message)
        except ValueError as exc:
            protocol.close_all(fds)
            self._tell({"op": "failed", "id": number, "error": str(exc)})
            return None
        if threading.active_count() != 1:  # never fork a process with threads
            protocol.close_all(fds)
            self._tell({"op": "failed", "id": number, "error": "the zygote has threads"})
            return None
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        gc.freeze()
        try:
            pid = os.fork()
        except OSError as exc:
            protocol.close_all(fds)
            self._tell({"op": "failed", "id": number, "error": f"fork: {exc}"})
            return None
        if pid == 0:
            return ChildJob(request, fds[0], [self.sock.fileno(), self._wake_r, self._wake_w])
        os.close(fds[0])
        pidfds = []
        with contextlib.suppress(OSError, AttributeError):
            pidfds.append(os.pidfd_open(pid))
        self._tell({"op": "spawned", "id": request.id, "pid": pid}, pidfds)
        protocol.close_all(pidfds)
        return None

    def _tell(self, message: dict[str, Any], fds: list[int] | None = None) -> None:
        with contextlib.suppress(OSError):
            protocol.send(self.sock, message, fds)


def main(argv: list[str] | None = None) -> int:
    """``python -m fasci_tui.serve.zygote --fd N --parent PID``; the exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        fd = int(args[args.index("--fd") + 1])
        parent = int(args[args.index("--parent") + 1])
    except (ValueError, IndexError):
        print("usage: python -m fasci_tui.serve.zygote --fd N --parent PID", file=sys.stderr)
        return 2
    die_with_parent(parent)
    sock = socket.socket(fileno=fd)
    sock.setblocking(True)
    began = time.monotonic()
    problems = warm()
    gc.collect()
    gc.freeze()
    zygote = Zygote(sock)
    zygote._tell({"op": "ready", "pid": os.getpid(), "problems": problems,
                  "ms": round((time.monotonic() - began) * 1000),
                  "threads": threading.active_count()})
    job = zygote.serve()
    if job is None:
        return 0
    return job.run()  # the forked child, which leaves here as a fresh app process would


if __name__ == "__main__":
    raise SystemExit(main())
