"""The sidebar: every place in order, the ▸ mark and the highlight follow the place on
show, the checklist's progress, scrolling in a short terminal, and jump keys at the right.

Only Textual's public OptionList API is used (the output compactor saves the bytes of
rows repainted unchanged), so these tests check what is painted, not how.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.strip import Strip

from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress
from fasci_tui.places import (
    OVERVIEW,
    SECTION_TABLE,
    Place,
    Section,
    items,
    nutrient_place,
    short_name,
)
from fasci_tui.widgets.sidebar import CURRENT_MARK, Sidebar
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


def row_of(sidebar: Sidebar, place: Place) -> int:
    """The visible row (0 = first row inside the border) of ``place``."""
    return sidebar.get_option_index(place.key) - round(sidebar.scroll_offset.y)


def assert_shows(sidebar: Sidebar, current: Place) -> None:
    """``current`` is marked and highlighted, and the painted rows are up to date."""
    assert sidebar.current == current
    assert sidebar.highlighted_place == current
    assert painted(sidebar) == repainted(sidebar)
    rows = visible_text(sidebar)
    marked = [i for i, text in enumerate(rows) if CURRENT_MARK in text]
    assert marked == [row_of(sidebar, current)], rows


def all_places(sidebar: Sidebar) -> list[Place]:
    return [Place.from_key(o.id) for o in sidebar.options if o.id is not None]


async def test_rows_are_the_places_in_table_order_with_jump_keys(content: Content,
                                                                 tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = visible_text(app.sidebar)
        expected: list[str] = []
        for spec in SECTION_TABLE:
            if spec.per_item:
                expected.append(spec.title)
                expected += [item.label for item in items(content, spec.section)]
            else:
                expected.append(f"Checklist 0/{len(content.habits)}"
                                if spec.section is Section.CHECKLIST else spec.title)
        assert [row.strip(" ▸").split("  ")[0].strip() for row in rows[:len(expected)]] \
            == expected
        for spec in SECTION_TABLE:  # the jump key at the right of the section's row
            row = (row_of(app.sidebar, Place(spec.section)) if not spec.per_item
                   else row_of(app.sidebar,
                               Place(spec.section, items(content, spec.section)[0].id)) - 1)
            assert rows[row].rstrip().endswith(f" {spec.jump_key}"), rows[row]


async def test_jump_and_click_move_the_highlight(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        await pilot.press("f")  # the app's jump key: highlight moves by go()
        await pilot.pause()
        assert_shows(sidebar, Place(Section.FAQ))
        await pilot.click(sidebar, offset=(4, 1 + row_of(sidebar, Place(Section.COMPARE))))
        await pilot.pause()
        assert_shows(sidebar, Place(Section.COMPARE))
        await pilot.press("escape", "home")
        await pilot.pause()
        assert_shows(sidebar, OVERVIEW)


async def test_checklist_progress_shows_in_its_row(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        total = len(content.habits)
        app.post_message(ChecklistProgress(2, total))
        await pilot.pause()
        row = visible_text(sidebar)[row_of(sidebar, Place(Section.CHECKLIST))]
        assert row.startswith(f"  Checklist 2/{total}")
        assert sidebar.checklist_label == f"Checklist 2/{total}"
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
        sidebar.set_progress(1, 5)
        await pilot.pause()
        assert sidebar.virtual_size.height == lines


async def test_short_terminal_scrolls_to_the_highlight(content: Content,
                                                      tmp_path: Path) -> None:
    """Down through every place and back up in a terminal too short for the sidebar: the
    app follows, and ▸, highlight and bold follow with the highlight kept in view."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        height = sidebar.scrollable_content_region.height
        assert height < sidebar.option_count  # it does scroll
        places = all_places(sidebar)
        for place in [*places[1:], *reversed(places[:-1])]:
            sidebar.focus()
            current = sidebar.current or OVERVIEW
            down = places.index(place) > places.index(current)
            await pilot.press("down" if down else "up")
            await pilot.pause()
            if down:
                assert app.place == place
            assert_shows(sidebar, place)  # ▸, highlight and bold follow, nothing stale
            assert 0 <= row_of(sidebar, place) < height
        assert sidebar.scroll_offset.y == 0
        line = sidebar.render_line(row_of(sidebar, OVERVIEW))
        assert line.text.startswith(f"{CURRENT_MARK} Overview")
        name = short_name(content.nutrients[0])
        assert sidebar.render_line(row_of(sidebar, places[1])).text.strip().startswith(name)
        await pilot.press("end")
        await pilot.pause()
        assert sidebar.scroll_offset.y > 0
        assert_shows(sidebar, Place(Section.TRENDS))
        assert visible_text(sidebar)[-1].startswith(f"{CURRENT_MARK} Trends")


class Host(App[None]):
    """A sidebar alone: nothing answers its OptionHighlighted messages."""

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        yield Sidebar(self.content, current=OVERVIEW)


async def test_highlight_is_painted_by_show_place(content: Content) -> None:
    """A move alone repaints nothing (the app paints it with the page, one frame);
    show_place marks, highlights and paints."""
    app = Host(content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        before = painted(sidebar)
        await pilot.press("down", "down")
        await pilot.pause()
        second = nutrient_place(content.nutrients[1].id)
        assert sidebar.highlighted_place == second
        assert sidebar.current == OVERVIEW  # nobody showed it
        assert painted(sidebar) == before  # not painted yet
        sidebar.show_place(second)
        await pilot.pause()
        assert_shows(sidebar, second)
        sidebar.show_place(Place(Section.FAQ, "some-question"))  # marks the FAQ page
        await pilot.pause()
        assert_shows(sidebar, Place(Section.FAQ))
        sidebar.highlight_place(Place(Section.NUTRIENT, "no-such-nutrient"))  # no row
        assert sidebar.highlighted_place == Place(Section.FAQ)
