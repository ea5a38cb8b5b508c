"""The profile form: typing right after Tab, a visible age box, under-19 notes, NO_COLOR."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from fasci_tui.content.export import page_of, render_as
from fasci_tui.content.model import Content
from fasci_tui.content.personal import young_note
from fasci_tui.screens.profile import ProfileScreen
from fasci_tui.store import Profile
from tests.support.shell_helpers import make_app

SIZE = (80, 24)


async def _open_form(app, pilot) -> ProfileScreen:  # type: ignore[no-untyped-def]
    app.action_profile()
    await pilot.pause()
    assert isinstance(app.screen, ProfileScreen)
    return app.screen


async def test_keys_pressed_one_by_one_after_tab(content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await _open_form(app, pilot)
        await pilot.press("m", "tab", "3", "5", "ctrl+s")
        await pilot.pause()
        assert app.store.profile == Profile("male", 35)


@pytest.mark.parametrize("keys", [("m", "tab", "3", "5"), ("m", "3", "5"),
                                  ("f", "tab", "tab", "4", "2"), ("4", "2", "f")])
async def test_keys_in_one_burst(content: Content, isolated_state: Path,
                                 keys: tuple[str, ...]) -> None:
    """All keys in one terminal read: none waits for the focus change of the one before."""
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_form(app, pilot)
        for key in (*keys, "ctrl+s"):
            app.post_message(events.Key(key, None if len(key) > 1 else key))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not screen, screen.query_one("#profile-error").render()
        sex = "male" if "m" in keys else "female"
        age = int("".join(k for k in keys if k.isdigit()))
        assert app.store.profile == Profile(sex, age)


async def test_an_age_already_there_is_replaced_when_typing(content: Content,
                                                            isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        app.store.set_profile(Profile("female", 34))
        await _open_form(app, pilot)
        await pilot.press("m", "5", "0", "ctrl+s")
        await pilot.pause()
        assert app.store.profile == Profile("male", 50)


async def test_under_19_is_accepted_with_the_adult_values_note(content: Content,
                                                               isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_form(app, pilot)
        note = screen.query_one("#profile-young")
        assert not note.display
        await pilot.press("f", "1", "6")
        await pilot.pause()
        assert note.display and str(note.render()) == young_note(16)
        assert "ask a clinician for under-19 needs" in str(note.render())
        await pilot.press("backspace", "backspace", "3", "0")
        await pilot.pause()
        assert not note.display
        await pilot.press("backspace", "backspace", "1", "7", "ctrl+s")
        await pilot.pause()
        assert app.store.profile == Profile("female", 17)
        page = page_of(content, "magnesium", profile=app.store.profile)
        assert page is not None
        assert young_note(17) in " ".join(render_as(page, "txt", 200).split())


async def test_marks_show_the_state_without_colour(content: Content,
                                                   isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_form(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        woman = str(screen.query_one("#profile-female").render())
        man = str(screen.query_one("#profile-male").render())
        assert woman.startswith("▐ ▌") and man.startswith("▐●▌")
        pregnant = screen.query_one("#profile-pregnant")
        assert str(pregnant.render()).startswith("▐ ▌")
        pregnant.value = True  # type: ignore[attr-defined]
        assert str(pregnant.render()).startswith("▐X▌")


async def test_the_age_box_is_framed_at_80x24(content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_form(app, pilot)
        age = screen.query_one("#profile-age")
        assert age.region.height == 3 and age.region.width >= 10
        assert screen.query_one("#profile-buttons").region.bottom <= SIZE[1] - 1
