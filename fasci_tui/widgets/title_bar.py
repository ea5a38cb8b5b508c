"""The header line: an icon, and the app's title with where you are, centred.

Looks like Textual's Header (same layout and styles), but it is one widget whose line
is redrawn in the frame that changes the place: Textual's Header updates its title from
a watcher, a frame later, and lays the whole screen out to do it.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON_WIDTH = 8
"""Cells at the left for the icon (as Textual's HeaderIcon: width 8, padding 0 1)."""

RIGHT_WIDTH = 10
"""Cells left blank at the right (as Textual's HeaderClockSpace)."""


class TitleBar(Widget):
    """One line: ``icon`` at the left, ``title — where`` centred. A click on the icon
    opens the command palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, icon: str = "≡", **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._icon = icon
        self._where = ""

    @property
    def where(self) -> str:
        """Where you are, as shown after the title."""
        return self._where

    def show(self, where: str) -> None:
        """Show ``where`` after the title (a repaint of this line only)."""
        if where != self._where:
            self._where = where
            self.refresh()

    def render(self) -> Content:
        """The icon, and the title centred between the icon and the right margin."""
        middle = max(0, self.size.width - ICON_WIDTH - RIGHT_WIDTH)
        title = self.app.format_title(self.app.title, self._where)
        if title.cell_length > middle:
            title = title.truncate(max(0, middle - 1)) + "…" if middle else Content("")
        left = (middle - title.cell_length) // 2
        icon = Content(f" {self._icon}").pad_right(ICON_WIDTH - 1 - len(self._icon))
        return Content.assemble(icon, " " * left, title)

    async def on_click(self, event: events.Click) -> None:
        """The icon opens the command palette, as in Textual's Header."""
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")
