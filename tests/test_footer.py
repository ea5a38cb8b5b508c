"""QuietFooter: the keys change in the frame that changed them, in place when they can.

Relies on Textual internals (pinned at 8.2.8), each named where used: FooterKey (private
to textual.widgets._footer) and its ``_disabled``; the screen's bindings signal's
``_subscriptions``; ``App._display`` (through ScreenMirror, which records every frame).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.screens.help import HelpScreen
from fasci_tui.widgets.footer import QuietFooter
from tests.support.screen_mirror import ScreenMirror
from tests.support.shell_helpers import make_app

SIZE = (80, 24)
FOOTER_ROW = SIZE[1] - 1

KeyInfo = tuple[str, str, str, str, bool, str, tuple[str, ...]]


def describe(key: FooterKey) -> KeyInfo:
    """Everything a FooterKey shows or does."""
    classes = tuple(sorted({"-grouped", "-command-palette", "-disabled"} & key.classes))
    return (key.key, key.key_display, key.description, key.action,
            key._disabled,  # private (FooterKey): what a click on the key does
            str(key.tooltip or ""), classes)


class FreshFooter(Footer):
    """Textual's own Footer, composed (not mounted) for another footer's screen."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__(compact=True)
        self._for_screen = screen
        self.set_reactive(Footer._bindings_ready, True)

    @property
    def screen(self) -> Screen[Any]:
        """The screen whose bindings to show."""
        return self._for_screen


def fresh_keys(footer: QuietFooter) -> list[KeyInfo]:
    """The keys a freshly composed Textual Footer would show for ``footer``'s screen."""
    fresh = FreshFooter(footer.screen)
    with fresh._context():  # compose binds the keys' ``compact`` to the composing Footer
        widgets = list(fresh.compose())
    return [describe(widget) for widget in widgets if isinstance(widget, FooterKey)]


def shown_keys(footer: QuietFooter) -> list[KeyInfo]:
    """The keys the footer has mounted, left to right."""
    return [describe(key) for key in footer.query(FooterKey)]


def descriptions(footer: QuietFooter) -> list[str]:
    """The descriptions of the keys the footer shows."""
    return [key.description for key in footer.query(FooterKey)]


def count_key_mounts(monkeypatch: pytest.MonkeyPatch) -> list[FooterKey]:
    """Record every FooterKey mounted from now on."""
    mounted: list[FooterKey] = []

    def on_mount(self: FooterKey, event: events.Mount) -> None:
        mounted.append(self)

    # FooterKey has no Mount handler of its own: Textual dispatches to this one.
    monkeypatch.setattr(FooterKey, "on_mount", on_mount, raising=False)
    return mounted


def assert_current(app: App[Any], after: object = None) -> None:
    """The footer shows what Textual's Footer would, with "Find" docked at the right."""
    footer = app.query_one(QuietFooter)
    assert shown_keys(footer) == fresh_keys(footer), after
    palette = list(footer.query(FooterKey))[-1]
    assert palette.has_class("-command-palette") and palette.description == "Find", after
    assert palette.region.y == FOOTER_ROW, after
    assert palette.region.right + palette.styles.margin.right == app.size.width, after


def footer_text(mirror: ScreenMirror) -> str:
    """The footer row as the terminal shows it."""
    return "".join(mirror.cells.get((x, FOOTER_ROW), (" ", None))[0]
                   for x in range(SIZE[0]))


async def open_faq_search(app: FasciApp, pilot: Any) -> None:
    await pilot.press("f", "slash")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.focused, Input)


# --------------------------------------------------------------- in the real app


async def test_typing_in_the_faq_search_swaps_clear_and_sidebar(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_faq_search(app, pilot)
        footer = app.query_one(QuietFooter)
        assert "Sidebar" in descriptions(footer) and "Clear" not in descriptions(footer)
        keys = list(footer.query(FooterKey))
        mounted = count_key_mounts(monkeypatch)
        for _ in range(2):
            await pilot.press("m")
            await pilot.pause()
            assert "Clear" in descriptions(footer) and "Sidebar" not in descriptions(footer)
            assert_current(app)
            await pilot.press("backspace")
            await pilot.pause()
            assert "Sidebar" in descriptions(footer) and "Clear" not in descriptions(footer)
            assert_current(app)
        # Same number of keys: the same widgets, updated in place; none mounted.
        assert list(footer.query(FooterKey)) == keys
        assert mounted == []


async def test_the_footer_changes_in_the_frame_of_the_key_press(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        mirror = ScreenMirror(app, monkeypatch)
        await open_faq_search(app, pilot)
        app.refresh()  # one full paint to start from
        await pilot.pause()
        for key, now, gone in [("m", "esc Clear", "esc Sidebar"),
                               ("backspace", "esc Sidebar", "esc Clear")] * 2:
            mirror.painted_rows.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            frames = mirror.painted_rows
            assert frames and FOOTER_ROW in frames[0], key  # with the search results
            # ... and only then: no second frame (no recompose, no second layout).
            assert all(FOOTER_ROW not in rows for rows in frames[1:]), (key, frames)
            assert now in footer_text(mirror) and gone not in footer_text(mirror)
            assert mirror.matches_a_full_repaint()


async def test_the_keys_follow_every_move(content: Content, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """After moves, pane switches and focus changes: what a fresh Footer would show."""
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        mirror = ScreenMirror(app, monkeypatch)
        app.refresh()
        await pilot.pause()
        assert_current(app)
        steps: list[tuple[str, ...]] = [
            ("down",), ("down",), ("up",),
            ("enter",), ("escape",),  # into the nutrient pane and back
            ("c",), ("enter",), ("s",), ("escape",),  # the compare table
            ("o",), ("enter",), ("escape",),  # the overview
            ("k",), ("enter",), ("space",), ("escape",),  # the checklist
            ("f",), ("enter",), ("m",), ("down",), ("enter",), ("up",),
            ("backspace",), ("escape",), ("escape",),  # the FAQ
            ("question_mark",), ("escape",),  # help and back
            ("ctrl+p",), ("escape",),  # the command palette and back
            ("f",), ("slash",), ("question_mark",),  # typed into the search box
            ("escape",), ("escape",),
            ("d",), ("enter",), ("escape",), ("r",), ("enter",), ("escape",),
            ("1",), ("right",), ("left",),
        ]
        seen: set[type[Screen[Any]]] = set()
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.pause()
            seen.add(type(app.screen))
            if app.screen is app.screen_stack[0]:
                assert_current(app, keys)
                assert mirror.matches_a_full_repaint(), keys
        assert HelpScreen in seen and CommandPalette in seen  # both were open, and closed
        assert app.screen is app.screen_stack[0]


async def test_more_or_fewer_keys_recompose(content: Content, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        before = len(footer.query(FooterKey))
        mounted = count_key_mounts(monkeypatch)
        await pilot.press("o", "enter")  # the overview pane offers fewer keys
        await pilot.pause()
        await pilot.pause()
        assert len(footer.query(FooterKey)) != before
        assert len(mounted) == len(footer.query(FooterKey))
        assert_current(app)


async def test_clicking_a_key_runs_its_action(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_faq_search(app, pilot)
        await pilot.press("m")  # "esc Clear" now where "f1 Help" was: updated in place
        await pilot.pause()
        clear = next(key for key in app.query(FooterKey) if key.description == "Clear")
        await pilot.click(clear)
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == ""
        await pilot.click(app.query_one("FooterKey.-command-palette"))
        await pilot.pause()
        assert app.screen is not app.screen_stack[0]  # the command palette


async def test_one_immediate_subscription(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        signal = app.screen.bindings_updated_signal
        # Signal._subscriptions (private): node -> callbacks. Footer.on_mount's own
        # (deferred) subscription is skipped: one callback only.
        assert len(signal._subscriptions[footer]) == 1
        await footer.remove()
        assert footer not in signal._subscriptions


# ------------------------------------------------------------------ a small app


class KeysApp(App[None]):
    """A footer over app bindings whose state ``check_action`` reads from attributes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "alpha", "Alpha"),
        Binding("g", "gamma", "Gamma-ray"),
        Binding("b", "beta", "Beta"),
        Binding("z", "zeta", "Zeta"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.beta: bool | None = True  # True: offered, None: greyed out, False: hidden
        self.swap = False  # shows Gamma-ray (in its place) instead of Alpha
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield QuietFooter(compact=True)

    async def on_mount(self) -> None:
        await self.query_one(QuietFooter).show_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "beta":
            return self.beta
        if action in ("alpha", "gamma"):
            return (action == "gamma") == self.swap
        return True

    def action_alpha(self) -> None:
        self.ran.append("alpha")

    def action_beta(self) -> None:
        self.ran.append("beta")

    def action_gamma(self) -> None:
        self.ran.append("gamma")


async def test_the_first_frame_has_the_keys() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE):
        footer = app.query_one(QuietFooter)
        assert descriptions(footer)[:3] == ["Alpha", "Beta", "Zeta"]
        assert shown_keys(footer) == fresh_keys(footer)


async def test_greying_out_a_key_happens_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        mounted = count_key_mounts(monkeypatch)
        app.beta = None
        app.refresh_bindings()
        beta = next(key for key in footer.query(FooterKey) if key.action == "beta")
        assert beta.has_class("-disabled")  # at once, in the handler that refreshed
        await pilot.click(beta)
        await pilot.pause()
        assert app.ran == []  # greyed out: a click only beeps
        app.beta = True
        app.refresh_bindings()
        assert not beta.has_class("-disabled")
        await pilot.click(beta)
        await pilot.pause()
        assert app.ran == ["beta"]
        assert mounted == [] and shown_keys(footer) == fresh_keys(footer)


async def test_a_key_swapped_in_place_runs_its_own_action(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        first = list(footer.query(FooterKey))[0]
        width = first.region.width
        mounted = count_key_mounts(monkeypatch)
        app.swap = True
        app.refresh_bindings()
        await pilot.pause()
        assert (first.key, first.description) == ("g", "Gamma-ray")
        assert first.region.width == width + len("Gamma-ray") - len("Alpha")  # laid out
        assert first.virtual_size == first.region.size
        await pilot.click(first)
        await pilot.pause()
        assert app.ran == ["gamma"]
        assert mounted == [] and shown_keys(footer) == fresh_keys(footer)
        palette = list(footer.query(FooterKey))[-1]
        assert palette.region.right + palette.styles.margin.right == SIZE[0]


async def test_hiding_a_key_recomposes() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        app.beta = False
        app.refresh_bindings()
        await pilot.pause()
        assert "Beta" not in descriptions(footer)
        assert shown_keys(footer) == fresh_keys(footer)
        app.beta = True
        app.refresh_bindings()
        await pilot.pause()
        assert "Beta" in descriptions(footer)
        assert shown_keys(footer) == fresh_keys(footer)


async def test_refreshes_in_one_handler_cost_one_update(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        updates: list[int] = []
        checks: list[int] = []
        update, check = footer._update_in_place, footer._check_keys
        monkeypatch.setattr(footer, "_update_in_place",
                            lambda shown: (updates.append(1), update(shown))[1])

        def counted_check() -> None:
            checks.append(1)
            check()

        monkeypatch.setattr(footer, "_check_keys", counted_check)
        app.swap = True
        for _ in range(3):
            app.refresh_bindings()
        await pilot.pause()
        assert updates == [1] and checks == [1]
        assert descriptions(footer)[0] == "Gamma-ray"


async def test_a_change_after_the_refresh_is_not_missed() -> None:
    """A refresh heard mid-handler, then a change: the keys are checked after it."""
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(QuietFooter)
        app.refresh_bindings()
        app.swap = True  # no refresh after this
        assert descriptions(footer)[0] == "Alpha"
        await pilot.pause()
        assert descriptions(footer)[0] == "Gamma-ray"
        app.refresh_bindings()
        app.beta = False  # a change of the number of keys, again without a refresh
        await pilot.pause()
        await pilot.pause()
        assert shown_keys(footer) == fresh_keys(footer)
