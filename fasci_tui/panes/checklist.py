"""The lifestyle checklist: five habits to tick, remembered between runs.

The habits are listed with ``[x]`` / ``[ ]`` marks (readable without colour); the
highlighted one's reasons and tips show below the list. Space or Enter ticks and
unticks, ``x`` unticks them all after asking. Ticks are saved through the
:class:`~fasci_tui.state.StateStore`, whose notices (a damaged or unwritable state
file) appear as warnings; every change posts :class:`~fasci_tui.messages.ChecklistProgress`
so the sidebar can show "3/5".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content as Text
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from fasci_tui.content.model import Content, Habit
from fasci_tui.content.pages import DONE, TODO, habit_blocks, progress_text
from fasci_tui.messages import ChecklistProgress
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place, Section, spec
from fasci_tui.state import State, StateStore
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Document

_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

__all__ = ["DONE", "TODO", "ChecklistPane", "ConfirmReset", "HabitList", "progress_text"]


class HabitList(OptionList):
    """The habits; Space or Enter ticks or unticks the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Tick/untick", tooltip="Tick or untick the highlighted habit"),
        Binding("enter", "select", "Tick/untick", show=False,
                tooltip="Tick or untick the highlighted habit"),
    ]


class ConfirmReset(ModalScreen[bool]):
    """Ask before unticking every habit: y (or the Yes button) confirms; n or Esc cancels."""

    DEFAULT_CSS = _CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="In the reset question: yes, untick all"),
        Binding("n,escape", "answer(False)", "No", tooltip="In the reset question: no, keep them"),
    ]

    def __init__(self, done: int) -> None:
        super().__init__()
        self._done = done

    def compose(self) -> ComposeResult:
        """The question and two buttons (No is focused)."""
        question = ("Untick the 1 ticked habit?" if self._done == 1
                    else f"Untick all {self._done} ticked habits?")
        with Vertical(id="confirm-box"):
            yield Static(question, id="confirm-question")
            yield Static("y: yes · n or Esc: no", id="confirm-keys")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes, untick", id="confirm-yes", variant="warning")
                yield Button("No", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        """Start on No, so a stray Enter keeps the ticks."""
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers the question."""
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """y / n / Esc."""
        self.dismiss(yes)


class ChecklistPane(Pane, Widget):
    """The five habits with ticks, a progress count and bar, and the highlighted
    habit's why and tips.

    Public: :meth:`enter`, :meth:`reveal`, :meth:`toggle`, :meth:`reset`;
    read-only :attr:`checked` and :attr:`done`.
    """

    DEFAULT_CSS = _CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "reset", "Reset", tooltip="Untick every habit (asks first)"),
    ]

    def __init__(self, content: Content, store: StateStore, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._habits: tuple[Habit, ...] = content.habits
        self._store = store
        self._state: State = store.state
        self._pending_reveal: str | None = None
        self._ready = False

    # -- public API ---------------------------------------------------------------------

    @property
    def checked(self) -> frozenset[str]:
        """The ids of the ticked habits (only habits in the content)."""
        return self._state.checked & {habit.id for habit in self._habits}

    @property
    def done(self) -> int:
        """How many habits are ticked."""
        return len(self.checked)

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> ChecklistPane:
        """A pane ticking habits in ``store``."""
        return cls(content, store=store)

    @property
    def title(self) -> str:
        """``Checklist 3/5``."""
        return f"{spec(Section.CHECKLIST).title} {self.done}/{len(self._habits)}"

    def enter(self) -> None:
        """Focus the list of habits."""
        self._list.focus()

    def show(self, place: Place) -> None:
        """Come on show with today's ticks (the Today pane may have changed them)."""
        super().show(place)
        if self._ready and self._store.state.checked != self._state.checked:
            self._apply(self._store.state)

    def reveal(self, item: str) -> None:
        """Highlight the habit with id ``item``."""
        ids = [habit.id for habit in self._habits]
        if item not in ids:
            return
        if not self._ready:
            self._pending_reveal = item
            return
        self._list.highlighted = ids.index(item)

    def toggle(self, habit_id: str) -> None:
        """Tick the habit if it is unticked, untick it if it is ticked; save; report."""
        self._apply(self._store.set_checked(habit_id, habit_id not in self.checked))

    def reset(self) -> None:
        """Untick every habit at once (no question asked: ``x`` asks first)."""
        self._apply(self._store.reset_checklist())

    def saved_state_changed(self) -> None:
        """Show the store's current state (another copy changed it); report the count."""
        self._apply(self._store.state)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Progress line, the habits, the highlighted habit's details."""
        with Horizontal(id="checklist-progress"):
            yield Static(id="checklist-count", markup=False)
            yield ProgressBar(total=len(self._habits), show_eta=False,
                              show_percentage=False, id="checklist-bar")
        yield HabitList(id="checklist-list", markup=False)
        with VerticalScroll(id="checklist-detail"):
            yield Document([], id="checklist-why")

    def on_mount(self) -> None:
        """Read the saved ticks and show them; report progress."""
        self._ready = True
        self._state = self._store.load()
        self._list.set_options(Option(self._prompt(h), id=h.id) for h in self._habits)
        index = 0
        if self._pending_reveal is not None:
            index = [h.id for h in self._habits].index(self._pending_reveal)
            self._pending_reveal = None
        self._list.highlighted = index
        self._show_detail(index)
        self._refresh_progress()
        self._show_notices()
        self.post_message(ChecklistProgress(self.done, len(self._habits)))

    @property
    def _list(self) -> HabitList:
        return self.query_one("#checklist-list", HabitList)

    # -- updating -----------------------------------------------------------------------

    def _prompt(self, habit: Habit) -> Text:
        if habit.id in self._state.checked:
            return Text.assemble((DONE, "bold $text-success"), " ", habit.label)
        return Text.assemble(TODO, " ", habit.label)

    def _apply(self, state: State) -> None:
        """Show a new state (which may hold ticks made by another copy), then report it."""
        self._state = state
        if self._ready:
            for index, habit in enumerate(self._habits):
                self._list.replace_option_prompt_at_index(index, self._prompt(habit))
            self._refresh_progress()
            self._show_detail(self._list.highlighted)  # its mark: [x] or [ ]
        self._show_notices()
        self.post_message(ChecklistProgress(self.done, len(self._habits)))

    def _refresh_progress(self) -> None:
        total = len(self._habits)
        self.query_one("#checklist-count", Static).update(progress_text(self.done, total))
        self.query_one("#checklist-bar", ProgressBar).update(progress=self.done)

    def _show_notices(self) -> None:
        for notice in self._store.take_notices():
            self.notify(notice, title="Saved state", severity="warning", timeout=12,
                        markup=False)

    def _show_detail(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self._habits):
            return
        habit = self._habits[index]
        blocks = habit_blocks(habit, habit.id in self._state.checked)
        self.query_one("#checklist-why", Document).set_blocks(to_document(blocks, flush=True))
        self.query_one("#checklist-detail", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted habit's why and tips."""
        event.stop()
        self._show_detail(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Space or Enter ticks or unticks the highlighted habit."""
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)

    def action_reset(self) -> None:
        """``x``: ask, then untick every habit."""
        if not self.done:
            self.notify("No habits are ticked.", timeout=4)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.reset()

        self.app.push_screen(ConfirmReset(self.done), answered)
