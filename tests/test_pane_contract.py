"""Every section's pane keeps the contract (panes/base.py); the registry finds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from fasci_tui.content.model import Content
from fasci_tui.panes import registry
from fasci_tui.panes.base import Pane
from fasci_tui.places import SECTION_TABLE, Place, Section, items, title
from fasci_tui.state import StateStore
from fasci_tui.widgets.title_bar import TitleBar
from tests.support.shell_helpers import make_app

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
    """Shown through the app, each pane takes the focus on enter() and titles the header
    as places.title does (the checklist adds its count)."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for spec in SECTION_TABLE:
            ids = [item.id for item in items(content, spec.section)]
            place = Place(spec.section, ids[0] if ids else None)
            assert await app.go(place, enter=True)
            await pilot.pause()
            assert app.focus_in_content(), spec.section
            pane = app.pane_widget(spec.section)
            assert pane is not None and pane.title.startswith(title(content, place))
            assert app.title_bar.where == pane.title
            await pilot.press("escape")


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
