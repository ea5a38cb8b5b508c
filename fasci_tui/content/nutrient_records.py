"""The records of one nutrient: foods, links, deficiency, intakes, limits and blood ranges.

Re-exported by :mod:`fasci_tui.content.model`; the loader reads these type hints as the
schema of nutrients.yaml.
"""

from __future__ import annotations

from typing import NamedTuple

from fasci_tui.content.claims import (
    Claim,
    Evidence,
    FoodUnit,
    IntakeKind,
    LinkType,
    MassUnit,
    Number,
    NutrientKind,
    Sex,
)


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


class AgeLimit(NamedTuple):
    """The upper limit for one adult age band (``age_max`` None means "and older"), in
    the unit of the limit it belongs to, with the source that holds the number."""

    age_min: int
    age_max: int | None
    amount: Number
    refs: tuple[str, ...]
    note: str | None = None


class UpperLimit(NamedTuple):
    """Tolerable upper intake level; ``amount`` is None when none is set.

    ``region`` names where ``amount`` applies when other regions differ, and
    ``other_regions`` lists their limits, so both can be shown with their region.
    ``by_age`` gives the limit by adult age band where it differs by age (calcium:
    2,500 mg at 19-50, 2,000 mg from 51); ``amount`` is then one of the bands' amounts.
    """

    amount: Number | None
    refs: tuple[str, ...]
    unit: MassUnit | None = None
    note: str | None = None
    region: str | None = None
    other_regions: tuple[RegionalLimit, ...] = ()
    by_age: tuple[AgeLimit, ...] = ()

    def for_age(self, age: int) -> AgeLimit | None:
        """The age band holding ``age``, or None (no bands, or none holds it)."""
        for band in self.by_age:
            if band.age_min <= age and (band.age_max is None or age <= band.age_max):
                return band
        return None


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


class NutrientsFile(NamedTuple):
    """The shape of nutrients.yaml."""

    nutrients: tuple[Nutrient, ...]
