"""Where the app opens: a place, and options for it (a FAQ query, a table sort)."""

from __future__ import annotations

from typing import NamedTuple

from fasci_tui.places import OVERVIEW, PAGE_SECTIONS, Place

SECTIONS: tuple[str, ...] = tuple(str(section) for section in PAGE_SECTIONS)
"""The sections a user can name on the command line, in sidebar order."""


class Target(NamedTuple):
    """A deep link: the place to open, plus options its pane applies when it opens."""

    place: Place = OVERVIEW
    faq_search: str | None = None
    sort_column: str | None = None
    sort_descending: bool = False
