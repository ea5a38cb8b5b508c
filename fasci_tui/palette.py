"""The command palette (ctrl+p): find anything in the content and jump to it.

One provider searches nutrients (by name, id and alias), FAQ questions, checklist
habits, foods, references and the app's sections, plus a few commands (help, when to
see a doctor, quit). Choosing a place posts :class:`~fasci_tui.messages.Navigate`,
which the app handles like any pane's request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.widgets.sidebar import SECTION_TITLES, nutrient_pane_id, short_name


@dataclass(frozen=True)
class PaletteEntry:
    """Something the palette can find.

    ``label`` is shown and matched; ``also`` are more texts it matches (aliases, ids);
    choosing it opens ``pane_id`` at ``item``, or runs the app action ``action``.
    """

    label: str
    help: str
    pane_id: str | None = None
    item: str | None = None
    action: str | None = None
    also: tuple[str, ...] = field(default=())
    discover: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the query is matched against."""
        return (self.label, *self.also)


SECTION_HELP = {
    "overview": "Headline, key points, when to see a doctor, disclaimer",
    "compare": "Every nutrient side by side in a sortable table",
    "checklist": "Lifestyle habits to tick off",
    "faq": "Frequently asked questions, searchable",
    "foods": "Every food and the nutrients it supplies",
    "references": "Every source, with its address",
}


def palette_entries(content: Content) -> list[PaletteEntry]:
    """Everything searchable, in the order discovery lists it."""
    entries = [PaletteEntry(SECTION_TITLES["overview"], SECTION_HELP["overview"],
                            "overview", discover=True)]
    for nutrient in content.nutrients:
        aliases = ", ".join(nutrient.aliases)
        entries.append(PaletteEntry(
            nutrient.name, f"Nutrient ({nutrient.kind})" + (f", also {aliases}" if aliases else ""),
            nutrient_pane_id(nutrient.id), also=(nutrient.id, short_name(nutrient),
                                                 *nutrient.aliases), discover=True))
    for section in ("compare", "checklist", "faq", "foods", "references"):
        also = ("table", "sort") if section == "compare" else (
            ("habits", "lifestyle") if section == "checklist" else (
                ("questions", "frequently asked questions") if section == "faq" else ()))
        entries.append(PaletteEntry(SECTION_TITLES[section], SECTION_HELP[section], section,
                                    also=also, discover=True))
    entries += [
        PaletteEntry("When to see a doctor", "Red flags and the disclaimer (key ! or F2)",
                     action="doctor", also=("red flags", "disclaimer", "doctor"),
                     discover=True),
        PaletteEntry("Keys", "Every key and what it does (F1 or ?)", action="help",
                     also=("help", "bindings", "shortcuts"), discover=True),
        PaletteEntry("Quit", "Leave the app (q)", action="quit", also=("exit",)),
        PaletteEntry("Overview: when to see a doctor", "Overview section", "overview",
                     "doctor"),
        PaletteEntry("Overview: disclaimer", "Overview section", "overview", "disclaimer"),
        PaletteEntry("Overview: references", "Overview section", "overview", "references"),
    ]
    for entry in content.faq:
        entries.append(PaletteEntry(entry.question, "FAQ", "faq", entry.id))
    for habit in content.habits:
        entries.append(PaletteEntry(habit.label, "Checklist habit", "checklist", habit.id,
                                    also=(habit.id,)))
    for food in content.foods():
        names = ", ".join(short_name(content.nutrient(n)) for n in food.nutrient_ids)
        entries.append(PaletteEntry(food.name, f"Food: {names}", "foods", food.name))
    for ref in content.references:
        entries.append(PaletteEntry(ref.title, f"Reference: {ref.publisher}", "references",
                                    ref.id, also=(ref.publisher,)))
    return entries


class ContentCommands(Provider):
    """Searches all the content; choosing a hit opens its pane at the item."""

    _entries: list[PaletteEntry]

    async def startup(self) -> None:
        """Build the entries from the app's content."""
        content: Content = self.app.content  # type: ignore[attr-defined]
        self._entries = palette_entries(content)

    def _runner(self, entry: PaletteEntry) -> Callable[[], None]:
        return partial(self._choose, entry)

    def _choose(self, entry: PaletteEntry) -> None:
        if entry.action is not None:
            self.app.call_later(self.app.run_action, entry.action)
        elif entry.pane_id is not None:
            self.app.post_message(Navigate(entry.pane_id, entry.item))

    async def discover(self) -> Hits:
        """The sections, nutrients and commands, before anything is typed."""
        for entry in self._entries:
            if entry.discover:
                yield DiscoveryHit(entry.label, self._runner(entry), help=entry.help)

    async def search(self, query: str) -> Hits:
        """Every entry that fuzzily matches ``query``, scored by the matcher."""
        matcher = self.matcher(query)
        for entry in self._entries:
            score = max(matcher.match(text) for text in entry.texts)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.label), self._runner(entry),
                          text=entry.label, help=entry.help)
