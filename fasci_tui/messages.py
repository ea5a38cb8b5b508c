"""Messages that panes post up to the app. Panes never reach into one another."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class Navigate(Message):
    """Ask the app to show a pane: ``pane_id`` is a section or ``nutrient-<id>``.

    ``item`` optionally names what to highlight inside it (a FAQ id, a habit id, a food).
    """

    pane_id: str
    item: str | None = None


@dataclass
class ChecklistProgress(Message):
    """The checklist's tick count changed (the sidebar shows it)."""

    done: int
    total: int
