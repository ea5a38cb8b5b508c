"""A page of text blocks drawn by one widget, with hanging indents for list items.

A pane built from dozens of small Static widgets pays for each one in layout and style
work; a Document lays out all its blocks itself, wrapping each body to the width left
after its mark, so that wrapped lines of a list item stay indented under its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content, Span
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

_LOOKS_BLANK = frozenset({"bold", "b", "italic", "i", "dim", "d"})
"""Style words that do not show on a blank cell (with colours: ``$accent``, ``#e0e0e0``)."""


def _shows_on_blanks(style: Style | str) -> bool:
    """False if ``style`` draws a blank cell just like no style: only colour and weight."""
    if not isinstance(style, str):
        return True
    return not all(word in _LOOKS_BLANK or word.startswith(("$", "#")) for word in style.split())


def _inset_line(line: Content, inset: int, width: int) -> Content:
    """``line`` after ``inset`` blank cells, filled out with blanks to ``width``.

    The blanks take the style of the text beside them where that does not show on a
    blank (a colour, bold), so that the line is drawn in as few runs of cells as can be.
    """
    text = line.plain
    fill = max(0, width - inset - line.cell_length)
    spans = []
    for start, end, style in line.spans:
        plain = not _shows_on_blanks(style)
        spans.append(Span(0 if start == 0 and plain else start + inset,
                          end + inset + (fill if end == len(text) and plain else 0), style))
    return Content(" " * inset + text + " " * fill, spans, inset + line.cell_length + fill,
                   strip_control_codes=False)


WRAPPED_KEPT = 64
"""Wrapped documents kept for the whole process (past it the memory starts over)."""
_WRAPPED: dict[tuple[object, ...], tuple[list[Content], dict[str, int]]] = {}
"""The lines and anchors of blocks wrapped at a width, shared by every Document with the
same blocks: a page shown again, or, under ``serve ssh``, the overview each session's app
opens on, wrapped once in the zygote's rehearsal (some 5 ms of each first screen)."""


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or list item of a Document.

    ``mark`` (such as ``"• "`` or ``"[1] "``) is drawn before the first line and its
    width is kept as the indent of the following lines. ``style`` applies to the whole
    block; ``space_before`` adds blank lines above it; ``anchor`` names the block so a
    pane can scroll to it.

    ``tail`` (such as a bar and a percentage) makes a row of columns: it is drawn after
    the first line of the body, which then wraps in the width left beside it (at most
    ``wrap_at`` cells, so that on a wide page the tail stays near the body).
    """

    body: Content | str
    mark: Content | str = ""
    style: str = ""
    space_before: int = 0
    anchor: str | None = None
    tail: Content | str = ""
    wrap_at: int | None = None


class Document(Widget):
    """Blocks of text laid out in one widget; its height follows its content."""

    DEFAULT_CSS = """
    Document {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, blocks: Sequence[Block], *, inset: int = 0, **kwargs: object) -> None:
        """``inset`` leaves that many blank cells at both ends of every line.

        Unlike CSS padding, an inset is part of each line's text, and each line is
        filled out to the full width: a line is redrawn as one run of cells, which
        writes fewer bytes to the terminal than text with padding at both ends.
        """
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = tuple(blocks)
        self._inset = max(0, inset)
        self._cache: tuple[int, list[Content], dict[str, int]] | None = None
        self._marks: dict[int, list[tuple[int, int]]] = {}
        self._current_mark: tuple[int, int, int] | None = None

    def lines_plain(self) -> list[str]:
        """The lines as drawn at the current width, without styles (for find in page)."""
        return [line.plain for line in self._layout(max(1, self.content_size.width))[0]]

    def set_marks(self, marks: list[tuple[int, int, int]]) -> None:
        """Mark ``(line, start, end)`` spans (find in page); an empty list clears them."""
        grouped: dict[int, list[tuple[int, int]]] = {}
        for line, start, end in marks:
            grouped.setdefault(line, []).append((start, end))
        if grouped or self._marks:
            self._marks, self._current_mark = grouped, None
            self.refresh()

    def set_current_mark(self, mark: tuple[int, int, int] | None) -> None:
        """Draw the span ``(line, start, end)`` as the current match."""
        self._current_mark = mark
        self.refresh()

    def _marked(self, y: int, line: Content) -> Content:
        """Line ``y`` with its find marks."""
        for start, end in self._marks.get(y, ()):
            current = self._current_mark == (y, start, end)
            line = line.stylize("reverse bold underline" if current else "reverse", start, end)
        return line

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Replace the blocks and redraw."""
        self._blocks = tuple(blocks)
        self._cache = None
        self._marks, self._current_mark = {}, None
        self.refresh(layout=True)

    def _layout(self, width: int) -> tuple[list[Content], dict[str, int]]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
        key = (self._blocks, self._inset, width)
        known = _WRAPPED.get(key)
        if known is None:
            known = self._wrap(width)
            if len(_WRAPPED) >= WRAPPED_KEPT:
                _WRAPPED.clear()
            _WRAPPED[key] = known
        self._cache = (width, *known)
        return known

    def _wrap(self, width: int) -> tuple[list[Content], dict[str, int]]:
        """The blocks wrapped at ``width``: the lines, and the line of each anchor."""
        full_width, width = width, max(1, width - 2 * self._inset)
        lines: list[Content] = []
        anchors: dict[str, int] = {}
        for block in self._blocks:
            lines.extend(Content("") for _ in range(block.space_before))
            if block.anchor:
                anchors[block.anchor] = len(lines)
            mark = Content(block.mark) if isinstance(block.mark, str) else block.mark
            body = Content(block.body) if isinstance(block.body, str) else block.body
            if block.style:
                body = body.stylize_before(block.style)
            indent = mark.cell_length
            tail = Content(block.tail) if isinstance(block.tail, str) else block.tail
            column = max(1, width - indent - tail.cell_length)
            if block.wrap_at is not None:
                column = max(1, min(column, block.wrap_at))
            wrapped = body.wrap(column) or [Content("")]
            if tail:
                wrapped[0] = wrapped[0].pad_right(max(0, column - wrapped[0].cell_length)) + tail
            pad = Content(" " * indent)
            lines.extend((mark if i == 0 else pad) + line for i, line in enumerate(wrapped))
        if self._inset:
            lines = [_inset_line(line, self._inset, full_width) for line in lines]
        return lines, anchors

    @property
    def plain(self) -> str:
        """The blocks' text without styles or wrapping, one block a line (tail last)."""
        return "\n".join(
            (b.mark if isinstance(b.mark, str) else b.mark.plain)
            + (b.body if isinstance(b.body, str) else b.body.plain)
            + (b.tail if isinstance(b.tail, str) else b.tail.plain)
            for b in self._blocks
        )

    def anchor_line(self, name: str) -> int | None:
        """The line where the block anchored ``name`` starts, at the current width."""
        return self._layout(max(1, self.content_size.width))[1].get(name)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many lines as the wrapped blocks take at ``width``."""
        return len(self._layout(width)[0])

    def render(self) -> Content:
        """The wrapped lines, joined."""
        lines = self._layout(max(1, self.content_size.width))[0]
        if self._marks:
            lines = [self._marked(y, line) for y, line in enumerate(lines)]
        return Content("\n").join(lines)


def settled_size() -> Reactive[Size]:
    """A ``virtual_size`` that does not ask for a second layout when it changes.

    Textual sets ``virtual_size`` from the layout it has just done; as a plain reactive
    it then asks for another layout and repaint, which draws the widget a second time
    in a frame of its own. Widgets whose size follows their content have nothing to lay
    out again.
    """
    return Reactive(Size(0, 0), layout=False, repaint=False)


class Page(Document):
    """A Document drawn a line at a time, for pages longer than the screen.

    A Widget renders all of its lines (wrapping them again) whenever any is needed; a
    page of 40 to 95 lines shows 20 of them at 80×24, and drawing only those is most
    of the saving of a frame that shows a new page.
    """

    virtual_size = settled_size()

    def render_line(self, y: int) -> Strip:
        """Line ``y`` alone, as drawing the whole document would draw it."""
        if self.text_selection is not None:  # selections are kept for the whole text
            return super().render_line(y)
        width = self.size.width
        lines = self._layout(max(1, width))[0]
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        line = self._marked(y, lines[y]) if y in self._marks else lines[y]
        strip = Visual.to_strips(self, line, width, 1, self.visual_style)[0]
        return strip.apply_offsets(0, y)
