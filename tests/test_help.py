"""The help screen lists every key: the app's, the sidebar's and each pane's."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.panes.registry import pane_class
from fasci_tui.places import OVERVIEW, SECTION_TABLE
from fasci_tui.screens.help import HelpScreen, HelpText, help_sections
from fasci_tui.widgets.sidebar import Sidebar
from tests.support.shell_helpers import make_app

SIZE = (80, 24)


async def test_f1_and_question_mark_open_and_close_help(content: Content,
                                                         tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
        await pilot.press("enter", "question_mark")  # from inside a pane as well
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("down", "pagedown", "o", "question_mark")  # ? closes it again
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.place == OVERVIEW


async def test_help_lists_every_binding(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = screen.plain_text
        for binding in Binding.make_bindings(FasciApp.BINDINGS):
            assert app.get_key_display(binding) in text, binding.key
            assert (binding.tooltip or binding.description) in text
        for words in ("ctrl+p", "Tab", "ctrl+q", "[", "]", "alt+←", "alt+→", "/",
                      "Move into the pane", "Sidebar", "Overview", "Foods", "References",
                      "Open nutrient", "Copy address"):
            assert words in text, words
        for binding in Binding.make_bindings(Sidebar.BINDINGS):
            assert app.get_key_display(binding) in text
        # each pane's own bindings
        for spec in SECTION_TABLE:
            cls = pane_class(spec.section)
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if binding.description or binding.tooltip:
                    assert (binding.tooltip or binding.description) in text, (spec, binding.key)
        help_text = screen.query_one(HelpText)
        drawn = [help_text.render_line(y).text for y in range(help_text.size.height)]
        row = next(line for line in drawn if "Every key" in line)
        assert row.startswith("? / f1") and row.index("Every key") == 20  # keys, then what


def test_help_sections_need_no_running_app(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    titles = [section.title for section in help_sections(app, Sidebar.BINDINGS)]
    assert titles == ["Anywhere (not while typing in a search box)", "Sidebar",
                      "Find in page (the find bar)",
                      *(spec.help_title for spec in SECTION_TABLE),
                      "The watch's questions (a on Today)", "The lab reader (l on Today)"]
    assert "Nutrient pages" in titles and "Foods" in titles and "References" in titles
