"""The comparison table: one row per nutrient, sortable by any column.

Rows come from ``fasci_tui.content.compare.row_for`` (derived from the nutrient records,
never a second copy of the facts) and sort with ``sort_rows``, so numbers sort as numbers
with their units understood and missing values ("none set") stay last in both directions.
Cells are cut short to fit; the preview under the table shows the highlighted row in full.
"""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from rich.text import Text as RichText
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content as Text
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist

from fasci_tui.content.compare import COLUMNS, Row, row_for, sort_rows
from fasci_tui.content.compare import column_key as resolve_column
from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import nutrient_place
from fasci_tui.target import Target
from fasci_tui.widgets.static_text import show_text

ASCENDING_MARK = "▲"
DESCENDING_MARK = "▼"

MAX_WIDTHS = {"function": 18, "link": 22, "sources": 20}
"""Widest a column's cells may be; longer text is cut with … (the preview shows it all)."""

_TITLES = {column.key: column.title for column in COLUMNS}
_KEYS = [column.key for column in COLUMNS]
PREVIEW_ORDER = ("type", "intake", "limit", "function", "sources", "link")
"""Preview fields: the short ones first so they show without scrolling at 80×24."""


def _cell(text: str) -> RichText:
    """A table cell: one line, cut with … when too long, never read as markup."""
    return RichText(text or "—", no_wrap=True, overflow="ellipsis")


class CompareTable(DataTable[object]):
    """The comparison DataTable. ← in the first column leaves for the app (the sidebar).

    Scrolled sideways, a column partly hidden under the fixed Nutrient column is left
    blank rather than showing only its right end (``000–1,200 mg`` for ``1,000–1,200 mg``).
    """

    def action_cursor_left(self) -> None:
        """Move the cursor left, or let the key through when already in the first column."""
        if self.cursor_column == 0:
            raise SkipAction()
        super().action_cursor_left()

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        """Scroll to the cursor (DataTable's own, private hook), then snap to a column."""
        super()._scroll_cursor_into_view(animate=False)
        self.call_after_refresh(self._snap_to_column)

    def _snap_to_column(self) -> None:
        """Start the scrolled columns at a column's edge, so none is cut on the left.

        The cut column is shown whole when the cursor's column still fits, else it is
        scrolled out of view. At the right end the table may not scroll far enough;
        then :meth:`render_line` blanks what remains of the cut column.
        """
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        fixed = sum(widths[: self.fixed_columns])
        starts = [sum(widths[:index]) for index in range(len(widths))]
        scroll_x = round(self.scroll_x)
        view = self.scrollable_content_region.width
        for index in range(self.fixed_columns, len(widths)):
            start, end = starts[index], starts[index] + widths[index]
            if not start < scroll_x + fixed < end:
                continue
            cursor = self.cursor_column
            target = start - fixed
            # The cursor's column must fit, all but its right padding.
            cursor_end = starts[cursor] + widths[cursor] - self.cell_padding
            if cursor >= self.fixed_columns and (cursor < index or cursor_end - target > view):
                target = end - fixed
            self.scroll_to(x=min(target, self.max_scroll_x), animate=False, force=True,
                           immediate=True)
            return

    @property
    def hidden_columns(self) -> bool:
        """True when some columns are out of view to the left or right."""
        return self.max_scroll_x > 0

    def _cut_span(self) -> tuple[int, int]:
        """(start, width) on screen of the scrolled column cut by the fixed columns."""
        scroll_x = round(self.scroll_x)
        columns = self.ordered_columns
        widths = [column.get_render_width(self) for column in columns]
        fixed = sum(widths[: self.fixed_columns])
        if scroll_x <= 0:
            return fixed, 0
        start = 0
        for width in widths:
            end = start + width
            if start < scroll_x + fixed < end:
                return fixed, end - scroll_x - fixed
            start = end
        return fixed, 0

    def render_line(self, y: int) -> Strip:
        """A line of the table, with any cut column's remains blanked (styles kept)."""
        strip = super().render_line(y)
        start, width = self._cut_span()
        if width <= 0:
            return strip
        middle = strip.crop(start, start + width)
        blank = Strip([Segment(" " * segment.cell_length, segment.style)
                       for segment in middle if not segment.control], middle.cell_length)
        return Strip.join([strip.crop(0, start), blank, strip.crop(start + width)])


class ComparePane(Pane, Widget):
    """Nutrients side by side in a sortable table, with the highlighted row in full below.

    Keys: ``s`` sorts by the column under the cursor (again to reverse), ``<`` / ``>``
    move the sort to the previous / next column, Enter opens the nutrient. Clicking a
    header sorts by it (click again to reverse).
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("s", "sort_cursor_column", "Sort", show=True,
                tooltip="Sort by the column under the cursor (again: reverse)"),
        Binding("less_than_sign", "shift_sort(-1)", "Sort ←", show=True, key_display="<",
                tooltip="Sort by the column to the left"),
        Binding("greater_than_sign", "shift_sort(1)", "Sort →", show=True, key_display=">",
                tooltip="Sort by the column to the right"),
    ]

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._rows: list[Row] = [row_for(n) for n in content.nutrients]
        self._by_id = {row.nutrient_id: row for row in self._rows}
        self.sort_column: str | None = None
        """The key of the column the rows are sorted by (None: content order)."""
        self.sort_descending: bool = False
        """True when the sort runs from high to low (Z to A)."""
        self._ready = False
        self._pending_reveal: str | None = None
        self._first_cell: dict[int, str] = {}
        """Nutrient id by the identity of its row's first cell (to reorder rows in place)."""

    # -- public API -----------------------------------------------------------------------

    @property
    def ordered_ids(self) -> list[str]:
        """Nutrient ids in the order the table shows them."""
        return [row.nutrient_id for row in self._ordered_rows()]

    def sort_by(self, column_key: str, descending: bool = False) -> None:
        """Sort by a column (a key such as ``intake``, a heading or an alias).

        Works before the pane is mounted too (the sort applies when it is).
        Raises ``ValueError`` for a name that is not a column.
        """
        key = resolve_column(column_key)
        if key is None:
            raise ValueError(f"no such column: {column_key!r}")
        self.sort_column = key
        self.sort_descending = descending
        self._refresh_table(cursor_column=key)

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
        """Add the columns (fixed widths, so labels never push the layout) and the rows."""
        table = self.query_one(CompareTable)
        for column in COLUMNS:
            table.add_column(self._label(column.key), key=column.key,
                             width=self._width(column.key))
        self._ready = True
        self._refresh_table(cursor_column=self.sort_column)
        if self._pending_reveal is not None:
            self.reveal(self._pending_reveal)
            self._pending_reveal = None

    def _width(self, key: str) -> int:
        widest = max(len(row.cells[key]) for row in self._rows)
        # Room for the heading plus " ▲".
        return max(len(_TITLES[key]) + 2, min(widest, MAX_WIDTHS.get(key, widest)))

    def _label(self, key: str) -> RichText:
        if key != self.sort_column:
            return RichText(_TITLES[key])
        mark = DESCENDING_MARK if self.sort_descending else ASCENDING_MARK
        return RichText.assemble((_TITLES[key], "bold"), f" {mark}")

    def _ordered_rows(self) -> list[Row]:
        if self.sort_column is None:
            return list(self._rows)
        return sort_rows(self._rows, self.sort_column, self.sort_descending)

    def _refresh_table(self, cursor_column: str | None = None) -> None:
        """Re-add the rows in sort order, relabel the headers, keep the cursor's nutrient."""
        if not self._ready:
            return
        table = self.query_one(CompareTable)
        current = self._highlighted_id(table)
        column_index = table.cursor_column
        if cursor_column is not None:
            column_index = _KEYS.index(cursor_column)
        for key, column in table.columns.items():
            column.label = self._label(str(key.value))
        ordered = self._ordered_rows()
        if table.row_count == 0:
            for row in ordered:
                cells = [_cell(row.cells[key]) for key in _KEYS]
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

    def _show_preview(self, table: DataTable[object]) -> None:
        nutrient_id = self._highlighted_id(table)
        preview = self.query_one("#compare-preview", VerticalScroll)
        text = self.query_one("#compare-preview-text", Static)
        if nutrient_id is None:
            text.update("")
            return
        row = self._by_id[nutrient_id]
        cursor_key = _KEYS[min(table.cursor_column, len(_KEYS) - 1)]
        parts: list[Text] = []
        for key in [*PREVIEW_ORDER, *(k for k in _KEYS if k not in PREVIEW_ORDER)]:
            if key == "nutrient":
                continue
            label_style = "bold $accent" if key == cursor_key else "bold"
            mark = ""
            if key == self.sort_column:
                mark = f" {DESCENDING_MARK if self.sort_descending else ASCENDING_MARK}"
            parts.append(Text.assemble((f"{_TITLES[key]}{mark}: ", label_style),
                                       row.cells[key] or "—"))
        show_text(text, Text("\n").join(parts))
        if preview.border_title != row.cells["nutrient"]:  # setting it repaints the preview
            preview.border_title = row.cells["nutrient"]
        self._update_hint()
        preview.scroll_home(animate=False)

    def _update_hint(self) -> None:
        """The preview's subtitle: the keys, including ← → while columns are out of view."""
        table = self.query_one(CompareTable)
        hint = "← → more columns · Enter opens the page" if table.hidden_columns else (
            "Enter opens the page")
        preview = self.query_one("#compare-preview", VerticalScroll)
        if preview.border_subtitle != hint:  # setting it repaints the whole preview
            preview.border_subtitle = hint

    def on_resize(self) -> None:
        """Whether columns are out of view depends on the width."""
        if self._ready:
            self.call_after_refresh(self._update_hint)

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
        self._toggle_sort(_KEYS[table.cursor_column])

    def action_shift_sort(self, step: int) -> None:
        """Sort by the column ``step`` places from the current sort column (wrapping)."""
        if self.sort_column is None:
            index = 0 if step > 0 else len(_KEYS) - 1
        else:
            index = (_KEYS.index(self.sort_column) + step) % len(_KEYS)
        self.sort_by(_KEYS[index], self.sort_descending)

    def _toggle_sort(self, key: str) -> None:
        descending = not self.sort_descending if key == self.sort_column else False
        self.sort_by(key, descending)
