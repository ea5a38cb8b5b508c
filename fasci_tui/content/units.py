"""Amounts and units: conversion to milligrams and readable formatting."""

from __future__ import annotations

from fasci_tui.content.measures import serving_in
from fasci_tui.content.model import Food, Intake, Number, Nutrient

_MG_PER = {"g": 1000.0, "mg": 1.0, "mcg": 0.001}


def to_mg(amount: Number, unit: str, iu_per_mcg: Number | None = None) -> float | None:
    """``amount`` of ``unit`` in milligrams; None when the unit cannot be converted."""
    if unit in _MG_PER:
        return float(amount) * _MG_PER[unit]
    if unit == "IU" and iu_per_mcg:
        return float(amount) / float(iu_per_mcg) * _MG_PER["mcg"]
    return None


def fmt_number(value: Number) -> str:
    """A number without needless decimals and with thousands separators: 1,000 or 2.4."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fmt_amount(amount: Number, unit: str, high: Number | None = None) -> str:
    """An amount with its unit, or a range: ``156 mg``, ``383–570 IU``."""
    if high is not None and high != amount:
        return f"{fmt_number(amount)}–{fmt_number(high)} {unit}"
    return f"{fmt_number(amount)} {unit}"


FRACTIONS = {"1/2": "½", "1/3": "⅓", "2/3": "⅔", "1/4": "¼", "3/4": "¾", "1/8": "⅛"}
"""Fractions written with a slash in the data, and the characters that read better."""

MEASURES = frozenset({
    "oz", "ounce", "ounces", "cup", "cups", "tbsp", "tsp", "tablespoon", "tablespoons",
    "teaspoon", "teaspoons", "g", "ml", "slice", "slices", "small", "medium", "large",
    "piece", "pieces", "can", "glass", "glasses", "egg", "eggs",
})
"""Words that end a serving's measure (``1/2 cup``); what follows describes the food."""


def fmt_serving(serving: str) -> str:
    """A serving as it reads best: ``1/2 cup boiled`` → ``½ cup, boiled``.

    Slash fractions become fraction characters (``1 1/2`` → ``1½``) and the
    description after the measure is set off with a comma unless it has one.
    """
    words = serving.split()
    out: list[str] = []
    for word in words:
        fraction = FRACTIONS.get(word)
        if fraction and out and out[-1].isdigit():
            out[-1] += fraction
        else:
            out.append(fraction or word)
    for index, word in enumerate(out[:-1]):
        if word.lower() in MEASURES and index > 0 and not word.endswith(","):
            if not out[index + 1].startswith(("(", ",")):
                out[index] = word + ","
            break
        if not (word[:1].isdigit() or word in FRACTIONS.values()):
            break
    return " ".join(out)


def fmt_food_amount(food: Food, units: str = "us") -> str | None:
    """A food's amount per serving: ``78 mg per ½ cup, boiled``; None without an amount.
    With ``units`` ``metric`` the serving reads in metric (content/measures.py)."""
    if food.amount is None or not food.unit:
        return None
    text = fmt_amount(food.amount, food.unit, food.amount_high)
    if not food.serving:
        return text
    return f"{text} per {fmt_serving(serving_in(food.serving, units))}"


def age_band(age_min: int, age_max: int | None) -> str:
    """An age band such as ``19–30`` or ``51+``."""
    return f"{age_min}+" if age_max is None else f"{age_min}–{age_max}"


def intake_range(intake: Intake) -> tuple[Number, Number]:
    """The lowest and highest adult amount across all groups."""
    amounts = [v.amount for v in intake.values]
    return min(amounts), max(amounts)


def food_percent(food: Food, nutrient: Nutrient) -> float | None:
    """A serving of ``food`` as a percentage of the highest adult daily intake, if known."""
    if food.amount is None or food.unit is None:
        return None
    amount = food.amount if food.amount_high is None else (food.amount + food.amount_high) / 2
    food_mg = to_mg(amount, food.unit, nutrient.iu_per_mcg)
    target = to_mg(intake_range(nutrient.intake)[1], nutrient.intake.unit)
    if food_mg is None or not target:
        return None
    return 100.0 * food_mg / target
