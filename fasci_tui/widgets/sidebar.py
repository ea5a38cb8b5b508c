"""The sidebar: every place in the app, in the order of notes/TUI.md.

Overview, a "Nutrients" heading with each nutrient indented under it, then Compare,
Checklist (with its progress, e.g. ``3/5``), FAQ, Foods and References. Moving the
highlight shows that place at once (the app listens for ``OptionHighlighted``); Enter
or → moves into it.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.content import Content as Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fasci_tui.content.model import Content, Nutrient

SECTION_TITLES: dict[str, str] = {
    "overview": "Overview",
    "compare": "Compare",
    "checklist": "Checklist",
    "faq": "FAQ",
    "foods": "Foods",
    "references": "References",
}
"""The display name of every pane that is not a nutrient."""

NUTRIENT_PREFIX = "nutrient-"

CURRENT_MARK = "▸"
"""Marks the pane on show in the sidebar."""

JUMP_KEYS: dict[str, str] = {
    "overview": "o",
    "nutrients": "n",
    "compare": "c",
    "checklist": "k",
    "faq": "f",
    "foods": "d",
    "references": "r",
}
"""The app's section jump keys, shown at the right of their sidebar rows."""

PROMPT_WIDTH = 19
"""Columns a sidebar row is padded to before its jump key (room left for a scrollbar)."""


def with_jump_key(prompt: Text, key: str | None) -> Text:
    """``prompt`` with ``key`` shown muted at the right edge of the row."""
    if key is None:
        return prompt
    gap = max(1, PROMPT_WIDTH - 1 - prompt.cell_length)
    return Text.assemble(prompt, " " * gap, (key, "$text-muted"))


def short_name(nutrient: Nutrient) -> str:
    """The name without a gloss in brackets: ``Vitamin B1 (thiamin)`` → ``Vitamin B1``."""
    return re.sub(r"\s*\([^)]*\)", "", nutrient.name).strip() or nutrient.name


def nutrient_pane_id(nutrient_id: str) -> str:
    """The pane id of a nutrient page."""
    return f"{NUTRIENT_PREFIX}{nutrient_id}"


def nutrient_of(pane_id: str) -> str | None:
    """The nutrient id inside a ``nutrient-<id>`` pane id, else None."""
    return pane_id[len(NUTRIENT_PREFIX):] if pane_id.startswith(NUTRIENT_PREFIX) else None


def pane_ids(content: Content) -> list[str]:
    """Every pane id in sidebar order."""
    return (["overview"] + [nutrient_pane_id(n.id) for n in content.nutrients]
            + ["compare", "checklist", "faq", "foods", "references"])


def pane_title(content: Content, pane_id: str) -> str:
    """The name of a pane as the header shows it (e.g. ``Magnesium``, ``FAQ``)."""
    nutrient_id = nutrient_of(pane_id)
    if nutrient_id is not None:
        try:
            return content.nutrient(nutrient_id).name
        except KeyError:
            return nutrient_id
    return SECTION_TITLES.get(pane_id, pane_id)


def is_pane_id(content: Content, pane_id: str) -> bool:
    """True when ``pane_id`` names a place that exists."""
    return pane_id in pane_ids(content)


class Sidebar(OptionList):
    """The list of places. Its option ids are the pane ids."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Move into the highlighted pane"),
        Binding("right", "select", "Open", show=False),
        # Shown in the footer while the sidebar has focus (the app binds / everywhere).
        Binding("slash", "app.search_faq", "Search FAQ"),
    ]

    def __init__(self, content: Content, checklist_done: int = 0, current: str | None = None,
                 **kwargs: object) -> None:
        """``current`` is the pane on show at start: marked and highlighted from the first
        frame, so start-up draws the sidebar once."""
        self._content = content
        self._total = len(content.habits)
        self._done = checklist_done
        self._current: str | None = current
        nutrients = with_jump_key(Text.styled("  Nutrients", "bold"), JUMP_KEYS["nutrients"])
        options: list[Option] = [Option(self._prompt("overview"), id="overview"),
                                 Option(nutrients, disabled=True)]
        options += [Option(self._prompt(nutrient_pane_id(n.id)), id=nutrient_pane_id(n.id))
                    for n in content.nutrients]
        options += [Option(self._prompt(pane_id), id=pane_id)
                    for pane_id in ("compare", "checklist", "faq", "foods", "references")]
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        if current is not None:
            self.set_reactive(OptionList.highlighted, self.get_option_index(current))

    def _label(self, pane_id: str) -> str:
        nutrient_id = nutrient_of(pane_id)
        if nutrient_id is not None:
            return short_name(self._content.nutrient(nutrient_id))
        if pane_id == "checklist":
            return self.checklist_label
        return SECTION_TITLES[pane_id]

    def _prompt(self, pane_id: str) -> Text:
        """``▸`` marks the pane on show, so it does not depend on colour; the section's
        jump key is at the right."""
        current = pane_id == self._current
        indent = "  " if nutrient_of(pane_id) is not None else ""
        prompt = Text.assemble(indent, (CURRENT_MARK if current else " ") + " ",
                               (self._label(pane_id), "bold" if current else ""))
        return with_jump_key(prompt, JUMP_KEYS.get(pane_id))

    @property
    def checklist_label(self) -> str:
        """The checklist's label as shown, e.g. ``Checklist 3/5``."""
        return f"Checklist {self._done}/{self._total}"

    @property
    def current(self) -> str | None:
        """The pane marked as on show."""
        return self._current

    def set_current(self, pane_id: str) -> None:
        """Mark ``pane_id`` as the pane on show (and unmark the previous one)."""
        if pane_id == self._current:
            return
        previous, self._current = self._current, pane_id
        for changed in {previous, pane_id}:
            if changed is not None:
                self.replace_option_prompt(changed, self._prompt(changed))

    def set_progress(self, done: int, total: int) -> None:
        """Show the checklist's progress (``done`` of ``total`` habits ticked)."""
        self._done, self._total = done, total
        self.replace_option_prompt("checklist", self._prompt("checklist"))

    @property
    def highlighted_pane(self) -> str | None:
        """The pane id of the highlighted option."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_pane(self, pane_id: str) -> None:
        """Move the highlight to ``pane_id`` (no-op when it is already there)."""
        try:
            index = self.get_option_index(pane_id)
        except Exception:  # OptionDoesNotExist
            return
        if self.highlighted != index:
            self.highlighted = index
