"""The comparison table: one row per nutrient, sortable by any column.

Rows come from the page model (``fasci_tui.content.pages.compare_table``, built from
``content.compare.row_for``: derived from the nutrient records, never a second copy of
the facts), the same table ``fasci-tui show compare`` prints. Its key columns (nutrient,
link type, adult intake, upper limit) fit side by side in 56 columns, so nothing
scrolls sideways at 80×24; the long prose columns of the highlighted row show in the
preview under the table. Every column sorts (``sort_rows``: numbers as numbers with
their units understood, names naturally, missing values last in both directions).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text as RichText
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.widgets.option_list import Option

from fasci_tui.content.compare import COLUMNS, KEY_COLUMNS, Row, row_for, sort_rows
from fasci_tui.content.compare import column_key as resolve_column
from fasci_tui.content.model import Content
from fasci_tui.content.page import Para
from fasci_tui.content.pages import compare_table, row_details
from fasci_tui.content.personal import personal_intake
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place, nutrient_place
from fasci_tui.state import StateStore
from fasci_tui.target import Target
from fasci_tui.widgets.blocks import to_text
from fasci_tui.widgets.static_text import show_text

ASCENDING_MARK = "▲"
DESCENDING_MARK = "▼"

MAX_WIDTH = 16
"""Widest a key column's cells may be; longer text is cut with … (user data)."""
PREVIEW_HINT = "S sort by… · Enter opens"
"""The preview's subtitle: the keys a newcomer needs here."""

_TITLES = {column.key: column.title for column in COLUMNS}
_KEYS = [column.key for column in COLUMNS]
_SHOWN = _KEYS[:KEY_COLUMNS]


def _cell(text: str) -> RichText:
    """A table cell: one line, cut with … when too long, never read as markup."""
    return RichText(text or "—", no_wrap=True, overflow="ellipsis")


def _mark(descending: bool) -> str:
    return DESCENDING_MARK if descending else ASCENDING_MARK


class CompareTable(DataTable[object]):
    """The comparison DataTable. ← in the first column leaves for the app (the sidebar)."""

    def action_cursor_left(self) -> None:
        """Move the cursor left, or let the key through when already in the first column."""
        if self.cursor_column == 0:
            raise SkipAction()
        super().action_cursor_left()


class SortChooser(ModalScreen[str | None]):
    """Choose the column to sort by, shown or not: Enter picks, Esc cancels.

    Picking the column already sorted by reverses the order.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    AUTO_FOCUS = "#sort-options"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="In the sort chooser: keep the order"),
    ]

    def __init__(self, current: str | None, descending: bool) -> None:
        super().__init__()
        self._current = current
        self._descending = descending

    def compose(self) -> ComposeResult:
        """The columns, the current one marked with its direction."""
        options = []
        for column in COLUMNS:
            where = "" if column.key in _SHOWN else "  (in the preview)"
            mark = ""
            if column.key == self._current:
                mark = f" {_mark(self._descending)} (again: reverse)"
            options.append(Option(f"{column.title}{mark}{where}", id=column.key))
        with Vertical(id="sort-box"):
            yield Static("Sort the table by", id="sort-question")
            yield Static("↑ ↓ choose · Enter sorts · Esc keeps the order", id="sort-keys")
            chooser = OptionList(*options, id="sort-options", markup=False)
            if self._current in _KEYS:
                chooser.highlighted = _KEYS.index(self._current)
            yield chooser

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Esc: close without sorting."""
        self.dismiss(None)


class ComparePane(Pane, Widget):
    """Nutrients side by side in a sortable table, with the highlighted row's details below.

    Keys: ``s`` sorts by the column under the cursor (again to reverse), ``S`` chooses any
    column to sort by (the preview's too), ``<`` / ``>`` move the sort to the previous /
    next column, Enter opens the nutrient. Clicking a header sorts by it.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_cursor_column", "Sort", show=True,
                tooltip="Sort by the column under the cursor (again: reverse)"),
        Binding("S", "choose_sort", "Sort by…", show=True, key_display="S",
                tooltip="Choose any column to sort by, the preview's too"),
        Binding("less_than_sign", "shift_sort(-1)", "Sort ←", show=False, key_display="<",
                tooltip="Sort by the previous column (the preview's columns follow the table's)"),
        Binding("greater_than_sign", "shift_sort(1)", "Sort →", show=False, key_display=">",
                tooltip="Sort by the next column"),
    ]

    def __init__(self, content: Content, store: StateStore | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._store = store
        self.profile = store.profile if store is not None else None
        """Whose intakes the intake column shows (None: the adult ranges)."""
        self._rows: list[Row] = self._make_rows()
        self._by_id = {row.nutrient_id: row for row in self._rows}
        self.sort_column: str | None = None
        """The key of the column the rows are sorted by (None: content order)."""
        self.sort_descending: bool = False
        """True when the sort runs from high to low (Z to A)."""
        self._ready = False
        self._pending_reveal: str | None = None
        self._pending_top = False
        self._first_cell: dict[int, str] = {}
        """Nutrient id by the identity of its row's first cell (to reorder rows in place)."""

    def _make_rows(self) -> list[Row]:
        profile = self.profile
        return [row_for(n, personal_intake(n, profile) if profile else None,
                        self.limit_region)
                for n in self._content.nutrients]

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> ComparePane:
        """A pane whose intake column follows ``store``'s profile."""
        return cls(content, store)

    def use_region(self, region: str | None) -> None:
        """Upper limits of the settings' region (set before the table is built)."""
        super().use_region(region)
        self._rows = self._make_rows()
        self._by_id = {row.nutrient_id: row for row in self._rows}

    def show(self, place: Place) -> None:
        """Come on show; if the profile changed, the intake column changes with it."""
        super().show(place)
        profile = self._store.profile if self._store is not None else None
        if profile == self.profile:
            return
        self.profile = profile
        self._rows = self._make_rows()
        self._by_id = {row.nutrient_id: row for row in self._rows}
        if self._ready:
            table = self.query_one(CompareTable)
            for row in self._rows:
                table.update_cell(row.nutrient_id, "intake", _cell(row.cells["intake"]))
            self._refresh_table(cursor_column=self.sort_column)

    # -- public API -----------------------------------------------------------------------

    @property
    def ordered_ids(self) -> list[str]:
        """Nutrient ids in the order the table shows them."""
        return [row.nutrient_id for row in self._ordered_rows()]

    def sort_by(self, column_key: str, descending: bool = False) -> None:
        """Sort by a column (a key such as ``intake``, a heading or an alias), cursor on
        the top row (a deep link: ``fasci-tui compare --sort intake``).

        Works before the pane is mounted too (the sort applies when it is).
        Raises ``ValueError`` for a name that is not a column.
        """
        key = self._sort(column_key, descending)
        if not self._ready:
            self._pending_top = True
            return
        self.query_one(CompareTable).move_cursor(row=0, column=self._cursor_column(key),
                                                 animate=False)

    def apply(self, target: Target) -> None:
        """A deep link's sort (``compare --sort intake``)."""
        if target.sort_column:
            self.sort_by(target.sort_column, target.sort_descending)

    def enter(self) -> None:
        """Focus the table."""
        self.query_one(CompareTable).focus()

    def reveal(self, item: str) -> None:
        """Move the cursor to a nutrient's row (``magnesium`` or ``nutrient-magnesium``)."""
        nutrient_id = item.removeprefix("nutrient-") if item not in self._by_id else item
        if nutrient_id not in self._by_id:
            return
        if not self._ready:
            self._pending_reveal = nutrient_id
            return
        table = self.query_one(CompareTable)
        table.move_cursor(row=self.ordered_ids.index(nutrient_id))

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The table over a scrolling preview of the highlighted row."""
        yield CompareTable(cursor_type="cell", zebra_stripes=True, fixed_columns=1,
                           id="compare-table")
        with VerticalScroll(id="compare-preview"):
            yield Static(id="compare-preview-text", markup=False)

    def on_mount(self) -> None:
        """Add the key columns (fixed widths, so labels never push the layout) and the rows."""
        table = self.query_one(CompareTable)
        for key in _SHOWN:
            table.add_column(self._label(key), key=key, width=self._width(key))
        self._ready = True
        self._refresh_table(cursor_column=self.sort_column)
        if self._pending_top:
            table.move_cursor(row=0, animate=False)
        if self._pending_reveal is not None:
            self.reveal(self._pending_reveal)
            self._pending_reveal = None

    def _width(self, key: str) -> int:
        widest = max(len(row.cells[key]) for row in self._rows)
        # Room for the heading plus " ▲".
        return max(len(_TITLES[key]) + 2, min(widest, MAX_WIDTH))

    def _label(self, key: str) -> RichText:
        if key != self.sort_column:
            return RichText(_TITLES[key])
        return RichText.assemble((_TITLES[key], "bold"), f" {_mark(self.sort_descending)}")

    def _ordered_rows(self) -> list[Row]:
        if self.sort_column is None:
            return list(self._rows)
        return sort_rows(self._rows, self.sort_column, self.sort_descending)

    def _cursor_column(self, key: str | None) -> int:
        """The table column for the cursor when sorting by ``key`` (a preview column: none
        of the table's, so the cursor stays where it is)."""
        table = self.query_one(CompareTable)
        return _SHOWN.index(key) if key in _SHOWN else table.cursor_column

    def _sort(self, column_key: str, descending: bool) -> str:
        """Sort the rows, keeping the cursor on its nutrient; return the column's key."""
        key = resolve_column(column_key)
        if key is None:
            raise ValueError(f"no such column: {column_key!r}")
        self.sort_column = key
        self.sort_descending = descending
        self._refresh_table(cursor_column=key)
        return key

    def _refresh_table(self, cursor_column: str | None = None) -> None:
        """Re-add the rows in sort order, relabel the headers, keep the cursor's nutrient."""
        if not self._ready:
            return
        table = self.query_one(CompareTable)
        current = self._highlighted_id(table)
        column_index = self._cursor_column(cursor_column)
        for key, column in table.columns.items():
            column.label = self._label(str(key.value))
        ordered = self._ordered_rows()
        if table.row_count == 0:
            for row in ordered:
                cells = [_cell(row.cells[key]) for key in _SHOWN]
                self._first_cell[id(cells[0])] = row.nutrient_id
                table.add_row(*cells, key=row.nutrient_id)
        else:
            # Reorder the rows in place: DataTable keeps its measured cells, so a sort of
            # thousands of rows costs a sort, not a rebuild of the table.
            rank = {row.nutrient_id: index for index, row in enumerate(ordered)}
            first_cell = self._first_cell
            table.sort("nutrient", key=lambda cell: rank[first_cell[id(cell)]])
        ids = [row.nutrient_id for row in ordered]
        row_index = ids.index(current) if current in ids else 0
        table.move_cursor(row=row_index, column=column_index, animate=False)
        self._show_preview(table)

    @staticmethod
    def _highlighted_id(table: DataTable[object]) -> str | None:
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except CellDoesNotExist:
            return None
        return row_key.value

    def preview_blocks(self, nutrient_id: str) -> tuple[Para, ...]:
        """The page model's details of a nutrient's row (the preview's lines)."""
        table = compare_table([self._by_id[nutrient_id]])
        marks: dict[int, str] = {}
        if self.sort_column is not None:
            marks[_KEYS.index(self.sort_column)] = _mark(self.sort_descending)
        return row_details(table, 0, marks)

    def _show_preview(self, table: DataTable[object]) -> None:
        nutrient_id = self._highlighted_id(table)
        preview = self.query_one("#compare-preview", VerticalScroll)
        text = self.query_one("#compare-preview-text", Static)
        if nutrient_id is None:
            show_text(text, "")
            return
        show_text(text, to_text(self.preview_blocks(nutrient_id)))
        title = self._by_id[nutrient_id].cells["nutrient"]
        if preview.border_title != title:  # setting it repaints the preview
            preview.border_title = title
        hint = PREVIEW_HINT
        if self.sort_column is not None and self.sort_column not in _SHOWN:
            # No header of the table shows the sort: say it under the table.
            hint = (f"sorted by {_TITLES[self.sort_column]} {_mark(self.sort_descending)}"
                    " · S sort by…")
        if preview.border_subtitle != hint:
            preview.border_subtitle = hint
        preview.scroll_home(animate=False)

    # -- events and actions ---------------------------------------------------------------

    @on(DataTable.CellHighlighted, "#compare-table")
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._show_preview(event.data_table)

    @on(DataTable.CellSelected, "#compare-table")
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.post_message(Navigate(nutrient_place(str(event.cell_key.row_key.value))))

    @on(DataTable.HeaderSelected, "#compare-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self._toggle_sort(str(event.column_key.value))

    def action_sort_cursor_column(self) -> None:
        """Sort by the column under the cursor; on the sorted column, reverse the order."""
        table = self.query_one(CompareTable)
        self._toggle_sort(_SHOWN[table.cursor_column])

    def action_shift_sort(self, step: int) -> None:
        """Sort by the column ``step`` places from the current sort column (wrapping)."""
        if self.sort_column is None:
            index = 0 if step > 0 else len(_KEYS) - 1
        else:
            index = (_KEYS.index(self.sort_column) + step) % len(_KEYS)
        self._sort(_KEYS[index], self.sort_descending)

    def action_choose_sort(self) -> None:
        """Open the column chooser; sort by the column picked."""

        def chosen(key: str | None) -> None:
            if key is not None:
                self._toggle_sort(key)

        self.app.push_screen(SortChooser(self.sort_column, self.sort_descending), chosen)

    def _toggle_sort(self, key: str) -> None:
        descending = not self.sort_descending if key == self.sort_column else False
        self._sort(key, descending)
