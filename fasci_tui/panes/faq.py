"""The FAQ: a search box over an accordion of questions.

Typing filters the questions as you go (typos are forgiven, see ``content.search``) and
marks what matched in bold underline. Enter opens or closes the highlighted question's
answer; ``g`` opens the nutrient an answer is about. Keys: ``/`` search, ↓ from the box
into the results, ↑ from the first result back, Esc in the box clears it (when it is
already empty, Esc goes on to the app, which returns to the sidebar).

A big FAQ (over :attr:`FaqPane.INLINE_LIMIT` questions) is indexed in a background
thread: the status line says "Indexing N questions…" until the index is ready, then the
search box's text is searched. A search takes a few milliseconds even over 20,000
questions, so it runs in the key's handler: the box and its results share a frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from fasci_tui.content.model import Content, FaqEntry
from fasci_tui.content.search import FaqIndex, Results, unfiltered
from fasci_tui.content.search_words import query_words
from fasci_tui.panes.base import Pane
from fasci_tui.panes.faq_choice import OpensPlaces
from fasci_tui.panes.faq_find import FindAndCopy
from fasci_tui.panes.faq_prompt import Prompts
from fasci_tui.panes.faq_widgets import FaqList, FaqSearch, status_text
from fasci_tui.target import Target
from fasci_tui.widgets.static_text import show_text


class FaqPane(OpensPlaces, FindAndCopy, Pane, Widget):
    """Search box, status line and the questions, each opening to its answer.

    Public: :meth:`search` (deep links), :meth:`focus_search`, :meth:`enter`,
    :meth:`reveal`; read-only :attr:`search_text`, :attr:`shown_ids`, :attr:`open_ids`.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", tooltip="Search questions and answers"),
        Binding("g", "go_nutrient", "Open",
                tooltip="Open the nutrient or page the highlighted answer names"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"faq-pane--match", "faq-pane--about"}

    INLINE_LIMIT: ClassVar[int] = 2000
    """Up to this many entries the index is built at once; beyond, in a background
    thread (the UI stays responsive while a big FAQ is indexed)."""

    MAX_SHOWN: ClassVar[int] = 100
    """At most this many questions are listed; the status line says when there are more."""

    def __init__(self, content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = content
        self._prompts = Prompts(content)
        small = len(content.faq) <= self.INLINE_LIMIT
        self._index = FaqIndex(content.faq, content.nutrients, content.pages) if small else None
        self._results = Results([], 0)
        self._open: set[str] = set()
        self._shown_query: str | None = None  # None: not shown yet (or still indexing)
        self._pending_query: str | None = None
        self._pending_reveal: str | None = None
        self._just_revealed = False
        self._ready = False  # composed and mounted: the search box can be used

    @property
    def search_text(self) -> str:
        """The text in the search box."""
        return self._input.value if self._ready else (self._pending_query or "")

    @property
    def shown_ids(self) -> list[str]:
        """The ids of the questions listed, in order."""
        return [hit.entry_id for hit in self._results.hits]

    @property
    def indexing(self) -> bool:
        """True while a big FAQ is still being indexed for search."""
        return self._index is None

    @property
    def open_ids(self) -> set[str]:
        """The ids of the questions whose answers are open."""
        return set(self._open)

    def search(self, text: str) -> None:
        """Put ``text`` in the search box and filter by it (also before mounting)."""
        if not self._ready:
            self._pending_query = text
            return
        self._input.value = text
        self._input.cursor_position = len(text)
        self._filter()  # (the box filters only when its text changes)

    def apply(self, target: Target) -> None:
        """A deep link's search (``faq --search b12``)."""
        if target.faq_search is not None:
            self.search(target.faq_search)

    def focus_search(self) -> None:
        """Focus the search box (at once: the next key of a burst goes there)."""
        self._focus(self._input)

    def focus_results(self) -> None:
        """Focus the list of questions, if any are shown (at once, too)."""
        if self._results.hits:
            self._focus(self._list)

    def _focus(self, widget: Widget) -> None:
        """Focus ``widget`` now (Widget.focus waits behind the keys already read)."""
        self.screen.set_focus(widget)
        if self.screen.focused is not widget:  # not focusable yet (styles pending)
            widget.focus()

    def enter(self) -> None:
        """Move focus into the pane: the search box (the list, just after a reveal)."""
        if self._just_revealed:
            self._just_revealed = False
            self.focus_results()
        else:
            self.focus_search()

    def reveal(self, item: str) -> None:
        """Open and highlight the question ``item`` (clearing the search if it hides it)."""
        if item not in self._prompts.entries:
            return
        self._open.add(item)
        if not self._ready or item not in self.shown_ids:
            self._pending_reveal = item  # shown with the cleared search's results (_show)
            if self._ready:
                self.search("")
            return
        self._redraw(item)
        self._list.highlighted = self._list.get_option_index(item)
        self._list.focus()
        self._just_revealed = True
        self.call_after_refresh(self._list.scroll_to_highlight)

    def compose(self) -> ComposeResult:
        """Search box, status line, questions."""
        self._input = FaqSearch(self._search_changed, self.focus_results,
                                placeholder="Search questions and answers", id="faq-search")
        self._list = FaqList(self.focus_search, id="faq-list", markup=False)
        yield self._input
        yield Static(id="faq-status", markup=False)
        yield self._list

    def on_mount(self) -> None:
        """List every question (or the deep link's search), then any pending reveal."""
        self._ready = True
        self.watch(self.app, "theme", self._restyle)
        query, self._pending_query = self._pending_query, None
        if query and self._pending_reveal is None:
            self.search(query)
        else:
            self._filter()
        if self._index is None:  # a big FAQ: index it in the background
            self._build_index()

    def _search_changed(self) -> None:
        """The search box's text changed: show its results (the box calls this)."""
        if self._ready:
            self._filter()

    def _filter(self) -> None:
        """Show the results for what is in the box now (none yet while a big FAQ is
        still being indexed: they follow when the index is ready)."""
        query = self._input.value
        if query == self._shown_query:
            return
        if not query_words(query):
            self._show(query, unfiltered(self._content.faq, self.MAX_SHOWN))
        elif self._index is None:
            self._show(query, Results([], 0), waiting=True)
        else:
            self._show(query, self._index.search(query, self.MAX_SHOWN))

    @work(thread=True, exclusive=True, group="faq-index")
    def _build_index(self) -> None:
        """Index a big FAQ in a thread, then hand the index to the UI thread."""
        index = FaqIndex(self._content.faq, self._content.nutrients,
                         self._content.pages)
        if not get_current_worker().is_cancelled:
            try:
                self.app.call_from_thread(self._indexed, index)
            except RuntimeError:  # the app stopped meanwhile
                pass

    def _indexed(self, index: FaqIndex) -> None:
        """The index is ready: search for what the box holds now."""
        self._index = index
        if self.is_attached:
            self._shown_query = None
            self._filter()

    def _show(self, query: str, found: Results, waiting: bool = False) -> None:
        """List ``found``, the best match highlighted; ``waiting``: no results yet, the
        index is being built."""
        options = self._list
        self._shown_query, self._results = None if waiting else query, found
        options.set_options([Option(self._prompts.prompt(options, hit, hit.entry_id in self._open),
                                    id=hit.entry_id) for hit in found.hits])
        ids = self.shown_ids
        if ids:
            options.highlighted = 0
        self.set_class(waiting, "-indexing")
        self.set_class(not ids and not waiting, "-no-match")
        self._status(query)
        self.refresh_bindings()
        if self._pending_reveal in ids:
            item, self._pending_reveal = self._pending_reveal, None
            self.reveal(item)

    def _status(self, query: str) -> None:
        """Say how many questions match ``query`` (or that none does)."""
        text = status_text(query, len(self._content.faq), self._results.total,
                           len(self._results.hits), self._index is None)
        show_text(self.query_one("#faq-status", Static), text)

    def _restyle(self) -> None:
        """Take the marks' styles from the theme and redraw every question."""
        style = self.get_component_rich_style
        self._prompts.match_style = style("faq-pane--match", partial=True)
        self._prompts.about_style = style("faq-pane--about", partial=True)
        for entry_id in self.shown_ids:
            self._redraw(entry_id)

    def _redraw(self, entry_id: str) -> None:
        """Draw one listed question again (opened or closed)."""
        hit = next(hit for hit in self._results.hits if hit.entry_id == entry_id)
        prompt = self._prompts.prompt(self._list, hit, entry_id in self._open)
        self._list.replace_option_prompt(entry_id, prompt)

    @on(OptionList.OptionSelected, "#faq-list")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        """Enter or Space on a question opens or closes its answer."""
        event.stop()
        if event.option.id is not None:
            self._open.symmetric_difference_update({event.option.id})
            self._redraw(event.option.id)
            self.call_after_refresh(self._list.scroll_to_highlight)

    @on(OptionList.OptionHighlighted, "#faq-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``g`` only when the highlighted answer is about a nutrient; ``/`` (in the
        footer) only when the search box does not have focus."""
        if action == "go_nutrient":
            if self._ready and self._input.has_focus:  # g types a g: the footer stays put
                return None
            entry = self._highlighted_entry()
            return bool(entry and self._targets(entry)) or None
        if action == "focus_search":
            return not (self._ready and self._input.has_focus)
        return True

    def _highlighted_entry(self) -> FaqEntry | None:
        option = self._list.highlighted_option if self._ready else None
        return self._prompts.entries.get(option.id or "") if option is not None else None

    def action_focus_search(self) -> None:
        """``/``: focus the search box."""
        self.focus_search()
