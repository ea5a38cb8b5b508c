"""The foods pane: every food in the data and the nutrients it supplies.

A table with one row per food-and-nutrient pair (the food's name on its first row only),
so each nutrient a food supplies is its own keyboard stop: ↑/↓ choose, Enter opens
that nutrient. The table is the page model's (``fasci_tui.content.pages.foods_page``,
also printed by ``fasci-tui show foods``): its key columns are the table, and the line
under it shows the highlighted row's other columns (the amount in a serving).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fasci_tui.content.model import Content, normalise
from fasci_tui.content.page import AnyBlock, Table, plain
from fasci_tui.content.pages import foods_page, row_details
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import nutrient_place
from fasci_tui.widgets.blocks import to_text
from fasci_tui.widgets.static_text import show_text


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
        self._intro: list[AnyBlock] = []
        """The blocks above the table: what it lists, and the keys."""
        self._table: Table
        """The page model's foods table (key columns shown, the rest in the detail line)."""
        self._build()

    def _build(self) -> None:
        """Build the page model, servings in the units setting."""
        blocks = foods_page(self._content, self.units).blocks
        self._intro = [b for b in blocks if not isinstance(b, Table)]
        self._table = next(b for b in blocks if isinstance(b, Table))

    def use_units(self, units: str) -> None:
        """Measure servings in ``units`` (set before mounting): the page is built again."""
        super().use_units(units)
        self._build()

    def compose(self) -> ComposeResult:
        """An intro line, the table and a detail line for the highlighted row."""
        yield Static(to_text(self._intro), classes="intro", markup=False)
        yield FoodsTable(cursor_type="row", id="foods-table")
        yield Static("", id="foods-detail", markup=False)

    def on_mount(self) -> None:
        """Fill the table with the page model's rows (its key columns)."""
        table = self.query_one(DataTable)
        shown = self._table.key_columns or len(self._table.header)
        for key, title in zip(("food", "nutrient"), self._table.header[:shown], strict=False):
            table.add_column(title, key=key)
        pairs = [(f.name, n) for f in self._content.foods() for n in f.nutrient_ids]
        for (food_name, nutrient_id), row in zip(pairs, self._table.rows, strict=True):
            table.add_row(*row[:shown], key=f"{food_name}|{nutrient_id}")
            self._rows.append((food_name, nutrient_id))
        self._show_detail(0)

    def detail_text(self, row: int) -> str:
        """The line shown under the table for ``row``: its columns that the table hides."""
        if not 0 <= row < len(self._rows):
            return ""
        return " ".join(plain(para.text) for para in row_details(self._table, row))

    def _show_detail(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            show_text(self.query_one("#foods-detail", Static),
                      to_text(row_details(self._table, row)))

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
