"""The overview pane: headline fact, key points, when to see a doctor, disclaimer, sources.

The page is the page model's (``fasci_tui.content.pages.overview_page``), the blocks
``fasci-tui show overview`` prints: citations numbered in order of first use, and the
numbered references at the bottom.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content as Text

from fasci_tui.content.model import Content
from fasci_tui.content.page import cite, number_refs
from fasci_tui.content.pages import overview_page
from fasci_tui.panes.base import Pane
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Block, Document, Page

__all__ = ["OverviewPane", "cite", "number_refs"]


MAX_WIDTH = 100
"""The page's widest lines (overview.tcss: ``max-width``)."""


def _surely_taller(blocks: list[Block], width: int, height: int) -> bool:
    """True if ``blocks`` take more than ``height`` lines wherever they are laid out in a
    ``width`` × ``height`` terminal.

    A lower bound, cheap enough to work out before the first layout: a line holds at most
    ``width`` cells (the page is narrower), plus one for the space dropped where a line
    wraps.
    """
    column = min(width, MAX_WIDTH) + 1
    lines = 0
    for block in blocks:
        cells = sum(Text(part).cell_length if isinstance(part, str) else part.cell_length
                    for part in (block.mark, block.body, block.tail))
        lines += block.space_before + max(1, -(-cells // column))
        if lines > height:
            return True
    return False


class OverviewPane(Pane, VerticalScroll):
    """The landing page. It scrolls with ↑/↓, PgUp/PgDn, Home/End.

    The whole page is one :class:`Document`, so the first screen of the app lays out a
    handful of widgets rather than one per paragraph.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content

    def compose(self) -> ComposeResult:
        """The page as one document."""
        blocks = self._blocks()
        if _surely_taller(blocks, *self.app.size):
            # The page will scroll: lay it out beside its scrollbar from the first frame,
            # rather than at full width first and once more a column narrower when Textual
            # finds that it scrolls (a second layout, and a second frame of the page).
            self.set_reactive(VerticalScroll.show_vertical_scrollbar, True)
        yield Page(blocks, id="overview-document")

    def _blocks(self) -> list[Block]:
        """The overview page (the page model), drawn for the screen."""
        return to_document(overview_page(self._content).blocks)

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def reveal(self, item: str) -> None:
        """Scroll to a section: ``doctor``, ``disclaimer`` or ``references``."""
        line = self.query_one(Document).anchor_line(item)
        if line is not None:
            self.scroll_to(y=line, animate=False)
