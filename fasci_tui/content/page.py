"""The page model: what a page says, as neutral blocks, before anyone draws it.

Records become blocks once, in the page builders (``nutrient_page.py`` for a nutrient,
``pages.py`` for every other place). Two renderers draw the same blocks:
``fasci_tui.content.text`` as plain text for ``fasci-tui show``, and
``fasci_tui.widgets.blocks`` as Textual content for the panes. Neither adds words of
its own (only decoration: underlines, bullets, bars), so ``show`` and the screen cannot
drift apart; ``tests/test_page.py`` renders every place both ways and compares the words.

Inline text is a tuple of :class:`Run` (text with a *role*, not a colour): the TUI
maps roles to theme styles, plain text ignores them.

Adding a block for a new field (a new record field, say ``forms``):

1. build the blocks in the page builder from blocks that exist (most fields are a
   :class:`Heading` and a :class:`Para`, :class:`Items` or :class:`Table`);
2. only if none fits, add a NamedTuple here, add it to ``AnyBlock``, and draw it in
   both ``content/text.py`` (``_RENDER``) and ``widgets/blocks.py`` (``_CONVERT``);
   ``tests/test_page.py`` fails until both draw the same words.

This module imports nothing but the standard library (``show`` pays for every import).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

ROLES = ("", "strong", "em", "muted", "url", "alert", "note", "good")
"""Roles of a run of text: plain, bold, italic, quiet, a web address, a warning,
a highlight, a done mark. The TUI picks the styles; plain text shows none."""


class Run(NamedTuple):
    """A piece of inline text and its role (one of ROLES)."""

    text: str
    role: str = ""


Inline = tuple[Run, ...]
"""A line of inline text: runs in order."""


def inline(*parts: str | tuple[str, str] | Run) -> Inline:
    """Inline text from strings (plain) and ``(text, role)`` pairs; empty parts dropped."""
    runs = []
    for part in parts:
        run = Run(part) if isinstance(part, str) else Run(*part)
        if run.text:
            runs.append(run)
    return tuple(runs)


def plain(text: Inline | str) -> str:
    """The text of inline runs without roles."""
    return text if isinstance(text, str) else "".join(run.text for run in text)


def folded(text: str) -> str:
    """Text from a data file with its line breaks and runs of spaces folded."""
    return " ".join(text.split())


class Title(NamedTuple):
    """The page's own title, with an optional quiet aside: ``Magnesium  (mineral)``."""

    text: str
    aside: str = ""


class Heading(NamedTuple):
    """A section heading. ``anchor`` names it so a pane can scroll to it; a ``minor``
    heading labels a small part (plain text: no underline)."""

    text: Inline
    anchor: str | None = None
    minor: bool = False


class Para(NamedTuple):
    """A paragraph. ``role`` styles all of it; ``gap`` puts a blank line before it."""

    text: Inline
    role: str = ""
    gap: bool = False


class Items(NamedTuple):
    """A list. ``mark`` is ``"•"`` (a bullet), ``"!"`` (a warning sign) or ``"-"``."""

    items: tuple[Inline, ...]
    mark: str = "•"


class Entry(NamedTuple):
    """A marked entry with a hanging indent: ``[1] Title. Publisher.`` then ``body``
    lines under it (an address, a note). ``mark`` is ``[1]``, ``1.``, ``[x]``..."""

    mark: str
    text: Inline
    body: tuple[Inline, ...] = ()
    gap: bool = False


class Table(NamedTuple):
    """Rows of cells under a header.

    ``key_columns`` (None: all) are the columns a screen shows as a table; the others
    are details of a row, shown as ``Header: value`` lines (in a preview panel on the
    screen, under the table in plain text when they do not fit beside it).
    ``indent`` lays a small table into the page (the intake table).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    key_columns: int | None = None
    indent: int = 0


class Bar(NamedTuple):
    """One row of a bar chart: a label, an amount and the bar's share in percent."""

    label: str
    amount: Inline
    percent: float


class Bars(NamedTuple):
    """Rows of labelled bars (a food's serving against the daily intake)."""

    rows: tuple[Bar, ...]


class Links(NamedTuple):
    """Other places to go: ``(nutrient id, label)`` pairs (buttons on screen)."""

    targets: tuple[tuple[str, str], ...]


class Hint(NamedTuple):
    """How to use the screen (keys): drawn by the TUI only, never by plain text."""

    text: str


AnyBlock = Title | Heading | Para | Items | Entry | Table | Bars | Links | Hint
"""Every kind of block."""


class Page(NamedTuple):
    """A page: its title (the app's header shows it; plain text prints it) and blocks."""

    title: str
    blocks: tuple[AnyBlock, ...]


def number_refs(refs: Iterable[str]) -> dict[str, int]:
    """Number reference ids in order of first use, starting at 1."""
    numbers: dict[str, int] = {}
    for ref in refs:
        numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def cite(refs: Iterable[str], numbers: dict[str, int]) -> str:
    """Citation marks such as `` [1][2]`` for ``refs`` (empty when there are none)."""
    marks = "".join(f"[{numbers[r]}]" for r in refs if r in numbers)
    return f" {marks}" if marks else ""



BAR_WIDTH = 10
"""Cells in a bar (a full bar is 100% or more)."""

_EIGHTHS = "▏▎▍▌▋▊▉"


def bar_cells(percent: float, width: int = BAR_WIDTH, ascii_only: bool = False
              ) -> tuple[str, str]:
    """The filled and empty parts of a bar ``width`` cells wide showing ``percent``.

    Percentages above 100 draw a full bar. Unicode bars use eighth blocks for the
    fractional cell and ``░`` for the rest; ``ascii_only`` bars use ``#`` and ``.``.
    Any amount above zero shows at least a sliver.
    """
    share = max(0.0, min(float(percent), 100.0)) / 100.0
    if ascii_only:
        filled = round(share * width)
        if percent > 0 and filled == 0:
            filled = 1
        return "#" * filled, "." * (width - filled)
    eighths = round(share * width * 8)
    if percent > 0 and eighths == 0:
        eighths = 1
    full, part = divmod(eighths, 8)
    cells = "█" * full + (_EIGHTHS[part - 1] if part else "")
    return cells, "░" * (width - len(cells))


def percent_text(percent: float) -> str:
    """A percentage for a bar label: ``37%``, ``2,946%`` or ``<1%``."""
    if 0 < percent < 1:
        return "<1%"
    return f"{round(percent):,}%"


BAR_LABEL_WIDTH = 15
"""Cells for a bar row's label (wider if a label needs it)."""
BAR_AMOUNT_WIDTH = 29
"""At most this many cells for a bar row's amount, so the bar stays near it."""
PERCENT_WIDTH = 7
"""Cells for a bar's percentage, right-aligned (``2,946%`` and a gap)."""


def bar_label_width(bars: Bars) -> int:
    """The width of the label column of ``bars``."""
    return max(BAR_LABEL_WIDTH, *(len(bar.label) + 2 for bar in bars.rows))
