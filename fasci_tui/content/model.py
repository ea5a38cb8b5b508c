"""Typed, immutable records for the reference content.

Every record is a ``typing.NamedTuple``: immutable, picklable and cheap to define (the
plain-text ``show`` command pays for defining these classes on every run; dataclasses
cost several times more). The loader builds them from YAML by reading their type
hints: a field with a default is optional in the YAML, a field without one is required.
``Number`` fields accept integers and decimals.

The shared vocabulary (marks, references, claims) lives in :mod:`.claims` and the
nutrient records in :mod:`.nutrient_records`; both are re-exported here.
"""

from __future__ import annotations

from typing import NamedTuple

from fasci_tui.content.claims import (
    EVIDENCE_LABELS,
    EVIDENCE_SHORT,
    FLAG_LEVELS,
    Claim,
    Evidence,
    FlagLevel,
    FoodUnit,
    IntakeKind,
    LinkType,
    MassUnit,
    Number,
    NutrientKind,
    Reference,
    Sex,
    Statement,
)
from fasci_tui.content.nutrient_records import (
    AgeLimit,
    BloodRange,
    DailyValue,
    Deficiency,
    Food,
    Intake,
    IntakeValue,
    Link,
    Nutrient,
    NutrientsFile,
    RegionalLimit,
    UpperLimit,
)


class KeyPoint(NamedTuple):
    """One of the overview's key points: a short title and its explanation."""

    title: str
    text: str
    refs: tuple[str, ...] = ()
    evidence: Evidence | None = None


class FlagTier(NamedTuple):
    """One tier of the red flags: how urgent, what to do, and the signs that belong to it.

    ``level`` is ``now`` (urgent care), ``soon`` (book a doctor) or ``reassurance``
    (what is common and harmless); ``signs`` are short phrases, shown as a list.
    """

    level: FlagLevel
    title: str
    action: str
    signs: tuple[str, ...]
    refs: tuple[str, ...]


class DoctorAdvice(NamedTuple):
    """When to see a doctor: an introduction, the short list of red flags, and the tiers.

    ``red_flags`` is the short list the overview shows; ``tiers`` holds the full now /
    soon / reassurance tiers, in that order (see :meth:`tier`).
    """

    intro: str
    red_flags: tuple[str, ...]
    refs: tuple[str, ...] = ()
    tiers: tuple[FlagTier, ...] = ()

    def tier(self, level: str) -> FlagTier | None:
        """The tier for ``level`` (now, soon or reassurance), or None when not given."""
        return next((t for t in self.tiers if t.level == level), None)


class Overview(NamedTuple):
    """The landing page: headline fact, key points, disclaimer, doctor advice."""

    title: str
    headline: Statement
    key_points: tuple[KeyPoint, ...]
    disclaimer: str
    see_a_doctor: DoctorAdvice


class Habit(NamedTuple):
    """A lifestyle habit on the checklist, with why it helps and how well that is known."""

    id: str
    label: str
    why: str
    tips: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    evidence: Evidence | None = None


class FaqEntry(NamedTuple):
    """A question and its answer, tagged with the nutrients it concerns."""

    id: str
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    evidence: Evidence | None = None
    see_also: tuple[str, ...] = ()
    """Ids of pages (pages.yaml) that say more."""


class Section(NamedTuple):
    """A titled part of a page: an optional introduction, then claims in order."""

    heading: str
    items: tuple[Claim, ...]
    intro: str | None = None


class Page(NamedTuple):
    """A reading page such as benign fasciculation syndrome or other causes of twitching.

    ``summary`` is one or two sentences for lists and search; ``sections`` are shown in
    order; ``refs`` back the summary and section introductions.
    """

    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    refs: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Short names a user may type for it (``fasci-tui bfs``, ``show causes``)."""
    label: str | None = None
    """A short name for the sidebar (at most 18 characters); None: from the title."""


class ReferencesFile(NamedTuple):
    """The shape of references.yaml."""

    references: tuple[Reference, ...]


class LifestyleFile(NamedTuple):
    """The shape of lifestyle.yaml."""

    habits: tuple[Habit, ...]


class FaqFile(NamedTuple):
    """The shape of faq.yaml."""

    faq: tuple[FaqEntry, ...]


class PagesFile(NamedTuple):
    """The shape of pages.yaml."""

    pages: tuple[Page, ...]


class FoodSource(NamedTuple):
    """A food seen across all nutrients: which nutrients it supplies (derived)."""

    name: str
    nutrient_ids: tuple[str, ...]


class Content:
    """All the loaded content, with lookups derived from it."""

    def __init__(self, overview: Overview, nutrients: tuple[Nutrient, ...],
                 habits: tuple[Habit, ...], faq: tuple[FaqEntry, ...],
                 references: tuple[Reference, ...], pages: tuple[Page, ...] = ()) -> None:
        self.overview = overview
        self.nutrients = nutrients
        self.habits = habits
        self.faq = faq
        self.references = references
        self.pages = pages
        self._by_id = {n.id: n for n in nutrients}

    def page(self, page_id: str) -> Page:
        """The page with this id (KeyError when there is none)."""
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def find_page(self, name: str) -> Page | None:
        """The page a user names: its id, an alias or its title (any case), or None."""
        key = name.strip().lower()
        for page in self.pages:
            if key in (page.id, page.title.lower(), *(a.lower() for a in page.aliases)):
                return page
        return None

    def nutrient(self, nutrient_id: str) -> Nutrient:
        """The nutrient with this id (KeyError when there is none)."""
        return self._by_id[nutrient_id]

    def reference(self, ref_id: str) -> Reference:
        """The reference with this id (KeyError when there is none)."""
        for ref in self.references:
            if ref.id == ref_id:
                return ref
        raise KeyError(ref_id)

    def find_nutrient(self, name: str) -> Nutrient | None:
        """The nutrient whose id, name or alias is ``name`` (case and spacing ignored)."""
        key = normalise(name)
        for nutrient in self.nutrients:
            names = (nutrient.id, nutrient.name, *nutrient.aliases)
            if any(normalise(n) == key for n in names):
                return nutrient
        return None

    def foods(self) -> tuple[FoodSource, ...]:
        """Every food named in the data, A to Z, with the nutrients it supplies."""
        by_food: dict[str, list[str]] = {}
        for nutrient in self.nutrients:
            for food in nutrient.foods:
                ids = by_food.setdefault(food.name.lower(), [])
                if nutrient.id not in ids:
                    ids.append(nutrient.id)
        return tuple(FoodSource(name, tuple(ids)) for name, ids in sorted(by_food.items()))


def normalise(text: str) -> str:
    """Lowercase ``text`` and drop everything but letters and digits."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


# Names defined in claims.py and nutrient_records.py are re-exported: importers use this module.
__all__ = [
    "AgeLimit",
    "BloodRange",
    "Claim",
    "Content",
    "DailyValue",
    "Deficiency",
    "DoctorAdvice",
    "EVIDENCE_LABELS",
    "EVIDENCE_SHORT",
    "Evidence",
    "FLAG_LEVELS",
    "FaqEntry",
    "FaqFile",
    "FlagLevel",
    "FlagTier",
    "Food",
    "FoodSource",
    "FoodUnit",
    "Habit",
    "Intake",
    "IntakeKind",
    "IntakeValue",
    "KeyPoint",
    "LifestyleFile",
    "Link",
    "LinkType",
    "MassUnit",
    "Number",
    "Nutrient",
    "NutrientKind",
    "NutrientsFile",
    "Overview",
    "Page",
    "PagesFile",
    "Reference",
    "ReferencesFile",
    "RegionalLimit",
    "Section",
    "Sex",
    "Statement",
    "UpperLimit",
    "normalise",
]
