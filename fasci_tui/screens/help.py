"""The help screen (F1 or ?): every key, grouped by where it works."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fasci_tui.screens import SCROLL_BINDINGS


@dataclass
class HelpSection:
    """A group of keys: a title and (keys, what they do) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


class HelpScreen(ModalScreen[None]):
    """Lists the keys; Esc, q, ? or F1 closes it."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q,question_mark,f1", "close", "Close", show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """A scrolling box of sections and a footer."""
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            with VerticalScroll(id="help-scroll"):
                for section in self.sections:
                    yield Static(section.title, classes="help-title", markup=False)
                    for keys, what in section.rows:
                        with Horizontal(classes="help-row"):
                            yield Static(keys, classes="help-keys", markup=False)
                            yield Static(what, classes="help-what", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Give the scroll area focus so the keys scroll it."""
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        """Scroll the list: ``down``, ``up``, ``page_down``, ``page_up``, ``home`` or ``end``."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    @property
    def plain_text(self) -> str:
        """Everything the screen lists, as plain text (for tests and screen readers)."""
        out: list[str] = []
        for section in self.sections:
            out.append(section.title)
            out += [f"  {keys}  {what}" for keys, what in section.rows]
        return "\n".join(out)
