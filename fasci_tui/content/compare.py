"""Rows of the comparison table, derived from the nutrient records (no second copy).

The first ``KEY_COLUMNS`` columns (nutrient, link type, adult intake, upper limit) are
short and fit side by side at 80 columns; the long prose columns are a row's details
(the preview panel on screen, lines under the table in ``fasci-tui show compare``).
Every column sorts; names sort naturally (B1, B6, B12).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from fasci_tui.content.model import Nutrient
from fasci_tui.content.personal import PersonalIntake
from fasci_tui.content.regions import limit_cell
from fasci_tui.content.units import fmt_amount, intake_range, to_mg


class Column(NamedTuple):
    """A column of the comparison table: its key, heading and whether it sorts as a number."""

    key: str
    title: str
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("nutrient", "Nutrient"),
    Column("type", "Link"),
    Column("intake", "Adult intake", numeric=True),
    Column("limit", "Upper limit", numeric=True),
    Column("function", "Primary function"),
    Column("link", "Link to twitching"),
    Column("sources", "Dietary sources"),
)
"""The table's columns, in display order: the key columns, then the details."""

KEY_COLUMNS = 4
"""How many of COLUMNS the table shows side by side; the rest are a row's details."""

COLUMN_ALIASES = {"name": "nutrient", "functions": "function", "link-type": "type",
                  "foods": "sources", "rda": "intake", "ul": "limit", "upper-limit": "limit"}
"""Other names accepted for a column (e.g. on the command line)."""

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """A sort key that orders numbers inside text by value: B1, B6, B12 (not B1, B12, B6)."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


class Row(NamedTuple):
    """One nutrient's row: the text shown in each column and the numbers it sorts by."""

    nutrient_id: str
    cells: dict[str, str]
    numbers: dict[str, float | None]

    def sort_key(self, column: str) -> tuple[int, float | tuple[str | int, ...]]:
        """Key that sorts numbers as numbers, text naturally, and puts missing values last."""
        if column in self.numbers:
            value = self.numbers[column]
            return (1, 0.0) if value is None else (0, value)
        text = self.cells[column]
        return (1, ()) if not text else (0, natural_key(text))


def column_key(name: str) -> str | None:
    """The column key for ``name`` (a key, heading or alias), or None."""
    wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
    keys = [column.key for column in COLUMNS]
    if wanted in keys:  # before headings: "link" is a key, and the heading of "type"
        return wanted
    for column in COLUMNS:
        if wanted == column.title.lower().replace(" ", "-"):
            return column.key
    return COLUMN_ALIASES.get(wanted)


def short_name(nutrient: Nutrient) -> str:
    """The nutrient's name without a parenthesis: ``Vitamin B1 (thiamin)`` → ``Vitamin B1``."""
    return nutrient.name.split(" (", 1)[0]


def row_for(nutrient: Nutrient, intake: PersonalIntake | None = None,
            region: str | None = None) -> Row:
    """The comparison row of one nutrient; with ``intake`` (from a profile) the intake
    cell is the person's own amount, marked ``(you)``, and so is a limit given by age
    (else the range across the age bands, sorted by the lowest); with ``region`` (the
    setting) the upper limit is that region's where regions differ, marked ``12 mg
    (EU)``."""
    limit_text, limit_amount, limit_unit = limit_cell(nutrient.upper_limit, region)
    by_age = nutrient.upper_limit.by_age
    if by_age and limit_unit is not None:
        if intake is not None and intake.upper_group and intake.upper is not None:
            limit_text, limit_amount = f"{fmt_amount(intake.upper, limit_unit)} (you)", \
                intake.upper
        else:
            amounts = [band.amount for band in by_age]
            limit_text = fmt_amount(min(amounts), limit_unit, max(amounts))
            limit_amount = min(amounts)
    limit_mg = to_mg(limit_amount, limit_unit) if limit_amount is not None and limit_unit \
        else None
    low, high = intake_range(nutrient.intake)
    cells = {
        "nutrient": short_name(nutrient),
        "type": nutrient.link.type,
        "intake": fmt_amount(low, nutrient.intake.unit, high),
        "limit": limit_text,
        "function": ", ".join(nutrient.functions),
        "link": " ".join(nutrient.link.text.split()),
        "sources": ", ".join(f.name for f in nutrient.foods),
    }
    numbers = {"intake": to_mg(low, nutrient.intake.unit), "limit": limit_mg}
    if intake is not None and intake.personal and intake.amount is not None:
        cells["intake"] = f"{fmt_amount(intake.amount, intake.unit)} (you)"
        numbers["intake"] = to_mg(intake.amount, intake.unit)
    return Row(nutrient.id, cells, numbers)


def sort_rows(rows: list[Row], column: str, descending: bool = False) -> list[Row]:
    """``rows`` sorted by ``column``; missing values stay last in both directions."""
    present = [r for r in rows if r.sort_key(column)[0] == 0]
    missing = [r for r in rows if r.sort_key(column)[0] == 1]
    present.sort(key=lambda r: r.sort_key(column), reverse=descending)
    return present + missing
