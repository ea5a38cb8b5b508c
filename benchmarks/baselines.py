"""Minimal Textual apps that the benchmarks compare fasci-tui against.

Run as ``python benchmarks/baselines.py minimal`` (Header, Static, Footer) or
``python benchmarks/baselines.py twopane`` (an OptionList beside a Static that changes
with the highlight).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, OptionList, Static

MARKER = "Baseline ready"


class MinimalApp(App[None]):
    """Header, one Static, Footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


class TwoPaneApp(App[None]):
    """An OptionList beside a Static that shows the highlighted option."""

    BINDINGS = [("q", "quit", "Quit")]
    CSS = "OptionList { width: 24; } Static { padding: 1 2; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[f"Item {i}" for i in range(14)])
            yield Static(MARKER, id="detail")
        yield Footer()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted option in the detail pane."""
        self.query_one("#detail", Static).update(
            f"{event.option.prompt}\n\nThis pane shows the highlighted item. " * 3
        )


if __name__ == "__main__":
    {"minimal": MinimalApp, "twopane": TwoPaneApp}[sys.argv[1]]().run()
