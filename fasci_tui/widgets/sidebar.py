"""The sidebar: every place in the app, in the order of notes/TUI.md.

Overview, a "Nutrients" heading with each nutrient indented under it, then Compare,
Checklist (with its progress, e.g. ``3/5``), FAQ, Foods and References. Moving the
highlight shows that place at once (the app listens for ``OptionHighlighted``); Enter
or → moves into it.

A move repaints only the rows that changed (the old and new highlighted and ``▸``
rows), not the whole list, and the highlight is painted in the same frame as the page
the app shows for it: see ``Sidebar.watch_highlighted``.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.content import Content as Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fasci_tui.content.model import Content, Nutrient

SECTION_TITLES: dict[str, str] = {
    "overview": "Overview",
    "compare": "Compare",
    "checklist": "Checklist",
    "faq": "FAQ",
    "foods": "Foods",
    "references": "References",
}
"""The display name of every pane that is not a nutrient."""

NUTRIENT_PREFIX = "nutrient-"

CURRENT_MARK = "▸"
"""Marks the pane on show in the sidebar."""

JUMP_KEYS: dict[str, str] = {
    "overview": "o",
    "nutrients": "n",
    "compare": "c",
    "checklist": "k",
    "faq": "f",
    "foods": "d",
    "references": "r",
}
"""The app's section jump keys, shown at the right of their sidebar rows."""

PROMPT_WIDTH = 19
"""Columns a sidebar row is padded to before its jump key (room left for a scrollbar)."""

HIGHLIGHT_FALLBACK_DELAY = 0.05
"""Seconds after a highlight move before the sidebar paints it itself, when nothing
(normally the app, showing the highlighted place) has painted it in the meantime."""


def with_jump_key(prompt: Text, key: str | None) -> Text:
    """``prompt`` with ``key`` shown muted at the right edge of the row."""
    if key is None:
        return prompt
    gap = max(1, PROMPT_WIDTH - 1 - prompt.cell_length)
    return Text.assemble(prompt, " " * gap, (key, "$text-muted"))


def short_name(nutrient: Nutrient) -> str:
    """The name without a gloss in brackets: ``Vitamin B1 (thiamin)`` → ``Vitamin B1``."""
    return re.sub(r"\s*\([^)]*\)", "", nutrient.name).strip() or nutrient.name


def nutrient_pane_id(nutrient_id: str) -> str:
    """The pane id of a nutrient page."""
    return f"{NUTRIENT_PREFIX}{nutrient_id}"


def nutrient_of(pane_id: str) -> str | None:
    """The nutrient id inside a ``nutrient-<id>`` pane id, else None."""
    return pane_id[len(NUTRIENT_PREFIX):] if pane_id.startswith(NUTRIENT_PREFIX) else None


def pane_ids(content: Content) -> list[str]:
    """Every pane id in sidebar order."""
    return (["overview"] + [nutrient_pane_id(n.id) for n in content.nutrients]
            + ["compare", "checklist", "faq", "foods", "references"])


def pane_title(content: Content, pane_id: str) -> str:
    """The name of a pane as the header shows it (e.g. ``Magnesium``, ``FAQ``)."""
    nutrient_id = nutrient_of(pane_id)
    if nutrient_id is not None:
        try:
            return content.nutrient(nutrient_id).name
        except KeyError:
            return nutrient_id
    return SECTION_TITLES.get(pane_id, pane_id)


def is_pane_id(content: Content, pane_id: str) -> bool:
    """True when ``pane_id`` names a place that exists."""
    return pane_id in pane_ids(content)


class Sidebar(OptionList):
    """The list of places. Its option ids are the pane ids.

    Repaints are kept to the rows that change. Textual 8.2.8's OptionList repaints the
    whole widget (every row, the border and the blank rows) when the highlight or the
    row under the mouse changes, and whenever a prompt is replaced; here those two
    reactives do not repaint by themselves, and prompts are replaced in place.

    This relies on OptionList internals of Textual 8.2.8 (pinned): the reactive
    ``_mouse_hovering_over``, the line map ``_index_to_line`` / ``_heights`` /
    ``_line_cache``, the row cache ``_option_render_cache`` (keyed by option first),
    ``Option._set_prompt`` and ``_clear_caches``. tests/test_sidebar.py checks the rows
    refreshed and that the rows as painted match a full repaint.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    # Redeclared without `repaint`: `watch_highlighted` / `watch__mouse_hovering_over`
    # repaint just the rows concerned.
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The index of the highlighted option, or None."""

    _mouse_hovering_over: reactive[int | None] = reactive(None, repaint=False)

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Move into the highlighted pane"),
        Binding("right", "select", "Open", show=False),
        # Shown in the footer while the sidebar has focus (the app binds / everywhere).
        Binding("slash", "app.search_faq", "Search FAQ"),
    ]

    def __init__(self, content: Content, checklist_done: int = 0, current: str | None = None,
                 **kwargs: object) -> None:
        """``current`` is the pane on show at start: marked and highlighted from the first
        frame, so start-up draws the sidebar once."""
        self._content = content
        self._total = len(content.habits)
        self._done = checklist_done
        self._current: str | None = current
        self._unpainted: set[int] = set()  # option indexes whose highlight is not painted
        self._fallback: Timer | None = None
        nutrients = with_jump_key(Text.styled("  Nutrients", "bold"), JUMP_KEYS["nutrients"])
        options: list[Option] = [Option(self._prompt("overview"), id="overview"),
                                 Option(nutrients, disabled=True)]
        options += [Option(self._prompt(nutrient_pane_id(n.id)), id=nutrient_pane_id(n.id))
                    for n in content.nutrients]
        options += [Option(self._prompt(pane_id), id=pane_id)
                    for pane_id in ("compare", "checklist", "faq", "foods", "references")]
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        # No links in the rows, but each row's style carries meta, hence a link id, so
        # with auto_links every move of the mouse to another row repaints the whole list.
        self.set_reactive(Sidebar.auto_links, False)
        if current is not None:
            self.set_reactive(Sidebar.highlighted, self.get_option_index(current))

    def _label(self, pane_id: str) -> str:
        nutrient_id = nutrient_of(pane_id)
        if nutrient_id is not None:
            return short_name(self._content.nutrient(nutrient_id))
        if pane_id == "checklist":
            return self.checklist_label
        return SECTION_TITLES[pane_id]

    def _prompt(self, pane_id: str) -> Text:
        """``▸`` marks the pane on show, so it does not depend on colour; the section's
        jump key is at the right."""
        current = pane_id == self._current
        indent = "  " if nutrient_of(pane_id) is not None else ""
        prompt = Text.assemble(indent, (CURRENT_MARK if current else " ") + " ",
                               (self._label(pane_id), "bold" if current else ""))
        return with_jump_key(prompt, JUMP_KEYS.get(pane_id))

    @property
    def checklist_label(self) -> str:
        """The checklist's label as shown, e.g. ``Checklist 3/5``."""
        return f"Checklist {self._done}/{self._total}"

    @property
    def current(self) -> str | None:
        """The pane marked as on show."""
        return self._current

    def set_current(self, pane_id: str) -> None:
        """Mark ``pane_id`` as the pane on show (and unmark the previous one).

        Also paints a highlight move not painted yet, so a move and the page it shows
        reach the terminal in one frame.
        """
        if pane_id != self._current:
            previous, self._current = self._current, pane_id
            for changed in (previous, pane_id):
                if changed is not None:
                    self._update_prompt(changed)
        self.paint_highlight()

    def set_progress(self, done: int, total: int) -> None:
        """Show the checklist's progress (``done`` of ``total`` habits ticked)."""
        self._done, self._total = done, total
        self._update_prompt("checklist")

    @property
    def highlighted_pane(self) -> str | None:
        """The pane id of the highlighted option."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_pane(self, pane_id: str) -> None:
        """Move the highlight to ``pane_id`` and paint it (nothing moves when it is
        already there, or there is no such option)."""
        try:
            index = self.get_option_index(pane_id)
        except Exception:  # OptionDoesNotExist
            return
        if self.highlighted != index:
            self.highlighted = index
        self.paint_highlight()

    # ---------------------------------------------------------------- painting

    def watch_highlighted(  # type: ignore[override]  # OptionList takes the new value only
            self, old: int | None, new: int | None) -> None:
        """Scroll to the new highlight and post ``OptionHighlighted`` (as OptionList
        does), and note the two rows to repaint without repainting them yet.

        The app answers the message by showing that place and calling ``set_current``
        / ``highlight_pane``, which paint these rows in the same frame as the new page
        (repainting now would draw the highlight in a frame of its own first, since
        Textual's screen update fires before the message reaches the app). If nothing
        paints them within ``HIGHLIGHT_FALLBACK_DELAY``, a timer does.
        """
        super().watch_highlighted(new)
        if not self.is_mounted:
            return  # the first paint draws every row
        self._unpainted.update(index for index in (old, new) if index is not None)
        if self._fallback is None:
            self._fallback = self.set_timer(HIGHLIGHT_FALLBACK_DELAY, self._fallback_paint,
                                            name="sidebar-highlight")

    def watch__mouse_hovering_over(self, old: int | None, new: int | None) -> None:
        """Repaint the rows the mouse left and entered (their hover background)."""
        for index in (old, new):
            if index is not None:
                self.refresh_option(index)

    def paint_highlight(self) -> None:
        """Repaint the rows whose highlight changed since they were last painted."""
        if self._fallback is not None:
            self._fallback.stop()
            self._fallback = None
        unpainted, self._unpainted = self._unpainted, set()
        for index in unpainted:
            self.refresh_option(index)

    def _fallback_paint(self) -> None:
        self._fallback = None  # this timer has fired: nothing to stop
        self.paint_highlight()

    def refresh_option(self, index: int) -> None:
        """Repaint the rows of the option at ``index`` only (those on screen)."""
        # _index_to_line / _heights: OptionList's (private) line map, content line numbers.
        line = self._index_to_line.get(index)
        if line is not None:
            self.refresh_lines(line, self._heights[index])  # minus the scroll offset

    def _update_prompt(self, pane_id: str) -> None:
        """Rebuild the prompt of ``pane_id`` and repaint its row only.

        ``replace_option_prompt`` would clear every cached row and repaint the whole
        list; this drops the cached rendering of that option alone. If the new prompt
        takes a different number of rows, the list is laid out and repainted in full.
        """
        index = self.get_option_index(pane_id)
        option = self.options[index]
        height = self._heights.get(index)
        option._set_prompt(self._prompt(pane_id))  # private: what replace_option_prompt uses
        cache = self._option_render_cache  # private: rendered rows, keyed (option, style, ..)
        for key in [key for key in cache.keys() if key[0] is option]:
            cache.discard(key)
        self._line_cache.clear()  # private: recomputed (cheaply) on next use
        if height is None or self._heights.get(index) != height:
            self._clear_caches()  # not laid out yet, or the row count changed: everything
        else:
            self.refresh_option(index)
