"""Helpers for the app-shell tests: build a FasciApp with its own state, stand-in panes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import Input, Static

from fasci_tui.app import FasciApp
from fasci_tui.content.model import Content
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place
from fasci_tui.state import StateStore
from fasci_tui.target import Target


def make_app(content: Content, state_dir: Path, target: Target | None = None,
             acknowledged: bool = True) -> FasciApp:
    """A FasciApp whose state lives in ``state_dir`` (disclaimer already read by default)."""
    store = StateStore(state_dir)
    if acknowledged:
        store.acknowledge_disclaimer()
    return FasciApp(content, target=target or Target(), store=StateStore(state_dir))


async def settled(pilot: Pilot[object], ready: Callable[[], bool], pauses: int = 50) -> bool:
    """Pause until ``ready()`` holds (at most ``pauses`` times); what it returns last.

    One ``pilot.pause()`` waits until the app's process uses no CPU for a moment, which on a
    busy machine can also mean it is waiting for a processor: work that opens a pane may
    not be done yet. Use where a test waits for an outcome, then assert it."""
    for _ in range(pauses):
        if ready():
            return True
        await pilot.pause()
    return ready()


class StubFaqPane(Pane, Vertical):
    """Stands in for the FAQ pane: records the calls the app makes, has a search box."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.calls: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static("stub faq")
        yield Input(id="stub-search")

    def apply(self, target: Target) -> None:
        if target.faq_search is not None:
            self.calls.append(("search", target.faq_search))
            self.query_one(Input).value = target.faq_search

    def focus_search(self) -> None:
        self.calls.append(("focus_search", None))
        self.query_one(Input).focus()

    def reveal(self, item: str) -> None:
        self.calls.append(("reveal", item))

    def enter(self) -> None:
        self.calls.append(("enter", None))
        self.query_one(Input).focus()


class StubComparePane(Pane, Vertical):
    """Stands in for the compare pane: records the sorts asked for."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.calls: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield Static("stub compare")

    def apply(self, target: Target) -> None:
        if target.sort_column is not None:
            self.calls.append((target.sort_column, target.sort_descending))


class StubChecklistPane(Pane, Vertical):
    """Stands in for the checklist pane: takes the store, records reveal."""

    def __init__(self, content: Content, store: StateStore, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.store = store
        self.revealed: list[str] = []

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> StubChecklistPane:
        return cls(content, store=store)

    def compose(self) -> ComposeResult:
        yield Static("stub checklist")

    def reveal(self, item: str) -> None:
        self.revealed.append(item)
