"""Modal screens: help, the disclaimer, the too-small notice."""

from __future__ import annotations

from textual.binding import Binding

SCROLL_BINDINGS = [
    Binding("down,j", "scroll('down')", "Scroll", show=False),
    Binding("up,k", "scroll('up')", "Scroll", show=False),
    Binding("pagedown,space", "scroll('page_down')", "Page", show=False),
    Binding("pageup", "scroll('page_up')", "Page", show=False),
    Binding("home", "scroll('home')", "Top", show=False),
    Binding("end", "scroll('end')", "Bottom", show=False),
]
"""Keys that scroll a modal's text, shared by the help and disclaimer screens."""
