"""The Today pane: a daily check-in, quick from the keyboard, and past days to edit.

The form's rules (rows, digits, the cursor moving on) are in :mod:`today_form`; this
module draws them and saves. A save writes the whole day, ticks included, in one
transaction through the personal store (:attr:`StateStore.log`); nothing is half saved.
``,`` and ``.`` open the day before and after (unsaved changes are dropped, with a word).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content as Text
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress
from fasci_tui.panes.base import Pane
from fasci_tui.panes.today_form import CHOICE_KEYS, ROWS, Draft, Row, choice_labels
from fasci_tui.places import Place
from fasci_tui.state import StateStore
from fasci_tui.store.records import (
    EXERCISE_LEVELS,
    FieldError,
    check_day,
    check_supplements,
)
from fasci_tui.widgets.static_text import show_text

LABEL_WIDTH = 10
ON, OFF = "●", "○"
"""Marks of a chosen and an unchosen choice (readable without colour)."""
HELP = "digits · ↑↓ · Del clears · Enter saves · , . g: day"


def day_text(day: dt.date, today: dt.date) -> str:
    """``Wed 2 Dec 2026 (today)``."""
    words = f"{day:%a} {day.day} {day:%b %Y}"
    if day == today:
        return f"{words} (today)"
    if day == today - dt.timedelta(days=1):
        return f"{words} (yesterday)"
    return words


class CheckinForm(Widget, can_focus=True):
    """The check-in's rows, one cursor; digits set the row under it (see today_form)."""

    DEFAULT_CSS = "CheckinForm { height: auto; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save", "Save", tooltip="Save the whole day"),
        Binding("comma", "other_day(-1)", "Day before", key_display=","),
        Binding("full_stop", "other_day(1)", "Day after", key_display="."),
        Binding("g", "go_to_date", "Date", tooltip="Open a day by its date (YYYY-MM-DD)"),
        Binding("delete", "clear", "Clear", show=False, tooltip="Clear the row's value"),
    ]

    class Changed(Message):
        """The draft changed (a key set a value): the pane marks it unsaved."""

    def __init__(self, draft: Draft, habit_labels: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.draft = draft
        self.habit_labels = habit_labels

    def set_draft(self, draft: Draft) -> None:
        """Show another day's draft."""
        self.draft = draft
        self.refresh(layout=True)

    def on_key(self, event: events.Key) -> None:
        """Digits (and ``.`` on the sleep row) set values; ↑/↓ move between rows."""
        draft = self.draft
        if event.key in ("up", "down"):
            before = draft.cursor
            draft.move(-1 if event.key == "up" else 1)
            if draft.cursor != before:
                event.stop()
                event.prevent_default()
                self.refresh()
            return
        char = event.character or ""
        if len(char) == 1 and (char.isdigit() or (char == "." and draft.row.kind == "decimal")):
            event.stop()
            event.prevent_default()
            if draft.key(char):
                self.refresh(layout=True)
                self.post_message(self.Changed())

    def action_clear(self) -> None:
        """Delete: forget the value of the row under the cursor."""
        self.draft.clear()
        self.refresh(layout=True)
        self.post_message(self.Changed())

    def action_save(self) -> None:
        """Enter: save the day (the pane does it)."""
        self.post_message(TodayPane.SaveRequested())

    def action_other_day(self, delta: int) -> None:
        """``,`` / ``.``: open the day before or after."""
        self.post_message(TodayPane.DayRequested(delta))

    def action_go_to_date(self) -> None:
        """``g``: ask for a date (the pane does it)."""
        self.post_message(TodayPane.DateRequested())

    def _width(self) -> int:
        return max(20, self.size.width - LABEL_WIDTH - 2)

    def lines(self) -> list[Text]:
        """The form as lines of text (one row may take several)."""
        out: list[Text] = []
        for index, row in enumerate(ROWS):
            here = index == self.draft.cursor and self.has_focus
            pointer = Text.styled("▶ ", "bold $accent") if here else Text("  ")
            label = Text.styled(row.label.ljust(LABEL_WIDTH), "bold" if here else "")
            parts = self._value(row)
            for number, part in enumerate(parts):
                lead = Text.assemble(pointer, label) if number == 0 else Text(" " * (
                    LABEL_WIDTH + 2))
                out.append(Text.assemble(lead, part))
        return out

    def _value(self, row: Row) -> list[Text]:
        draft = self.draft
        if row.kind in ("number", "decimal"):
            value = draft.shown(row)
            range_text = f"({row.low:g}–{row.high:g})"
            return [Text.assemble(Text.styled(value, "bold"), f" {row.unit}  ",
                                  Text.styled(range_text, "$text-muted"))]
        if row.kind == "level":
            chosen = draft.values.get(row.field)
            return self._wrap([(str(i), level, level == chosen)
                               for i, level in enumerate(EXERCISE_LEVELS)])
        options = choice_labels(row.field, self.habit_labels)
        ids = (draft.habit_ids if row.field == "habits" else
               [label.replace(" ", "-") for label in options])
        chosen_set = draft.habits if row.field == "habits" else draft.sites
        return self._wrap([(CHOICE_KEYS[i], label, ids[i] in chosen_set)
                           for i, label in enumerate(options)])

    def _wrap(self, choices: list[tuple[str, str, bool]]) -> list[Text]:
        width = self._width()
        lines: list[Text] = []
        line: list[Text] = []
        used = 0
        for key, label, on in choices:
            piece = Text.assemble(
                Text.styled(ON, "bold $text-success") if on else Text(OFF),
                Text.styled(key, "$accent"), " ",
                Text.styled(label, "bold") if on else Text(label))
            size = len(key) + len(label) + 3
            if line and used + size > width:
                lines.append(Text(" ").join(line))
                line, used = [], 0
            line.append(piece)
            used += size
        if line:
            lines.append(Text(" ").join(line))
        return lines or [Text("")]

    def render(self) -> Text:
        """Every row."""
        return Text("\n").join(self.lines())

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """As many lines as the rows take at this width."""
        return len(self.lines())

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()


class TodayPane(Pane, VerticalScroll):
    """A day's check-in: the form, supplements, a note; Enter saves it all at once."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", show=False, tooltip="Save the whole day"),
        Binding("v", "report", "Visit summary", tooltip="A summary of the last 30 days for "
                "a doctor's visit"),
    ]

    class SaveRequested(Message):
        """The form asks for the day to be saved."""

    class DateRequested(Message):
        """The form asks for a box to type a date in."""

    class DayRequested(Message):
        """The form asks for another day (``delta`` days away)."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

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

    def show_watch(self) -> None:
        """The red-flag watch's findings not shown before (each once), calmly and with
        the source, or once the reassurance card's pointer; then remembered as seen."""
        from fasci_tui.content.watch import check, notice_lines
        from fasci_tui.store import StoreError

        box = self.query_one("#today-watch", Static)
        box.display = False
        log = self._store.log
        if log is None:
            return
        try:
            result = check(self._content, log.entries(), log.answers(), self._store.day)
            seen = log.seen_findings()
        except StoreError:
            return
        new = [f for f in result.findings if f.key not in seen]
        keys = [f.key for f in new]
        if new:
            lines = notice_lines(self._content, new, result.check_again)
        elif result.reassure and f"reassure:{result.check_again}" not in seen:
            keys = [f"reassure:{result.check_again}"]
            lines = ["Nothing in your log matches the see-a-doctor signs so far. Twitching "
                     "is common and usually harmless: fasci-tui watch shows the numbers. "
                     f"Look again on {result.check_again:%d %b}."]
        else:
            return
        show_text(box, "\n".join(lines))
        box.display = True
        self.call_after_refresh(self.scroll_home, animate=False)  # the notice in view
        try:
            log.mark_findings_seen(keys)
        except StoreError:
            return

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

    # -- days ---------------------------------------------------------------------------

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

    def _show_limits(self) -> None:
        """Under the supplements: the day's totals over an upper limit, with the source."""
        from fasci_tui.content.supplements import entry_over_lines
        from fasci_tui.store import StoreError

        lines: list[str] = []
        if self.draft.supplements:
            profile = None
            if self._store.log is not None:
                try:
                    profile = self._store.log.profile()
                except StoreError:
                    profile = None
            lines = entry_over_lines(self._content, self.draft.entry(), profile)
        box = self.query_one("#today-limits", Static)
        show_text(box, "\n".join(f"Over the UL: {line}" for line in lines))
        box.display = bool(lines)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#today-status", Static)
        show_text(status, text)
        status.set_class(error, "-error")

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

        log = self._store.log
        if log is None:
            self._status("Your log cannot be used, so there is no summary (see the notice "
                         "at start).", error=True)
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

        log = self._store.log
        if log is None:
            self._status("Your log cannot be used, so nothing can be saved (see the "
                         "notice at start).", error=True)
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
