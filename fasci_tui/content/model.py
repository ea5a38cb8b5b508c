"""Typed, immutable records for the reference content.

Every record is a ``typing.NamedTuple``: immutable, picklable and cheap to define (the
plain-text ``show`` command pays for defining these classes on every run; dataclasses
cost several times more). The loader builds them from YAML by reading their type
hints: a field with a default is optional in the YAML, a field without one is required.
``Number`` fields accept integers and decimals.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Number = int | float
"""A YAML integer or decimal."""

Sex = Literal["male", "female", "any"]
LinkType = Literal["direct", "indirect"]
NutrientKind = Literal["mineral", "vitamin"]
IntakeKind = Literal["RDA", "AI"]
MassUnit = Literal["mg", "mcg", "g"]
FoodUnit = Literal["mg", "mcg", "g", "IU"]
Evidence = Literal["strong", "limited", "opinion"]
"""How well a claim that something works or is linked is supported."""
FlagLevel = Literal["now", "soon", "reassurance"]
"""The tiers of the red flags, most urgent first."""

EVIDENCE_LABELS: dict[str, str] = {
    "strong": "strong evidence (guidelines, trials)",
    "limited": "limited evidence (observational or small studies)",
    "opinion": "expert opinion or anecdote",
}
"""What each evidence mark means, for display beside the claim."""

EVIDENCE_SHORT: dict[str, str] = {"strong": "strong evidence", "limited": "limited evidence",
                                  "opinion": "expert opinion"}
"""A short form of each evidence mark, to show beside a claim."""

FLAG_LEVELS: tuple[str, ...] = ("now", "soon", "reassurance")
"""The red-flag tiers in the order they are shown."""


class Reference(NamedTuple):
    """A published source that numbers and statements point to by ``id``."""

    id: str
    title: str
    publisher: str
    url: str
    note: str | None = None


class Statement(NamedTuple):
    """A piece of text with the references that back it."""

    text: str
    refs: tuple[str, ...] = ()


class Claim(NamedTuple):
    """One statement with its sources and, when it says something works or is linked,
    an evidence mark (see :data:`EVIDENCE_LABELS`)."""

    text: str
    refs: tuple[str, ...] = ()
    evidence: Evidence | None = None


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


class Food(NamedTuple):
    """A food that supplies a nutrient, optionally with an amount per serving."""

    name: str
    serving: str | None = None
    amount: Number | None = None
    amount_high: Number | None = None
    unit: FoodUnit | None = None
    note: str | None = None
    """A caution or remark shown with the food, such as "mind your intake"."""
    refs: tuple[str, ...] = ()


class Link(NamedTuple):
    """How a nutrient relates to twitching, whether directly or indirectly, and how well
    the link is supported (``evidence`` needs ``refs``)."""

    type: LinkType
    text: str
    evidence: Evidence | None = None
    refs: tuple[str, ...] = ()


class Deficiency(NamedTuple):
    """The medical name of a shortfall and what it can do."""

    name: str
    text: str


class IntakeValue(NamedTuple):
    """The daily amount for one adult group (``age_max`` None means "and older")."""

    sex: Sex
    age_min: int
    age_max: int | None
    amount: Number


class Intake(NamedTuple):
    """Recommended adult daily intake (RDA or AI) by sex and age band."""

    kind: IntakeKind
    unit: MassUnit
    values: tuple[IntakeValue, ...]
    refs: tuple[str, ...]
    note: str | None = None


class RegionalLimit(NamedTuple):
    """An upper limit set by another authority for its region (such as the EU's for B6)."""

    region: str
    amount: Number
    unit: MassUnit
    refs: tuple[str, ...]
    note: str | None = None


class UpperLimit(NamedTuple):
    """Tolerable upper intake level; ``amount`` is None when none is set.

    ``region`` names where ``amount`` applies when other regions differ, and
    ``other_regions`` lists their limits, so both can be shown with their region.
    """

    amount: Number | None
    refs: tuple[str, ...]
    unit: MassUnit | None = None
    note: str | None = None
    region: str | None = None
    other_regions: tuple[RegionalLimit, ...] = ()


class DailyValue(NamedTuple):
    """The US food-label Daily Value: the named reference a percentage is taken of when
    no personal RDA/AI applies."""

    amount: Number
    unit: MassUnit
    refs: tuple[str, ...]
    label: str = "US Daily Value"


class BloodRange(NamedTuple):
    """A typical laboratory reference range; either bound may be open (None).

    ``reading`` says how to read a result when no plain range would be honest (a fuzzy,
    assay-dependent cut-off); renderers show it in place of the numbers when it is set.
    """

    test: str
    low: Number | None
    high: Number | None
    unit: str
    refs: tuple[str, ...]
    note: str | None = None
    reading: str | None = None


class Nutrient(NamedTuple):
    """Everything the reference says about one nutrient."""

    id: str
    name: str
    kind: NutrientKind
    summary: str
    functions: tuple[str, ...]
    link: Link
    deficiency: Deficiency
    foods: tuple[Food, ...]
    related: tuple[str, ...]
    intake: Intake
    upper_limit: UpperLimit
    refs: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    blood_range: BloodRange | None = None
    iu_per_mcg: Number | None = None
    at_risk: tuple[Claim, ...] = ()
    """Who is likely to run low, in the order shown."""
    medicines: tuple[Claim, ...] = ()
    """Medicines that lower the nutrient or interact with it."""
    too_much: tuple[Claim, ...] = ()
    """What too much does (each claim names its source)."""
    forms: tuple[Claim, ...] = ()
    """Supplement forms, where they differ."""
    testing: tuple[Claim, ...] = ()
    """How a shortage is tested for."""
    daily_value: DailyValue | None = None

    SECTIONS = (("at_risk", "Who may run low"), ("medicines", "Medicines"),
                ("too_much", "Too much"), ("forms", "Supplement forms"),
                ("testing", "How a shortage is tested"))
    """The fact-sheet sections in display order: field name and heading."""


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


class NutrientsFile(NamedTuple):
    """The shape of nutrients.yaml."""

    nutrients: tuple[Nutrient, ...]


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
