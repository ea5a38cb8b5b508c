"""The command palette: one provider over all the content; choosing jumps there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.palette import ContentCommands, palette_entries
from fasci_tui.panes import registry
from fasci_tui.panes.foods import FoodsPane
from fasci_tui.places import Place, Section, nutrient_place
from fasci_tui.screens.disclaimer import DisclaimerScreen
from fasci_tui.screens.help import HelpScreen
from tests.support.shell_helpers import StubChecklistPane, StubFaqPane, make_app

SIZE = (80, 24)


def test_entries_cover_all_content(content: Content) -> None:
    entries = palette_entries(content)
    by_label = {e.label: e for e in entries}
    for nutrient in content.nutrients:
        entry = by_label[nutrient.name]
        assert entry.place == nutrient_place(nutrient.id)
        assert set(nutrient.aliases) <= set(entry.also)
    for faq in content.faq:
        assert by_label[faq.question].place == Place(Section.FAQ, faq.id)
    for habit in content.habits:
        assert by_label[habit.label].place == Place(Section.CHECKLIST, habit.id)
    for food in content.foods():
        assert by_label[food.name].place == Place(Section.FOODS, food.name)
    for ref in content.references:
        assert by_label[ref.title].place == Place(Section.REFERENCES, ref.id)
    for section in ("Overview", "Compare", "Checklist", "FAQ", "Foods", "References"):
        assert by_label[section].discover
    assert by_label["When to see a doctor"].action == "doctor"
    for page in content.pages:  # every reading page, listed before anything is typed
        entry = by_label[page.title]
        assert entry.place == Place(Section.TWITCHING, page.id) and entry.discover
        assert set(page.aliases) <= set(entry.also)


def test_app_uses_only_the_content_provider() -> None:
    (source,) = FasciApp.COMMANDS
    provider = source if isinstance(source, type) else source()
    assert provider is ContentCommands


async def _palette_choose(app: FasciApp, pilot, query: str) -> None:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(query[0])  # typed, then the rest arrives as a paste would
    app.screen.query_one(Input).value = query
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.OVERRIDES, Section.FAQ, StubFaqPane)
    monkeypatch.setitem(registry.OVERRIDES, Section.CHECKLIST, StubChecklistPane)


async def test_palette_jumps_to_a_nutrient(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, "potassium")
        assert not isinstance(app.screen, CommandPalette)
        assert app.place == nutrient_place("potassium")
        assert app.sidebar.highlighted_place == nutrient_place("potassium")


async def test_palette_finds_an_alias(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, "pyridoxine")
        assert app.place == nutrient_place("vitamin-b6")


async def test_palette_opens_a_reading_page(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, "bfs")
        assert app.place == Place(Section.TWITCHING, "benign-fasciculation-syndrome")
        assert app.sidebar.highlighted_place == app.place


async def test_palette_jumps_to_a_food(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, "sardines")
        assert app.place == Place(Section.FOODS)
        pane = app.pane_widget(Section.FOODS)
        assert isinstance(pane, FoodsPane)
        assert pane.current is not None and pane.current[0] == "sardines"
        assert isinstance(app.focused, DataTable)


async def test_palette_jumps_to_a_question_and_a_habit(content: Content, tmp_path: Path,
                                                       stubs: None) -> None:
    app = make_app(content, tmp_path)
    question = content.faq[1]
    habit = content.habits[-1]
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, question.question[:-1])
        assert app.place == Place(Section.FAQ)
        faq = app.pane_widget(Section.FAQ)
        assert isinstance(faq, StubFaqPane) and ("reveal", question.id) in faq.calls
        await _palette_choose(app, pilot, habit.label)
        assert app.place == Place(Section.CHECKLIST)
        checklist = app.pane_widget(Section.CHECKLIST)
        assert isinstance(checklist, StubChecklistPane) and checklist.revealed == [habit.id]


async def test_palette_commands(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _palette_choose(app, pilot, "red flags")
        assert isinstance(app.screen, DisclaimerScreen)
        await pilot.press("escape")
        await _palette_choose(app, pilot, "keys")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_discovery_lists_places(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        from textual.widgets import OptionList

        options = palette.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count)]
        text = " ".join(prompts)
        assert "Overview" in text and "Magnesium" in text and "References" in text
        await pilot.press("escape")
