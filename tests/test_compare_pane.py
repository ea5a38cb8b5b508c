"""ComparePane, mounted alone in a tiny app at 80×24."""

from __future__ import annotations

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from fasci_tui.content import Content
from fasci_tui.content.compare import COLUMNS, KEY_COLUMNS, row_for
from fasci_tui.messages import Navigate
from fasci_tui.panes.compare import ComparePane, CompareTable, SortChooser

SHOWN = COLUMNS[:KEY_COLUMNS]
"""The columns the table shows; the others are in the preview."""

NO_LIMIT = {"vitamin-b1", "vitamin-b12", "potassium", "sodium"}
"""Nutrients whose upper limit is "none set"."""


class PaneApp(App[None]):
    """Just the compare pane, recording the Navigate messages it posts."""

    CSS = "ComparePane { width: 56; }"

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content_ = content
        self.navigated: list[str] = []

    def compose(self) -> ComposeResult:
        yield ComparePane(self.content_, id="pane")

    def on_mount(self) -> None:
        self.query_one(ComparePane).enter()

    @on(Navigate)
    def record(self, message: Navigate) -> None:
        self.navigated.append(message.pane_id)


def shown_ids(table: DataTable[object]) -> list[str]:
    """Row keys in the order the table displays them."""
    return [str(row.key.value) for row in table.ordered_rows]


def labels(table: DataTable[object]) -> dict[str, str]:
    return {str(c.key.value): c.label.plain for c in table.ordered_columns}


def move_to_column(table: DataTable[object], key: str) -> None:
    index = [c.key for c in SHOWN].index(key)
    table.cursor_coordinate = Coordinate(table.cursor_row, index)


async def test_rows_derive_from_records(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        assert app.focused is table
        assert shown_ids(table) == [n.id for n in content.nutrients]
        assert list(labels(table).values()) == [c.title for c in SHOWN]
        assert pane.sort_column is None and pane.sort_descending is False
        for nutrient in content.nutrients:
            row = row_for(nutrient)
            cells = [str(cell) for cell in table.get_row(nutrient.id)]
            assert cells == [row.cells[c.key] or "—" for c in SHOWN]


async def test_sort_numeric_column_both_ways(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        move_to_column(table, "intake")
        await pilot.press("s")
        assert (pane.sort_column, pane.sort_descending) == ("intake", False)
        # By milligrams, not by the text: 2.4 mcg (0.0024 mg) is the smallest.
        assert shown_ids(table) == ["vitamin-b12", "vitamin-d", "vitamin-b1", "vitamin-b6",
                                    "magnesium", "calcium", "sodium", "potassium"]
        assert labels(table)["intake"] == "Adult intake ▲"
        assert labels(table)["limit"] == "Upper limit"
        await pilot.press("s")  # same column again: reverse
        assert (pane.sort_column, pane.sort_descending) == ("intake", True)
        assert shown_ids(table)[0] == "potassium" and shown_ids(table)[-1] == "vitamin-b12"
        assert labels(table)["intake"] == "Adult intake ▼"


async def test_missing_values_last_both_ways(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        move_to_column(table, "limit")
        await pilot.press("s")
        ids = shown_ids(table)
        # Units understood: 100 mcg (vitamin D) is less than 100 mg (B6).
        assert ids[:4] == ["vitamin-d", "vitamin-b6", "magnesium", "calcium"]
        assert set(ids[4:]) == NO_LIMIT
        await pilot.press("s")
        assert pane.sort_descending is True
        ids = shown_ids(table)
        assert ids[:4] == ["calcium", "magnesium", "vitamin-b6", "vitamin-d"]
        assert set(ids[4:]) == NO_LIMIT
        assert [str(table.get_row(i)[3]) for i in ids[4:]] == ["none set"] * 4


async def test_sort_text_column(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        # Natural order: B1, B6, B12 (not B1, B12, B6).
        names = ["calcium", "magnesium", "potassium", "sodium", "vitamin-b1", "vitamin-b6",
                 "vitamin-b12", "vitamin-d"]
        await pilot.press("s")  # the cursor starts in the Nutrient column
        assert shown_ids(table) == names
        assert labels(table)["nutrient"] == "Nutrient ▲"
        await pilot.press("s")
        assert shown_ids(table) == names[::-1]
        assert labels(table)["nutrient"] == "Nutrient ▼"


async def test_angle_brackets_move_the_sort_column(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        pane.sort_by("sources")
        await pilot.press("greater_than_sign")  # wraps to the first column
        assert pane.sort_column == "nutrient"
        await pilot.press("less_than_sign")
        assert pane.sort_column == "sources"
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        assert pane.sort_column == "limit"
        await pilot.press("less_than_sign")
        assert pane.sort_column == "intake"
        assert table.cursor_column == 2  # the cursor follows the sort column
        assert [v for v in labels(table).values() if "▲" in v] == ["Adult intake ▲"]


async def test_cursor_stays_on_its_nutrient_when_sorting(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        await pilot.press("down", "right", "right", "s", "s")  # calcium; by intake, reversed
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("intake", True)
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        assert row_key.value == "calcium"
        assert table.cursor_row == shown_ids(table).index("calcium") > 0


async def test_enter_on_a_row_posts_navigate(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.navigated == ["nutrient-vitamin-b1"]


async def test_header_click_sorts(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        # The Nutrient header is at the top left of the table.
        assert await pilot.click(CompareTable, offset=(3, 0))
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("nutrient", False)
        assert await pilot.click(CompareTable, offset=(3, 0))
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("nutrient", True)
        # The message the table posts for a header click, for a column off screen.
        column = table.columns[next(k for k in table.columns if k.value == "limit")]
        table.post_message(DataTable.HeaderSelected(table, column.key, 3, column.label))
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("limit", False)
        assert labels(table)["limit"] == "Upper limit ▲"
        assert labels(table)["nutrient"] == "Nutrient"


async def test_sort_by_deep_link(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ComparePane)
        table = app.query_one(CompareTable)
        await pilot.press("down", "down")
        pane.sort_by("rda", descending=True)  # aliases and headings work too
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("intake", True)
        assert shown_ids(table)[0] == "potassium"
        # A deep link starts at the top row, in the sorted column.
        assert table.cursor_coordinate == Coordinate(0, 2)
        assert pane.ordered_ids == shown_ids(table)
        pane.sort_by("Upper limit")
        assert pane.sort_column == "limit"
        with pytest.raises(ValueError):
            pane.sort_by("colour")


async def test_sort_by_before_mount(content: Content) -> None:
    """The app may create the pane and sort it before it is on screen."""

    class EarlyApp(PaneApp):
        def compose(self) -> ComposeResult:
            pane = ComparePane(self.content_, id="pane")
            pane.sort_by("intake")
            pane.reveal("calcium")
            yield pane

    app = EarlyApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        assert shown_ids(table)[0] == "vitamin-b12"
        assert labels(table)["intake"] == "Adult intake ▲"
        assert table.cursor_column == 2
        assert table.cursor_row == shown_ids(table).index("calcium")


async def test_preview_shows_the_whole_row(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        row = row_for(content.nutrient("calcium"))
        preview = app.query_one("#compare-preview-text", Static)
        text = str(preview.content)
        for column in COLUMNS[KEY_COLUMNS:]:
            assert f"{column.title}: {row.cells[column.key]}" in text
        assert app.query_one("#compare-preview").border_title == "Calcium"
        # Cells are cut to fit; the table itself stays inside the pane.
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        assert table.region.right <= pane.region.right
        assert table.region.bottom < pane.region.bottom


async def test_reveal_moves_to_a_row(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ComparePane)
        table = app.query_one(CompareTable)
        pane.reveal("nutrient-sodium")
        await pilot.pause()
        assert table.cursor_row == pane.ordered_ids.index("sodium")


async def test_left_in_first_column_is_left_to_the_app(content: Content) -> None:
    """← in the first column is not swallowed by the table (the app goes to the sidebar)."""
    pressed: list[str] = []

    class LeftApp(PaneApp):
        BINDINGS = [("left", "record_left", "Back")]

        def action_record_left(self) -> None:
            pressed.append("left")

    app = LeftApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        await pilot.press("right")
        assert table.cursor_column == 1
        await pilot.press("left")
        assert table.cursor_column == 0 and pressed == []
        await pilot.press("left")
        assert pressed == ["left"]


async def test_showing_the_pane_again_leaves_the_preview_alone(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown again (a resize event), the pane does not repaint an unchanged preview."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ComparePane)
        await pilot.pause(0.05)  # the first layout's refreshes done, even on a busy machine
        await pilot.pause()
        preview = pane.query_one("#compare-preview")
        hint = preview.border_subtitle
        repaints: list[bool] = []
        refresh = preview.refresh

        def counted(*regions: object, **flags: bool) -> object:
            repaints.append(True)
            return refresh(*regions, **flags)  # type: ignore[arg-type]

        monkeypatch.setattr(preview, "refresh", counted)
        pane.display = False
        await pilot.pause()
        pane.display = True
        await pilot.pause()
        assert preview.border_subtitle == hint
        assert repaints == []


async def test_a_sort_that_changes_no_preview_line_leaves_it_alone(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sorting by Nutrient (not a preview line) repaints the table only."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ComparePane)
        await pilot.pause()
        text = pane.query_one("#compare-preview-text", Static)
        shown = str(text.content)
        repaints: list[bool] = []
        for widget in (text, pane.query_one("#compare-preview")):
            refresh = widget.refresh

            def counted(*regions: object, _refresh: object = refresh, **flags: bool) -> object:
                repaints.append(True)
                return _refresh(*regions, **flags)  # type: ignore[operator]

            monkeypatch.setattr(widget, "refresh", counted)
        await pilot.press("s", "s")
        await pilot.pause()
        assert pane.sort_column == "nutrient" and pane.sort_descending
        assert str(text.content) == shown and repaints == []
        pane.sort_by("function")  # a preview column: its line is marked
        await pilot.pause()
        assert repaints and "Primary function ▲:" in str(text.content)


async def test_key_columns_fit_at_80_columns(content: Content) -> None:
    """Nutrient, link, intake and limit are all in view: nothing scrolls sideways."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CompareTable)
        pane = app.query_one(ComparePane)
        pane.sort_by("intake", descending=True)  # the widest header, with its mark
        await pilot.pause()
        assert table.max_scroll_x == 0
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.region.right <= pane.region.right


async def test_chooser_sorts_by_a_preview_column(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ComparePane)
        table = app.query_one(CompareTable)
        await pilot.press("S")
        assert isinstance(app.screen, SortChooser)
        await pilot.press("escape")
        assert not isinstance(app.screen, SortChooser) and pane.sort_column is None
        await pilot.press("S", "down", "down", "down", "down", "enter")
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("function", False)
        functions = sorted((row_for(n).cells["function"].casefold(), n.id)
                           for n in content.nutrients)
        assert shown_ids(table) == [i for _, i in functions]
        assert not any("▲" in v for v in labels(table).values())
        preview = str(app.query_one("#compare-preview-text", Static).content)
        assert "Primary function ▲:" in preview
        await pilot.press("S", "enter")  # the same column again: reversed
        await pilot.pause()
        assert (pane.sort_column, pane.sort_descending) == ("function", True)
