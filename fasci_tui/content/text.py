"""Plain text of the page model, for ``fasci-tui show`` and for pipes.

:func:`render` draws any :class:`~fasci_tui.content.page.Page`; the ``render_*``
functions build a place's page and draw it. Nothing here adds words to the page (the
screen shows the same ones); plain text adds only underlines, bullets and alignment.
Nothing here knows about terminals beyond a width to wrap at.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from fasci_tui.content.page import (
    PERCENT_WIDTH,
    AnyBlock,
    Bars,
    Entry,
    Heading,
    Hint,
    Items,
    Links,
    Page,
    Para,
    Table,
    Title,
    bar_cells,
    bar_label_width,
    percent_text,
    plain,
)

BULLETS = {"•": "- ", "!": "! ", "-": "- "}
"""How plain text draws each list mark."""
MIN_WRAPPED_COLUMN = 24
"""A table's last column wraps in the room left, if at least this many cells are left."""


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` wrapped to ``width``; addresses and hyphenated words are never split
    (a broken address cannot be copied)."""
    return textwrap.wrap(" ".join(text.split()), width, initial_indent=first,
                         subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False)


class _Doc:
    """Accumulates wrapped lines."""

    def __init__(self, width: int) -> None:
        self.width = max(width, 30)
        self.lines: list[str] = []

    def wrap(self, text: str, first: str = "", rest: str | None = None) -> None:
        """``text`` wrapped to the width, after ``first`` and then ``rest`` (its indent)."""
        rest = " " * len(first) if rest is None else rest
        self.lines += _wrap(text, self.width, first, rest) or [first.rstrip()]

    def rule(self, text: str, char: str) -> None:
        self.lines += [text, char * min(len(text), self.width)]

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def render(page: Page, width: int = 80) -> str:
    """``page`` as plain text wrapped at ``width``."""
    doc = _Doc(width)
    blocks = page.blocks
    if not (blocks and isinstance(blocks[0], Title)):
        doc.rule(page.title, "=")
    for block in blocks:
        _RENDER[type(block)](doc, block)
    return doc.text()


def _title(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Title)
    doc.rule(f"{block.text} {block.aside}".strip(), "=")


def _heading(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Heading)
    doc.blank()
    if block.minor:
        doc.wrap(plain(block.text))
    else:
        doc.rule(plain(block.text), "-")


def _para(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Para)
    if block.gap:
        doc.blank()
    doc.wrap(plain(block.text))


def _items(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Items)
    for item in block.items:
        doc.wrap(plain(item), BULLETS.get(block.mark, block.mark + " "))


def _entry(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Entry)
    if block.gap:
        doc.blank()
    first = block.mark + " "
    doc.wrap(plain(block.text), first)
    for line in block.body:
        doc.wrap(plain(line), " " * len(first))


def _bars(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Bars)
    label_width = bar_label_width(block)
    amount_width = max(len(plain(bar.amount)) for bar in block.rows)
    room = doc.width - label_width - 1 - 10 - PERCENT_WIDTH
    amount_width = max(10, min(amount_width, room))
    for bar in block.rows:
        filled, empty = bar_cells(bar.percent)
        lines = _wrap(plain(bar.amount), amount_width) or [""]
        tail = f" {filled}{empty}{percent_text(bar.percent).rjust(PERCENT_WIDTH)}"
        doc.lines.append(bar.label.ljust(label_width) + lines[0].ljust(amount_width) + tail)
        doc.lines += [" " * label_width + line for line in lines[1:]]


def _table(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Table)
    indent = " " * block.indent
    columns = len(block.header)
    if _table_fits(doc, block, columns):
        _aligned(doc, block, columns, indent)
        return
    shown = block.key_columns or columns
    _aligned(doc, block, shown, indent)
    from fasci_tui.content.pages import row_details  # only tables with details need it

    for index, row in enumerate(block.rows):
        doc.blank()
        doc.rule(row[0], "-")
        for para in row_details(block, index):
            doc.wrap(plain(para.text))


def _widths(block: Table, columns: int) -> list[int]:
    return [max(len(r[i]) for r in (block.header, *block.rows)) for i in range(columns)]


def _table_fits(doc: _Doc, block: Table, columns: int) -> bool:
    widths = _widths(block, columns)
    left = doc.width - block.indent - sum(w + 2 for w in widths[:-1])
    return left >= min(widths[-1], MIN_WRAPPED_COLUMN)


def _aligned(doc: _Doc, block: Table, columns: int, indent: str) -> None:
    widths = _widths(block, columns)
    start = len(indent) + sum(w + 2 for w in widths[:-1])
    last = max(10, doc.width - start)
    rules = tuple("-" * (min(w, last) if i == columns - 1 else w) for i, w in enumerate(widths))
    for row in (block.header, rules, *block.rows):
        head = indent + "".join(row[i].ljust(widths[i] + 2) for i in range(columns - 1))
        lines = _wrap(row[columns - 1], last) or [""]
        doc.lines.append((head + lines[0]).rstrip())
        doc.lines += [" " * start + line for line in lines[1:]]


def _links(doc: _Doc, block: AnyBlock) -> None:
    assert isinstance(block, Links)
    for _target, label in block.targets:
        doc.wrap(label, "- ")


def _hint(doc: _Doc, block: AnyBlock) -> None:
    """Key hints are for the screen: plain text has no keys."""


_RENDER: dict[type, Callable[[_Doc, AnyBlock], None]] = {
    Title: _title, Heading: _heading, Para: _para, Items: _items, Entry: _entry,
    Bars: _bars, Table: _table, Links: _links, Hint: _hint,
}
"""How each kind of block is drawn."""
