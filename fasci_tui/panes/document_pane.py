"""A pane that is one page of the page model, drawn as one scrolling document.

The overview and the reading pages (BFS, other causes) are such panes: a subclass says
which page it shows (:meth:`DocumentPane.page_model`) and this class draws it with
``fasci_tui.widgets.blocks``, the same blocks ``fasci-tui show`` prints.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content as Text
from textual.geometry import Size

from fasci_tui.content.model import Content
from fasci_tui.content.page import Page as PageModel
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Block, Document, Page

MAX_WIDTH = 100
"""The page's widest lines (document_pane.tcss: ``max-width``)."""


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


def presize_scrollbar(scroll: VerticalScroll, document: Document, extra: int = 0) -> None:
    """Give ``scroll``'s scrollbar the length of ``document`` (just given new blocks),
    plus ``extra`` lines below it, now, so it is drawn with the new page.

    Otherwise the layout measures the page and then refreshes the scrollbar, and that
    refresh is a frame of its own. If the scrollbar is to appear or go (the stylesheet
    keeps it, but may not), the layout does it all as usual.
    """
    width = document.content_size.width
    if not scroll.show_vertical_scrollbar or not width:
        return
    lines = document.get_content_height(scroll.container_size, scroll.size, width)
    height = document.outer_size.height - document.content_size.height + lines + extra
    if scroll.styles.overflow_y == "scroll" or height > scroll.container_size.height:
        scroll.set_reactive(VerticalScroll.virtual_size, Size(scroll.virtual_size.width, height))
        scroll.vertical_scrollbar.window_virtual_size = height


class DocumentPane(Pane, VerticalScroll):
    """One page as one :class:`Document`; it scrolls with ↑/↓, PgUp/PgDn, Home/End.

    One widget for the whole page, so showing it lays out a handful of widgets rather
    than one per paragraph. A subclass defines :meth:`page_model`; when the place
    changes to another page (a per-item section), the document's blocks are replaced.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    DOCUMENT_ID: str | None = None
    """The id of the page's document widget."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._shown: Place | None = None

    def page_model(self) -> PageModel | None:
        """The page for :attr:`place` (None: there is no such page)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The page as one document."""
        blocks = self._blocks()
        self._shown = self.place
        if _surely_taller(blocks, *self.app.size):
            # The page will scroll: lay it out beside its scrollbar from the first frame,
            # rather than at full width first and once more a column narrower when Textual
            # finds that it scrolls (a second layout, and a second frame of the page).
            self.set_reactive(VerticalScroll.show_vertical_scrollbar, True)
        yield Page(blocks, id=self.DOCUMENT_ID)

    def _blocks(self) -> list[Block]:
        """The page drawn for the screen (a quiet line when the page does not exist)."""
        page = self.page_model()
        if page is None:
            return [Block(f"There is no page called {self.place.item!r}.")]
        return to_document(page.blocks)

    def show(self, place: Place) -> None:
        """Show ``place``: another page replaces the document's blocks, from the top."""
        super().show(place)
        if self._shown is None or place == self._shown or not self.is_mounted:
            return
        self._shown = place
        document = self.query_one(Document)
        document.set_blocks(self._blocks())
        presize_scrollbar(self, document)
        if self.scroll_y or self.scroll_target_y:
            self.scroll_to(0, 0, animate=False, immediate=True)

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def reveal(self, item: str) -> None:
        """Scroll to a part of the page by its anchor (``doctor``, ``references``...)."""
        line = self.query_one(Document).anchor_line(item)
        if line is not None:
            self.scroll_to(y=line, animate=False)
