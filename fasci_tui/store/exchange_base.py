"""What the CSV and JSON exchange formats share: located problems, what an import holds,
and checking one day's raw fields.

A problem is reported as ``FILE:LINE: FIELD: message``; an import with any problem
raises :class:`ImportFailed` carrying all of them (up to :data:`MAX_PROBLEMS` shown), so
nothing from it is saved.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from fasci_tui.store.records import DailyEntry, FieldError, Profile, make_entry
from fasci_tui.store.results import Answer, LabResult

MAX_PROBLEMS = 50
"""An import lists at most this many problems (then how many more there were)."""


class Problem(NamedTuple):
    """One thing wrong in an import file; ``line`` 0 means the file as a whole."""

    line: int
    field: str | None
    message: str

    def located(self, name: str) -> str:
        """``FILE:LINE: FIELD: message``."""
        where = f"{name}:{self.line}" if self.line else name
        return f"{where}: {self.field}: {self.message}" if self.field else \
            f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file has problems; nothing from it may be saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def report(self, name: str) -> str:
        """Every problem, one per line, located in ``name``."""
        shown = [p.located(name) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"{name}: ... and {len(self.problems) - MAX_PROBLEMS} more problems")
        return "\n".join(shown)


class Imported(NamedTuple):
    """What an import file holds: the entries, the profile when it has one, and (JSON
    version 2) lab results and answers."""

    entries: list[DailyEntry]
    profile: Profile | None
    lab_results: tuple[LabResult, ...] = ()
    answers: tuple[Answer, ...] = ()


def number(value: float) -> int | float:
    """``2.0`` as ``2``, other numbers as they are (for tidy exports)."""
    return int(value) if float(value).is_integer() else value


def check_unique(found: list[tuple[int, DailyEntry]], problems: list[Problem]) -> None:
    """Add a problem for each day that appears a second time."""
    first: dict[Any, int] = {}
    for line, entry in found:
        if entry.day in first:
            problems.append(Problem(line, "date", f"{entry.day} appears twice (first on line "
                                                  f"{first[entry.day]})"))
        else:
            first[entry.day] = line


def entry_from(fields: dict[str, object], line: int,
               problems: list[Problem]) -> DailyEntry | None:
    """A checked entry from raw fields, or None after adding the problem."""
    fields = dict(fields)
    if "day" in fields and "date" not in fields:
        fields["date"] = fields.pop("day")
    if "date" not in fields or fields["date"] in (None, ""):
        problems.append(Problem(line, "date", "missing (every day needs its date)"))
        return None
    day = fields.pop("date")
    try:
        return make_entry(day, **{str(k): v for k, v in fields.items()})
    except FieldError as exc:
        problems.append(Problem(line, exc.field, exc.message))
        return None
