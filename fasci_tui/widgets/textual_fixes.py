"""Work-arounds for bugs in Textual 8.2.8 (pinned), found by tests/test_monkey.py.

Importing this module applies them, but only on the Textual version they were checked
against (:data:`CHECKED_ON`): on any other version Textual runs as it is, and
tests/test_textual_fixes.py fails, asking for each bug to be checked again. Each says
how the bug shows, and has a regression test in tests/test_monkey.py, so it can be
dropped once Textual fixes it upstream (notes/PRIVATE_TEXTUAL.md names the issues).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import textual
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

CHECKED_ON = "8.2.8"
"""The Textual version every patch here was checked against."""

_move_page = OptionList._move_page
_dismiss = Screen.dismiss
_wrap_and_format = Content._wrap_and_format


def _safe_move_page(self: OptionList, direction: Any) -> None:
    """Page up/down in an option list that has options but has not been laid out yet.

    Textual reads the highlighted option's line from a cache that is only filled once the
    list has a size, and raises KeyError before then. Seen with ctrl+p and PgDn arriving
    together: the command palette's list gets its first options, PgDn pages it before it
    is drawn, and the app crashed. Doing nothing is right: nothing is on screen to page.
    """
    if not self.size.height:
        return  # not laid out yet
    try:
        _move_page(self, direction)
    except KeyError:  # laid out, but its lines not yet cached: not drawn yet either
        return


def _dismiss_if_on_top(self: Screen[Any], result: Any = None) -> AwaitComplete:
    """Dismiss a screen only while it is the top one; otherwise do nothing.

    Textual's ``dismiss`` pops whatever screen is on top. Seen with ctrl+p, a search and
    two Enters arriving together: the first runs the command and closes the palette, the
    second (already queued in the palette) dismissed it again, popping the main screen
    (ScreenStackError, the app crashed).
    """
    stack = self.app.screen_stack
    if not stack or stack[-1] is not self:
        return AwaitComplete.nothing()
    return _dismiss(self, result)


def _wrap_in_at_least_one_cell(self: Content, width: int, *args: Any, **kwargs: Any) -> Any:
    """Wrap text in no fewer than one cell per line.

    Rich folds a long word with ``range(0, len(word), width)``, which raises ValueError
    for width 0. An option list squeezed to nothing (the checklist with the terminal
    narrowed to 26 columns: the too-small notice covers it, but its layout is still
    computed) asked for exactly that, and the app crashed.
    """
    line_pad = kwargs.get("line_pad", args[3] if len(args) > 3 else 0)
    return _wrap_and_format(self, max(width, 1 + 2 * line_pad), *args, **kwargs)


def _unless_closing(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of the command palette, skipped once the palette is being removed.

    Esc then ctrl+p and a letter, typed together from inside a pane: ctrl+p (a priority
    key) opens the palette first, the Esc meant for the pane closes it, and the letter,
    already on its way into the palette's search box, starts a search in the closing
    palette. The search then looked up the palette's list, already removed (NoMatches in
    a worker), and the app crashed.
    """
    @functools.wraps(method)  # keeps the signature: Textual counts a watcher's parameters
    def guarded(self: CommandPalette, *args: Any, **kwargs: Any) -> Any:
        # ``display`` is False once the palette is closing or being pruned (DOMNode.display)
        if not self.display or not self.is_attached or self not in self.app.screen_stack:
            return None
        return method(self, *args, **kwargs)

    return guarded


PALETTE_METHODS = ("_gather_commands", "_refresh_command_list", "_watch__list_visible",
                   "_watch__show_busy")
"""The command palette's methods guarded by :func:`_unless_closing`."""


def installed_version() -> str:
    """Textual's version, from the name of its ``textual-X.Y.Z.dist-info`` folder.

    ``textual.__version__`` asks importlib.metadata, whose imports (email, csv, zipfile)
    cost start-up some milliseconds and 1.5 MiB; it is the fallback.
    """
    site = Path(textual.__file__).resolve().parent.parent
    found = [p.name[len("textual-"):-len(".dist-info")] for p in site.glob("textual-*.dist-info")]
    return found[0] if len(found) == 1 else textual.__version__


def apply(version: str | None = None) -> bool:
    """Apply every patch if ``version`` (default: Textual's installed one) is
    :data:`CHECKED_ON`; True if so."""
    if (installed_version() if version is None else version) != CHECKED_ON:
        return False
    OptionList._move_page = _safe_move_page  # type: ignore[method-assign]
    Screen.dismiss = _dismiss_if_on_top  # type: ignore[method-assign]
    Content._wrap_and_format = _wrap_in_at_least_one_cell  # type: ignore[method-assign]
    for name in PALETTE_METHODS:
        setattr(CommandPalette, name, _unless_closing(getattr(CommandPalette, name)))
    return True


APPLIED = apply()
"""True when the patches are in force (see :data:`CHECKED_ON`)."""
