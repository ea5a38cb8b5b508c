"""Rows of the comparison table, derived from the nutrient records (no second copy)."""

from __future__ import annotations

from typing import NamedTuple

from fasci_tui.content.model import Nutrient
from fasci_tui.content.units import fmt_amount, intake_range, intake_summary, to_mg


class Column(NamedTuple):
    """A column of the comparison table: its key, heading and whether it sorts as a number."""

    key: str
    title: str
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("nutrient", "Nutrient"),
    Column("function", "Primary function"),
    Column("link", "Link to twitching"),
    Column("type", "Link"),
    Column("sources", "Dietary sources"),
    Column("intake", "Adult intake", numeric=True),
    Column("limit", "Upper limit", numeric=True),
)
"""The table's columns, in display order."""

COLUMN_ALIASES = {"name": "nutrient", "functions": "function", "link-type": "type",
                  "foods": "sources", "rda": "intake", "ul": "limit", "upper-limit": "limit"}
"""Other names accepted for a column (e.g. on the command line)."""


class Row(NamedTuple):
    """One nutrient's row: the text shown in each column and the numbers it sorts by."""

    nutrient_id: str
    cells: dict[str, str]
    numbers: dict[str, float | None]

    def sort_key(self, column: str) -> tuple[int, float | str]:
        """Key that sorts numbers as numbers and puts missing values last."""
        if column in self.numbers:
            value = self.numbers[column]
            return (1, 0.0) if value is None else (0, value)
        text = self.cells[column]
        return (1, "") if not text else (0, text.casefold())


def column_key(name: str) -> str | None:
    """The column key for ``name`` (a key, heading or alias), or None."""
    wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
    for column in COLUMNS:
        if wanted in (column.key, column.title.lower().replace(" ", "-")):
            return column.key
    return COLUMN_ALIASES.get(wanted)


def row_for(nutrient: Nutrient) -> Row:
    """The comparison row of one nutrient."""
    limit = nutrient.upper_limit
    if limit.amount is not None and limit.unit is not None:
        limit_text = fmt_amount(limit.amount, limit.unit)
        limit_mg = to_mg(limit.amount, limit.unit)
    else:
        limit_text, limit_mg = "none set", None
    low, _ = intake_range(nutrient.intake)
    cells = {
        "nutrient": nutrient.name,
        "function": ", ".join(nutrient.functions),
        "link": nutrient.link.text,
        "type": nutrient.link.type,
        "sources": ", ".join(f.name for f in nutrient.foods),
        "intake": intake_summary(nutrient.intake),
        "limit": limit_text,
    }
    numbers = {"intake": to_mg(low, nutrient.intake.unit), "limit": limit_mg}
    return Row(nutrient.id, cells, numbers)


def sort_rows(rows: list[Row], column: str, descending: bool = False) -> list[Row]:
    """``rows`` sorted by ``column``; missing values stay last in both directions."""
    present = [r for r in rows if r.sort_key(column)[0] == 0]
    missing = [r for r in rows if r.sort_key(column)[0] == 1]
    present.sort(key=lambda r: r.sort_key(column), reverse=descending)
    return present + missing
