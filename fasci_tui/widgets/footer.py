"""A Footer that redraws only when the keys it shows change, and is complete at start-up.

Textual's Footer recomposes itself whenever the screen's bindings are refreshed, which
the app does on every move; each recompose re-lays out the screen and sends another
frame to the terminal. Over SSH that frame is pure overhead when the visible keys are
the same, so this footer compares what it would show and skips the recompose then (and
asks for one recompose at a time, however many refreshes arrive before it runs).

Textual's Footer also stays empty until the first refresh of the bindings after the
first frame, so the keys used to appear a few frames after the rest of the screen. The
app calls :meth:`QuietFooter.show_keys` while it mounts instead: the first frame is
complete.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class QuietFooter(Footer):
    """A Footer that skips recomposing when its visible keys are unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None
        self._pending = False

    def _signature(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What the footer shows for ``screen``'s bindings (the palette key included)."""
        bindings = screen.active_bindings
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return (
            tuple(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for (_, binding, enabled, tooltip) in bindings.values()
                if binding.show
            ),
            None if palette is None else (palette[1].key, palette[2]),
        )

    def compose(self) -> ComposeResult:
        """The keys, as Textual's Footer shows them; remembers what they were."""
        if self._bindings_ready:
            self._shown = self._signature(self.screen)
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # What the key's ``compact`` (bound to the footer's) sets once mounted;
                # set now, the key is styled once rather than twice.
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompose (after the next refresh) only when the keys to show have changed."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._pending or self._signature(screen) == self._shown:
            return  # a recompose on its way shows the latest keys anyway
        self._pending = True
        self.call_after_refresh(self._refresh_keys)

    def _refresh_keys(self) -> Awaitable[None] | None:
        """Recompose unless the keys shown are already the current ones."""
        self._pending = False
        if not self.is_attached or self._signature(self.screen) == self._shown:
            return None
        return self.recompose()

    async def show_keys(self) -> None:
        """Compose the keys now, without waiting for a frame to be drawn first.

        The app calls this when it has mounted and focused its first widget, so that
        the first frame sent to the terminal already has the footer.
        """
        self._bindings_ready = True
        if self.is_attached and self.app.app_focus:
            # As if the footer itself ran this (as it does a recompose after a refresh):
            # the keys it mounts bind their ``compact`` to the footer's.
            with self._context():
                await self.recompose()
