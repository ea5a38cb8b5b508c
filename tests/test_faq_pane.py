"""FaqPane, mounted alone in a tiny app at 80×24."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from fasci_tui.content import Content
from fasci_tui.content.model import FaqEntry
from fasci_tui.content.search import FaqIndex
from fasci_tui.messages import Navigate
from fasci_tui.panes import faq as faq_module
from fasci_tui.panes.faq import FaqPane
from fasci_tui.panes.faq_choice import NutrientChoice
from fasci_tui.panes.faq_prompt import CLOSED, PROMPT_INDENT, MarkedText, Prompts, marked, styled
from fasci_tui.panes.faq_widgets import FaqList, FaqSearch, no_match_message, status_text


class PaneApp(App[None]):
    """Just the FAQ pane, recording Navigate messages and Esc presses that reach the app."""

    CSS = "FaqPane { width: 56; }"
    BINDINGS = [Binding("escape", "escaped", "Sidebar")]

    def __init__(self, content: Content, search: str | None = None,
                 reveal: str | None = None) -> None:
        super().__init__()
        self.content_ = content
        self.navigated: list[str] = []
        self.escapes = 0
        self._search = search
        self._reveal = reveal

    def compose(self) -> ComposeResult:
        pane = FaqPane(self.content_, id="pane")
        if self._search is not None:
            pane.search(self._search)  # before mounting, like a deep link
        if self._reveal is not None:
            pane.reveal(self._reveal)
        yield pane

    def on_mount(self) -> None:
        self.query_one(FaqPane).enter()

    def action_escaped(self) -> None:
        self.escapes += 1

    @on(Navigate)
    def record(self, message: Navigate) -> None:
        self.navigated.append(message.pane_id)


def rendered(widget: Widget) -> list[list[tuple[str, Style | None]]]:
    """The widget's visible lines as (text, style) segments."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [[(seg.text, seg.style) for seg in strip] for strip in widget.render_lines(region)]


def screen_text(widget: Widget) -> str:
    """The widget's visible text, line by line."""
    return "\n".join("".join(text for text, _ in line) for line in rendered(widget))


def marked_text(widget: Widget) -> str:
    """The visible text drawn bold and underlined (a match, visible without colour)."""
    return "".join(text for line in rendered(widget) for text, style in line
                   if style is not None and style.underline and style.bold)


def status(pane: FaqPane) -> str:
    return str(pane.query_one("#faq-status", Static).content)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])
    await pilot.pause()


async def test_lists_every_question_and_focuses_the_search(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(FaqPane)
        assert pane.shown_ids == [entry.id for entry in content.faq]
        assert isinstance(app.focused, Input)
        assert status(pane).startswith(f"{len(content.faq)} questions")
        text = screen_text(pane.query_one(FaqList))
        assert "Which nutrient matters most" in text


async def test_typing_a_typo_filters_as_you_go(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "magn")
        assert "most-important-nutrient" in pane.shown_ids
        await type_text(pilot, "esum")
        assert pane.search_text == "magnesum"
        assert pane.shown_ids[0] == "magnesium-form-and-dose"  # names it in the question
        assert "stress-and-twitching" not in pane.shown_ids
        assert '"magnesum"' in status(pane)
        text = screen_text(pane.query_one(FaqList))
        assert "Which nutrient matters most" in text


async def test_b_12_finds_the_b12_question_and_marks_it(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "b 12")
        assert pane.shown_ids[0] == "b12-and-twitching"
        # "B12" in the question is drawn bold and underlined (visible without colour).
        assert "B12" in marked_text(pane.query_one(FaqList))


async def test_no_match_says_so_with_the_query(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "xyzzy")
        assert pane.shown_ids == []
        assert status(pane) == no_match_message("xyzzy")
        assert "xyzzy" in status(pane) and "Esc clears" in status(pane)
        assert not pane.query_one(FaqList).display


async def test_escape_clears_then_bubbles(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "xyzzy")
        await pilot.press("escape")
        await pilot.pause()
        assert pane.search_text == ""
        assert len(pane.shown_ids) == len(content.faq)
        assert app.escapes == 0  # the pane used that Esc
        await pilot.press("escape")
        await pilot.pause()
        assert app.escapes == 1  # the search was empty: Esc went on to the app


async def test_enter_opens_and_closes_an_answer(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        options = pane.query_one(FaqList)
        await type_text(pilot, "stress")
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is options
        assert "Stress and anxiety" not in screen_text(options)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.open_ids == {"stress-and-twitching"}
        assert "Stress and anxiety" in screen_text(options)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.open_ids == set()
        assert "Stress and anxiety" not in screen_text(options)
        await pilot.press("space")
        await pilot.pause()
        assert pane.open_ids == {"stress-and-twitching"}


async def test_typing_highlights_the_best_match(content: Content) -> None:
    """Whatever was highlighted on the way, ↓ Enter after typing opens the best match."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "vitamn d")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert pane.open_ids == {pane.shown_ids[0]}
        assert pane.shown_ids[0] == "vitamin-d-and-twitching"


async def test_arrows_move_between_search_and_results(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        options = pane.query_one(FaqList)
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is options and options.highlighted == 0
        await pilot.press("down", "up")
        await pilot.pause()
        assert app.focused is options and options.highlighted == 0
        await pilot.press("up")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("enter")  # Enter in the search also moves to the results
        await pilot.pause()
        assert app.focused is options
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_keys_typed_together_follow_the_focus(content: Content) -> None:
    """↓ ↓ in one read (a burst over SSH): the second ↓ already moves in the list."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "cobalamin")
        for key in ("down", "down"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        options = pane.query_one(FaqList)
        assert app.focused is options and options.highlighted == 1
        for key in ("up", "up", "down"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert app.focused is options and options.highlighted == 0


async def test_slash_in_the_search_box_types_nothing(content: Content) -> None:
    """``/`` focuses the search; pressed again there, it keeps focus and types no "/"."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        box = pane.query_one(FaqSearch)
        await type_text(pilot, "b")
        await pilot.press("slash", "slash")
        await type_text(pilot, "12")
        assert app.focused is box and box.value == "b12"
        assert pane.shown_ids[0] == "b12-and-twitching"
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is pane.query_one(FaqList)
        await pilot.press("slash", "slash")
        await pilot.pause()
        assert app.focused is box and box.value == "b12"


async def test_search_method_and_deep_link(content: Content) -> None:
    app = PaneApp(content, search="b12")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(FaqPane)
        assert pane.search_text == "b12"
        assert pane.shown_ids[0] == "b12-and-twitching"
        pane.search("vitamn d")
        await pilot.pause()
        assert pane.query_one("#faq-search", Input).value == "vitamn d"
        assert pane.shown_ids[0] == "vitamin-d-and-twitching"


async def test_reveal_clears_the_filter_and_opens_the_entry(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        options = pane.query_one(FaqList)
        await type_text(pilot, "magnesium")
        pane.reveal("when-to-see-a-doctor")
        await pilot.pause()
        assert pane.search_text == ""
        assert "when-to-see-a-doctor" in pane.open_ids
        highlighted = options.highlighted_option
        assert highlighted is not None and highlighted.id == "when-to-see-a-doctor"
        assert app.focused is options
        assert "Make an appointment" in screen_text(options)
        pane.enter()  # just after a reveal, entering keeps the revealed answer focused
        assert app.focused is options
        pane.reveal("no-such-question")  # ignored
        pane.enter()
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_reveal_before_mount(content: Content) -> None:
    app = PaneApp(content, reveal="stress-and-twitching")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(FaqPane)
        options = pane.query_one(FaqList)
        assert pane.open_ids == {"stress-and-twitching"}
        assert options.highlighted_option is not None
        assert options.highlighted_option.id == "stress-and-twitching"


async def test_g_opens_the_answer_s_nutrient(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        pane.reveal("b12-and-twitching")
        await pilot.pause()
        assert "About: Vitamin B12" in screen_text(pane.query_one(FaqList))
        await pilot.press("g")
        await pilot.pause()
        assert app.navigated == ["nutrient-vitamin-b12"]


async def test_g_asks_which_nutrient_when_there_are_several(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        pane.reveal("vitamin-d-and-twitching")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, NutrientChoice)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NutrientChoice) and app.navigated == []
        assert app.escapes == 0
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.navigated == ["nutrient-calcium"]


async def test_g_opens_a_see_also_page(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        pane.reveal("what-is-bfs")
        await pilot.pause()
        text = " ".join(screen_text(pane.query_one(FaqList)).replace("▊", " ").split())
        assert "See also: Benign fasciculation syndrome (BFS) (g opens it)" in text
        assert "[limited evidence]" in text  # the answer's evidence mark, in words
        await pilot.press("g")
        await pilot.pause()
        assert app.navigated == ["twitching-benign-fasciculation-syndrome"]
        pane.reveal("alcohol")  # two nutrients and a page: the chooser lists all three
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, NutrientChoice)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.navigated[-1] == "twitching-other-causes"


async def test_g_is_disabled_without_tags(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        pane.reveal("worse-at-rest")
        await pilot.pause()
        assert pane.check_action("go_nutrient", ()) is None
        await pilot.press("g")
        await pilot.pause()
        assert app.navigated == []


async def test_long_answers_wrap_inside_the_pane(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        options = pane.query_one(FaqList)
        pane.reveal("diet-or-supplements")
        await pilot.pause()
        text = screen_text(options)
        assert "interact" in " ".join(text.split())
        assert options.size.width <= 56
        assert all(len(line.rstrip()) <= options.size.width for line in text.splitlines())


def test_styled_marks_each_span() -> None:
    text = styled("Vitamin B12 and B 12", [(8, 11), (16, 20)], Style(bold=True))
    assert [text.plain[span.start:span.end] for span in text.spans] == ["B12", "B 12"]


def test_no_match_message() -> None:
    assert no_match_message(" xyzzy ") == (
        'No question or answer matches "xyzzy". Try fewer or different words; '
        "Esc clears the search.")


def test_status_text() -> None:
    assert status_text(" ", 7, 7, 7, indexing=False) == (
        "7 questions. Type to search; Enter opens one.")
    assert status_text("", 9, 9, 9, indexing=True).startswith("9 questions (indexing")
    assert status_text("sleep", 900, 0, 0, indexing=True) == (
        'Indexing 900 questions… results for "sleep" follow.')
    assert status_text("sleep", 7, 1, 1, indexing=False) == '1 of 7 question matches "sleep".'
    assert status_text("sleep", 7, 2, 2, indexing=False) == '2 of 7 questions match "sleep".'
    assert status_text("x", 500, 0, 0, indexing=False) == no_match_message("x")
    assert status_text("s", 500, 300, 100, indexing=False) == (
        '300 of 500 questions match "s"; showing the first 100. Type more to narrow.')


async def test_list_and_search_messages_do_not_escape_the_pane(content: Content) -> None:
    seen: list[str] = []

    class Spy(PaneApp):
        @on(OptionList.OptionSelected)
        @on(OptionList.OptionHighlighted)
        @on(Input.Changed)
        @on(Input.Submitted)
        def spy(self, message: OptionList.OptionMessage | Input.Changed) -> None:
            seen.append(type(message).__name__)

    app = Spy(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "stress")
        await pilot.press("enter")  # Enter in the box: to the results
        await pilot.pause()
        assert app.focused is app.query_one(FaqList)
        await pilot.press("up", "down", "down", "enter")
        await pilot.pause()
        assert seen == []


async def test_a_big_faq_is_capped_and_says_so(content: Content) -> None:
    many = tuple(FaqEntry(f"q{i}", f"Question {i} about sleep?", "Rest well.")
                 for i in range(500))
    app = PaneApp(Content(content.overview, content.nutrients, content.habits, many,
                          content.references))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "slep")
        assert len(pane.shown_ids) == FaqPane.MAX_SHOWN
        assert "500 of 500" in status(pane) and f"first {FaqPane.MAX_SHOWN}" in status(pane)


async def test_a_theme_change_redraws_the_marks(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "b12")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert pane.shown_ids[0] == "b12-and-twitching"
        assert "Can low vitamin B12" in screen_text(pane.query_one(FaqList))
        assert "B12" in marked_text(pane.query_one(FaqList))


async def test_a_big_faq_is_indexed_in_the_background(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    class SlowIndex(FaqIndex):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            release.wait(10)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(faq_module, "FaqIndex", SlowIndex)
    monkeypatch.setattr(FaqPane, "INLINE_LIMIT", 0)  # index in a thread, as for a big FAQ
    app = PaneApp(content)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            pane = app.query_one(FaqPane)
            await pilot.pause()
            # Every question is listed at once (that needs no index) ...
            assert pane.indexing
            assert pane.shown_ids == [entry.id for entry in content.faq]
            assert status(pane).startswith(f"{len(content.faq)} questions (indexing")
            # ... but a search waits for it, showing nothing stale meanwhile.
            await type_text(pilot, "doctor")
            await pilot.press(*["backspace"] * 6)
            await type_text(pilot, "stress")
            assert pane.shown_ids == []
            assert status(pane).startswith(f"Indexing {len(content.faq)} questions…")
            assert '"stress"' in status(pane)
            assert not pane.query_one(FaqList).display
            assert "-no-match" not in pane.classes  # waiting is not "nothing matches"
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not pane.indexing
            # what the box holds now
            assert pane.shown_ids == ["stress-and-twitching", "anxiety-all-over", "eyelid-twitch"]
            assert status(pane) == f'3 of {len(content.faq)} questions match "stress".'
            assert pane.query_one(FaqList).display
    finally:
        release.set()


@pytest.mark.parametrize("width", [3, 4, 10, 24, 54, 80])
def test_a_closed_question_draws_as_the_grid_does(width: int) -> None:
    console = Console(width=100, color_system="truecolor", force_terminal=True)
    style = Style(bold=True, underline=True)
    options = console.options.update_width(width)
    for text in ["Can low vitamin B12 cause twitching?", "Short?", "x" * 120,
                 "Line one\nline two, longer", "Café, naïve façade — 漢字 😀 ok?", "word " * 30,
                 "Tab\there?"]:
        body = styled(text, [(0, min(3, len(text))), (len(text) - 2, len(text))], style)
        fast = list(console.render(MarkedText(CLOSED, body), options))
        assert fast == list(console.render(marked(CLOSED, body), options)), (text, width)


def test_question_heights_are_those_drawn(content: Content) -> None:
    """The list learns a closed question's height without drawing it: the same height."""
    many = tuple(FaqEntry(f"q{i}", " ".join(["Question", str(i)] + ["about sleep"] * i) + "?",
                          "Rest.") for i in range(20))
    bigger = Content(content.overview, content.nutrients, content.habits, content.faq + many,
                     content.references)
    prompts = Prompts(bigger)
    console = Console(width=100)
    for entry in bigger.faq:
        for width in (5, 20, 52, 78):
            options = console.options.update_width(width + PROMPT_INDENT)
            lines = console.render_lines(marked(CLOSED, Text(entry.question)), options)
            assert prompts.question_height(entry.id, width, console) == len(lines), entry.id


async def test_results_follow_the_text_before_the_next_paint(content: Content) -> None:
    """Setting the text filters at once, so the box and its results are painted together."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await pilot.pause()
        pane.query_one(FaqSearch).value = "stress"
        assert pane.shown_ids == ["stress-and-twitching", "anxiety-all-over", "eyelid-twitch"]
        assert '"stress"' in status(pane)


async def test_a_long_search_scrolls_and_comes_back(content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one(FaqSearch)
        await type_text(pilot, "magnesium and calcium and vitamin d and potassium and sodium")
        assert box.scroll_x > 0 and box.scroll_x <= box.max_scroll_x
        await pilot.press(*["backspace"] * 30)
        await pilot.pause()
        assert box.value == "magnesium and calcium and vita"
        assert box.scroll_x <= box.max_scroll_x == 0
        row = box.render_lines(Region(0, 1, box.outer_size.width, 1))[0].text
        assert "magnesium and calcium and vita" in row


async def test_deleting_after_the_cursor_keeps_the_scroll_within_the_text(
        content: Content) -> None:
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one(FaqSearch)
        await type_text(pilot, "magnesium and calcium and vitamin d and potassium and sodium")
        await pilot.press(*["left"] * 10, "ctrl+k")  # delete from the cursor to the end
        await pilot.pause()
        assert box.value == "magnesium and calcium and vitamin d and potassium "
        assert 0 < box.scroll_x <= box.max_scroll_x


async def test_typing_lays_nothing_out_while_the_status_keeps_its_height(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key is one frame: no layout pass (which also costs a frame of its own) unless
    the status line takes more or fewer lines."""
    app = PaneApp(content)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(FaqPane)
        await type_text(pilot, "anx")
        layouts: list[str] = []
        refresh = Widget.refresh

        def spy(self: Widget, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Widget:
            if layout and pane in self.ancestors_with_self:
                layouts.append(type(self).__name__)
            return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", spy)
        await type_text(pilot, "i")
        await type_text(pilot, "e")
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert layouts == []
        await type_text(pilot, "xyzzy")  # the status now takes two lines
        assert "Static" in layouts
        assert status(pane) == no_match_message("anxxyzzy")

