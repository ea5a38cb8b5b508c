"""The Textual app: header, sidebar beside the content area of panes, footer; and where
the user is (the place on show, the history). Layout and contract: notes/TUI.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.widgets import OptionList

from fasci_tui import places
from fasci_tui.app_keys import APP_BINDINGS
from fasci_tui.app_modals import ModalActions
from fasci_tui.app_settings import SettingsActions
from fasci_tui.app_terminal import TerminalActions
from fasci_tui.content.model import Content
from fasci_tui.history import History
from fasci_tui.messages import ChecklistProgress, Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import OVERVIEW, Place, Section
from fasci_tui.runtime import collection_paused, quiet_cursors, resume_collection, sooner_or_later
from fasci_tui.state import STATE_POLL_SECONDS, StateStore
from fasci_tui.target import Target
from fasci_tui.widgets import css_cache, textual_fixes  # noqa: F401 - patch Textual on import
from fasci_tui.widgets.footer import SteadyFooter
from fasci_tui.widgets.pane_area import PaneArea
from fasci_tui.widgets.sidebar import Sidebar
from fasci_tui.widgets.title_bar import TitleBar


class FasciApp(TerminalActions, ModalActions, SettingsActions):
    """The fasci-tui terminal app.

    ``FasciApp(content, target=Target(), store=StateStore(tmp))``; ``store`` defaults to
    the user's state directory.
    """

    TITLE = "fasci-tui"
    AUTO_FOCUS = "#sidebar"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """Where you are, shown in the header. Unlike App's own, setting it does not repaint
    the whole screen: the title bar redraws its line (see watch_sub_title)."""

    def __init__(self, content: Content, target: Target | None = None,
                 store: StateStore | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.content = content
        self.target = target if target is not None else Target()
        self.store = store if store is not None else StateStore()
        self.store.load()
        start = self.target.place.page
        self.place: Place = start if places.exists(content, start) else OVERVIEW
        """The place on show."""
        self.history: History[Place] = History()
        self.sidebar: Sidebar
        """The sidebar (set by compose)."""
        self.switcher: PaneArea
        """The content area (set by compose)."""
        self.title_bar: TitleBar
        """The header line (set by compose)."""

    def compose(self) -> ComposeResult:
        """Header, sidebar and content area side by side, footer."""
        self.title_bar = TitleBar(icon="≡")
        yield self.title_bar
        with Horizontal(id="main"):
            done, _total = self.store.progress(self.content.habits)
            self.sidebar = Sidebar(self.content, done, current=self.place, id="sidebar")
            self.sidebar.border_title = "Places"
            yield self.sidebar
            self.switcher = PaneArea(self.content, self.store, self.place, quiet=self.ssh,
                                     settings=self.settings, id="panes")
            yield self.switcher
        yield SteadyFooter(compact=True)

    async def on_mount(self) -> None:
        """Open at the target, ask for the disclaimer on the first run, show notices."""
        start = self.place
        if self.ssh:
            quiet_cursors(self.switcher)
        await self.go(start)
        self.pane.apply(self.target)
        self.screen.set_focus(self.sidebar)
        if start != OVERVIEW:
            self.pane.enter()
        footer = self.query_one(SteadyFooter)  # its keys in the first frame:
        footer.call_next(footer.show_keys)  # as the footer's own (its keys bind to it)
        self.ask_disclaimer_once()
        self.show_notices()
        self.guard_size = True
        self.size_guard.check(*self.size)
        self.call_after_refresh(resume_collection)  # run_app paused it for the first frame
        # Prepare the likeliest next stops soon, not on the first key press.
        sooner_or_later(self, self._prepare_panes)
        self.set_interval(STATE_POLL_SECONDS, self._follow_saved_state)

    def _follow_saved_state(self) -> None:
        """Show ticks another copy saved (one ``stat`` when nothing changed): every few
        seconds, and when the terminal has the focus again (``on_app_focus``)."""
        if not self.quitting and self.store.reload_if_changed():
            if (checklist := self.pane_widget(Section.CHECKLIST)) is not None:
                checklist.saved_state_changed()  # redraws the ticks, reports the count
            else:
                self.sidebar.set_progress(*self.store.progress(self.content.habits))

    on_app_focus = _follow_saved_state

    async def _prepare_panes(self) -> None:
        resume_collection()  # should the call after the first refresh not have come
        if not self.quitting and self.is_running:
            await self.switcher.prepare()

    def watch_sub_title(self, where: str) -> None:
        """Show where you are in the header, in the frame being built."""
        self.title_bar.show(where)

    def pane_widget(self, section: Section) -> Pane | None:
        """The pane showing ``section`` if it was created, else None."""
        return self.switcher.pane(section)

    @property
    def pane(self) -> Pane:
        """The pane on show."""
        pane = self.switcher.pane(self.place.section)
        assert pane is not None  # go() made it
        return pane

    async def go(self, place: Place, *, remember: bool = True, enter: bool = False) -> bool:
        """Show ``place`` (revealing its item); False if there is no such place.

        ``remember`` adds the visit to the back/forward history; ``enter`` moves focus
        into the pane.
        """
        if self.quitting or not self.is_running or not self.switcher.is_attached:
            return False
        if not places.exists(self.content, place):
            self.notify(f"There is no place called {place.key!r}.", severity="error")
            return False
        pane = await self.switcher.show(place)
        self.place = place.page
        self.sub_title = pane.title
        self.sidebar.show_place(place)
        if remember:
            self.history.visit(place.page)
        if place.reveal_item is not None:
            pane.reveal(place.reveal_item)
        if enter or self.focus_in_content():
            pane.enter()
        self.call_after_refresh(self._ensure_focus)
        return True

    def _ensure_focus(self) -> None:
        """Never leave the main screen without focus (e.g. after fast key presses)."""
        if self.screen_stack and self.screen is self.screen_stack[0] and self.focused is None:
            self.pane.enter()

    def focus_in_content(self) -> bool:
        """True when the focused widget is inside the content area."""
        focused = self.focused
        return (focused is not None and self.screen.is_current
                and self.switcher in focused.ancestors_with_self)

    async def on_option_list_option_highlighted(
            self, event: OptionList.OptionHighlighted) -> None:
        """Moving the sidebar highlight shows that place at once."""
        if event.option_list is self.sidebar:
            place = self.sidebar.highlighted_place  # the latest, not a stale event's
            if place is not None and place != self.place:
                await self.go(place)
            else:
                self.sidebar.paint_highlight()  # the sidebar leaves that to us

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or →) on the sidebar moves into the pane."""
        if event.option_list is self.sidebar and event.option.id:
            event.stop()
            await self.go(Place.from_key(event.option.id), enter=True)

    async def on_navigate(self, message: Navigate) -> None:
        """A pane (or the palette) asks to open a place."""
        message.stop()
        enter = self.focus_in_content() or message.place.reveal_item is not None
        await self.go(message.place, enter=enter)

    def on_checklist_progress(self, message: ChecklistProgress) -> None:
        """Keep the sidebar's "3/5" and the header up to date; say if ticks cannot be saved."""
        message.stop()
        self.sidebar.set_progress(message.done, message.total)
        self.sub_title = self.pane.title
        self.show_notices()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enable keys only where they make sense (hidden ones pass the key on)."""
        if self.quitting:
            return False
        if self.size_guard.active:
            return action in ("quit", "help_quit", "redraw")
        if action == "to_sidebar":
            return self.focus_in_content()
        if action in ("back", "forward"):
            return self.history.can_go_back if action == "back" else self.history.can_go_forward
        return True

    def action_to_sidebar(self) -> None:
        """Esc or ← from a pane: focus the sidebar."""
        self.sidebar.focus()

    async def action_back(self, forward: bool = False) -> None:
        """Back to the previously visited place (``forward``: forward again)."""
        place = self.history.forward() if forward else self.history.back()
        if place is not None:
            await self.go(place, remember=False, enter=self.focus_in_content())

    async def action_forward(self) -> None:
        """Forward again after going back."""
        await self.action_back(forward=True)

    async def action_jump(self, section: str) -> None:
        """Jump to a section; for the nutrients, the first, then the next one."""
        wanted = Section(section)
        place = (places.next_item(self.content, wanted, self.place)
                 if places.spec(wanted).per_item else Place(wanted))
        if place is not None:
            await self.go(place, enter=self.focus_in_content())

    async def action_search_faq(self) -> None:
        """``/``: open the FAQ with its search box focused."""
        if await self.go(Place(Section.FAQ)):
            self.pane.focus_search()


def run_app(content: Content, target: Target, state_dir: Path | None = None, *,
            mouse: bool = True, **options: Any) -> int:
    """Run the app until the user quits; return the exit code. ``options``: ``settings``
    and ``theme`` (app_settings.py); ``mouse=False`` leaves the mouse to the terminal."""
    app = FasciApp(content, target, StateStore(state_dir), **options)
    with collection_paused():  # until the first frame is drawn (on_mount resumes it)
        result = app.run(mouse=mouse)
    return int(result or 0) if app.return_code is None else app.return_code
