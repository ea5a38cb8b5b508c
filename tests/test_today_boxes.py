"""The Today pane's boxes: the watch's questions (``a``) and the lab reader (``l``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.places import Place, Section
from fasci_tui.screens.lab import LabScreen
from fasci_tui.screens.questions import QuestionsScreen
from fasci_tui.store import open_store
from fasci_tui.store.results import Answer, LabResult
from tests.support.shell_helpers import make_app

SIZE = (80, 24)
TODAY = dt.date.today()


def text_of(widget: object) -> str:
    """A widget's text, whitespace squeezed (wrapping differs with the width)."""
    return " ".join(str(widget.render()).split())  # type: ignore[attr-defined]


async def test_a_yes_is_saved_and_the_watch_shows_its_finding(content: Content,
                                                              isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.save_answer(Answer(TODAY - dt.timedelta(days=9), "weakness", False))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("t", "enter", "a"):
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, QuestionsScreen)
        assert "before: no on" in str(app.screen.query_one("#questions-list").render_line(1))
        for key in ("y", "n", "enter"):  # weakness yes, dropping no, save
            await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, QuestionsScreen)
        pane = app.pane_widget(Section.TODAY)
        assert pane is not None
        notice = pane.query_one("#today-watch")
        assert notice.display and "weak" in text_of(notice).lower()
        assert "Saved 2 answers" in text_of(pane.query_one("#today-status"))
    with open_store(isolated_state) as store:
        answers = [a for a in store.answers() if a.day == TODAY]
        seen = store.seen_findings()
    assert answers == [Answer(TODAY, "dropping", False), Answer(TODAY, "weakness", True)]
    assert f"yes:weakness:{TODAY.isoformat()}" in seen


async def test_escape_leaves_the_questions_unsaved(content: Content,
                                                   isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(Navigate(Place(Section.TODAY, "questions")))  # as the palette does
        await pilot.pause()
        assert isinstance(app.screen, QuestionsScreen)
        for key in ("y", "y", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, QuestionsScreen)
        pane = app.pane_widget(Section.TODAY)
        assert pane is not None
        assert "nothing was saved" in text_of(pane.query_one("#today-status"))
        assert not pane.query_one("#today-watch").display
    with open_store(isolated_state) as store:
        assert store.answers() == []


async def test_the_lab_reader_explains_bad_values_converts_and_saves(
        content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("t", "enter", "l"):
            await pilot.press(key)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LabScreen)
        reading = screen.query_one("#lab-reading")
        for key in ("minus", "1", "ctrl+s"):
            await pilot.press(key)
        await pilot.pause()
        assert "cannot be negative" in text_of(reading) and reading.has_class("-problem")
        assert "Not saved" in text_of(screen.query_one("#lab-status"))
        # the value 0.66, the unit mmol/L (second in magnesium's list), the lab's range
        for key in ("backspace", "backspace", "0", ".", "6", "6", "shift+tab", "enter",
                    "down", "enter", "tab", "tab", *"0.7-1", "enter"):
            await pilot.press(key)
        await pilot.pause()
        shown = text_of(reading)
        assert "0.66 mmol/L = 1.6 mg/dL" in shown
        assert "below your lab's range" in shown and "Sources:" in shown
        assert "Saved" in text_of(screen.query_one("#lab-status"))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LabScreen)
    with open_store(isolated_state) as store:
        assert store.lab_results() == [LabResult(TODAY, "magnesium", 0.66, "mmol/L", 0.7, 1.0)]


async def test_with_no_color_a_field_that_has_no_focus_keeps_a_visible_frame(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR turns colours grey; an unfocused field's frame takes the text's grey, not
    the near-background one it has in colour."""
    frames: dict[bool, str] = {}
    for no_color in (False, True):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        app = make_app(content, tmp_path / str(no_color))
        async with app.run_test(size=SIZE) as pilot:
            app.post_message(Navigate(Place(Section.TODAY, "lab")))  # as the palette does
            await pilot.pause()
            assert isinstance(app.screen, LabScreen)
            blurred = app.screen.query_one("#lab-range")
            assert not blurred.has_focus
            frame = blurred.styles.border_top[1]
            frames[no_color] = str(frame)
            if no_color:  # the text's colour at 55%: far from the background
                assert frame.a == pytest.approx(0.55, abs=0.01)
    assert frames[True] != frames[False]
