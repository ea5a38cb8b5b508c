"""The app shell: layout, navigation, history, jump keys, disclaimer, size, deep links."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, DataTable, Input

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress, Navigate
from fasci_tui.panes import registry
from fasci_tui.places import Place, Section, nutrient_place
from fasci_tui.runtime import over_ssh
from fasci_tui.screens.disclaimer import DisclaimerScreen
from fasci_tui.screens.profile import ProfileScreen
from fasci_tui.screens.too_small import TooSmallScreen
from fasci_tui.state import StateStore
from fasci_tui.store import open_store
from fasci_tui.target import Target
from fasci_tui.widgets.document import Document
from fasci_tui.widgets.sidebar import Sidebar
from tests.support.shell_helpers import StubChecklistPane, StubComparePane, StubFaqPane, make_app

SIZE = (80, 24)


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use stand-ins for the panes built elsewhere, to test the app's side of the contract."""
    monkeypatch.setitem(registry.OVERRIDES, Section.FAQ, StubFaqPane)
    monkeypatch.setitem(registry.OVERRIDES, Section.COMPARE, StubComparePane)
    monkeypatch.setitem(registry.OVERRIDES, Section.CHECKLIST, StubChecklistPane)


def in_content(app: FasciApp) -> bool:
    return app.focus_in_content()


def at(app: FasciApp) -> str:
    """The key of the place on show (``overview``, ``nutrient-magnesium``)."""
    return app.place.key


def highlighted(app: FasciApp) -> str | None:
    """The key of the sidebar's highlighted place."""
    place = app.sidebar.highlighted_place
    return place.key if place is not None else None


async def test_layout_starts_at_overview(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "overview"
        assert app.sub_title == "Overview"
        assert isinstance(app.focused, Sidebar)
        assert app.query_one(ContentSwitcher).current == "pane-overview"
        assert app.sidebar.current == Place(Section.OVERVIEW)
        ids = [app.sidebar.get_option_at_index(i).id for i in range(app.sidebar.option_count)]
        nutrients = [f"nutrient-{n.id}" for n in content.nutrients]
        pages = [f"twitching-{p.id}" for p in content.pages]
        assert ids == ["overview", None, *nutrients, None, *pages, "compare", "checklist",
                       "faq", "foods", "references", "today", "trends"]


async def test_highlight_shows_pane_at_once(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # skips the "Nutrients" heading
        await pilot.pause()
        assert at(app) == "nutrient-magnesium"
        assert app.sub_title == "Magnesium"
        assert isinstance(app.focused, Sidebar)
        await pilot.press("down")
        await pilot.pause()
        assert at(app) == "nutrient-calcium"
        pane = app.pane_widget(Section.NUTRIENT)
        assert pane is not None and pane.nutrient_id == "calcium"  # type: ignore[attr-defined]
        await pilot.press("end")
        await pilot.pause()
        assert at(app) == "trends"


async def test_enter_and_escape_move_focus(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert in_content(app)
        await pilot.press("escape")
        assert isinstance(app.focused, Sidebar)
        await pilot.press("right")
        assert in_content(app)
        await pilot.press("left")  # the overview page does not scroll sideways
        assert isinstance(app.focused, Sidebar)
        await pilot.press("escape")  # Esc on the sidebar does nothing harmful
        assert isinstance(app.focused, Sidebar)
        assert at(app) == "overview"


async def test_section_keys(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for key, pane in [("c", "compare"), ("k", "checklist"), ("f", "faq"), ("d", "foods"),
                          ("r", "references"), ("o", "overview"),
                          ("n", "nutrient-magnesium"), ("n", "nutrient-calcium"),
                          ("3", "compare"), ("4", "checklist"), ("5", "faq"), ("6", "foods"),
                          ("7", "references"), ("2", "nutrient-magnesium"),
                          ("1", "overview")]:
            await pilot.press(key)
            await pilot.pause()
            assert at(app) == pane, key
            assert highlighted(app) == pane
            assert isinstance(app.focused, Sidebar)


async def test_jump_from_inside_a_pane_enters_the_new_pane(content: Content,
                                                            tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        assert at(app) == "foods"
        assert isinstance(app.focused, DataTable)


async def test_history_back_and_forward(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for key in "cdr":
            await pilot.press(key)
        await pilot.pause()
        assert [p.key for p in app.history] == ["overview", "compare", "foods", "references"]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert at(app) == "foods"
        await pilot.press("alt+left")
        await pilot.pause()
        assert at(app) == "compare"
        await pilot.press("backspace")
        await pilot.pause()
        assert at(app) == "overview"
        assert highlighted(app) == "overview"
        await pilot.press("left_square_bracket")  # nothing further back: no change
        await pilot.pause()
        assert at(app) == "overview"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert at(app) == "compare"
        await pilot.press("alt+right")
        await pilot.pause()
        assert at(app) == "foods"
        await pilot.press("k")  # a new visit drops the forward part
        await pilot.pause()
        assert [p.key for p in app.history] == ["overview", "compare", "foods", "checklist"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert at(app) == "checklist"


async def test_back_keeps_focus_inside_panes(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "enter")  # into the foods table
        await pilot.press("enter")  # Enter on "almonds / Magnesium" opens magnesium
        await pilot.pause()
        assert at(app) == "nutrient-magnesium"
        assert in_content(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert at(app) == "foods"
        assert isinstance(app.focused, DataTable)


async def test_keys_do_not_fire_while_typing(content: Content, tmp_path: Path,
                                             stubs: None) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert at(app) == "faq"
        pane = app.pane_widget(Section.FAQ)
        assert isinstance(pane, StubFaqPane)
        assert ("focus_search", None) in pane.calls
        assert isinstance(app.focused, Input)
        await pilot.press(*"qocd[]?!/", "backspace", "left")
        await pilot.pause()
        assert app.is_running
        assert at(app) == "faq"
        assert app.focused.value == "qocd[]?!"
        assert not app.screen_stack[1:]  # no help or doctor box opened
        shown = {b.binding.action for b in app.screen.active_bindings.values()
                 if b.binding.show}
        assert {"doctor", "help"} <= shown  # F2 and F1 still work, and the footer says so
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DisclaimerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, Sidebar)


async def test_q_quits(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_doctor_key_from_anywhere(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "exclamation_mark" in app.screen.active_bindings
        assert app.screen.active_bindings["exclamation_mark"].binding.show
        await pilot.press("d", "enter", "exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen) and not screen.first_run
        text = " ".join(screen.query_one("#disclaimer-text", Document).plain.split())
        assert " ".join(content.overview.disclaimer.split())[:40] in text
        # The tiers, each labelled in words, in order, with every sign and its sources.
        tiers = content.overview.see_a_doctor.tiers
        assert [t.level for t in tiers] == ["now", "soon", "reassurance"]
        heads = [text.index(f"{word}: {t.title}")
                 for word, t in zip(("NOW", "SOON", "REASSURANCE"), tiers, strict=True)]
        assert heads == sorted(heads)
        assert all(sign in text for t in tiers for sign in t.signs)
        assert "keep taking it" in text and text.count("Sources: [") == 3
        assert "References" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DisclaimerScreen)
        assert isinstance(app.focused, DataTable)  # focus comes back where it was


async def test_disclaimer_on_first_run_only(content: Content, tmp_path: Path) -> None:
    state_dir = tmp_path / "state"
    app = FasciApp(content, store=StateStore(state_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen) and screen.first_run
        await pilot.press("escape", "exclamation_mark", "o")  # must be acknowledged
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DisclaimerScreen)
        assert isinstance(app.screen, ProfileScreen)  # asked once, gently
        await pilot.press("escape")  # skipped
        await pilot.pause()
        assert isinstance(app.focused, Sidebar)
    with open_store(state_dir) as saved:
        assert saved.disclaimer_acknowledged() and saved.profile() is None

    again = FasciApp(content, store=StateStore(state_dir))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, DisclaimerScreen)
        assert isinstance(again.focused, Sidebar)


async def test_first_run_box_can_quit(content: Content, tmp_path: Path) -> None:
    app = FasciApp(content, store=StateStore(tmp_path / "state"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert not (tmp_path / "state" / "state.json").exists()


async def test_small_terminal_message_and_recovery(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TooSmallScreen)
        assert "at least 60×16" in screen.message and "now 40×10" in screen.message
        await pilot.press("down", "c", "question_mark", "ctrl+p")  # nothing happens
        await pilot.pause()
        assert app.screen is screen and at(app) == "overview"
        await pilot.resize_terminal(59, 30)
        await pilot.pause()
        assert app.screen is screen and "now 59×30" in screen.message
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert at(app) == "overview"
        await pilot.press("down")
        await pilot.pause()
        assert at(app) == "nutrient-magnesium"
        await pilot.resize_terminal(60, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert at(app) == "nutrient-magnesium"


async def test_small_terminal_on_first_run_keeps_disclaimer(content: Content,
                                                            tmp_path: Path) -> None:
    app = FasciApp(content, store=StateStore(tmp_path / "state"))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, DisclaimerScreen)


async def test_deep_link_nutrient(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path, Target(nutrient_place("vitamin-d")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "nutrient-vitamin-d"
        assert app.sub_title == "Vitamin D"
        assert highlighted(app) == "nutrient-vitamin-d"
        pane = app.pane_widget(Section.NUTRIENT)
        assert pane is not None and pane.nutrient_id == "vitamin-d"  # type: ignore[attr-defined]
        assert in_content(app)
        await pilot.press("escape")
        assert at(app) == "nutrient-vitamin-d"


async def test_reading_pages_deep_link_sidebar_and_jump_key(content: Content,
                                                            tmp_path: Path) -> None:
    bfs = Place(Section.TWITCHING, "benign-fasciculation-syndrome")
    app = make_app(content, tmp_path, Target(bfs))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "twitching-benign-fasciculation-syndrome"
        assert app.sub_title == "Benign fasciculation syndrome (BFS)"
        assert highlighted(app) == at(app)
        document = app.query_one("#reading-document", Document)
        assert "98.3%" in document.plain and "[limited evidence]" in document.plain
        assert "Evidence marks:" in document.plain
        await pilot.press("escape", "down")  # the next sidebar row: the other page
        await pilot.pause()
        assert at(app) == "twitching-other-causes"
        assert "What a doctor may check" in document.plain  # the same pane, new page
        assert "98.3%" not in document.plain
        await pilot.press("o", "w")  # the jump key: the first page, then the next
        assert at(app) == "twitching-benign-fasciculation-syndrome"
        await pilot.press("w")
        assert at(app) == "twitching-other-causes"


async def test_deep_link_faq_search(content: Content, tmp_path: Path, stubs: None) -> None:
    app = make_app(content, tmp_path, Target(Place(Section.FAQ), faq_search="b12"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "faq"
        pane = app.pane_widget(Section.FAQ)
        assert isinstance(pane, StubFaqPane)
        assert ("search", "b12") in pane.calls


async def test_deep_link_compare_sort(content: Content, tmp_path: Path, stubs: None) -> None:
    app = make_app(content, tmp_path, Target(Place(Section.COMPARE), sort_column="intake",
                                             sort_descending=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "compare"
        pane = app.pane_widget(Section.COMPARE)
        assert isinstance(pane, StubComparePane)
        assert pane.calls == [("intake", True)]


async def test_deep_link_compare_sort_real_pane(content: Content, tmp_path: Path) -> None:
    from fasci_tui.content.compare import row_for, sort_rows

    app = make_app(content, tmp_path, Target(Place(Section.COMPARE), sort_column="limit",
                                             sort_descending=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.pane_widget(Section.COMPARE)
        expected = sort_rows([row_for(n) for n in content.nutrients], "limit", True)
        assert pane.ordered_ids == [row.nutrient_id for row in expected]  # type: ignore


async def test_navigate_messages(content: Content, tmp_path: Path, stubs: None) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(Navigate(nutrient_place("potassium")))
        await pilot.pause()
        assert at(app) == "nutrient-potassium"
        assert isinstance(app.focused, Sidebar)  # asked from the sidebar: focus stays
        app.post_message(Navigate(Place(Section.CHECKLIST, "sleep")))
        await pilot.pause()
        pane = app.pane_widget(Section.CHECKLIST)
        assert isinstance(pane, StubChecklistPane)
        assert pane.store is app.store
        assert pane.revealed == ["sleep"]
        app.post_message(Navigate(nutrient_place("nonsense")))
        await pilot.pause()
        assert at(app) == "checklist"
        assert app.is_running


async def test_checklist_progress_updates_sidebar_and_header(content: Content,
                                                             tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.acknowledge_disclaimer()
    store.set_checked(content.habits[0].id, True)
    app = FasciApp(content, store=StateStore(tmp_path))
    total = len(content.habits)
    async with app.run_test(size=SIZE) as pilot:
        assert app.sidebar.checklist_label == f"Checklist 1/{total}"
        await pilot.press("k")
        await pilot.pause()
        assert app.sub_title == f"Checklist 1/{total}"
        await pilot.press("enter", "down", "space")  # tick the second habit
        await pilot.pause()
        assert app.sidebar.checklist_label == f"Checklist 2/{total}"
        assert app.sub_title == f"Checklist 2/{total}"
        app.post_message(ChecklistProgress(3, total))
        await pilot.pause()
        assert app.sidebar.checklist_label == f"Checklist 3/{total}"


async def test_notices_shown_at_startup(content: Content, tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "state.json").write_text("{broken", encoding="utf-8")
    app = FasciApp(content, store=StateStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("not valid JSON" in m for m in messages)


def test_over_ssh() -> None:
    assert over_ssh({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"})
    assert over_ssh({"SSH_TTY": "/dev/pts/1"})
    assert not over_ssh({})


async def test_ssh_turns_off_animation_and_blinking(content: Content, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    stubs: None) -> None:
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    app = make_app(content, tmp_path)
    assert app.animation_level == "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert app.focused.cursor_blink is False
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert app.focused.cursor_blink is False


async def test_without_ssh_animation_is_default(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    assert app.animation_level != "none"


async def test_fast_keys_never_lose_focus(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "pagedown")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not None
        assert highlighted(app) == at(app)


async def test_footer_shows_the_keys_of_the_focused_pane(content: Content,
                                                         tmp_path: Path) -> None:
    from textual.widgets import Footer

    app = make_app(content, tmp_path, Target())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = [str(key.description) for key in footer.query("FooterKey")]  # type: ignore
        assert "Open" in keys and "Related" not in keys
        await pilot.press("enter")  # into the nutrient pane: its own keys appear
        await pilot.pause()
        keys = [str(key.description) for key in footer.query("FooterKey")]  # type: ignore
        assert "Related" in keys and "Sidebar" in keys


async def test_ctrl_l_and_a_resize_make_the_driver_send_everything_again(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The output compactor forgets what the screen shows; ctrl+l also repaints it all."""
    app = make_app(content, tmp_path, Target())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        forgotten: list[int] = []

        class Driver:
            def forget_screen(self) -> None:
                forgotten.append(1)

        monkeypatch.setattr(app, "terminal_driver", Driver())
        repaints: list[bool] = []
        refresh = app.screen.refresh
        monkeypatch.setattr(app.screen, "refresh",
                            lambda *a, **k: repaints.append(True) or refresh(*a, **k))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert forgotten == [1] and repaints
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert len(forgotten) == 2
