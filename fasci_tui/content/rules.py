"""Checks that types alone cannot express, run on each record as it is built.

Each rule takes a record and returns ``(relative key path, message)`` pairs; the loader
turns them into located problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fasci_tui.content.model import (
    FLAG_LEVELS,
    AgeLimit,
    BloodRange,
    DoctorAdvice,
    Food,
    Intake,
    IntakeValue,
    Nutrient,
    Page,
    Reference,
    UpperLimit,
)

Finding = tuple[str, str]


def _food(food: Food) -> list[Finding]:
    found: list[Finding] = []
    if food.amount is not None:
        if food.unit is None:
            found.append(("amount", "an amount needs a 'unit' (mg, mcg, g or IU)"))
        if food.serving is None:
            found.append(("amount", "an amount needs a 'serving' such as '1 oz'"))
        if not food.refs:
            found.append(("amount", "an amount needs 'refs' naming its source"))
        if food.amount < 0:
            found.append(("amount", "must not be negative"))
    elif food.amount_high is not None:
        found.append(("amount_high", "'amount_high' needs an 'amount' too"))
    if food.amount is not None and food.amount_high is not None and food.amount_high < food.amount:
        found.append(("amount_high", "must not be below 'amount'"))
    if food.name != food.name.lower():
        found.append(("name", "food names are lowercase so the same food matches across nutrients"))
    return found


def _intake_value(value: IntakeValue | AgeLimit) -> list[Finding]:
    """An age range that does not run backwards, and an amount above zero (an intake's
    value, or an upper limit's age band)."""
    found: list[Finding] = []
    if value.age_max is not None and value.age_max < value.age_min:
        found.append(("age_max", "must not be below 'age_min'"))
    if value.amount <= 0:
        found.append(("amount", "must be above zero"))
    return found


def _intake(intake: Intake) -> list[Finding]:
    return [] if intake.values else [("values", "list at least one adult group")]


def _age_limit(band: AgeLimit) -> list[Finding]:
    found = _intake_value(band)
    if not band.refs:
        found.append(("amount", "an age band's amount needs 'refs' naming the source that "
                                "holds it"))
    return found


def _upper_limit(limit: UpperLimit) -> list[Finding]:
    if limit.amount is not None and limit.unit is None:
        return [("amount", "an upper limit amount needs a 'unit' (mg, mcg or g)")]
    if limit.amount is None and limit.note is None:
        return [("amount", "when no upper limit is set, say so in 'note'")]
    if not limit.by_age:
        return []
    if limit.amount is None:
        return [("by_age", "age bands need an 'amount' (and 'unit') on the limit too")]
    if limit.other_regions:
        return [("by_age", "age bands and 'other_regions' cannot be combined yet; give "
                           "one of them")]
    found: list[Finding] = []
    for index, (before, band) in enumerate(zip(limit.by_age, limit.by_age[1:],
                                               strict=False), start=1):
        if before.age_max is None or band.age_min <= before.age_max:
            found.append((f"by_age[{index}].age_min",
                          f"overlaps the band before (ages {before.age_min}"
                          f"{'+' if before.age_max is None else f'-{before.age_max}'}); "
                          "list the bands youngest first, without overlap"))
    if limit.amount not in {band.amount for band in limit.by_age}:
        found.append(("amount", "with 'by_age', the amount must be one of the bands' "
                                f"amounts ({', '.join(f'{b.amount:g}' for b in limit.by_age)})"))
    return found


def _blood_range(blood: BloodRange) -> list[Finding]:
    if blood.low is None and blood.high is None and blood.reading is None:
        return [("low", "give 'low', 'high' or both, or explain the result in 'reading'")]
    if blood.low is not None and blood.high is not None and blood.high < blood.low:
        return [("high", "must not be below 'low'")]
    return []


def _doctor_advice(advice: DoctorAdvice) -> list[Finding]:
    levels = tuple(tier.level for tier in advice.tiers)
    if levels and levels != FLAG_LEVELS:
        return [("tiers", "give the tiers once each, in the order now, soon, reassurance "
                 f"(found: {', '.join(levels)})")]
    return []


def _nutrient(nutrient: Nutrient) -> list[Finding]:
    found: list[Finding] = []
    for index, claim in enumerate(nutrient.too_much):
        if not claim.refs:
            found.append((f"too_much[{index}]",
                          "a 'too much' claim needs 'refs' naming its source"))
    for index, food in enumerate(nutrient.foods):
        if food.unit == "IU" and nutrient.iu_per_mcg is None:
            found.append((f"foods[{index}].unit",
                          "IU amounts need 'iu_per_mcg' on the nutrient to compare with intake"))
    if nutrient.id in nutrient.related:
        found.append(("related", "a nutrient cannot be related to itself"))
    if nutrient.iu_per_mcg is not None and nutrient.iu_per_mcg <= 0:
        found.append(("iu_per_mcg", "must be above zero"))
    return found


PAGE_LABEL_WIDTH = 18
"""The most cells a reading page's sidebar label may take."""


def _page(page: Page) -> list[Finding]:
    found: list[Finding] = []
    if page.label is not None and not 0 < len(page.label.strip()) <= PAGE_LABEL_WIDTH:
        found.append(("label", f"a sidebar label takes 1 to {PAGE_LABEL_WIDTH} characters "
                      f"(found {len(page.label.strip())})"))
    for index, alias in enumerate(page.aliases):
        if not alias.strip() or alias.strip() != alias or " " in alias:
            found.append((f"aliases[{index}]", "an alias is one word with no spaces, "
                          "typed as a name on the command line (bfs)"))
    return found


RULES: dict[type, Callable[[Any], list[Finding]]] = {
    Food: _food,
    IntakeValue: _intake_value,
    Intake: _intake,
    UpperLimit: _upper_limit,
    AgeLimit: _age_limit,
    BloodRange: _blood_range,
    DoctorAdvice: _doctor_advice,
    Nutrient: _nutrient,
    Page: _page,
}
"""The extra checks for each record type."""


def evidence_needs_refs(record: Any) -> list[Finding]:
    """Any record with an evidence mark must name the sources the mark rests on."""
    if getattr(record, "evidence", None) is not None and not getattr(record, "refs", ()):
        return [("evidence", "an evidence mark needs 'refs' naming the sources it rests on")]
    return []


NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?:\s?%)?")
"""A number in running text (digits inside a word, like B12 or D3, do not count)."""

STATEMENT_FIELDS = frozenset({"text", "summary", "why", "tips", "note", "answer", "intro",
                              "action", "signs", "red_flags", "disclaimer", "reading"})
"""Fields that hold statements; names, titles, labels and questions are not checked."""


def unsourced_numbers(record: Any, path: str = "", sources: tuple[str, ...] = ()
                      ) -> list[Finding]:
    """Text that states a number with no reference behind it, found anywhere in ``record``.

    A record with its own ``refs`` field must cite in it; a record without one (a link
    text, a deficiency, a section) is covered by the nearest enclosing record's refs.
    """
    fields = getattr(type(record), "_fields", None)
    if fields is None or isinstance(record, Reference):  # a reference is its own source
        return []
    if "refs" in fields:
        sources = tuple(record.refs)
    found: list[Finding] = []
    for name in fields:
        value = getattr(record, name)
        here = f"{path}.{name}" if path else name
        is_list = isinstance(value, tuple) and not hasattr(value, "_fields")
        texts = [value] if isinstance(value, str) else (
            [v for v in value if isinstance(v, str)] if is_list else [])
        if name in STATEMENT_FIELDS and not sources:
            for text in texts:
                match = NUMBER.search(text)
                if match:
                    number = match.group().strip().rstrip(",.")
                    found.append((here, f"states a number ({number!r}) but "
                                  "names no source; add its reference id to 'refs'"))
                    break
        if is_list:
            for index, item in enumerate(value):
                found += unsourced_numbers(item, f"{here}[{index}]", sources)
        else:
            found += unsourced_numbers(value, here, sources)
    return found
