"""The sidebar: every place in the app, in the order of places.SECTION_TABLE.

A section with a page per item (the nutrients) gets a heading row with its items
indented under it; every other section is one row (the checklist's shows its progress,
e.g. ``3/5``). Each row shows its section's jump key at the right. Moving the highlight
shows that place at once (the app listens for ``OptionHighlighted``); Enter or → moves
into it. Only Textual's public OptionList API is used: the output compactor
(fasci_tui/output.py) drops the bytes of rows repainted unchanged.

A highlight move is painted by whoever shows the place (:meth:`Sidebar.show_place`,
called by the app), in the same frame as the page: were it painted at once, the screen
would draw it in a frame of its own before the app had even heard of the move.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.content import Content as Text
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from fasci_tui import places
from fasci_tui.content.model import Content
from fasci_tui.places import SECTION_TABLE, Place, Section

CURRENT_MARK = "▸"
"""Marks the place on show in the sidebar."""

PROMPT_WIDTH = 19
"""Columns a sidebar row is padded to before its jump key (room left for a scrollbar)."""


def with_jump_key(prompt: Text, key: str | None) -> Text:
    """``prompt`` with ``key`` shown muted at the right edge of the row."""
    if key is None:
        return prompt
    gap = max(1, PROMPT_WIDTH - 1 - prompt.cell_length)
    return Text.assemble(prompt, " " * gap, (key, "$text-muted"))


class Sidebar(OptionList):
    """The list of places. Its option ids are the places' keys."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The index of the highlighted option (redeclared: moving it does not repaint; see
    the module doc)."""

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Move into the highlighted pane"),
        Binding("right", "select", "Open", show=False),
        # Shown in the footer while the sidebar has focus (the app binds / everywhere).
        Binding("slash", "app.search_faq", "Search FAQ"),
    ]

    def __init__(self, content: Content, checklist_done: int = 0,
                 current: Place | None = None, **kwargs: object) -> None:
        """``current`` is the place on show at start: marked and highlighted from the
        first frame, so start-up draws the sidebar once."""
        self._content = content
        self._total = len(content.habits)
        self._done = checklist_done
        self._current = current.page if current is not None else None
        options: list[Option] = []
        for spec in SECTION_TABLE:
            if spec.per_item:
                heading = Text.styled(f"  {spec.title}", "bold")
                options.append(Option(with_jump_key(heading, spec.jump_key), disabled=True))
                options += [Option(self._prompt(Place(spec.section, item.id)),
                                   id=Place(spec.section, item.id).key)
                            for item in places.items(content, spec.section)]
            else:
                place = Place(spec.section)
                options.append(Option(self._prompt(place), id=place.key))
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        # No links in the rows, but each row's style carries meta, hence a link id, so
        # with auto_links every move of the mouse to another row repaints the whole list.
        self.set_reactive(Sidebar.auto_links, False)
        if self._current is not None:
            self.set_reactive(Sidebar.highlighted, self.get_option_index(self._current.key))
        self._painted = self.highlighted

    def _label(self, place: Place) -> str:
        if place.section is Section.CHECKLIST:
            return self.checklist_label
        return places.label(self._content, place)

    def _prompt(self, place: Place) -> Text:
        """``▸`` marks the place on show, so it does not depend on colour; the section's
        jump key is at the right."""
        spec = places.spec(place.section)
        current = place == self._current
        indent = "  " if spec.per_item else ""
        prompt = Text.assemble(indent, (CURRENT_MARK if current else " ") + " ",
                               (self._label(place), "bold" if current else ""))
        return with_jump_key(prompt, None if spec.per_item else spec.jump_key)

    def _update_prompt(self, place: Place) -> None:
        try:
            self.replace_option_prompt(place.key, self._prompt(place))
        except OptionDoesNotExist:
            pass

    @property
    def checklist_label(self) -> str:
        """The checklist's label as shown, e.g. ``Checklist 3/5``."""
        return f"{places.spec(Section.CHECKLIST).title} {self._done}/{self._total}"

    @property
    def current(self) -> Place | None:
        """The place marked as on show."""
        return self._current

    def show_place(self, place: Place) -> None:
        """Mark ``place``'s page as the one on show and highlight it; paint the change."""
        page = place.page
        if page != self._current:
            previous, self._current = self._current, page
            for changed in (previous, page):
                if changed is not None:
                    self._update_prompt(changed)
        self.highlight_place(page)
        self.paint_highlight(force=True)

    def paint_highlight(self, force: bool = False) -> None:
        """Repaint the list if the highlight moved since it was last painted (or ``force``)."""
        if force or self.highlighted != self._painted:
            self._painted = self.highlighted
            self.refresh()

    def set_progress(self, done: int, total: int) -> None:
        """Show the checklist's progress (``done`` of ``total`` habits ticked)."""
        self._done, self._total = done, total
        self._update_prompt(Place(Section.CHECKLIST))

    @property
    def highlighted_place(self) -> Place | None:
        """The place of the highlighted row."""
        option = self.highlighted_option
        return Place.from_key(option.id) if option is not None and option.id else None

    def highlight_place(self, place: Place) -> None:
        """Move the highlight to ``place``'s page (nothing moves if it is already there,
        or the sidebar has no such row); painted by :meth:`show_place` or a refresh."""
        try:
            index = self.get_option_index(place.key)
        except OptionDoesNotExist:
            return
        if self.highlighted != index:
            self.highlighted = index
