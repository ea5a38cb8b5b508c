"""Places in the app: what a sidebar row, a deep link, a history entry or a jump names.

Textual-free. One table, :data:`SECTION_TABLE`, says everything about a section: its
order, title, jump keys, what the palette and help say about it, which pane shows it
and, for a section with a page per item (the nutrients), how to list its items. Adding
a section is one entry there (and its pane module).

A :class:`Place` is a section and optionally an item: for a section with a page per
item the item picks the page (``Place(Section.NUTRIENT, "magnesium")``, key
``nutrient-magnesium``); for the others it names something to reveal on the page (a FAQ
id, a habit id, a food) and the page is the section's (key ``faq``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from fasci_tui.content.model import Content, Nutrient

try:
    from enum import StrEnum
except ImportError:  # Python 3.10: the same behaviour, spelled out

    class StrEnum(str, Enum):  # type: ignore[no-redef]
        """An enum whose members are their string values (``str()`` and formatting)."""

        def __str__(self) -> str:
            return str(self.value)

        def __format__(self, spec: str) -> str:
            return format(str(self.value), spec)


class Section(StrEnum):
    """A section of the app. Its value is its name on the command line and in keys."""

    OVERVIEW = "overview"
    NUTRIENT = "nutrient"
    TWITCHING = "twitching"
    COMPARE = "compare"
    CHECKLIST = "checklist"
    FAQ = "faq"
    FOODS = "foods"
    REFERENCES = "references"
    TODAY = "today"
    TRENDS = "trends"


class Item(NamedTuple):
    """One page of a section with a page per item: its id, full title and sidebar label."""

    id: str
    title: str
    label: str


@dataclass(frozen=True)
class SectionSpec:
    """Everything about a section (one row of :data:`SECTION_TABLE`).

    ``keys``: the jump keys, Textual's comma-separated key names (the first is shown in
    the sidebar). ``key_help``: what the help screen says the keys do. ``about``: the
    palette's line about it; ``words``: more words the palette matches. ``pane``: the
    pane class showing it, ``"module:Class"`` (imported when first shown). ``items``:
    for a section with a page per item, its pages in sidebar order. ``help_heading``:
    the heading of its keys on the help screen, if not its title.
    """

    section: Section
    title: str
    keys: str
    key_help: str
    about: str
    pane: str
    words: tuple[str, ...] = ()
    items: Callable[[Content], Sequence[Item]] | None = None
    help_heading: str = ""

    @property
    def per_item(self) -> bool:
        """True when each item of this section is a page of its own (the nutrients)."""
        return self.items is not None

    @property
    def help_title(self) -> str:
        """The heading of this section's keys on the help screen."""
        return self.help_heading or self.title

    @property
    def jump_key(self) -> str:
        """The jump key shown in the sidebar (the first of ``keys``)."""
        return self.keys.split(",")[0]


def short_name(nutrient: Nutrient) -> str:
    """The name without a gloss in brackets: ``Vitamin B1 (thiamin)`` → ``Vitamin B1``."""
    return re.sub(r"\s*\([^)]*\)", "", nutrient.name).strip() or nutrient.name


def _nutrient_items(content: Content) -> list[Item]:
    return [Item(n.id, n.name, short_name(n)) for n in content.nutrients]


def _reading_items(content: Content) -> list[Item]:
    return [Item(p.id, p.title, reading_label(p.label or p.title)) for p in content.pages]


def reading_label(title: str) -> str:
    """A sidebar label from a reading page's title: up to a comma or bracket, at most 18
    cells (``Other causes of twitching, and ...`` → ``Other causes of t…``)."""
    short = re.split(r"[,(]", title, maxsplit=1)[0].strip() or title
    return short if len(short) <= 18 else short[:17].rstrip() + "…"


SECTION_TABLE: tuple[SectionSpec, ...] = (
    SectionSpec(Section.OVERVIEW, "Overview", "o,1", "Overview",
                "Headline, key points, when to see a doctor, disclaimer",
                "fasci_tui.panes.overview:OverviewPane"),
    SectionSpec(Section.NUTRIENT, "Nutrients", "n,2", "Nutrients (again: next nutrient)",
                "One page per nutrient", "fasci_tui.panes.nutrient:NutrientPane",
                items=_nutrient_items, help_heading="Nutrient pages"),
    SectionSpec(Section.TWITCHING, "Twitching", "w", "Twitching pages (again: next page)",
                "Reading pages: benign fasciculation syndrome, other causes",
                "fasci_tui.panes.reading:ReadingPane", words=("bfs", "causes", "pages"),
                items=_reading_items, help_heading="Twitching pages"),
    SectionSpec(Section.COMPARE, "Compare", "c,3", "Compare table",
                "Every nutrient side by side in a sortable table",
                "fasci_tui.panes.compare:ComparePane", words=("table", "sort")),
    SectionSpec(Section.CHECKLIST, "Checklist", "k,4", "Checklist",
                "Lifestyle habits to tick off", "fasci_tui.panes.checklist:ChecklistPane",
                words=("habits", "lifestyle")),
    SectionSpec(Section.FAQ, "FAQ", "f,5", "FAQ", "Frequently asked questions, searchable",
                "fasci_tui.panes.faq:FaqPane",
                words=("questions", "frequently asked questions")),
    SectionSpec(Section.FOODS, "Foods", "d,6", "Foods",
                "Every food and the nutrients it supplies", "fasci_tui.panes.foods:FoodsPane"),
    SectionSpec(Section.REFERENCES, "References", "r,7", "References",
                "Every source, with its address", "fasci_tui.panes.references:ReferencesPane"),
    SectionSpec(Section.TODAY, "Today", "t,8", "Today (check-in)",
                "Your daily check-in: twitching, caffeine, sleep, stress, habits; past days",
                "fasci_tui.panes.today:TodayPane", words=("check-in", "log", "diary")),
    SectionSpec(Section.TRENDS, "Trends", "e,9", "Trends",
                "Your twitching over 7, 30, 90 days and all time; what goes with it",
                "fasci_tui.panes.trends:TrendsPane", words=("charts", "history", "log")),
)
"""Every section, in sidebar order."""

_SPECS: dict[Section, SectionSpec] = {spec.section: spec for spec in SECTION_TABLE}


def spec(section: Section) -> SectionSpec:
    """The table row of ``section``."""
    return _SPECS[section]


PAGE_SECTIONS: tuple[Section, ...] = tuple(s.section for s in SECTION_TABLE if not s.per_item)
"""Sections that are one page each, by name on the command line (``fasci-tui faq``)."""


@dataclass(frozen=True)
class Place:
    """A section, and optionally an item in it (see the module doc)."""

    section: Section
    item: str | None = None

    @property
    def page(self) -> Place:
        """The page this place is on: itself for a nutrient, else the section's page."""
        return self if spec(self.section).per_item else Place(self.section)

    @property
    def key(self) -> str:
        """The page's key, naming its sidebar row: ``overview``, ``nutrient-magnesium``."""
        page = self.page
        return f"{page.section}-{page.item}" if page.item is not None else str(page.section)

    @property
    def reveal_item(self) -> str | None:
        """What to reveal on the page (a FAQ id, a habit id...), None for a nutrient."""
        return None if spec(self.section).per_item else self.item

    @classmethod
    def from_key(cls, key: str) -> Place:
        """The page whose :attr:`key` is ``key``; ValueError if it names no section."""
        for section_spec in SECTION_TABLE:
            name = str(section_spec.section)
            if section_spec.per_item and key.startswith(name + "-") and len(key) > len(name) + 1:
                return cls(section_spec.section, key[len(name) + 1:])
            if not section_spec.per_item and key == name:
                return cls(section_spec.section)
        raise ValueError(f"no place has the key {key!r}")

    def __str__(self) -> str:
        return self.key if self.reveal_item is None else f"{self.key}#{self.reveal_item}"


OVERVIEW = Place(Section.OVERVIEW)
"""Where the app opens by default."""


def nutrient_place(nutrient_id: str) -> Place:
    """The page of a nutrient."""
    return Place(Section.NUTRIENT, nutrient_id)


_LISTED: dict[tuple[int, Section], tuple[Content, tuple[Item, ...], dict[str, Item]]] = {}
"""Each section's items per content, listed once (by the content's identity: a sidebar
of 2,000 nutrients looks each one up, which listing them every time made quadratic)."""


def _listed(content: Content, section: Section) -> tuple[Content, tuple[Item, ...],
                                                         dict[str, Item]]:
    """``section``'s items in ``content``, in order and by id (computed once)."""
    key = (id(content), section)
    found = _LISTED.get(key)
    if found is None or found[0] is not content:
        lister = spec(section).items
        listed = tuple(lister(content)) if lister is not None else ()
        if len(_LISTED) > 64:  # contents come and go in tests: keep the cache small
            _LISTED.clear()
        found = _LISTED[key] = (content, listed, {item.id: item for item in listed})
    return found


def items(content: Content, section: Section) -> Sequence[Item]:
    """The pages of a section with a page per item; empty for the others."""
    return _listed(content, section)[1]


def sidebar_places(content: Content) -> list[Place]:
    """Every page, in sidebar order (a section's items where its row would be)."""
    places: list[Place] = []
    for section_spec in SECTION_TABLE:
        if section_spec.per_item:
            places += [Place(section_spec.section, item.id)
                       for item in items(content, section_spec.section)]
        else:
            places.append(Place(section_spec.section))
    return places


def exists(content: Content, place: Place) -> bool:
    """True when ``place``'s page exists in ``content``."""
    if not spec(place.section).per_item:
        return True
    return place.item in _listed(content, place.section)[2]


def _item(content: Content, place: Place) -> Item | None:
    return _listed(content, place.section)[2].get(place.item or "")


def title(content: Content, place: Place) -> str:
    """The page's title as the header shows it (``Magnesium``, ``FAQ``)."""
    section_spec = spec(place.section)
    if not section_spec.per_item:
        return section_spec.title
    item = _item(content, place)
    return item.title if item is not None else place.item or section_spec.title


def label(content: Content, place: Place) -> str:
    """The page's name in the sidebar (short: ``Vitamin B1`` for its nutrient)."""
    item = _item(content, place) if spec(place.section).per_item else None
    return item.label if item is not None else title(content, place)


def find_place(content: Content, name: str) -> Place | None:
    """The page a user names: a section (``faq``), a reading page (id, alias or title:
    ``bfs``) or a nutrient (id, name or alias)."""
    key = name.strip().lower()
    if key in PAGE_SECTIONS:
        return Place(Section(key))
    page = content.find_page(name)
    if page is not None:
        return Place(Section.TWITCHING, page.id)
    nutrient = content.find_nutrient(name)
    return nutrient_place(nutrient.id) if nutrient is not None else None


def next_item(content: Content, section: Section, current: Place | None) -> Place | None:
    """The page after ``current`` in a per-item section (wrapping), else its first page."""
    ids = [item.id for item in items(content, section)]
    if not ids:
        return None
    at = current.item if current is not None and current.section == section else None
    index = (ids.index(at) + 1) % len(ids) if at in ids else 0
    return Place(section, ids[index])
