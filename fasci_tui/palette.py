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
from fasci_tui.panes.today_tools import LAB_ITEM, QUESTIONS_ITEM
from fasci_tui.places import Place, Section, short_name, sidebar_places, spec


@dataclass(frozen=True)
class PaletteEntry:
    """Something the palette can find.

    ``label`` is shown and matched; ``also`` are more texts it matches (aliases, ids);
    choosing it opens ``place``, or runs the app action ``action``.
    """

    label: str
    help: str
    place: Place | None = None
    action: str | None = None
    also: tuple[str, ...] = field(default=())
    discover: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the query is matched against."""
        return (self.label, *self.also)


def _nutrient_entry(content: Content, place: Place) -> PaletteEntry:
    nutrient = content.nutrient(place.item or "")
    aliases = ", ".join(nutrient.aliases)
    return PaletteEntry(
        nutrient.name, f"Nutrient ({nutrient.kind})" + (f", also {aliases}" if aliases else ""),
        place, also=(nutrient.id, short_name(nutrient), *nutrient.aliases), discover=True)


def _reading_entry(content: Content, place: Place) -> PaletteEntry:
    page = content.page(place.item or "")
    return PaletteEntry(page.title, f"Page: {' '.join(page.summary.split()).split('. ')[0]}", place,
                        also=(page.id, *page.aliases, *(s.heading for s in page.sections)),
                        discover=True)


def palette_entries(content: Content) -> list[PaletteEntry]:
    """Everything searchable, in the order discovery lists it."""
    entries = []
    for place in sidebar_places(content):
        if place.section is Section.NUTRIENT:
            entries.append(_nutrient_entry(content, place))
        elif place.section is Section.TWITCHING:
            entries.append(_reading_entry(content, place))
        else:
            section = spec(place.section)
            entries.append(PaletteEntry(section.title, section.about, place,
                                        also=section.words, discover=True))
    entries += [
        PaletteEntry("When to see a doctor", "Red flags and the disclaimer (key ! or F2)",
                     action="doctor",
                     also=("red flags", "disclaimer", "doctor", "urgent", "emergency"),
                     discover=True),
        PaletteEntry("Answer the watch's questions",
                     "Yes/no: weakness, dropping things, numbness... (a on Today)",
                     Place(Section.TODAY, QUESTIONS_ITEM),
                     also=("questions", "watch", "red flags", "answers", "weakness"),
                     discover=True),
        PaletteEntry("Read a lab result", "Magnesium, calcium, potassium, sodium, B12, "
                     "vitamin D: convert, place, save (l on Today)",
                     Place(Section.TODAY, LAB_ITEM),
                     also=("lab", "blood test", "result", "units", "25(OH)D"), discover=True),
        PaletteEntry("Your profile", "Sex and age, for your own daily intakes",
                     action="profile", also=("profile", "sex", "age", "pregnant", "RDA"),
                     discover=True),
        PaletteEntry("Keys", "Every key and what it does (F1 or ?)", action="help",
                     also=("help", "bindings", "shortcuts"), discover=True),
        PaletteEntry("Quit", "Leave the app (q)", action="quit", also=("exit",)),
    ]
    entries += theme_entries()
    entries += [PaletteEntry(f"Overview: {name}", "Overview section",
                             Place(Section.OVERVIEW, anchor))
                for name, anchor in (("when to see a doctor", "doctor"),
                                     ("disclaimer", "disclaimer"),
                                     ("references", "references"))]
    for entry in content.faq:
        entries.append(PaletteEntry(entry.question, "FAQ", Place(Section.FAQ, entry.id)))
    for habit in content.habits:
        entries.append(PaletteEntry(habit.label, "Checklist habit",
                                    Place(Section.CHECKLIST, habit.id), also=(habit.id,)))
    for food in content.foods():
        names = ", ".join(short_name(content.nutrient(n)) for n in food.nutrient_ids)
        entries.append(PaletteEntry(food.name, f"Food: {names}",
                                    Place(Section.FOODS, food.name)))
    for ref in content.references:
        entries.append(PaletteEntry(ref.title, f"Reference: {ref.publisher}",
                                    Place(Section.REFERENCES, ref.id), also=(ref.publisher,)))
    return entries


def theme_entries() -> list[PaletteEntry]:
    """A "Theme: NAME" entry per theme (choosing one uses it and saves it)."""
    from fasci_tui.widgets.themes import theme_names

    return [PaletteEntry(f"Theme: {name}", "Colours (saved in the settings file)",
                         action=f"set_theme({name!r})", also=("theme", "colours", "colors"))
            for name in theme_names()]


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
        elif entry.place is not None:
            self.app.post_message(Navigate(entry.place))

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
