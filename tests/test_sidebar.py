"""The sidebar repaints only the rows that change, and what it paints is right.

A sidebar move (↓/↑) repaints the old and new highlighted rows and the old and new
``▸`` rows, not the whole list, and does so when the app shows the new place (one frame
for the highlight and the page). These tests check the regions refreshed, and that
the rows as painted (Textual's per-widget line cache, what the terminal was sent) are
the rows a full repaint would draw, after moves, progress changes, scrolling in a
short terminal, hovering, and with no app listening at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress
from fasci_tui.widgets.sidebar import (
    CURRENT_MARK,
    HIGHLIGHT_FALLBACK_DELAY,
    Sidebar,
    nutrient_pane_id,
    short_name,
)
from tests.support.shell_helpers import make_app

SIZE = (80, 24)
SHORT = (80, 16)  # the sidebar scrolls: 12 rows for 17 places


Painted = list[list[tuple[str, object]]]


def as_cells(strips: list[Strip]) -> Painted:
    """Text and style of every segment: two renderings compare equal when they look so."""
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def painted(sidebar: Sidebar) -> Painted:
    """The sidebar (border included) as last painted: unrefreshed rows come from the cache."""
    return as_cells(sidebar.render_lines(sidebar.region.reset_offset))


def repainted(sidebar: Sidebar) -> Painted:
    """The sidebar as a full repaint draws it now."""
    sidebar.refresh()
    return as_cells(sidebar.render_lines(sidebar.region.reset_offset))


def visible_text(sidebar: Sidebar) -> list[str]:
    """The text of each content row on screen (inside the border)."""
    strips = sidebar.render_lines(sidebar.region.reset_offset)
    return [strip.text[1:-1] for strip in strips[1:-1]]


def row_of(sidebar: Sidebar, pane_id: str) -> int:
    """The visible row (0 = first row inside the border) of ``pane_id``."""
    return sidebar.get_option_index(pane_id) - round(sidebar.scroll_offset.y)


class RefreshSpy:
    """Records the sidebar's refresh calls: content rows refreshed, or None for all."""

    def __init__(self, sidebar: Sidebar, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows: set[int] = set()
        self.full = 0
        original = sidebar.refresh

        def refresh(*regions: Region, **kwargs: bool) -> Sidebar:
            if regions:
                for region in regions:
                    self.rows.update(range(region.y, region.bottom))
            elif kwargs.get("repaint", True):
                self.full += 1
            return original(*regions, **kwargs)

        monkeypatch.setattr(sidebar, "refresh", refresh)

    def clear(self) -> None:
        self.rows.clear()
        self.full = 0


def assert_shows(sidebar: Sidebar, current: str) -> None:
    """``current`` is marked and highlighted, and the painted rows are up to date."""
    assert sidebar.current == current
    assert sidebar.highlighted_pane == current
    assert painted(sidebar) == repainted(sidebar)
    rows = visible_text(sidebar)
    marked = [i for i, text in enumerate(rows) if CURRENT_MARK in text]
    assert marked == [row_of(sidebar, current)], rows


async def test_move_repaints_only_the_changed_rows(content: Content, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        spy = RefreshSpy(sidebar, monkeypatch)
        first, second = (nutrient_pane_id(n.id) for n in content.nutrients[:2])
        await pilot.press("down")  # overview → first nutrient (skips the heading)
        await pilot.pause()
        assert spy.full == 0
        assert spy.rows == {row_of(sidebar, "overview"), row_of(sidebar, first)}
        assert_shows(sidebar, first)
        spy.clear()
        await pilot.press("down")
        await pilot.pause()
        assert spy.full == 0
        assert spy.rows == {row_of(sidebar, first), row_of(sidebar, second)}
        assert_shows(sidebar, second)
        spy.clear()
        await pilot.press("up", "up")
        await pilot.pause()
        assert spy.full == 0
        assert_shows(sidebar, "overview")


async def test_rows_follow_every_move(content: Content, tmp_path: Path) -> None:
    """Down through every place and back up: ▸, highlight and bold follow, nothing stale."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        places = [o.id for o in sidebar.options if o.id is not None]
        for pane_id in places[1:]:
            await pilot.press("down")
            await pilot.pause()
            assert app.current_pane == pane_id
            assert_shows(sidebar, pane_id)
        for pane_id in reversed(places[:-1]):
            await pilot.press("up")
            await pilot.pause()
            assert_shows(sidebar, pane_id)
        line = sidebar.render_line(row_of(sidebar, "overview"))
        assert line.text.startswith(f"{CURRENT_MARK} Overview")
        name = short_name(content.nutrients[0])
        assert sidebar.render_line(row_of(sidebar, places[1])).text.strip().startswith(name)


async def test_jump_and_click_repaint_the_right_rows(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        await pilot.press("f")  # the app's jump key: highlight moves by go()
        await pilot.pause()
        assert_shows(sidebar, "faq")
        await pilot.click(sidebar, offset=(4, 1 + row_of(sidebar, "compare")))
        await pilot.pause()
        assert_shows(sidebar, "compare")
        await pilot.press("escape", "home")
        await pilot.pause()
        assert_shows(sidebar, "overview")


async def test_checklist_progress_repaints_its_row(content: Content, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        total = len(content.habits)
        spy = RefreshSpy(sidebar, monkeypatch)
        app.post_message(ChecklistProgress(2, total))
        await pilot.pause()
        assert spy.full == 0
        assert spy.rows == {row_of(sidebar, "checklist")}
        assert visible_text(sidebar)[row_of(sidebar, "checklist")].startswith(
            f"  Checklist 2/{total}")
        assert painted(sidebar) == repainted(sidebar)


async def test_longer_prompt_lays_the_list_out_again(content: Content,
                                                    tmp_path: Path) -> None:
    """A prompt that no longer fits on one row wraps: the rows below move down."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        lines = sidebar.virtual_size.height
        sidebar.set_progress(100, 100)  # "  Checklist 100/100 k" is 21 cells: 2 rows
        await pilot.pause()
        assert sidebar.virtual_size.height == lines + 1
        rows = visible_text(sidebar)
        faq = sidebar.get_option_index("faq") + 1
        assert rows[faq].startswith("  FAQ")
        assert painted(sidebar) == repainted(sidebar)
        sidebar.set_progress(1, 5)
        await pilot.pause()
        assert sidebar.virtual_size.height == lines
        assert painted(sidebar) == repainted(sidebar)


async def test_short_terminal_scrolls_to_the_highlight(content: Content,
                                                      tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        height = sidebar.scrollable_content_region.height
        assert height < sidebar.option_count  # it does scroll
        places = [o.id for o in sidebar.options if o.id is not None]
        for pane_id in [*places[1:], *reversed(places[:-1])]:
            sidebar.focus()
            await pilot.press("down" if places.index(pane_id) > places.index(
                sidebar.current or "overview") else "up")
            await pilot.pause()
            assert_shows(sidebar, pane_id)
            assert 0 <= row_of(sidebar, pane_id) < height
        assert sidebar.scroll_offset.y == 0
        await pilot.press("end")
        await pilot.pause()
        assert sidebar.scroll_offset.y > 0
        assert_shows(sidebar, "references")
        assert visible_text(sidebar)[-1].startswith(f"{CURRENT_MARK} References")


async def test_highlight_is_painted_with_the_page(content: Content, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The move's rows are refreshed by the app's go(), not before it (one frame)."""
    app = make_app(content, tmp_path)
    events: list[str] = []
    go = FasciApp.go

    async def logged_go(self: FasciApp, *args: object, **kwargs: object) -> bool:
        events.append("go")
        return await go(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FasciApp, "go", logged_go)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        spy = RefreshSpy(sidebar, monkeypatch)
        original = sidebar.refresh

        def logged_refresh(*regions: Region, **kwargs: bool) -> Sidebar:
            events.append("refresh")
            return original(*regions, **kwargs)

        monkeypatch.setattr(sidebar, "refresh", logged_refresh)
        events.clear()
        await pilot.press("down")
        await pilot.pause()
        assert events and events[0] == "go", events
        assert spy.full == 0
        assert_shows(sidebar, nutrient_pane_id(content.nutrients[0].id))


async def test_title_is_drawn_by_go(content: Content, tmp_path: Path) -> None:
    """go() redraws the header's title itself, for the same frame as the page."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = app.query_one("HeaderTitle", Static)
        await app.go("faq")  # no pause: Textual's own watcher would not have run yet
        assert app.sub_title == "FAQ"
        assert "FAQ" in str(title.visual)
        await pilot.pause()
        assert "FAQ" in str(title.visual)


class Host(App[None]):
    """A sidebar alone: nothing answers its OptionHighlighted messages."""

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        yield Sidebar(self.content, current="overview")


async def test_highlight_is_painted_when_nobody_answers(content: Content) -> None:
    app = Host(content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        await pilot.press("down", "down")
        await pilot.pause(HIGHLIGHT_FALLBACK_DELAY * 3)
        assert sidebar.highlighted_pane == nutrient_pane_id(content.nutrients[1].id)
        assert sidebar.current == "overview"  # nobody showed it
        assert painted(sidebar) == repainted(sidebar)
        sidebar.highlighted = 1  # the disabled heading: no message is posted at all
        await pilot.pause(HIGHLIGHT_FALLBACK_DELAY * 3)
        assert painted(sidebar) == repainted(sidebar)


async def test_hover_repaints_two_rows(content: Content,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    app = Host(content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        spy = RefreshSpy(sidebar, monkeypatch)
        await pilot.hover(sidebar, offset=(4, 1 + 3))
        await pilot.pause()
        spy.clear()  # entering the widget restyles it (:hover): a full repaint, once
        await pilot.hover(sidebar, offset=(4, 1 + 5))
        await pilot.pause()
        assert spy.full == 0
        assert spy.rows == {3, 5}
        assert painted(sidebar) == repainted(sidebar)
