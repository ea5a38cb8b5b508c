"""Find in page (ctrl+f): the matches of a text in a pane, and the bar that finds them.

Built once for every pane. :func:`find_in` looks through the widgets that show a
page's text: :class:`~fasci_tui.widgets.document.Document` lines (each match marked in
reverse video), table rows (``DataTable``) and list entries (``OptionList``); the
current match is scrolled to the middle, and in a table or list its row is highlighted.
A pane whose text is not all on show (the FAQ's closed answers) overrides
``Pane.find``/``Pane.show_match`` (panes/base.py) and uses these pieces.

Matching is case-insensitive, within one line as drawn (a phrase broken across two
wrapped lines is not found).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, ListItem, ListView, OptionList

from fasci_tui.widgets.document import Document


@dataclass(frozen=True)
class Match:
    """One match: in ``widget``, at line/row/option ``index``, characters ``start:end``."""

    widget: Widget
    index: int
    start: int = 0
    end: int = 0


def _plain(value: Any) -> str:
    """The text of a table cell or list prompt (str, Rich Text or Textual Content)."""
    return getattr(value, "plain", None) or str(value)


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` (lower case) occurs in ``text``, case-insensitively."""
    found, haystack, at = [], text.lower(), 0
    while needle and (at := haystack.find(needle, at)) >= 0:
        found.append((at, at + len(needle)))
        at += len(needle)
    return found


def find_in(root: Widget, text: str) -> list[Match]:
    """Every match of ``text`` in the displayed documents, tables and lists under ``root``,
    in screen order; the documents' matches are marked (an empty text clears the marks)."""
    needle = text.strip().lower()
    matches: list[Match] = []
    for widget in root.query("*"):
        if not widget.display:
            continue
        if isinstance(widget, Document):
            found = [Match(widget, line, start, end)
                     for line, plain in enumerate(widget.lines_plain())
                     for start, end in _spans(plain, needle)]
            widget.set_marks([(m.index, m.start, m.end) for m in found])
            matches += found
        elif isinstance(widget, DataTable):
            for row in range(widget.row_count):
                cells = "  ".join(_plain(cell) for cell in widget.get_row_at(row))
                matches += [Match(widget, row, s, e) for s, e in _spans(cells, needle)]
        elif isinstance(widget, OptionList):
            for index in range(widget.option_count):
                prompt = _plain(widget.get_option_at_index(index).prompt)
                matches += [Match(widget, index, s, e) for s, e in _spans(prompt, needle)]
    return matches


def table_row_markdown(table: DataTable[Any]) -> str:
    """The header and the cursor's row of ``table`` as a Markdown table (``y`` copies it)."""
    from fasci_tui.content.markdown import escape

    header = [escape(_plain(column.label)) for column in table.columns.values()]
    row = [escape(_plain(cell)) or " " for cell in table.get_row_at(table.cursor_row)]
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                      "| " + " | ".join(row) + " |"]) + "\n"


def clear_marks(root: Widget) -> None:
    """Remove the find marks from every document under ``root``."""
    for document in root.query(Document):
        document.set_marks([])


def _scroll_line_to_middle(widget: Widget, line: int) -> None:
    """Scroll the nearest scrolling ancestor so ``line`` of ``widget`` is mid-screen."""
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Widget) and ancestor.max_scroll_y > 0:
            target = widget.region.y + line
            middle = ancestor.content_region.y + ancestor.content_region.height // 2
            ancestor.scroll_to(y=ancestor.scroll_y + target - middle, animate=False,
                               immediate=True)
            return


def show_match(match: Match) -> None:
    """Bring ``match`` into view and mark it as the current one."""
    widget = match.widget
    if isinstance(widget, Document):
        widget.set_current_mark((match.index, match.start, match.end))
        for ancestor in widget.ancestors:  # a document in a list entry: highlight the entry
            if isinstance(ancestor, ListItem) and isinstance(ancestor.parent, ListView):
                ancestor.parent.index = ancestor.parent.children.index(ancestor)
                break
        _scroll_line_to_middle(widget, match.index)
    elif isinstance(widget, DataTable):
        widget.move_cursor(row=match.index, animate=False)
    elif isinstance(widget, OptionList):
        widget.highlighted = match.index


def count_text(current: int | None, total: int, text: str) -> str:
    """The bar's count: ``3 of 7``, ``7 found``, ``no match`` or nothing."""
    if not text.strip():
        return ""
    if total == 0:
        return "no match"
    return f"{current + 1} of {total}" if current is not None else f"{total} found"


class FindBar(Horizontal):
    """The find bar over the footer: a text box and the count.

    Typing finds as you go; Enter / shift+Enter (or ``n`` / ``N`` once Enter has moved
    the focus to the count) go to the next / previous match; ``/`` types again; Esc
    closes the bar and clears the marks. ``finder(text) -> total`` and
    ``shower(index)`` are the pane's ``find`` and ``show_match``.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("escape", "close", "Close find", show=True),
        Binding("enter", "next", "Next", show=False),
        Binding("shift+enter", "previous", "Previous", show=False),
    ]

    class Closed(Message):
        """The bar was closed (Esc)."""

    def __init__(self, finder: Callable[[str], int], shower: Callable[[int], None],
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.finder = finder
        self.shower = shower
        self.total = 0
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        """A label, the text box and the count (focusable, for n/N)."""
        yield Label("Find:", id="find-label")
        yield Input(placeholder="text in this page", id="find-input", select_on_focus=False)
        yield FindCount(id="find-count")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one(Input).focus()

    @property
    def text(self) -> str:
        """The text being looked for."""
        return self.query_one(Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        """Find as you type; the first match is shown."""
        event.stop()
        self.find_again()

    def find_again(self) -> None:
        """Find the text again (in the page now on show) and show the first match."""
        self.total = self.finder(self.text)
        self.current = None
        if self.total:
            self.move(1)
        self._count()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box: the next match, with the focus on the count (n / N work)."""
        event.stop()
        self.action_next()
        if self.total:
            self.query_one(FindCount).focus()

    def move(self, step: int) -> None:
        """Go ``step`` matches on (back when negative), round the end."""
        if not self.total:
            return
        self.current = (-1 if step > 0 else 0) if self.current is None else self.current
        self.current = (self.current + step) % self.total
        self.shower(self.current)
        self._count()

    def _count(self) -> None:
        self.query_one(FindCount).update(count_text(self.current, self.total, self.text))

    def action_next(self) -> None:
        """The next match."""
        self.move(1)

    def action_previous(self) -> None:
        """The previous match."""
        self.move(-1)

    def action_type(self) -> None:
        """Back to the text box."""
        self.query_one(Input).focus()

    def action_close(self) -> None:
        """Close the bar (the app removes it and clears the marks)."""
        self.post_message(self.Closed())


class FindCount(Label):
    """The count ("3 of 7"); focused after Enter, so that n and N move between matches."""

    can_focus = True
    BINDINGS = [
        Binding("n,enter", "next", "Next match", show=True),
        Binding("N,shift+n,shift+enter", "previous", "Previous match", show=True),
        Binding("slash,ctrl+f", "type", "Edit", show=True),
    ]

    def action_next(self) -> None:
        """The next match."""
        self._bar().action_next()

    def action_previous(self) -> None:
        """The previous match."""
        self._bar().action_previous()

    def action_type(self) -> None:
        """Back to the text box."""
        self._bar().action_type()

    def _bar(self) -> FindBar:
        bar = self.parent
        assert isinstance(bar, FindBar)
        return bar
