"""The reading pane: one pane for every page of pages.yaml, switched in one frame."""

from __future__ import annotations

from textual.app import App, ComposeResult

from fasci_tui.content.model import Content
from fasci_tui.panes.reading import ReadingPane
from fasci_tui.places import Place, Section
from fasci_tui.state import StateStore
from fasci_tui.widgets.document import Document


class Host(App[None]):
    """The pane alone at 80×24, 56 columns wide like the app's content area."""

    CSS = "ReadingPane { width: 56; }"

    def __init__(self, pane: ReadingPane) -> None:
        super().__init__()
        self.pane = pane

    def compose(self) -> ComposeResult:
        yield self.pane


async def test_another_page_is_drawn_with_its_scrollbar_at_once(content: Content) -> None:
    """Showing another page sets the scrollbar's length in the same handler (no second
    frame for it) and starts at the top."""
    first, second = (Place(Section.TWITCHING, page.id) for page in content.pages[:2])
    pane = ReadingPane.create(content, StateStore(), first)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert pane.scroll_y > 0
        pane.show(second)
        document = pane.query_one(Document)
        lines = document.get_content_height(pane.container_size, pane.size,
                                            document.content_size.width)
        assert pane.virtual_size.height == lines  # before any layout pass
        assert pane.vertical_scrollbar.window_virtual_size == lines
        assert pane.scroll_y == 0
        assert pane.title == content.pages[1].title
        await pilot.pause()
        assert pane.virtual_size.height == document.outer_size.height == lines


async def test_an_unknown_page_says_so(content: Content) -> None:
    pane = ReadingPane.create(content, StateStore(), Place(Section.TWITCHING, "no-such"))
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "There is no page called 'no-such'." in pane.query_one(Document).plain
