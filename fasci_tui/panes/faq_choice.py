"""The FAQ's nutrient chooser: which of an answer's nutrients to open."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fasci_tui.content.model import FaqEntry
from fasci_tui.messages import Navigate
from fasci_tui.panes.faq_prompt import Prompts
from fasci_tui.places import Place, Section, nutrient_place

if TYPE_CHECKING:
    from fasci_tui.panes.base import Pane

    _Base = Pane
else:
    _Base = object


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


class OpensPlaces(_Base):
    """The FAQ pane's ``g``: open what the highlighted answer names (a mixin of
    :class:`fasci_tui.panes.faq.FaqPane`, which supplies the state it reads)."""

    _prompts: Prompts

    if TYPE_CHECKING:  # the pane's own
        def _highlighted_entry(self) -> FaqEntry | None: ...

    def _targets(self, entry: FaqEntry) -> list[tuple[Place, str]]:
        """The places an answer names: its nutrients, then its see-also pages."""
        return [*((nutrient_place(tag), self._prompts.name(tag)) for tag in entry.tags),
                *((Place(Section.TWITCHING, page), self._prompts.page_title(page))
                  for page in entry.see_also)]

    def action_go_nutrient(self) -> None:
        """``g``: open the highlighted answer's nutrient or page (asking which, if
        several)."""
        entry = self._highlighted_entry()
        targets = self._targets(entry) if entry is not None else []
        if entry is not None and len(targets) == 1:
            self.post_message(Navigate(targets[0][0]))
        elif entry is not None and targets:
            choices = [(place.key, name) for place, name in targets]
            title = "Open which nutrient?" if not entry.see_also else "Open which one?"
            self.app.push_screen(NutrientChoice(entry.question, choices, title), self._chosen)

    def _chosen(self, key: str | None) -> None:
        """The chooser closed: open the chosen place (by its key), if any."""
        if key:
            self.post_message(Navigate(Place.from_key(key)))
