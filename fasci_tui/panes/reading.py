"""The reading pages of pages.yaml (benign fasciculation syndrome, other causes...).

One ``ReadingPane`` shows every page of the Twitching section, told which by its place
(``Place(Section.TWITCHING, page_id)``); a new page in pages.yaml appears in the sidebar,
the palette and ``show`` without code. The page is ``content.pages.reading_page``,
drawn by :class:`DocumentPane`.
"""

from __future__ import annotations

from fasci_tui.content.model import Content
from fasci_tui.content.page import Page as PageModel
from fasci_tui.content.pages import reading_page
from fasci_tui.panes.document_pane import DocumentPane
from fasci_tui.places import Place, title
from fasci_tui.state import StateStore


class ReadingPane(DocumentPane):
    """One reading page; it scrolls with ↑/↓, PgUp/PgDn, Home/End."""

    DOCUMENT_ID = "reading-document"

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> ReadingPane:
        """A pane showing ``place``'s page from the first frame."""
        pane = cls(content)
        pane.place = place
        return pane

    @property
    def title(self) -> str:
        """The page's full title."""
        return title(self._content, self.place)

    def page_model(self) -> PageModel | None:
        """The reading page of :attr:`place` (None when pages.yaml has no such page)."""
        try:
            page = self._content.page(self.place.item or "")
        except KeyError:
            return None
        return reading_page(self._content, page)
