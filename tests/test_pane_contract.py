"""Every section's pane keeps the contract (panes/base.py); the registry finds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from fasci_tui.content.model import Content
from fasci_tui.panes import registry
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place, Section, title
from fasci_tui.state import StateStore
from fasci_tui.widgets.title_bar import TitleBar
from tests.support.shell_helpers import make_app, settled

SIZE = (80, 24)


@pytest.mark.parametrize("section", list(Section))
def test_each_section_has_a_pane_widget(section: Section) -> None:
    cls = registry.pane_class(section)
    assert issubclass(cls, Pane) and issubclass(cls, Widget)
    # The mixin before the widget class (a pane may subclass another pane, such as
    # DocumentPane): the widget class keeps its can_focus.
    mro = cls.__mro__
    widgets = [i for i, base in enumerate(mro) if issubclass(base, Widget)
               and not issubclass(base, Pane)]
    assert mro.index(Pane) < widgets[0]
    assert cls.can_focus == mro[widgets[0]].can_focus


def test_a_table_entry_that_is_no_pane_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from fasci_tui import places

    broken = replace(places.spec(Section.FOODS), pane="fasci_tui.widgets.sidebar:Sidebar")
    monkeypatch.setitem(places._SPECS, Section.FOODS, broken)
    with pytest.raises(TypeError, match="not a Pane"):
        registry.pane_class(Section.FOODS)


async def test_every_pane_enters_and_titles_its_place(content: Content, tmp_path: Path) -> None:
    """Every place on the sidebar opens from its row at 80×24; on Enter its pane takes the
    focus and titles the header as places.title does (the checklist adds its count); Esc
    gives the focus back. Every section is met on the way."""
    app = make_app(content, tmp_path)
    seen: set[Section] = set()
    async with app.run_test(size=SIZE) as pilot:
        for index in range(app.sidebar.option_count):
            pane_id = app.sidebar.get_option_at_index(index).id
            if pane_id is None or pane_id.startswith("nutrient-") and pane_id not in (
                    "nutrient-magnesium", f"nutrient-{content.nutrients[-1].id}"):
                continue  # one nutrient page is like another
            app.sidebar.focus()
            app.sidebar.highlighted = index
            assert await settled(pilot, lambda key=pane_id: app.place.key == key), app.place
            await pilot.press("enter")
            assert await settled(pilot, app.focus_in_content), pane_id
            pane = app.pane_widget(app.place.section)
            assert pane is not None and pane.title.startswith(title(content, app.place))
            assert app.title_bar.where == pane.title
            seen.add(app.place.section)
            await pilot.press("escape")
            if app.focus_in_content():
                await pilot.press("escape")  # e.g. a search box clears on the first Esc
            assert not app.focus_in_content(), pane_id
    assert seen == set(Section)


def test_create_gets_what_each_pane_needs(content: Content, tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    nutrient = registry.pane_class(Section.NUTRIENT).create(
        content, store, Place(Section.NUTRIENT, "calcium"))
    assert nutrient.nutrient_id == "calcium"  # type: ignore[attr-defined]
    checklist = registry.pane_class(Section.CHECKLIST).create(
        content, store, Place(Section.CHECKLIST))
    assert checklist.title == f"Checklist 0/{len(content.habits)}"


async def test_title_bar_fits_narrow_terminals(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=(60, 16)) as pilot:
        bar = app.query_one(TitleBar)
        bar.show("A very long place name that cannot fit in the middle of the line")
        await pilot.pause()
        line = bar.render_line(0).text
        assert line.startswith(" ≡") and "…" in line
        assert len(line.rstrip()) <= 60 - 10  # the right margin stays clear
