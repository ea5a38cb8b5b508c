"""The Textual app: header, sidebar, content area of panes, footer.

Layout and contract: notes/TUI.md. The sidebar lists every place; moving its highlight
shows that place at once, Enter or → moves into the pane and Esc or ← comes back. Single
keys jump to sections, ``[`` and ``]`` (also Alt+←/Alt+→ and Backspace) walk back and
forward through visited places, ``!`` shows when to see a doctor and the disclaimer, F1
or ``?`` lists every key, and ctrl+p finds anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.driver import Driver
from textual.reactive import Reactive
from textual.widgets import ContentSwitcher, Footer, Header, OptionList

from fasci_tui import places
from fasci_tui.app_keys import APP_BINDINGS
from fasci_tui.content.model import Content
from fasci_tui.history import History
from fasci_tui.messages import ChecklistProgress, Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.panes.registry import pane_class
from fasci_tui.places import OVERVIEW, Place, Section
from fasci_tui.runtime import collection_paused, over_ssh, quiet_cursors, resume_collection
from fasci_tui.screens.too_small import SizeGuard
from fasci_tui.state import StateStore
from fasci_tui.target import Target
from fasci_tui.widgets import textual_fixes  # noqa: F401 - applies work-arounds on import
from fasci_tui.widgets.sidebar import Sidebar


def _content_commands() -> type[Any]:
    """The command-palette provider, imported when the palette first opens."""
    from fasci_tui.palette import ContentCommands

    return ContentCommands


class FasciApp(App[int]):
    """The fasci-tui terminal app.

    ``FasciApp(content, target=Target(), store=StateStore(tmp))``; ``store`` defaults to
    the user's state directory.
    """

    TITLE = "fasci-tui"
    AUTO_FOCUS = "#sidebar"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = {_content_commands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """Where you are, shown in the header. Unlike App's own, setting it does not repaint
    the whole screen (the Header watches it and redraws its line)."""

    def __init__(self, content: Content, target: Target | None = None,
                 store: StateStore | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.content = content
        self.target = target if target is not None else Target()
        self.store = store if store is not None else StateStore()
        self.store.load()
        self.ssh = over_ssh()
        if self.ssh:
            self.animation_level = "none"
        start = self.target.place.page
        self.place: Place = start if places.exists(content, start) else OVERVIEW
        """The place on show."""
        self.history: History[Place] = History()
        self.size_guard = SizeGuard(self)
        self.quitting = False
        """True once :meth:`exit` was called: keys typed with ``q`` then do nothing."""
        self.terminal_driver: Driver | None = None
        """The driver writing to the terminal, once running (see :meth:`get_driver_class`)."""
        self._panes: dict[Section, Pane] = {}
        self._started = False
        self.sidebar: Sidebar
        """The sidebar (set by compose)."""
        self.switcher: ContentSwitcher
        """The content area (set by compose)."""

    def compose(self) -> ComposeResult:
        """Header, sidebar and content area side by side, footer."""
        yield Header(icon="≡")
        habit_ids = {habit.id for habit in self.content.habits}
        with Horizontal(id="main"):
            self.sidebar = Sidebar(self.content, len(self.store.state.checked & habit_ids),
                                   current=self.place, id="sidebar")
            self.sidebar.border_title = "Places"
            yield self.sidebar
            # The first pane comes with the layout: the first frame is drawn in one pass.
            self.switcher = ContentSwitcher(self._make_pane(self.place), id="panes",
                                            initial=f"pane-{self.place.section}")
            yield self.switcher
        yield Footer(compact=True)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; in a terminal, one that writes fewer bytes."""
        from fasci_tui.driver import compact_driver_class

        app, base = self, compact_driver_class(super().get_driver_class())

        class KnownDriver(base):  # type: ignore[valid-type, misc]
            """The driver, known to the app (to forget the screen, see action_redraw)."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                app.terminal_driver = self

        return KnownDriver

    async def on_mount(self) -> None:
        """Open at the target, ask for the disclaimer on the first run, show notices."""
        start = self.place
        if self.ssh:
            quiet_cursors(self._panes[start.section])
        await self.go(start)
        self._panes[start.section].apply(self.target)
        self.screen.set_focus(self.sidebar)
        if start != OVERVIEW:
            self._panes[start.section].enter()
        # Textual's Footer shows its keys only after the first frame; composed now
        # (bindings_changed marks them ready), the first frame is complete.
        footer = self.query_one(Footer)
        footer.call_next(footer.bindings_changed, self.screen)  # run as the footer's own
        footer.call_next(footer.recompose)
        if not self.store.state.disclaimer_acknowledged:
            from fasci_tui.screens.disclaimer import DisclaimerScreen

            self.push_screen(DisclaimerScreen(self.content, first_run=True),
                             self._disclaimer_closed)
        self._show_notices()
        self._started = True
        self.size_guard.check(*self.size)
        self.call_after_refresh(resume_collection)  # run_app paused it for the first frame
        # The nutrient pages are the likeliest next stop: build that pane (hidden) once
        # the first screen is up, not on the first key press.
        self.set_timer(0.3, self._prepare_nutrient_pane)

    async def _prepare_nutrient_pane(self) -> None:
        resume_collection()  # should the call after the first refresh not have come
        nutrients = places.items(self.content, Section.NUTRIENT)
        if not self.quitting and self.is_running and nutrients:
            await self._ensure_pane(Place(Section.NUTRIENT, nutrients[0].id))

    def _show_notices(self) -> None:
        for notice in self.store.take_notices():
            self.notify(notice, title="Saved state", severity="warning", timeout=12)

    def _disclaimer_closed(self, acknowledged: bool | None) -> None:
        if acknowledged:
            self.store.acknowledge_disclaimer()
            self._show_notices()

    def pane_widget(self, section: Section) -> Pane | None:
        """The pane showing ``section`` if it was created, else None."""
        return self._panes.get(section)

    def _make_pane(self, place: Place) -> Pane:
        pane = pane_class(place.section).create(self.content, self.store, place)
        pane.id = f"pane-{place.section}"
        self._panes[place.section] = pane
        return pane

    async def _ensure_pane(self, place: Place) -> Pane:
        pane = self._panes.get(place.section)
        if pane is None:
            pane = self._make_pane(place)
            await self.switcher.add_content(pane)
            if self.ssh:
                quiet_cursors(pane)
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
        pane = await self._ensure_pane(place)
        pane.show(place.page)
        self.switcher.current = pane.id
        self.place = place.page
        self.sub_title = pane.title
        self.sidebar.set_current(place)
        self.sidebar.highlight_place(place)
        if remember:
            self.history.visit(place.page)
        if place.reveal_item is not None:
            pane.reveal(place.reveal_item)
        if enter or self.focus_in_content():
            pane.enter()
        self.call_after_refresh(self._ensure_focus)
        self.refresh_bindings()
        return True

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit; keys still arriving (``qf``, ``q?``) then open nothing."""
        self.quitting = True
        super().exit(*args, **kwargs)

    def _ensure_focus(self) -> None:
        """Never leave the main screen without focus (e.g. after fast key presses)."""
        if self.screen_stack and self.screen is self.screen_stack[0] and self.focused is None:
            self._panes[self.place.section].enter()

    def focus_in_content(self) -> bool:
        """True when the focused widget is inside the content area."""
        focused = self.focused
        if focused is None or not self.screen.is_current:
            return False
        return self.switcher in focused.ancestors_with_self

    async def on_option_list_option_highlighted(
            self, event: OptionList.OptionHighlighted) -> None:
        """Moving the sidebar highlight shows that place at once."""
        if event.option_list is self.sidebar:
            place = self.sidebar.highlighted_place  # the latest, not a stale event's
            if place is not None and place != self.place:
                await self.go(place)

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
        self.sub_title = self._panes[self.place.section].title
        self._show_notices()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Over SSH, stop text cursors from blinking."""
        if self.ssh:
            quiet_cursors(event.widget)

    def on_resize(self, event: events.Resize) -> None:
        """Send the next frame in full; swap the layout for a message while too small."""
        self._forget_screen()  # a resized terminal may have dropped or moved cells
        if self._started:  # before that, on_mount checks (after the disclaimer)
            self.size_guard.check(event.size.width, event.size.height)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enable keys only where they make sense (hidden ones pass the key on)."""
        if self.quitting:
            return False
        if self.size_guard.active:
            return action in ("quit", "help_quit", "redraw")
        if action == "to_sidebar":
            return self.focus_in_content()
        if action == "back":
            return self.history.can_go_back
        if action == "forward":
            return self.history.can_go_forward
        return True

    def _forget_screen(self) -> None:
        """Have the driver send the next frame in full (see fasci_tui/driver.py)."""
        forget = getattr(self.terminal_driver, "forget_screen", None)
        if callable(forget):
            forget()

    def action_redraw(self) -> None:
        """ctrl+l: draw the whole screen again (if another program garbled it)."""
        self._forget_screen()
        self.screen.refresh(repaint=True)

    def action_to_sidebar(self) -> None:
        """Esc or ← from a pane: focus the sidebar."""
        self.sidebar.focus()

    async def action_back(self) -> None:
        """Back to the previously visited place."""
        inside = self.focus_in_content()
        place = self.history.back()
        if place is not None:
            await self.go(place, remember=False, enter=inside)

    async def action_forward(self) -> None:
        """Forward again after going back."""
        inside = self.focus_in_content()
        place = self.history.forward()
        if place is not None:
            await self.go(place, remember=False, enter=inside)

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
            self._panes[Section.FAQ].focus_search()

    def action_command_palette(self) -> None:
        """ctrl+p: the palette, which finds content rather than commands."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(
                id="--command-palette",
                placeholder="Find a nutrient, question, habit, food or source…"))

    def action_doctor(self) -> None:
        """``!``: when to see a doctor, and the disclaimer."""
        from fasci_tui.screens.disclaimer import DisclaimerScreen

        if not isinstance(self.screen, DisclaimerScreen):
            self.push_screen(DisclaimerScreen(self.content))

    def action_help(self) -> None:
        """F1 or ``?``: every key."""
        from fasci_tui.screens.help import HelpScreen, help_sections

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self, Sidebar.BINDINGS)))


def run_app(content: Content, target: Target, state_dir: Path | None = None) -> int:
    """Run the app until the user quits; return the exit code."""
    app = FasciApp(content, target, StateStore(state_dir))
    with collection_paused():  # until the first frame is drawn (on_mount resumes it)
        result = app.run()
    return int(result or 0) if app.return_code is None else app.return_code
