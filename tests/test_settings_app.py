"""The app with the user's settings: themes, the keymap, find in page, copy (#15)."""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import DataTable, OptionList

from fasci_tui import cli
from fasci_tui.app import FasciApp
from fasci_tui.config import Settings, load_settings
from fasci_tui.content.model import Content
from fasci_tui.panes.faq import FaqPane
from fasci_tui.places import Place, Section, nutrient_place
from fasci_tui.screens.help import HelpScreen
from fasci_tui.state import StateStore
from fasci_tui.target import Target
from fasci_tui.widgets.document import Document
from fasci_tui.widgets.find import FindBar, FindCount
from fasci_tui.widgets.footer import shown_keys

SIZE = (80, 24)


def make(content: Content, tmp_path: Path, place: Place | None = None,
         **options: Any) -> FasciApp:
    store = StateStore(tmp_path / "state")
    store.acknowledge_disclaimer()
    return FasciApp(content, Target(place) if place else Target(),
                    StateStore(tmp_path / "state"), **options)


def record_notes(app: FasciApp) -> list[str]:
    notes: list[str] = []
    real = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(message)
        real(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


async def test_theme_from_settings_and_from_the_command_line(content: Content,
                                                             tmp_path: Path) -> None:
    app = make(content, tmp_path, settings=Settings(theme="nord"))
    async with app.run_test(size=SIZE):
        assert app.theme == "nord"
    app = make(content, tmp_path, settings=Settings(theme="nord"), theme="high-contrast")
    async with app.run_test(size=SIZE):
        assert app.theme == "high-contrast" and app.current_theme.ansi


async def test_a_wrong_theme_is_reported_and_the_app_starts(content: Content,
                                                            tmp_path: Path) -> None:
    app = make(content, tmp_path, settings=Settings(theme="nope", path=tmp_path / "c.toml"))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no theme called 'nope'" in note for note in notes)


async def test_no_color_is_still_honoured(content: Content, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make(content, tmp_path, theme="high-contrast")
    async with app.run_test(size=SIZE):
        assert app.no_color


async def test_keymap_from_settings_in_keys_footer_and_help(content: Content,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nhelp = "h"\nbogus = "x"\n', encoding="utf-8")
    app = make(content, tmp_path, settings=load_settings(path))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(note.startswith(f"{path}:3: keys.bogus") for note in notes)
        footer = [key for key, action, *_ in shown_keys(app.screen) if action == "help"]
        assert footer == ["h"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "  h  Every key (this list)" in app.screen.plain_text


def count(app: FasciApp) -> str:
    return str(app.screen.query_one(FindCount).render())


async def type_find(pilot: Any, text: str) -> None:
    await pilot.press("ctrl+f")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def test_find_in_a_nutrient_page_counts_moves_and_clears(content: Content,
                                                               tmp_path: Path) -> None:
    app = make(content, tmp_path, nutrient_place("magnesium"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        page = app.pane.query_one(Document)
        expected = sum(line.lower().count("calcium") for line in page.lines_plain())
        assert expected >= 2
        await type_find(pilot, "calcium")
        assert count(app) == f"1 of {expected}"
        assert page.render().spans  # marked
        await pilot.press("enter")
        await pilot.pause()
        assert count(app) == f"2 of {expected}" and isinstance(app.focused, FindCount)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert count(app) == f"2 of {expected}"
        await pilot.press("slash", "x", "y", "z")
        await pilot.pause()
        assert count(app) == "no match"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query(FindBar)
        assert page.lines_plain() and not page._marks
        assert app.place == nutrient_place("magnesium")


async def test_find_opens_closed_faq_answers(content: Content, tmp_path: Path) -> None:
    entry = content.faq[-1]
    word = max(entry.answer.split(), key=len).strip(".,;:()").lower()
    app = make(content, tmp_path, Place(Section.FAQ))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.pane
        assert isinstance(pane, FaqPane) and not pane.open_ids
        await type_find(pilot, word)
        assert count(app).startswith("1 of ")
        for _ in range(int(count(app).split(" of ")[1])):
            if entry.id in pane.open_ids:
                break
            await pilot.press("enter")
            await pilot.pause()
        assert entry.id in pane.open_ids
        assert pane.query_one(OptionList).highlighted_option.id == entry.id


@pytest.mark.parametrize("section", [Section.COMPARE, Section.FOODS])
async def test_find_moves_the_table_cursor(content: Content, tmp_path: Path,
                                           section: Section) -> None:
    app = make(content, tmp_path, Place(section))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_find(pilot, "potassium")
        assert count(app) != "no match"
        table = app.pane.query_one(DataTable)
        row = " ".join(str(cell) for cell in table.get_row_at(table.cursor_row))
        assert "potassium" in row.lower()


async def test_find_from_the_faq_search_box_and_after_moving(content: Content,
                                                             tmp_path: Path) -> None:
    app = make(content, tmp_path, Place(Section.FAQ))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "faq-search"
        await type_find(pilot, "magnesium")  # ctrl+f wins over the box's delete-word
        assert count(app).startswith("1 of ")
        await pilot.press("enter")  # to the count
        await pilot.pause()
        await app.go(nutrient_place("calcium"))
        await pilot.pause()
        await pilot.press("n")  # finds again, in the page now on show
        await pilot.pause()
        page = app.pane.query_one(Document)
        expected = sum(line.lower().count("magnesium") for line in page.lines_plain())
        assert count(app) == f"1 of {expected}"
        await pilot.press("question_mark", "ctrl+f")  # not over the help screen
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and not app.screen.query(FindBar)


async def test_find_in_references(content: Content, tmp_path: Path) -> None:
    app = make(content, tmp_path, Place(Section.REFERENCES))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        publisher = content.references[-1].publisher
        await type_find(pilot, publisher)
        total = int(count(app).split(" of ")[1])
        assert total >= 1


async def test_y_copies_markdown_over_osc_52(content: Content, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real_write = HeadlessDriver.write

    def write(self: HeadlessDriver, data: str) -> None:
        written.append(data)
        real_write(self, data)

    monkeypatch.setattr(HeadlessDriver, "write", write)
    app = make(content, tmp_path, nutrient_place("magnesium"))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith("# Magnesium")
        osc = [w for w in written if w.startswith("\x1b]52;c;")]
        assert len(osc) == 1 and osc[0].endswith("\a")
        assert base64.b64decode(osc[0][7:-1]).decode() == app.clipboard
        assert any("Copied" in note for note in notes)


async def test_y_copies_the_highlighted_row_or_answer(content: Content,
                                                      tmp_path: Path) -> None:
    app = make(content, tmp_path, Place(Section.COMPARE))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "y")
        await pilot.pause()
        header, rule, row = app.clipboard.splitlines()
        assert header.startswith("| Nutrient") and rule.startswith("|---")
        assert content.nutrients[1].name.split()[0] in row
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "y")
        await pilot.pause()
        assert app.clipboard.startswith(f"1. **{content.faq[0].question}**")


async def test_choosing_a_theme_saves_it(content: Content, tmp_path: Path) -> None:
    path = tmp_path / "config" / "fasci-tui" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("# mine\nmouse = true\n", encoding="utf-8")
    app = make(content, tmp_path, settings=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.run_action("set_theme('high-contrast')")
        await pilot.pause()
        assert app.theme == "high-contrast"
    assert path.read_text() == '# mine\nmouse = true\ntheme = "high-contrast"\n'


def test_command_line_passes_settings_theme_and_mouse(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[Target, dict[str, Any]]] = []

    def run_app(content: Content, target: Target, **options: Any) -> int:
        calls.append((target, options))
        return 0

    class Tty:
        def isatty(self) -> bool:
            return True

    import fasci_tui.app

    monkeypatch.setattr(fasci_tui.app, "run_app", run_app)
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())
    config = tmp_path / "c.toml"
    config.write_text('start = "b12"\nmouse = true\ntheme = "nord"\n', encoding="utf-8")
    assert cli.main(["--config", str(config), "--no-mouse", "--theme", "gruvbox"]) == 0
    target, options = calls[-1]
    assert target.place == nutrient_place("vitamin-b12")
    assert options["mouse"] is False and options["theme"] == "gruvbox"
    assert options["settings"].theme == "nord"
    monkeypatch.setenv("FASCI_TUI_CONFIG", str(config))
    assert cli.main(["faq"]) == 0
    assert calls[-1][0].place == Place(Section.FAQ) and calls[-1][1]["mouse"] is True
    assert cli.main(["--theme", "nrod"]) == 2
    assert "did you mean 'nord'" in capsys.readouterr().err


def test_palette_offers_every_theme(content: Content) -> None:
    from fasci_tui.palette import palette_entries
    from fasci_tui.widgets.themes import theme_names

    themes = {e.label: e.action for e in palette_entries(content) if e.label.startswith("Theme")}
    assert themes["Theme: high-contrast"] == "set_theme('high-contrast')"
    assert len(themes) == len(theme_names()) and "Theme: textual-light" in themes
