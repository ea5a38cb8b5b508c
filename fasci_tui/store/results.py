"""What the person saved besides daily entries: lab results and the watch's answers."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class LabResult(NamedTuple):
    """A blood test result the person saved: its day, the nutrient id (``magnesium``),
    the value and unit as printed, and the range printed on the report (None when none
    was given)."""

    day: dt.date
    test: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None


class Answer(NamedTuple):
    """A yes/no answer to one of the watch's questions (ids in
    :data:`fasci_tui.content.watch.QUESTIONS`), with the day it was given."""

    day: dt.date
    question: str
    yes: bool
