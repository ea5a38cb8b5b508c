"""The FAQ pane's search box and question list, and what its status line says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, OptionList


def no_match_message(query: str) -> str:
    """What the pane says when nothing matches ``query``."""
    return (f'No question or answer matches "{query.strip()}". '
            "Try fewer or different words; Esc clears the search.")


def status_text(query: str, total: int, found: int, shown: int, indexing: bool) -> str:
    """The status line: how many of ``total`` questions match ``query`` (``found``), how
    many are listed (``shown``), or that none does; ``indexing``: search is not ready."""
    query = query.strip()
    if not query and indexing:
        return f"{total} questions (indexing them for search…). Enter opens one."
    if indexing:
        return f'Indexing {total} questions… results for "{query}" follow.'
    if not query:
        return f"{total} questions. Type to search; Enter opens one."
    if not found:
        return no_match_message(query)
    if shown < found:
        return (f'{found} of {total} questions match "{query}"; '
                f"showing the first {shown}. Type more to narrow.")
    noun = "question matches" if found == 1 else "questions match"
    return f'{found} of {total} {noun} "{query}".'


class FaqSearch(Input):
    """The FAQ's search box: ↓ or Enter moves to the results, Esc clears what was typed,
    and ``/`` types nothing (the box already has focus).

    The results follow the text at once (see :meth:`watch_value`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "results", "Results",
                tooltip="From the search box down into the questions"),
        Binding("escape", "clear_search", "Clear",
                tooltip="In the search box: clear it (when it is empty: back to the sidebar)"),
        Binding("enter", "results", "", show=False),  # instead of Input.Submitted
        # A priority binding is looked at before the box inserts the character.
        Binding("slash", "stay", "", show=False, priority=True),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The text's width. Input declares it as laying the whole screen out again (on every
    key, as the text grows or shrinks); the box's own size never depends on it."""

    def watch_virtual_size(self) -> None:
        """Keep the horizontal scroll within the text (what that layout pass did)."""
        self.scroll_to(x=min(self.scroll_x, self.max_scroll_x), animate=False, force=True,
                       immediate=True)

    def __init__(self, on_change: Callable[[], None], to_results: Callable[[], None],
                 **kwargs: Any) -> None:
        """``on_change`` is called as soon as the text changes (before it is drawn);
        ``to_results`` when ↓ or Enter is pressed."""
        super().__init__(**kwargs)
        self._on_change = on_change
        self._to_results = to_results

    def watch_value(self, value: str) -> None:
        """Let the pane filter before the box is drawn again, so that the box and the
        results go out in one frame (Input.Changed would reach the pane a frame later)."""
        self._on_change()

    def on_input_changed(self, event: Input.Changed) -> None:
        """The pane has already filtered (see :meth:`watch_value`): nobody else needs it."""
        event.stop()

    def action_results(self) -> None:
        """↓ or Enter: move to the questions."""
        self._to_results()

    def action_clear_search(self) -> None:
        """Esc: clear the search; when it is already empty, let Esc go on to the app."""
        if not self.value:
            raise SkipAction()
        self.clear()

    def action_stay(self) -> None:
        """``/`` while typing: focus stays in the search box, and nothing is typed."""


class FaqList(OptionList):
    """The questions; the highlighted one opens and closes with Enter or Space."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open/close", tooltip="Open or close the answer"),
        Binding("space", "select", "Open/close", show=False, tooltip="Open or close the answer"),
        Binding("up", "cursor_up", "Up", show=False,
                tooltip="Up (from the first question: to the search box)"),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """How many lines the questions take. The list's own size never depends on it, and
    OptionList updates its scrollbar itself (a scrollbar appearing lays the list out)."""

    def __init__(self, on_top: Callable[[], None], **kwargs: Any) -> None:
        """``on_top`` is called when ↑ is pressed on the first question."""
        super().__init__(**kwargs)
        self._on_top = on_top

    def action_cursor_up(self) -> None:
        """Move up; from the first question, up to the search box."""
        if not self.highlighted:
            self._on_top()
            return
        super().action_cursor_up()
