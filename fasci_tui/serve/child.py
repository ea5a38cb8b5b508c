"""The first code each hosted SSH session runs: take the pty as controlling terminal, then the app.

The server starts every session as ``python -m fasci_tui.serve.child [PLACE]`` in a new
session (``setsid``) with the pseudo-terminal's slave end as standard input and output.
Making that terminal the *controlling* terminal here (rather than in a ``preexec_fn``,
which is unsafe in a threaded parent) means the kernel delivers SIGWINCH when the server
resizes the terminal and SIGHUP when the client goes away, exactly as under sshd. Then
the ordinary command line runs (``fasci_tui.cli.main``), in this same process.

``--exec PROGRAM ARGS...`` runs another program instead (the tests' stand-in app).
``--web`` is for textual-serve's pages (no terminal at all): each page gets a state
directory of its own, removed when the page's app ends.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
import termios


def take_controlling_terminal(fd: int = 0) -> None:
    """Make the terminal on ``fd`` this session's controlling terminal (best effort)."""
    try:
        if os.getsid(0) != os.getpid():
            os.setsid()
        fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
    except OSError:
        pass  # not a terminal, or already ours: the app still runs, only without SIGWINCH


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the app's exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] != ["--web"]:
        take_controlling_terminal(0)
        if args[:1] == ["--exec"] and len(args) > 1:
            os.execvp(args[1], args[1:])
    from fasci_tui.cli import main as cli_main

    if args[:1] != ["--web"]:
        return cli_main(args)
    from fasci_tui.state import STATE_ENV

    state = tempfile.mkdtemp(prefix="fasci-tui-web-")
    os.environ[STATE_ENV] = state
    try:
        return cli_main(args[1:])
    finally:
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
