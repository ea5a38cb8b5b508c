"""A page of text blocks drawn by one widget, with hanging indents for list items.

A pane built from dozens of small Static widgets pays for each one in layout and style
work; a Document lays out all its blocks itself, wrapping each body to the width left
after its mark, so that wrapped lines of a list item stay indented under its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or list item of a Document.

    ``mark`` (such as ``"• "`` or ``"[1] "``) is drawn before the first line and its
    width is kept as the indent of the following lines. ``style`` applies to the whole
    block; ``space_before`` adds blank lines above it; ``anchor`` names the block so a
    pane can scroll to it.
    """

    body: Content | str
    mark: Content | str = ""
    style: str = ""
    space_before: int = 0
    anchor: str | None = None


class Document(Widget):
    """Blocks of text laid out in one widget; its height follows its content."""

    DEFAULT_CSS = """
    Document {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, blocks: Sequence[Block], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = tuple(blocks)
        self._cache: tuple[int, list[Content], dict[str, int]] | None = None

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Replace the blocks and redraw."""
        self._blocks = tuple(blocks)
        self._cache = None
        self.refresh(layout=True)

    def _layout(self, width: int) -> tuple[list[Content], dict[str, int]]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
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
            wrapped = body.wrap(max(1, width - indent)) or [Content("")]
            pad = Content(" " * indent)
            lines.extend((mark if i == 0 else pad) + line for i, line in enumerate(wrapped))
        self._cache = (width, lines, anchors)
        return lines, anchors

    @property
    def plain(self) -> str:
        """The blocks' text without styles or wrapping, one block a line."""
        return "\n".join(
            (b.mark if isinstance(b.mark, str) else b.mark.plain)
            + (b.body if isinstance(b.body, str) else b.body.plain)
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
        return Content("\n").join(self._layout(max(1, self.content_size.width))[0])
