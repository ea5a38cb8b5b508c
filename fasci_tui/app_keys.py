"""The app's own keys (they work anywhere, except where a text box takes the key).

Every binding carries an ``id``: the name a settings file's ``[keys]`` table uses to
give it other keys (Textual's keymap, applied by ``app_settings.py``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from fasci_tui.places import SECTION_TABLE

APP_BINDINGS: list[BindingType] = [
    Binding("question_mark,f1", "help", "Help", tooltip="Every key (this list)", id="help"),
    Binding("exclamation_mark,f2", "doctor", "Doctor",
            tooltip="When to see a doctor, and the disclaimer", id="doctor"),
    Binding("q", "quit", "Quit", tooltip="Quit (not while typing in a search box)", id="quit"),
    Binding("escape", "to_sidebar", "Sidebar", tooltip="Back to the sidebar", id="sidebar"),
    Binding("left", "to_sidebar", "Sidebar", show=False,
            tooltip="Back to the sidebar (when the pane does not use ←)", id="sidebar-left"),
    Binding("left_square_bracket,alt+left,backspace", "back", "Back", show=False,
            tooltip="Back to the previously visited pane", id="back"),
    Binding("right_square_bracket,alt+right", "forward", "Forward", show=False,
            tooltip="Forward again after going back", id="forward"),
    Binding("slash", "search_faq", "Search FAQ", show=False, tooltip="Search the FAQ",
            id="search-faq"),
    # priority: a text box (the FAQ's search) would take ctrl+f to delete a word
    Binding("ctrl+f", "find", "Find in page", show=False, priority=True,
            tooltip="Find in this page (then Enter/n next, shift+Enter/N previous, Esc)",
            id="find"),
    Binding("y", "copy", "Copy", show=False,
            tooltip="Copy this page (or the chosen answer or row) as Markdown", id="copy"),
    # priority: checked before any screen's keys, so it works under every pop-up too
    Binding("ctrl+l", "redraw", "Redraw", show=False, key_display="ctrl+l", priority=True,
            tooltip="Draw the whole screen again", id="redraw"),
    *(Binding(spec.keys, f"jump('{spec.section}')", spec.key_help, show=False,
              tooltip=f"Go to {spec.key_help}", id=f"jump-{spec.section}")
      for spec in SECTION_TABLE),
    # Replaces Textual's own palette binding, so the footer says "ctrl+p Find".
    Binding("ctrl+p", "command_palette", "Find", show=False, priority=True,
            key_display="ctrl+p",
            tooltip="Find anything: nutrients, questions, habits, foods, sources",
            id="palette"),
]
"""The app's bindings; the section jumps come from places.SECTION_TABLE."""


def binding_ids() -> list[tuple[str, str, str]]:
    """``(id, keys, what it does)`` of every binding a settings file may rebind."""
    return [(b.id, b.key, b.tooltip or b.description)
            for b in APP_BINDINGS if isinstance(b, Binding) and b.id]
