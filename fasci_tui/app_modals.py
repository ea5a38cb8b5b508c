"""The app's boxes over the layout: the palette, help, the disclaimer, saved-state notices.

A mixin of :class:`fasci_tui.app.FasciApp`, kept apart so the app's module holds the
layout and navigation only. Each box's module is imported when it is first opened.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App

from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.places import Place
from fasci_tui.state import StateStore


def _content_commands() -> type[Any]:
    """The command-palette provider, imported when the palette first opens."""
    from fasci_tui.palette import ContentCommands

    return ContentCommands


class ModalActions(App[int]):
    """Actions that open a box over the layout (they need ``content`` and ``store``)."""

    COMMANDS: ClassVar[set[Any]] = {_content_commands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"

    content: Content
    store: StateStore
    place: Place

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
        """F1 or ``?``: every key, read from the live bindings."""
        from fasci_tui.screens.help import HelpScreen, help_sections
        from fasci_tui.widgets.sidebar import Sidebar

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self, Sidebar.BINDINGS)))

    def ask_disclaimer_once(self) -> None:
        """On the first run, the disclaimer must be acknowledged (then it is saved)."""
        if self.store.state.disclaimer_acknowledged:
            return
        from fasci_tui.screens.disclaimer import DisclaimerScreen

        def closed(acknowledged: bool | None) -> None:
            if acknowledged:
                self.store.acknowledge_disclaimer()
                self.show_notices()
                if self.store.profile is None and self.store.writable:  # once; Esc skips
                    self.action_profile(first_run=True)

        self.push_screen(DisclaimerScreen(self.content, first_run=True), closed)

    def action_profile(self, first_run: bool = False) -> None:
        """Palette "Your profile": set, change or forget sex and age."""
        from fasci_tui.screens.profile import ProfileResult, ProfileScreen

        if isinstance(self.screen, ProfileScreen):
            return

        def closed(result: ProfileResult | None) -> None:
            if result is None:
                return
            saved = self.store.set_profile(result.profile)
            self.show_notices()
            said = (f"Profile: {result.profile.describe()}" if result.profile
                    else "Profile forgotten")
            self.notify(said + ("." if saved else " (this session only)."), timeout=4)
            self.post_message(Navigate(self.place))  # show the page again, with it

        self.push_screen(ProfileScreen(self.store.profile, first_run=first_run), closed)

    def show_notices(self) -> None:
        """Tell the user about saved state that could not be read or written."""
        for notice in self.store.take_notices():
            self.notify(notice, title="Saved state", severity="warning", timeout=12)
