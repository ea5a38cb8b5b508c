"""The visit summary in a box over the app (key ``v`` on the Today pane).

The page is :func:`fasci_tui.content.report.build_report`'s, the same blocks
``fasci-tui report`` prints, drawn by the page model's widget renderer. Esc or ``v``
closes it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fasci_tui.content.page import Page as PageModel
from fasci_tui.content.page import Title
from fasci_tui.screens import SCROLL_BINDINGS
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Page

PRINT_HINT = ("For a file to print or send: fasci-tui report --format html visit.html "
              "(txt and md too).")


class ReportScreen(ModalScreen[None]):
    """The visit summary, scrollable; Esc or v closes it."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("escape,v,enter", "close", "Close"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, page: PageModel) -> None:
        super().__init__()
        self._page = page

    def compose(self) -> ComposeResult:
        """A hint about files, then the summary's blocks."""
        title = next((b for b in self._page.blocks if isinstance(b, Title)), None)
        with Vertical(id="report-box") as box:
            box.border_title = f"{title.text} ({title.aside})" if title else self._page.title
            with VerticalScroll(id="report-scroll"):
                yield Static(PRINT_HINT, classes="lead", markup=False)
                blocks = [b for b in self._page.blocks if not isinstance(b, Title)]
                yield Page(to_document(blocks, flush=True), id="report-text")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the text so the arrow keys scroll it."""
        self.query_one("#report-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        """Close the box."""
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        """Scroll the text: ``down``, ``up``, ``page_down``, ``page_up``, ``home`` or ``end``."""
        scroll = self.query_one("#report-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)
