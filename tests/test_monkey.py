"""Monkey test: seeded random keys and resizes, and the app keeps answering.

Keys come from a weighted alphabet (arrows, Enter, Esc, Tab, letters, digits, the app's
and panes' own keys, F1/F2, ctrl+p, multibyte characters), mostly in bursts delivered
together as a terminal does for fast typing, some one at a time; the terminal is resized
at random from 10×5 to 250×80. Never ``q`` or ctrl+q (quitting through the palette
starts the app again). A failure names the seed, the app's error and the last keys and
screens; rerun one seed longer with
``FASCI_TUI_MONKEY_KEYS=2000 pytest tests/test_monkey.py -k "test_monkey[23]"``.

The rest of the module: pasted and multibyte FAQ searches, keys typed together with
``q``, and regressions for Textual bugs found this way (fasci_tui/widgets/textual_fixes.py).

The whole module is a soak (some 1,400 keys in all, each a restyle of the app), so it is
marked slow: ``make test`` runs it, ``make check`` leaves it out.
"""

from __future__ import annotations

import os
import random
import unicodedata
from collections import deque
from pathlib import Path

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input

from fasci_tui import places
from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.places import OVERVIEW, SECTION_TABLE, Place, Section, nutrient_place
from fasci_tui.screens.disclaimer import DisclaimerScreen
from fasci_tui.screens.too_small import TooSmallScreen
from fasci_tui.state import StateStore
from fasci_tui.target import Target
from fasci_tui.widgets.sidebar import Sidebar
from tests.support.shell_helpers import make_app

pytestmark = pytest.mark.slow

WEIGHTED_KEYS: list[tuple[int, list[str]]] = [
    (12, ["up", "down", "left", "right"]),
    (5, ["enter", "escape", "tab", "shift+tab", "space"]),
    (3, ["pageup", "pagedown", "home", "end", "backspace"]),
    (6, list("abcdefghijklmnoprstuvwxyz")),  # every letter but q
    (3, list("0123456789")),
    (4, ["slash", "question_mark", "exclamation_mark", "left_square_bracket",
         "right_square_bracket", "less_than_sign", "greater_than_sign"]),
    (3, ["s", "x", "y", "n", "g", "l"]),  # the panes' own keys
    (2, ["ctrl+p", "f1", "f2"]),
    (2, ["é", "€", "日", "本", "ß", "😀"]),
]
"""(weight, keys): a weight is shared by the keys of its group."""

SEEDS = (11, 23, 37, 41)
KEYS_PER_SEED = int(os.environ.get("FASCI_TUI_MONKEY_KEYS", "250"))
"""Each key costs the app ~65 ms (mostly Textual restyling), so 4 × 250 keys take about
a minute; set FASCI_TUI_MONKEY_KEYS higher for a longer soak."""
SIZES = ((10, 5), (250, 80))
"""Smallest and largest random terminal size."""


def _alphabet() -> tuple[list[str], list[float]]:
    keys: list[str] = []
    weights: list[float] = []
    for weight, group in WEIGHTED_KEYS:
        keys += group
        weights += [weight / len(group)] * len(group)
    return keys, weights


KEYS, WEIGHTS = _alphabet()
assert "q" not in KEYS and "ctrl+q" not in KEYS


async def back_to_overview(app: FasciApp, pilot: Pilot[int]) -> None:
    """Close whatever is open, leave any input, then ``o``: the app must be at the overview."""
    await pilot.resize_terminal(80, 24)
    for _ in range(12):
        screen = app.screen
        if isinstance(screen, DisclaimerScreen) and screen.first_run:
            await pilot.press("enter")
        elif screen is not app.screen_stack[0] or isinstance(app.focused, Input):
            await pilot.press("escape")
        elif not isinstance(app.focused, Sidebar):
            await pilot.press("escape")
        else:
            break
    assert app.screen is app.screen_stack[0], app.screen_stack
    assert not isinstance(app.screen, TooSmallScreen)
    await pilot.press("o")
    await pilot.pause()
    assert app.place == OVERVIEW
    assert app.sidebar.highlighted_place == OVERVIEW
    assert app.query_one("#panes", ContentSwitcher).current == "pane-overview"


def key_event(key: str) -> events.Key:
    """The Key event a terminal would deliver for ``key`` (as Pilot builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(app: FasciApp, pilot: Pilot[int], keys: list[str]) -> None:
    """Deliver ``keys`` together, as one read from a fast typist or a key repeat would."""
    for key in keys:
        app.post_message(key_event(key))
    await pilot.pause()


def stopped(app: FasciApp, seed: int, recent: deque[str]) -> str:
    """Why the monkey test failed: the seed, the app's error and the last keys sent."""
    return (f"seed {seed}: the app stopped (return code {app.return_code}, "
            f"error {app._exception!r}) after: {' '.join(recent)}")


def _new_app(content: Content, state_dir: Path, seed: int, launch: int) -> FasciApp:
    """A fresh app at a pane chosen by the seed; odd seeds start with the first-run box."""
    start = SECTION_TABLE[(seed + launch) % len(SECTION_TABLE)].section
    target = Target(Place(start))
    if start is Section.NUTRIENT:
        target = Target(nutrient_place(content.nutrients[seed % len(content.nutrients)].id))
    if seed % 2 == 1 and launch == 0:
        return FasciApp(content, target=target, store=StateStore(state_dir))
    return make_app(content, state_dir, target)


async def monkey(content: Content, state_dir: Path, seed: int, count: int) -> dict[str, int]:
    """Send ``count`` random keys (and resizes) to the app; return what was done.

    Choosing "Quit" in the command palette is a legitimate way out: the app is then
    started again (same saved state) and the keys go on.
    """
    rng = random.Random(seed)
    done = {"keys": 0, "resizes": 0, "launches": 0, "navigations": 0}
    recent: deque[str] = deque(maxlen=40)
    panes: set[str] = set()
    while done["keys"] < count:
        app = _new_app(content, state_dir, seed, done["launches"])
        done["launches"] += 1
        try:
            await _drive(app, rng, count, done, recent, panes)
        except Exception as exc:  # the app's own error, re-raised by run_test
            raise AssertionError(stopped(app, seed, recent)) from exc
        assert app._exception is None and app.return_code in (None, 0), stopped(app, seed, recent)
        recent.append("<quit, started again>")
    done["panes"] = len(panes)
    return done


async def _drive(app: FasciApp, rng: random.Random, count: int, done: dict[str, int],
                 recent: deque[str], panes: set[str]) -> None:
    """Random keys and resizes until ``count`` keys are sent or the app quits."""
    screen_shown = ""
    tour = [p for spec in SECTION_TABLE
            for p in ([Place(spec.section, item.id)
                       for item in places.items(app.content, spec.section)[:2]]
                      if spec.per_item else [Place(spec.section)])]
    async with app.run_test(size=(80, 24)) as pilot:
        while done["keys"] < count and app.is_running:
            if rng.random() < 0.15:
                width = rng.randint(SIZES[0][0], SIZES[1][0])
                height = rng.randint(SIZES[0][1], SIZES[1][1])
                recent.append(f"<resize {width}x{height}>")
                await pilot.resize_terminal(width, height)
                done["resizes"] += 1
            # as a link or the palette would: every pane gets a turn (the first tour in
            # a row, then now and then)
            if done["navigations"] < len(tour) or rng.random() < 0.25:
                place = tour[done["navigations"] % len(tour)]
                recent.append(f"<navigate {place}>")
                app.post_message(Navigate(place))
                done["navigations"] += 1
            batch = rng.choices(KEYS, WEIGHTS, k=min(rng.randint(1, 8), count - done["keys"]))
            recent.extend(batch)
            if rng.random() < 0.15:
                await pilot.press(*batch)  # one at a time, each handled before the next
            else:
                await burst(app, pilot, batch)
            done["keys"] += len(batch)
            panes.add(app.place.section)
            if app.is_running and app.screen_stack:
                top = f"<now on {type(app.screen).__name__}>"
                if top != screen_shown:
                    recent.append(top)
                    screen_shown = top
        if app.is_running:
            await back_to_overview(app, pilot)


@pytest.mark.parametrize("seed", SEEDS)
async def test_monkey(content: Content, tmp_path: Path, seed: int) -> None:
    done = await monkey(content, tmp_path / "state", seed, KEYS_PER_SEED)
    # monkey() itself fails on the app's first error and checks it ends at the overview;
    # here: the run did reach every kind of pane and did resize the terminal.
    assert done["resizes"] >= KEYS_PER_SEED // 60, done
    assert done["panes"] == len(SECTION_TABLE)  # every kind of pane had keys sent to it


# ------------------------------------------------------------------- FAQ search input

def _faq_says(app: FasciApp) -> tuple[list[str], str]:
    """The FAQ's listed question ids and the text of its status line."""
    pane = app.pane_widget(Section.FAQ)
    assert pane is not None
    status = " ".join(str(s.render()) for s in pane.query("Static"))
    return list(pane.shown_ids), status


def _search_state_is_sound(app: FasciApp, typed: str) -> None:
    shown, status = _faq_says(app)
    if typed.strip():
        assert shown or "No question or answer matches" in status, (typed, status)
    else:
        assert len(shown) == len(app.content.faq)


PASTES = {
    "accented": "magnésium", "symbols-cjk-emoji": "€€€ 日本語 😀", "zero-width": "b12\u200b",
    "lone-combining": "\u0301\u0301", "long-multibyte": "ß" * 300, "french": "crampes ça va?",
    "very-long": "x" * 5000, "whitespace": "\t\n", "sql": "DROP TABLE faq;--",
    "markup": "[bold]b12[/]", "control": "\x1b[31mred\x07",
}


@pytest.mark.parametrize("text", list(PASTES.values()), ids=list(PASTES))
async def test_faq_search_takes_any_paste(content: Content, tmp_path: Path, text: str) -> None:
    """Pasted text, multibyte or odd, into the FAQ search: results or the no-match line."""
    app = make_app(content, tmp_path, Target(Place(Section.FAQ)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        search = app.focused
        assert isinstance(search, Input)
        search.post_message(events.Paste(text))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        _search_state_is_sound(app, search.value)
        await pilot.press("escape")  # clears the search
        await pilot.pause()
        assert search.value == ""
        _search_state_is_sound(app, "")


async def test_faq_search_escape_heavy_and_multibyte_typing(content: Content,
                                                            tmp_path: Path) -> None:
    """Typing multibyte text with escapes and backspaces between: search never breaks."""
    rng = random.Random(7)
    alphabet = ["é", "€", "日", "本", "ß", "m", "a", "g", "b", "1", "2", "space", "escape",
                "escape", "backspace", "slash", "down", "up", "left", "right"]
    app = make_app(content, tmp_path, Target(Place(Section.FAQ)))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane_widget(Section.FAQ)
        assert pane is not None
        for _ in range(15):
            await burst(app, pilot, ["slash", *rng.choices(alphabet, k=12)])
            assert app.is_running
            _search_state_is_sound(app, pane.search_text)
        await pilot.press("slash")
        if pane.search_text:
            await pilot.press("escape")  # clears it
        await pilot.press(*"magnesium")
        await pilot.pause()
        shown, _ = _faq_says(app)
        assert pane.search_text == "magnesium" and shown


# ------------------------------------------------------------ keys while quitting

@pytest.mark.parametrize("follow", ["o", "f", "c", "k", "n", "slash", "question_mark",
                                    "exclamation_mark", "ctrl+p", "left_square_bracket",
                                    "enter", "down"])
@pytest.mark.parametrize("start", ["", "d"])
async def test_keys_typed_with_q_do_not_crash(content: Content, tmp_path: Path,
                                              start: str, follow: str) -> None:
    """``q`` and another key in one read (``qf``): the second arrives while the app
    closes; it used to mount a pane into a torn-down switcher (MountError)."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        if start:
            await pilot.press(start)
        await pilot.pause()
        for key in ("q", follow, follow):  # delivered together, as a terminal would
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
    # Usually the app has quit; ctrl+p is a priority key, so the palette may open first
    # and take the q as text. Either way: no error.
    assert app._exception is None
    assert app.return_code in (0, None)


@pytest.mark.parametrize("keys", [
    ["ctrl+p", "pagedown"], ["ctrl+p", "m", "pagedown"], ["ctrl+p", "pageup"],
    ["ctrl+p", "m", "enter", "enter"], ["ctrl+p", "less_than_sign", "enter", "enter"],
    ["enter", "wait", "escape", "ctrl+p", "m", "a"],
    ["exclamation_mark", "wait", "escape", "ctrl+p", "€", "k"],
], ids=["pgdn", "search-pgdn", "pgup", "search-enter-enter", "symbol-enter-enter",
        "pane-esc-palette-type", "modal-esc-palette-type"])
async def test_palette_keys_in_one_read(content: Content, tmp_path: Path,
                                        keys: list[str]) -> None:
    """Keys typed into the palette faster than it draws crashed Textual 8.2.8:
    PgDn before its list had a size (KeyError in OptionList._move_page), and a second
    Enter dismissing it again after its command ran (popping the main screen), and
    Esc + ctrl+p + a letter from inside a pane: ctrl+p opens the palette first, Esc
    closes it, and the letter starts a search in the closing palette (NoMatches in a
    worker). fasci_tui.widgets.textual_fixes guards all three."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        if "wait" in keys:
            await pilot.press(*keys[:keys.index("wait")])
            keys = keys[keys.index("wait") + 1:]
        await burst(app, pilot, keys)
        await pilot.pause(0.6)  # the palette's search reports in batches of 0.25 s
        await pilot.pause()
        assert app.is_running
        await back_to_overview(app, pilot)


@pytest.mark.parametrize("width", [10, 26, 28])
async def test_checklist_in_a_very_narrow_terminal(content: Content, tmp_path: Path,
                                                   width: int) -> None:
    """Narrowing the terminal over the checklist squeezed its list to 0 columns; Textual
    then folded words into 0-wide lines (ValueError); textual_fixes wraps in >= 1 cell."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "enter")
        await pilot.resize_terminal(width, 66)
        await pilot.press("right", "greater_than_sign")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.is_running
        await back_to_overview(app, pilot)
