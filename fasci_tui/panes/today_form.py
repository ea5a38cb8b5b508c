"""The check-in form's rules, without Textual: rows, what a key does, and the entry.

A check-in is quick from the keyboard: digits set the row under the cursor, and a row
whose value cannot grow any further (twitch ``3``, stress ``2``, exercise ``1``, drinks
``0``) moves the cursor on by itself; ↑/↓ (or Tab) move, Delete clears the row, Enter
saves the whole day at once. On the rows of choices (where, habits) each digit ticks or
unticks one choice. A whole check-in: ``3 1 7 ↓ 2 ↓ 0 7 ↓ 2 1 1 3 5 Enter`` (15 keys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from fasci_tui.store.records import (
    DRINKS_RANGE,
    EXERCISE_LEVELS,
    SITE_LABELS,
    SITES,
    SLEEP_RANGE,
    STRESS_RANGE,
    TWITCH_RANGE,
    DailyEntry,
    Supplement,
)

CHOICE_KEYS = "1234567890"
"""The digit that ticks each choice of a row of choices, in order."""


class Row(NamedTuple):
    """One row of the form: its field, label, kind and (for numbers) allowed range."""

    field: str
    label: str
    kind: str
    """``number``, ``decimal`` (sleep hours, one decimal), ``level`` (exercise: one of
    several, by digit) or ``choices`` (several, each ticked by its digit)."""
    low: float = 0
    high: float = 0
    unit: str = ""


ROWS: tuple[Row, ...] = (
    Row("twitch", "Twitch", "number", *TWITCH_RANGE, "of 10"),
    Row("sites", "Where", "choices"),
    Row("caffeine", "Caffeine", "number", *DRINKS_RANGE, "drinks"),
    Row("alcohol", "Alcohol", "number", *DRINKS_RANGE, "drinks"),
    Row("sleep", "Sleep", "decimal", *SLEEP_RANGE, "hours"),
    Row("stress", "Stress", "number", *STRESS_RANGE, "of 5"),
    Row("exercise", "Exercise", "level"),
    Row("habits", "Habits", "choices"),
)
"""The form's rows, top to bottom."""


def _can_grow(text: str, row: Row) -> bool:
    """Whether another key could still make ``text`` a different allowed value."""
    if row.kind == "decimal":
        if "." in text:
            return text.endswith(".")
        return float(text) * 10 <= row.high or float(text) < row.high
    if text == "0":
        return False
    return int(text) * 10 <= row.high


@dataclass
class Draft:
    """The day being filled in: every field, the cursor row and the digits typed."""

    day: dt.date
    habit_ids: tuple[str, ...]
    values: dict[str, object] = field(default_factory=dict)
    sites: set[str] = field(default_factory=set)
    habits: set[str] = field(default_factory=set)
    supplements: tuple[Supplement, ...] = ()
    note: str = ""
    cursor: int = 0
    typed: str = ""

    @classmethod
    def of(cls, day: dt.date, habit_ids: tuple[str, ...], entry: DailyEntry | None,
           ticks: frozenset[str] = frozenset()) -> Draft:
        """A draft holding ``entry`` (or nothing but the day's ``ticks``)."""
        draft = cls(day, habit_ids)
        if entry is None:
            draft.habits = set(ticks)
            return draft
        for row in ROWS:
            value = getattr(entry, row.field)
            if row.kind in ("number", "decimal", "level") and value is not None:
                draft.values[row.field] = value
        draft.sites = set(entry.sites)
        draft.habits = set(entry.habits)
        draft.supplements = entry.supplements
        draft.note = entry.note
        return draft

    @property
    def row(self) -> Row:
        """The row under the cursor."""
        return ROWS[self.cursor]

    def move(self, delta: int) -> None:
        """Move the cursor ``delta`` rows (staying on the form)."""
        self.cursor = max(0, min(len(ROWS) - 1, self.cursor + delta))
        self.typed = ""

    def clear(self) -> None:
        """Forget the value of the row under the cursor."""
        row = self.row
        if row.field == "sites":
            self.sites.clear()
        elif row.field == "habits":
            self.habits.clear()
        else:
            self.values.pop(row.field, None)
        self.typed = ""

    def key(self, char: str) -> bool:
        """Apply a digit (or ``.`` on the sleep row); True if it did something."""
        row = self.row
        if row.kind == "choices":
            return self._toggle(row, char)
        if row.kind == "level":
            if char.isdigit() and int(char) < len(EXERCISE_LEVELS):
                self.values[row.field] = EXERCISE_LEVELS[int(char)]
                self.move(1)
                return True
            return False
        if not (char.isdigit() or (char == "." and row.kind == "decimal")):
            return False
        text = self.typed + char
        if not _valid(text, row):
            text = char if char.isdigit() else ""
            if not text or not _valid(text, row):
                return False
        self.typed = text
        if not text.endswith("."):
            number = float(text)
            self.values[row.field] = number if row.kind == "decimal" else int(number)
        elif not text[:-1]:
            return True
        else:
            self.values[row.field] = float(text[:-1])
        if not _can_grow(text, row):
            self.move(1)
        return True

    def _toggle(self, row: Row, char: str) -> bool:
        if char not in CHOICE_KEYS:
            return False
        index = CHOICE_KEYS.index(char)
        options = SITES if row.field == "sites" else self.habit_ids
        if index >= len(options):
            return False
        chosen = self.sites if row.field == "sites" else self.habits
        option = options[index]
        (chosen.discard if option in chosen else chosen.add)(option)
        return True

    def entry(self) -> DailyEntry:
        """The day as an entry (checked by the store when saved)."""
        values = self.values
        sleep = values.get("sleep")
        return DailyEntry(
            self.day,
            twitch=values.get("twitch"),  # type: ignore[arg-type]
            sites=tuple(s for s in SITES if s in self.sites),
            caffeine=values.get("caffeine"),  # type: ignore[arg-type]
            alcohol=values.get("alcohol"),  # type: ignore[arg-type]
            sleep=None if sleep is None else float(sleep),  # type: ignore[arg-type]
            stress=values.get("stress"),  # type: ignore[arg-type]
            exercise=values.get("exercise"),  # type: ignore[arg-type]
            habits=frozenset(self.habits),
            supplements=self.supplements,
            note=self.note,
        )

    def shown(self, row: Row) -> str:
        """The value of a number row as text (``–`` when not recorded)."""
        value = self.values.get(row.field)
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)


def _valid(text: str, row: Row) -> bool:
    if row.kind == "decimal":
        whole, _, tenth = text.partition(".")
        if not whole or len(tenth) > 1 or (len(whole) > 1 and whole.startswith("0")):
            return False
        return float(text.rstrip(".")) <= row.high
    if len(text) > 1 and text.startswith("0"):
        return False
    return int(text) <= row.high


def choice_labels(field_name: str, habit_labels: tuple[str, ...]) -> list[str]:
    """The labels of a row of choices, in digit order."""
    if field_name == "sites":
        return [SITE_LABELS[s] for s in SITES]
    return list(habit_labels)
