"""The page model drawn for the screen: page blocks become Document blocks and Content.

``fasci_tui.content.page`` says what a page holds; ``fasci_tui.content.text`` draws it as
plain text, and this module draws the same blocks with theme styles for the panes.
Neither adds words: a role becomes a style, a list mark a bullet, a bar row coloured
cells. :class:`~fasci_tui.content.page.Links` are left to the pane (they are buttons).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from textual.content import Content as Text
from textual.style import Style

from fasci_tui.content.page import (
    BAR_AMOUNT_WIDTH,
    PERCENT_WIDTH,
    AnyBlock,
    Bars,
    Entry,
    Heading,
    Hint,
    Inline,
    Items,
    Links,
    Para,
    Table,
    Title,
    bar_cells,
    bar_label_width,
    percent_text,
)
from fasci_tui.widgets.document import Block

MUTED = "$foreground-muted"  # (Content styles do not blend "$text-muted": it draws white)
HEADING = "bold $primary"
ROLE_STYLES = {
    "": "", "strong": "bold", "em": "italic", "muted": MUTED, "alert": "bold $warning",
    "note": "bold $accent", "good": "bold $text-success",
}
"""The style of each role of the page model (``url`` runs become links)."""
MARKS = {"•": ("• ", ""), "!": ("! ", "bold $warning"), "-": ("- ", "")}
"""How each list mark is drawn: its text and style."""


def text_of(runs: Inline | str) -> Text:
    """Inline runs as styled Content (a ``url`` run is a link)."""
    if isinstance(runs, str):
        return Text(runs)
    parts: list[tuple[str, str | Style] | str] = []
    for run in runs:
        if run.role == "url":
            parts.append((run.text, Style(link=run.text, underline=True)))
        else:
            style = ROLE_STYLES.get(run.role, "")
            parts.append((run.text, style) if style else run.text)
    return Text.assemble(*parts)


def to_document(blocks: Iterable[AnyBlock], *, ascii_bars: bool = False,
                flush: bool = False) -> list[Block]:
    """Document blocks for page ``blocks`` (Links left out: the pane draws them).

    ``flush`` drops the blank lines above the first block (for a panel showing one
    item of a page, whose items are spaced apart on the page).
    """
    out: list[Block] = []
    for block in blocks:
        out += _CONVERT[type(block)](block, ascii_bars)
    if flush and out and out[0].space_before:
        out[0] = replace(out[0], space_before=0)
    return out


def to_text(blocks: Iterable[AnyBlock]) -> Text:
    """Page ``blocks`` as one Content, a line per paragraph (for a Static).

    For panels that show one item (a habit, a table row, a source): the widget wraps it.
    """
    lines: list[Text] = []
    for block in to_document(blocks):
        lines.extend(Text("") for _ in range(block.space_before if lines else 0))
        mark = Text(block.mark) if isinstance(block.mark, str) else block.mark
        body = Text(block.body) if isinstance(block.body, str) else block.body
        lines.append(mark + (body.stylize_before(block.style) if block.style else body))
    return Text("\n").join(lines)


def _title(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Title)
    text = Text.assemble((block.text, "bold"), (f"  {block.aside}" if block.aside else "", MUTED))
    return [Block(text, style="$accent", anchor="title")]


def _heading(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Heading)
    return [Block(text_of(block.text), style="bold" if block.minor else HEADING,
                  space_before=1, anchor=block.anchor)]


def _para(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Para)
    return [Block(text_of(block.text), style=ROLE_STYLES.get(block.role, ""),
                  space_before=int(block.gap))]


def _items(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Items)
    mark, style = MARKS.get(block.mark, (block.mark + " ", ""))
    drawn = Text.styled(mark, style) if style else mark
    return [Block(text_of(item), mark=drawn) for item in block.items]


def _entry(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Entry)
    width = max(len(block.mark) + 1, 5 if block.mark.startswith("[") else 4)
    pad = " " * width
    return [Block(text_of(block.text), mark=Text.styled(block.mark.ljust(width), "bold"),
                  space_before=int(block.gap)),
            *(Block(text_of(line), mark=pad) for line in block.body)]


def _table(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Table)
    columns = len(block.header)
    widths = [max(len(row[i]) for row in (block.header, *block.rows)) + 3
              for i in range(columns - 1)]
    indent = " " * block.indent
    return [Block("".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                  + row[-1], mark=indent, style="bold underline" if index == 0 else "")
            for index, row in enumerate((block.header, *block.rows))]


def _bars(block: AnyBlock, ascii_bars: bool) -> list[Block]:
    """Name, amount (wrapping in its own column), bar and percentage."""
    assert isinstance(block, Bars)
    width = bar_label_width(block)
    rows = []
    for bar in block.rows:
        filled, empty = bar_cells(bar.percent, ascii_only=ascii_bars)
        rows.append(Block(
            text_of(bar.amount), mark=bar.label.ljust(width),
            tail=Text.assemble(" ", (filled, "$success"), (empty, MUTED),
                               percent_text(bar.percent).rjust(PERCENT_WIDTH)),
            wrap_at=BAR_AMOUNT_WIDTH))
    return rows


def _links(block: AnyBlock, _ascii: bool) -> list[Block]:
    return []


def _hint(block: AnyBlock, _ascii: bool) -> list[Block]:
    assert isinstance(block, Hint)
    return [Block(block.text, style=MUTED)]


_CONVERT: dict[type, Callable[[AnyBlock, bool], list[Block]]] = {
    Title: _title, Heading: _heading, Para: _para, Items: _items, Entry: _entry,
    Table: _table, Bars: _bars, Links: _links, Hint: _hint,
}
"""How each kind of block is drawn on screen."""
