"""The first code each hosted session runs: limits, the controlling terminal, then the app.

Sessions normally fork from the zygote (:mod:`fasci_tui.serve.zygote`), which uses this
module's functions (:func:`run_entry` is the one call into the app, warm or cold). When
a session starts cold (``serve ssh --cold-start``, or no zygote can serve), the SSH
server starts it as ``python -m fasci_tui.serve.child [OPTIONS] [PLACE]``
in a new session (``setsid``) with the pseudo-terminal's slave end as standard input and
output. Making that terminal the *controlling* terminal here (rather than in a
``preexec_fn``, which is unsafe in a threaded parent) means the kernel delivers SIGWINCH
when the server resizes the terminal and SIGHUP when the client goes away, exactly as
under sshd. The memory limit is set here too, before anything big is imported.

Options (before the app's own arguments):

- ``--memory-mib N``: limit this process's data (RLIMIT_DATA, soft and hard) to N MiB, so a
  runaway app fails alone instead of taking the machine's memory.
- ``--entry MODULE`` or ``--entry MODULE:FUNCTION``: what to run, handed over by the
  server (nothing here imports the command line): a module is run as ``python -m MODULE``
  would, a function is called with the remaining arguments and returns the exit status.
  Without it, ``fasci_tui`` (the package's own ``python -m`` entry point) runs.
- ``--exec PROGRAM ARGS...``: run another program instead (the tests' stand-in app).
"""

from __future__ import annotations

import fcntl
import importlib
import os
import resource
import runpy
import sys
import termios

DEFAULT_ENTRY = "fasci_tui"
MIB = 1024 * 1024


def take_controlling_terminal(fd: int = 0) -> None:
    """Make the terminal on ``fd`` this session's controlling terminal (best effort)."""
    try:
        if os.getsid(0) != os.getpid():
            os.setsid()
        fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
    except OSError:
        pass  # not a terminal, or already ours: the app still runs, only without SIGWINCH


def limit_memory(mib: int) -> None:
    """Cap this process's data segment (heap and private mappings) at ``mib`` MiB."""
    limit = mib * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def run_entry(entry: str, args: list[str]) -> int:
    """Run ``MODULE`` as ``python -m`` would, or call ``MODULE:FUNCTION(args)``; its status."""
    module, _, function = entry.partition(":")
    if function:
        return int(getattr(importlib.import_module(module), function)(args) or 0)
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the app's exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    entry = DEFAULT_ENTRY
    while args[:1] in (["--memory-mib"], ["--entry"]):
        if len(args) < 2:
            print(f"fasci-tui: {args[0]} needs a value", file=sys.stderr)
            return 2
        elif args[0] == "--memory-mib":
            limit_memory(int(args[1]))
            args = args[2:]
        else:
            entry, args = args[1], args[2:]
    take_controlling_terminal(0)
    if args[:1] == ["--exec"] and len(args) > 1:
        os.execvp(args[1], args[1:])
    return run_entry(entry, args)


if __name__ == "__main__":
    raise SystemExit(main())
