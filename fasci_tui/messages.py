"""Messages that panes post up to the app. Panes never reach into one another."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from fasci_tui.places import Place


@dataclass
class Navigate(Message):
    """Ask the app to show ``place`` (and reveal its item, if it names one)."""

    place: Place

    @property
    def pane_id(self) -> str:
        """The key of the page asked for (``nutrient-magnesium``, ``faq``)."""
        return self.place.key

    @property
    def item(self) -> str | None:
        """What to reveal on that page (a FAQ id, a habit id, a food), if anything."""
        return self.place.reveal_item


@dataclass
class ChecklistProgress(Message):
    """The checklist's tick count changed (the sidebar shows it)."""

    done: int
    total: int
