"""The terminal driver: Textual's own, writing through :class:`OutputCompactor`.

The compactor remembers what the screen shows; ``forget_screen()`` (the app calls it
on a resize and on ctrl+l) makes it send the next frame in full.

Only Textual's Linux/macOS terminal driver is wrapped. A driver chosen through
``TEXTUAL_DRIVER`` (``fasci-tui serve web`` uses one), the Windows driver and the
headless driver of tests are used as they are. ``FASCI_TUI_RAW_OUTPUT=1`` turns the
compaction off, to compare or to rule it out when something looks wrong.

In a terminal, the size the terminal reports wins over ``COLUMNS``/``LINES`` left in the
environment (Textual asks :func:`shutil.get_terminal_size`, which prefers them):
``COLUMNS=1 LINES=1`` would otherwise blank an 80×24 terminal and ignore every resize.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, MutableMapping
from typing import Any

from textual.driver import Driver

from fasci_tui.output import OutputCompactor

RAW_OUTPUT_ENV = "FASCI_TUI_RAW_OUTPUT"
"""Set to 1 to write Textual's output unchanged."""


SIZE_OVERRIDES = ("COLUMNS", "LINES")
"""Variables that :func:`shutil.get_terminal_size` prefers to the terminal's own size."""


def real_terminal_size() -> os.terminal_size:
    """The size of the terminal on standard output (or input, or error); OSError if none."""
    for stream in (sys.__stdout__, sys.__stdin__, sys.__stderr__):
        try:
            if stream is not None:
                return os.get_terminal_size(stream.fileno())
        except (OSError, ValueError):
            continue
    raise OSError("no terminal on standard input, output or error")


def ignore_size_overrides(
        environ: MutableMapping[str, str] | None = None,
        terminal_size: Callable[[], os.terminal_size] = real_terminal_size) -> None:
    """Drop ``COLUMNS``/``LINES`` from ``environ`` when the terminal reports a real size.

    They stay when there is no terminal, or it reports 0×0 (some serial consoles), since
    then they are the only clue.
    """
    env = os.environ if environ is None else environ
    if not any(name in env for name in SIZE_OVERRIDES):
        return
    try:
        columns, lines = terminal_size()
    except OSError:
        return
    if columns > 0 and lines > 0:
        for name in SIZE_OVERRIDES:
            env.pop(name, None)


def compact_driver_class(driver_class: type[Driver],
                         environ: dict[str, str] | None = None) -> type[Driver]:
    """``driver_class``, or a subclass writing compacted output if it is the terminal driver.

    For the terminal driver, the terminal's size also wins (:func:`ignore_size_overrides`).
    """
    env = os.environ if environ is None else environ
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # pragma: no cover - Windows has no termios
        return driver_class
    if driver_class is not LinuxDriver:
        return driver_class
    ignore_size_overrides(env)
    if env.get(RAW_OUTPUT_ENV, "") not in ("", "0"):
        return driver_class

    class CompactLinuxDriver(LinuxDriver):
        """Textual's Linux/macOS driver, writing fewer bytes for the same screen."""

        def __init__(self, app: Any, **kwargs: Any) -> None:
            super().__init__(app, **kwargs)
            self._compactor = OutputCompactor()

        def write(self, data: str) -> None:
            """Write ``data`` compacted (the terminal ends in the same state)."""
            super().write(self._compactor.feed(data))

        def forget_screen(self) -> None:
            """The terminal may not show what was sent (resized, or garbled by another
            program): send the next frame in full."""
            self._compactor.forget()

    return CompactLinuxDriver
