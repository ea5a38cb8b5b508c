"""The overview pane: headline fact, key points, when to see a doctor, disclaimer, sources.

The page is the page model's (``fasci_tui.content.pages.overview_page``), the blocks
``fasci-tui show overview`` prints: citations numbered in order of first use, and the
numbered references at the bottom. Drawing it is :class:`DocumentPane`'s job.
"""

from __future__ import annotations

from fasci_tui.content.page import Page as PageModel
from fasci_tui.content.page import cite, number_refs
from fasci_tui.content.pages import overview_page
from fasci_tui.panes.document_pane import MAX_WIDTH, DocumentPane, _surely_taller

__all__ = ["MAX_WIDTH", "OverviewPane", "_surely_taller", "cite", "number_refs"]


class OverviewPane(DocumentPane):
    """The landing page. It scrolls with ↑/↓, PgUp/PgDn, Home/End."""

    DOCUMENT_ID = "overview-document"

    def page_model(self) -> PageModel:
        """The overview page."""
        return overview_page(self._content)
