"""Run a piece of a test as an unprivileged user, so permission checks really apply.

Tests run as root here, and root reads and writes anything. :func:`run_as_nobody` forks;
the child drops to uid/gid 65534 (``nobody``) when it is root, runs the function and
sends back the text it returns. The child cannot import anything new (the interpreter's
own library may be unreadable to ``nobody``), so modules it needs are imported first.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import select
import shutil
import stat
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

NOBODY = 65534

PRELOAD = ("locale", "gettext", "difflib", "linecache", "traceback", "argparse",
           "fasci_tui.cli", "fasci_tui.content.loader", "fasci_tui.content.text",
           "fasci_tui.content.cache", "fasci_tui.state", "platformdirs", "yaml")


def run_as_nobody(func: Callable[[], str], timeout: float = 30.0) -> str:
    """``func()`` run in a child process as ``nobody`` (or as is, when not root)."""
    for name in PRELOAD:
        importlib.import_module(name)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            result = func()
        except BaseException:  # noqa: BLE001 - reported to the parent
            result, code = "child failed:\n" + traceback.format_exc(), 1
        try:
            os.write(write_end, result.encode("utf-8", "replace"))
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([pipe], [], [], 0.1)
            if ready:
                data = pipe.read(65536)
                if not data:
                    break
                chunks.append(data)
        else:
            os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8")
    assert os.waitstatus_to_exitcode(status) == 0, text
    return text


def captured(func: Callable[[], object]) -> str:
    """Call ``func`` with stdout and stderr captured; return both and its result, as text."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = func()
    return f"result: {result!r}\nstdout:\n{out.getvalue()}\nstderr:\n{err.getvalue()}"


@contextlib.contextmanager
def shared_tmp() -> Iterator[Path]:
    """A temporary directory that ``nobody`` can reach (pytest's tmp_path is 0700 for root)."""
    path = Path(tempfile.mkdtemp(prefix="fasci-tui-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for sub in [path, *path.rglob("*")]:
            with contextlib.suppress(OSError):
                if not sub.is_symlink():
                    sub.chmod(sub.stat().st_mode | stat.S_IRWXU)
        shutil.rmtree(path, ignore_errors=True)
