"""What the command line writes: exit codes, one-line errors, stdout that survives a
closed pipe or a full disk, and text a narrow locale (``LANG=C``) can still print.

Every ``fasci-tui`` command writes through here; nothing here imports Textual.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
"""Exit codes: done; a problem with the data, the log or the output; a usage error."""


def error(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"fasci-tui: {message}", file=sys.stderr)


def emit(text: str) -> int:
    """Write ``text`` to stdout: EXIT_OK, or EXIT_PROBLEMS after saying why it could not.

    A reader that stops early (``| head``) is fine; a full disk or a closed stdout gets
    one line on stderr instead of a traceback.
    """
    if sys.stdout is None:
        error("standard output is closed; nothing to write to")
        return EXIT_PROBLEMS
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `| head`: the reader has all it wants
        _discard_stdout()
    except OSError as exc:
        _discard_stdout()
        error(f"cannot write the output: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    return EXIT_OK


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def terminal_width() -> int:
    """The terminal's width in columns (80 when stdout is not a terminal)."""
    if sys.stdout is None or not sys.stdout.isatty():
        return 80
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 80


ASCII_FALLBACK = {
    "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "·": "*",
    "•": "*", "×": "x", "←": "<-", "→": "->", "↑": "^", "↓": "v", "≡": "=", "µ": "u",
    "▸": ">", "▾": "v", "▲": "^", "▼": "v", "░": ".", "█": "#",
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅛": "1/8",
}
"""Plain stand-ins for the typographic characters the text uses."""

_FALLBACK_ERRORS = "fasci-tui-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: an ASCII stand-in for what the output cannot encode."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(_ascii(c) for c in bad), error.end


def _ascii(char: str) -> str:
    """One character's plain stand-in, the same width (box lines keep the app's layout)."""
    if char in ASCII_FALLBACK:
        return ASCII_FALLBACK[char]
    import unicodedata  # only ever needed on a narrow terminal

    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        across, down = "HORIZONTAL" in name, "VERTICAL" in name
        return "-" if across and not down else "|" if down and not across else "+"
    if "BLOCK" in name:
        return "#"
    if "SHADE" in name:
        return "."
    return "?"


def tolerate_narrow_output() -> None:
    """Let stdout and stderr print any text, whatever the locale's encoding.

    Under ``LANG=C`` without Python's UTF-8 mode (or ``PYTHONIOENCODING=ascii``), stdout
    cannot encode "–" and printing would raise UnicodeEncodeError; such characters are
    then written as plain stand-ins ("-") instead. UTF-8 streams are left as they are.
    """
    codecs.register_error(_FALLBACK_ERRORS, _fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding in ("utf8", "utf8sig") or not hasattr(stream, "reconfigure"):
            continue
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors=_FALLBACK_ERRORS)
