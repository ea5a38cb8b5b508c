"""A person sets a profile and sees their own RDA on a nutrient page and in compare."""

from __future__ import annotations

from pathlib import Path

from fasci_tui.content.model import Content
from fasci_tui.content.personal import personal_intake
from fasci_tui.panes.nutrient import NutrientPane
from fasci_tui.places import Section
from fasci_tui.screens.profile import ProfileScreen
from fasci_tui.store import Profile, open_store
from tests.support.shell_helpers import make_app

SIZE = (80, 24)


async def test_first_run_asks_and_the_nutrient_page_says_your_rda(
        content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state, acknowledged=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the disclaimer
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("f", "3", "4", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileScreen)
        assert app.store.profile == Profile("female", 34)
        await pilot.press("n")
        await pilot.pause()
        pane = app.pane_widget(Section.NUTRIENT)
        assert isinstance(pane, NutrientPane)
        assert pane.profile == Profile("female", 34)
        magnesium = content.nutrient("magnesium")
        label = personal_intake(magnesium, pane.profile).label
        assert label.startswith("your RDA: 320 mg, women")
        blocks, _ = pane._page(magnesium)
        assert any(label in str(block) for block in blocks)
    with open_store(isolated_state) as store:
        assert store.profile() == Profile("female", 34)


async def test_palette_changes_it_and_the_page_follows(content: Content,
                                                       isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.set_profile(Profile("female", 34))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        pane = app.pane_widget(Section.NUTRIENT)
        assert isinstance(pane, NutrientPane) and pane.profile == Profile("female", 34)
        app.action_profile()
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("m")  # man; focus moves to the age box
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.profile == Profile("male", 34)
        assert pane.profile == Profile("male", 34)  # shown again with the new profile


async def test_bad_age_is_refused_with_the_field_named(content: Content,
                                                       isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        app.action_profile()
        await pilot.pause()
        await pilot.press("f", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert str(app.screen.query_one("#profile-error").render()).startswith("age:")
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.profile is None
