"""What a terminal shows, rebuilt only from the frames the app paints (headless too).

Used by tests that check a key press repaints only what changed, and that the screen
then still shows what a full repaint would. Relies on Textual internals (pinned at
8.2.8): ``App._display`` (every frame passes through it), the compositor's
``LayoutUpdate``/``ChopsUpdate`` and ``Screen._compositor``.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App
from textual.strip import Strip


class ScreenMirror:
    """What a terminal shows, built only from the updates the app paints (headless too)."""

    def __init__(self, app: App[Any], monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.cells: dict[tuple[int, int], tuple[str, Style | None]] = {}
        self.painted_rows: list[set[int]] = []
        paint = app._display

        def display(screen: Any, update: Any) -> None:
            self.apply(update)
            paint(screen, update)

        monkeypatch.setattr(app, "_display", display)

    def _write(self, x: int, y: int, strip: Strip) -> None:
        for segment in strip:
            if segment.control:
                continue
            for char in segment.text:
                self.cells[(x, y)] = (char, segment.style)
                x += max(1, cell_len(char))

    def apply(self, update: Any) -> None:
        """Apply a full (layout) or partial (chops) update, as a terminal would."""
        rows: set[int] = set()
        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    self._write(x, y, strip)
                    x += strip.cell_length
                rows.add(y)
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(),
                                           strict=False):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self._write(x, y, strip)
                    rows.add(y)
        self.painted_rows.append(rows)

    def matches_a_full_repaint(self) -> bool:
        """True when the terminal shows exactly what repainting everything would."""
        full = ScreenMirror.__new__(ScreenMirror)
        full.cells, full.painted_rows = {}, []
        full.apply(self.app.screen._compositor.render_update(full=True))
        return all(self.cells.get(at) == cell for at, cell in full.cells.items())
