"""The app and the user's settings: theme, keymap, find in page, copy.

A mixin of :class:`fasci_tui.app.FasciApp`. ``FasciApp(..., settings=Settings(...),
theme="nord")``: the settings file's choices (``fasci_tui.config``) and a theme from the
command line. Problems with the settings are shown once the app is up (file:line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.widget import Widget

from fasci_tui.app_keys import APP_BINDINGS
from fasci_tui.config import Settings, config_path, save_theme
from fasci_tui.widgets.themes import EXTRA_THEMES

if TYPE_CHECKING:
    from fasci_tui.content.model import Content
    from fasci_tui.panes.base import Pane
    from fasci_tui.state import StateStore
    from fasci_tui.widgets.find import FindBar


class SettingsActions(App[int]):
    """Themes, keys, find in page and copy (see the module doc)."""

    content: Content
    store: StateStore

    def __init__(self, *, settings: Settings | None = None, theme: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings if settings is not None else Settings()
        """The settings file's choices."""
        self.settings_problems: list[str] = list(self.settings.problems)
        """What was wrong with the settings (shown once the app is up)."""
        for extra in EXTRA_THEMES:
            self.register_theme(extra)
        wanted = theme or self.settings.theme
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        elif wanted:
            self.settings_problems.append(
                f"{self.settings.path or 'settings'}: theme: no theme called {wanted!r} "
                f"(themes: {', '.join(sorted(self.available_themes))})")
        self.key_overrides: dict[str, str] = self._keymap_from(self.settings)
        """Binding id → keys the user chose (the keymap in force)."""
        self.set_keymap(self.key_overrides)
        self._find_bar: FindBar | None = None
        self._found_in: Pane | None = None
        self._focus_before_find: Widget | None = None

    def _keymap_from(self, settings: Settings) -> dict[str, str]:
        known = {b.id for b in APP_BINDINGS if isinstance(b, Binding) and b.id}
        keymap = {}
        for binding_id, keys in settings.keys.items():
            if binding_id in known:
                keymap[binding_id] = keys
            else:
                line = settings.key_lines.get(binding_id, 1)
                self.settings_problems.append(
                    f"{settings.path}:{line}: keys.{binding_id}: no such key binding, "
                    "ignored (fasci-tui config --init lists them)")
        return keymap

    def on_mount(self) -> None:
        """Say what was wrong with the settings (the app started all the same)."""
        for problem in self.settings_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=15)

    if TYPE_CHECKING:
        @property
        def pane(self) -> Pane:
            """The pane on show (FasciApp's)."""

    def action_set_theme(self, name: str) -> None:
        """Use theme ``name`` and remember it in the settings file."""
        if name not in self.available_themes:
            self.notify(f"No theme called {name!r}.", severity="error")
            return
        self.theme = name
        path = self.settings.path or config_path()
        error = save_theme(path, name)
        if error:
            self.notify(f"Theme {name} for now; {error}", severity="warning")
        else:
            self.notify(f"Theme {name}, saved in {path}", timeout=4)

    async def action_find(self) -> None:
        """ctrl+f: the find bar over the footer (again: back to typing in it)."""
        if self.screen is not self.screen_stack[0]:
            return  # a box (help, palette, disclaimer) is open: its page is not the pane's
        if self._find_bar is not None and self._find_bar.is_attached:
            self._find_bar.action_type()
            return
        from fasci_tui.widgets.find import FindBar  # on first use: not on the start path

        self._focus_before_find = self.focused
        self._find_bar = FindBar(self._find, self._show_match, id="find-bar")
        await self.screen.mount(self._find_bar)

    def _find(self, text: str) -> int:
        """The find bar's search: in the pane on show."""
        self._found_in = self.pane
        return self.pane.find(text)

    def _show_match(self, index: int) -> None:
        """Show a match; if another page is on show now, find in that one first."""
        if self.pane is not self._found_in and self._find_bar is not None:
            if self._found_in is not None:
                self._found_in.end_find()
            self._find_bar.find_again()
            return
        self.pane.show_match(index)

    async def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        """Esc in the find bar: remove it and its marks, back where the focus was."""
        message.stop()
        self.pane.end_find()
        if self._find_bar is not None:
            await self._find_bar.remove()
            self._find_bar = None
        before = self._focus_before_find
        if before is not None and before.is_attached and before.focusable:
            before.focus()
        else:
            self.pane.enter()

    def action_copy(self) -> None:
        """``y``: copy the page (or the chosen answer or row) as Markdown, over OSC 52."""
        text = self.pane.copy_text(self.content, self.store.state.checked)
        if not text.strip():
            self.notify("Nothing to copy here.", severity="warning")
            return
        self.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Copied {lines} lines of Markdown to the clipboard "
                    "(through the terminal, also over SSH).", timeout=3)
