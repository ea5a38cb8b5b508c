"""Food servings in the person's ``units`` setting (``fasci_tui.config``: ``us`` or ``metric``).

The data gives servings in US customary measures (``3 oz``, ``1/2 cup boiled``). With
``units = "metric"`` the measure reads in grams or millilitres (``85 g``, ``120 mL
boiled``) and the other words stay; with ``us`` (the default) the serving is unchanged.
The nutrient page's food bars, the foods page, ``show`` and the app all come here through
``content/units.py`` ``fmt_food_amount``. Textual-free.
"""

from __future__ import annotations

import re

from fasci_tui.config import Settings

METRIC = "metric"
"""The ``units`` value that turns US measures into metric ones."""

TO_METRIC: dict[str, tuple[float, str]] = {
    "oz": (28.35, "g"), "ounce": (28.35, "g"), "ounces": (28.35, "g"),
    "cup": (240.0, "mL"), "cups": (240.0, "mL"),
    "tbsp": (15.0, "mL"), "tablespoon": (15.0, "mL"), "tablespoons": (15.0, "mL"),
    "tsp": (5.0, "mL"), "teaspoon": (5.0, "mL"), "teaspoons": (5.0, "mL"),
}
"""US measures and their metric size (1 oz = 28.35 g, 1 cup = 240 mL as on US labels)."""

_CHARS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅛": 0.125}
_QUANTITY = re.compile(
    r"^(?:(?P<whole>\d+(?:\.\d+)?)(?:\s+|(?=[½⅓⅔¼¾⅛]))?)?"
    r"(?:(?P<num>\d+)/(?P<den>\d+)|(?P<char>[½⅓⅔¼¾⅛]))?\s*(?P<unit>[A-Za-z]+)\b,?")
"""A leading quantity (``3``, ``1/2``, ``1 1/2``, ``1½``, ``0.5``) and its measure word."""


def units_setting(settings: Settings) -> str:
    """The ``units`` the settings ask for (``us`` unless the file says ``metric``)."""
    return settings.units


def _quantity(match: re.Match[str]) -> float | None:
    """The number a :data:`_QUANTITY` match reads, None when it has none."""
    whole, num, den, char = match.group("whole", "num", "den", "char")
    if whole is not None and num is not None:
        return None if whole and "." in whole else float(whole) + int(num) / int(den)
    if whole is None and num is None and char is None:
        return None
    total = float(whole or 0)
    if num is not None:
        total += int(num) / int(den) if int(den) else 0
    if char is not None:
        total += _CHARS[char]
    return total


def metric_serving(serving: str) -> str:
    """``serving`` with a leading US measure in metric: ``3 oz`` → ``85 g``, ``1/2 cup
    boiled`` → ``120 mL boiled``; other servings (``1 medium``) unchanged."""
    match = _QUANTITY.match(serving.strip())
    if match is None or match.group("unit").lower() not in TO_METRIC:
        return serving
    amount = _quantity(match)
    if not amount:
        return serving
    factor, unit = TO_METRIC[match.group("unit").lower()]
    value = amount * factor
    shown = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else str(round(value))
    rest = serving.strip()[match.end():].strip()
    comma = "," if match.group(0).endswith(",") else ""
    return f"{shown} {unit}{comma}" + (f" {rest}" if rest else "")


def serving_in(serving: str, units: str) -> str:
    """``serving`` as the ``units`` setting asks: metric converts, anything else keeps it."""
    return metric_serving(serving) if units == METRIC else serving
