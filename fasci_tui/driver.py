"""The terminal driver: Textual's own, writing through :class:`OutputCompactor`.

The compactor remembers what the screen shows; ``forget_screen()`` (the app calls it
on a resize and on ctrl+l) makes it send the next frame in full.

Only Textual's Linux/macOS terminal driver is wrapped. A driver chosen through
``TEXTUAL_DRIVER`` (``fasci-tui serve web`` uses one), the Windows driver and the
headless driver of tests are used as they are. ``FASCI_TUI_RAW_OUTPUT=1`` turns the
compaction off, to compare or to rule it out when something looks wrong.
"""

from __future__ import annotations

import os
from typing import Any

from textual.driver import Driver

from fasci_tui.output import OutputCompactor

RAW_OUTPUT_ENV = "FASCI_TUI_RAW_OUTPUT"
"""Set to 1 to write Textual's output unchanged."""


def compact_driver_class(driver_class: type[Driver],
                         environ: dict[str, str] | None = None) -> type[Driver]:
    """``driver_class``, or a subclass writing compacted output if it is the terminal driver."""
    env = os.environ if environ is None else environ
    if env.get(RAW_OUTPUT_ENV, "") not in ("", "0"):
        return driver_class
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # pragma: no cover - Windows has no termios
        return driver_class
    if driver_class is not LinuxDriver:
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
