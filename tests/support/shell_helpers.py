"""Helpers for the app-shell tests: build a FasciApp with its own state, stub panes."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.state import StateStore
from fasci_tui.target import Target


def make_app(content: Content, state_dir: Path, target: Target | None = None,
             acknowledged: bool = True) -> FasciApp:
    """A FasciApp whose state lives in ``state_dir`` (disclaimer already read by default)."""
    store = StateStore(state_dir)
    if acknowledged:
        store.acknowledge_disclaimer()
    return FasciApp(content, target=target or Target(), store=StateStore(state_dir))


class StubFaqPane(Vertical):
    """Stands in for the FAQ pane: records the calls the app makes, has a search box."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.calls: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static("stub faq")
        yield Input(id="stub-search")

    def search(self, text: str) -> None:
        self.calls.append(("search", text))
        self.query_one(Input).value = text

    def focus_search(self) -> None:
        self.calls.append(("focus_search", None))
        self.query_one(Input).focus()

    def reveal(self, item: str) -> None:
        self.calls.append(("reveal", item))

    def enter(self) -> None:
        self.calls.append(("enter", None))
        self.query_one(Input).focus()


class StubComparePane(Vertical):
    """Stands in for the compare pane: records sort_by."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.calls: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield Static("stub compare")

    def sort_by(self, column: str, descending: bool = False) -> None:
        self.calls.append((column, descending))

    def enter(self) -> None:
        self.focus()


class StubChecklistPane(Vertical):
    """Stands in for the checklist pane: takes the store, records reveal."""

    def __init__(self, content: Content, store: StateStore, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.store = store
        self.revealed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("stub checklist")

    def reveal(self, item: str) -> None:
        self.revealed.append(item)
