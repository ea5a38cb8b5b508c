"""The foods pane: every food in the data and the nutrients it supplies.

A table with one row per food-and-nutrient pair (the food's name on its first row only),
so each nutrient a food supplies is its own keyboard stop: ↑/↓ choose, Enter opens
that nutrient. The line under the table gives the amount per serving where the data
has one.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fasci_tui.content.model import Content, Food, normalise
from fasci_tui.content.units import fmt_amount
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import nutrient_place, short_name


class FoodsTable(DataTable[str]):
    """The foods table; Enter is shown in the footer as "Open nutrient"."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open nutrient"),
    ]


class FoodsPane(Pane, Vertical):
    """Foods A to Z; Enter on a row opens the nutrient it names."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._rows: list[tuple[str, str]] = []  # (food name, nutrient id) per row

    def compose(self) -> ComposeResult:
        """An intro line, the table and a detail line for the highlighted row."""
        yield Static(f"{len(self._content.foods())} foods and the nutrients they supply. "
                     "Enter opens the nutrient.", classes="intro", markup=False)
        yield FoodsTable(cursor_type="row", id="foods-table")
        yield Static("", id="foods-detail", markup=False)

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_column("Food", key="food")
        table.add_column("Supplies", key="nutrient")
        for source in self._content.foods():
            for index, nutrient_id in enumerate(source.nutrient_ids):
                nutrient = self._content.nutrient(nutrient_id)
                table.add_row(source.name if index == 0 else "", short_name(nutrient),
                              key=f"{source.name}|{nutrient_id}")
                self._rows.append((source.name, nutrient_id))
        self._show_detail(0)

    def _food_record(self, food_name: str, nutrient_id: str) -> Food | None:
        for food in self._content.nutrient(nutrient_id).foods:
            if food.name.lower() == food_name.lower():
                return food
        return None

    def detail_text(self, row: int) -> str:
        """The line shown under the table for ``row``."""
        if not 0 <= row < len(self._rows):
            return ""
        food_name, nutrient_id = self._rows[row]
        nutrient = self._content.nutrient(nutrient_id)
        food = self._food_record(food_name, nutrient_id)
        text = f"{food_name.capitalize()} supplies {nutrient.name}"
        if food is not None and food.amount is not None and food.unit:
            text += f": {fmt_amount(food.amount, food.unit, food.amount_high)}"
            if food.serving:
                text += f" per {food.serving}"
        others = [short_name(self._content.nutrient(n)) for n in self._food_ids(food_name)
                  if n != nutrient_id]
        if others:
            text += f" (also {', '.join(others)})"
        return text + "."

    def _food_ids(self, food_name: str) -> list[str]:
        return [n for f, n in self._rows if f == food_name]

    def _show_detail(self, row: int) -> None:
        self.query_one("#foods-detail", Static).update(self.detail_text(row))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Describe the highlighted row."""
        self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a row opens its nutrient."""
        event.stop()
        self._open(event.cursor_row)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.post_message(Navigate(nutrient_place(self._rows[row][1])))

    @property
    def current(self) -> tuple[str, str] | None:
        """(food name, nutrient id) of the highlighted row."""
        row = self.query_one(DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def enter(self) -> None:
        """Focus the table."""
        self.query_one(DataTable).focus()

    def reveal(self, item: str) -> None:
        """Highlight the first row of the food called ``item`` (case and spacing ignored)."""
        key = normalise(item)
        for row, (food_name, _nutrient_id) in enumerate(self._rows):
            if normalise(food_name) == key:
                table = self.query_one(DataTable)
                table.move_cursor(row=row, animate=False)
                self._show_detail(row)
                return
