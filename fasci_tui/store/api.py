"""The interface every personal store offers, and the errors it raises.

Panes and the command line use only this :class:`Store` protocol, so another backend
(a server database for a fleet of hosts) can replace :mod:`fasci_tui.store.sqlite`
without touching them. Every method either does all it says or nothing, and raises
:class:`StoreError` (with a message fit to show the user) when the store cannot be
read or written; invalid records raise :class:`~fasci_tui.store.records.FieldError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from fasci_tui.store.records import DailyEntry, Profile
from fasci_tui.store.results import Answer, LabResult


class StoreError(Exception):
    """The store cannot be opened, read or written; ``str()`` says where and why."""


class StoreDamaged(StoreError):
    """The store's file is not a database this program can read; it was left untouched."""


class StoreBusy(StoreError):
    """Another program kept the store locked for longer than the busy timeout."""


class Store(Protocol):
    """The person's data: profile, daily entries and checklist ticks per day."""

    location: str
    """Where the data lives, for messages (a file path for the sqlite store)."""

    def profile(self) -> Profile | None:
        """The saved profile, or None when none is set."""
        ...

    def set_profile(self, profile: Profile | None) -> None:
        """Save ``profile`` (checked first), or forget it when None."""
        ...

    def entry(self, day: dt.date) -> DailyEntry | None:
        """The entry for ``day`` (its ticks included), or None when nothing is recorded."""
        ...

    def save_entry(self, entry: DailyEntry) -> None:
        """Replace the day's check-in and ticks with ``entry`` as one transaction.

        An entry with nothing recorded removes the day.
        """
        ...

    def save_entries(self, entries: Iterable[DailyEntry],
                     profile: Profile | None = None, lab_results: Iterable[LabResult] = (),
                     answers: Iterable[Answer] = ()) -> int:
        """Save many entries (and ``profile``, lab results and answers when given) as ONE
        transaction (all or none); return how many entries. Results and answers replace
        the same test or question on the same day."""
        ...

    def entries(self, since: dt.date | None = None,
                until: dt.date | None = None) -> list[DailyEntry]:
        """Every day with a check-in or ticks from ``since`` to ``until`` (inclusive),
        oldest first."""
        ...

    def count_days(self) -> int:
        """How many days have a check-in or ticks."""
        ...

    def ticks(self, day: dt.date) -> frozenset[str]:
        """The habit ids ticked on ``day``."""
        ...

    def set_tick(self, day: dt.date, habit: str, checked: bool) -> frozenset[str]:
        """Tick or untick one habit on ``day``; return the day's ticks after it."""
        ...

    def set_ticks(self, day: dt.date, habits: Iterable[str]) -> frozenset[str]:
        """Replace the day's ticks with ``habits`` (empty to untick all)."""
        ...

    def save_lab_result(self, result: LabResult) -> None:
        """Save a lab result, checked first (replacing the same test on the same day)."""
        ...

    def lab_results(self, since: dt.date | None = None) -> list[LabResult]:
        """The saved lab results from ``since`` on, oldest first."""
        ...

    def save_answer(self, answer: Answer) -> None:
        """Save a yes/no answer, checked first (replacing the same question's answer on
        that day)."""
        ...

    def save_answers(self, answers: Iterable[Answer]) -> None:
        """Save many answers as ONE transaction (all or none)."""
        ...

    def answers(self, since: dt.date | None = None) -> list[Answer]:
        """The saved answers from ``since`` on, oldest first."""
        ...

    def seen_findings(self) -> frozenset[str]:
        """The keys of the watch's findings already shown."""
        ...

    def mark_findings_seen(self, keys: Iterable[str]) -> None:
        """Remember that the findings ``keys`` were shown."""
        ...

    def disclaimer_acknowledged(self) -> bool:
        """Whether the person has read the medical disclaimer."""
        ...

    def acknowledge_disclaimer(self) -> None:
        """Remember that the disclaimer was read."""
        ...

    def wipe(self) -> None:
        """Delete the profile, every entry, tick, lab result and answer, leaving no copy in
        the file."""
        ...

    def data_version(self) -> int:
        """A number that changes whenever another connection commits a change (cheap:
        the app asks every few seconds whether another copy wrote)."""
        ...

    def take_notices(self) -> list[str]:
        """Things the person should be told (e.g. old state moved in), then forgotten."""
        ...

    def close(self) -> None:
        """Release the store; further calls are errors."""
        ...

    def __enter__(self) -> Store:
        """The store itself, closed at the end of the ``with`` block."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        ...
