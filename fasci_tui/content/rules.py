"""Checks that types alone cannot express, run on each record as it is built.

Each rule takes a record and returns ``(relative key path, message)`` pairs; the loader
turns them into located problems.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fasci_tui.content.model import (
    BloodRange,
    Food,
    Intake,
    IntakeValue,
    Nutrient,
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


def _intake_value(value: IntakeValue) -> list[Finding]:
    found: list[Finding] = []
    if value.age_max is not None and value.age_max < value.age_min:
        found.append(("age_max", "must not be below 'age_min'"))
    if value.amount <= 0:
        found.append(("amount", "must be above zero"))
    return found


def _intake(intake: Intake) -> list[Finding]:
    return [] if intake.values else [("values", "list at least one adult group")]


def _upper_limit(limit: UpperLimit) -> list[Finding]:
    if limit.amount is not None and limit.unit is None:
        return [("amount", "an upper limit amount needs a 'unit' (mg, mcg or g)")]
    if limit.amount is None and limit.note is None:
        return [("amount", "when no upper limit is set, say so in 'note'")]
    return []


def _blood_range(blood: BloodRange) -> list[Finding]:
    if blood.low is None and blood.high is None and blood.reading is None:
        return [("low", "give 'low', 'high' or both, or explain the result in 'reading'")]
    if blood.low is not None and blood.high is not None and blood.high < blood.low:
        return [("high", "must not be below 'low'")]
    return []


def _nutrient(nutrient: Nutrient) -> list[Finding]:
    found: list[Finding] = []
    for index, food in enumerate(nutrient.foods):
        if food.unit == "IU" and nutrient.iu_per_mcg is None:
            found.append((f"foods[{index}].unit",
                          "IU amounts need 'iu_per_mcg' on the nutrient to compare with intake"))
    if nutrient.id in nutrient.related:
        found.append(("related", "a nutrient cannot be related to itself"))
    if nutrient.iu_per_mcg is not None and nutrient.iu_per_mcg <= 0:
        found.append(("iu_per_mcg", "must be above zero"))
    return found


RULES: dict[type, Callable[[Any], list[Finding]]] = {
    Food: _food,
    IntakeValue: _intake_value,
    Intake: _intake,
    UpperLimit: _upper_limit,
    BloodRange: _blood_range,
    Nutrient: _nutrient,
}
"""The extra checks for each record type."""
