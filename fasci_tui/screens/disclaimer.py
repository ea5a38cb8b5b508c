"""When to see a doctor, and the disclaimer, in a box over the app.

Shown once on the first run, where it must be acknowledged (Enter or the button), and
again whenever the user presses ``!``. The text is the page model's
(``fasci_tui.content.pages.doctor_page``, what ``fasci-tui show doctor`` prints): the
red flags in tiers, each labelled in words (NOW, SOON, REASSURANCE), then the
disclaimer and the sources.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from fasci_tui.content.model import Content
from fasci_tui.content.page import Title
from fasci_tui.content.pages import doctor_page
from fasci_tui.screens import SCROLL_BINDINGS
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Page


class DisclaimerScreen(ModalScreen[bool]):
    """The red flags and the disclaimer.

    With ``first_run`` the box can only be left by acknowledging it (Enter or the
    button; the result is True) or by quitting with q. Otherwise Enter, Esc or ``!``
    closes it (the result is False).
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("enter", "confirm", "I understand"),
        Binding("escape", "close", "Close"),
        Binding("exclamation_mark,f2,enter", "close", "Close", show=False),
        Binding("q", "quit", "Quit"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, content: Content, first_run: bool = False) -> None:
        super().__init__()
        self._content = content
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        """The advice in tiers, the disclaimer, the sources, and one button."""
        page = doctor_page(self._content)
        with Vertical(id="disclaimer-box") as box:
            box.border_title = "Before you start" if self.first_run else page.title
            with VerticalScroll(id="disclaimer-scroll"):
                yield Static("Please read this first: when to see a doctor, and the disclaimer."
                             if self.first_run
                             else "Press ! or F2 at any time to come back here.",
                             classes="lead", markup=False)
                blocks = [b for b in page.blocks if not isinstance(b, Title)]
                yield Page(to_document(blocks, flush=True), id="disclaimer-text")
            with Horizontal(id="disclaimer-buttons"):
                yield Button("I understand" if self.first_run else "Close",
                             id="disclaimer-ok", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Focus the text so the arrow keys scroll it; Enter is bound on the screen."""
        self.query_one("#disclaimer-scroll", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc and ! do not dismiss the first-run box; q only quits from it."""
        if action == "close":
            return not self.first_run
        if action in ("quit", "confirm"):
            return self.first_run
        return True

    def action_confirm(self) -> None:
        """Enter: acknowledge (first run) or close."""
        self.dismiss(self.first_run)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button acknowledges (first run) or closes."""
        event.stop()
        self.dismiss(self.first_run)

    def action_close(self) -> None:
        """Close without acknowledging (only when this is not the first run)."""
        if not self.first_run:
            self.dismiss(False)

    def action_quit(self) -> None:
        """q on the first-run box: leave without acknowledging."""
        self.app.exit()

    def action_scroll(self, how: str) -> None:
        """Scroll the text: ``down``, ``up``, ``page_down``, ``page_up``, ``home`` or ``end``."""
        scroll = self.query_one("#disclaimer-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)
