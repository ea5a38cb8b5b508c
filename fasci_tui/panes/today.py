"""The Today pane: a daily check-in, quick from the keyboard, and past days to edit.

The form's rules (rows, digits, the cursor moving on) are in :mod:`today_form`, the
widget drawing them in :mod:`today_checkin`, the days (``,`` ``.`` ``g``) in
:mod:`today_days`, the watch and UL notices in :mod:`today_notices`; this module lays the
pane out and saves. A save writes the whole day, ticks included, in one
transaction through the personal store (:attr:`StateStore.log`); nothing is half saved.
``,`` and ``.`` open the day before and after (unsaved changes are dropped, with a word).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress
from fasci_tui.panes.base import Pane
from fasci_tui.panes.today_checkin import CheckinForm, DateRequested, DayRequested, SaveRequested
from fasci_tui.panes.today_days import DayNavigation, day_text
from fasci_tui.panes.today_form import Draft
from fasci_tui.panes.today_notices import Notices
from fasci_tui.panes.today_tools import Tools
from fasci_tui.places import Place
from fasci_tui.state import StateStore
from fasci_tui.store.records import FieldError, check_supplements
from fasci_tui.widgets.static_text import show_text


class TodayPane(Tools, DayNavigation, Notices, Pane, VerticalScroll):
    """A day's check-in: the form, supplements, a note; Enter saves it all at once."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", show=False, tooltip="Save the whole day"),
        Binding("v", "report", "Summary", tooltip="A summary of the last 30 days for "
                "a doctor's visit"),
        Binding("a", "answer_questions", "Answer", tooltip="Answer the watch's yes/no "
                "questions (weakness, numbness...)"),
        Binding("l", "lab", "Lab", tooltip="Read a lab result (magnesium, calcium, "
                "potassium, sodium, B12, vitamin D) and save it"),
    ]

    # The form's requests, defined beside it and handled here as ``on_today_pane_...``.
    SaveRequested = SaveRequested
    DateRequested = DateRequested
    DayRequested = DayRequested

    def __init__(self, content: Content, store: StateStore, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = content
        self._store = store
        self._habit_ids = tuple(h.id for h in content.habits)
        self._habit_labels = tuple(h.label for h in content.habits)
        self.day = store.day
        self.draft = Draft(self.day, self._habit_ids)
        self.dirty = False
        self.saved_at: str | None = None
        self._loaded: dict[str, str] = {}

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> TodayPane:
        """A pane checking in through ``store``'s log."""
        return cls(content, store)

    def compose(self) -> ComposeResult:
        """Day line, status line, the form, supplements, note."""
        yield Static(id="today-day", markup=False)
        yield Static(id="today-status", markup=False)
        yield Static(id="today-watch", markup=False)
        yield Input(placeholder="YYYY-MM-DD, today or yesterday; Enter opens it, Esc not",
                    id="today-date", compact=True)
        yield CheckinForm(self.draft, self._habit_labels, id="today-form")
        yield Static("Supplements (name amount unit; …)", classes="today-label")
        yield Input(placeholder="magnesium 200 mg; vitamin D 1000 IU", id="today-supplements",
                    compact=True)
        yield Static(id="today-limits", markup=False)
        yield Static("Note", classes="today-label")
        yield Input(placeholder="anything worth remembering", id="today-note", compact=True,
                    max_length=2000)

    def on_mount(self) -> None:
        """Open today; show the watch's new findings once."""
        self.open_day(self._store.day)
        self.show_watch()

    # -- pane contract ------------------------------------------------------------------

    def show(self, place: Place) -> None:
        """Come on show: re-read the day unless it has unsaved changes."""
        super().show(place)
        if self.is_mounted and not self.dirty:
            self.open_day(self.day)

    def enter(self) -> None:
        """Focus the form."""
        self.query_one(CheckinForm).focus()

    def saved_state_changed(self) -> None:
        """Another copy wrote the log: re-read the day unless it is being edited."""
        if not self.dirty:
            self.open_day(self.day)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#today-status", Static)
        show_text(status, text)
        status.set_class(error, "-error")

    def on_checkin_form_changed(self, message: CheckinForm.Changed) -> None:
        """A value changed: unsaved until Enter."""
        message.stop()
        self._mark_dirty()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in the supplements or the note."""
        event.stop()
        if event.value == self._loaded.get(event.input.id or ""):
            return  # the day's own text, set when it was opened: nothing changed
        if event.input.id != "today-date":
            self._mark_dirty()

    def _mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self._status("Not saved yet: Enter saves the whole day.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text box saves the day too (in the date box: opens that day)."""
        event.stop()
        if event.input.id == "today-date":
            self._open_typed_date(event.value)
        else:
            self.save()

    def on_today_pane_save_requested(self, message: SaveRequested) -> None:
        """Enter on the form."""
        message.stop()
        self.save()

    def action_report(self) -> None:
        """v: the visit summary of the last 30 days, in a box over the app."""
        from fasci_tui.content.report import build_report
        from fasci_tui.screens.report import ReportScreen
        from fasci_tui.store import StoreError

        log = self._usable_log("there is no summary")
        if log is None:
            return
        today = self._store.day
        since = today - dt.timedelta(days=29)
        try:
            everything = log.entries()
            page = build_report(self._content, [e for e in everything if e.day >= since],
                                log.answers(), log.lab_results(since), log.profile(), today,
                                since, everything)
        except StoreError as exc:
            self._status(f"{exc}", error=True)
            return
        self.app.push_screen(ReportScreen(page))

    def action_save(self) -> None:
        """ctrl+s: save the day."""
        self.save()

    def save(self) -> bool:
        """Save the whole day in one transaction; say what went wrong if it could not."""
        from fasci_tui.store import StoreError

        log = self._usable_log("nothing can be saved")
        if log is None:
            return False
        supplements_box = self.query_one("#today-supplements", Input)
        try:
            self.draft.supplements = check_supplements(supplements_box.value)
        except FieldError as exc:
            self._status(f"{exc}. Nothing was saved.", error=True)
            supplements_box.focus()
            return False
        self.draft.note = self.query_one("#today-note", Input).value
        try:
            log.save_entry(self.draft.entry())
        except (FieldError, StoreError) as exc:
            self._status(f"{exc}. Nothing was saved.", error=True)
            return False
        self.dirty = False
        self._store.saved()
        self._show_day(True)
        self._status(f"Saved {day_text(self.day, self._store.day)}.")
        habits = self._content.habits
        self.post_message(ChecklistProgress(*self._store.progress(habits)))
        return True
