"""The Today pane's check-in form: its rows drawn, one cursor, the keys that set them.

The rules (rows, digits, the cursor moving on) are in :mod:`today_form`; this widget draws
them and turns keys into changes. Enter, ``,``, ``.`` and ``g`` are asked of the pane by
messages (:class:`SaveRequested`, :class:`DayRequested`, :class:`DateRequested`), which the
pane also offers as ``TodayPane.SaveRequested`` and so on.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content as Text
from textual.message import Message
from textual.widget import Widget

from fasci_tui.panes.today_form import CHOICE_KEYS, ROWS, Draft, Row, choice_labels
from fasci_tui.store.records import EXERCISE_LEVELS

LABEL_WIDTH = 10
ON, OFF = "●", "○"
"""Marks of a chosen and an unchosen choice (readable without colour)."""


class SaveRequested(Message, namespace="today_pane"):
    """The form asks for the day to be saved."""


class DateRequested(Message, namespace="today_pane"):
    """The form asks for a box to type a date in."""


class DayRequested(Message, namespace="today_pane"):
    """The form asks for another day (``delta`` days away)."""

    def __init__(self, delta: int) -> None:
        super().__init__()
        self.delta = delta


class CheckinForm(Widget, can_focus=True):
    """The check-in's rows, one cursor; digits set the row under it (see today_form)."""

    DEFAULT_CSS = "CheckinForm { height: auto; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save", "Save", tooltip="Save the whole day"),
        # Shown in the pane's own hint line (", . g: day"), not the footer: with them
        # the footer ran past 80 columns.
        Binding("comma", "other_day(-1)", "Day before", key_display=",", show=False),
        Binding("full_stop", "other_day(1)", "Day after", key_display=".", show=False),
        Binding("g", "go_to_date", "Date", show=False,
                tooltip="Open a day by its date (YYYY-MM-DD)"),
        Binding("delete", "clear", "Clear", show=False, tooltip="Clear the row's value"),
    ]

    class Changed(Message):
        """The draft changed (a key set a value): the pane marks it unsaved."""

    def __init__(self, draft: Draft, habit_labels: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.draft = draft
        self.habit_labels = habit_labels
        self._drawn: tuple[tuple[object, ...], list[Text]] | None = None
        """The last lines made and what they were made from (layout asks several times
        per frame: the height, then the render)."""

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
        self.post_message(SaveRequested())

    def action_other_day(self, delta: int) -> None:
        """``,`` / ``.``: open the day before or after."""
        self.post_message(DayRequested(delta))

    def action_go_to_date(self) -> None:
        """``g``: ask for a date (the pane does it)."""
        self.post_message(DateRequested())

    def lines(self, width: int | None = None) -> list[Text]:
        """The form as lines of text (one row may take several), ``width`` cells wide
        (by default the widget's)."""
        choices_width = max(20, (self.size.width if width is None else width) - LABEL_WIDTH - 2)
        draft = self.draft
        made_from = (choices_width, self.has_focus, self.habit_labels, draft.habit_ids,
                     draft.cursor, tuple((k, repr(v)) for k, v in sorted(draft.values.items())),
                     tuple(sorted(draft.sites)), tuple(sorted(draft.habits)))
        if self._drawn is not None and self._drawn[0] == made_from:
            return self._drawn[1]
        out = self._lines(choices_width)
        self._drawn = (made_from, out)
        return out

    def _lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for index, row in enumerate(ROWS):
            here = index == self.draft.cursor and self.has_focus
            pointer = Text.styled("▶ ", "bold $accent") if here else Text("  ")
            label = Text.styled(row.label.ljust(LABEL_WIDTH), "bold" if here else "")
            parts = self._value(row, width)
            for number, part in enumerate(parts):
                lead = Text.assemble(pointer, label) if number == 0 else Text(" " * (
                    LABEL_WIDTH + 2))
                out.append(Text.assemble(lead, part))
        return out

    def _value(self, row: Row, width: int) -> list[Text]:
        draft = self.draft
        if row.kind in ("number", "decimal"):
            value = draft.shown(row)
            range_text = f"({row.low:g}–{row.high:g})"
            return [Text.assemble(Text.styled(value, "bold"), f" {row.unit}  ",
                                  Text.styled(range_text, "$text-muted"))]
        if row.kind == "level":
            chosen = draft.values.get(row.field)
            return self._wrap([(str(i), level, level == chosen)
                               for i, level in enumerate(EXERCISE_LEVELS)], width)
        options = choice_labels(row.field, self.habit_labels)
        ids = (draft.habit_ids if row.field == "habits" else
               [label.replace(" ", "-") for label in options])
        chosen_set = draft.habits if row.field == "habits" else draft.sites
        return self._wrap([(CHOICE_KEYS[i], label, ids[i] in chosen_set)
                           for i, label in enumerate(options)], width)

    @staticmethod
    def _wrap(choices: list[tuple[str, str, bool]], width: int) -> list[Text]:
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
        return len(self.lines(width))

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()
