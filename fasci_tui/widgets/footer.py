"""Textual's Footer, recomposed only when the keys it shows change.

Textual's Footer removes and mounts all its keys whenever the screen's bindings are
refreshed, whether or not they changed: with panes that refresh them on a keystroke
(the FAQ search), each keystroke cost a layout and a frame of its own some 50-100 ms
later. This subclass compares what it would show and lets Footer recompose only when
that differs (still after the next frame, as Footer does: the keystroke's own frame
comes first), and a recompose that would show the keys already shown does nothing (the
app shows the keys in its first frame; Footer then recomposed them all again after it,
some 30 ms of layout and drawing for nothing at every start). Public API only
(``Footer.bindings_changed``, ``Widget.recompose``, ``Screen.active_bindings``).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

ShownKey = tuple[str, str, str, str | None, bool, str]
"""A key as the footer shows it: key, action, description, key display, enabled, tooltip."""


def shown_keys(screen: Screen[Any]) -> tuple[ShownKey, ...]:
    """Every key the footer would show for ``screen``, in order (the palette key too)."""
    return tuple(
        (key, active.binding.action, active.binding.description, active.binding.key_display,
         active.enabled, active.tooltip)
        for key, active in screen.active_bindings.items()
        if active.binding.show or key == screen.app.COMMAND_PALETTE_BINDING
    )


class SteadyFooter(Footer):
    """A Footer that does nothing when the bindings refresh but its keys stay the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[ShownKey, ...] | None = None
        self._composed: tuple[ShownKey, ...] | None = None
        """The keys the footer's widgets show now (None before any were composed)."""

    def compose(self) -> ComposeResult:
        """Footer's keys, remembered so that recomposing the same keys can be skipped."""
        keys = shown_keys(self.screen)
        widgets = list(super().compose())
        self._composed = keys if widgets else None
        yield from widgets

    async def recompose(self) -> None:
        """Recompose unless the keys shown are already the ones the screen has."""
        if self._composed is not None and shown_keys(self.screen) == self._composed:
            return
        await super().recompose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompose (as Footer does, after the next frame) only if the keys changed."""
        current = screen is self.screen and screen.app.app_focus and self.is_attached
        shown = shown_keys(screen)
        if current and shown == self._shown:
            return
        if current:
            self._shown = shown  # else Footer ignores the change: check again next time
        super().bindings_changed(screen)

    async def show_keys(self) -> None:
        """Show the keys now, without waiting for a frame (Footer waits for one)."""
        self.bindings_changed(self.screen)  # marks the bindings ready
        await self.recompose()
