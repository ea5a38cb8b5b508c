"""How the FAQ list draws one question: a marker, the question with what matched marked
and, when open, the answer and the nutrients it is about.

The option list asks every option for its height but draws only the visible ones, and
typing lists up to a hundred questions per key: so a closed question's height comes from
wrapping its text (cached per width), and its Rich renderable is made only when drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget

from fasci_tui.content.model import EVIDENCE_SHORT, Content, FaqEntry
from fasci_tui.content.search import Hit
from fasci_tui.content.search_words import Span

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.style import Style as VisualStyle

CLOSED, OPEN = "▸", "▾"
"""Markers before a question: its answer is hidden / shown."""
PROMPT_INDENT = 2
"""Columns before a question's text: the marker and a space."""


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
    """What :func:`marked` draws for a text body, several times faster than a Rich table
    (typing redraws every visible question). Tabs or a very narrow width: the grid."""

    def __init__(self, marker: str, body: Text) -> None:
        self.marker = marker
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.body.plain
        widest = max(cell_len(line) for line in plain.split("\n"))
        if options.max_width <= PROMPT_INDENT or not widest or "\t" in plain:
            yield marked(self.marker, self.body)
            return
        lines = console.render_lines(self.body, options.update(
            width=min(options.max_width - PROMPT_INDENT, widest), height=None,
            justify="left", overflow="ellipsis", no_wrap=False, highlight=False))
        indent = Segment(" " * PROMPT_INDENT, Style())
        first = [Segment(self.marker), Segment(" " * (PROMPT_INDENT - 1), Style())]
        for number, line in enumerate(lines):
            yield from first if number == 0 else (indent,)
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, marked(self.marker, self.body))


class Prompts:
    """Makes the FAQ list's prompts from the content; the list's owner sets the styles
    (from its theme) in :attr:`match_style` and :attr:`about_style`."""

    def __init__(self, content: Content) -> None:
        self.entries = {entry.id: entry for entry in content.faq}
        self._names = {n.id: n.name for n in content.nutrients}
        self._pages = {p.id: p.title for p in content.pages}
        self._heights: dict[tuple[str, int], int] = {}
        self.match_style = Style(bold=True, underline=True)
        self.about_style = Style(italic=True)

    def name(self, nutrient_id: str) -> str:
        """A tagged nutrient's name (its id if the content has no such nutrient)."""
        return self._names.get(nutrient_id, nutrient_id)

    def page_title(self, page_id: str) -> str:
        """A see-also page's title (its id if the content has no such page)."""
        return self._pages.get(page_id, page_id)

    def about(self, entry: FaqEntry) -> str:
        """The line under an open answer naming its nutrients and the pages that say
        more ("" if none)."""
        names = [self.name(tag) for tag in entry.tags]
        pages = [self.page_title(page) for page in entry.see_also]
        parts = ([f"About: {', '.join(names)}"] if names else []) + (
            [f"See also: {'; '.join(pages)}"] if pages else [])
        how = "g opens it" if len(names) + len(pages) == 1 else "g opens one"
        return f"{'. '.join(parts)} ({how})" if parts else ""

    def renderable(self, hit: Hit, is_open: bool) -> RenderableType:
        """A question (and, when open, its answer and nutrients) as one renderable."""
        entry = self.entries[hit.entry_id]
        question = styled(entry.question, hit.question_spans, self.match_style)
        if not is_open:
            return MarkedText(CLOSED, question)
        answer = styled(entry.answer, hit.answer_spans, self.match_style)
        if entry.evidence:  # spelled out beside the claim, as on every page
            answer.append(f" [{EVIDENCE_SHORT[entry.evidence]}]", self.about_style)
        body: list[RenderableType] = [question, answer]
        if about := self.about(entry):
            body.append(Text(about, style=self.about_style))
        return marked(OPEN, Group(*body, Text("")))

    def question_height(self, entry_id: str, width: int, console: Console) -> int | None:
        """How many lines a question takes wrapped to ``width`` (None if it has tabs)."""
        key = (entry_id, width)
        if key not in self._heights:
            question = self.entries[entry_id].question
            if "\t" in question:
                return None
            if len(self._heights) > 5000:
                self._heights.clear()
            self._heights[key] = len(Text(question).wrap(
                console, width, justify="left", overflow="ellipsis"))
        return self._heights[key]

    def prompt(self, widget: Widget, hit: Hit, is_open: bool) -> LazyPrompt:
        """The prompt of ``hit`` for an option list ``widget``."""
        return LazyPrompt(self, widget, hit, is_open)


class LazyPrompt(Visual):
    """One question of the list, measured without drawing and made when first drawn."""

    def __init__(self, prompts: Prompts, widget: Widget, hit: Hit, is_open: bool) -> None:
        self._prompts, self._widget, self._hit, self._open = prompts, widget, hit, is_open
        self._visual: RichVisual | None = None

    def _rich(self) -> RichVisual:
        if self._visual is None:
            renderable = self._prompts.renderable(self._hit, self._open)
            self._visual = RichVisual(self._widget, renderable)
        return self._visual

    def render_strips(self, width: int, height: int | None, style: VisualStyle,
                      options: RenderOptions) -> list[Strip]:
        """Draw it (see :class:`~textual.visual.Visual`)."""
        return self._rich().render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Its natural width (see :class:`~textual.visual.Visual`)."""
        return self._rich().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Its height at ``width``: a closed question's without making it."""
        height = None
        if not self._open and width > PROMPT_INDENT:
            height = self._prompts.question_height(
                self._hit.entry_id, width - PROMPT_INDENT, self._widget.app.console)
        return self._rich().get_height(rules, width) if height is None else height
