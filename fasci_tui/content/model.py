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


class KeyPoint(NamedTuple):
    """One of the overview's key points: a short title and its explanation."""

    title: str
    text: str
    refs: tuple[str, ...] = ()


class DoctorAdvice(NamedTuple):
    """When to see a doctor: an introduction and the red flags."""

    intro: str
    red_flags: tuple[str, ...]
    refs: tuple[str, ...] = ()


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
    """How a nutrient relates to twitching, and whether directly or indirectly."""

    type: LinkType
    text: str


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


class UpperLimit(NamedTuple):
    """Tolerable upper intake level; ``amount`` is None when none is set."""

    amount: Number | None
    refs: tuple[str, ...]
    unit: MassUnit | None = None
    note: str | None = None


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


class Habit(NamedTuple):
    """A lifestyle habit on the checklist, with why it helps."""

    id: str
    label: str
    why: str
    tips: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


class FaqEntry(NamedTuple):
    """A question and its answer, tagged with the nutrients it concerns."""

    id: str
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


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


class FoodSource(NamedTuple):
    """A food seen across all nutrients: which nutrients it supplies (derived)."""

    name: str
    nutrient_ids: tuple[str, ...]


class Content:
    """All the loaded content, with lookups derived from it."""

    def __init__(self, overview: Overview, nutrients: tuple[Nutrient, ...],
                 habits: tuple[Habit, ...], faq: tuple[FaqEntry, ...],
                 references: tuple[Reference, ...]) -> None:
        self.overview = overview
        self.nutrients = nutrients
        self.habits = habits
        self.faq = faq
        self.references = references
        self._by_id = {n.id: n for n in nutrients}

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
