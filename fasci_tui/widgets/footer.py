"""A Footer that redraws only when the keys it shows change.

Textual's Footer recomposes itself whenever the screen's bindings are refreshed, which
the app does on every move; each recompose re-lays out the screen and sends another
frame to the terminal. Over SSH that frame is pure overhead when the visible keys are
the same, so this footer compares what it would show and skips the recompose then.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A Footer that skips recomposing when its visible keys are unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None

    def _signature(self, screen: Screen[Any]) -> tuple[Any, ...]:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompose only when the keys to show differ from those shown."""
        if self.is_attached and screen is self.screen and self._bindings_ready:
            signature = self._signature(screen)
            if signature == self._shown:
                return
            self._shown = signature
        super().bindings_changed(screen)
