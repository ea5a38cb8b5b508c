"""What every pane is: the contract between the app and the widgets of its content area.

The app creates a pane with :meth:`Pane.create`, tells it which place to show with
:meth:`Pane.show` (data flows down), moves the focus into it with :meth:`Pane.enter`,
asks it to highlight something with :meth:`Pane.reveal`, applies a deep link's options
with :meth:`Pane.apply`, and shows :attr:`Pane.title` in the header. Panes post
:class:`~fasci_tui.messages.Navigate` to open another place; they never call the app or
one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from fasci_tui.content.model import Content
from fasci_tui.places import OVERVIEW, Place, spec
from fasci_tui.state import StateStore
from fasci_tui.target import Target

if TYPE_CHECKING:
    _WidgetBase = Widget
else:
    _WidgetBase = object


class Pane(_WidgetBase):
    """Base of every pane, a mixin put before the pane's widget class:
    ``class FoodsPane(Pane, Vertical)``, ``class FaqPane(Pane, Widget)``.

    Not itself a Widget: Textual gives every Widget subclass its own ``can_focus``,
    so a Widget base here would hide the focusability of the widget class after it.
    """

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> Pane:
        """A new pane for ``place``. Most panes need only the content; a pane that needs
        the personal store or the place at construction overrides this."""
        return cls(content)  # type: ignore[call-arg]  # subclasses take (content, ...)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place: Place = OVERVIEW
        """The place shown (set by :meth:`show`)."""
        self.limit_region: str | None = None
        """The region setting for upper limits (content/regions.py); see :meth:`use_region`."""
        self.units = "us"
        """The units setting for food servings (content/measures.py); see :meth:`use_units`."""
        self._find_matches: list[Any] = []

    @property
    def title(self) -> str:
        """The title of the page on show, for the header: by default, its section's."""
        return spec(self.place.section).title

    def show(self, place: Place) -> None:
        """Show ``place`` (the app calls this whenever the pane comes on show)."""
        self.place = place

    def use_region(self, region: str | None) -> None:
        """Use the settings' ``region`` for upper limits (set once, before mounting)."""
        self.limit_region = region

    def use_units(self, units: str) -> None:
        """Use the settings' ``units`` for food servings (set once, before mounting)."""
        self.units = units

    def enter(self) -> None:
        """Move the focus into the pane: by default to the pane, or its first focusable."""
        if self.focusable:
            self.focus()
            return
        for node in self.query("*"):
            if isinstance(node, Widget) and node.focusable:
                node.focus()
                return

    def reveal(self, item: str) -> None:
        """Highlight or open ``item`` (a FAQ id, a habit id, a food). By default: nothing."""

    def focus_search(self) -> None:
        """Focus the pane's search box; a pane without one is entered instead."""
        self.enter()

    def saved_state_changed(self) -> None:
        """The person's saved state changed on disk (another copy of the app wrote it).
        By default nothing: only a pane that shows saved state redraws it."""

    def apply(self, target: Target) -> None:
        """Apply a deep link's options (a FAQ search, a sort). By default none apply."""

    def find(self, text: str) -> int:
        """Find in page (ctrl+f): mark the matches of ``text``, return how many. By default
        in the pane's documents, tables and lists on show (widgets/find.py)."""
        from fasci_tui.widgets.find import find_in

        self._find_matches = find_in(self, text)
        return len(self._find_matches)

    def show_match(self, index: int) -> None:
        """Bring match ``index`` of the last :meth:`find` into view as the current one."""
        from fasci_tui.widgets.find import show_match

        if 0 <= index < len(self._find_matches):
            show_match(self._find_matches[index])

    def end_find(self) -> None:
        """Find in page is over: clear its marks."""
        from fasci_tui.widgets.find import clear_marks

        self._find_matches = []
        clear_marks(self)

    def copy_text(self, content: Content, done: frozenset[str]) -> str:
        """What ``y`` copies, as Markdown: by default the page on show (``done``: the
        ticked habits, for the checklist)."""
        from textual.widgets import DataTable

        from fasci_tui.content.export import place_markdown

        focused = self.screen.focused
        if isinstance(focused, DataTable) and self in focused.ancestors and focused.row_count:
            from fasci_tui.widgets.find import table_row_markdown

            return table_row_markdown(focused)
        return place_markdown(content, self.place.section.value, self.place.item, done)
