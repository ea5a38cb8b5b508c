"""The main screen, which skips laying itself out again for a size it already has.

Textual's app forwards every Resize it receives to the screen, whether the size changed
or not, and the screen lays everything out again for each. A session's app receives the
terminal's size twice as it starts (from the driver, and from the app's own start-up)
and its screen got three of them just after the first frame, each a full layout and
repaint: some 15 ms of CPU per start that fifty sessions starting together spent in the
middle of each other's first screens. This screen lets a Resize through only when its
size differs from the one the screen was last laid out for (``Widget.outer_size``; its
``size`` already follows the app's), skipping the rest with ``Message.prevent_default``
(public API); the app's own ``on_resize`` (a resized terminal gets a full frame) is
untouched.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class SteadyScreen(Screen[None]):
    """A Screen that ignores a Resize to the size it already has."""

    def on_resize(self, event: events.Resize) -> None:
        """Skip Textual's layout when the size is unchanged (it already fits)."""
        if event.size == self.outer_size:
            event.prevent_default()
