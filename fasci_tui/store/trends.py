"""What the log shows over time: series for the Trends pane and the with/without table.

Plain arithmetic over :class:`~fasci_tui.store.records.DailyEntry` lists, no Textual:
:func:`window` picks the days of a period, :func:`series` the recorded values of one
measure, :func:`summary` their average and range, :func:`with_without` the average
twitch level on days with and without each factor or habit. A comparison is shown only
with :data:`MIN_DAYS` days on each side; it shows what goes together, not what causes
what (:data:`CAVEAT`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

from fasci_tui.store.records import DailyEntry

PERIODS: tuple[tuple[str, int | None], ...] = (
    ("7 days", 7), ("30 days", 30), ("90 days", 90), ("all time", None))
"""The Trends pane's periods: a name and a number of days (None: every day logged)."""

MIN_DAYS = 3
"""Days needed on each side before a with/without comparison is shown."""

NOT_ENOUGH = "not enough days yet"

CAVEAT = ("This shows what went together on your days, not what causes what: a day "
          "with more coffee may also be a day with less sleep or more stress. Talk "
          "changes over with your doctor.")


class Measure(NamedTuple):
    """One measure drawn over time: its name, unit words and how to read it."""

    name: str
    unit: str
    value: Callable[[DailyEntry], float | None]


MEASURES: tuple[Measure, ...] = (
    Measure("Twitch", "of 10", lambda e: e.twitch),
    Measure("Caffeine", "drinks", lambda e: e.caffeine),
    Measure("Sleep", "h", lambda e: e.sleep),
    Measure("Stress", "of 5", lambda e: e.stress),
)
"""Twitch level, with caffeine, sleep and stress beside it."""


class Summary(NamedTuple):
    """Recorded values of one measure in a period."""

    days: int
    average: float | None
    low: float | None
    high: float | None


class Comparison(NamedTuple):
    """Average twitch level on days with and without one factor."""

    factor: str
    with_days: int
    with_average: float | None
    without_days: int
    without_average: float | None

    @property
    def enough(self) -> bool:
        """True with at least :data:`MIN_DAYS` days on each side."""
        return self.with_days >= MIN_DAYS and self.without_days >= MIN_DAYS


def window(entries: Sequence[DailyEntry], days: int | None,
           today: dt.date) -> list[DailyEntry]:
    """The entries of the last ``days`` days up to ``today`` (every one when None);
    ``entries`` are oldest first, as the store returns them."""
    if days is None:
        return [e for e in entries if e.day <= today]
    first = today - dt.timedelta(days=days - 1)
    return [e for e in entries if first <= e.day <= today]


def series(entries: Sequence[DailyEntry], measure: Measure) -> list[float]:
    """The recorded values of ``measure``, day by day (days without one left out)."""
    values = []
    for entry in entries:
        value = measure.value(entry)
        if value is not None:
            values.append(float(value))
    return values


def summary(values: Sequence[float]) -> Summary:
    """How many values, their average, lowest and highest."""
    if not values:
        return Summary(0, None, None, None)
    return Summary(len(values), sum(values) / len(values), min(values), max(values))


def buckets(values: Sequence[float], width: int) -> list[float]:
    """``values`` averaged into at most ``width`` buckets of consecutive days."""
    if len(values) <= width or width <= 0:
        return list(values)
    out = []
    for index in range(width):
        start = index * len(values) // width
        end = (index + 1) * len(values) // width
        part = values[start:end]
        out.append(sum(part) / len(part))
    return out


def factors(habits: Sequence[tuple[str, str]]) -> list[tuple[str, Callable[[DailyEntry],
                                                                            bool | None]]]:
    """Each factor's name and test: True on a day with it, False without, None when the
    day does not say. ``habits`` are (id, label) pairs; a habit counts only on days
    with a check-in (a day of ticks alone says nothing about twitching)."""
    found: list[tuple[str, Callable[[DailyEntry], bool | None]]] = [
        ("Caffeine (any)", lambda e: None if e.caffeine is None else e.caffeine > 0),
        ("Alcohol (any)", lambda e: None if e.alcohol is None else e.alcohol > 0),
        ("Sleep under 7 h", lambda e: None if e.sleep is None else e.sleep < 7),
        ("Stress 3 or more", lambda e: None if e.stress is None else e.stress >= 3),
        ("Exercise (any)", lambda e: None if e.exercise is None else e.exercise != "none"),
        ("Hard exercise", lambda e: None if e.exercise is None else e.exercise == "hard"),
        ("Any supplement", lambda e: bool(e.supplements)),
    ]
    for habit_id, label in habits:
        found.append((f"Habit: {label}", lambda e, h=habit_id: h in e.habits))
    return found


def with_without(entries: Sequence[DailyEntry],
                 habits: Sequence[tuple[str, str]]) -> list[Comparison]:
    """For each factor, the average twitch level on days with and without it (only
    days with a twitch level recorded count)."""
    rated = [e for e in entries if e.twitch is not None]
    out = []
    for name, test in factors(habits):
        yes: list[int] = []
        no: list[int] = []
        for entry in rated:
            has = test(entry)
            if has is not None:
                (yes if has else no).append(entry.twitch)  # type: ignore[arg-type]
        out.append(Comparison(name, len(yes), sum(yes) / len(yes) if yes else None,
                              len(no), sum(no) / len(no) if no else None))
    return out


def fmt_value(value: float | None) -> str:
    """A value for the screen: ``3.2``, ``7``, or ``–`` when there is none."""
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0")
