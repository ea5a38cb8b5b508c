"""The FAQ: a search box over an accordion of questions.

Typing filters the questions as you go (typos are forgiven, see
``fasci_tui.content.search``) and marks what matched in bold underline. Enter opens
or closes the highlighted question's answer; ``g`` opens the nutrient an answer is
about. Keys: ``/`` search, ↓ from the search into the results, ↑ from the first
result back to the search, Esc in the search clears it (when it is already empty,
Esc goes on to the app, which returns to the sidebar).

A big FAQ (over :attr:`FaqPane.INLINE_LIMIT` questions) is indexed and searched in a
background thread: the status line says "Indexing N questions…" until the index is
ready, and only results for what is in the search box now are ever shown. Prompts are
built and measured lazily, so a keystroke costs the search plus drawing what is visible.

Over SSH every byte and frame counts: a key press is searched as the box's text
changes, so the box, the status line and the results go out in one frame, with no
layout unless the status line changes height, and only lines that changed are sent
(:class:`ChangedLinesOnly`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from fasci_tui.content.model import Content, FaqEntry
from fasci_tui.content.search import FaqIndex, Hit, Span, query_tokens, unfiltered
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.places import nutrient_place
from fasci_tui.target import Target
from fasci_tui.widgets.static_text import show_text

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.style import Style as VisualStyle

CLOSED, OPEN = "▸", "▾"
"""Markers before a question: its answer is hidden / shown."""
PROMPT_INDENT = 2
"""Columns before a question's text: the marker and a space."""


def no_match_message(query: str) -> str:
    """What the pane says when nothing matches ``query``."""
    return (f'No question or answer matches "{query.strip()}". '
            "Try fewer or different words; Esc clears the search.")


def styled(text: str, spans: Sequence[Span], style: Style) -> Text:
    """``text`` as Rich text with ``style`` over each span."""
    result = Text(text)
    for start, end in spans:
        result.stylize(style, start, end)
    return result


def marked(marker: str, body: RenderableType) -> Table:
    """``body`` beside ``marker``, which gets a column of its own (and a space)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(marker, body)
    return grid


class MarkedText:
    """What :func:`marked` draws for a text body, without the cost of a Rich table.

    A closed question is one marker and one :class:`~rich.text.Text`: wrapping the text
    directly gives the same segments as laying out a grid several times faster, and
    typing redraws every visible question. Anything unusual (tabs, a very narrow width)
    is left to the grid.
    """

    def __init__(self, marker: str, body: Text) -> None:
        self.marker = marker
        self.body = body

    def grid(self) -> Table:
        """The same as a grid (:func:`marked`)."""
        return marked(self.marker, self.body)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.body.plain
        widest = max(cell_len(line) for line in plain.split("\n"))
        if options.max_width <= PROMPT_INDENT or not widest or "\t" in plain:
            yield self.grid()
            return
        column = min(options.max_width - PROMPT_INDENT, widest)
        lines = console.render_lines(self.body, options.update(
            width=column, height=None, justify="left", overflow="ellipsis", no_wrap=False,
            highlight=False))
        indent = Segment(" " * PROMPT_INDENT, Style())
        first = [Segment(self.marker), Segment(" " * (PROMPT_INDENT - 1), Style())]
        newline = Segment.line()
        for number, line in enumerate(lines):
            yield from first if number == 0 else (indent,)
            yield from line
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.grid())


if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object  # not a DOM node: Textual's CSS follows a class's first DOM base


class ChangedLinesOnly(_WidgetMixin):
    """Mixin (listed before the widget class) that repaints only the lines that changed.

    Textual repaints every line of a widget (its border and blank lines too) whenever it
    is refreshed without regions, as a search box is for each key and a list for each
    new set of results. Here such a refresh first keeps the lines last drawn; just
    before the screen is painted, the widget's lines are drawn afresh (the compositor
    then reuses them), compared with those, and only the lines that differ (and any
    that were already waiting) are repainted: unchanged lines cost no bytes.

    Only a plain repaint is narrowed so. While the screen is being laid out, once the
    widget has been hidden, or when anything else drew the widget in between (the
    screen repainting the area, a mouse query), all of it is repainted, as Textual does.
    Not for containers: showing or hiding children relies on their repaint.
    """

    _drawn_before: tuple[Size, dict[int, Strip], set[Region]] | bool | None = None
    """None; or (size, lines, waiting repaints) kept when a full repaint was asked for;
    or False: repaint all of it next time (the kept lines may not be on screen)."""
    _diffing = False

    def _set_dirty(self, *regions: Region) -> None:
        if not regions and self._drawn_before is None:
            drawn = self._styles_cache._cache
            if drawn:
                self._drawn_before = (self.outer_size, dict(drawn), set(self._repaint_regions))
        super()._set_dirty(*regions)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The widget's lines (drawn by anything but this mixin: forget the kept lines)."""
        if self._drawn_before is not None and not self._diffing:
            self._drawn_before = False
        return super().render_lines(crop)

    def post_message(self, message: Message) -> bool:
        """Note when the widget is hidden: what is on screen there is then unknown."""
        if isinstance(message, events.Hide):
            self._drawn_before = False
        return super().post_message(message)

    def _exchange_repaint_regions(self) -> Collection[Region]:
        regions = super()._exchange_repaint_regions()
        before, self._drawn_before = self._drawn_before, None
        if not isinstance(before, tuple):
            return regions
        size, drawn, waiting = before
        screen = self.screen
        compositor = screen._compositor
        # Asking where the widget is while a layout is pending would rebuild the
        # compositor's map early, and the layout would then miss what moved: frames that
        # lay out are left alone, and the place is read from the map being painted.
        placed = compositor.visible_widgets.get(self)
        if (screen._layout_required or compositor._full_map_invalidated or placed is None
                or placed[0].size != size or self.outer_size != size
                or set(regions) != {size.region}):
            return regions
        self._diffing = True
        try:
            self.render_lines(size.region)  # now cached for the compositor
        finally:
            self._diffing = False
        now = self._styles_cache._cache
        repaint: list[Region] = list(waiting)
        first: int | None = None
        for y in range(size.height + 1):
            same = y == size.height or now.get(y) == drawn.get(y)
            if not same and first is None:
                first = y
            elif same and first is not None:
                repaint.append(Region(0, first, size.width, y - first))
                first = None
        return repaint


class FaqSearch(ChangedLinesOnly, Input):
    """The FAQ's search box: ↓ moves to the results, Esc clears what was typed.

    The results follow the text at once (see :meth:`watch_value`), so that a key press
    redraws the box, the status line and the results in one frame.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "results", "Results",
                tooltip="From the search box down into the questions"),
        Binding("escape", "clear_search", "Clear",
                tooltip="In the search box: clear it (when it is empty: back to the sidebar)"),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The width of the text. Input lays the whole screen out again when it changes; the
    box's own size never depends on it, so here it only updates the scroll limits."""

    def watch_virtual_size(self, size: Size) -> None:
        """Keep the horizontal scroll within the text (what the layout pass did)."""
        self._scroll_update(size)

    def __init__(self, on_change: Callable[[], None] | None = None, **kwargs: Any) -> None:
        """``on_change`` is called as soon as the text changes (before it is drawn)."""
        super().__init__(**kwargs)
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        """Let the pane filter for the new text before the box is drawn again.

        Input.Changed would reach the pane a frame later: the box would be drawn first
        and the results in a frame of their own.
        """
        if self._on_change is not None:
            self._on_change()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc only clears (and the footer only offers it) while there is text."""
        if action == "clear_search":
            return bool(self.value)
        return super().check_action(action, parameters)

    def action_results(self) -> None:
        """↓: move to the questions (when there are any)."""
        self.query_ancestor(FaqPane).focus_results()

    def action_clear_search(self) -> None:
        """Esc: clear the search; when it is already empty, let Esc go on to the app."""
        if not self.value:
            raise SkipAction()
        self.clear()


class FaqList(ChangedLinesOnly, OptionList):
    """The questions; the highlighted one opens and closes with Enter or Space."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open/close", tooltip="Open or close the answer"),
        Binding("space", "select", "Open/close", show=False, tooltip="Open or close the answer"),
        Binding("up", "cursor_up", "Up", show=False,
                tooltip="Up (from the first question: to the search box)"),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """How many lines the questions take. OptionList updates its scrollbar itself when
    this changes (a scrollbar appearing still lays the list out), so no layout pass of
    the whole screen is needed for each new set of results."""

    def action_cursor_up(self) -> None:
        """Move up; from the first question, up to the search box."""
        if not self.highlighted:
            self.query_ancestor(FaqPane).focus_search()
            return
        super().action_cursor_up()


class FaqStatus(ChangedLinesOnly, Static):
    """The status line under the search box (how many questions match)."""

    def say(self, text: str) -> None:
        """Show ``text``; the pane is laid out again only if it takes more or fewer lines."""
        show_text(self, text)


class NutrientChoice(ModalScreen[str | None]):
    """Pick one of an answer's nutrients to open (Enter), or cancel (Esc)."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel",
                tooltip="In the nutrient chooser: close without opening one"),
    ]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._question = question
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        """A title over a list of the nutrient names."""
        with Vertical(id="faq-choice-box"):
            yield Static("Open which nutrient?", id="faq-choice-title")
            yield Static(self._question, id="faq-choice-question", markup=False)
            yield OptionList(*(Option(Text(name), id=nutrient_id)
                               for nutrient_id, name in self._choices), id="faq-choice-list")
            yield Static("Enter opens · Esc cancels", id="faq-choice-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: close with the chosen nutrient's id."""
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Esc: close without a choice."""
        self.dismiss(None)


class _Prompt(Visual):
    """One question of the list (with its answer when open), made and measured lazily.

    The option list asks every option for its height but draws only the visible ones:
    a closed question's height comes from wrapping its text (cached by the pane), and
    the Rich renderable is only made for the options actually drawn.
    """

    def __init__(self, pane: FaqPane, options: OptionList, hit: Hit, is_open: bool) -> None:
        self._pane = pane
        self._options = options
        self._hit = hit
        self._open = is_open
        self._visual: RichVisual | None = None

    def _rich(self) -> RichVisual:
        if self._visual is None:
            self._visual = RichVisual(self._options, self._pane._prompt(self._hit, self._open))
        return self._visual

    def render_strips(self, width: int, height: int | None, style: VisualStyle,
                      options: RenderOptions) -> list[Strip]:
        return self._rich().render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._rich().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = None
        if not self._open and width > PROMPT_INDENT:
            height = self._pane._question_height(self._hit.entry_id, width - PROMPT_INDENT)
        return self._rich().get_height(rules, width) if height is None else height


class FaqPane(Pane, Widget):
    """Search box, status line and the questions, each opening to its answer.

    Public: :meth:`search` (deep links), :meth:`focus_search`, :meth:`enter`,
    :meth:`reveal`; read-only :attr:`search_text`, :attr:`shown_ids`, :attr:`open_ids`.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", tooltip="Search questions and answers"),
        Binding("g", "go_nutrient", "Nutrient",
                tooltip="Open the nutrient the highlighted answer is about"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "faq-pane--match",
        "faq-pane--about",
    }

    INLINE_LIMIT: ClassVar[int] = 2000
    """Up to this many entries the index is built and searched at once; beyond, in a
    background thread (the UI stays responsive while a big FAQ is indexed)."""

    MAX_SHOWN: ClassVar[int] = 100
    """At most this many questions are listed; the status line says when there are more."""

    def __init__(self, content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = content
        self._entries = {entry.id: entry for entry in content.faq}
        self._index: FaqIndex | None = None
        if len(content.faq) <= self.INLINE_LIMIT:
            self._index = FaqIndex(content.faq, content.nutrients)
        self._names = {n.id: n.name for n in content.nutrients}
        self._hits: Sequence[Hit] = ()
        self._open: set[str] = set()
        self._shown_query: str | None = None
        self._wanted = ""  # what the search box holds (read by the background thread)
        self._busy = False  # the background thread is indexing or searching
        self._heights: dict[tuple[str, int], int] = {}
        self._pending_query: str | None = None
        self._pending_reveal: str | None = None
        self._just_revealed = False
        self._ready = False

    # -- public API ---------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        """The text in the search box."""
        return self._input.value if self._ready else (self._pending_query or "")

    @property
    def shown_ids(self) -> list[str]:
        """The ids of the questions listed, in order."""
        return [hit.entry_id for hit in self._shown()]

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
        self._filter()

    def apply(self, target: Target) -> None:
        """A deep link's search (``faq --search b12``)."""
        if target.faq_search is not None:
            self.search(target.faq_search)

    def focus_search(self) -> None:
        """Focus the search box."""
        self._input.focus()

    def focus_results(self) -> None:
        """Focus the list of questions, if any are shown."""
        if self._hits:
            self._list.focus()

    def enter(self) -> None:
        """Move focus into the pane: the search box (the list, just after a reveal)."""
        if self._just_revealed:
            self._just_revealed = False
            self.focus_results()
        else:
            self.focus_search()

    def reveal(self, item: str) -> None:
        """Open and highlight the question ``item`` (clearing the search if it hides it)."""
        if item not in self._entries:
            return
        self._open.add(item)
        if not self._ready or item not in self.shown_ids:
            # Shown when the (cleared) search's results arrive: see _show.
            self._pending_reveal = item
            if self._ready:
                self.search("")
            return
        options = self._list
        self._render_option(item)
        options.highlighted = options.get_option_index(item)
        options.focus()
        self._just_revealed = True
        self.call_after_refresh(options.scroll_to_highlight)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Search box, status line, questions."""
        yield FaqSearch(on_change=self._search_changed,
                        placeholder="Search questions and answers", id="faq-search")
        yield FaqStatus(id="faq-status", markup=False)
        yield FaqList(id="faq-list", markup=False)

    def on_mount(self) -> None:
        """List every question (or the deep link's search), then any pending reveal."""
        self._ready = True
        self.watch(self.app, "theme", self._rerender, init=False)
        query, self._pending_query = self._pending_query, None
        if query and self._pending_reveal is None:
            self.search(query)
        else:
            self._filter()
        if self._index is None and not self._busy:  # a big FAQ: index it in the background
            self._busy = True
            self._search_in_thread()

    @property
    def _input(self) -> FaqSearch:
        return self.query_one("#faq-search", FaqSearch)

    @property
    def _list(self) -> FaqList:
        return self.query_one("#faq-list", FaqList)

    @property
    def _status_line(self) -> FaqStatus:
        return self.query_one("#faq-status", FaqStatus)

    # -- searching ----------------------------------------------------------------------

    @on(Input.Changed, "#faq-search")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # already filtered: see _search_changed

    def _search_changed(self) -> None:
        """The search box's text changed: show its results (the box calls this)."""
        if self._ready:
            self._filter()
            self.refresh_bindings()  # Esc clears only while there is text

    @on(Input.Submitted, "#faq-search")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box moves to the results."""
        event.stop()
        if self._hits:
            self._list.focus()

    def _filter(self) -> None:
        """Show the results for what is in the box now.

        An empty query needs no index. A small FAQ is searched at once; a big one in
        the background thread (which first builds the index): one thread at most, which
        keeps going while the box changes under it and only ever delivers results for
        what the box holds (see :meth:`_deliver`), so typing never queues up searches.
        """
        query = self._input.value
        self._wanted = query
        if query == self._shown_query:
            return
        if not query_tokens(query):
            self._show(query, unfiltered(self._content.faq, self.MAX_SHOWN))
        elif self._index is not None and len(self._index) <= self.INLINE_LIMIT:
            self._show(query, self._index.search(query))
        else:
            if self._index is None:
                self._show_indexing(query)
            if not self._busy:
                self._busy = True
                self._search_in_thread()

    @work(thread=True, group="faq-search")
    def _search_in_thread(self) -> None:
        """Index (when not done yet), then search until the results are up to date."""
        worker = get_current_worker()
        index = self._index
        if index is None:
            index = FaqIndex(self._content.faq, self._content.nutrients)
            if worker.is_cancelled or not self._on_ui(self._indexed, index):
                return
        while not worker.is_cancelled:
            query = self._wanted
            hits = None
            if query != self._shown_query:
                hits = index.search(query)  # its first FaqIndex.FIRST hits are made here
            if worker.is_cancelled or self._on_ui(self._deliver, query, hits) is not False:
                return

    def _on_ui(self, callback: Callable[..., bool], *args: Any) -> bool | None:
        """From the thread: run ``callback`` on the UI thread; None if the app stopped."""
        try:
            return self.app.call_from_thread(callback, *args)
        except RuntimeError:
            return None

    def _indexed(self, index: FaqIndex) -> bool:
        """The background thread built the index (and goes on to search)."""
        self._index = index
        if self._ready and self.is_attached and self._shown_query is not None:
            self._status(self._shown_query, len(self._hits), len(self._shown()))
        return True

    def _deliver(self, query: str, hits: Sequence[Hit] | None) -> bool:
        """Show the thread's results if still current; True when it may stop."""
        if not (self._ready and self.is_attached):
            self._busy = False
            return True
        if hits is not None:
            self._show_if_current(query, hits)
        if self._shown_query == self._input.value:
            self._busy = False
            return True
        return False

    def _show_if_current(self, query: str, hits: Sequence[Hit]) -> None:
        """Show a worker's results unless the search box has changed since."""
        if self._ready and query == self._input.value:
            self._show(query, hits)

    def _shown(self) -> Sequence[Hit]:
        return self._hits[: self.MAX_SHOWN]

    def _show_indexing(self, query: str) -> None:
        """No results yet: the big FAQ is still being indexed."""
        self._shown_query = None
        self._hits = ()
        self._list.clear_options()
        self.set_class(False, "-no-match")
        self.set_class(True, "-indexing")
        self._status_line.say(
            f'Indexing {len(self._content.faq)} questions… '
            f'results for "{query.strip()}" follow.')
        self.refresh_bindings()

    def _show(self, query: str, hits: Sequence[Hit]) -> None:
        options = self._list
        previous = options.highlighted_option
        keep = previous.id if previous is not None else None
        self._shown_query = query
        self._hits = hits
        shown = self._shown()
        if len(self._heights) > 20 * self.MAX_SHOWN:
            self._heights.clear()
        options.set_options([Option(self._option_prompt(hit), id=hit.entry_id)
                             for hit in shown])
        ids = [hit.entry_id for hit in shown]
        if shown:
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.set_class(False, "-indexing")
        self.set_class(not shown, "-no-match")
        self._status(query, len(hits), len(shown))
        self.refresh_bindings()
        if self._pending_reveal in ids:
            item, self._pending_reveal = self._pending_reveal, None
            self.reveal(item)

    def _status(self, query: str, found: int, shown: int) -> None:
        total = len(self._content.faq)
        if not query.strip() and self._index is None:
            text = f"{total} questions (indexing them for search…). Enter opens one."
        elif not query.strip():
            text = f"{total} questions. Type to search; Enter opens one."
        elif not found:
            text = no_match_message(query)
        elif shown < found:
            text = (f'{found} of {total} questions match "{query.strip()}"; '
                    f"showing the first {shown}. Type more to narrow.")
        else:
            noun = "question matches" if found == 1 else "questions match"
            text = f'{found} of {total} {noun} "{query.strip()}".'
        self._status_line.say(text)

    # -- rendering ----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _question_height(self, entry_id: str, width: int) -> int | None:
        """How many lines a question takes, wrapped to ``width`` (cached).

        None for a question with tabs (measure its renderable instead).
        """
        key = (entry_id, width)
        height = self._heights.get(key)
        if height is None:
            question = self._entries[entry_id].question
            if "\t" in question:
                return None
            lines = Text(question).wrap(self.app.console, width, justify="left",
                                        overflow="ellipsis")
            height = self._heights[key] = len(lines)
        return height

    def _prompt(self, hit: Hit, is_open: bool) -> RenderableType:
        """A question (and, when open, its answer and nutrients) as one renderable."""
        entry = self._entries[hit.entry_id]
        match = self._style("faq-pane--match")
        question = styled(entry.question, hit.question_spans, match)
        body: list[RenderableType] = [question]
        if is_open:
            body.append(styled(entry.answer, hit.answer_spans, match))
            about = self._about(entry)
            if about:
                body.append(Text(about, style=self._style("faq-pane--about")))
            body.append(Text(""))
        if not is_open:
            return MarkedText(CLOSED, question)
        return marked(OPEN, Group(*body))

    def _about(self, entry: FaqEntry) -> str:
        names = [self._names.get(tag, tag) for tag in entry.tags]
        if not names:
            return ""
        how = "g opens it" if len(names) == 1 else "g opens one"
        return f"About: {', '.join(names)} ({how})"

    def _option_prompt(self, hit: Hit) -> _Prompt:
        return _Prompt(self, self._list, hit, hit.entry_id in self._open)

    def _render_option(self, entry_id: str) -> None:
        hit = next((h for h in self._shown() if h.entry_id == entry_id), None)
        if hit is None:
            return
        self._list.replace_option_prompt(entry_id, self._option_prompt(hit))

    def _rerender(self) -> None:
        """Rebuild every prompt (styles come from the theme)."""
        for hit in self._shown():
            self._list.replace_option_prompt(hit.entry_id, self._option_prompt(hit))

    # -- actions ------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#faq-list")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        """Enter or Space on a question opens or closes its answer."""
        event.stop()
        entry_id = event.option.id
        if entry_id is None:
            return
        self._open.symmetric_difference_update({entry_id})
        self._render_option(entry_id)
        self.call_after_refresh(self._list.scroll_to_highlight)

    @on(OptionList.OptionHighlighted, "#faq-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    def _highlighted_entry(self) -> FaqEntry | None:
        if not self._ready:
            return None
        option = self._list.highlighted_option
        return self._entries.get(option.id) if option is not None and option.id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``g`` is only offered when the highlighted question concerns a nutrient."""
        if action == "go_nutrient":
            entry = self._highlighted_entry()
            return bool(entry and entry.tags) or None
        if action == "focus_search":  # not offered while typing in the search box
            return not (self._ready and self._input.has_focus)
        return True

    def action_focus_search(self) -> None:
        """``/``: focus the search box."""
        self.focus_search()

    def action_go_nutrient(self) -> None:
        """``g``: open the highlighted answer's nutrient (asking which, if several)."""
        entry = self._highlighted_entry()
        if entry is None or not entry.tags:
            return
        if len(entry.tags) == 1:
            self.post_message(Navigate(nutrient_place(entry.tags[0])))
            return
        choices = [(tag, self._names.get(tag, tag)) for tag in entry.tags]

        def chosen(nutrient_id: str | None) -> None:
            if nutrient_id:
                self.post_message(Navigate(nutrient_place(nutrient_id)))

        self.app.push_screen(NutrientChoice(entry.question, choices), chosen)
