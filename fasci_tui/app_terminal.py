"""The app and its terminal: the driver, resizes, a terminal too small, ctrl+l, SSH, quitting.

A mixin of :class:`fasci_tui.app.FasciApp`, kept apart so the app's module holds the
layout and navigation only.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.driver import Driver

from fasci_tui.runtime import over_ssh, quiet_cursors, reporting_driver
from fasci_tui.screens.too_small import SizeGuard
from fasci_tui.widgets.steady_screen import SteadyScreen


class TerminalActions(App[int]):
    """What the app does about its terminal (see the module doc)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ssh = over_ssh()
        """True in an SSH session: no animations, no blinking cursors."""
        if self.ssh:
            self.animation_level = "none"
        self.size_guard = SizeGuard(self)
        self.guard_size = False
        """Set once the app is up: from then on a resize may show the too-small notice."""
        self.quitting = False
        """True once :meth:`exit` was called: keys typed with ``q`` then do nothing."""
        self.terminal_driver: Driver | None = None
        """The driver writing to the terminal, once running (see :meth:`get_driver_class`)."""

    def get_default_screen(self) -> SteadyScreen:
        """The main screen: one that skips layouts for a size it already has."""
        return SteadyScreen(id="_default")

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; in a terminal, one that writes fewer bytes."""
        from fasci_tui.driver import compact_driver_class

        def started(driver: Driver) -> None:
            self.terminal_driver = driver

        return reporting_driver(compact_driver_class(super().get_driver_class()), started)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit; keys still arriving (``qf``, ``q?``) then open nothing."""
        self.quitting = True
        super().exit(*args, **kwargs)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Over SSH, stop text cursors from blinking."""
        if self.ssh:
            quiet_cursors(event.widget)

    def on_resize(self, event: events.Resize) -> None:
        """Send the next frame in full; swap the layout for a message while too small."""
        self.forget_screen()  # a resized terminal may have dropped or moved cells
        if self.guard_size:
            self.size_guard.check(event.size.width, event.size.height)

    def forget_screen(self) -> None:
        """Have the driver send the next frame in full (see fasci_tui/driver.py)."""
        forget = getattr(self.terminal_driver, "forget_screen", None)
        if callable(forget):
            forget()

    def action_redraw(self) -> None:
        """ctrl+l: draw the whole screen again (if another program garbled it)."""
        self.forget_screen()
        self.screen.refresh(repaint=True)
