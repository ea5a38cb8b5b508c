"""The Textual app: header, sidebar, content area of panes, footer.

Layout and contract: notes/TUI.md. The sidebar lists every place; moving its highlight
shows that pane at once, Enter or → moves into the pane and Esc or ← comes back. Single
keys jump to sections, ``[`` and ``]`` (also Alt+←/Alt+→ and Backspace) walk back and
forward through visited panes, ``!`` shows when to see a doctor and the disclaimer, F1
or ``?`` lists every key, and ctrl+p finds anything.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.driver import Driver
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, OptionList

from fasci_tui.content.model import Content
from fasci_tui.messages import ChecklistProgress, Navigate
from fasci_tui.screens.too_small import TooSmallScreen, is_too_small
from fasci_tui.state import StateStore
from fasci_tui.target import Target
from fasci_tui.widgets import textual_fixes  # noqa: F401 - applies work-arounds on import
from fasci_tui.widgets.footer import QuietFooter
from fasci_tui.widgets.sidebar import (
    SECTION_TITLES,
    Sidebar,
    is_pane_id,
    nutrient_of,
    nutrient_pane_id,
    pane_title,
)

if TYPE_CHECKING:
    from fasci_tui.screens.help import HelpSection

SECTION_KEYS: tuple[tuple[str, str, str], ...] = (
    ("o,1", "overview", "Overview"),
    ("n,2", "nutrient", "Nutrients (again: next nutrient)"),
    ("c,3", "compare", "Compare table"),
    ("k,4", "checklist", "Checklist"),
    ("f,5", "faq", "FAQ"),
    ("d,6", "foods", "Foods"),
    ("r,7", "references", "References"),
)
"""Section jump keys: (keys, section, what the help says)."""

PANE_KINDS = ("overview", "nutrient", "compare", "checklist", "faq", "foods", "references")
"""One pane widget per kind; all nutrients share the ``nutrient`` pane."""

EXTERNAL_PANES: dict[str, tuple[str, str]] = {
    "overview": ("fasci_tui.panes.overview", "OverviewPane"),
    "nutrient": ("fasci_tui.panes.nutrient", "NutrientPane"),
    "compare": ("fasci_tui.panes.compare", "ComparePane"),
    "checklist": ("fasci_tui.panes.checklist", "ChecklistPane"),
    "faq": ("fasci_tui.panes.faq", "FaqPane"),
    "foods": ("fasci_tui.panes.foods", "FoodsPane"),
    "references": ("fasci_tui.panes.references", "ReferencesPane"),
}
"""Where each pane's class lives; a module is imported when its pane is first shown."""

LOCAL_PANES: dict[str, type[Widget]] = {}
"""Pane classes registered directly, ahead of EXTERNAL_PANES (tests put stand-ins here)."""


def _content_commands() -> type[Any]:
    """The command-palette provider, imported when the palette first opens."""
    from fasci_tui.palette import ContentCommands

    return ContentCommands


def over_ssh(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """True when the app runs in an SSH session (animations and blinking are then off)."""
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def pane_kind(pane_id: str) -> str:
    """The pane widget that shows ``pane_id`` (``nutrient-x`` → ``nutrient``)."""
    return "nutrient" if nutrient_of(pane_id) is not None else pane_id


def load_pane_class(kind: str) -> type[Widget]:
    """The class of the pane widget for ``kind``."""
    if kind in LOCAL_PANES:
        return LOCAL_PANES[kind]
    module_name, class_name = EXTERNAL_PANES[kind]
    return getattr(importlib.import_module(module_name), class_name)


class FasciApp(App[int]):
    """The fasci-tui terminal app.

    ``FasciApp(content, target=Target(), store=StateStore(tmp))``; ``store`` defaults to
    the user's state directory.
    """

    TITLE = "fasci-tui"
    AUTO_FOCUS = "#sidebar"

    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """Where you are, shown in the header. Unlike App's own, setting it does not repaint
    the whole screen (the Header watches it and redraws its line)."""
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = {_content_commands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="Every key (this list)"),
        Binding("exclamation_mark,f2", "doctor", "Doctor",
                tooltip="When to see a doctor, and the disclaimer"),
        Binding("q", "quit", "Quit", tooltip="Quit (not while typing in a search box)"),
        Binding("escape", "to_sidebar", "Sidebar", tooltip="Back to the sidebar"),
        Binding("left", "to_sidebar", "Sidebar", show=False,
                tooltip="Back to the sidebar (when the pane does not use ←)"),
        Binding("left_square_bracket,alt+left,backspace", "back", "Back", show=False,
                tooltip="Back to the previously visited pane"),
        Binding("right_square_bracket,alt+right", "forward", "Forward", show=False,
                tooltip="Forward again after going back"),
        Binding("slash", "search_faq", "Search FAQ", show=False,
                tooltip="Search the FAQ"),
        Binding("ctrl+l", "redraw", "Redraw", show=False, key_display="ctrl+l",
                tooltip="Draw the whole screen again"),
        *(Binding(keys, f"jump('{section}')", what, show=False, tooltip=f"Go to {what}")
          for keys, section, what in SECTION_KEYS),
        # Replaces Textual's own palette binding, so the footer says "ctrl+p Find".
        Binding("ctrl+p", "command_palette", "Find", show=False, priority=True,
                key_display="ctrl+p",
                tooltip="Find anything: nutrients, questions, habits, foods, sources"),
    ]

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
        self.current_pane: str | None = None
        self.history: list[str] = []
        self.history_index = -1
        self._panes: dict[str, Widget] = {}
        self._too_small: TooSmallScreen | None = None
        self._started = False

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Header, sidebar and content area side by side, footer."""
        yield Header(icon="≡")
        habit_ids = {habit.id for habit in self.content.habits}
        done = len(self.store.state.checked & habit_ids)
        with Horizontal(id="main"):
            sidebar = Sidebar(self.content, checklist_done=done, current=self._start_pane(),
                              id="sidebar")
            sidebar.border_title = "Places"
            yield sidebar
            # The first pane is composed with the layout, so the first frame is drawn
            # in one pass instead of being mounted into an empty switcher afterwards.
            kind = pane_kind(self._start_pane())
            first = self._make_pane(kind, nutrient_of(self._start_pane()))
            first.id = f"pane-{kind}"
            self._panes[kind] = first
            yield ContentSwitcher(first, id="panes", initial=first.id)
        yield QuietFooter(compact=True)

    def _start_pane(self) -> str:
        """The pane to open at: the target's, or the overview if it does not exist."""
        pane_id = self.target.pane_id
        return pane_id if is_pane_id(self.content, pane_id) else "overview"

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; in a terminal, one that writes fewer bytes."""
        from fasci_tui.driver import compact_driver_class

        return compact_driver_class(super().get_driver_class())

    @property
    def sidebar(self) -> Sidebar:
        """The sidebar widget."""
        return self.query_one("#sidebar", Sidebar)

    @property
    def switcher(self) -> ContentSwitcher:
        """The content area."""
        return self.query_one("#panes", ContentSwitcher)

    async def on_mount(self) -> None:
        """Open at the target, ask for the disclaimer on the first run, show notices."""
        target = self.target
        start = self._start_pane()
        self._quiet_cursors(self._panes[pane_kind(start)])
        await self.go(start)
        pane = self.pane_widget(start)
        if target.faq_search and hasattr(pane, "search"):
            pane.search(target.faq_search)
        if target.sort_column and hasattr(pane, "sort_by"):
            pane.sort_by(target.sort_column, target.sort_descending)
        if self.focused is not self.sidebar:
            # At once, not after the messages already queued: the footer shows the keys
            # of the focused widget, and composes them just below.
            self.screen.set_focus(self.sidebar)
        # The footer's keys are composed before the first frame rather than after it
        # (Textual's Footer waits for a frame to be drawn first): at once for the
        # sidebar, once the pane has the focus for a deep link.
        footer = self.query_one(QuietFooter)
        if start == "overview":
            await footer.show_keys()
        else:
            self._enter(start)  # the pane takes the focus after the messages queued by now
            self.call_later(footer.show_keys)
        if not self.store.state.disclaimer_acknowledged:
            from fasci_tui.screens.disclaimer import DisclaimerScreen

            self.push_screen(DisclaimerScreen(self.content, first_run=True),
                             self._disclaimer_closed)
        self._show_notices()
        self._started = True
        self._check_size(*self.size)
        # run_app starts the app with garbage collection off: on again once the screen is
        # up (or at the latest with the timer below).
        self.call_after_refresh(gc.enable)
        # The nutrient pages are the likeliest next stop: build that pane (hidden) once the
        # first screen is up, not on the first key press. (Mounting it still makes Textual
        # redraw the content area once, with the same cells.)
        self.set_timer(0.3, self._prepare_nutrient_pane)

    async def _prepare_nutrient_pane(self) -> None:
        gc.enable()  # should the call after the first refresh not have come (on_mount)
        if not self.exiting and self.content.nutrients:
            await self._ensure_pane("nutrient", self.content.nutrients[0].id)

    def _show_notices(self) -> None:
        for notice in self.store.take_notices():
            self.notify(notice, title="Saved state", severity="warning", timeout=12)

    def _disclaimer_closed(self, acknowledged: bool | None) -> None:
        if acknowledged:
            self.store.acknowledge_disclaimer()
            self._show_notices()

    # ------------------------------------------------------------------ panes

    def pane_widget(self, pane_id: str) -> Widget | None:
        """The widget showing ``pane_id`` if it was created, else None."""
        return self._panes.get(pane_kind(pane_id))

    def _make_pane(self, kind: str, nutrient_id: str | None = None) -> Widget:
        cls = load_pane_class(kind)
        if kind == "nutrient":
            return cls(self.content, nutrient_id=nutrient_id)  # type: ignore[call-arg]
        if "store" in inspect.signature(cls).parameters:
            return cls(self.content, store=self.store)  # type: ignore[call-arg]
        return cls(self.content)  # type: ignore[call-arg]

    async def _ensure_pane(self, kind: str, nutrient_id: str | None = None) -> Widget:
        pane = self._panes.get(kind)
        if pane is None:
            pane = self._make_pane(kind, nutrient_id)
            self._panes[kind] = pane
            await self.switcher.add_content(pane, id=f"pane-{kind}")
            self._quiet_cursors(pane)
        return pane

    async def go(self, pane_id: str, item: str | None = None, *, remember: bool = True,
                 enter: bool = False) -> bool:
        """Show ``pane_id`` (revealing ``item`` in it); return False if there is no such pane.

        ``remember`` adds the visit to the back/forward history; ``enter`` moves focus
        into the pane.
        """
        if self.exiting:  # e.g. `q` then `f` typed together: the layout is being torn down
            return False
        if not is_pane_id(self.content, pane_id):
            self.notify(f"There is no place called {pane_id!r}.", severity="error")
            return False
        kind = pane_kind(pane_id)
        nutrient_id = nutrient_of(pane_id)
        pane = await self._ensure_pane(kind, nutrient_id)
        if nutrient_id is not None:
            pane.nutrient_id = nutrient_id  # type: ignore[attr-defined]  # data flows down
        self.switcher.current = pane.id
        self.current_pane = pane_id
        self._show_where(self._sub_title(pane_id))
        self.sidebar.set_current(pane_id)
        self.sidebar.highlight_pane(pane_id)
        if remember and (not self.history or self.history[self.history_index] != pane_id):
            del self.history[self.history_index + 1:]
            self.history.append(pane_id)
            self.history_index = len(self.history) - 1
        if item is not None and callable(getattr(pane, "reveal", None)):
            pane.reveal(item)  # type: ignore[attr-defined]
        if enter or self.focus_in_content():
            self._enter(pane_id)
        self.call_after_refresh(self._ensure_focus)
        self.refresh_bindings()
        return True

    @property
    def exiting(self) -> bool:
        """True once the app is quitting: then no key opens or shows anything.

        Keys typed together with ``q`` (``qf``, ``q?``) are still delivered while Textual
        tears the screens down; mounting a pane or pushing a screen then would crash.
        """
        return self._exit or not self.is_running  # _exit: set by App.exit()

    def _ensure_focus(self) -> None:
        """Never leave the main screen without focus (e.g. after fast key presses)."""
        if self.screen_stack and self.screen is self.screen_stack[0] and self.focused is None:
            if self.current_pane is not None:
                self._enter(self.current_pane)

    def _show_where(self, title: str) -> None:
        """Show ``title`` as "where you are" in the header, in the frame being built.

        Textual's Header redraws its title from an async watcher, which lands in a frame
        of its own some 25 ms after the page's; this redraws it at once instead.
        """
        if title == self.sub_title:
            return
        from textual.widgets import Static

        try:
            header = self.query_one(Header)
            header_title = header.query_one("HeaderTitle", Static)
        except Exception:  # NoMatches: not the main screen; the Header's watcher shows it
            self.sub_title = title
        else:
            self.set_reactive(FasciApp.sub_title, title)  # without the Header's watcher
            header_title.update(header.format_title())

    def _sub_title(self, pane_id: str) -> str:
        if pane_id == "checklist":
            return self.sidebar.checklist_label
        return pane_title(self.content, pane_id)

    def _enter(self, pane_id: str) -> None:
        pane = self.pane_widget(pane_id)
        if pane is None:
            return
        if callable(getattr(pane, "enter", None)):
            pane.enter()  # type: ignore[attr-defined]
        elif pane.focusable:
            pane.focus()

    def focus_in_content(self) -> bool:
        """True when the focused widget is inside the content area."""
        focused = self.focused
        if focused is None or not self.screen.is_current:
            return False
        try:
            switcher = self.switcher
        except Exception:  # NoMatches: not on the main screen
            return False
        return switcher in focused.ancestors_with_self

    # --------------------------------------------------------------- messages

    async def on_option_list_option_highlighted(
            self, event: OptionList.OptionHighlighted) -> None:
        """Moving the sidebar highlight shows that pane at once."""
        if event.option_list is not self.sidebar:
            return
        pane_id = self.sidebar.highlighted_pane  # the latest, not a stale event's
        if pane_id and pane_id != self.current_pane:
            await self.go(pane_id)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or →) on the sidebar moves into the pane."""
        if event.option_list is not self.sidebar:
            return
        event.stop()
        pane_id = event.option.id
        if pane_id:
            if pane_id != self.current_pane:
                await self.go(pane_id)
            self._enter(pane_id)

    async def on_navigate(self, message: Navigate) -> None:
        """A pane (or the palette) asks to open a place."""
        message.stop()
        enter = self.focus_in_content() or message.item is not None
        await self.go(message.pane_id, message.item, enter=enter)

    def on_checklist_progress(self, message: ChecklistProgress) -> None:
        """Keep the sidebar's "3/5" up to date (and say so if ticks cannot be saved)."""
        message.stop()
        self.sidebar.set_progress(message.done, message.total)
        if self.current_pane == "checklist":
            self._show_where(self._sub_title("checklist"))
        self._show_notices()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Over SSH, stop text cursors from blinking."""
        if self.ssh:
            self._quiet_cursors(event.widget)

    def _quiet_cursors(self, widget: Widget) -> None:
        if not self.ssh:
            return
        for node in widget.walk_children(with_self=True):
            if hasattr(node, "cursor_blink"):
                node.cursor_blink = False  # type: ignore[attr-defined]

    # ------------------------------------------------------------------- size

    def on_resize(self, event: events.Resize) -> None:
        """Swap the layout for a message while the terminal is too small."""
        self._forget_screen()  # a resized terminal may have dropped or moved cells
        if self._started:  # before that, on_mount checks (after the disclaimer)
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        if is_too_small(width, height):
            if self._too_small is None:
                self._too_small = TooSmallScreen()
                self.push_screen(self._too_small)
            elif self._too_small.is_mounted:
                self._too_small.show_size(width, height)
        elif self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if self.screen is screen:
                self.pop_screen()
            elif screen in self.screen_stack:
                self.call_later(self._drop_screen, screen)

    def _drop_screen(self, screen: TooSmallScreen) -> None:
        """Remove a too-small screen that something was opened over (e.g. the palette)."""
        if self.screen is screen:
            self.pop_screen()
        elif screen in self.screen_stack:
            self._screen_stack.remove(screen)

    @property
    def too_small(self) -> bool:
        """True while the too-small message is shown."""
        return self._too_small is not None

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enable keys only where they make sense (hidden ones pass the key on)."""
        if self.exiting:
            return False
        if action == "to_sidebar":
            return self.focus_in_content()
        if action == "back":
            return self.history_index > 0
        if action == "forward":
            return self.history_index < len(self.history) - 1
        if action == "command_palette":
            return not self.too_small
        return True

    def _forget_screen(self) -> None:
        """Have the driver send the next frame in full (see fasci_tui/driver.py)."""
        forget = getattr(self._driver, "forget_screen", None)  # App._driver: Textual's
        if callable(forget):
            forget()

    def action_redraw(self) -> None:
        """ctrl+l: draw the whole screen again (if another program garbled it)."""
        self._forget_screen()
        self.screen.refresh(repaint=True)

    def action_to_sidebar(self) -> None:
        """Esc or ← from a pane: focus the sidebar."""
        self.sidebar.focus()

    async def _walk_history(self, step: int) -> None:
        index = self.history_index + step
        if not 0 <= index < len(self.history):
            return
        inside = self.focus_in_content()
        self.history_index = index
        await self.go(self.history[index], remember=False, enter=inside)

    async def action_back(self) -> None:
        """Back to the previously visited pane."""
        await self._walk_history(-1)

    async def action_forward(self) -> None:
        """Forward again after going back."""
        await self._walk_history(+1)

    async def action_jump(self, section: str) -> None:
        """Jump to a section; ``nutrient`` goes to the first, then the next nutrient."""
        if section == "nutrient":
            ids = [n.id for n in self.content.nutrients]
            current = nutrient_of(self.current_pane or "")
            index = (ids.index(current) + 1) % len(ids) if current in ids else 0
            pane_id = nutrient_pane_id(ids[index])
        else:
            pane_id = section
        await self.go(pane_id, enter=self.focus_in_content())

    async def action_search_faq(self) -> None:
        """``/``: open the FAQ with its search box focused."""
        await self.go("faq")
        pane = self.pane_widget("faq")
        if callable(getattr(pane, "focus_search", None)):
            pane.focus_search()  # type: ignore[union-attr]
        else:
            self._enter("faq")

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

        if isinstance(self.screen, DisclaimerScreen):
            return
        self.push_screen(DisclaimerScreen(self.content))

    def action_help(self) -> None:
        """F1 or ``?``: every key."""
        from fasci_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    # ------------------------------------------------------------------- help

    def _rows(self, bindings: Iterable[BindingType],
              describe: Callable[[Binding], str] | None = None) -> list[tuple[str, str]]:
        """Help rows for ``bindings``: keys joined per action, in declaration order."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for binding in Binding.make_bindings(bindings):
            what = describe(binding) if describe else (binding.tooltip or binding.description)
            if not what:
                continue
            keys = grouped.setdefault((binding.action, what), [])
            display = self.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        return [(" / ".join(keys), what) for (_action, what), keys in grouped.items()]

    def help_sections(self) -> list[HelpSection]:
        """Every key, grouped: anywhere, sidebar, then each pane's own keys."""
        from fasci_tui.screens.help import HelpSection

        anywhere = HelpSection("Anywhere (not while typing in a search box)",
                               self._rows(type(self).BINDINGS))
        anywhere.rows += [
            ("Tab / Shift+Tab", "Next / previous area"),
            ("ctrl+q", "Quit, even while typing"),
        ]
        sidebar = HelpSection("Sidebar", [
            ("↑ / ↓", "Choose a place (it shows at once)"),
            ("Home / End", "First / last place"),
            *self._rows(Sidebar.BINDINGS,
                        lambda b: "Move into the pane" if b.action == "select" else ""),
        ])
        sections = [anywhere, sidebar]
        for kind in PANE_KINDS:
            cls = load_pane_class(kind)
            rows = [("↑ / ↓ / PgUp / PgDn", "Move or scroll")]
            seen: set[tuple[str, str]] = set(rows)
            for owner in _binding_owners(cls):
                for row in self._rows(owner.__dict__.get("BINDINGS", [])):
                    if row not in seen:
                        seen.add(row)
                        rows.append(row)
            title = "Nutrient pages" if kind == "nutrient" else SECTION_TITLES[kind]
            sections.append(HelpSection(title, rows))
        return sections


def _binding_owners(cls: type[Widget]) -> list[type[DOMNode]]:
    """The pane class and every widget class its module defines or takes from its own
    helper modules (``faq`` from ``faq_widgets``...), with their own BINDINGS."""
    module = inspect.getmodule(cls)
    owners: list[type[DOMNode]] = [cls]
    if module is not None:
        for _name, member in inspect.getmembers(module, inspect.isclass):
            home = member.__module__
            ours = home == module.__name__ or home.startswith(module.__name__ + "_")
            if (issubclass(member, DOMNode) and ours
                    and member not in owners and "BINDINGS" in member.__dict__):
                owners.append(member)
    return owners


def run_app(content: Content, target: Target, state_dir: Path | None = None) -> int:
    """Run the app until the user quits; return the exit code."""
    app = FasciApp(content, target, StateStore(state_dir))
    # What is loaded by now (Textual, the content) lives as long as the app. Frozen, the
    # garbage collector no longer scans it again and again: at start-up a full collection
    # of it paused the app for some 30 ms just before the first frame. Collection stays
    # off (the command line turned it off to import the app) until the first frame has
    # been drawn: on_mount turns it on again then.
    gc.disable()
    gc.freeze()
    try:
        result = app.run()
    finally:
        gc.enable()
    return int(result or 0) if app.return_code is None else app.return_code
