"""The Today pane's days: opening one (``,`` / ``.`` for the day before / after, ``g``
and a typed date), the day line, and supplements carried over from an earlier day.

A mixin of :class:`fasci_tui.panes.today.TodayPane`, which supplies the state it reads.
Moving to another day drops unsaved changes, with a word.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual import events
from textual.widgets import Input, Static

from fasci_tui.content.model import Content
from fasci_tui.panes.today_checkin import CheckinForm, DateRequested, DayRequested
from fasci_tui.panes.today_form import Draft
from fasci_tui.state import StateStore
from fasci_tui.store.records import FieldError, check_day
from fasci_tui.widgets.static_text import show_text

if TYPE_CHECKING:
    from fasci_tui.panes.base import Pane

    _Base = Pane
else:
    _Base = object

HELP = "digits · ↑↓ · Del clears · Enter saves · , . g: day"


def day_text(day: dt.date, today: dt.date) -> str:
    """``Wed 2 Dec 2026 (today)``."""
    words = f"{day:%a} {day.day} {day:%b %Y}"
    if day == today:
        return f"{words} (today)"
    if day == today - dt.timedelta(days=1):
        return f"{words} (yesterday)"
    return words


class DayNavigation(_Base):
    """Open a day's entry (or an empty form) and move between days."""

    _content: Content
    _store: StateStore
    _habit_ids: tuple[str, ...]
    _loaded: dict[str, str]
    day: dt.date
    draft: Draft
    dirty: bool

    if TYPE_CHECKING:  # the pane's own
        def _status(self, text: str, error: bool = False) -> None: ...

        def _show_limits(self) -> None: ...

    def open_day(self, day: dt.date) -> None:
        """Show ``day``'s entry (or an empty form holding that day's ticks)."""
        from fasci_tui.store import StoreError

        log = self._store.log
        entry = None
        ticks = self._store.state.checked if day == self._store.day else frozenset()
        carried = ""
        if log is not None:
            try:
                entry = log.entry(day)
                if entry is None:
                    ticks = log.ticks(day)
            except StoreError as exc:
                self._status(str(exc), error=True)
        self.day = day
        self.draft = Draft.of(day, self._habit_ids, entry, ticks)
        if (entry is None or not entry.has_checkin()) and log is not None:
            carried = self._carry_supplements(log, day)
        self.dirty = False
        self.query_one(CheckinForm).set_draft(self.draft)
        self._loaded = {"today-supplements": "; ".join(str(s) for s in self.draft.supplements),
                        "today-note": self.draft.note}
        self.query_one("#today-supplements", Input).value = self._loaded["today-supplements"]
        self.query_one("#today-note", Input).value = self.draft.note
        self._show_day(entry is not None and entry.has_checkin(), carried)

    def _carry_supplements(self, log: Any, day: dt.date) -> str:
        """Supplements of the latest earlier day, offered again (people take the same
        ones daily); returns a word about it, or ''."""
        from fasci_tui.store import StoreError

        try:
            earlier = log.entries(day - dt.timedelta(days=14), day - dt.timedelta(days=1))
        except StoreError:
            return ""
        for entry in reversed(earlier):
            if entry.supplements:
                self.draft.supplements = entry.supplements
                return f" · supplements as on {entry.day:%a %d %b}"
        return ""

    def _show_day(self, saved: bool, carried: str = "") -> None:
        state = "saved" if saved else "not checked in yet"
        text = f"{day_text(self.day, self._store.day)} · {state}{carried}"
        show_text(self.query_one("#today-day", Static), text)
        self._status(HELP)
        self._show_limits()

    def on_today_pane_day_requested(self, message: DayRequested) -> None:
        """``,`` / ``.``: another day (not after today)."""
        message.stop()
        day = self.day + dt.timedelta(days=message.delta)
        if day > self._store.day:
            self._status("That is the future: today is the latest day.")
            return
        dropped = self.dirty
        self.open_day(day)
        if dropped:
            self._status("Unsaved changes were dropped. " + HELP)

    def on_today_pane_date_requested(self, message: DateRequested) -> None:
        """``g``: show the date box."""
        message.stop()
        box = self.query_one("#today-date", Input)
        box.value = ""
        box.display = True
        box.focus()

    def _close_date_box(self) -> None:
        box = self.query_one("#today-date", Input)
        box.display = False
        self.query_one(CheckinForm).focus()

    def _open_typed_date(self, text: str) -> None:
        try:
            day = check_day(text)
        except FieldError as exc:
            self._status(f"{exc}", error=True)
            return
        self._close_date_box()
        if day > self._store.day:
            self._status("That is the future: today is the latest day.")
            return
        dropped = self.dirty
        self.open_day(day)
        if dropped:
            self._status("Unsaved changes were dropped. " + HELP)

    def on_key(self, event: events.Key) -> None:
        """Esc in the date box closes it (and nothing else)."""
        if event.key == "escape" and self.query_one("#today-date", Input).has_focus:
            event.stop()
            event.prevent_default()
            self._close_date_box()
