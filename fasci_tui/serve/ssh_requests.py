"""What an SSH client asks of a session, checked: the place, the terminal, its size, the env.

Everything here is plain functions of the client's request, so each rule is testable on
its own: an exec request may only name a place in the app; TERM must look like a
terminal name; window sizes are clamped; the app's environment is built from the
allow-lists in :mod:`fasci_tui.serve.limits` and nothing else.
"""

from __future__ import annotations

import fcntl
import re
import struct
import termios
from pathlib import Path

import fasci_tui
from fasci_tui.content.model import Content
from fasci_tui.content.paths import DATA_ENV
from fasci_tui.serve.limits import MAX_COLUMNS, MAX_ROWS, client_env_allowed, server_env
from fasci_tui.state import STATE_ENV
from fasci_tui.target import SECTIONS

EXIT_USAGE = 2
"""Exit status for a refused request: no terminal, or an unknown place."""
EXIT_BUSY = 75
"""Exit status when a limit refuses a session (EX_TEMPFAIL: try again later)."""
EXIT_TIMEOUT = 124
"""Exit status when the idle time-out or the session-length cap ends a session."""
EXIT_FAILED = 1
"""Exit status when the app could not start or the server shut down."""

NEEDS_TERMINAL = ("fasci-tui needs a terminal: connect with ssh -t "
                  "(for example: ssh -t -p PORT HOST, or ssh -t -p PORT HOST magnesium)")
DEFAULT_TERM = "xterm-256color"

_TERM_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")

TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reporting off
    "\x1b[?1004l\x1b[?2004l"  # focus events and bracketed paste off
    "\x1b[<u"  # pop the kitty keyboard mode
    "\x1b[0m\x1b[?25h\x1b[?1049l"  # plain colours, cursor shown, main screen
)
"""Written after an app that did not exit by itself, so the client's terminal is usable."""


def resolve_place(content: Content, command: str | None) -> tuple[str | None, str | None]:
    """The place an exec request names, as ``(place, None)``, or ``(None, refusal)``.

    No command (a shell request, or an empty one) opens the overview: ``(None, None)``.
    """
    words = (command or "").split()
    if not words:
        return None, None
    if len(words) == 1 and len(words[0]) <= 64:
        key = words[0].lower()
        if key in SECTIONS:
            return key, None
        nutrient = content.find_nutrient(words[0])
        if nutrient is not None:
            return nutrient.id, None
    shown = command.strip() if command else ""
    if len(shown) > 40:
        shown = shown[:40] + "..."
    ids = ", ".join(n.id for n in content.nutrients)
    return None, (f"fasci-tui: no place called {shown!r}; try a nutrient ({ids}) "
                  f"or one of: {', '.join(SECTIONS)}")


def safe_term(term_type: str | None) -> str:
    """The client's TERM when it looks like a terminal name, else a sensible default."""
    if term_type and _TERM_RE.fullmatch(term_type):
        return term_type
    return DEFAULT_TERM


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A window size the app can draw: 0 (unknown) becomes 80×24, huge sizes are capped."""
    width = width if width > 0 else 80
    height = height if height > 0 else 24
    return min(width, MAX_COLUMNS), min(height, MAX_ROWS)


def base_environment(data_dir: Path | None) -> dict[str, str]:
    """What every process the server starts may see: the allow-listed server variables,
    this package on PYTHONPATH, and the data directory."""
    env = server_env()
    package_root = str(Path(fasci_tui.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = ":".join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    if data_dir is not None:
        env[DATA_ENV] = str(data_dir)
    return env


def child_environment(term: str, client_env: dict[str, str], state_path: Path,
                      data_dir: Path | None) -> dict[str, str]:
    """The whole environment of one app process: only the allow-listed names get through."""
    env = base_environment(data_dir)
    for name, value in client_env.items():
        if client_env_allowed(name, value):
            env[name] = value
    env["TERM"] = term
    env[STATE_ENV] = str(state_path)
    return env


def set_winsize(fd: int, width: int, height: int) -> None:
    """Tell the terminal on ``fd`` its size (its process group gets SIGWINCH)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


def exit_status(returncode: int) -> int:
    """A process's return code as a shell would report it (128 + signal when killed)."""
    return 128 - returncode if returncode < 0 else returncode
