"""What the person saved besides daily entries: lab results and the watch's answers.

:func:`make_lab_result` and :func:`make_answer` check raw values (from code, JSON or
the command line) as :mod:`fasci_tui.store.records` does for entries: a bad value raises
:class:`~fasci_tui.store.records.FieldError` naming the field and what is allowed. The
tests and units a result may have are those of :data:`fasci_tui.content.labs.ANALYTES`;
the questions those of :data:`fasci_tui.content.watch.QUESTIONS`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from fasci_tui.store.records import FieldError, check_day


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


ANSWER_WORDS = {"yes": True, "no": False}
"""How an answer is written in an export."""


def lab_tests() -> tuple[str, ...]:
    """The test ids a saved result may have (``magnesium`` ... ``vitamin-d``)."""
    from fasci_tui.content.labs import ANALYTES

    return tuple(a.nutrient for a in ANALYTES)


def question_ids() -> tuple[str, ...]:
    """The ids of the watch's yes/no questions (``weakness`` ...)."""
    from fasci_tui.content.watch import QUESTION_IDS

    return QUESTION_IDS


def _number(field: str, value: object, what: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise FieldError(field, f"must be {what} (got {value!r})") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value):
        raise FieldError(field, f"must be {what} (got {value!r})")
    return float(value)


def make_lab_result(day: object, test: object, value: object, unit: object,
                    low: object = None, high: object = None) -> LabResult:
    """A checked lab result: a known test, a unit for it, and a value (and printed range
    ends, when given) that a result in that unit could have."""
    from fasci_tui.content.labs import ANALYTES, UNIT_SPELLING, LabError, unit_factor
    from fasci_tui.content.units import fmt_number

    checked_day = check_day(day)
    analyte = next((a for a in ANALYTES if a.nutrient == test), None)
    if analyte is None:
        raise FieldError("test", f"must be one of {', '.join(lab_tests())} (got {test!r})")
    units = ", ".join(UNIT_SPELLING[u] for u in analyte.units)
    try:
        shown_unit, factor = unit_factor(analyte, unit if isinstance(unit, str) else "")
    except LabError:
        raise FieldError("unit", f"must be one of {units} for {analyte.nutrient} "
                                 f"(got {unit!r})") from None
    least, most = (fmt_number(round(b / factor, 3)) for b in analyte.plausible)
    what = f"a number from about {least} to {most} ({analyte.nutrient} in {shown_unit})"
    bounds: list[float | None] = []
    for field, raw in (("value", value), ("low", low), ("high", high)):
        if field != "value" and (raw is None or raw == ""):
            bounds.append(None)
            continue
        number = _number(field, raw, what)
        if not analyte.plausible[0] <= number * factor <= analyte.plausible[1]:
            raise FieldError(field, f"must be {what} (got {raw!r})")
        bounds.append(number)
    result, range_low, range_high = bounds
    if range_low is not None and range_high is not None and not range_low < range_high:
        raise FieldError("high", f"must be above low ({fmt_number(range_low)}; got "
                                 f"{fmt_number(range_high)})")
    return LabResult(checked_day, analyte.nutrient, float(result or 0.0), shown_unit,
                     range_low, range_high)


def check_lab_result(result: LabResult) -> LabResult:
    """``result`` checked (see :func:`make_lab_result`), or FieldError."""
    return make_lab_result(*result)


def make_answer(day: object, question: object, answer: object) -> Answer:
    """A checked answer: a known question and ``yes``/``no`` (or true/false)."""
    checked_day = check_day(day)
    if question not in question_ids():
        raise FieldError("question", f"must be one of {', '.join(question_ids())} "
                                     f"(got {question!r})")
    word = answer.strip().lower() if isinstance(answer, str) else answer
    if isinstance(word, bool):
        yes = word
    elif isinstance(word, str) and word in ANSWER_WORDS:
        yes = ANSWER_WORDS[word]
    else:
        raise FieldError("answer", f"must be yes or no (got {answer!r})")
    return Answer(checked_day, str(question), yes)


def check_answer(answer: Answer) -> Answer:
    """``answer`` checked (see :func:`make_answer`), or FieldError."""
    return make_answer(*answer)
