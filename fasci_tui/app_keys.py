"""The app's own keys (they work anywhere, except where a text box takes the key)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from fasci_tui.places import SECTION_TABLE

APP_BINDINGS: list[BindingType] = [
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
    Binding("slash", "search_faq", "Search FAQ", show=False, tooltip="Search the FAQ"),
    # priority: checked before any screen's keys, so it works under every pop-up too
    Binding("ctrl+l", "redraw", "Redraw", show=False, key_display="ctrl+l", priority=True,
            tooltip="Draw the whole screen again"),
    *(Binding(spec.keys, f"jump('{spec.section}')", spec.key_help, show=False,
              tooltip=f"Go to {spec.key_help}") for spec in SECTION_TABLE),
    # Replaces Textual's own palette binding, so the footer says "ctrl+p Find".
    Binding("ctrl+p", "command_palette", "Find", show=False, priority=True,
            key_display="ctrl+p",
            tooltip="Find anything: nutrients, questions, habits, foods, sources"),
]
"""The app's bindings; the section jumps come from places.SECTION_TABLE."""
