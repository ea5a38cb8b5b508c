"""Shown instead of the layout while the terminal is smaller than the app needs."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""The narrowest terminal the layout is made for (columns)."""

MIN_HEIGHT = 16
"""The lowest terminal the layout is made for (rows)."""


def too_small_message(width: int, height: int) -> str:
    """What to tell the user, with the terminal's current size."""
    return (f"Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} "
            f"(now {width}×{height}).\n\nq quits.")


def is_too_small(width: int, height: int) -> bool:
    """True when a ``width`` × ``height`` terminal cannot hold the layout."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """A plain message; the app removes it as soon as the terminal is big enough."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen > Static {
        width: 1fr;
        height: auto;
        text-align: center;
        text-style: bold;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        """The message."""
        yield Static(too_small_message(*self.app.size), id="too-small-message", markup=False)

    def show_size(self, width: int, height: int) -> None:
        """Update the message for the new size."""
        self.query_one("#too-small-message", Static).update(too_small_message(width, height))

    def on_screen_resume(self) -> None:
        """Back on top (a screen opened over it closed): gone if the size is fine now."""
        if not is_too_small(*self.app.size):
            self.dismiss()

    @property
    def message(self) -> str:
        """The message as shown."""
        return str(self.query_one("#too-small-message", Static).content)


class SizeGuard:
    """Puts a :class:`TooSmallScreen` over the app while its terminal is too small.

    The app calls :meth:`check` with each new size. The screen closes itself with the
    public screen API: at once when it is on top, else when it is back on top.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._screen: TooSmallScreen | None = None

    @property
    def active(self) -> bool:
        """True while the too-small message is shown (or about to be)."""
        return self._screen is not None

    def check(self, width: int, height: int) -> None:
        """Show, update or remove the message for a ``width`` × ``height`` terminal."""
        if is_too_small(width, height):
            if self._screen is None:
                self._screen = TooSmallScreen()
                self._app.push_screen(self._screen)
            elif self._screen.is_mounted:
                self._screen.show_size(width, height)
        elif self._screen is not None:
            screen, self._screen = self._screen, None
            if self._app.screen is screen:
                screen.dismiss()
            # else a screen was opened over it: it closes itself when back on top
