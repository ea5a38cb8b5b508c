"""The FAQ's nutrient chooser: which of an answer's nutrients to open."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class NutrientChoice(ModalScreen[str | None]):
    """Pick one of an answer's nutrients to open (Enter), or cancel (Esc).

    Dismissed with the chosen nutrient's id, or None.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel",
                tooltip="In the nutrient chooser: close without opening one"),
    ]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]],
                 title: str = "Open which nutrient?") -> None:
        """``choices`` are (id, name) pairs, listed in order."""
        super().__init__()
        self._title = title
        self._question = question
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        """A title over a list of the nutrient names."""
        with Vertical(id="faq-choice-box"):
            yield Static(self._title, id="faq-choice-title")
            yield Static(self._question, id="faq-choice-question", markup=False)
            yield OptionList(*(Option(Text(name), id=nutrient_id)
                               for nutrient_id, name in self._choices), id="faq-choice-list")
            yield Static("Enter opens · Esc cancels", id="faq-choice-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: close with the chosen nutrient's id."""
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Esc: close without a choice."""
        self.dismiss(None)
